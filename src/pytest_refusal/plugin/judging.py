"""Judging a marked test's answers, and the judge stage: after the classifiers and the cues, the LLM judge.

`judge_marked` judges what a marked test exchanged against its marker. `reconsider` is the judge
stage's one entry point: both judging loops (marker tests and refusal-map items) hand it the
verdicts they found, and get back the verdicts to publish. Judge calls are recorded
in a cassette beside the item's (`<item>.judge.yaml`) and replayed from it like any call, so CI
stays offline and deterministic; a missing judge recording fails with the command that records it.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.plugin import markers
from pytest_refusal.plugin.faults import ProviderFault, error_text
from pytest_refusal.plugin.options import live_secrets
from pytest_refusal.providers import PRESETS, ModelSpec
from pytest_refusal.verdict import NotAVerdict, Verdict

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


def judge_marked(session: RefusalSession, item: pytest.Item, *, test_passed: bool) -> None:
    """Judge the item's model responses (every API, every choice of an n > 1 completion) against its marker.

    Records the observation; fails if it breaks the marker or the answers are broken.
    """
    from pytest_refusal.cassette.exchange import counts
    from pytest_refusal.detector import split_choices
    from pytest_refusal.wire import assistant_reasoning, assistant_text

    state = session.state(item)
    spec, cassette = state.spec, state.cassette
    if cassette is None:
        return
    if state.beside is not None:
        state.beside.collect(cassette)
    miss = session.replay_miss(item)
    if miss and test_passed:
        pytest.fail(miss, pytrace=False)  # the code under test swallowed the replay error
    if spec is None:
        return
    calls = [e for e in cassette.exchanges if e.is_model_call]
    answered = [e for e in calls if counts(e)]
    if calls and not answered and test_passed:
        last = calls[-1]
        raise ProviderFault(
            f"provider error from {state.model.describe() if state.model else last.host}: every model call "
            f"failed (last: HTTP {last.status}, {error_text(last.body)}); no verdict was recorded."
        )
    judged: list[markers.Judged] = []
    for exchange in answered:
        for response in split_choices(exchange.judgeable()):  # n > 1: each choice is one response
            try:
                verdict = session.classify(response, prompt=exchange.prompt or None)
            except (NotAVerdict, TypeError, ValueError) as exc:  # no answer, or a body shaped like none
                if not test_passed:
                    continue  # the test's own failure is the one to show
                raise ProviderFault(
                    f"provider error from {exchange.host}: HTTP {exchange.status} is not a refusal ({exc}); "
                    "it was judged neither way."
                ) from None
            judged.append(markers.Judged(exchange, verdict, assistant_text(response), assistant_reasoning(response)))
    if session.options.judge.on:  # the judge stage: after the classifiers and the cues, for what stays uncertain
        real = [j for j in judged if j.exchange.source != "simulated"]
        second = reconsider(session, item, [Case(j.verdict, j.exchange.prompt, j.text) for j in real], cassette.path)
        opinions = {id(j): v for j, v in zip(real, second, strict=False)}
        judged = [dataclasses.replace(j, verdict=opinions.get(id(j), j.verdict)) for j in judged]

    def observe(chosen: list[markers.Judged]) -> Observation:
        asked = next((j.exchange.prompt for j in chosen if j.exchange.prompt), "")
        return dataclasses.replace(observed(chosen), prompt=asked)  # reports show what was asked

    def observed(chosen: list[markers.Judged]) -> Observation:
        return markers.observe(
            spec,
            chosen,
            nodeid=item.nodeid,
            probe=getattr(item, "originalname", item.name),
            model=state.model.name if state.model else "",
            # Judging runs before the cassette is written, so "will be written" counts as well.
            cassette=session.shown(cassette.path) if any(e.source != "simulated" for e in answered) else "",
        )

    observation = observe(judged)
    if judged:
        # A simulated refusal tests how the product handles one: the policy holds for it, but it is
        # not the model's answer, so only real answers are published for the map and the baseline.
        real = [j for j in judged if j.exchange.source != "simulated"]
        published = observation if len(real) == len(judged) else observe(real)
        # When the test already failed, its own failure is the one to show: publish, do not fail again.
        session.settle(item, published, markers.failure(spec, observation, judged), may_fail=test_passed)
    elif test_passed:
        others = [f"{e.method} {e.path}" for e in cassette.exchanges if not e.is_model_call]
        message = markers.failure(spec, observation, judged, other_requests=others)
        if message:
            pytest.fail(message, pytrace=False)


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

        client = session.clients.client(spec, cassette)
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
        warnings.warn(
            RefusalJudgeWarning(session.clean(f"{item.nodeid}: {problem}; the cue verdict stands")), stacklevel=1
        )
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
        url_aliases=session.clients.local_aliases(spec, path),
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
    from pytest_refusal.cassette.replaymiss import ReplayMiss

    miss = ReplayMiss(
        nodeid=item.nodeid,
        cassette=cassette.path,
        unmatched=tuple(cassette.unmatched),
        key_env=spec.key_env,
        shown_root=session.config.rootpath,
    ).message()
    pytest.fail(f"judge recording missing ({spec.describe()}):\n{miss}", pytrace=False)


__all__ = ["Case", "RefusalJudgeWarning", "judge_cassette_path", "judge_marked", "judge_spec", "reconsider"]
