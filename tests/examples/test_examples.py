"""Every example runs as a user runs it: `pytest examples/<name>` in a fresh process, offline."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


def outcome(stdout: str) -> dict[str, int]:
    counts = re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed)", stdout.splitlines()[-1] if stdout else "")
    return {word.rstrip("s") if word.startswith("error") else word: int(n) for n, word in counts}


def test_the_fallback_example_passes_against_every_simulated_refusal() -> None:
    result = run_pytest(cwd=EXAMPLES / "fallback_ux")
    assert result.returncode == 0, result.stdout + result.stderr
    counts = outcome(result.stdout)
    assert counts.get("passed", 0) >= 48 and not counts.get("failed"), result.stdout  # 12 shapes × 4 languages, at least
