"""Parsed cassettes kept between runs in pytest's cache: one index file per process, read in one go.

Parsing a cassette's YAML is most of what a direct replay costs, so the parsed interactions are
kept as JSON. One file per cassette made a fresh run (a CI checkout: an empty cache) create a
file per item, which cost more than the parsing it saves later. So each process keeps one file
(`index-main.json`, `index-gw0.json` under xdist), written once at the end of its run and read
whole at its first replay; every process reads every file, so a cassette parsed by one xdist
worker is served to whichever worker replays it next time.

An entry serves only while its cassette's size, mtime and inode are those it was parsed from;
otherwise the YAML is parsed again. Files are written atomically, a broken one is ignored (it is
a cache), and each entry's JSON text is released as soon as its item has read it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_refusal import atomicfile

FORMAT = 1
_PREFIX = "index-"

# A cassette's path -> (the stat identity it was parsed at, its interactions as JSON text).
Entries = dict[str, tuple[str, str]]


class ReplayIndex:
    """The parsed interactions of the cassettes this process replays, kept in `folder` between runs."""

    def __init__(self, folder: Path, name: str) -> None:
        self._folder = folder
        self._file = folder / f"{_PREFIX}{name}.json"
        self._waiting: Entries | None = None  # every file's entries, read at the first lookup
        self._previous: Entries = {}  # this process's own file as the last run left it
        self._used: Entries = {}  # what this run looked up, to be written back
        self._new = False

    def interactions(
        self, path: str | os.PathLike[str], parse: Callable[[bytes], list[Any] | None]
    ) -> list[Any] | None:
        """The cassette's interactions: the kept copy while the file is unchanged, else `parse` of its bytes."""
        where = os.path.abspath(path)
        identity = _identity(os.stat(path))
        waiting = self._load()
        kept = waiting.pop(where, None)
        if kept is not None and kept[0] == identity:
            try:
                found = json.loads(kept[1])
            except ValueError:
                found = None
            if isinstance(found, list):
                self._used[where] = kept
                return found
        with open(path, "rb") as file:
            parsed = parse(file.read())
        if parsed is not None and _identity(os.stat(path)) == identity and _plain(parsed):
            self._used[where] = (identity, json.dumps(parsed, ensure_ascii=False))  # unchanged while read
            self._new = True
        return parsed

    def save(self) -> None:
        """Write this process's file: the entries it used, and those of its last run it did not look up."""
        if self._waiting is None:
            return  # nothing was replayed
        entries = {where: kept for where, kept in self._previous.items() if where in self._waiting}
        entries.update(self._used)
        if not self._new and entries == self._previous:
            return
        try:
            atomicfile.write_atomic(
                self._file, json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False), durable=False
            )
        except OSError:
            return  # a cache: the next run parses the YAML again

    def _load(self) -> Entries:
        if self._waiting is None:
            self._waiting = {}
            try:
                files = sorted(self._folder.glob(f"{_PREFIX}*.json"))
            except OSError:
                files = []
            for file in files:
                entries = _read(file)
                if file == self._file:
                    self._previous = entries
                for where, kept in entries.items():
                    self._waiting.setdefault(where, kept)
            # The own file's entries first: they are what this process parsed last.
            self._waiting.update(self._previous)
        return self._waiting


def _identity(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"


def _read(file: Path) -> Entries:
    """A file's entries, or none when it is unreadable, of another format, or not ours."""
    try:
        data = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return {
        where: (kept[0], kept[1])
        for where, kept in data["entries"].items()
        if isinstance(kept, list) and len(kept) == 2 and all(isinstance(part, str) for part in kept)
    }


def _plain(value: object) -> bool:
    """Whether JSON gives `value` back exactly: strings, numbers, booleans, None, lists, string-keyed dicts."""
    if value is None or isinstance(value, (str, int, float)):
        return not isinstance(value, float) or value == value  # NaN is not equal to itself after a round trip
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False
