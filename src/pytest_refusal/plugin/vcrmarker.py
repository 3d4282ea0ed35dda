"""Beside pytest-recording: a test with `@pytest.mark.vcr` and an expect_* marker is judged from pytest-recording's cassette.

Two vcrpy cassettes open around one test cannot share its traffic: the one patched last
answers everything and the other sees nothing. So a test carrying both markers gets a single
cassette, pytest-recording's (the user chose it with `@pytest.mark.vcr`, and its
`--record-mode` decides when it records); pytest-refusal opens none of its own and writes
nothing, so the two plugins never write one file (when pytest-recording's cassette is empty
and replays only, pytest-refusal's own cassette, if it has one, replays instead: whichever
cassette holds the traffic is judged). At the end of the test its exchanges are
read from that cassette and judged like any other, and before pytest-recording saves it, the
new interactions are scrubbed with pytest-refusal's rules and audited: a cassette that would
still hold a secret is not written. vcrpy is imported only by the caller.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

from pytest_refusal import recordedfields, scrub
from pytest_refusal.cassette.exchange import from_vcr
from pytest_refusal.cassette.persister import audit
from pytest_refusal.cassette.vcr import RefusalCassette
from pytest_refusal.cassette.vcrconfig import before_record_response

__all__ = ["Beside"]


class Beside:
    """pytest-recording's cassette of one test, as pytest-refusal reads it."""

    def __init__(self, cassette: Any) -> None:
        self.cassette = cassette
        # Interactions loaded from the file come first in `data`; the test's new ones follow.
        self.loaded = int(getattr(cassette, "_loaded_count", len(cassette.data)))

    @property
    def path(self) -> Path:
        return Path(os.fspath(getattr(self.cassette, "path", None) or self.cassette._path))

    @property
    def record_mode(self) -> str:
        mode = self.cassette.record_mode
        return str(getattr(mode, "value", mode))

    @property
    def replays_nothing(self) -> bool:
        """Replaying only, and no interaction loaded: a test recorded by pytest-refusal alone."""
        return self.record_mode == "none" and not self.cassette.data

    def collect(self, into: RefusalCassette) -> None:
        """Add what the test exchanged through pytest-recording's cassette to `into`'s exchanges."""
        data = self.cassette.data
        played = [data[i] for i in sorted(self.cassette.play_counts) for _ in range(self.cassette.play_counts[i])]
        for source, pairs in (("replayed", played), ("recorded", data[self.loaded :])):
            for request, response in pairs:
                into.request_secrets |= scrub.request_secrets(request.headers, request.uri)
                into.exchanges.append(from_vcr(request, response, source, secrets=into.secrets))

    def settle(self, owner: RefusalCassette, *, write: bool = True) -> None:
        """Apply pytest-refusal's rules to the test's new interactions before pytest-recording saves them.

        Secrets are scrubbed and provider faults dropped, as in pytest-refusal's own cassettes;
        with a secret still left, nothing new kept, or `write` False (the test ended in a provider
        fault, so what it recorded is a fragment), vcrpy leaves the file as it was.
        """
        kept = []
        for request, response in self.cassette.data[self.loaded :]:
            for name in [n for n in request.headers if recordedfields.is_secret_header(n)]:
                del request.headers[name]
            request.uri = scrub.scrub_url(request.uri)
            scrubbed = before_record_response(response, owner.config.is_verdict)
            if scrubbed is not None:
                kept.append((request, scrubbed))
        self.cassette.data[self.loaded :] = kept
        findings = audit({"requests": [r for r, _ in kept], "responses": [r for _, r in kept]}, owner.secrets)
        owner.findings.extend(findings)
        if findings or not write or not kept:
            self.cassette.dirty = False

    @staticmethod
    def record_command(nodeid: str) -> str:
        return f"pytest --record-mode=once {shlex.quote(nodeid)}"

    def miss(self, exc: BaseException, nodeid: str, shown: str) -> str | None:
        """A message when this cassette could not answer a request (vcrpy's error, maybe wrapped by the SDK)."""
        seen: BaseException | None = exc
        for _ in range(5):
            if seen is None:
                return None
            if type(seen).__name__ == "CannotOverwriteExistingCassetteException":
                request = getattr(seen, "failed_request", None)
                what = f"{getattr(request, 'method', '')} {scrub.scrub_url(str(getattr(request, 'uri', '')))}".strip()
                return (
                    f"pytest-recording's cassette {shown} has no response for {what or 'a request'}, and its record "
                    f"mode ({self.record_mode}) does not allow recording it. A test with @pytest.mark.vcr is recorded "
                    f"by pytest-recording; record it with: {self.record_command(nodeid)}"
                )
            seen = seen.__cause__ or seen.__context__
        return None
