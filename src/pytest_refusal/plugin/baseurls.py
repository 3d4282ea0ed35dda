"""`--refusal-base-url` / `refusal_base_url`: send models' requests to another OpenAI-compatible server, no hook needed.

One URL sends every model there (`http://127.0.0.1:8080/v1`: llama.cpp, vLLM, Ollama, the
scripted server of `pytest_refusal.testing`); `NAME=URL` entries, separated by commas or
new lines, do it per model name or provider preset (`kimi=...`, `moonshot=...`). A model
keeps its name, model string, API and key variable: only where its requests go changes, so
its cassettes (matched on method, path and body) replay whichever server recorded them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pytest_refusal.providers import ModelSpec, ProviderError, url_problem

__all__ = ["BaseUrls", "parse"]

_SEPARATORS = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class BaseUrls:
    """Where models' requests go instead of their own base URL: per name, per preset, or for all."""

    by_name: tuple[tuple[str, str], ...] = ()  # model or preset name → URL, as given
    default: str | None = None  # for every model no entry names

    def url_for(self, spec: ModelSpec) -> str | None:
        """The URL for `spec`: its model name's entry, else its preset's, else the default (None: its own)."""
        named = dict(self.by_name)
        return named.get(spec.name) or named.get(spec.provider) or self.default

    def apply(self, spec: ModelSpec) -> ModelSpec:
        """`spec` sent to its URL; the embedded model given a URL is a server like any other (none is started)."""
        url = self.url_for(spec)
        if url is None:
            return spec
        provider = "base_url" if spec.is_local else spec.provider
        return dataclasses.replace(spec, base_url=url, provider=provider)

    def apply_all(self, models: Mapping[str, ModelSpec]) -> dict[str, ModelSpec]:
        return {name: self.apply(spec) for name, spec in models.items()}

    def unknown_names(self, known: Collection[str]) -> list[str]:
        """The entries' names that are neither in `known` (model and preset names) nor anything else."""
        return [name for name, _ in self.by_name if name not in known]


def parse(text: str) -> BaseUrls:
    """Read the setting: `URL`, or `NAME=URL` entries, or both (the bare URL is the default)."""
    by_name: dict[str, str] = {}
    default: str | None = None
    for token in (t for t in _SEPARATORS.split(text.strip()) if t):
        name, url = ("", token) if _is_url(token) else token.partition("=")[::2]
        if name and name in by_name:
            raise ProviderError(f"refusal_base_url names {name!r} twice; give each model or preset one URL")
        if not name and default is not None:
            raise ProviderError(
                f"refusal_base_url has two URLs for every model ({_shown(default)}, {_shown(url)}); "
                "write one, or NAME=URL per model (kimi=http://127.0.0.1:8080/v1)"
            )
        if not _is_url(url):
            raise ProviderError(
                f"refusal_base_url entry {_shown(token)!r} is not URL or NAME=URL; expected e.g. "
                "http://127.0.0.1:8080/v1 (every model) or kimi=http://127.0.0.1:8080/v1,gpt=https://proxy.example/v1"
            )
        if name:
            by_name[name] = url.rstrip("/")
        else:
            default = url.rstrip("/")
    return BaseUrls(tuple(by_name.items()), default)


def _is_url(text: str) -> bool:
    if url_problem(text):  # an unclosed IPv6 bracket, a port that is no number: not a URL we can send to
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _shown(text: str) -> str:
    from pytest_refusal.scrub import clean  # a URL may carry user:password

    return clean(text)
