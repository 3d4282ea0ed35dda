"""Concurrency: `-n 4` recording and replay against one cassette folder.

No two processes may write the same file (a cassette written twice at once loses one of the
recordings), only the controller writes the baseline and reports, and the reports of a
parallel run are byte for byte those of a serial one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from pytest_refusal.testing import ScriptedServer, refusal

pytestmark = pytest.mark.slow

# Logs every file write with the process that made it; the project's conftest installs it.
WRITE_LOG = """
import os
import pytest_refusal.atomicfile

def logged(write):
    def wrapper(path, data, **kwargs):
        if "refusal-replay" in os.fspath(path):  # direct replay's cache: any process may fill it
            return write(path, data, **kwargs)
        who = os.environ.get("PYTEST_XDIST_WORKER", "controller")
        with open(os.path.join(os.path.dirname(__file__), "writes.log"), "a", encoding="utf-8") as log:
            log.write(f"{who}\\t{os.path.relpath(path, os.path.dirname(__file__))}\\n")
        return write(path, data, **kwargs)
    return wrapper

pytest_refusal.atomicfile.write_atomic = logged(pytest_refusal.atomicfile.write_atomic)
"""

TESTS = """
import pytest

@pytest.mark.expect_refusal("politics", languages=["en"])
@pytest.mark.parametrize("n", range(12))
def test_marker(ask, n):
    ask(f"marker question {n}")

@pytest.mark.expect_refusal("politics")
@pytest.mark.parametrize("who", ["a/b", "a-b", "a:b", "A-B"])
def test_unsafe_ids(ask, who):
    ask(f"who is {who}")
"""


def probe_map(base_url: str) -> str:
    probes = "".join(f"  - {{id: p{n}, category: politics, prompt: {{en: q {n}, zh: 问 {n}}}}}\n" for n in range(8))
    return (
        f'models:\n  local: {{base_url: "{base_url}", model: scripted-1, api_key_env: LOCAL_TEST_KEY}}\n'
        f"categories:\n  politics: {{expect: refuse}}\nprobes:\n{probes}"
    )


ITEMS = 12 + 4 + 16
REPORTS = ("map.json", "map.md", "map.html")


def writes(project: pytest.Pytester) -> list[tuple[str, str]]:
    log = project.path / "writes.log"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return [(line.split("\t")[0], line.split("\t")[1]) for line in lines]


@pytest.fixture
def parallel_project(
    project: pytest.Pytester, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> pytest.Pytester:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # when the outer suite runs under -n
    project.makeconftest(WRITE_LOG)
    project.makepyfile(test_probes=TESTS)
    (project.path / "politics.refusal.yaml").write_text(probe_map(server.base_url), encoding="utf-8")
    server.set_default(refusal("refuse").but(delay=0.01))
    return project


@pytest.mark.parametrize(
    "prefetch",
    [
        pytest.param([], id="one-call-at-a-time"),
        pytest.param(["--refusal-concurrency=3"], id="prefetching"),
    ],
)
def test_four_workers_recording_one_cassette_folder_never_write_the_same_file(
    parallel_project: pytest.Pytester, server: ScriptedServer, prefetch: list[str]
) -> None:
    result = parallel_project.runpytest_subprocess(
        "-n", "4", "--refusal-record=once", "--refusal-update-baseline", *prefetch
    )
    result.assert_outcomes(passed=ITEMS)
    logged = writes(parallel_project)
    cassettes = [path for who, path in logged if path.startswith("cassettes/")]
    twice = sorted(f"{who} {path}" for who, path in logged if Counter(cassettes)[path] > 1)
    assert len(cassettes) == ITEMS and not twice, twice
    assert {who for who, path in logged if not path.startswith("cassettes/")} == {"controller"}
    assert len({who for who, path in logged if path.startswith("cassettes/")}) > 1  # really in parallel
    # Each cassette holds its own item's request: no worker wrote another's answer.
    for path in (parallel_project.path / "cassettes" / "test_probes").glob("*.yaml"):
        [interaction] = yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]
        body = interaction["request"]["body"]
        assert ("marker question" in body) == path.name.startswith("test_marker"), path.name
    assert len(server.chat_requests) == ITEMS


def test_reports_of_a_four_worker_replay_are_identical_to_a_serial_replay(parallel_project: pytest.Pytester) -> None:
    parallel_project.runpytest_subprocess("--refusal-record=once", "--refusal-update-baseline").assert_outcomes(
        passed=ITEMS
    )
    baseline = (parallel_project.path / "refusal-baseline.yaml").read_bytes()
    serial = parallel_project.runpytest_subprocess(*(f"--refusal-report=serial-{name}" for name in REPORTS))
    serial.assert_outcomes(passed=ITEMS)
    parallel = parallel_project.runpytest_subprocess("-n", "4", *(f"--refusal-report=xdist-{name}" for name in REPORTS))
    parallel.assert_outcomes(passed=ITEMS)
    for name in REPORTS:
        assert (
            Path(parallel_project.path, f"xdist-{name}").read_bytes()
            == Path(parallel_project.path, f"serial-{name}").read_bytes()
        ), name
    assert {who for who, _ in writes(parallel_project)} == {"controller"}  # replay writes reports only
    assert (parallel_project.path / "refusal-baseline.yaml").read_bytes() == baseline
