"""Write report files, the format chosen by each path's suffix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pytest_refusal import atomicfile, scrub
from pytest_refusal.report import htmlpage, jsondoc, markdown
from pytest_refusal.report.model import RefusalMap
from pytest_refusal.report.redaction import redacted_map


def _markdown(refusal_map: RefusalMap) -> Iterable[str]:
    return (markdown.render(refusal_map),)


# Each format as pieces of text, written as they come (a 10,000-item report is never one string).
RENDERERS: dict[str, Callable[[RefusalMap], Iterable[str]]] = {
    ".json": jsondoc.chunks,
    ".md": _markdown,
    ".html": htmlpage.chunks,
}


class ReportPathError(ValueError):
    """A report path whose suffix names no format."""


def check_paths(paths: Iterable[str | Path]) -> None:
    """Raise `ReportPathError` for any unknown suffix, before anything is written."""
    for path in paths:
        if Path(path).suffix.lower() not in RENDERERS:
            valid = ", ".join(RENDERERS)
            raise ReportPathError(
                f"cannot tell the report format of {str(path)!r} from its "
                f"suffix; valid suffixes: {valid} (e.g. "
                "--refusal-report=refusal-map.html)"
            )


def write_reports(
    refusal_map: RefusalMap, paths: Iterable[str | Path], clean: Callable[[str], str] = scrub.clean
) -> None:
    """Clean the map's texts with `clean`, render once per format, write each file atomically (all suffixes checked first).

    The plugin passes its session's `clean` (which knows the run's live keys); the default
    still removes every key shape and URL credential, so no report carries one. The texts are
    cleaned once, in the map, for every format (see `report.redaction`): not each rendered file.
    """
    targets = [Path(p) for p in paths]
    check_paths(targets)
    shown = redacted_map(refusal_map, clean)
    rendered: dict[str, list[str]] = {}
    for target in targets:
        suffix = target.suffix.lower()
        if suffix not in rendered:
            rendered[suffix] = list(RENDERERS[suffix](shown))
        atomicfile.write_atomic(target, rendered[suffix])


def append_section(path: str | Path, text: str) -> None:
    """Append `text` to a file others write too (`GITHUB_STEP_SUMMARY`), starting on a line of its own.

    Markdown reads `## Refusal map` as a heading only at the start of a line, after a blank one.
    """
    target = Path(path)
    try:
        with target.open("rb") as existing:
            existing.seek(0, 2)
            size = existing.tell()
            existing.seek(max(0, size - 2))
            tail = existing.read()
    except FileNotFoundError:
        tail = b""
    lead = "" if not tail or tail.endswith(b"\n\n") else ("\n" if tail.endswith(b"\n") else "\n\n")
    with target.open("a", encoding="utf-8") as handle:
        handle.write(lead + text)
