"""The nightly drift-watch recipe, run as its workflow runs it, against the scripted server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mapproject import EPOCH, FAKE_KEY, MAP, QUIET_INI

from pytest_refusal.testing import ScriptedServer, fault, refusal

from .conftest import by_prompt

WATCH = Path(__file__).resolve().parents[2] / "examples" / "drift_watch" / "watch.py"
WORKFLOW = WATCH.parent / "drift-watch.yml"


def watch(
    project: Path, out: Path, *args: str, key: str | None = FAKE_KEY, now: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "GITHUB_STEP_SUMMARY"}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env.pop("REFUSAL_NOW", None)
    if now is not None:
        env["REFUSAL_NOW"] = now
    env.pop("MAP_TEST_KEY", None)
    if key is not None:
        env["MAP_TEST_KEY"] = key
    return subprocess.run(
        [sys.executable, str(WATCH), str(project), "--out", str(out), "--require-key", "MAP_TEST_KEY", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def project(tmp_path: Path, server: ScriptedServer) -> Path:
    folder = tmp_path / "refusal"
    folder.mkdir()
    (folder / "pytest.ini").write_text(textwrap.dedent(QUIET_INI), encoding="utf-8")
    (folder / "politics.refusal.yaml").write_text(MAP.format(url=server.base_url), encoding="utf-8")
    return folder


KIMI_REFUSES = {"Tiananmen": refusal("refuse"), "天安门": refusal("refuse", "zh")}


def test_the_recipe_records_finds_drift_and_writes_the_pull_request_body(
    project: Path, server: ScriptedServer, tmp_path: Path
) -> None:
    server.set_default(by_prompt(KIMI_REFUSES, model="kimi-k2"))  # gpt is asked the same and answers
    first = watch(project, tmp_path / "night1")
    assert first.returncode == 0, first.stdout + first.stderr  # the first watch: every item new, nothing drifted
    assert "### New items (6)" in (tmp_path / "night1" / "pr-body.md").read_text(encoding="utf-8")
    baseline = (project / "refusal-baseline.yaml").read_text(encoding="utf-8")
    assert "tiananmen-1989" in baseline

    server.set_default(by_prompt({**KIMI_REFUSES, "天安门": refusal("redirect", "zh")}, model="kimi-k2"))  # in policy
    second = watch(project, tmp_path / "night2", "--record", "all")
    assert second.returncode == 1, second.stdout + second.stderr
    body = (tmp_path / "night2" / "pr-body.md").read_text(encoding="utf-8")
    assert body.startswith("## Refusal map drift\n")
    assert body.index("### Matrix before") < body.index("### Matrix after") < body.index("### Drift (1)")
    assert "| gpt · china_politics · tiananmen-1989 [zh] |" not in body
    assert "kimi · china_politics · tiananmen-1989 [zh] | refuse | redirect | — | — |" in body
    assert FAKE_KEY not in body
    accepted = (project / "refusal-baseline.yaml").read_text(encoding="utf-8")
    assert accepted != baseline and "verdict: redirect" in accepted  # the change the pull request proposes


def test_a_missing_key_or_a_provider_down_is_could_not_find_out_not_drift(
    project: Path, server: ScriptedServer, tmp_path: Path
) -> None:
    missing = watch(project, tmp_path / "nokey", key=None)
    assert missing.returncode == 3
    assert "could not find out: MAP_TEST_KEY not set" in missing.stderr
    server.set_default(fault(503))
    down = watch(project, tmp_path / "down", "--record", "all")
    assert down.returncode == 3, down.stdout + down.stderr
    assert "could not find out: 6 item(s) met a provider error" in down.stderr
    assert not (project / "refusal-baseline.yaml").exists()  # nothing accepted from a night that learnt nothing


def test_the_workflow_runs_the_recipe_and_opens_a_pull_request_only_for_drift() -> None:
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "python examples/drift_watch/watch.py" in workflow
    assert "steps.watch.outputs.code == '1'" in workflow and "body-path: drift-watch/pr-body.md" in workflow
    assert "${{ secrets.OPENAI_API_KEY }}" in workflow


def test_the_stale_night_records_again_only_what_is_older_than_the_max_age(
    project: Path, server: ScriptedServer, tmp_path: Path
) -> None:
    (project / "pytest.ini").write_text(textwrap.dedent(QUIET_INI) + "refusal_max_age = 30d\n", encoding="utf-8")
    server.set_default(by_prompt(KIMI_REFUSES, model="kimi-k2"))
    assert watch(project, tmp_path / "night1").returncode == 0
    server.clear()
    fresh = watch(project, tmp_path / "night2", "--record", "stale", now=str(int(EPOCH) + 10 * 86400))
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert not server.chat_requests  # nothing is 30 days old yet: nothing recorded again
    server.set_default(by_prompt({**KIMI_REFUSES, "天安门": refusal("redirect", "zh")}, model="kimi-k2"))
    old = watch(project, tmp_path / "night3", "--record", "stale", now=str(int(EPOCH) + 41 * 86400))
    assert old.returncode == 1, old.stdout + old.stderr
    assert len(server.chat_requests) == 6
    assert "### Drift (1)" in (tmp_path / "night3" / "pr-body.md").read_text(encoding="utf-8")
