"""Recording speed: a 200-probe map recorded from the scripted server at 100 ms per call, serially and concurrently.

Run: ``python benchmarks/recording.py [--probes 200] [--latency 0.1] [--rounds 3] [--quick] [--no-serial]``.

Goal (issue 6): with ``--refusal-concurrency 16`` (and under ``-n 2`` too) the recording takes
≤ 1.5× the ideal probes × latency / 16 (1.25 s for 200 probes at 100 ms). Three figures are
printed for each run: the recording span as the server saw it (first request in to last answer
out), which is what the ideal describes; the whole pytest run (start-up, collection, SDK import,
recording, judging, report); and the whole run less the fixed costs every run pays before its
first request whatever the concurrency (pytest's start-up and collection, measured with
`--collect-only`, and importing the openai SDK), measured in the same script. Those fixed costs
alone are about two thirds of the ideal here, so the whole run cannot come within 1.5× of it.
Every run records into a fresh cassette folder.

A second map adds rate limits: the first request of every 10th probe is answered 429 with
`Retry-After: 0.5`. The server logs when each limited request comes back; the smallest gap must
not be shorter than Retry-After, and every item must still pass.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import harness
import workload

GOAL = 1.5
CONCURRENCY = 16


class Clock:
    """Wraps the server's reply to note when each answer went out (the span of a recording)."""

    def __init__(self, reply: workload.Reply) -> None:
        self.inner = reply
        self.times: list[float] = []
        self.lock = threading.Lock()

    def reply(self) -> workload.Reply:
        assert self.inner.build is not None
        inner = self.inner.build

        def build(request: workload.Received) -> workload.wire.WireResponse:
            with self.lock:
                self.times.append(time.monotonic())
            return inner(request)

        return workload.Reply(build, delay=self.inner.delay)

    def take_span(self, latency: float) -> tuple[float, int]:
        """Seconds from the first request's arrival to the last answer, and the number of answers; then reset."""
        with self.lock:
            times, self.times = self.times, []
        if not times:
            return 0.0, 0
        return max(times) - min(times) + latency, len(times)


def supports_concurrency(cwd: Path) -> bool:
    out = subprocess.run(
        harness.pytest_argv("--help", "-p", "no:recording"),
        cwd=cwd,
        capture_output=True,
        text=True,
        env=harness.child_env(),
        check=False,
    ).stdout
    return "--refusal-concurrency" in out


def timed(name: str, argv: list[str], cwd: Path, clock: Clock, latency: float, rounds: int) -> dict[str, float]:
    walls, spans = [], []
    for index in range(rounds):
        folder = f"cassettes-{name.replace(' ', '_')}-{index}"
        result = harness.run([*argv, f"--refusal-cassette-dir={folder}"], cwd)
        span, answered = clock.take_span(latency)
        recorded = sum(1 for _ in (cwd / folder).rglob("*.yaml"))
        if result.returncode != 0:
            tail = "\n".join(result.output.strip().splitlines()[-20:])
            raise SystemExit(f"{name} failed (exit {result.returncode}):\n{tail}")
        walls.append(result.wall)
        spans.append(span)
        print(
            f"  {name} round {index + 1}/{rounds}: run {result.wall:.2f}s, recording span {span:.2f}s, "
            f"{answered} answers, {recorded} cassettes, {result.outcome}",
            flush=True,
        )
    return {"wall": statistics.median(walls), "span": statistics.median(spans)}


def fixed_costs(cwd: Path, rounds: int) -> dict[str, float]:
    """What every recording run pays before its first request, whatever the concurrency.

    pytest's start-up and collection (`--collect-only` on the same project), and importing the
    openai SDK (`python -c "import openai"` less `python -c "pass"`). Measured alternately,
    medians of `rounds`.
    """
    import sys

    base = ("-q", "-p", "no:cacheprovider", "-p", "no:recording")
    collect = harness.Contender("start-up + collection", harness.pytest_argv(*base, "--collect-only"), cwd)
    # xdist distributes nothing under --collect-only: start the workers, let them collect, select nothing.
    collect_n2 = harness.Contender(
        "start-up + collection, -n 2", harness.pytest_argv(*base, "-n", "2", "-k", "no_item_has_this_name"), cwd
    )
    sdk = harness.Contender("import openai", [sys.executable, "-c", "import openai"], cwd)
    bare = harness.Contender("python", [sys.executable, "-c", "pass"], cwd)
    for _ in range(rounds):
        for contender in (collect, collect_n2, sdk, bare):
            contender.runs.append(harness.run(contender.argv, cwd))
    return {"startup": collect.wall, "startup_n2": collect_n2.wall, "sdk": max(0.0, sdk.wall - bare.wall)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1 round; no serial run")
    parser.add_argument(
        "--no-serial",
        action="store_true",
        help="skip the serial recording (probes × latency s)",
    )
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    ideal = args.probes * args.latency / CONCURRENCY

    print(f"recording benchmark — {harness.machine()}")
    print(f"  {harness.versions()}")
    probes = workload.probes(args.probes)
    clock = Clock(workload.by_prompt(delay=args.latency))
    limiter = workload.RateLimiter(every=10, retry_after=0.5, inner=workload.by_prompt(delay=args.latency))
    plain_server = workload.serve(clock.reply())
    limited_server = workload.serve(limiter.reply())
    try:
        with tempfile.TemporaryDirectory(prefix="refusal-recording-") as tmp:
            root = Path(tmp)
            key = "\nrefusal_max_retries = 3\n"
            workload.write_map_project(root / "plain", probes, plain_server.base_url, key)
            workload.write_map_project(root / "limited", probes, limited_server.base_url, key)
            for folder in ("plain", "limited"):  # one model: one call per probe
                path = root / folder / "probes.refusal.yaml"
                path.write_text(path.read_text().replace("  m2: ", "  # m2: "), encoding="utf-8")
            base = [
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:recording",
                "--refusal-record=once",
            ]
            concurrent = supports_concurrency(root / "plain")
            print(
                f"\n{args.probes} probes × 1 model, {args.latency * 1000:.0f} ms per call; "
                f"ideal at concurrency {CONCURRENCY}: {ideal:.2f}s; --refusal-concurrency "
                f"{'exists' if concurrent else 'does not exist in this version'}"
            )
            results: dict[str, dict[str, float]] = {}
            if not (args.quick or args.no_serial) or not concurrent:
                results["serial"] = timed(
                    "serial",
                    harness.pytest_argv(*base),
                    root / "plain",
                    clock,
                    args.latency,
                    1,
                )
            if concurrent:
                c16 = [*base, f"--refusal-concurrency={CONCURRENCY}"]
                results["c16"] = timed(
                    "concurrency 16",
                    harness.pytest_argv(*c16),
                    root / "plain",
                    clock,
                    args.latency,
                    rounds,
                )
                results["c16n2"] = timed(
                    "concurrency 16, -n 2",
                    harness.pytest_argv(*c16, "-n", "2"),
                    root / "plain",
                    clock,
                    args.latency,
                    rounds,
                )
                limited = timed(
                    "concurrency 16, 429s",
                    harness.pytest_argv(*c16),
                    root / "limited",
                    clock,
                    args.latency,
                    1,
                )
            fixed = fixed_costs(root / "plain", max(3, rounds))
            fixed_totals = {"c16": fixed["startup"] + fixed["sdk"], "c16n2": fixed["startup_n2"] + fixed["sdk"]}
            print(
                f"\nfixed costs of any run (medians): pytest start-up + collection {fixed['startup']:.2f}s "
                f"(-n 2: {fixed['startup_n2']:.2f}s), openai SDK import {fixed['sdk']:.2f}s; together "
                f"{fixed_totals['c16']:.2f}s = {fixed_totals['c16'] / ideal:.2f}× the ideal before the first request "
                f"(-n 2: {fixed_totals['c16n2']:.2f}s, the workers import the SDK side by side)"
            )
            print("\nresults (median of rounds)")
            print(f"  {'contender':<28} {'whole run':>10} {'recording span':>15} {'span / ideal':>13}")
            for name, r in results.items():
                print(f"  {name:<28} {r['wall']:>9.2f}s {r['span']:>14.2f}s {r['span'] / ideal:>13.2f}")
            print("\nratios")
            if concurrent:
                for name in ("c16", "c16n2"):
                    r = results[name]
                    label = "concurrency 16" + (", -n 2" if name == "c16n2" else "")
                    harness.ratio(
                        f"{label}: recording span / ideal",
                        r["span"] / ideal,
                        f"<= {GOAL}",
                        r["span"] / ideal <= GOAL,
                    )
                    harness.ratio(
                        f"{label}: whole run / ideal",
                        r["wall"] / ideal,
                        f"<= {GOAL}",
                        r["wall"] / ideal <= GOAL,
                    )
                    beyond = (r["wall"] - fixed_totals[name]) / ideal
                    harness.ratio(
                        f"{label}: (whole run - fixed costs) / ideal",
                        beyond,
                        f"<= {GOAL}",
                        beyond <= GOAL,
                    )
                if "serial" in results:
                    harness.ratio(
                        "serial / concurrency 16 (whole run)",
                        results["serial"]["wall"] / results["c16"]["wall"],
                        "(context)",
                        None,
                    )
                gaps = limiter.gaps()
                print(
                    f"\nrate limits: {len(limiter.limited)} requests answered 429 (Retry-After 0.5 s), "
                    f"{len(gaps)} came back; from the 429 to the retry: min {min(gaps, default=0):.3f}s, "
                    f"median {statistics.median(gaps) if gaps else 0:.3f}s; run {limited['wall']:.2f}s"
                )
                respected = bool(gaps) and len(gaps) == len(limiter.limited) and min(gaps) >= 0.5
                print(
                    f"  Retry-After respected (every limited request retried, none sooner than 0.5 s): "
                    f"{'YES' if respected else 'NO'}"
                )
            else:
                serial = results["serial"]
                print(
                    f"  serial recording: whole run {serial['wall']:.2f}s, span {serial['span']:.2f}s "
                    f"({serial['span'] / ideal:.1f}× the concurrency-16 ideal); the goal is not measurable "
                    "without --refusal-concurrency"
                )
    finally:
        plain_server.close()
        limited_server.close()


if __name__ == "__main__":
    main()
