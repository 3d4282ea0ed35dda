"""Replay against the floor in instructions, not seconds: callgrind counts the same whatever the machine's load.

Run: ``python benchmarks/instructions.py --keep DIR [--sizes 2,500,1000]`` after ``scale.py --keep DIR``
built the projects (``DIR/<size>/map`` and ``DIR/<size>/floor``). Each project is replayed once
under ``valgrind --tool=callgrind --trace-children=yes`` (``-p no:cacheprovider -p no:recording``,
``PYTHONHASHSEED=0`` so that set and dict orders repeat), once untimed first so bytecode caches
are written, and the instructions of the process tree are summed. Printed per size: the map's and
the floor's totals and their ratio; with the smallest size as the fixed cost (its map − floor),
the instructions per item above the floor at the larger sizes. A run takes about a minute per
1,000 items on a small machine (valgrind runs Python some 50 times slower).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ARGS = ("-q", "-p", "no:cacheprovider", "-p", "no:recording")


def instructions(project: Path) -> int:
    """Instructions callgrind counts for one replay of `project`, summed over its processes."""
    with tempfile.TemporaryDirectory() as out:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONHASHSEED"] = "0"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--trace-children=yes",
            f"--callgrind-out-file={out}/cg.%p",
            sys.executable,
            "-m",
            "pytest",
            *ARGS,
        ]
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{project}: pytest failed under callgrind:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        total = 0
        for file in Path(out).glob("cg.*"):
            for line in file.read_text().splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="the folder scale.py --keep built")
    parser.add_argument("--sizes", default="2,500,1000", help="items per map; the smallest gives the fixed cost")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    sizes = sorted(int(size) for size in args.sizes.split(","))
    totals: dict[int, tuple[int, int]] = {}
    for size in sizes:
        projects = [args.keep / str(size) / name for name in ("map", "floor")]
        missing = [str(p) for p in projects if not p.is_dir()]
        if missing:
            raise SystemExit(f"{', '.join(missing)} missing: build it with scale.py --sizes {size} --keep {args.keep}")
        for project in projects:
            subprocess.run([sys.executable, "-m", "pytest", *ARGS], cwd=project, capture_output=True)  # caches
        totals[size] = (instructions(projects[0]), instructions(projects[1]))
        replay, floor = totals[size]
        print(
            f"  {size:>6} items: map {replay / 1e9:.3f} G, floor {floor / 1e9:.3f} G, map / floor {replay / floor:.3f}"
        )
    fixed_size = sizes[0]
    fixed = totals[fixed_size][0] - totals[fixed_size][1]
    print(f"  fixed cost ({fixed_size}-item map - floor): {fixed / 1e6:.0f} M instructions")
    for size in sizes[1:]:
        replay, floor = totals[size]
        per_item = (replay - floor - fixed) / (size - fixed_size)
        print(f"  {size:>6} items: {per_item / 1e6:.2f} M instructions per item above the floor")


if __name__ == "__main__":
    main()
