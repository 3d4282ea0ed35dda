"""The progress line while recording many items: done / total, rate, retries and rate-limit waits; quiet under -q."""

from __future__ import annotations

import re

import pytest

from pytest_refusal.plugin import progress
from pytest_refusal.testing import ScriptedServer, answer, fault

LINE = re.compile(
    r"^refusal: recorded (\d+)/20 items \((\d+)%\), [\d.]+ items/s, (\d+) retr(?:y|ies), "
    r"(\d+) rate-limit waits?(?: \(([\d.]+) s\))?$"
)


@pytest.fixture
def twenty(project: pytest.Pytester, server: ScriptedServer) -> pytest.Pytester:
    """A map of 10 probes × 2 models: 20 items to record."""
    probes = "\n".join(f"  - {{id: story-{i}, category: fiction, prompt: {{en: Tell story {i}.}}}}" for i in range(10))
    (project.path / "politics.refusal.yaml").unlink()
    (project.path / "stories.refusal.yaml").write_text(
        f'models:\n  kimi: {{base_url: "{server.base_url}", model: kimi-k2, api_key_env: MAP_TEST_KEY}}\n'
        f'  gpt: {{base_url: "{server.base_url}", model: gpt-x, api_key_env: MAP_TEST_KEY}}\n'
        f"categories:\n  fiction: {{expect: comply}}\nprobes:\n{probes}\n",
        encoding="utf-8",
    )
    server.set_default(answer("Once upon a time."))
    return project


def lines(output: list[str]) -> list[tuple[int, ...]]:
    found = [LINE.match(line.strip()) for line in output]
    return [tuple(int(float(g or 0)) for g in m.groups()[:4]) for m in found if m]


def test_recording_shows_a_line_at_each_tenth_with_retries_and_rate_limit_waits(
    twenty: pytest.Pytester, server: ScriptedServer
) -> None:
    server.enqueue(fault(429, retry_after=0.05), fault(429, retry_after=0.05))
    result = twenty.runpytest("--refusal-record=once", "--refusal-max-retries=2")
    result.assert_outcomes(passed=20)
    shown = lines(result.stdout.lines)
    assert [done for done, *_ in shown] == [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
    assert [percent for _, percent, *_ in shown] == list(range(10, 101, 10))
    assert shown[-1][2:] == (2, 2)  # two requests sent again, both after a 429
    assert result.stdout.lines[-1].endswith("20 passed in " + result.stdout.lines[-1].split(" in ")[-1])
    [last] = [line for line in result.stdout.lines if "recorded 20/20" in line]
    assert last.endswith("2 retries, 2 rate-limit waits (0.1 s)")


def test_the_progress_line_is_quiet_under_q_and_absent_when_replaying(twenty: pytest.Pytester) -> None:
    quiet = twenty.runpytest("--refusal-record=once", "-q")
    quiet.assert_outcomes(passed=20)
    assert lines(quiet.stdout.lines) == [] and "refusal: recorded" not in quiet.stdout.str()
    replay = twenty.runpytest()
    replay.assert_outcomes(passed=20)
    assert "refusal: recorded" not in replay.stdout.str()


def test_under_xdist_the_controller_counts_every_workers_items_and_retries(
    twenty: pytest.Pytester, server: ScriptedServer
) -> None:
    server.enqueue(fault(429, retry_after=0.05))
    result = twenty.runpytest("-n", "2", "--refusal-record=once", "--refusal-max-retries=2")
    result.assert_outcomes(passed=20)
    shown = lines(result.stdout.lines)
    assert shown and shown[-1][:2] == (20, 100) and [s[0] for s in shown] == sorted({s[0] for s in shown})
    assert shown[-1][2:] == (1, 1)


@pytest.mark.parametrize(
    ("done", "total", "shown", "expected"),
    [
        (1, 20, 0, False),
        (2, 20, 0, True),
        (3, 20, 2, False),
        (4, 20, 2, True),
        (20, 20, 19, True),
        (5, 19, 0, False),
        (7, 200, 0, False),
        (20, 200, 0, True),
        (25, 200, 20, False),
        (40, 200, 25, True),
    ],
    ids=[
        "first",
        "a tenth",
        "same tenth",
        "next tenth",
        "the end",
        "too few items",
        "under a tenth",
        "200: a tenth",
        "200: same tenth",
        "200: next tenth",
    ],
)
def test_a_line_is_due_at_each_tenth_of_a_run_of_20_items_or_more(
    done: int, total: int, shown: int, expected: bool
) -> None:
    assert progress.due(done, total, shown) is expected


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after-ms": "250", "retry-after": "1"}, 0.25),
        ({"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}, 0.0),
        ({}, 0.0),
        ({"retry-after": "-3"}, 0.0),
    ],
    ids=["seconds", "milliseconds first", "an HTTP date", "none", "negative"],
)
def test_a_rate_limit_wait_is_read_from_the_answer(headers: dict[str, str], seconds: float) -> None:
    assert progress.retry_after(headers) == seconds


def test_the_line_counts_in_the_singular() -> None:
    assert progress.Progress(1, 20, 2.0, retries=1, rate_limited=1, waited=0.5).line == (
        "refusal: recorded 1/20 items (5%), 0.5 items/s, 1 retry, 1 rate-limit wait (0.5 s)"
    )
    assert progress.Progress(20, 20, 0.0).line.endswith("0.0 items/s, 0 retries, 0 rate-limit waits")
