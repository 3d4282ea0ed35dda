"""A test's cassette: recorded or replayed through vcrpy around the test, then read for what the test exchanged.

vcrpy is imported only when a cassette is opened, so importing this module costs nothing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_refusal import scrub, secretaudit
from pytest_refusal.cassette import exchange as exchanges
from pytest_refusal.cassette.exchange import Exchange, as_bytes, canonical_json
from pytest_refusal.cassette.persister import AuditingPersister
from pytest_refusal.cassette.recordmode import RecordMode, record_command
from pytest_refusal.cassette.vcrconfig import vcr_context

if TYPE_CHECKING:
    from pytest_refusal.cassette.replaymiss import Unmatched

__all__ = [
    "CassetteConfig",
    "RecordMode",
    "RefusalCassette",
    "record_command",
]


class UnreadableCassette(ValueError):
    """A cassette file that exists but cannot be loaded; the message says how to recover."""


class UnwritableCassette(OSError):
    """A recorded cassette that could not be written (a folder in the way, permissions, a full disk)."""


@dataclass(frozen=True)
class CassetteConfig:
    """How cassettes are recorded for one session."""

    record_mode: RecordMode = RecordMode.NONE
    # Live secret values (API keys from the environment) the audit must never let through.
    secrets: tuple[str, ...] = ()
    # Whether an error response (status, body) says something about refusal and so may be recorded;
    # the plugin asks the detector. Without it, only FAULT_STATUSES are kept out (see `exchange.may_record`).
    is_verdict: exchanges.IsVerdict | None = field(default=None, compare=False)
    # (actual base URL, recorded base URL): a server on a random port (the embedded local model)
    # is recorded under a fixed address, so re-recording does not churn the cassette.
    url_aliases: tuple[tuple[str, str], ...] = ()
    # Whether a 2xx chat answer is one the detector can judge (the plugin asks it): anything else
    # (`choices: null`, a message that is a string, a stream ending in an error event) is a fault.
    judges: exchanges.Judges | None = field(default=None, compare=False)
    # The run's credential values: what each request carried is added, so every message, report
    # and log line of the rest of the run redacts it (see `scrub.clean`).
    known: scrub.SecretSet | None = field(default=None, compare=False)


class RefusalCassette:
    """One test item's cassette: open it around the test, then read what the test exchanged.

    Attributes users may read: `path`, `record_mode`, `exchanges` (every HTTP exchange, in
    order), `unmatched` (requests replay could not answer), `findings` (secrets that stopped
    the cassette from being written) and `written`.
    """

    def __init__(self, path: Path, config: CassetteConfig) -> None:
        self.path = path
        self.config = config
        self.exchanges: list[Exchange] = []
        self.unmatched: list[Unmatched] = []
        self.findings: list[secretaudit.Finding] = []
        self.written = False
        self.dropped = 0  # recorded answers that were faults: the cassette is then not written
        # Credentials the test's requests carried (see `scrub.request_secrets`): audited and redacted too.
        self.request_secrets: set[str] = set()
        self._stack: contextlib.ExitStack | None = None
        self._vcr: Any = None
        self.write_error: OSError | None = None

    @property
    def record_mode(self) -> RecordMode:
        return self.config.record_mode

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @property
    def needs_network(self) -> bool:
        """Whether this run may reach the provider (and so needs its API key)."""
        mode = self.record_mode
        return mode in (RecordMode.NEW_EPISODES, RecordMode.ALL) or (mode is RecordMode.ONCE and not self.exists)

    def open(self) -> RefusalCassette:
        """Start recording or replaying (patches the HTTP clients vcrpy knows)."""
        if self.path.exists() and not self.path.is_file():
            raise UnreadableCassette(
                f"cassette {self.path} is not a file (a folder or a device is in its place). "
                "Move it away, then record the cassette with --refusal-record=once."
            )
        persister = AuditingPersister(self)
        context = vcr_context(
            path=str(self.path),
            record_mode=self.record_mode.value,
            persister=persister,
            tracker=self,
            is_verdict=self.config.is_verdict,
            url_aliases=self.config.url_aliases,
        )
        stack = contextlib.ExitStack()
        try:
            self._vcr = stack.enter_context(context)
        except Exception as exc:  # noqa: BLE001 - vcrpy loads before it patches: nothing to undo
            raise UnreadableCassette(
                f"cassette {self.path} cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())[:300]}). "
                "Fix it by hand, or delete it and record it again with --refusal-record=once."
            ) from None
        self._stack = stack
        return self

    def close(self) -> None:
        """Stop patching and write the cassette (unless the audit found a secret or an answer was a fault)."""
        if self.dropped and self._vcr is not None:
            self._vcr.dirty = False  # what is left is a fragment: the old cassette, if any, stays whole
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()
        error, self.write_error = self.write_error, None
        if error is not None:  # raised only now: vcrpy has undone its patches
            raise UnwritableCassette(
                f"cannot write cassette {self.path} ({type(error).__name__}: {error.strerror or error}); "
                "the test's recording is lost. Fix the folder (permissions, free space, a file in the way), "
                "then record again."
            ) from None

    def discard(self) -> None:
        """Stop patching without writing: for a test that ended in a provider fault.

        What such a test recorded is a fragment (say 1 of 3 samples); writing it would replace
        a complete cassette with a partial one that replay then misjudges or misses.
        """
        if self._vcr is not None:
            self._vcr.dirty = False
        self.close()

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every value that must appear in no cassette and no message: live keys and the requests' credentials."""
        return (*self.config.secrets, *sorted(self.request_secrets))

    def __enter__(self) -> RefusalCassette:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # called by the tracking vcr cassette ------------------------------------------------------
    def learn(self, headers: Any, url: str) -> set[str]:
        """Remember the credentials a request carried: audited in this cassette, redacted in all output of the run."""
        found = scrub.request_secrets(headers, url)
        self.request_secrets |= found
        if self.config.known is not None:
            self.config.known.add(found)
        return found

    def exchanged(self, request: Any, response: dict[str, Any], source: str) -> Exchange:
        self.learn(request.headers, request.uri)
        exchange = exchanges.from_vcr(request, response, source, secrets=self.secrets)
        self.exchanges.append(exchange)
        return exchange

    def keeps(self, exchange: Exchange) -> bool:
        """Whether a recorded exchange may be written (see `exchange.keeps`).

        One that is not kept keeps the whole cassette from being written (see `close`), so a good old one stays.
        """
        kept = exchanges.keeps(exchange, self.config.is_verdict, self.config.judges)
        self.dropped += not kept
        return kept

    def unanswered(self, request: Any, cassette: Any) -> None:
        recorded = len(cassette.data)
        matching = [i for i, _ in cassette._responses(request)]
        if not self.exists and recorded == 0:
            reason = "cassette_not_found"
        elif matching:
            reason = "already_played"
        else:
            reason = "no_match"
        body = canonical_json(request.body) or as_bytes(request.body).decode("utf-8", "replace")
        secrets = (*self.secrets, *self.learn(request.headers, request.uri))
        from pytest_refusal.cassette.replaymiss import Unmatched

        self.unmatched.append(
            Unmatched(request.method, scrub.scrub_url(request.uri), scrub.redact(body, secrets), reason, recorded)
        )
