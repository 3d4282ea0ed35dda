"""The refusal map as Markdown tables, for pull requests and `GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from pytest_refusal.report.model import RefusalMap, failure_line
from pytest_refusal.report.text import matrix_rows


def render(refusal_map: RefusalMap) -> str:
    """A `## Refusal map` section; subsections only for what is non-empty."""
    lines = ["## Refusal map", ""]
    if not refusal_map.observations:
        return "\n".join([*lines, "No items observed."]) + "\n"
    lines += [_summary(refusal_map), "", *_table(matrix_rows(refusal_map))]
    drift = refusal_map.significant_drift
    lines += _part("Drift", ["model", "category", "probe", "language", "before", "after"],
                   ([d.after.model, d.after.category, d.after.probe, d.after.language,
                     d.before.describe(full=True), d.after.describe(full=True)] for d in drift))
    lines += _part("Language-boundary differences", ["model", "category", "probe", "verdicts"],
                   ([b.model, b.category, b.probe,
                     ", ".join(f"{e.language}: {e.describe()}" for e in b.verdicts)]
                    for b in refusal_map.boundaries))
    lines += _part("Policy failures", ["test", "failure"],
                   ([o.nodeid, failure_line(o).split(": ", 1)[1]] for o in refusal_map.failures))
    lines += _part("Stale baseline entries", ["model", "category", "probe", "language"],
                   ([e.model, e.category, e.probe, e.language] for e in refusal_map.stale))
    if refusal_map.generated_at:
        lines += ["", f"<sub>generated {cell(refusal_map.generated_at)}</sub>"]
    return "\n".join(lines) + "\n"


def _summary(refusal_map: RefusalMap) -> str:
    return (f"{len(refusal_map.observations)} items · {len(refusal_map.significant_drift)} "
            f"drift · {len(refusal_map.boundaries)} language-boundary differences · "
            f"{len(refusal_map.failures)} policy failures")


def _part(title: str, header: list[str], rows: Iterable[Sequence[str]]) -> list[str]:
    body = list(rows)
    return ["", f"### {title} ({len(body)})", "", *_table([header, *body])] if body else []


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    header, *body = rows
    return [_row(header), "|" + "---|" * len(header), *(_row(r) for r in body)]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def cell(text: str) -> str:
    """Escape for a table cell: HTML (GitHub renders it), pipes, and line breaks."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
