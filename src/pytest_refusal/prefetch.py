"""Recording many map items at once: fetch missing cassettes with a thread pool, then every item replays its own.

vcrpy patches the HTTP clients of the whole process, so cassettes cannot record side by side in
threads. Instead, while no cassette is open, each job sends its requests with the SDK directly
and writes the exchanges as a vcrpy cassette through the same filters, secret audit and atomic
write a recording test uses. A lock file per cassette, created exclusively, lets several
processes (xdist workers) share the work: each cassette is fetched once. Anything a job cannot
do cleanly (a provider fault, a secret in the response) it leaves alone: the item then records
itself and reports the problem as usual. Rate limits are the SDK's retries' business (they
honour Retry-After).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_refusal import scrub
from pytest_refusal.cassettes import (
    CassetteConfig,
    RefusalCassette,
    _AtomicAuditingPersister,
    before_record_request,
    before_record_response,
    exchange_from_vcr,
)


@dataclass(frozen=True)
class Job:
    """One cassette to fetch: where it goes, the client and arguments of the call, how many samples."""

    path: Path
    client: Any
    arguments: dict[str, Any]
    samples: int
    config: CassetteConfig = field(compare=False)
    since: float = 0.0  # a cassette written after this (the run's start) is already fetched


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def claimed(path: Path) -> Iterator[bool]:
    """Whether this process got the cassette's lock (held for the block); False when another has it."""
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        yield False
        return
    try:
        yield True
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def wait_until_free(path: Path, timeout: float) -> None:
    """Wait while another process fetches this cassette (its lock exists), at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while lock_path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def run(jobs: Iterable[Job], workers: int) -> set[Path]:
    """Fetch every job with up to `workers` threads; the cassettes written by this process."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refusal-record") as pool:
        results = list(pool.map(fetch, jobs))
    return {path for path in results if path is not None}


def fetch(job: Job) -> Path | None:
    with claimed(job.path) as mine:
        if not mine or _fresh(job):
            return None  # another process has it, or has just finished it
        owner = RefusalCassette(job.path, job.config)
        pairs = []
        for _ in range(job.samples):
            pair = _exchange(job, owner)
            if pair is None:
                return None  # a fault or a broken answer: the item records it itself and reports it
            pairs.append(pair)
        from vcr.serializers import yamlserializer  # type: ignore[import-untyped,unused-ignore]

        cassette = {"requests": [r for r, _ in pairs], "responses": [s for _, s in pairs]}
        _AtomicAuditingPersister(owner).save_cassette(str(job.path), cassette, serializer=yamlserializer)
        return job.path if owner.written else None


def _fresh(job: Job) -> bool:
    try:
        return job.path.stat().st_mtime >= job.since
    except OSError:
        return False


def _exchange(job: Job, owner: RefusalCassette) -> tuple[Any, dict[str, Any]] | None:
    """One call, as vcrpy would record it (filtered), or None when a recording test would not keep it."""
    import openai
    from vcr.request import Request  # type: ignore[import-untyped,unused-ignore]

    try:
        raw = job.client.chat.completions.with_raw_response.create(**job.arguments)
        response = raw.http_response
    except openai.APIStatusError as exc:
        response = exc.response
    except openai.APIError:
        return None
    sent = response.request
    owner.request_secrets |= scrub.request_secrets(dict(sent.headers), str(sent.url))
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
        {"status": {"code": response.status_code, "message": response.reason_phrase},
         "headers": headers, "body": {"string": body}},
        job.config.is_verdict,
    )
    if recorded is None or not owner._keeps(exchange_from_vcr(request, recorded, "recorded")):
        return None
    return request, recorded
