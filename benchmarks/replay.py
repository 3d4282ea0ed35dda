"""Replay cost: a refusal map of 500 probes × 2 models (1,000 items) against the floor and a pytest-recording suite.

Run: ``python benchmarks/replay.py [--probes 500] [--rounds 5] [--quick] [--markers] [--no-profile]``.

In a temporary folder the script writes the projects over the same probes (see `workload.py`):
the refusal map, 1,000 trivial tests (the floor), and the same 1,000 openai SDK calls as
`@pytest.mark.vcr` tests; with ``--markers`` also the same probes as `ask` tests with
`expect_*` markers (the fixture path; slow, so not by default). It starts the scripted server
on 127.0.0.1 and records every cassette once — the map and the marker tests with
``--refusal-record=once``, the pytest-recording suite with its own ``--record-mode=once``, each
under ``-n 2`` to save time — then stops the server, so every timed run replays offline. All
contenders run once per round, in rotating order; medians are compared. The map also runs
with ``-n 2`` (pytest-xdist).

Goals (issue 6): map replay ≤ 1.5× the floor; ≥ 3× faster than the pytest-recording suite;
peak RSS no higher than the pytest-recording suite's.

Last, one serial map replay runs under cProfile and the time per item is broken down: YAML
parsing (and whether libyaml's C loader is used), vcrpy cassette set-up and patching, client
construction, the HTTP round trip through the SDK, response parsing, detection, judging.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

import harness
import workload

GOAL_FLOOR = 1.5
GOAL_SPEEDUP = 3.0

COMMON = ("-q", "-p", "no:cacheprovider")
REFUSAL = (
    *COMMON,
    "-p",
    "no:recording",
)  # the refusal projects do not use pytest-recording
RECORDING = (
    *COMMON,
    "-p",
    "no:refusal",
)  # nor the pytest-recording suite pytest-refusal


def record(root: Path, items: int, markers: bool) -> dict[str, Path]:
    """Write the projects and record their cassettes from the scripted server; return the project folders."""
    probes = workload.probes(items)
    server = workload.serve(workload.by_prompt())
    try:
        url = server.base_url
        dirs = {"map": root / "map", "floor": root / "floor", "vcr": root / "vcr"}
        workload.write_map_project(dirs["map"], probes, url)
        workload.write_floor_project(dirs["floor"], probes)
        workload.write_vcr_project(dirs["vcr"], probes, url)
        steps = [
            ("map", harness.pytest_argv(*REFUSAL, "--refusal-record=once", "-n", "2")),
            ("vcr", harness.pytest_argv(*RECORDING, "--record-mode=once", "-n", "2")),
        ]
        if markers:
            dirs["markers"] = root / "markers"
            workload.write_marker_project(dirs["markers"], probes, url)
            steps.append(
                (
                    "markers",
                    harness.pytest_argv(*REFUSAL, "--refusal-record=once", "-n", "2"),
                )
            )
        for name, argv in steps:
            done = harness.run(argv, dirs[name])
            count = workload.count_files(dirs[name])
            print(
                f"  recorded {name}: {count} cassettes in {done.wall:.1f}s ({done.outcome})",
                flush=True,
            )
            if done.returncode != 0 or count != 2 * items:
                raise SystemExit(f"recording {name} failed:\n{done.output[-3000:]}")
        print(f"  the server answered {len(server.chat_requests)} chat calls; it is stopped now: replay is offline")
    finally:
        server.close()
    return dirs


def profile(project: Path, items: int, out: Path) -> None:
    """One serial map replay under cProfile; print where each item's time goes."""
    argv = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "pytest", *REFUSAL]
    done = subprocess.run(
        argv,
        cwd=project,
        capture_output=True,
        text=True,
        env=harness.child_env(),
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"profiled run failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    stats = pstats.Stats(str(out))
    total = stats.total_tt  # type: ignore[attr-defined]
    cumulative: dict[tuple[str, str], tuple[float, int]] = {}
    for (filename, _line, name), (
        _cc,
        calls,
        _tt,
        cum,
        _callers,
    ) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename.split("site-packages/")[-1].split("src/")[-1]
        key = (short, name)
        prior = cumulative.get(key, (0.0, 0))
        # A name can appear twice (two classes in one file): keep the larger, which contains or equals the other.
        cumulative[key] = max(prior, (cum, calls))

    def find(path: str, name: str) -> tuple[float, int]:
        hits = [v for (f, n), v in cumulative.items() if f.endswith(path) and n == name]
        return max(hits) if hits else (0.0, 0)

    print(f"\nprofile of one serial map replay ({items} items, cProfile; {total:.2f}s profiled)")
    print("  times are cumulative (a row includes the rows indented under it); cProfile inflates small calls")
    print(f"  {'where':<74} {'calls':>7} {'total':>8} {'per item':>9} {'share':>6}")
    for indent, label, path, name in BUCKETS:
        cum, calls = find(path, name)
        if not calls:
            print(f"  {'  ' * indent + label:<74} {'—':>7}")
            continue
        print(f"  {'  ' * indent + label:<74} {calls:>7} {cum:>7.2f}s {cum / items * 1000:>7.2f}ms {cum / total:>6.1%}")
    c_loader = subprocess.run(
        [sys.executable, "-c", LOADER_CHECK],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(f"  libyaml available: {c_loader}")
    print("  top 25 by own time:")
    own = sorted(
        (
            (tt, calls, f.split("site-packages/")[-1].split("src/")[-1], line, n)
            for (f, line, n), (_cc, calls, tt, _cum, _c) in stats.stats.items()
        ),  # type: ignore[attr-defined]
        reverse=True,
    )
    for tt, calls, f, line, n in own[:25]:
        print(f"    {tt:6.2f}s {calls:>8}  {f}:{line} {n}")


LOADER_CHECK = "import yaml; print(yaml.__with_libyaml__)"

# (indent, label, file suffix, function): the per-item path of a map replay, outermost first.
# A map item replays straight from its cassette (`cassette.direct`); the vcrpy + SDK path below it
# runs only for what the direct path leaves alone, so its rows print "—" in a plain replay.
BUCKETS: tuple[tuple[int, str, str, str], ...] = (
    (0, "whole run (pytest main)", "_pytest/config/__init__.py", "_main"),
    (1, "collection (parse the map, make items)", "_pytest/main.py", "perform_collect"),
    (2, "probe map load (pytest_refusal.refusalmap.probemap.load)", "pytest_refusal/refusalmap/probemap.py", "load"),
    (1, "run protocol, all items", "_pytest/runner.py", "runtestprotocol"),
    (2, "setup", "_pytest/runner.py", "pytest_runtest_setup"),
    (2, "call", "_pytest/runner.py", "pytest_runtest_call"),
    (3, "direct replay (MapProbe._replay_directly)", "pytest_refusal/plugin/proberun.py", "_replay_directly"),
    (4, "cassette lookup (direct.exchanges)", "pytest_refusal/cassette/direct.py", "exchanges"),
    (5, "YAML read (direct._interactions)", "pytest_refusal/cassette/direct.py", "_interactions"),
    (5, "request match and response checks (direct._exchange)", "pytest_refusal/cassette/direct.py", "_exchange"),
    (4, "judging (MapProbe._judge)", "pytest_refusal/plugin/proberun.py", "_judge"),
    (5, "classify hook (RefusalSession.classify)", "pytest_refusal/plugin/session.py", "classify"),
    (6, "detection (pytest_refusal.detector.detect)", "pytest_refusal/detector/__init__.py", "detect"),
    (4, "settle: observation, drift, JUnit properties", "pytest_refusal/plugin/session.py", "settle"),
    (5, "drift check (RefusalSession.drift_line)", "pytest_refusal/plugin/session.py", "drift_line"),
    (3, "vcrpy path: cassette open (RefusalCassette.open)", "pytest_refusal/cassette/vcr.py", "open"),
    (3, "vcrpy path: openai chat.completions.create", "openai/resources/chat/completions/completions.py", "create"),
    (2, "teardown", "_pytest/runner.py", "pytest_runtest_teardown"),
    (2, "reporting (logreport hooks)", "_pytest/terminal.py", "pytest_runtest_logreport"),
    (1, "session finish (map report, baseline)", "_pytest/main.py", "pytest_sessionfinish"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probes", type=int, default=500, help="probes in the map (items = 2 × probes)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    parser.add_argument(
        "--markers",
        action="store_true",
        help="add the marker/fixture path (ask tests) contender",
    )
    parser.add_argument("--no-xdist", action="store_true", help="skip the -n 2 runs")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the projects here and keep them")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    markers = args.markers
    items = 2 * args.probes

    print(f"replay benchmark — {harness.machine()}")
    print(f"  {harness.versions()}")
    with tempfile.TemporaryDirectory(prefix="refusal-replay-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        print(f"\nrecording {items} items per suite from the scripted server (once, untimed)")
        dirs = record(root, args.probes, markers)
        contenders = [
            harness.Contender("floor: trivial tests", harness.pytest_argv(*REFUSAL), dirs["floor"]),
            harness.Contender("A: refusal map replay", harness.pytest_argv(*REFUSAL), dirs["map"]),
            harness.Contender(
                "B: pytest-recording + openai SDK",
                harness.pytest_argv(*RECORDING, "--record-mode=none"),
                dirs["vcr"],
            ),
        ]
        if markers:
            contenders.append(
                harness.Contender(
                    "A': ask tests with markers",
                    harness.pytest_argv(*REFUSAL),
                    dirs["markers"],
                )
            )
        if not args.no_xdist:
            contenders += [
                harness.Contender(
                    "floor -n 2",
                    harness.pytest_argv(*REFUSAL, "-n", "2"),
                    dirs["floor"],
                ),
                harness.Contender(
                    "A: refusal map replay -n 2",
                    harness.pytest_argv(*REFUSAL, "-n", "2"),
                    dirs["map"],
                ),
            ]
        print(f"\n{items} items per contender, {rounds} rounds, rotating order (plus one untimed warm-up each)")
        harness.alternate(contenders, rounds)
        print("\nresults (median of rounds; peak RSS = largest single process)")
        harness.table(contenders)
        by = {c.name: c for c in contenders}
        floor, a, b = (
            by["floor: trivial tests"],
            by["A: refusal map replay"],
            by["B: pytest-recording + openai SDK"],
        )
        print("\nratios")
        harness.ratio(
            "A / floor (wall)",
            a.wall / floor.wall,
            f"<= {GOAL_FLOOR}",
            a.wall / floor.wall <= GOAL_FLOOR,
        )
        harness.ratio(
            "B / A (how many times faster A is)",
            b.wall / a.wall,
            f">= {GOAL_SPEEDUP}",
            b.wall / a.wall >= GOAL_SPEEDUP,
        )
        if a.rss and b.rss:
            harness.ratio("RSS(A) / RSS(B)", a.rss / b.rss, "<= 1.0", a.rss <= b.rss)
        harness.ratio(
            "B / floor (the cost the issue starts from)",
            b.wall / floor.wall,
            "(context)",
            None,
        )
        per_item = (a.wall - floor.wall) / items * 1000
        print(f"  {'A per item above the floor':<52} {per_item:>7.2f} ms")
        print(f"  {'B per item above the floor':<52} {(b.wall - floor.wall) / items * 1000:>7.2f} ms")
        if markers:
            m = by["A': ask tests with markers"]
            harness.ratio("A' (markers) / floor", m.wall / floor.wall, "(context)", None)
            harness.ratio("B / A' (markers)", b.wall / m.wall, "(context)", None)
        if not args.no_xdist:
            an, fn = by["A: refusal map replay -n 2"], by["floor -n 2"]
            harness.ratio("A -n 2 / A serial", an.wall / a.wall, "(scale note)", None)
            harness.ratio("A -n 2 / floor -n 2", an.wall / fn.wall, "(scale note)", None)
        if not args.no_profile:
            profile(dirs["map"], items, root / "replay.prof")


if __name__ == "__main__":
    main()
