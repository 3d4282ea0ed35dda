"""The session object: all pytest-refusal state for one run, kept in `config.stash` (a marked test is judged in `judging`)."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_refusal import scrub
from pytest_refusal.cassette.recordmode import RecordMode
from pytest_refusal.observation import Observation
from pytest_refusal.plugin import faults
from pytest_refusal.plugin.calls import Clients
from pytest_refusal.plugin.driftcheck import fail_for_policy_or_drift
from pytest_refusal.plugin.faults import ProviderFault
from pytest_refusal.plugin.itemstate import ITEM_KEY, ItemState
from pytest_refusal.plugin.keys import OBSERVATION_PROPERTY
from pytest_refusal.plugin.options import Options, live_secrets
from pytest_refusal.plugin.progress import CallCounter
from pytest_refusal.plugin.runsecrets import RunSecrets, redacted
from pytest_refusal.providers import ModelSpec, Preset, key_env_for_host
from pytest_refusal.verdict import NotAVerdict, Verdict

if TYPE_CHECKING:
    from pytest_refusal.cassette.fetchahead import Fetcher
    from pytest_refusal.cassette.replayindex import ReplayIndex
    from pytest_refusal.cassette.vcr import RefusalCassette
    from pytest_refusal.refusalmap.baseline import Baseline
    from pytest_refusal.refusalmap.runresult import Outcome


@dataclass
class RefusalSession:
    """All state of one pytest run: resolved options, presets and the observations collected so far."""

    config: pytest.Config
    options: Options
    presets: dict[str, Preset]
    observations: list[Observation] = field(default_factory=list)
    # Node ids of probe maps that failed to load: collection errors that must not stop the run.
    map_collect_errors: set[str] = field(default_factory=set)
    map_models: dict[str, ModelSpec] = field(default_factory=dict)  # the models the collected refusal maps define
    map_stems: dict[str, Path] = field(default_factory=dict)  # cassette folder name → the map that owns it
    deselected: int = 0
    usage_error: str | None = None  # found by an xdist worker after collection; the controller raises it
    outcome: Outcome | None = None
    started: float = field(default_factory=time.time)
    fetcher: Fetcher | None = None  # fetches the map's missing cassettes ahead (--refusal-concurrency), once started
    _baseline: Baseline | None = None
    _replay_cache: ReplayIndex | bool | None = None  # False: pytest's cache is off
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # Observations settled in this process and not yet reported, by node id (see `collect`).
    _settled: dict[str, Observation] = field(default_factory=dict)
    run_secrets: RunSecrets = field(default_factory=RunSecrets)  # what is redacted in everything the plugin shows
    calls: CallCounter = field(default_factory=lambda: CallCounter())  # retries and 429s of the plugin's clients
    clients: Clients = field(init=False)  # the plugin's own calls: clients, keys, base URLs, the local model

    def __post_init__(self) -> None:
        self.clients = Clients(self.options, self.presets, self.calls)

    # --- items ---------------------------------------------------------------------------------
    @staticmethod
    def state(item: pytest.Item) -> ItemState:
        if ITEM_KEY not in item.stash:
            item.stash[ITEM_KEY] = ItemState()
        return item.stash[ITEM_KEY]

    def open_cassette(
        self, item: pytest.Item, path: Path | None = None, record_mode: RecordMode | None = None
    ) -> RefusalCassette:
        """The item's cassette, opened once (recording or replaying per --refusal-record).

        `path` defaults to the one named after the test; refusal-map items pass their own.
        """
        from pytest_refusal.cassette.paths import cassette_path
        from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette, UnreadableCassette

        state = self.state(item)
        if state.cassette is None:
            if path is None:
                module, _, name = item.nodeid.partition("::")
                path = cassette_path(self.options.cassette_dir, module, name or item.name)
            if state.beside is not None and state.beside.replays_nothing and path.is_file():
                state.beside = None  # only pytest-refusal's own cassette holds the traffic: it replays
            path = state.beside.path if state.beside else path
            secrets = live_secrets(self.options.models, self.presets)
            aliases = self.clients.local_aliases(state.model, path)
            unreadable = ""
            try:
                config = CassetteConfig(
                    record_mode or self.options.record_mode,
                    secrets=secrets,
                    is_verdict=self.is_verdict,
                    url_aliases=aliases,
                    judges=self.judges,
                    known=self.known_secrets,
                )
                # Beside pytest-recording, its cassette alone holds the traffic (see vcrmarker).
                state.cassette = RefusalCassette(path, config) if state.beside else RefusalCassette(path, config).open()
            except UnreadableCassette as exc:
                unreadable = str(exc).replace(str(path), self.shown(path))
            if unreadable:  # failed outside the except block, so no chained traceback is shown
                pytest.fail(unreadable, pytrace=False)
            assert state.cassette is not None
            replaying = state.beside.record_mode == "none" if state.beside else True
            if self.options.record_mode is RecordMode.NONE and replaying:  # nothing may reach the network
                from pytest_refusal.cassette.netguard import NetworkGuard

                state.guard = NetworkGuard(self.options.allow_hosts).start()
        return state.cassette

    def close_cassette(self, item: pytest.Item) -> None:
        state = self.state(item)
        cassette, state.cassette = state.cassette, None
        if state.guard is not None:
            state.guard.stop()
        if cassette is None:
            return
        if state.beside is not None:
            state.beside.settle(cassette, write=not state.faulted)
        if state.faulted:
            cassette.discard()  # the old cassette, if any, stays as it was
            return
        from pytest_refusal.cassette.vcr import UnwritableCassette

        unwritable = ""
        try:
            cassette.close()
        except UnwritableCassette as exc:
            unwritable = str(exc).replace(str(cassette.path), self.shown(cassette.path))
        if unwritable:  # failed outside the except block, so no chained traceback is shown
            pytest.fail(unwritable, pytrace=False)
        if cassette.findings:
            places = "\n".join(f"  - {f}" for f in cassette.findings)
            pytest.fail(
                f"pytest-refusal did not write cassette {self.shown(cassette.path)}: it would contain a secret\n"
                f"{places}\n"
                "Secret headers (authorization, api-key, cookies, x-stainless-*) are removed before writing; "
                "these were found elsewhere (an echoed header, a URL or a body). Remove them from what your "
                "code sends or receives, then record again.",
                pytrace=False,
            )

    @property
    def known_secrets(self) -> scrub.SecretSet:
        """Every credential value the run's requests carried (see `runsecrets`)."""
        return self.run_secrets.known

    def secrets(self) -> tuple[str, ...]:
        """Every credential value to redact: those the run's requests carried, live keys, base URLs' passwords."""
        return self.run_secrets.values((*self.map_models.values(), *self.options.models.values()), self.presets)

    def clean(self, text: str) -> str:
        """`text` as the plugin may show or write it: `scrub.clean` with `secrets`."""
        return scrub.clean(text, self.secrets())

    def cleaner(self) -> Callable[[str], str]:
        """`clean` with the secrets read once, at the first text (see `RunSecrets.cleaner`)."""
        return self.run_secrets.cleaner(self.secrets)

    def redacted(self, observation: Observation, secrets: tuple[str, ...] | None = None) -> Observation:
        """The observation with every text clean: reports, JUnit XML and the baseline are made from it.

        `secrets` are those `settle` read for the item; by default the run's, read now.
        """
        return redacted(observation, self.secrets() if secrets is None else secrets)

    def shown(self, path: os.PathLike[str] | str) -> str:
        try:
            return os.path.relpath(path, self.config.rootpath)
        except ValueError:
            return str(path)

    # --- judging -------------------------------------------------------------------------------
    def is_verdict(self, status: int, body: bytes) -> bool:
        """Whether an error response says something about refusal (a content filter), so it may be recorded."""
        try:
            self.classify((status, body))
        except NotAVerdict:
            return False
        except Exception:  # noqa: BLE001 - a detector that cannot read it: keep it, judging will report the problem
            return True
        return True

    def judges(self, response: object) -> bool:
        """Whether a 2xx chat answer is one the detector can judge; anything else is a fault, never recorded."""
        try:
            self.classify(response)
        except Exception:  # noqa: BLE001 - NotAVerdict, or a shape the detector cannot read at all
            return False
        return True

    def classify(self, response: object, *, prompt: str | None = None) -> Verdict:
        """The verdict of the `pytest_refusal_classify` hooks; `prompt` is the request's last user message, if known."""
        verdict: Verdict = self.config.hook.pytest_refusal_classify(
            response=response, config=self.config, prompt=prompt
        )
        return verdict

    def explain(self, item: pytest.Item, exc: BaseException) -> None:
        """Replace a failure caused by replay or by the provider with one that says what to do."""
        miss = self.replay_miss(item)
        if miss:
            raise pytest.fail.Exception(miss, pytrace=False) from None
        beside = self.state(item).beside
        miss = beside.miss(exc, item.nodeid, self.shown(beside.path)) if beside else None
        if miss:
            raise pytest.fail.Exception(miss, pytrace=False) from None
        state = self.state(item)
        blocked = faults.blocked_escape(self.fault_context(), exc, state.cassette, state.model, state.spec)
        if blocked:  # the provider's block escaped the product: a failure of the product, not an SDK traceback
            raise pytest.fail.Exception(blocked, pytrace=False) from None
        model = self.state(item).model
        fault = self.fault_message(exc, model) or faults.broken_answer(self.state(item).cassette, exc, model)
        if fault:
            raise ProviderFault(fault) from None

    def replay_cache(self) -> ReplayIndex | None:
        """Parsed copies of the cassettes map items replay, kept in pytest's cache (None without the cacheprovider)."""
        if self._replay_cache is None:
            cache = getattr(self.config, "cache", None)
            if cache is None:
                self._replay_cache = False
            else:
                from pytest_refusal.cassette.replayindex import ReplayIndex

                workerinput = getattr(self.config, "workerinput", None)  # an xdist worker's, not the environment's
                name = str(workerinput["workerid"]) if workerinput and "workerid" in workerinput else "main"
                self._replay_cache = ReplayIndex(cache.mkdir("refusal-replay"), name)
        return None if isinstance(self._replay_cache, bool) else self._replay_cache

    def close(self) -> None:
        """End of the run: stop fetching ahead, close shared clients, stop the embedded model, keep parsed cassettes."""
        if self.fetcher is not None:
            self.fetcher.close()
        self.clients.close()
        if self._replay_cache is not None and not isinstance(self._replay_cache, bool):
            self._replay_cache.save()

    def replay_miss(self, item: pytest.Item) -> str | None:
        return self.replay_miss_for(item, self.state(item).cassette)

    def replay_miss_for(
        self, item: pytest.Item, cassette: RefusalCassette | None, *, nodeid_only: bool = False
    ) -> str | None:
        """Why replay could not answer, with the command to record it (`nodeid_only`: no --refusal-models)."""
        from pytest_refusal.cassette.replaymiss import ReplayMiss

        state = self.state(item)
        if cassette is not None and state.guard is not None and state.guard.attempts:
            return self.escape_message(item, cassette, nodeid_only=nodeid_only)
        if cassette is None or not cassette.unmatched:
            return None
        first = cassette.unmatched[0]
        host = first.url.split("/")[2].split(":")[0] if "//" in first.url else ""
        key_env = (
            state.model.key_env if state.model else key_env_for_host(host, self.options.models.values(), self.presets)
        )
        return ReplayMiss(
            nodeid=item.nodeid,
            cassette=cassette.path,
            unmatched=tuple(cassette.unmatched),
            key_env=key_env,
            model=state.model.name if state.model and not nodeid_only else None,
            shown_root=self.config.rootpath,
        ).message()

    def escape_message(self, item: pytest.Item, cassette: RefusalCassette, *, nodeid_only: bool = False) -> str:
        """Why a replaying test failed: a request went around its cassette, and the guard refused it."""
        from pytest_refusal.cassette.netguard import escape_message
        from pytest_refusal.cassette.vcr import record_command

        state = self.state(item)
        assert state.guard is not None
        mode = RecordMode.NEW_EPISODES if cassette.exists else RecordMode.ONCE
        model = state.model.name if state.model and not nodeid_only else None
        if state.beside is not None:
            command = state.beside.record_command(item.nodeid)
        else:
            command = record_command(item.nodeid, mode, model=model)
        host = state.guard.attempts[0].host
        models = self.options.models.values()
        key_env = state.model.key_env if state.model else key_env_for_host(host, models, self.presets)
        command += f" (needs {key_env})" if key_env else ""
        state.guard.shown = len(state.guard.attempts)
        vcrpy = str(getattr(sys.modules.get("vcr"), "__version__", ""))
        return escape_message(item.nodeid, self.shown(cassette.path), state.guard.attempts, command, vcrpy)

    def fail_late_escape(self, item: pytest.Item, cassette: RefusalCassette) -> None:
        """Fail the teardown for connections refused after the test was judged (a fixture's teardown made them)."""
        guard = self.state(item).guard
        if guard is not None and len(guard.attempts) > guard.shown:
            pytest.fail(self.escape_message(item, cassette), pytrace=False)

    def fault_message(self, exc: BaseException, model: ModelSpec | None) -> str | None:
        """A teaching message when `exc` is a provider fault from the openai SDK (or a direct call's lost connection), else None."""
        context = self.fault_context()
        found = faults.sdk_fault_message(context, exc, model)
        if found is None and model is not None:
            found = faults.transport_fault_message(context, exc, model)
        return found

    def fault_context(self) -> faults.FaultContext:
        """What fault messages need of the run (see `faults.FaultContext`)."""
        models = {**self.map_models, **self.options.models}
        return faults.FaultContext(
            self.classify, self.options.max_retries, self.options.timeout, live_secrets(models, self.presets)
        )

    # --- the refusal map -----------------------------------------------------------------------
    def baseline(self) -> Baseline:
        """The accepted map drift is measured against, read once (a missing file is empty)."""
        if self._baseline is None:
            from pytest_refusal.refusalmap import baseline

            self._baseline = baseline.load(self.options.baseline)
        return self._baseline

    def settle(self, item: pytest.Item, observation: Observation, policy: str | None, *, may_fail: bool = True) -> None:
        """Publish the observation on the report; fail for a policy failure and (unless accepted) for drift."""
        secrets = self.secrets()
        observation = self.redacted(observation, secrets)
        if self.ships_observations:  # xdist's controller builds the map from the JSON the reports carry
            item.user_properties.append((OBSERVATION_PROPERTY, json.dumps(observation.to_json(), ensure_ascii=False)))
        else:
            self._settled[item.nodeid] = observation  # this process's call report hands it back as is (see `collect`)
        if getattr(self.config.option, "xmlpath", None):  # only JUnit XML reads them (xdist workers see the option too)
            from pytest_refusal.report.junitproperties import junit_properties

            properties = junit_properties(observation, secrets)
            item.user_properties.extend(properties)
            self.run_secrets.settled(secrets, (value for _, value in properties))
        if not may_fail:
            return
        fail_for_policy_or_drift(self, observation, policy)

    @property
    def ships_observations(self) -> bool:
        """Whether observations travel on the call reports as JSON: in an xdist worker, whose reports the controller reads."""
        return hasattr(self.config, "workerinput")

    def collect(self, report: pytest.TestReport) -> None:
        """Keep the observation of a call report: settled in this process, or carried as JSON (xdist's controller)."""
        if report.when != "call" or self.ships_observations:
            return  # an xdist worker keeps none: its controller maps the run
        settled = self._settled.pop(report.nodeid, None) if self._settled else None
        if settled is not None:
            self.observations.append(settled)
            return
        for name, value in report.user_properties:
            if name == OBSERVATION_PROPERTY:
                self.observations.append(Observation.from_json(json.loads(str(value))))

    def header(self) -> str:
        opts = self.options
        names = opts.model_names or [m.name for m in opts.selected]
        models = ",".join(names) or "none (refusal maps name their own)"
        mode = opts.record_mode.value + (" (replay only)" if opts.record_mode is RecordMode.NONE else " (recording)")
        return f"refusal: record={mode}, models={models}, cassettes={self.shown(opts.cassette_dir)}"


SESSION_KEY = pytest.StashKey[RefusalSession]()


def get(config: pytest.Config) -> RefusalSession:
    """The run's session object (created in pytest_configure)."""
    return config.stash[SESSION_KEY]
