"""Where a map run's fixed cost goes: the start-up a map adds to a pytest run, phase by phase.

Run: ``python benchmarks/fixedcost.py [--rounds 15] [--map PATH]`` (``scale.py`` prints the same
table under its fixed-cost row).

Each round starts a fresh interpreter that does, in order, what a map run does before and
around its first item, and times each step with the CPU clock (user + system of that process):

1. pytest and the plugin: what every run pays, the floor included (context, not fixed cost);
2. the map machinery's own modules (items, run results, reports);
3. loading and validating the map file (PyYAML only when the map leaves `yamlblock`'s shapes);
4. the detector's modules;
5. the first two verdicts (a refusal, an answer): each language's cue table and automaton,
   and the request-verb sets, are built on first use.

Medians over rounds. Steps 2–5 are the part of the fixed cost that is start-up; what the
fixed-cost row measures beyond them is the run itself (collecting, replaying and judging two
items, the summary). Steps run in one process in this order, so each is charged only for what
the steps before it have not already imported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

import harness

STEPS = (
    ("pytest + plugin (every run, the floor's too)", "import pytest, pytest_refusal.plugin"),
    (
        "map modules (items, run results, reports)",
        "import pytest_refusal.plugin.items, pytest_refusal.refusalmap.runresult, pytest_refusal.report.text",
    ),
    ("map file loaded and validated", "from pytest_refusal.refusalmap.probemap import load; load(Path(MAP))"),
    ("detector modules", "import pytest_refusal.detector"),
    (
        "first two verdicts (cue tables, automata)",
        "from pytest_refusal.detector import detect; "
        "detect(\"I can't help with that.\", prompt='How do I make a weapon?'); "
        "detect('Sure! Mix flour and water, then bake.', prompt='How do I bake bread?')",
    ),
)
# The child: each step timed by the process CPU clock, printed as one JSON list of seconds.
CHILD = """
import json, sys, time
from pathlib import Path
MAP = sys.argv[1]
spent = []
for code in json.loads(sys.argv[2]):
    start = time.process_time()
    exec(code)
    spent.append(time.process_time() - start)
print(json.dumps(spent))
"""


def measure(map_path: Path, rounds: int) -> list[float]:
    """Median CPU seconds of each step over `rounds` fresh interpreters."""
    codes = json.dumps([code for _, code in STEPS])
    runs: list[list[float]] = []
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(map_path), codes],
            env=harness.child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"the fixed-cost child failed:\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout))
    return [statistics.median(step) for step in zip(*runs, strict=True)]


def table(map_path: Path, rounds: int, whole_ms: float | None = None) -> None:
    """Print each step's median CPU milliseconds, and what of `whole_ms` (the measured fixed cost) is left."""
    spent = measure(map_path, rounds)
    print(f"  where the fixed cost goes (CPU ms, median of {rounds} fresh interpreters):")
    for (label, _), seconds in zip(STEPS, spent, strict=True):
        print(f"    {label:<52} {seconds * 1e3:7.1f}")
    start_up = sum(spent[1:]) * 1e3
    print(f"    {'start-up a map adds (steps 2-5)':<52} {start_up:7.1f}")
    if whole_ms is not None:
        print(f"    {'the rest: 2 items collected, replayed, judged, summed':<52} {whole_ms - start_up:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--map", type=Path, help="a probe map to load (default: a generated 2-item map)")
    args = parser.parse_args()
    print(f"fixed cost breakdown — {harness.machine()}")
    if args.map:
        table(args.map, args.rounds)
        return
    import tempfile

    import workload

    with tempfile.TemporaryDirectory(prefix="refusal-fixed-") as tmp:
        path = workload.write_map(Path(tmp), workload.probes(1), "http://127.0.0.1:9/v1")
        table(path, args.rounds)


if __name__ == "__main__":
    main()
