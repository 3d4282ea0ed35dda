"""Recording many map items at once: fetch missing cassettes with a thread pool, then every item replays its own.

vcrpy patches the HTTP clients of the whole process, so cassettes cannot record side by side in
threads. Instead, while no cassette is open, each job sends its requests itself (`directcall`:
the HTTP library alone, with the SDK's retries; the SDK's client where a base URL needs it)
and writes the exchanges as a vcrpy cassette through the same filters, secret audit and atomic
write a recording test uses. A lock file per cassette, created exclusively, lets several
processes (xdist workers) share the work: each cassette is fetched once. Anything a job cannot
do cleanly (a provider fault, a secret in the response) it leaves alone: the item then records
itself and reports the problem as usual. Rate limits are the retries' business (the SDK's rules: they
honour Retry-After).
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_refusal import modelcalls
from pytest_refusal.apis import Api
from pytest_refusal.cassette import deadline, directcall
from pytest_refusal.cassette import exchange as exchanges
from pytest_refusal.cassette.directcall import DirectCaller
from pytest_refusal.cassette.persister import AuditingPersister
from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette
from pytest_refusal.cassette.vcrconfig import before_record_request, before_record_response


@dataclass(frozen=True)
class Job:
    """One cassette to fetch: where it goes, the client (a `DirectCaller` or the SDK's) and arguments of the call, how many samples."""

    path: Path
    client: Any
    arguments: dict[str, Any]
    samples: int
    config: CassetteConfig = field(compare=False)
    since: float = 0.0  # a cassette written after this (the run's start) is already fetched
    api: Api = Api.CHAT  # the model's API, and its model (Gemini puts it in the path)
    model: str = ""
    stale_after: float = math.inf  # how long another process may hold this cassette's lock (see `claim`)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def claim(path: Path, stale_after: float = math.inf) -> bool:
    """Take the cassette's lock (its folder must exist); False when another live process has it.

    The lock names its owner (host and process id) and the time it was taken. A lock left by a
    process that is gone (a run killed mid-recording), or older than `stale_after` seconds (its
    owner had that long to fetch and write: the process id was reused, or the owner ran on
    another machine and died there), is taken over, so no run waits on it again.
    """
    lock = lock_path(path)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            if not _abandoned(lock, stale_after):
                return False
            with contextlib.suppress(OSError):
                lock.unlink()
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{socket.gethostname()} {os.getpid()} {time.time():.3f}")
        return True
    return False


def release(path: Path) -> None:
    with contextlib.suppress(OSError):
        lock_path(path).unlink()


def wait_until_free(path: Path, timeout: float) -> None:
    """Wait while another live process fetches this cassette (its lock exists), at most `timeout` seconds.

    `timeout` is also how long an owner may hold the lock: an older one is stale and removed.
    """
    lock = lock_path(path)
    deadline = time.monotonic() + timeout
    while lock.exists() and time.monotonic() < deadline:
        if _abandoned(lock, timeout):
            with contextlib.suppress(OSError):
                lock.unlink()
            return
        time.sleep(0.05)


def _abandoned(lock: Path, stale_after: float = math.inf) -> bool:
    """Whether the lock is stale (held longer than `stale_after`) or its owner ran on this host and has exited."""
    try:
        text = lock.read_text(encoding="utf-8")
        taken = lock.stat().st_mtime
    except (OSError, UnicodeDecodeError):
        return False
    # An empty lock is one whose owner created it this instant and has not yet written it.
    host, pid, written = (*text.split(), "", "", "")[:3]
    with contextlib.suppress(ValueError):
        taken = float(written)  # the time the owner wrote; the file's own time when it is missing
    if time.time() - taken > stale_after:
        return True
    if host != socket.gethostname() or not pid.isdigit():
        return False  # being written this instant, or another machine's: wait for it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, owned by another user
    return False


class Fetcher:
    """Fetches cassettes with `workers` requests in flight, in the order jobs arrive.

    Writing a cassette (serialise, audit, write, fsync, rename) happens on separate writer
    threads, so a fetch thread goes straight on to its next request: `workers` is the number of
    calls in flight, not calls plus disk work. Items wait only for their own cassette (`wait`),
    so the first items are judged while later ones are still on the wire. `close` cancels what
    has not started and waits for the rest; a cassette's lock is held until it is written.
    """

    def __init__(self, workers: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        # Several threads importing one package at once can see it half initialised ("partially
        # initialized module 'httpx' has no attribute 'Timeout'", where vcrpy's import of httpx
        # meets httpx2's): everything a fetch or write thread uses is imported here, before any starts.
        _import_vcr()
        deadline.connection_library(directcall.http_library())  # what direct calls use, imported here too
        self._fetchers = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refusal-record")
        self._writers = ThreadPoolExecutor(max_workers=min(4, workers), thread_name_prefix="refusal-write")
        self._pending: dict[Path, Future[Future[None] | None]] = {}
        self._folders: set[Path] = set()
        self._warmed: set[int] = set()
        # An address that refused or dropped every connection (after the retries), and nothing
        # reached it since: the remaining jobs for it are not sent, their items fail at once.
        self._unreachable: dict[int, BaseException] = {}
        self._reached: set[int] = set()
        self._failures: dict[Path, Unreachable] = {}
        self._state = threading.Lock()

    def submit(self, job: Job) -> None:
        folder = job.path.parent
        if folder not in self._folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return  # not fetched ahead: the item records itself and says why it cannot write
            self._folders.add(folder)
        if not isinstance(job.client, DirectCaller) and id(job.client) not in self._warmed:
            # The SDK builds its resources lazily, under a lock: build them once here, not in 16 threads at once.
            job.client.chat.completions.with_raw_response  # noqa: B018 - touched for its side effect
            self._warmed.add(id(job.client))
        self._pending[job.path] = self._fetchers.submit(self._fetch, job)

    def wait(self, path: Path) -> None:
        """Wait until this process's job for `path`, if any, is done (fetched and written, or left alone).

        A job's unexpected error is raised here, in the item that needed the cassette.
        """
        future = self._pending.pop(path, None)
        written = future.result() if future is not None else None
        if written is not None:
            written.result()
        _import_vcr()  # the item may record through vcrpy next: never import it beside a fetch thread

    def failure(self, path: Path) -> Unreachable | None:
        """The connection error that kept this process from fetching `path`, if that is what happened."""
        return self._failures.get(path)

    def close(self) -> None:
        self._fetchers.shutdown(wait=True, cancel_futures=True)
        self._writers.shutdown(wait=True)
        self._pending.clear()

    def _fetch(self, job: Job) -> Future[None] | None:
        client = id(job.client)
        with self._state:
            down = self._unreachable.get(client)
        if down is not None:
            self._failures[job.path] = Unreachable(down, sent=False)
            return None
        if not claim(job.path, job.stale_after):
            return None  # another process has it
        try:
            fetched = None if _fresh(job) else fetch(job)  # fresh: another process has just written it
        except Unreachable as exc:
            release(job.path)
            self._failures[job.path] = exc
            with self._state:
                if client not in self._reached:
                    self._unreachable.setdefault(client, exc.cause)
            return None
        except BaseException:
            release(job.path)
            raise
        with self._state:
            self._reached.add(client)
        if fetched is None:
            release(job.path)
            return None
        return self._writers.submit(_write_and_release, job, *fetched)


def fetch(job: Job) -> tuple[RefusalCassette, dict[str, Any]] | None:
    """The job's `samples` exchanges as a vcrpy cassette, or None when a recording test would not keep them."""
    owner = RefusalCassette(job.path, job.config)
    pairs = []
    for _ in range(job.samples):
        pair = _exchange(job, owner)
        if pair is None:
            return None  # a fault or a broken answer: the item records it itself and reports it
        pairs.append(pair)
    return owner, {"requests": [r for r, _ in pairs], "responses": [s for _, s in pairs]}


def _write_and_release(job: Job, owner: RefusalCassette, cassette: dict[str, Any]) -> None:
    """Write through the same audit and atomic write a recording test uses; a cassette with a secret is not written."""
    _import_vcr()
    from vcr.serializers import yamlserializer  # type: ignore[import-untyped,unused-ignore]

    try:
        AuditingPersister(owner).save_cassette(str(job.path), cassette, serializer=yamlserializer)
    finally:
        release(job.path)


class Unreachable(Exception):
    """A job whose address refused or dropped the connection (after the retries); or, unsent, one behind it."""

    def __init__(self, cause: BaseException, *, sent: bool) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.sent = sent


_VCR_IMPORT = threading.Lock()
_vcr_imported = False  # set once every thread may use vcrpy without the lock


def _import_vcr() -> None:
    """Import the vcrpy modules the threads use, one thread at a time.

    Several threads importing one package's submodules at once can see it half initialised
    (ImportError, KeyError in importlib); after the first call this is a lock and a dict lookup.
    """
    global _vcr_imported
    if _vcr_imported:
        return
    with _VCR_IMPORT:
        import vcr.filters  # type: ignore[import-untyped,unused-ignore]
        import vcr.request  # type: ignore[import-untyped,unused-ignore]
        import vcr.serialize  # type: ignore[import-untyped,unused-ignore]
        import vcr.serializers.yamlserializer  # type: ignore[import-untyped,unused-ignore]  # noqa: F401

        _vcr_imported = True


def _direct_response(job: Job) -> Any:
    """The HTTP response to the job's call posted directly, whatever its status; None for a timeout."""
    caller: DirectCaller = job.client
    try:
        return caller.send(job.api, job.model, job.arguments)
    except caller.library.TimeoutException:
        return None  # a slow answer, not a dead address: the item tries again itself
    except caller.library.TransportError as exc:
        raise Unreachable(exc, sent=True) from exc


def _sdk_response(job: Job) -> Any:
    """The HTTP response to the job's call through the SDK's client, whatever its status; None for a timeout."""
    import openai

    try:
        return modelcalls.create(job.client, job.api, job.model, job.arguments, raw=True).http_response
    except openai.APIStatusError as exc:
        return exc.response
    except openai.APITimeoutError:
        return None  # a slow answer, not a dead address: the item tries again itself
    except openai.APIConnectionError as exc:
        raise Unreachable(exc, sent=True) from exc
    except openai.APIError:
        return None


def _fresh(job: Job) -> bool:
    try:
        return job.path.stat().st_mtime >= job.since
    except OSError:
        return False


def _exchange(job: Job, owner: RefusalCassette) -> tuple[Any, dict[str, Any]] | None:
    """One call, as vcrpy would record it (filtered), or None when a recording test would not keep it."""
    response = _direct_response(job) if isinstance(job.client, DirectCaller) else _sdk_response(job)
    if response is None:
        return None
    from vcr.request import Request  # type: ignore[import-untyped,unused-ignore]

    sent = response.request
    owner.learn(dict(sent.headers), str(sent.url))
    request = before_record_request(
        Request(sent.method, str(sent.url), bytes(sent.content), dict(sent.headers)), job.config.url_aliases
    )
    body = response.content
    headers: dict[str, list[str]] = {}
    for name, value in response.headers.multi_items():
        if name.lower() == "content-encoding":
            continue  # the body is already decoded, as recording tests store it
        headers.setdefault(name, []).append(str(len(body)) if name.lower() == "content-length" else value)
    recorded = before_record_response(
        {
            "status": {"code": response.status_code, "message": response.reason_phrase},
            "headers": headers,
            "body": {"string": body},
        },
        job.config.is_verdict,
    )
    if recorded is None or not owner.keeps(exchanges.from_vcr(request, recorded, "recorded")):
        return None
    return request, recorded
