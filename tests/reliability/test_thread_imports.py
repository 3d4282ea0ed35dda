"""Fetch-ahead threads never import a module for the first time: `httpx` beside `httpx2` used to break mid-import.

With both installed (common with langchain or litellm), vcrpy imports httpx; when that first
import ran in several fetch threads at once, some saw the module half initialised
("partially initialized module 'httpx' has no attribute 'Timeout'") and their items failed.
Everything the threads use is now imported before the first one starts. These runs are
subprocesses: in-process, this test's own imports would hide the problem.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pytest_refusal.testing import ScriptedServer, refusal

pytest.importorskip("httpx")  # the package beside httpx2 that vcrpy imports

THREAD_MODULES = (
    "httpx",
    "httpx2",
    "httpcore",
    "vcr",
    "vcr.patch",
    "vcr.filters",
    "vcr.request",
    "vcr.serialize",
    "yaml",
)

CHECK = f"""
import sys
from pytest_refusal.cassette import fetchahead

fetcher = fetchahead.Fetcher(4)  # no job yet: the threads would start with the first one
print(sorted(m for m in {THREAD_MODULES!r} if m not in sys.modules))
print("openai" in sys.modules)  # direct calls need no SDK (a second of CPU to import)
fetcher.close()
"""


def test_the_modules_fetch_threads_use_are_imported_before_any_thread_starts() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split() == ["[]", "False"], result.stdout + result.stderr


ITEMS = 300


def test_hundreds_of_items_record_at_concurrency_16_with_httpx_beside_httpx2(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    server.set_default(refusal("refuse"))
    probes = "".join(f"  - {{id: p{n}, category: weapons, prompt: {{en: question {n}}}}}\n" for n in range(ITEMS))
    (project.path / "many.refusal.yaml").write_text(
        f'models:\n  local: {{base_url: "{server.base_url}", model: scripted-1, api_key_env: LOCAL_TEST_KEY}}\n'
        "categories:\n  weapons: {expect: refuse}\n"
        f"probes:\n{probes}",
        encoding="utf-8",
    )
    result = project.runpytest_subprocess("-q", "--refusal-record=once", "--refusal-concurrency=16", timeout=600)
    output = result.stdout.str() + result.stderr.str()
    assert "partially initialized" not in output
    result.assert_outcomes(passed=ITEMS)
    assert len(server.chat_requests) == ITEMS
