"""The judge stage of judging an item: after the custom classifiers and the cues, the LLM judge for what stays uncertain.

`reconsider` is the one entry point: both judging loops (marker tests and refusal-map items)
hand it the verdicts they found, and get back the verdicts to publish. Judge calls are recorded
in a cassette beside the item's (`<item>.judge.yaml`) and replayed from it like any call, so CI
stays offline and deterministic; a missing judge recording fails with the command that records it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_refusal.plugin.options import live_secrets
from pytest_refusal.providers import PRESETS, ModelSpec
from pytest_refusal.verdict import Verdict

if TYPE_CHECKING:
    from pytest_refusal.cassette.vcr import RefusalCassette
    from pytest_refusal.plugin.session import RefusalSession


class RefusalJudgeWarning(UserWarning):
    """The judge gave no usable answer (malformed twice, or an error): the cue verdict stands."""


@dataclass(frozen=True)
class Case:
    """One response as the judging loops found it: the cue verdict, the request's prompt and the final answer's text."""

    verdict: Verdict
    prompt: str
    text: str


def judge_cassette_path(item_cassette: Path) -> Path:
    """`cassettes/map/kimi/tiananmen-1989-zh.judge.yaml` beside `.../tiananmen-1989-zh.yaml`."""
    return item_cassette.with_name(item_cassette.stem + ".judge.yaml")


def reconsider(session: RefusalSession, item: pytest.Item, cases: Sequence[Case], item_cassette: Path) -> list[Verdict]:
    """The verdicts to publish: the judge's where `JudgeSettings.wants` one and it answered, else the cue's."""
    settings = session.options.judge
    verdicts = [case.verdict for case in cases]
    wanted = [i for i, case in enumerate(cases) if settings.wants(case.verdict, case.text)]
    if not wanted:
        return verdicts
    spec = judge_spec(session)
    cassette = _open(session, spec, judge_cassette_path(item_cassette))
    problems: list[str] = []
    try:
        from pytest_refusal.judge.call import judged

        client = session.client(spec, cassette)
        for index in wanted:
            try:
                outcome = judged(client, spec, verdicts[index], cases[index].prompt, cases[index].text)
            except Exception:
                if cassette.unmatched:
                    break  # replay could not answer: explained below, never a verdict
                raise
            if outcome.verdict is None:
                problems.append(outcome.problem)
            else:
                verdicts[index] = outcome.verdict
    finally:
        _close(session, item, cassette)
    _fail_on_miss(session, item, spec, cassette)
    for problem in problems:
        warnings.warn(RefusalJudgeWarning(session.clean(f"{item.nodeid}: {problem}; the cue verdict stands")), stacklevel=1)
    return verdicts


def judge_spec(session: RefusalSession) -> ModelSpec:
    """The judge model `refusal_judge` names (maps' models count: they are known after collection)."""
    models = {**session.map_models, **session.options.models}
    try:
        return session.options.judge.spec(models, {**PRESETS, **session.presets})
    except ValueError as exc:
        problem = str(exc)
    pytest.fail(f"pytest-refusal: {problem}", pytrace=False)


def _open(session: RefusalSession, spec: ModelSpec, path: Path) -> RefusalCassette:
    from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette, UnreadableCassette

    models = {**session.options.models, spec.name: spec}
    config = CassetteConfig(
        session.options.record_mode,
        secrets=live_secrets(models, {**PRESETS, **session.presets}),
        is_verdict=lambda status, body: False,  # a judge's error is never recorded: it is no verdict
        url_aliases=session.local_aliases(spec, path),
        known=session.known_secrets,
    )
    unreadable = ""
    try:
        return RefusalCassette(path, config).open()
    except UnreadableCassette as exc:
        unreadable = str(exc).replace(str(path), session.shown(path))
    pytest.fail(unreadable, pytrace=False)


def _close(session: RefusalSession, item: pytest.Item, cassette: RefusalCassette) -> None:
    from pytest_refusal.cassette.vcr import UnwritableCassette

    problem = ""
    try:
        cassette.close()
    except UnwritableCassette as exc:
        problem = str(exc)
    if cassette.findings:
        places = "; ".join(str(f) for f in cassette.findings)
        problem = f"pytest-refusal did not write the judge cassette {session.shown(cassette.path)}: it would contain a secret ({places})"
    if problem:
        pytest.fail(session.clean(f"{item.nodeid}: {problem}"), pytrace=False)


def _fail_on_miss(session: RefusalSession, item: pytest.Item, spec: ModelSpec, cassette: RefusalCassette) -> None:
    """A judge call replay could not answer fails the test, with the command that records it (as for any cassette)."""
    if not cassette.unmatched:
        return
    from pytest_refusal.cassette.vcr import ReplayMiss

    miss = ReplayMiss(
        nodeid=item.nodeid,
        cassette=cassette.path,
        unmatched=tuple(cassette.unmatched),
        key_env=spec.key_env,
        shown_root=session.config.rootpath,
    ).message()
    pytest.fail(f"judge recording missing ({spec.describe()}):\n{miss}", pytrace=False)


__all__ = ["Case", "RefusalJudgeWarning", "judge_cassette_path", "judge_spec", "reconsider"]
