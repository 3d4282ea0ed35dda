"""Refusal maps as pytest items: `*.refusal.yaml` → file → category → one item per probe × model × language.

Node ids read `seed.refusal.yaml::china_politics::tiananmen-1989[kimi-zh]`; the model, category,
language, probe and tags are keywords (`-k kimi`, `-k "zh and not gpt"`), and every item carries
`@refusal_map(model=..., category=..., language=..., probe=..., expect=...)` for `-m`.
Each item replays (or records) its cassette at `<cassette_dir>/<map>/<model>/<probe>-<lang>.yaml`.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal import apis, gcpause
from pytest_refusal.cassette.exchange import Exchange, counts, is_verdict_error
from pytest_refusal.cassette.recordmode import RecordMode, record_command
from pytest_refusal.observation import Observation
from pytest_refusal.plugin import faults, markers
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.keys import UNRECORDED_ITEM_PROPERTY, UNRECORDED_PROPERTY
from pytest_refusal.providers import PRESETS, ModelSpec, ProviderError, parse_model
from pytest_refusal.refusalmap.probemap import MapItem, ProbeMap, ProbeMapError, load
from pytest_refusal.servedmodel import identity
from pytest_refusal.verdict import NotAVerdict, Verdict
from pytest_refusal.wirereading import _extracted

if TYPE_CHECKING:
    from pytest_refusal.cassette import fetchahead


class MapFile(pytest.File):
    """A `*.refusal.yaml` probe map; a mistake in it is a collection error for this file alone."""

    def collect(self) -> Iterable[MapCategory]:
        session = session_module.get(self.config)
        presets = {**PRESETS, **session.presets}
        try:
            probe_map = load(self.path, providers=presets)
            apply = session.options.base_urls.apply  # --refusal-base-url holds for map models too
            specs = {m.name: apply(parse_model(m.name, m.fields(), presets)) for m in probe_map.models}
        except (ProbeMapError, ProviderError) as exc:
            session.map_collect_errors.add(self.nodeid)
            raise self.CollectError(_shown(exc, self.config)) from None
        unsafe = _unsafe_folder(session, probe_map.stem)
        if unsafe:
            session.map_collect_errors.add(self.nodeid)
            raise self.CollectError(f"{session.shown(self.path)}: {unsafe}")
        other = session.map_stems.setdefault(probe_map.stem, self.path)
        if other != self.path:
            session.map_collect_errors.add(self.nodeid)
            folder = session.shown(session.options.cassette_dir / probe_map.stem)
            raise self.CollectError(
                f"{session.shown(self.path)} has the same name as {session.shown(other)}: the cassettes of both "
                f"would share {folder}/, and one map would replay the other's answers. "
                "Rename one of the files (a map's cassette folder is named after its file)."
            )
        folders = _model_folders(session, probe_map.stem, specs)
        if isinstance(folders, str):
            session.map_collect_errors.add(self.nodeid)
            raise self.CollectError(f"{session.shown(self.path)}: {folders}")
        session.map_models.update(specs)
        yield from _categories(self, probe_map, specs, folders)


def _categories(
    parent: MapFile, probe_map: ProbeMap, specs: dict[str, ModelSpec], folders: dict[str, CassetteFolder]
) -> Iterator[MapCategory]:
    """The map's categories, each with its items and what one listing per model folder tells of their cassettes."""
    mark = pytest.mark.refusal_map  # one decorator per map: each item's mark adds its own coordinates to it
    by_category: dict[str, tuple[list[MapItem], list[bool | None]]] = {}
    with gcpause.paused():  # thousands of values that live as long as the run (see gcpause)
        listings = {name: folder.listing() for name, folder in folders.items()}
        for map_item in probe_map.items():
            items, known = by_category.setdefault(map_item.category, ([], []))
            items.append(map_item)
            listing = listings[map_item.model.name]
            known.append(False if listing is None else (map_item.cassette_name in listing) or None)
    for category, (items, known) in by_category.items():
        yield MapCategory.from_parent(
            parent, name=category, map_items=items, known=known, specs=specs, folders=folders, mark=mark
        )


def _unsafe_folder(session: session_module.RefusalSession, stem: str) -> str | None:
    """Why the map's cassette folder (named after its file) would not be inside the cassette folder, if so."""
    from pytest_refusal.cassette.vcr import UnsafeCassettePath, inside

    try:
        inside(session.options.cassette_dir, Path(stem, "model"))
    except UnsafeCassettePath:
        return (
            f"its cassette folder {stem!r} (a map's cassette folder is named after its file, without "
            f".refusal.yaml) would lead outside {session.shown(session.options.cassette_dir)}/, and recording "
            "would write there. Rename the file, e.g. to politics.refusal.yaml."
        )
    return None


class CassetteFolder:
    """One map model's cassette folder, checked once per map rather than once per item (a resolve is many lstats).

    Map, model, probe and language names are validated (`probemap`): an item's file name is one
    plain part, never `..`, so only a symbolic link can lead out. The folder is resolved here; a
    file that is a link is resolved whole, as before.
    """

    def __init__(self, cassette_dir: Path, relative: Path, shown: str) -> None:
        self.cassette_dir = cassette_dir
        self.relative = relative
        self.text = str(cassette_dir / relative)
        self.shown = shown

    def listing(self) -> set[str] | None:
        """The names of the folder's regular files (not links), read at once; None when there is no such folder.

        A name it lacks may still be a link, or the same file named in another case on a file system that ignores
        case: `file` looks at those one by one. A folder that cannot be read lists nothing.
        """
        try:
            with os.scandir(self.text) as entries:
                return {entry.name for entry in entries if entry.is_file(follow_symlinks=False)}
        except FileNotFoundError:
            return None
        except OSError:
            return set()

    def file(self, name: str, known: bool | None = None) -> tuple[str, bool]:
        """The path of the cassette `name` in this folder, and whether it is a file.

        `known`: what `listing` told (True: a plain file; False: there is no folder); None: one lstat tells.
        """
        path = os.path.join(self.text, name)
        if known is not None:
            return path, known
        from pytest_refusal.cassette.vcr import inside

        try:
            found = os.lstat(path)
        except OSError:
            return path, False
        if stat.S_ISLNK(found.st_mode):
            inside(self.cassette_dir, self.relative / name)  # a link that leads out raises UnsafeCassettePath
            return path, os.path.isfile(path)
        return path, stat.S_ISREG(found.st_mode)


def _model_folders(
    session: session_module.RefusalSession, stem: str, specs: dict[str, ModelSpec]
) -> dict[str, CassetteFolder] | str:
    """Each model's checked cassette folder, or why one would lead outside the cassette folder."""
    from pytest_refusal.cassette.vcr import UnsafeCassettePath, inside

    root = session.options.cassette_dir
    folders = {}
    for name in specs:
        try:
            folder = inside(root, Path(stem, name))
        except UnsafeCassettePath:
            return (
                f"the cassette folder of model {name!r} ({session.shown(root / stem / name)}) leads outside "
                f"{session.shown(root)}/ (a symbolic link), and recording would write there. Replace the link "
                "with a folder."
            )
        folders[name] = CassetteFolder(root, Path(stem, name), session.shown(folder))
    return folders


def _shown(exc: Exception, config: pytest.Config) -> str:
    root = str(config.rootpath) + "/"
    return str(exc).replace(root, "")


class MapCategory(pytest.Collector):
    """One category of a probe map: its items, in file order (probe, then model, then language)."""

    def __init__(
        self,
        *,
        map_items: list[MapItem],
        known: list[bool | None],
        specs: dict[str, ModelSpec],
        folders: dict[str, CassetteFolder],
        mark: pytest.MarkDecorator,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.map_items = map_items
        self.known = known  # whether each item's cassette is a plain file, as far as the folder's listing tells
        self.specs = specs
        self.folders = folders
        self.mark = mark

    def collect(self) -> list[MapProbe]:
        replaying = session_module.get(self.config).options.record_mode is RecordMode.NONE
        unrecorded = Unrecorded(self) if replaying else None
        with gcpause.paused():  # thousands of items that live as long as the run (see gcpause)
            return [
                MapProbe.from_parent(
                    self,
                    name=map_item.name,
                    map_item=map_item,
                    spec=self.specs[map_item.model.name],
                    folder=self.folders[map_item.model.name],
                    known=known,
                    mark=self.mark,
                    unrecorded=unrecorded,
                )
                for map_item, known in zip(self.map_items, self.known, strict=True)
            ]


class Unrecorded:
    """What the skips of a category's unrecorded items share, worked out once: the map file as the user typed it,
    the skip mark, each model's column command."""

    def __init__(self, category: MapCategory) -> None:
        self.file = os.path.relpath(category.path, category.config.invocation_params.dir)
        self.skip = pytest.mark.skip
        self.columns: dict[str, str] = {}


_JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) builds on every call


class MapProbe(pytest.Item):
    """One probe in one language sent to one model, judged against its category's expectation."""

    def __init__(
        self,
        *,
        map_item: MapItem,
        spec: ModelSpec,
        folder: CassetteFolder,
        known: bool | None,
        mark: pytest.MarkDecorator,
        unrecorded: Unrecorded | None,
        **kwargs: Any,
    ) -> None:
        """`known`: whether the cassette is a plain file, if its folder's listing tells (see `CassetteFolder.file`);
        `unrecorded`: replaying, so a missing cassette is a skip (None: recording)."""
        super().__init__(**kwargs)
        self.map_item = map_item
        self.spec = spec
        self.folder = folder
        self._cassette, present = folder.file(map_item.cassette_name, known)
        probe = map_item.probe
        self.add_marker(
            mark.with_args(
                model=spec.name,
                category=map_item.category,
                language=map_item.language,
                probe=probe.id,
                expect=map_item.expectation.value,
            )
        )
        self.extra_keyword_matches.update((spec.name, map_item.category, map_item.language, probe.id, *probe.tags))
        if unrecorded is not None and not present:
            self._skip_unrecorded(unrecorded)

    def _skip_unrecorded(self, unrecorded: Unrecorded) -> None:
        """A skip, not a failure: maps ship columns nobody has recorded yet (no key for that provider)."""
        column = unrecorded.columns.get(self.spec.name)
        if column is None:
            column = unrecorded.columns[self.spec.name] = self.column_command()
        m = self.map_item
        coordinates = {"model": self.spec.name, "category": m.category, "language": m.language, "probe": m.probe.id}
        self.user_properties.append((UNRECORDED_PROPERTY, column))  # read back at the end of the run
        self.user_properties.append(
            (UNRECORDED_ITEM_PROPERTY, _JSON.encode({**coordinates, "prompt": m.prompt}))
        )  # its place in the map
        nodeid = unrecorded.file + "::" + self.nodeid.split("::", 1)[1]  # as typed, from where pytest was started
        shown = os.path.join(self.folder.shown, m.cassette_name)  # what `shown_cassette` holds
        self.add_marker(
            unrecorded.skip(
                reason=(
                    f"no cassette for {self.name} (looked in {shown}); recording is off. "
                    f"Record it with: {self._with_key(record_command(nodeid, RecordMode.ONCE))}, "
                    f"or the whole {self.spec.name} column with: {column}"
                )
            )
        )

    def column_command(self) -> str:
        """`MOONSHOT_API_KEY=... pytest examples/seed_map --refusal-models=kimi --refusal-record=once`."""
        where = self._invoked(self.path.parent)
        target = where if where != "." else self._invoked(self.path)
        return self._with_key(f"pytest {target} --refusal-models={self.spec.name} --refusal-record=once")

    def _with_key(self, command: str) -> str:
        return f"{self.spec.key_env}=... {command}" if self.spec.key_env else command

    def _invoked(self, path: Path) -> str:
        """`path` as the user typed it: relative to where pytest was started."""
        return shlex.quote(os.path.relpath(path, self.config.invocation_params.dir))

    @property
    def samples(self) -> int:
        return session_module.get(self.config).options.samples or self.map_item.params.samples

    @property
    def lock_limit(self) -> float:
        """How long fetching this item's cassette may take: past it, another process's lock on it is stale."""
        options = session_module.get(self.config).options
        return options.timeout * (options.max_retries + 1) * self.samples

    @functools.cached_property
    def cassette_path(self) -> Path:
        """`<cassette_dir>/<map>/<model>/<probe>-<lang>.yaml`, checked to stay inside the cassette folder."""
        return Path(self._cassette)

    @functools.cached_property
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

        verdicts: list[Verdict] = []
        texts: list[str] = []
        reasonings: list[str] = []
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
                text, reasoning = _answer(response)
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


def _answer(response: object) -> tuple[str, str]:
    """`assistant_text` and `assistant_reasoning` of a judgeable response, from one reading of it."""
    extracted = _extracted(response)
    return (extracted.text, extracted.reasoning) if extracted is not None else ("", "")


class _Replayed:
    """What `_judge` reads of a cassette: the exchanges direct replay found."""

    def __init__(self, exchanges: list[Exchange]) -> None:
        self.exchanges = exchanges


def selected(items: Iterable[pytest.Item]) -> Iterator[MapProbe]:
    return (item for item in items if isinstance(item, MapProbe))


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
    session.fetcher = fetcher = fetchahead.Fetcher(session.options.concurrency)
    for item in selected(items):
        job = _job(session, item)
        if job is not None:
            fetcher.submit(job)


def _job(session: session_module.RefusalSession, item: MapProbe) -> fetchahead.Job | None:
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
        client = session.clients.client(item.spec, probe)
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
