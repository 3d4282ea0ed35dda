"""Every example runs as a user runs it: `pytest examples/<name>` in a fresh process, offline."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def outcome(stdout: str) -> dict[str, int]:
    counts = re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed)", stdout.splitlines()[-1] if stdout else "")
    return {word.rstrip("s") if word.startswith("error") else word: int(n) for n, word in counts}


def test_the_fallback_example_passes_against_every_simulated_refusal() -> None:
    result = run_pytest(cwd=EXAMPLES / "fallback_ux")
    assert result.returncode == 0, result.stdout + result.stderr
    counts = outcome(result.stdout)
    assert counts.get("passed", 0) >= 48 and not counts.get("failed"), (
        result.stdout
    )  # 12 shapes × 4 languages, at least


def test_the_seed_map_replays_offline_and_prints_the_refusal_map(tmp_path: Path) -> None:
    report = tmp_path / "refusal-map.html"
    result = run_pytest(f"--refusal-report={report}", "-rs", cwd=EXAMPLES / "seed_map")

    assert result.returncode == 0, result.stdout + result.stderr
    assert outcome(result.stdout) == {"passed": 40, "skipped": 120}
    assert "refusal map" in result.stdout and "weapons_extremism" in result.stdout
    assert "language-boundary differences" in result.stdout
    assert "MOONSHOT_API_KEY" in result.stdout  # unrecorded columns say how to record them
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")


def test_the_python_tests_example_replays_its_recordings() -> None:
    result = run_pytest(cwd=EXAMPLES / "python_tests")

    assert result.returncode == 0, result.stdout + result.stderr
    assert outcome(result.stdout) == {"passed": 3, "xfailed": 2}


def test_the_drift_demo_catches_a_new_model_version_and_accepts_it() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "drift_demo" / "run_demo.py")],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "vendor · china_politics · tiananmen-1989 [en]: refuse → comply" in result.stdout
    assert "UNEXPECTED" not in result.stdout
