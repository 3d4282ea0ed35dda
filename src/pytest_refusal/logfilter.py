"""A logging filter that redacts the HTTP stack's records (vcrpy, httpx, httpcore, openai) while the plugin is active.

Under `--log-level=INFO` httpx logs every URL (query keys included) and vcrpy every recorded
response; under DEBUG httpcore logs response headers (Set-Cookie) and vcrpy the raw request
URI. pytest shows those records live (`log_cli`), in reports, in JUnit XML and in
`--log-file`; the filter rewrites each record once, where it is made, before any handler sees it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pytest_refusal import recordedfields, scrub

# The loggers filtered: these and every logger below them.
NAMESPACES = ("vcr", "httpx", "httpx2", "httpcore", "httpcore2", "openai", "urllib3")
# Loggers those libraries create when imported. A filter on a parent logger does not see its
# children's records, so each gets the filter; creating them now means a library imported
# later picks up the filtered logger. `refresh` catches any other.
KNOWN_LOGGERS = (
    "vcr",
    "vcr.cassette",
    "vcr.matchers",
    "vcr.patch",
    "vcr.request",
    "vcr.stubs",
    "vcr.stubs.httpx_stubs",
    "vcr.stubs.aiohttp_stubs",
    "httpx",
    "httpx2",
    *(f"{core}.{part}" for core in ("httpcore", "httpcore2") for part in ("connection", "http11", "http2", "proxy")),
    "openai",
    "openai._base_client",
    "openai._response",
    "openai._legacy_response",
    "urllib3.connectionpool",
)


class RedactingFilter(logging.Filter):
    """Replaces a record's message by its `clean` text (header values in its arguments redacted first); drops none."""

    def __init__(self, clean: Callable[[str], str]) -> None:
        super().__init__()
        self.clean = clean

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = self.clean(_message(record))
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:  # cleaned also when another filter formatted it already
                record.exc_text = self.clean(record.exc_text)
            if record.stack_info:
                record.stack_info = self.clean(record.stack_info)
        except Exception:  # noqa: BLE001 - a log call must never fail because of us; show nothing unredacted
            record.msg, record.args = "[a log record pytest-refusal could not redact]", None
        return True


def _message(record: logging.LogRecord) -> str:
    """The record's text, with the values of non-plain headers in its arguments redacted before formatting."""
    if not record.args:
        return str(record.msg)
    args = record.args
    if isinstance(args, Mapping):  # `log(msg, one_mapping)`: logging keeps the mapping itself, for "%s" or "%(name)s"
        whole = _argument(args)
        return str(record.msg) % {k: _argument(v) for k, v in whole.items()}
    return str(record.msg) % tuple(_argument(a) for a in args)


def _argument(value: Any) -> Any:
    """Header mappings (an httpx `Headers`, a `headers` entry of request options) with non-plain values redacted."""
    if hasattr(value, "multi_items"):  # httpx / httpx2 Headers
        return _headers(value.multi_items())
    if isinstance(value, Mapping) and isinstance(value.get("headers"), Mapping):
        return {**value, "headers": _headers(value["headers"].items())}
    return value


def _headers(items: Any) -> dict[str, Any]:
    return {str(k): v if recordedfields.is_plain_header(str(k)) else scrub.REDACTED for k, v in items}


class LogRedaction:
    """The filter on every logger under `NAMESPACES`: `install` it, `refresh` as loggers appear, then `remove` it."""

    def __init__(self, clean: Callable[[str], str]) -> None:
        self.filter = RedactingFilter(clean)
        self._loggers: list[logging.Logger] = []
        self._seen = -1

    def install(self) -> LogRedaction:
        for name in KNOWN_LOGGERS:
            logging.getLogger(name)
        self.refresh()
        return self

    def refresh(self) -> None:
        """Filter loggers created since the last look (a length check when there are none)."""
        loggers = logging.root.manager.loggerDict
        if len(loggers) == self._seen:
            return
        self._seen = len(loggers)
        for name, logger in list(loggers.items()):
            if not isinstance(logger, logging.Logger) or name.split(".")[0] not in NAMESPACES:
                continue  # a placeholder (a parent no module asked for yet), or not an HTTP library's
            if self.filter not in logger.filters:
                logger.addFilter(self.filter)
                self._loggers.append(logger)

    def remove(self) -> None:
        for logger in self._loggers:
            logger.removeFilter(self.filter)
        self._loggers.clear()
        self._seen = -1
