"""Crashes: SIGKILL pytest at random moments while it records 100 items, ten times; nothing on disk is half-written.

Every cassette and the baseline must be either the old complete file or the new complete one,
whenever the process dies: the next run (or a reviewer) must never meet a truncated YAML file.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest
import yaml

from pytest_refusal.refusalmap import baseline
from pytest_refusal.testing import ScriptedServer, answer, refusal

pytestmark = pytest.mark.slow

PYTHON_ITEMS = 50
MAP_PROBES = 25  # × 2 languages × 1 model = 50 map items
ROUNDS = 10

TESTS = f"""
import pytest

@pytest.mark.expect_refusal("politics")
@pytest.mark.parametrize("n", range({PYTHON_ITEMS}))
def test_probe(ask, n):
    ask(f"probe {{n}}")
"""


def probe_map(base_url: str) -> str:
    probes = "".join(
        f"  - {{id: p{n}, category: politics, prompt: {{en: question {n}, zh: 问题 {n}}}}}\n" for n in range(MAP_PROBES)
    )
    return (
        f'models:\n  local: {{base_url: "{base_url}", model: scripted-1, api_key_env: LOCAL_TEST_KEY}}\n'
        "categories:\n  politics: {expect: any}\n"
        f"probes:\n{probes}"
    )


def run(project: pytest.Pytester, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "pytest", "-q", "--refusal-update-baseline", *args]
    return subprocess.Popen(command, cwd=project.path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def check_complete(project: pytest.Pytester) -> tuple[int, int]:
    """Assert every cassette and the baseline is a complete file; return (cassettes, leftover temp files)."""
    cassettes = sorted((project.path / "cassettes").rglob("*.yaml"))
    for path in cassettes:
        text = path.read_text(encoding="utf-8")
        # vcrpy writes `interactions` first and `version: 1` last: a cut file lacks the tail.
        assert text.endswith("version: 1\n"), f"{path} is truncated"
        interactions = yaml.safe_load(text)["interactions"]
        assert [i["response"]["status"]["code"] for i in interactions] == [200], path
    path = project.path / "refusal-baseline.yaml"
    if path.exists():
        entries = baseline.load(path).entries
        # Complete means every map item is there (marker tests come and go with their verdicts).
        expected = {("local", f"p{n}", language) for n in range(MAP_PROBES) for language in ("en", "zh")}
        assert expected <= set(entries), f"{path} lacks {sorted(expected - set(entries))[:3]}"
    leftovers = list(project.path.rglob(".*.tmp")) + list(project.path.rglob(".refusal-baseline.yaml.*"))
    return len(cassettes), len(leftovers)


def test_sigkill_at_random_moments_never_leaves_a_half_written_cassette_or_baseline(
    project: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    project.makepyfile(test_probes=TESTS)
    (project.path / "politics.refusal.yaml").write_text(probe_map(server.base_url), encoding="utf-8")
    server.set_default(refusal("refuse").but(delay=0.005))
    started = time.monotonic()
    assert run(project, "--refusal-record=once").wait(timeout=120) == 0
    duration = time.monotonic() - started
    assert check_complete(project)[0] == PYTHON_ITEMS + 2 * MAP_PROBES

    chooser = random.Random(20261127)  # reproducible moments
    leftovers = 0
    for round_ in range(ROUNDS):
        # Each round answers differently, so the new files differ from the old ones.
        server.set_default((answer(f"round {round_}") if round_ % 2 else refusal("redirect")).but(delay=0.005))
        process = run(project, "--refusal-record=all")
        # Half the kills land mid-run (cassettes being written), half near the end (the baseline).
        time.sleep(chooser.uniform(*((0.1, 0.6) if round_ % 2 else (0.85, 1.05))) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        count, leftovers = check_complete(project)
        assert count == PYTHON_ITEMS + 2 * MAP_PROBES
    # And the survivors replay: every item finds a complete cassette.
    result = project.runpytest_subprocess("-q", "-p", "no:randomly")
    assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), result.stdout.str()
    assert "INTERNALERROR" not in result.stdout.str()
    assert "cannot be read" not in result.stdout.str()
    assert leftovers <= ROUNDS  # a killed write may leave its temp file; never more than one per kill
