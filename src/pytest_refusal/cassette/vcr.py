"""Cassettes: vcrpy set up for chat APIs — naming, matching, scrubbing, safe writing, and what the test exchanged.

vcrpy is imported only when a cassette is opened, so importing this module costs nothing.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from pytest_refusal import apis, atomicfile, scrub
from pytest_refusal.apis import Api
from pytest_refusal.cassette import exchange as exchanges
from pytest_refusal.cassette.exchange import Exchange, as_bytes, canonical_json
from pytest_refusal.cassette.recordmode import RecordMode, record_command

if TYPE_CHECKING:
    from pytest_refusal.cassette.replaymiss import Unmatched

__all__ = [
    "CassetteConfig",
    "RecordMode",
    "RefusalCassette",
    "UnsafeCassettePath",
    "canonical_body",
    "cassette_path",
    "inside",
    "record_command",
]


_UNSAFE = re.compile(r"[^\w.\[\]\-+=,@ ]", re.UNICODE)
_MAX_NAME = 150


def cassette_path(cassette_dir: Path, module: str, test_name: str) -> Path:
    """Where one test item's cassette lives: `<dir>/<module path without .py>/<test name>.yaml`.

    `module` is the test file relative to the root (`tests/test_chat.py`); `test_name` is
    the item name with parameters (`TestX::test_y[kimi]` becomes `TestX.test_y[kimi]`).
    Characters unsafe in file names become `-` and a short hash of the real name is added, so
    distinct items never share a file; very long names are shortened the same way.
    """
    stem = module[:-3] if module.endswith(".py") else module
    parts = [_safe(p) for p in Path(stem).parts if p not in ("", ".", "..")]
    wanted = test_name.replace("::", ".")
    name = _safe(wanted)
    if name != wanted or len(name) > _MAX_NAME:
        # Replacing characters loses information (`[a/b]` and `[a-b]` would share one file, and one
        # test would replay the other's answers); a hash of the real name keeps them apart.
        import hashlib  # only for the rare unusual name

        name = f"{name[: _MAX_NAME - 13]}-{hashlib.sha1(test_name.encode()).hexdigest()[:12]}"
    return inside(cassette_dir, Path(*parts, f"{name}.yaml"))


class UnsafeCassettePath(ValueError):
    """A cassette path that would leave the cassette folder (`..` in a map's file name, a symlink out)."""


@functools.lru_cache(maxsize=64)
def _resolved(cassette_dir: Path) -> Path:
    """An absolute cassette folder, resolved once: every map item of a run asks for the same few folders.

    A relative one is resolved each time: it depends on the working directory, which may change.
    """
    return cassette_dir.resolve()


def inside(cassette_dir: Path, relative: str | Path) -> Path:
    """`cassette_dir / relative`, after checking that it resolves to a place inside the cassette folder.

    Recording writes there, so a name that climbs out (`...refusal.yaml` has the stem `..`) would
    overwrite files elsewhere in the project, or beyond it.
    """
    path = cassette_dir / relative
    root = _resolved(cassette_dir) if cassette_dir.is_absolute() else cassette_dir.resolve()
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafeCassettePath(
            f"the cassette path {path} leads outside the cassette folder {cassette_dir} (to {resolved}); "
            "rename what names it (a map's file, a probe or a model) so that it stays inside"
        )
    return path


def _safe(part: str) -> str:
    return _UNSAFE.sub("-", part).strip(" .") or "_"


def canonical_body(r1: Any, r2: Any) -> None:
    """vcrpy matcher: bodies equal as JSON values (key order and spacing ignored), else as bytes."""
    c1, c2 = canonical_json(r1.body), canonical_json(r2.body)
    if c1 is not None and c2 is not None:
        if c1 != c2:  # vcrpy reads an AssertionError as "no match"
            from pytest_refusal.cassette.replaymiss import preview

            raise AssertionError(f"JSON bodies differ: {preview(c1)} != {preview(c2)}")
    else:
        assert as_bytes(r1.body) == as_bytes(r2.body), "bodies differ"


def chat_path(r1: Any, r2: Any) -> None:
    """vcrpy matcher: both are chat completion calls, whatever the base URL."""
    assert r1.path.rstrip("/").endswith("/chat/completions"), f"{r1.path} is not a chat completion call"
    assert r2.path.rstrip("/").endswith("/chat/completions"), f"{r2.path} is not a chat completion call"


def model_api(r1: Any, r2: Any) -> None:
    """vcrpy matcher: both call the same model API (chat, Responses, Messages, Gemini), whatever the base URL."""
    api1, api2 = apis.api_of(r1.path), apis.api_of(r2.path)
    assert api1 is not None and api1 is api2, f"{r1.path} and {r2.path} do not call the same model API"


def stream_flag(r1: Any, r2: Any) -> None:
    """vcrpy matcher: both ask for a stream, or neither does."""
    assert _streams(r1) == _streams(r2), "one request streams, the other does not"


def stream_framing(r1: Any, r2: Any) -> None:
    """vcrpy matcher: a Gemini stream asks for the same framing (`alt=sse` or one JSON array); other calls always match."""
    assert _framing(r1) == _framing(r2), "one Gemini stream asks for server-sent events, the other for a JSON array"


def _framing(request: Any) -> bool:
    return apis.api_of(request.path) is not Api.GEMINI or apis.sse_requested(urlsplit(request.uri).query)


def _streams(request: Any) -> bool:
    try:
        parsed = json.loads(as_bytes(request.body) or b"{}")
    except ValueError:
        parsed = None
    return apis.streams(apis.api_of(request.path), request.path, parsed)


class Tracker(Protocol):
    """What the tracking cassette reports to: a test's cassette, or a refusal simulation."""

    def exchanged(self, request: Any, response: dict[str, Any], source: str) -> Exchange | None:
        """One request and its response (`source`: recorded, replayed or simulated); the exchange, if kept track of."""

    def keeps(self, exchange: Exchange) -> bool:
        """Whether a recorded exchange goes into the cassette."""

    def unanswered(self, request: Any, cassette: Any) -> None:
        """A request replay could not answer."""


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
        self.findings: list[scrub.Finding] = []
        self.written = False
        self.dropped = 0  # recorded answers that were faults: the cassette is then not written
        # Credentials the test's requests carried (see `scrub.request_secrets`): audited and redacted too.
        self.request_secrets: set[str] = set()
        self._stack: contextlib.ExitStack | None = None
        self._vcr: Any = None
        self._write_error: OSError | None = None

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
        error, self._write_error = self._write_error, None
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


def before_record_request(request: Any, url_aliases: tuple[tuple[str, str], ...] = ()) -> Any:
    """Keep only allowlisted headers (`scrub.RECORDED_REQUEST_HEADERS`), redact the query: before storing or matching.

    vcrpy filters the live request the same way before matching it, so a cassette whose query
    values were redacted still replays. Dropping the transport headers keeps re-recorded
    cassettes' diffs to what the model said.
    """
    for name in [n for n in request.headers if n.lower() not in scrub.RECORDED_REQUEST_HEADERS]:
        del request.headers[name]
    request.uri = scrub.scrub_url(request.uri)
    for actual, recorded in url_aliases:
        if request.uri.startswith(actual):
            request.uri = recorded + request.uri[len(actual) :]
    return request


def before_record_response(
    response: dict[str, Any], is_verdict: exchanges.IsVerdict | None = None
) -> dict[str, Any] | None:
    """Never record a provider fault (it is not a verdict); keep only the allowlisted headers of the rest.

    `scrub.RECORDED_RESPONSE_HEADERS` are what the SDKs read on replay: Set-Cookie, account
    headers, echoes of the request and headers that change on every recording never reach a cassette.
    """
    if not exchanges.may_record(int(response["status"]["code"]), as_bytes(response["body"]["string"]), is_verdict):
        return None  # a fault, or e.g. a 400 for a bad parameter: replaying it would only repeat the mistake
    response["headers"] = scrub.recorded_response_headers(response["headers"])
    from pytest_refusal.cassette import age

    response.setdefault(age.FIELD, age.stamp())  # when it was recorded: refusal_max_age reads it
    return response


def vcr_context(
    *,
    path: str,
    record_mode: str,
    persister: Any,
    tracker: Tracker,
    is_verdict: exchanges.IsVerdict | None = None,
    url_aliases: tuple[tuple[str, str], ...] = (),
    **overrides: Any,
) -> Any:
    """A vcrpy cassette context configured for chat APIs, built around the tracking cassette class."""
    import vcr  # type: ignore[import-untyped,unused-ignore]
    from vcr.cassette import CassetteContextDecorator  # type: ignore[import-untyped,unused-ignore]

    config = vcr.VCR(
        **_skip_absent_libraries(),
        record_mode=record_mode,
        # Every chat call posts to one URL: what tells calls apart is the JSON body (and, for a Gemini
        # stream, the framing its query asks for: the rest of the query is redacted in cassettes).
        match_on=("method", "path", "canonical_body", "stream_framing"),
        decode_compressed_response=True,
        before_record_request=functools.partial(before_record_request, url_aliases=url_aliases),
        before_record_response=functools.partial(before_record_response, is_verdict=is_verdict),
    )
    config.register_matcher("canonical_body", canonical_body)
    config.register_matcher("chat_path", chat_path)
    config.register_matcher("model_api", model_api)
    config.register_matcher("stream_flag", stream_flag)
    config.register_matcher("stream_framing", stream_framing)
    config.register_persister(persister)
    merged = config.get_merged_config(path=path, **overrides)
    merged["tracker"] = tracker
    return CassetteContextDecorator.from_args(tracking_cassette_class(), **merged)


# vcrpy's patcher groups and the module each one patches.
_PATCHED_MODULES = {
    "requests": "requests",
    "boto3": "botocore",
    "urllib3": "urllib3",
    "httplib2": "httplib2",
    "tornado": "tornado",
    "aiohttp": "aiohttp",
    "httpx": "httpx",
    "httpx2": "httpx2",
}


@functools.cache
def _skip_absent_libraries() -> dict[str, tuple[str, ...]]:
    """`skip_patchers` for HTTP libraries that are not installed (vcrpy that supports it).

    vcrpy otherwise tries to import every library it knows on every cassette it opens: a
    large share of each replayed item's time. Checked once per process.
    """
    import importlib.util

    from vcr import patch  # type: ignore[import-untyped,unused-ignore]

    if not hasattr(patch, "validate_skip_patchers"):
        return {}
    absent = tuple(
        group
        for group, module in _PATCHED_MODULES.items()
        if group in patch.PATCHER_NAMES and importlib.util.find_spec(module) is None
    )
    return {"skip_patchers": absent}


@functools.cache
def tracking_cassette_class() -> type[Any]:
    """vcrpy's Cassette, reporting every exchange and every unanswerable request to a tracker."""
    from vcr.cassette import Cassette  # type: ignore[import-untyped,unused-ignore]

    class TrackingCassette(Cassette):  # type: ignore[misc]  # vcrpy is untyped
        def __init__(self, *args: Any, tracker: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tracker = tracker
            self._loading = False

        def _load(self) -> None:
            # Loading appends the stored interactions; those are not exchanges of this test.
            self._loading = True
            try:
                super()._load()
            finally:
                self._loading = False

        def append(self, request: Any, response: Any) -> None:
            if not self._loading and self.tracker is not None:
                exchange = self.tracker.exchanged(request, response, "recorded")
                if exchange is not None and not self.tracker.keeps(exchange):
                    return  # replaying a broken answer or a fault would only repeat it, judged as if it were one
            super().append(request, response)

        def play_response(self, request: Any) -> Any:
            response = super().play_response(request)
            if self.tracker is not None:
                self.tracker.exchanged(request, response, "simulated" if self.tracker_simulates else "replayed")
            return response

        @property
        def tracker_simulates(self) -> bool:
            return bool(getattr(self.tracker, "simulates", False))

        def can_play_response_for(self, request: Any) -> bool:
            playable = bool(super().can_play_response_for(request))
            if not playable and self.write_protected and self.tracker is not None:
                self.tracker.unanswered(request, self)
            return playable

    return TrackingCassette


class AuditingPersister:
    """Loads like vcrpy's filesystem persister; saves only after a secret audit, and atomically."""

    def __init__(self, owner: RefusalCassette) -> None:
        self.owner = owner

    def load_cassette(self, cassette_path: str, serializer: Any) -> Any:
        from vcr.persisters.filesystem import (  # type: ignore[import-untyped,unused-ignore]
            CassetteDecodeError,
            FilesystemPersister,
        )

        try:
            return FilesystemPersister.load_cassette(cassette_path, serializer=serializer)
        except CassetteDecodeError:
            # vcrpy would treat it as empty and let `once` overwrite it: a hand-edited cassette lost.
            raise ValueError("the file is not UTF-8 text") from None

    def save_cassette(self, cassette_path: str, cassette_dict: dict[str, Any], serializer: Any) -> None:
        from vcr.serialize import serialize  # type: ignore[import-untyped,unused-ignore]

        secrets = self.owner.secrets
        findings = audit(cassette_dict, secrets)
        data = serialize(cassette_dict, serializer)
        # Belt and braces: the live key must not appear in the final text, whatever its encoding.
        findings += [
            scrub.Finding("the serialised cassette", f"the live API key {scrub.mask(s)}")
            for s in secrets
            if len(s) >= 8 and s in data and not findings
        ]
        if findings:
            # Raising here would leave vcrpy's patches in place; the owner reports it after closing.
            self.owner.findings.extend(findings)
            return
        try:
            atomicfile.write_atomic(Path(cassette_path), data)
        except OSError as exc:  # raising here would leave vcrpy's patches in place, as above
            self.owner._write_error = exc
            return
        self.owner.written = True


def audit(cassette_dict: dict[str, Any], secrets: Iterable[str]) -> list[scrub.Finding]:
    """Every secret in a cassette about to be written."""
    findings: list[scrub.Finding] = []
    pairs = zip(cassette_dict["requests"], cassette_dict["responses"], strict=False)
    for index, (request, response) in enumerate(pairs):
        findings.extend(scrub.audit_interaction(index, request._to_dict(), response, secrets))
    return findings
