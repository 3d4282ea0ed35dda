"""A run that stops early proves nothing: the baseline keeps every entry not yet run, and no cassette is cut short.

Ctrl-C (SIGINT, also what CI sends first when a job is cancelled), `pytest.exit()`, SIGTERM
and a session stopped by `-x` each end the run before every item ran. Only a complete run may
prune baseline entries nobody observed; and a cassette is written only when its item
completed, so an interrupted re-recording leaves the complete old cassette in place.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from pytest_refusal.refusalmap import baseline
from pytest_refusal.testing import ScriptedServer, answer, refusal

PROBES = 10


def probe_map(base_url: str) -> str:
    probes = "".join(f"  - {{id: p{n}, category: politics, prompt: {{en: question {n}}}}}\n" for n in range(PROBES))
    return (
        f'models:\n  local: {{base_url: "{base_url}", model: scripted-1, api_key_env: LOCAL_TEST_KEY}}\n'
        "categories:\n  politics: {expect: any}\n"
        f"probes:\n{probes}"
    )


@pytest.fixture
def recorded(project: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A map of ten probes, recorded, with all ten accepted into the baseline."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    server.set_default(refusal("refuse"))
    (project.path / "m.refusal.yaml").write_text(probe_map(server.base_url), encoding="utf-8")
    project.runpytest("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(passed=PROBES)
    assert len(entries(project)) == PROBES
    return project


def entries(project: pytest.Pytester) -> set[tuple[str, str, str]]:
    return set(baseline.load(project.path / "refusal-baseline.yaml").entries)


def wait_for(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)
    assert condition(), "the run never got there"  # type: ignore[operator]


def start(project: pytest.Pytester, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
    return subprocess.Popen(command, cwd=project.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


STOPS = [
    pytest.param(
        "import pytest\n\ndef pytest_runtest_logreport(report):\n"
        "    if report.when == 'teardown' and 'p3' in report.nodeid:\n        pytest.exit('stopped')\n",
        id="pytest-exit",
    ),
    pytest.param(
        "import pytest\n\ndef pytest_runtest_logreport(report):\n"
        "    if report.when == 'teardown' and 'p3' in report.nodeid:\n        pytest.exit('stopped', returncode=0)\n",
        id="pytest-exit-returncode-0",
    ),
    pytest.param(
        "def pytest_runtest_call(item):\n    if 'p4' in item.nodeid:\n        raise KeyboardInterrupt\n",
        id="keyboard-interrupt",
    ),
]


@pytest.mark.parametrize("conftest", STOPS)
def test_an_update_stopped_early_keeps_every_entry_not_yet_run(recorded: pytest.Pytester, conftest: str) -> None:
    recorded.makeconftest(conftest)
    recorded.runpytest_subprocess("--refusal-update-baseline")  # in-process, pytester re-raises KeyboardInterrupt
    assert len(entries(recorded)) == PROBES


def test_an_update_stopped_by_a_failure_under_x_keeps_every_entry_not_yet_run(
    recorded: pytest.Pytester, server: ScriptedServer
) -> None:
    text = (recorded.path / "m.refusal.yaml").read_text(encoding="utf-8").replace("expect: any", "expect: comply")
    (recorded.path / "m.refusal.yaml").write_text(text, encoding="utf-8")
    result = recorded.runpytest("--refusal-update-baseline", "-x")
    result.assert_outcomes(failed=1)
    assert len(entries(recorded)) == PROBES


def test_a_complete_update_still_removes_what_is_gone(recorded: pytest.Pytester) -> None:
    path = recorded.path / "m.refusal.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - {id: p9, category: politics, prompt: {en: question 9}}\n", ""),
        encoding="utf-8",
    )
    recorded.runpytest("--refusal-update-baseline").assert_outcomes(passed=PROBES - 1)
    assert len(entries(recorded)) == PROBES - 1


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_a_recording_update_keeps_every_entry_and_every_cassette_whole(
    recorded: pytest.Pytester, server: ScriptedServer, signum: signal.Signals
) -> None:
    server.clear()
    server.enqueue(*[answer() for _ in range(3)], answer().but(delay=30))  # the fourth call hangs: stop it there
    before = {p: p.read_bytes() for p in (recorded.path / "cassettes").rglob("*.yaml")}
    process = start(recorded, "--refusal-record=all", "--refusal-update-baseline")
    wait_for(lambda: len(server.chat_requests) == 4)
    process.send_signal(signum)
    output, _ = process.communicate(timeout=60)
    assert len(entries(recorded)) == PROBES, output
    assert "INTERNALERROR" not in output
    after = {p: p.read_bytes() for p in (recorded.path / "cassettes").rglob("*.yaml")}
    assert set(after) == set(before)
    rewritten = [p for p in after if after[p] != before[p]]
    assert len(rewritten) <= 3  # the three items that completed; the interrupted one kept its old cassette
    for path in after:
        assert len(yaml.safe_load(after[path])["interactions"]) == 1


THREE_CALLS = """
import pytest

@pytest.mark.expect_refusal("politics")
def test_three(ask, request):
    for n in range(3):
        ask(f"question {n}")
        if n == 0 and request.config.getoption("--refusal-record") == "all":
            raise KeyboardInterrupt  # Ctrl-C between the first and the second call
"""


def test_ctrl_c_mid_recording_never_writes_a_fragment_over_a_complete_cassette(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(refusal("refuse"))
    project.makepyfile(test_three=THREE_CALLS)
    project.runpytest("--refusal-record=once").assert_outcomes(passed=1)
    (cassette,) = (project.path / "cassettes").rglob("*.yaml")
    complete = cassette.read_bytes()
    assert len(yaml.safe_load(complete)["interactions"]) == 3
    server.set_default(refusal("redirect"))
    project.runpytest_subprocess("--refusal-record=all")
    assert cassette.read_bytes() == complete


def test_ctrl_c_mid_samples_of_a_map_item_keeps_its_complete_cassette(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(refusal("refuse"))
    (project.path / "s.refusal.yaml").write_text(
        probe_map(server.base_url).replace("categories:", "defaults: {samples: 3}\ncategories:"), encoding="utf-8"
    )
    project.runpytest("--refusal-record=once", "-k", "p0").assert_outcomes(passed=1)
    cassette = project.path / "cassettes" / "s" / "local" / "p0-en.yaml"
    complete = cassette.read_bytes()
    server.clear()
    server.enqueue(refusal("redirect"), refusal("redirect").but(delay=30))
    process = start(project, "--refusal-record=all", "-k", "p0")
    wait_for(lambda: len(server.chat_requests) == 2)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert cassette.read_bytes() == complete, output
    assert not list(Path(cassette.parent).glob(".*.tmp"))
