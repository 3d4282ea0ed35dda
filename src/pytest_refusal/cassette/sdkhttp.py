"""The HTTP library the installed openai SDK is built on: httpx for openai 1.x and 2.x, httpx2 for 3.x.

The plugin supports every one of those majors, so it never imports an HTTP library by name:
it asks the SDK which one its clients are made of and uses that one, so a fixture built on
openai 1.x never needs httpx2 installed and one built on 3.x never needs httpx.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


def http_library() -> ModuleType:
    """The module (`httpx` or `httpx2`) whose `AsyncClient` the SDK's `DefaultAsyncHttpxClient` subclasses."""
    import openai

    for base in openai.DefaultAsyncHttpxClient.__mro__:
        package = base.__module__.partition(".")[0]
        if package not in ("openai", "builtins"):
            return importlib.import_module(package)
    raise RuntimeError(
        f"openai {openai.__version__}: DefaultAsyncHttpxClient is not built on an HTTP library "
        "(expected httpx or httpx2 among its base classes); pytest-refusal supports openai 1.55.3 or newer"
    )


def ssl_context() -> Any:
    """The SSL context the SDK's own clients would build (the library's default); `True` when it has no builder.

    Either value is a valid `verify=` for `DefaultAsyncHttpxClient`; building the context once
    and sharing it spares each client loading the CA bundle again.
    """
    create = getattr(http_library(), "create_ssl_context", None)
    return create() if create is not None else True
