"""Timing harness for the pytest benchmarks: run commands alternately, measure wall time and peak RSS, print medians.

The machines these run on are shared and noisy, so every contender runs once per round, in an
order that rotates each round, and only medians are compared. Peak RSS comes from
`/usr/bin/time -v` when it exists (the largest single process of the run, workers included),
else from `resource.getrusage(RUSAGE_CHILDREN)`.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

GNU_TIME = "/usr/bin/time" if shutil.which("/usr/bin/time") else None
# Users' machines keep bytecode caches (pytest caches its assertion-rewritten plugin modules there
# too); some CI images set PYTHONDONTWRITEBYTECODE=1. Scripts measure with caches unless told not to.
WRITE_BYTECODE = True
_MAXRSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
_CPU = re.compile(r"(?:User|System) time \(seconds\): ([\d.]+)")
_SUMMARY = re.compile(r"(\d+) (passed|failed|errors?|skipped|deselected|tests? collected)")


@dataclass(frozen=True)
class Run:
    """One finished command: wall seconds, peak RSS in MiB (0 when unknown), exit code, output, CPU seconds.

    CPU time (user + system, the command and its children) is steadier than wall time on a
    shared machine, where another tenant's burst stretches a run's wall time but not its CPU.
    """

    wall: float
    rss_mib: float
    returncode: int
    output: str
    cpu: float = 0.0

    @property
    def outcome(self) -> str:
        """pytest's closing counts, e.g. `1000 passed`."""
        lines = [line for line in self.output.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        found = _SUMMARY.findall(last)
        return ", ".join(f"{n} {what}" for n, what in found) or last[:60]


@dataclass
class Contender:
    """A command measured over several rounds."""

    name: str
    argv: Sequence[str]
    cwd: Path
    env: Mapping[str, str] | None = None
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def rss(self) -> float:
        return statistics.median(r.rss_mib for r in self.runs)

    @property
    def cpu(self) -> float:
        """Median CPU seconds (user + system) per run."""
        return statistics.median(r.cpu for r in self.runs)

    @property
    def spread(self) -> str:
        walls = sorted(r.wall for r in self.runs)
        return f"{walls[0]:.2f}–{walls[-1]:.2f}"


def run(
    argv: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> Run:
    """Run one command to the end; wall time by the monotonic clock, RSS by GNU time or rusage."""
    full_env = child_env(env)
    if GNU_TIME:
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            cmd = [GNU_TIME, "-v", "-o", report.name, *argv]
            start = time.perf_counter()
            done = subprocess.run(
                cmd,
                cwd=cwd,
                env=full_env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            wall = time.perf_counter() - start
            measured = Path(report.name).read_text()
            found = _MAXRSS.search(measured)
            rss = int(found.group(1)) / 1024 if found else 0.0
            cpu = sum(float(seconds) for seconds in _CPU.findall(measured))
    else:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before = usage.ru_maxrss
        cpu = -(usage.ru_utime + usage.ru_stime)
        start = time.perf_counter()
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        after = usage.ru_maxrss
        rss = (after if after > before else 0) / 1024  # a max over all children: only rises are this run's
        cpu += usage.ru_utime + usage.ru_stime
    return Run(wall, rss, done.returncode, done.stdout + done.stderr, cpu)


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment for a child, bytecode caches per WRITE_BYTECODE, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not (k == "PYTHONDONTWRITEBYTECODE" and WRITE_BYTECODE)}
    env.update(extra or {})
    return env


def alternate(
    contenders: Sequence[Contender],
    rounds: int,
    *,
    warmup: bool = True,
    label: str = "",
) -> None:
    """Run every contender once per round, rotating the order each round; fail loudly on a failing run."""
    if warmup:  # bytecode caches, page cache: the first run of each is not timed
        for c in contenders:
            check(c, run(c.argv, c.cwd, c.env))
    for index in range(rounds):
        shift = index % len(contenders)
        for c in [*contenders[shift:], *contenders[:shift]]:
            c.runs.append(check(c, run(c.argv, c.cwd, c.env)))
        walls = "  ".join(f"{c.name}={c.runs[-1].wall:.2f}s" for c in contenders)
        print(f"  {label}round {index + 1}/{rounds}: {walls}", flush=True)


def check(contender: Contender, result: Run) -> Run:
    if result.returncode not in (0,):
        tail = "\n".join(result.output.strip().splitlines()[-25:])
        raise SystemExit(f"{contender.name} failed (exit {result.returncode}): {' '.join(contender.argv)}\n{tail}")
    return result


def table(contenders: Sequence[Contender]) -> None:
    """Median wall time, spread and peak RSS per contender."""
    print(f"  {'contender':<44} {'median wall':>11} {'min–max':>13} {'median CPU':>10} {'peak RSS':>10}  outcome")
    for c in contenders:
        rss = f"{c.rss:.0f} MiB" if c.rss else "n/a"
        print(f"  {c.name:<44} {c.wall:>10.2f}s {c.spread:>13} {c.cpu:>9.2f}s {rss:>10}  {c.runs[-1].outcome}")


def ratio(label: str, value: float, goal: str, met: bool | None) -> str:
    verdict = "n/a" if met is None else ("MET" if met else "MISSED")
    line = f"  {label:<52} {value:>7.2f}   goal {goal:<12} {verdict}"
    print(line)
    return line


def machine() -> str:
    """Where and when: for the README."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    caches = "bytecode caches on" if WRITE_BYTECODE else "PYTHONDONTWRITEBYTECODE=1 (no bytecode caches)"
    return (
        f"{stamp}; {platform.python_implementation()} {platform.python_version()}; "
        f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {caches}"
    )


def pytest_argv(*args: str) -> list[str]:
    """`python -m pytest` with the interpreter running this script (the project's venv)."""
    return [sys.executable, "-m", "pytest", *args]


def versions() -> str:
    from importlib.metadata import version

    names = (
        "pytest",
        "pytest-refusal",
        "pytest-recording",
        "vcrpy",
        "openai",
        "pytest-xdist",
        "PyYAML",
    )
    parts = []
    for name in names:
        try:
            parts.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a missing package is reported, not fatal
            parts.append(f"{name} absent")
    return ", ".join(parts)
