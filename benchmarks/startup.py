"""Start-up cost: `pytest --collect-only -q` on a project with no refusal tests, plugin on versus `-p no:refusal`.

Run: ``python benchmarks/startup.py [--rounds N] [--quick] [--tests N]``. Goal: plugin on ≤ 1.1× off.

The project is generated in a temporary folder: N trivial tests (default 300) in modules of
ten. Two settings are measured, each alternating on and off:

- *installed*: the environment as it is (every installed plugin auto-loads), plugin on versus
  `-p no:refusal` — what a user of this environment pays;
- *alone*: plugin auto-loading disabled (`PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`), plain pytest
  versus `-p pytest_refusal.plugin` — the plugin's cost with no other plugin diluting it.

Both run with bytecode caches on (the script removes PYTHONDONTWRITEBYTECODE from the
children's environment), as on a developer's machine. Without them pytest compiles and
assertion-rewrites every plugin module it imports, on every run; once a cache exists pytest
reads it even under PYTHONDONTWRITEBYTECODE, so that setting cannot be measured side by side.

It also prints the plugin's import time (`python -X importtime`) and the modules it loads.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import harness

GOAL = 1.1


def make_project(root: Path, tests: int) -> None:
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    tests_dir = root / "tests"
    tests_dir.mkdir()
    per_module = 10
    for module in range((tests + per_module - 1) // per_module):
        count = min(per_module, tests - module * per_module)
        body = "\n\n".join(f"def test_case_{i}():\n    assert {i} + 1 == {i + 1}\n" for i in range(count))
        (tests_dir / f"test_module_{module:03d}.py").write_text(body, encoding="utf-8")


def import_cost() -> None:
    """What importing the plugin costs on top of pytest, and which heavy modules it pulls in."""
    code = (
        "import sys, time, pytest; t = time.perf_counter(); import pytest_refusal.plugin; "
        "d = time.perf_counter() - t; "
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'vcr', 'openai', 'httpx', 'httpx2', "
        "'pydantic', 'pytest_refusal'}); "
        "print(f'{d * 1000:.1f}', ' '.join(heavy), len([m for m in sys.modules if m.startswith('pytest_refusal')]))"
    )
    samples = []
    heavy = ""
    for _ in range(7):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=harness.child_env(),
        ).stdout.split()
        samples.append(float(out[0]))
        heavy = " ".join(out[1:-1])
        modules = out[-1]
    samples.sort()
    print(
        f"  import pytest_refusal.plugin after pytest: median {samples[len(samples) // 2]:.1f} ms "
        f"(of 7); top-level packages loaded: {heavy}; pytest_refusal modules: {modules}"
    )
    detail = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import pytest; import pytest_refusal.plugin",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=harness.child_env(),
    ).stderr
    rows = []
    for line in detail.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2].lstrip().startswith("pytest_refusal") and parts[0].isdigit():
            rows.append((int(parts[0]), parts[2].strip()))
    rows.sort(reverse=True)
    print("  largest self import times (µs): " + ", ".join(f"{name} {us}" for us, name in rows[:6]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--tests", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="5 rounds")
    args = parser.parse_args()
    rounds = 5 if args.quick else args.rounds

    print(f"start-up benchmark — {harness.machine()}")
    print(f"  {harness.versions()}")
    with tempfile.TemporaryDirectory(prefix="refusal-startup-") as tmp:
        root = Path(tmp)
        make_project(root, args.tests)
        collect = ("--collect-only", "-q", "-p", "no:cacheprovider")
        alone = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        on_argv, off_argv = (
            harness.pytest_argv(*collect),
            harness.pytest_argv(*collect, "-p", "no:refusal"),
        )
        pairs = [
            (
                "installed",
                harness.Contender("installed: plugin on", on_argv, root),
                harness.Contender("installed: -p no:refusal", off_argv, root),
            ),
            (
                "alone",
                harness.Contender(
                    "alone: -p pytest_refusal.plugin",
                    harness.pytest_argv(*collect, "-p", "pytest_refusal.plugin"),
                    root,
                    alone,
                ),
                harness.Contender("alone: no plugins", on_argv, root, alone),
            ),
        ]
        print(f"\n{args.tests} trivial tests, {rounds} rounds per setting, alternating on/off")
        for label, on, off in pairs:
            harness.alternate([on, off], rounds, label=f"{label}: ")
        print("\nresults (median of rounds)")
        harness.table([c for _, on, off in pairs for c in (on, off)])
        print("\nratios")
        for label, on, off in pairs:
            value = on.wall / off.wall
            harness.ratio(f"start-up, {label}: on / off", value, f"<= {GOAL}", value <= GOAL)
            print(f"  {'':<52} (+{(on.wall - off.wall) * 1000:.0f} ms per run)")
    print("\nwhere the plugin's start-up goes")
    import_cost()


if __name__ == "__main__":
    main()
