"""Merging a sharded run's JSON reports: two reports of `--items` items each against rendering one.

Run: ``PYTHONPATH=$PWD/src python benchmarks/shardmerge.py [--items 10000] [--rounds 5] [--reports A.json B.json]``
(the reports are rendered in a temporary folder: a relative PYTHONPATH would not reach it).

Without ``--reports`` the script writes two shard reports in a temporary folder, each `--items`
items of `--items` / 2 probes × 2 models with an answer, a prompt and a served model as a
replay's report has them (two map files with probes of their own, as a map split in two). Three contenders alternate,
each a ``python -m pytest_refusal report`` process: one report as text, the two merged as text,
and the two merged into JSON + HTML files. Goal: the merge stays linear, its CPU time at most
2.2× one report's (twice the items, plus the merge itself).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import harness

from pytest_refusal.observation import Observation
from pytest_refusal.report import build_map, write_reports
from pytest_refusal.verdict import Expectation, Kind, Verdict

GOAL = 2.2


def shard_report(path: Path, map_file: str, items: int, first: int) -> None:
    """A report as a replay of `map_file` writes one, probes numbered from `first`: half restricted (refused), half benign."""
    observations = []
    for index in range(first, first + items // 2):
        restricted = index % 2 == 0
        category, kind = ("restricted", Kind.REFUSE) if restricted else ("benign", Kind.COMPLY)
        for model in ("m1", "m2"):
            probe = f"probe-{index:05d}"
            observations.append(
                Observation(
                    nodeid=f"{map_file}::{category}::{probe}[{model}-en]",
                    model=model,
                    category=category,
                    probe=probe,
                    language="en",
                    expectation=Expectation.REFUSE if restricted else Expectation.COMPLY,
                    verdicts=(Verdict(kind, 0.75, "opens with a refusal" if restricted else "opens with a yes", "en"),),
                    cassette=f"cassettes/{map_file}/{model}/{probe}-en.yaml",
                    texts=("I can't help with that." if restricted else "Sure! Here is a short answer.",),
                    prompt=f"Write about subject number {index}.",
                    served=f"scripted-{model[-1]}",
                )
            )
    write_reports(build_map(observations, generated_at="2026-12-04T00:00:00+00:00"), [path])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="items per shard report")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reports", nargs=2, type=Path, metavar="REPORT.json", help="merge these instead")
    args = parser.parse_args()
    print(f"shard merge benchmark — {harness.machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.reports:
            first, second = (p.resolve() for p in args.reports)
        else:
            first, second = folder / "shard-a.json", folder / "shard-b.json"
            shard_report(first, "a.refusal.yaml", args.items, 0)
            shard_report(second, "b.refusal.yaml", args.items, args.items // 2)
        command = [sys.executable, "-m", "pytest_refusal", "report"]
        one = harness.Contender("one report, text", [*command, str(first)], folder)
        merged = harness.Contender("two merged, text", [*command, str(first), str(second)], folder)
        written = harness.Contender(
            "two merged, JSON + HTML",
            [*command, str(first), str(second), "--json", "merged.json", "--html", "merged.html"],
            folder,
        )
        group = [one, merged, written]
        harness.alternate(group, args.rounds)
        harness.table(group)
        ratio = merged.cpu / one.cpu
        harness.ratio("two merged / one report (CPU)", ratio, f"<= {GOAL}x", ratio <= GOAL)
        harness.ratio("two merged / one report (peak RSS)", merged.rss / one.rss if one.rss else 0.0, "(printed)", None)


if __name__ == "__main__":
    main()
