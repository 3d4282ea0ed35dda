"""The embedded local model's server for one run: started once per process when a recording first needs it."""

from __future__ import annotations

import contextlib
import threading

from pytest_refusal.plugin.faults import ProviderFault


class LocalModels:
    """The embedded model's server: started once per process when a recording first needs it, stopped at the end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._url: str | None = None
        self._error: str | None = None
        self._stack = contextlib.ExitStack()

    def base_url(self) -> str:
        with self._lock:
            if self._url is None and self._error is None:
                from pytest_refusal import localmodel

                try:
                    self._url = self._stack.enter_context(localmodel.running_server())
                except localmodel.LocalModelError as exc:
                    self._error = f"cannot record with the embedded local model: {exc}"
            if self._error is not None:
                raise LocalModelFault(self._error)
            assert self._url is not None
            return self._url

    def close(self) -> None:
        with self._lock:
            self._stack.close()
            self._url = None


class LocalModelFault(ProviderFault):
    """The embedded model cannot run while recording: a test error that says what to install."""
