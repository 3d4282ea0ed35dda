"""Collecting refusal maps: `*.refusal.yaml` → file → category → one item per probe × model × language.

Node ids read `seed.refusal.yaml::china_politics::tiananmen-1989[kimi-zh]`; the model, category,
language, probe and tags are keywords (`-k kimi`, `-k "zh and not gpt"`), and every item carries
`@refusal_map(model=..., category=..., language=..., probe=..., expect=...)` for `-m`.
Each item replays (or records) its cassette at `<cassette_dir>/<map>/<model>/<probe>-<lang>.yaml`
(`proberun`); an item whose cassette is missing while replaying is a skip that says how to record it.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pytest_refusal import gcpause
from pytest_refusal.cassette.recordmode import RecordMode, record_command
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.cassettefolder import CassetteFolder, model_folders, unsafe_folder
from pytest_refusal.plugin.keys import UNRECORDED_ITEM_PROPERTY, UNRECORDED_PROPERTY
from pytest_refusal.plugin.proberun import ProbeRun
from pytest_refusal.providers import PRESETS, ModelSpec, ProviderError, parse_model
from pytest_refusal.refusalmap.probemap import MapItem, ProbeMap, ProbeMapError, load


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
        unsafe = unsafe_folder(session, probe_map.stem)
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
        folders = model_folders(session, probe_map.stem, specs)
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


class MapProbe(ProbeRun):
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

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.map_item.probe.line - 1, self.nodeid.split("::", 1)[-1]
