"""Refusal map reports: build the map from observations, render text, JSON, Markdown, HTML.

The names below load on first use: a run that prints the map but writes no report file needs
`model` and `text` only, not the HTML, JSON and Markdown writers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_refusal.report.files import ReportPathError, check_paths, write_reports
    from pytest_refusal.report.jsondoc import ReportError
    from pytest_refusal.report.model import Cell, RefusalMap, build_map

_HOMES = {
    "Cell": "model",
    "RefusalMap": "model",
    "build_map": "model",
    "ReportError": "jsondoc",
    "ReportPathError": "files",
    "check_paths": "files",
    "write_reports": "files",
}

__all__ = ["Cell", "RefusalMap", "ReportError", "ReportPathError", "build_map", "check_paths", "write_reports"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # looked up once
    return value
