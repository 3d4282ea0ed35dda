"""Write report files, the format chosen by each path's suffix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pytest_refusal.baseline import write_atomic
from pytest_refusal.report import htmlpage, jsondoc, markdown
from pytest_refusal.report.model import RefusalMap

RENDERERS: dict[str, Callable[[RefusalMap], str]] = {
    ".json": jsondoc.dumps,
    ".md": markdown.render,
    ".html": htmlpage.render,
}


class ReportPathError(ValueError):
    """A report path whose suffix names no format."""


def check_paths(paths: Iterable[str | Path]) -> None:
    """Raise `ReportPathError` for any unknown suffix, before anything is written."""
    for path in paths:
        if Path(path).suffix.lower() not in RENDERERS:
            valid = ", ".join(RENDERERS)
            raise ReportPathError(f"cannot tell the report format of {str(path)!r} from its "
                                  f"suffix; valid suffixes: {valid} (e.g. "
                                  "--refusal-report=refusal-map.html)")


def write_reports(refusal_map: RefusalMap, paths: Iterable[str | Path]) -> None:
    """Render once per format and write each file atomically (all suffixes checked first)."""
    targets = [Path(p) for p in paths]
    check_paths(targets)
    rendered: dict[str, str] = {}
    for target in targets:
        suffix = target.suffix.lower()
        if suffix not in rendered:
            rendered[suffix] = RENDERERS[suffix](refusal_map)
        write_atomic(target, rendered[suffix])
