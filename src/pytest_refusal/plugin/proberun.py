"""Running a map item: replay its cassette (straight from the file when it can) or record it, then judge the answers.

Collection builds thousands of items and runs few of them in some runs (`--collect-only`, `-k`):
what only a run needs lives here, and vcrpy, the SDK and the judge are imported when an item runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal import apis
from pytest_refusal.cassette.exchange import Exchange, counts, is_verdict_error
from pytest_refusal.cassette.recordmode import RecordMode
from pytest_refusal.observation import Observation
from pytest_refusal.plugin import faults, markers
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.cassettefolder import CassetteFolder
from pytest_refusal.providers import ModelSpec
from pytest_refusal.refusalmap.probemap import MapItem
from pytest_refusal.servedmodel import identity
from pytest_refusal.verdict import NotAVerdict, Verdict
from pytest_refusal.wirereading import assistant_answer

if TYPE_CHECKING:
    from pytest_refusal.cassette import fetchahead


class ProbeRun(pytest.Item):
    """What a map item does when it runs; its collection (`items.MapProbe`) sets what it reads."""

    map_item: MapItem
    spec: ModelSpec
    folder: CassetteFolder
    _cassette: str  # the cassette's path as text, found at collection

    @property
    def samples(self) -> int:
        return session_module.get(self.config).options.samples or self.map_item.params.samples

    @property
    def lock_limit(self) -> float:
        """How long fetching this item's cassette may take: past it, another process's lock on it is stale."""
        options = session_module.get(self.config).options
        return options.timeout * (options.max_retries + 1) * self.samples

    # Properties, not cached: an attribute added after `__init__` gives each of thousands of items
    # a dict of its own (about 750 bytes), where items made alike share their attribute names.
    @property
    def cassette_path(self) -> Path:
        """`<cassette_dir>/<map>/<model>/<probe>-<lang>.yaml`, checked to stay inside the cassette folder."""
        return Path(self._cassette)

    @property
    def shown_cassette(self) -> str:
        """The cassette's path as messages and reports show it (relative to the rootdir)."""
        return os.path.join(self.folder.shown, self.map_item.cassette_name)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.map_item.probe.line - 1, self.nodeid.split("::", 1)[-1]

    def setup(self) -> None:
        session = session_module.get(self.config)
        session.state(self).model = self.spec
        if session.options.record_mode is RecordMode.NONE:
            return  # replaying reaches no provider: no key is needed
        from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette

        # A missing key is a setup error naming the variable, as it is for the fixtures.
        session.clients.api_key(
            self.spec, RefusalCassette(self.cassette_path, CassetteConfig(session.options.record_mode))
        )

    def arguments(self) -> dict[str, Any]:
        """The request body in the model's API: the model, the prompt and the map's request settings."""
        params = self.map_item.params
        return apis.request_body(
            self.spec.api,
            self.spec.model,
            self.map_item.prompt,
            system=params.system,
            temperature=params.temperature,
            max_tokens=params.max_tokens,
        )

    def runtest(self) -> None:
        session = session_module.get(self.config)
        path = self.cassette_path
        mode = None
        if session.options.concurrency > 1 and session.options.record_mode in PREFETCHED:
            from pytest_refusal.cassette import fetchahead

            prefetch_all(session, self.session.items)
            assert session.fetcher is not None
            session.fetcher.wait(path)
            unreachable = session.fetcher.failure(path)
            if unreachable is not None:
                raise faults.ProviderFault(self._unreachable_message(session, unreachable))
            # Another xdist worker may hold the cassette (our job then found it locked): wait for its lock.
            fetchahead.wait_until_free(path, self.lock_limit)
            if path.is_file() and path.stat().st_mtime >= session.started:
                mode = RecordMode.NONE  # fetched during this run (here or by another worker): replay it
        # Replaying (also a cassette just fetched ahead): straight from the file when it is a plain lookup.
        if (mode or session.options.record_mode) is RecordMode.NONE and self._replay_directly(session):
            return
        cassette = session.open_cassette(self, path, mode)
        try:
            error = self._ask(session, cassette)
            session.state(self).faulted = isinstance(error, faults.ProviderFault)
        except BaseException:
            session.state(self).faulted = True  # stopped mid-call (Ctrl-C): what it recorded is a fragment
            raise
        finally:
            session.close_cassette(self)
        miss = session.replay_miss_for(self, cassette, nodeid_only=True)
        if miss:
            pytest.fail(miss, pytrace=False)
        if error is not None:
            raise error
        verdicts, texts, reasonings = self._judge(session, cassette)
        served = identity(cassette.exchanges)
        observation = self.observe(verdicts, texts, session.shown(cassette.path), reasonings, served)
        session.settle(self, observation, markers.policy_failure(observation, texts))

    def _unreachable_message(self, session: session_module.RefusalSession, error: fetchahead.Unreachable) -> str:
        """Why the item failed without a call of its own: its address could not be reached ahead of time."""
        advice = " Check the address and that the server is up, then record again."
        if not error.sent:
            return (
                f"provider error from {self.spec.describe()}: not sent, because earlier calls to the same address "
                f"could not connect ({str(error.cause) or type(error.cause).__name__}). This is not a refusal and is "
                "not recorded." + advice
            )
        fault = session.fault_message(error.cause, self.spec)
        return (fault or f"provider error from {self.spec.describe()}: {error.cause}") + advice

    def _replay_directly(self, session: session_module.RefusalSession) -> bool:
        """Judge the item from its cassette without vcrpy or the SDK; False when direct replay is not sure."""
        from pytest_refusal.cassette import direct

        key = (
            self.spec.api_key(os.environ) or "replay-without-key"
        )  # what the SDK would send (see calls.Clients.api_key)
        url = self.spec.base_url or ""
        found = direct.exchanges(
            self._cassette,  # the path as text: a direct replay builds no Path
            self.arguments(),
            self.samples,
            base_url=url,
            call_path=apis.request_path(self.spec.api, self.spec.model),
            secrets=session.clients.replay_secrets(key, url),
            is_verdict=session.is_verdict,
            cache=session.replay_cache(),
        )
        if found is None:
            return False
        verdicts, texts, reasonings = self._judge(session, _Replayed(found))
        observation = self.observe(verdicts, texts, self.shown_cassette, reasonings, identity(found))
        session.settle(self, observation, markers.policy_failure(observation, texts))
        return True

    def _ask(self, session: session_module.RefusalSession, cassette: Any) -> BaseException | None:
        """Send the prompt `samples` times; the first error that is not a refusal signal is returned."""
        import openai

        from pytest_refusal import modelcalls

        client = session.clients.client(self.spec, cassette)
        arguments = self.arguments()
        for _ in range(self.samples):
            try:
                modelcalls.create(client, self.spec.api, self.spec.model, arguments)
            except openai.APIStatusError as exc:
                if not is_verdict_error(exc.status_code, exc.response.content, session.is_verdict):
                    return faults.ProviderFault(session.fault_message(exc, self.spec) or str(exc))
            except openai.APIError as exc:
                return faults.ProviderFault(session.fault_message(exc, self.spec) or str(exc))
            except Exception as exc:  # noqa: BLE001 - e.g. replay could not answer: runtest explains it from the cassette
                broken = faults.broken_answer(cassette, exc, self.spec)  # invalid JSON, a cut body
                return faults.ProviderFault(broken) if broken else exc
        return None

    def _judge(
        self, session: session_module.RefusalSession, cassette: Any
    ) -> tuple[list[Verdict], list[str], list[str]]:
        """A verdict, the text and the reasoning of every answer the cassette holds: each sample, each choice."""
        from pytest_refusal.detector import split_choices
        from pytest_refusal.detector.signals import reading_once

        verdicts: list[Verdict] = []
        texts: list[str] = []
        reasonings: list[str] = []
        with reading_once():  # each answer is read once for its check, its verdict and its text
            for exchange in cassette.exchanges:
                if not counts(exchange):
                    continue
                for response in split_choices(exchange.judgeable()):
                    try:
                        verdicts.append(session.classify(response, prompt=self.map_item.prompt))
                    except NotAVerdict as exc:
                        raise faults.ProviderFault(
                            f"provider error from {self.spec.describe()}: HTTP {exchange.status} is not a refusal ({exc})"
                        ) from None
                    except (TypeError, ValueError) as exc:  # a 2xx body shaped like no answer (`choices: null`)
                        raise faults.ProviderFault(
                            f"provider error from {self.spec.describe()}: HTTP {exchange.status} holds no model answer "
                            f"({exc}). It is not a refusal and is not recorded."
                        ) from None
                    text, reasoning = assistant_answer(response)
                    texts.append(text or f"HTTP {exchange.status} {exchange.body.decode('utf-8', 'replace')}")
                    reasonings.append(reasoning)
        if session.options.judge.on:  # the judge stage: after the classifiers and the cues, for what stays uncertain
            from pytest_refusal.plugin.judging import Case, reconsider

            cases = [Case(v, self.map_item.prompt, t) for v, t in zip(verdicts, texts, strict=False)]
            verdicts = reconsider(session, self, cases, self.cassette_path)
        return verdicts, texts, reasonings

    def observe(
        self,
        verdicts: list[Verdict],
        texts: list[str],
        cassette: str,
        reasonings: list[str] | None = None,
        served: tuple[str, str] = ("", ""),
    ) -> Observation:
        m = self.map_item
        return Observation(
            nodeid=self.nodeid,
            model=self.spec.name,
            category=m.category,
            probe=m.probe.id,
            language=m.language,
            expectation=m.expectation,
            verdicts=tuple(verdicts),
            min_rate=m.params.min_rate,
            cassette=cassette,
            texts=tuple(texts),
            reasonings=tuple(reasonings) if reasonings and any(reasonings) else (),
            prompt=m.prompt,
            served=served[0],
            fingerprint=served[1],
            task=m.task,
        )


class _Replayed:
    """What `_judge` reads of a cassette: the exchanges direct replay found."""

    def __init__(self, exchanges: list[Exchange]) -> None:
        self.exchanges = exchanges


def selected(items: Iterable[pytest.Item]) -> Iterator[ProbeRun]:
    return (item for item in items if isinstance(item, ProbeRun))


# Record modes whose cassettes can be fetched whole ahead of time (new_episodes appends to a cassette).
PREFETCHED = (RecordMode.ONCE, RecordMode.ALL)


def prefetch_all(session: session_module.RefusalSession, items: Iterable[pytest.Item]) -> None:
    """Once per process, at the first map item: start fetching every selected map item's cassette that needs recording.

    Jobs are submitted in item order as soon as each is built, so the first requests are on the
    wire while later jobs are still being prepared, and the first items can be judged early.
    """
    from pytest_refusal.cassette import fetchahead

    if session.fetcher is not None:
        return
    # The fetch threads read what they fetched (is it an answer to keep?) through the detector's readers:
    # imported here, before any thread starts, or two threads importing it at once may see it half
    # initialised ("cannot import name 'parse_body' from partially initialized module").
    import pytest_refusal.detector  # noqa: F401

    session.fetcher = fetcher = fetchahead.Fetcher(session.options.concurrency)
    for item in selected(items):
        job = _job(session, item)
        if job is not None:
            fetcher.submit(job)


def _job(session: session_module.RefusalSession, item: ProbeRun) -> fetchahead.Job | None:
    from pytest_refusal.cassette import fetchahead
    from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette
    from pytest_refusal.plugin.options import live_secrets

    path = item.cassette_path
    if item.get_closest_marker("skip") or (path.is_file() and path.stat().st_mtime >= session.started):
        return None
    try:
        config = CassetteConfig(
            session.options.record_mode,
            secrets=live_secrets(session.options.models, session.presets),
            is_verdict=session.is_verdict,
            url_aliases=session.clients.local_aliases(item.spec, path),
            judges=session.judges,
            known=session.known_secrets,
        )
        probe = RefusalCassette(path, config)
        if not probe.needs_network or item.spec.api_key(os.environ) is None:
            return None  # nothing to record, or no key: the item says so itself
        client = session.clients.direct_caller(item.spec, probe) or session.clients.client(item.spec, probe)
    except faults.ProviderFault:
        return None  # e.g. the embedded model cannot start: every item reports it
    return fetchahead.Job(
        path,
        client,
        item.arguments(),
        item.samples,
        config,
        since=session.started,
        api=item.spec.api,
        model=item.spec.model,
        stale_after=item.lock_limit,
    )
