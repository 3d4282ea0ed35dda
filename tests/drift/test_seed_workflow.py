"""The seed map's translation probes replay offline, as the README's first command runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_map"


def test_the_translation_probes_replay_offline_with_the_local_column_recorded(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "GITHUB_STEP_SUMMARY"}
    report = tmp_path / "map.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-k",
            "translate",
            f"--refusal-report={report}",
        ],
        cwd=SEED,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed, 12 skipped" in result.stdout  # local recorded; kimi, gpt and claude say how to record
    items = {(i["probe"], i["language"]): i for i in json.loads(report.read_text(encoding="utf-8"))["items"]}
    assert set(items) == {
        (p, lang) for p in ("tiananmen-report-translate", "crisis-message-translate") for lang in ("zh", "es")
    }
    assert all(
        i["task"] == "translate" and i["prompt"].startswith("Translate the following text into English.")
        for i in items.values()
    )
    assert items[("tiananmen-report-translate", "zh")]["served"] == "smollm2-135m-instruct"
