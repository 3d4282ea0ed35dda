"""Cassette age, as pytest sees it: stale map cassettes fail (or warn) on replay, `--refusal-record=stale` records only them."""

from __future__ import annotations

import warnings
from datetime import datetime
from pathlib import Path

import pytest

from pytest_refusal.cassette import age
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.keys import STALE_PROPERTY


class RefusalStaleWarning(UserWarning):
    """A refusal-map cassette is older than refusal_max_age, under --refusal-stale=warn."""


class AgeWatch:
    """Reads each map item's cassette age once, at the run's one `age.now()`."""

    def __init__(self, session: session_module.RefusalSession) -> None:
        self.session = session
        self.when: datetime = age.now()
        self.stale: set[str] = set()  # `cassettes/...yaml: 41 days old (recorded ...)`, for the terminal

    def _age(self, item: pytest.Item) -> age.Age | None:
        limit = self.session.options.max_age
        if limit is None:
            return None
        path = _map_cassette(item)
        if path is None or not path.is_file():
            return None
        found = age.recorded_at(path, self.when)
        return found if found is not None and found.age > limit else None

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        if not self.session.options.record_stale:
            return
        keep = [i for i in items if self._age(i) is not None]
        fresh = [i for i in items if i not in keep]
        if fresh:
            config.hook.pytest_deselected(items=fresh)
            items[:] = keep

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if self.session.options.record_mode.value != "none":
            return  # recording: the cassette is about to be new, or it was chosen because it is stale
        found = self._age(item)
        if found is None:
            return
        opts = self.session.options
        shown = self.session.shown(found.path)
        # On the item's reports, so that an xdist controller lists what its workers found.
        item.user_properties.append((STALE_PROPERTY, f"{shown}: {found.describe()}"))
        limit = _text(opts.max_age.total_seconds()) if opts.max_age else ""
        message = (
            f"stale cassette {shown}: {found.describe()}, older than refusal_max_age={limit}. "
            f"Record it again with --refusal-record=stale --refusal-max-age={limit}"
        )
        if opts.stale == "warn":
            warnings.warn(RefusalStaleWarning(message), stacklevel=1)
            return
        pytest.fail(message + " (or report stale cassettes without failing: --refusal-stale=warn).", pytrace=False)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "setup":
            self.stale.update(str(value) for name, value in report.user_properties if name == STALE_PROPERTY)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.stale:
            terminalreporter.write_sep("=", f"stale cassettes ({len(self.stale)})")
            for line in sorted(self.stale):
                terminalreporter.write_line(self.session.clean(line))


def _map_cassette(item: pytest.Item) -> Path | None:
    """A refusal-map item's cassette (map items carry `map_item`; other tests are left alone)."""
    path = getattr(item, "cassette_path", None) if hasattr(item, "map_item") else None
    return path if isinstance(path, Path) else None


def _text(seconds: float) -> str:
    """A limit as the user would write it: `30d`, `12h`, `90s`."""
    for unit, size in (("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"
