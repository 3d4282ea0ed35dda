"""Reading cassettes on the direct-replay path: `yamlread` against PyYAML's compose, per cassette.

Run: ``python benchmarks/cassette_read.py FOLDER [--rounds N]``, FOLDER holding cassettes (e.g. a map
project's ``cassettes/`` built by ``scale.py``). Both readers read every cassette's text in each
round, alternating, and the medians per cassette are compared, so machine noise hits both alike.
Prints how many cassettes the fast reader left to PyYAML (each is read by both, so they count as
PyYAML reads), and checks that both give the same data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from pytest_refusal.cassette import direct, yamlread


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    texts = [path.read_text(encoding="utf-8") for path in sorted(args.folder.rglob("*.yaml"))]
    if not texts:
        print(f"no cassettes under {args.folder}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    import yaml  # noqa: F401 - timed: what a run no longer pays when every cassette reads fast

    imported = time.perf_counter() - start
    unread = sum(yamlread.read(text) is None for text in texts)
    for text in texts:
        read = yamlread.read(text)
        if read is not None and read != direct._pyyaml_data(text):
            print("the readers disagree on a cassette", file=sys.stderr)
            return 1

    raws = [text.encode("utf-8") for text in texts]

    def fast_round() -> float:
        began = time.perf_counter()
        for raw in raws:
            direct._interactions(raw)
        return (time.perf_counter() - began) / len(raws)

    def pyyaml_round() -> float:
        began = time.perf_counter()
        for raw in raws:
            direct._pyyaml_data(raw.decode("utf-8"))
        return (time.perf_counter() - began) / len(raws)

    fast_times, pyyaml_times = [], []
    for _ in range(args.rounds):
        fast_times.append(fast_round())
        pyyaml_times.append(pyyaml_round())
    fast, slow = statistics.median(fast_times), statistics.median(pyyaml_times)
    print(f"{len(texts)} cassettes, {unread} left to PyYAML, {args.rounds} rounds (median per cassette)")
    print(f"  direct._interactions (yamlread):        {fast * 1e6:7.1f} µs")
    print(f"  before: decode + _pyyaml_data (libyaml): {slow * 1e6:7.1f} µs")
    print(f"  ratio: {slow / fast:.2f}x; import yaml: {imported * 1e3:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
