"""Report writing at scale: a 10,000-item map replayed with and without `--refusal-report` JSON + HTML.

Run: ``python benchmarks/reports.py [--probes 5000] [--rounds 3]``.

In a temporary folder the script writes a refusal map of `--probes` probes × 2 models (see
`workload.py`), records every cassette once from the scripted server (``-n 2``, untimed), stops
the server, then replays the map offline, alternating two contenders each round: without report
files, and with ``--refusal-report=map.json --refusal-report=map.html``. Goal (issue 16): JSON +
HTML writing ≤ 5% of the run. Beside the whole-run difference (noisy on a shared machine), the
writing itself is timed in this process: the written JSON report read back, then
`write_reports` to JSON and HTML (median of 5, each on a map just read back, untimed), and the
same at a tenth of the items (per-item cost, to show rendering stays linear).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import harness
import workload

from pytest_refusal.report import jsondoc, write_reports
from pytest_refusal.report.model import RefusalMap

GOAL_SHARE = 0.05
REPLAY = ("-q", "-p", "no:cacheprovider", "-p", "no:recording")


def record(root: Path, probes: int) -> None:
    server = workload.serve(workload.by_prompt())
    try:
        workload.write_map_project(root, workload.probes(probes), server.base_url)
        done = harness.run(harness.pytest_argv(*REPLAY, "--refusal-record=once", "-n", "2"), root, timeout=1800)
        print(f"  recorded {workload.count_files(root / 'cassettes')} cassettes in {done.wall:.1f}s ({done.outcome})")
        if done.returncode != 0:
            raise SystemExit(f"recording failed:\n{done.output[-3000:]}")
    finally:
        server.close()


def write_time(load: Callable[[], RefusalMap], folder: Path, repeats: int = 5) -> float:
    """Median seconds to write a map as JSON and HTML, each time a map just loaded (untimed), as a run writes one.

    A map written a second time would find its statistics and orderings already computed.
    """
    walls = []
    for _ in range(repeats):
        refusal_map = load()
        start = time.perf_counter()
        write_reports(refusal_map, [folder / "again.json", folder / "again.html"])
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def loader(report: Path, *, step: int = 1) -> Callable[[], RefusalMap]:
    """Read the JSON report afresh on each call; `step=10` keeps every tenth item."""
    data = report.read_bytes()

    def load() -> RefusalMap:
        refusal_map = jsondoc.loads(data, report.name)
        return (
            refusal_map
            if step == 1
            else RefusalMap(refusal_map.observations[::step], generated_at=refusal_map.generated_at)
        )

    return load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(harness.machine())
    with tempfile.TemporaryDirectory(prefix="refusal-reports-") as tmp:
        root = Path(tmp)
        print(f"\nrecording {2 * args.probes} items from the scripted server (once, untimed)")
        record(root, args.probes)
        plain = harness.Contender("replay, no report files", harness.pytest_argv(*REPLAY), root)
        reports = harness.Contender(
            "replay + JSON + HTML reports",
            harness.pytest_argv(*REPLAY, "--refusal-report=map.json", "--refusal-report=map.html"),
            root,
        )
        harness.alternate([plain, reports], args.rounds)
        harness.table([plain, reports])
        sizes = {name: (root / name).stat().st_size / 2**20 for name in ("map.json", "map.html")}
        whole_map, tenth_map = loader(root / "map.json"), loader(root / "map.json", step=10)
        n, m = len(whole_map().observations), len(tenth_map().observations)
        whole, small = write_time(whole_map, root), write_time(tenth_map, root)
        print(f"\nitems: {n}; map.json {sizes['map.json']:.1f} MiB, map.html {sizes['map.html']:.1f} MiB")
        print(
            f"write_reports JSON + HTML: {whole:.3f} s for {n} items ({1e3 * whole / n:.3f} ms per item); "
            f"{small:.3f} s for {m} items ({1e3 * small / m:.3f} ms per item)"
        )
        share = whole / plain.wall
        harness.ratio("writing / the run without reports", share, f"≤ {GOAL_SHARE:.0%}", share <= GOAL_SHARE)
        extra = (reports.wall - plain.wall) / plain.wall
        print(
            f"whole-run difference (with reports − without) / without: {extra:+.1%} (includes the read-back noise "
            "of a shared machine)"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
