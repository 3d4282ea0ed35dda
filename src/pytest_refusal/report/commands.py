"""`pytest_refusal report` and `pytest_refusal diff`: the refusal map outside a test run.

`register_report` and `register_diff` each add one subcommand to the package's CLI
(`pytest_refusal.cli.COMMANDS`); each sets `handler`, which takes the parsed arguments and
returns the exit code. `register(subparsers)` adds both.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, TypeAlias

from pytest_refusal.refusalmap import baseline
from pytest_refusal.refusalmap.baseline import Entry, Key, entries_from
from pytest_refusal.refusalmap.drift import Diff, diff, label
from pytest_refusal.refusalmap.yamlnodes import FileFormatError
from pytest_refusal.report import jsondoc, text
from pytest_refusal.report.files import ReportPathError, write_reports
from pytest_refusal.report.merge import OverlapError, Shard, merge
from pytest_refusal.report.shardbaseline import PER_SHARD_DRIFT, Accepted, accept, against
from pytest_refusal.scrub import clean

EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2


Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(subparsers: Subparsers) -> None:
    """Add the `report` and `diff` subcommands."""
    register_report(subparsers, "report")
    register_diff(subparsers, "diff")


def register_report(subparsers: Subparsers, name: str) -> None:
    report = subparsers.add_parser(
        name,
        help="render JSON refusal reports (one, or a sharded run's) as text, HTML, Markdown or JSON",
        description="Render a JSON report written by --refusal-report=PATH.json, or merge the reports of a "
        "sharded run (one per CI job) into one map. With no output option, print the refusal map as text. "
        "Exit 0 when the map was rendered, 1 when --baseline (without --update-baseline) finds drift, "
        "2 when a report cannot be read or two reports disagree on an item.",
    )
    report.add_argument("reports", nargs="+", metavar="REPORT.json", help="JSON refusal reports, one per shard")
    report.add_argument("--html", metavar="PATH", action="append", default=[], help="write a self-contained HTML page")
    report.add_argument(
        "--md", metavar="PATH", action="append", default=[], help="write Markdown (e.g. for a pull request comment)"
    )
    report.add_argument(
        "--json", metavar="PATH", action="append", default=[], help="write the (merged) map as a JSON report"
    )
    report.add_argument(
        "--baseline",
        metavar="FILE",
        help="decide drift against this refusal-baseline.yaml over every report at once, as one full run "
        "would, exit 1 on drift as that run fails, and name any report that ran against another baseline",
    )
    report.add_argument(
        "--update-baseline",
        action="store_true",
        help="accept the map's verdicts into --baseline, as --refusal-update-baseline does "
        "(policy failures never; entries no report observed are kept)",
    )
    report.set_defaults(func=run_report, handler=run_report)


def register_diff(subparsers: Subparsers, name: str) -> None:
    compare = subparsers.add_parser(
        name,
        help="drift between two baselines or JSON reports (exit 1 on drift)",
        description="Compare two refusal-baseline.yaml files or JSON reports, in any mix. "
        "Exit 0 without drift, 1 with drift, 2 when a file cannot be read.",
    )
    compare.add_argument("old", metavar="OLD", help="the earlier baseline or report")
    compare.add_argument("new", metavar="NEW", help="the later baseline or report")
    compare.add_argument(
        "--md",
        action="store_true",
        help="print Markdown for a pull-request body: the matrix before and after, then the "
        "drift (with p and BH q), served-model changes and items new or gone",
    )
    compare.set_defaults(func=run_diff, handler=run_diff)


def run_report(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr  # looked up now: a test or a caller may have replaced them
    args = _with_defaults(args)
    if args.update_baseline and not args.baseline:
        err.write("error: --update-baseline needs --baseline FILE: the baseline the shards ran against\n")
        return EXIT_ERROR
    try:
        shards = read_shards(args.reports)
        merged = merge(shards)
        refusal_map, notes = merged.refusal_map, list(merged.notes)
        if args.baseline:
            if not args.update_baseline and not Path(args.baseline).exists():
                raise FileFormatError(args.baseline, None, "no such baseline; name the file the shards ran against")
            accepted = baseline.load(args.baseline)
            refusal_map, mismatched = against(refusal_map, shards, accepted)
            notes += mismatched
        elif len(shards) > 1 and any(s.refusal_map.drift for s in shards):
            notes.append(PER_SHARD_DRIFT)
        outputs = [
            *(_with_suffix(p, ".html") for p in args.html),
            *(_with_suffix(p, ".md") for p in args.md),
            *(_with_suffix(p, ".json") for p in args.json),
        ]
        if outputs:
            write_reports(refusal_map, outputs)
        else:
            out.write(clean(text.render(refusal_map)))  # a report written by hand or by an older version
        if args.baseline and args.update_baseline:
            notes.append(_accepted_line(accept(refusal_map, accepted), args.baseline))
    except (FileFormatError, ReportPathError, OverlapError, UnreadableReports, OSError) as exc:
        err.write(clean(f"error: {exc}\n"))  # an item's id or a path may hold what a report must not show
        return EXIT_ERROR
    if len(shards) > 1:
        notes.insert(0, f"merged {len(shards)} reports: " + ", ".join(_counted(s) for s in shards))
    out.writelines(clean(f"{note}\n") for note in notes)
    if args.baseline and not args.update_baseline and any(d.significant for d in refusal_map.drift):
        return EXIT_DRIFT  # drift only the whole map shows failed no shard's job: the merge fails as a full run would
    return EXIT_OK


def _with_defaults(args: argparse.Namespace) -> argparse.Namespace:
    """The options a caller that built its own namespace for one report (`report=PATH`, `html`, `md`) left out."""
    given = vars(args)
    reports = given.get("reports") or [given["report"]]
    defaults: dict[str, object] = {"html": [], "md": [], "json": [], "baseline": None, "update_baseline": False}
    return argparse.Namespace(**{**defaults, **given, "reports": reports})


def read_shards(paths: Sequence[str]) -> list[Shard]:
    """Every report read; all that cannot be read are named in one error (a CI run may lose several shards)."""
    if len(set(paths)) < len(paths):
        twice = next(p for p in paths if paths.count(p) > 1)
        raise FileFormatError(twice, None, "is named twice; name each shard's report once")
    shards, problems = [], []
    for path in paths:
        try:
            shards.append(Shard(path, jsondoc.loads(_read(path), path, boundaries=len(paths) == 1)))
        except FileFormatError as exc:
            problems.append(str(exc))
    if problems:
        raise UnreadableReports("\nerror: ".join(problems))
    return shards


class UnreadableReports(ValueError):
    """Reports that cannot be read, one `path: why` a line."""


def _counted(shard: Shard) -> str:
    refusal_map = shard.refusal_map
    missing = f" + {len(refusal_map.unrecorded)} not recorded" if refusal_map.unrecorded else ""
    return f"{shard.path} ({len(refusal_map.observations)} item(s){missing})"


def _accepted_line(result: Accepted, path: str) -> str:
    changed = (
        f"{result.changed} entr{'y' if result.changed == 1 else 'ies'} accepted" if result.written else "unchanged"
    )
    lines = [f"baseline {path}: {changed}"]
    if result.refused_policy:
        lines.append(f"{result.refused_policy} policy failure(s) not accepted: fix the model or the expectation")
    if result.unobserved:
        lines.append(
            f"{result.unobserved} entr{'y' if result.unobserved == 1 else 'ies'} no report observed kept "
            "(a full run with --refusal-update-baseline removes entries whose probe is gone)"
        )
    return "\n".join(lines)


def _with_suffix(path: str, suffix: str) -> str:
    """`--html out` writes `out.html`: the option already names the format."""
    return path if Path(path).suffix.lower() == suffix else path + suffix


def run_diff(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr  # looked up now: a test or a caller may have replaced them
    try:
        old, new = load_entries(args.old), load_entries(args.new)
    except (FileFormatError, OSError) as exc:
        err.write(f"error: {exc}\n")
        return EXIT_ERROR
    result = diff(old, new)
    if getattr(args, "md", False):
        from pytest_refusal.report import prbody

        out.write(clean(prbody.render(old, new, result)))
    else:
        out.write(clean(render_diff(result)))
    return EXIT_DRIFT if result.significant else EXIT_OK


def load_entries(path: str) -> dict[Key, Entry]:
    """A baseline (YAML) or a JSON report, as entries by (model, probe, language)."""
    data = _read(path)
    if path.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        return entries_from(jsondoc.loads(data, path).observations, "")
    return dict(baseline.loads(data, path).entries)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise FileFormatError(path, None, f"cannot read: {exc.strerror}") from None


def render_diff(result: Diff) -> str:
    """The drift table, then changes within noise, then items only on one side."""
    lines = [f"drift ({len(result.significant)})"]
    lines += [f"  {d.line}{d.evidence}" for d in result.significant] or ["  none"]
    noise = [d for d in result.drift if d.verdict_changed and not d.significant]
    if noise:
        lines += [f"within sampling noise ({len(noise)})", *(f"  {d.line}{d.evidence}" for d in noise)]
    served = [d for d in result.served_changed if not d.significant]
    if served:
        lines += [f"served model changed ({len(served)})", *(f"  {d.line}" for d in served)]
    for title, entries in (("only in NEW", result.added), ("only in OLD", result.removed)):
        if entries:
            lines += [
                f"{title} ({len(entries)})",
                *(f"  {label(e.model, e.category, e.probe, e.language)}: {e.describe()}" for e in entries),
            ]
    return "\n".join(lines) + "\n"
