"""Collect-only: `pytest --collect-only -q` of a refusal map against as many trivial tests, nothing recorded.

Run: ``python benchmarks/collect.py [--items 10000] [--rounds 5]``.

Collecting a map reads no cassette, it only looks whether each item's file is there, so the map
project gets an empty cassette per item (`interactions: []`: enough for collection, not for a
replay) instead of a recording. Three contenders alternate, in an order that rotates each round:
the floor (trivial tests, parametrized like `workload.write_floor_project`), the map with its
cassette files, and the same map with none (every item is then a skip that names its record
command). The goal is the `--collect-only` row of `scale.py`: map / floor ≤ 1.2×.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import harness
import workload

ARGS = ("--collect-only", "-q", "-p", "no:cacheprovider")
GOAL = 1.2
EMPTY_CASSETTE = "interactions: []\nversion: 1\n"


def build(root: Path, items: int) -> dict[str, Path]:
    """The floor, the map with a cassette file per item, and the map alone, under `root`."""
    probes = workload.probes(items // 2)
    dirs = {"floor": root / "floor", "map": root / "map", "unrecorded": root / "unrecorded"}
    workload.write_floor_project(dirs["floor"], probes)
    for name in ("map", "unrecorded"):
        workload.write_map_project(dirs[name], probes, "http://127.0.0.1:9/v1")  # never called
    for model, _ in workload.MODELS:
        folder = dirs["map"] / "cassettes" / "probes" / model
        folder.mkdir(parents=True)
        for probe in probes:
            (folder / f"{probe.id}-en.yaml").write_text(EMPTY_CASSETTE, encoding="utf-8")
    return dirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="map items (probes × 2 models)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(harness.machine())
    print(harness.versions())
    with tempfile.TemporaryDirectory(prefix="refusal-collect-") as tmp:
        dirs = build(Path(tmp), args.items)
        contenders = [
            harness.Contender(f"floor: {args.items} trivial tests", harness.pytest_argv(*ARGS), dirs["floor"]),
            harness.Contender(f"map: {args.items} items, cassettes there", harness.pytest_argv(*ARGS), dirs["map"]),
            harness.Contender(
                f"map: {args.items} items, none recorded", harness.pytest_argv(*ARGS), dirs["unrecorded"]
            ),
        ]
        harness.alternate(contenders, args.rounds)
        harness.table(contenders)
        floor, recorded, unrecorded = contenders
        for label, contender in (("cassettes there", recorded), ("none recorded", unrecorded)):
            value = contender.wall / floor.wall
            harness.ratio(f"--collect-only map / floor, {label}", value, f"<= {GOAL}", value <= GOAL)
    print(harness.machine())


if __name__ == "__main__":
    main()
