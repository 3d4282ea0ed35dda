"""`pytest_refusal report` and `pytest_refusal diff`: the refusal map outside a test run.

`register_report` and `register_diff` each add one subcommand to the package's CLI
(`pytest_refusal.cli.COMMANDS`); each sets `handler`, which takes the parsed arguments and
returns the exit code. `register(subparsers)` adds both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO, TypeAlias

from pytest_refusal.refusalmap import baseline
from pytest_refusal.refusalmap.baseline import Entry, Key, entries_from
from pytest_refusal.refusalmap.drift import Diff, diff, label
from pytest_refusal.refusalmap.yamlnodes import FileFormatError
from pytest_refusal.report import jsondoc, text
from pytest_refusal.report.files import ReportPathError, write_reports
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
        help="render a JSON refusal report as HTML, Markdown or text",
        description="Render a JSON report written by --refusal-report=PATH.json. "
        "With no output option, print the refusal map as text.",
    )
    report.add_argument("report", metavar="REPORT.json", help="a JSON refusal report")
    report.add_argument("--html", metavar="PATH", action="append", default=[], help="write a self-contained HTML page")
    report.add_argument(
        "--md", metavar="PATH", action="append", default=[], help="write Markdown (e.g. for a pull request comment)"
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


def run_report(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    try:
        refusal_map = jsondoc.loads(_read(args.report), args.report)
        outputs = [*args.html, *args.md]
        if not outputs:
            out.write(clean(text.render(refusal_map)))  # a report written by hand or by an older version
            return EXIT_OK
        write_reports(
            refusal_map, [_with_suffix(p, ".html") for p in args.html] + [_with_suffix(p, ".md") for p in args.md]
        )
    except (FileFormatError, ReportPathError, OSError) as exc:
        err.write(f"error: {exc}\n")
        return EXIT_ERROR
    return EXIT_OK


def _with_suffix(path: str, suffix: str) -> str:
    """`--html out` writes `out.html`: the option already names the format."""
    return path if Path(path).suffix.lower() == suffix else path + suffix


def run_diff(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
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
