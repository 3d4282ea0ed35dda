"""How the plugin's own calls reach a model: shared clients, API keys, base URLs and the embedded local model.

One `Clients` per run (`RefusalSession.clients`). Items that call one model at one address share
one `openai.OpenAI` client (its connection pool, its retries); a recording needs the model's key
and says which variable to set when it is missing; the embedded local model records under a
fixed address, whatever port it listens on.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal.plugin.localmodelrun import LocalModels
from pytest_refusal.plugin.options import Options, live_secrets
from pytest_refusal.plugin.progress import CallCounter
from pytest_refusal.providers import LOCAL_BASE_URL, ModelSpec, Preset

if TYPE_CHECKING:
    from pytest_refusal.cassette.directcall import DirectCaller
    from pytest_refusal.cassette.vcr import RefusalCassette

# What the SDK sends as the key while replaying: replay never reaches the provider, the SDK only needs a value.
REPLAY_KEY = "replay-without-key"


@dataclass
class Clients:
    """The run's clients for the plugin's models, and what they need: keys, addresses, the local model."""

    options: Options
    presets: dict[str, Preset]
    counter: CallCounter  # retries and 429s of these clients, for the progress line
    local_models: LocalModels = field(default_factory=lambda: LocalModels())
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _direct: dict[tuple[str, str], Any] = field(default_factory=dict)
    _ssl_context: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _replay_secrets: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def local_aliases(self, model: ModelSpec | None, path: Path) -> tuple[tuple[str, str], ...]:
        """For the embedded model while recording: its real address, recorded as the fixed placeholder."""
        from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette

        if model is None or not model.is_local:
            return ()
        if not RefusalCassette(path, CassetteConfig(self.options.record_mode)).needs_network:
            return ()
        return ((self.local_models.base_url(), LOCAL_BASE_URL),)

    def base_url(self, model: ModelSpec, cassette: RefusalCassette) -> str:
        """Where to send `model`'s requests: the embedded server's real address while it records."""
        if model.is_local and cassette.needs_network:
            return self.local_models.base_url()
        return model.base_url

    def api_key(self, model: ModelSpec, cassette: RefusalCassette) -> str:
        """The key to call `model` with; when recording and it is missing, a setup error naming the variable."""
        key = model.api_key(os.environ)
        if key:
            return key
        if cassette.needs_network:
            pytest.fail(
                f"{model.key_env} is not set, and recording {model.describe()} "
                f"(--refusal-record={self.options.record_mode.value}) needs it. Set {model.key_env} in the "
                "environment (keys are read only from there), or replay the existing cassettes with "
                "--refusal-record=none.",
                pytrace=False,
            )
        return REPLAY_KEY

    def client(self, model: ModelSpec, cassette: RefusalCassette) -> Any:
        """An `openai.OpenAI` client for `model`, shared by the items that call it at the same address."""
        import openai

        base_url, key = self.base_url(model, cassette), self.api_key(model, cassette)
        with self._lock:
            if (base_url, key) not in self._clients:
                from pytest_refusal.cassette.deadline import bounded_http_client

                http_client = bounded_http_client(self.options.timeout)  # the timeout bounds the whole answer
                self.counter.watch(http_client)  # the progress line's retries and rate-limit waits
                self._clients[(base_url, key)] = openai.OpenAI(
                    base_url=base_url,
                    api_key=key,
                    max_retries=self.options.max_retries,
                    timeout=self.options.timeout,
                    http_client=http_client,
                )
            return self._clients[(base_url, key)]

    def direct_caller(self, model: ModelSpec, cassette: RefusalCassette) -> DirectCaller | None:
        """A caller that posts `model`'s fetch-ahead calls without the SDK (see `directcall`); None where only the SDK will do.

        Shared as `client` is; its HTTP client is bounded and watched the same way.
        """
        from pytest_refusal import apis

        base_url, key = self.base_url(model, cassette), self.api_key(model, cassette)
        if apis.call_url(base_url, apis.request_path(model.api, model.model)) is None:
            return None
        from pytest_refusal.cassette import directcall
        from pytest_refusal.cassette.deadline import bounded_client

        with self._lock:
            if (base_url, key) not in self._direct:
                library = directcall.http_library()
                http_client = bounded_client(self.options.timeout, library)
                self.counter.watch(http_client)
                self._direct[(base_url, key)] = directcall.DirectCaller(
                    base_url, key, http_client, library, max_retries=self.options.max_retries
                )
            caller: DirectCaller = self._direct[(base_url, key)]
            return caller

    def replay_secrets(self, key: str, url: str) -> tuple[str, ...]:
        """What a direct replay must not find in a response: live keys and the request's credentials (once per run)."""
        if (key, url) not in self._replay_secrets:
            from pytest_refusal import scrub

            request = scrub.request_secrets({"authorization": f"Bearer {key}"}, url)
            self._replay_secrets[(key, url)] = (*live_secrets(self.options.models, self.presets), *sorted(request))
        return self._replay_secrets[(key, url)]

    def ssl_context(self) -> Any:
        """One SSL context for the async clients of a run (the default one of the SDK's HTTP library, built once)."""
        from pytest_refusal.cassette import sdkhttp

        with self._lock:
            if self._ssl_context is None:
                self._ssl_context = sdkhttp.ssl_context()
            return self._ssl_context

    def close(self) -> None:
        """End of the run: close the shared clients, stop the embedded model."""
        for client in (*self._clients.values(), *self._direct.values()):
            client.close()
        self._clients.clear()
        self._direct.clear()
        self.local_models.close()
