"""One redaction pass over what pytest shows and writes of refusal tests: failures, output, properties, ids, logs.

Every report of an item the plugin took part in (markers, fixtures, map items) and every
collection report of a probe map goes through the session's `clean` (`scrub.clean` with the
run's live keys and the credentials its requests carried) before pytest prints it, writes it
to JUnit XML or ships it to the xdist controller. Other tests' reports are left as they are;
the HTTP libraries' log records are filtered for the whole run (see `logfilter`).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import pytest

from pytest_refusal import scrub
from pytest_refusal.logfilter import LogRedaction
from pytest_refusal.plugin import itemstate
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.keys import OBSERVATION_PROPERTY
from pytest_refusal.plugin.runend import MAP_SUFFIXES

Clean = Callable[[str], str]


class Redaction:
    """Hooks that clean reports before anyone reads them (registered at configure, like `RunEnd`)."""

    def __init__(self, session: session_module.RefusalSession) -> None:
        self.session = session
        # The HTTP stack's log records, redacted from configure to unconfigure.
        self.logs = LogRedaction(session.clean).install()

    def pytest_unconfigure(self) -> None:
        self.logs.remove()

    def pytest_collection_finish(self) -> None:
        self.logs.refresh()  # test modules are imported now, and with them the HTTP libraries they use

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self) -> None:
        self.logs.refresh()  # a length check unless a library made a logger since

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if itemstate.ITEM_KEY in item.stash:
            safely_redact(report, self.session.cleaner())
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        if collector.path.name.endswith(MAP_SUFFIXES):
            safely_redact(report, self.session.cleaner())
        return report

    def pytest_make_parametrize_id(self, val: object) -> str | None:
        """A parameter's id without a key shape or URL credential in it (None: pytest's own id)."""
        if not isinstance(val, str):
            return None
        cleaned = scrub.clean(val)
        # Without brackets: ids sit inside `test[...]`, and `-k` expressions should still take them.
        return cleaned.replace(scrub.REDACTED, "redacted") if cleaned != val else None


def safely_redact(report: pytest.TestReport | pytest.CollectReport, clean: Clean) -> None:
    """`redact_report`; should a report not be walkable, its failure is replaced rather than shown unredacted."""
    try:
        redact_report(report, clean)
    except Exception as exc:  # noqa: BLE001 - never an INTERNALERROR, never an unredacted failure
        report.longrepr = f"pytest-refusal could not redact this report ({type(exc).__name__}); it is not shown."
        report.sections = []


def redact_report(report: pytest.TestReport | pytest.CollectReport, clean: Clean) -> None:
    """Clean a report in place: its failure (traceback, message, locals), captured sections and user properties.

    The observation property is left as it is: the session made it from an observation it had
    cleaned already (`RefusalSession.redacted`), and it is the largest text a passing item carries.
    """
    report.longrepr = _longrepr(report.longrepr, clean)
    if report.sections:  # none on most reports: pytest's empty list is kept
        report.sections = [(title, clean(content)) for title, content in report.sections]
    if isinstance(report, pytest.TestReport):
        report.user_properties = _properties_cleaned(report.user_properties, clean)


def _properties_cleaned(properties: list[tuple[str, object]], clean: Clean) -> list[tuple[str, object]]:
    """The user properties cleaned; `properties` itself when none changed (an item's reports share pytest's one list).

    A run keeps every report to its end: a copy per report of every item adds up (10,000 items,
    three reports each).
    """
    for at, (name, value) in enumerate(properties):
        new = value if name == OBSERVATION_PROPERTY else _value(value, clean)
        if new is not value:
            rest = ((n, v if n == OBSERVATION_PROPERTY else _value(v, clean)) for n, v in properties[at + 1 :])
            return [*properties[:at], (name, new), *rest]
    return properties


def _value(value: object, clean: Clean) -> object:
    """A user property's value, cleaned; JUnit XML writes `str(value)`, so that is what is checked."""
    text = value if isinstance(value, str) else str(value)
    cleaned = clean(text)
    return value if cleaned == text else cleaned


def _longrepr(longrepr: Any, clean: Clean) -> Any:
    """The failure representation, cleaned in place where pytest's objects allow, else replaced by its clean text."""
    if longrepr is None:
        return None
    if isinstance(longrepr, str):
        return clean(longrepr)
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, reason)
        path, line, reason = longrepr
        return (path, line, clean(str(reason)))
    text = str(longrepr)
    if clean(text) == text:
        return longrepr
    _walk(longrepr, clean)  # keeps the structure: colours, --tb styles, the short summary's message
    after = str(longrepr)
    cleaned = clean(after)
    return longrepr if cleaned == after else cleaned


def _walk(node: Any, clean: Clean) -> None:
    """Clean every string attribute of pytest's terminal representations (traceback entries, locals, crash line)."""
    for name, value in list(vars(node).items()):
        new = _cleaned(value, clean)
        if new is not value:
            try:
                setattr(node, name, new)
            except (AttributeError, TypeError):
                continue  # read-only: the text fallback in `_longrepr` covers it


def _cleaned(value: Any, clean: Clean) -> Any:
    if isinstance(value, str):
        cleaned = clean(value)
        return value if cleaned == value else cleaned
    if isinstance(value, list):
        value[:] = [_cleaned(v, clean) for v in value]
        return value
    if isinstance(value, tuple):
        items = tuple(_cleaned(v, clean) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=False)) else items
    if hasattr(value, "toterminal") and hasattr(value, "__dict__"):
        _walk(value, clean)
    return value
