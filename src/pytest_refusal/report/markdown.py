"""The refusal map as Markdown tables, for pull requests and `GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from pytest_refusal.observation import Observation
from pytest_refusal.report.model import RefusalMap, failure_line
from pytest_refusal.report.text import matrix_rows


def render(refusal_map: RefusalMap) -> str:
    """A `## Refusal map` section; subsections only for what is non-empty."""
    lines = ["## Refusal map", ""]
    if not refusal_map.observations and not refusal_map.unrecorded:
        return "\n".join([*lines, "No items observed."]) + "\n"
    lines += [_summary(refusal_map), "", *_table(matrix_rows(refusal_map))]
    lines += _part(
        "Policy failures",
        ["test", "failure", "evidence"],
        ([o.nodeid, failure_line(o).split(": ", 1)[1], _evidence(o)] for o in refusal_map.failures),
    )
    drift = refusal_map.significant_drift
    lines += _part(
        "Drift",
        ["model", "category", "probe", "language", "before", "after", "p", "q (BH)"],
        (
            [
                d.after.model,
                d.after.category,
                d.after.probe + (f" ({d.after.task})" if d.after.task else ""),
                d.after.language,
                d.before.describe(full=True),
                d.after.describe(full=True),
                _number(d.p_value),
                _number(d.q_value),
            ]
            for d in drift
        ),
    )
    lines += _part(
        "Served model changed",
        ["model", "category", "probe", "language", "before", "after"],
        (
            [d.after.model, d.after.category, d.after.probe, d.after.language, d.before.identity, d.after.identity]
            for d in refusal_map.drift
            if d.identity_changed
        ),
    )
    lines += _part(
        "Language-boundary differences",
        ["model", "category", "probe", "verdicts"],
        (
            [
                b.model,
                b.category,
                b.probe + (f" ({b.task})" if b.task else ""),
                ", ".join(f"{e.language}: {e.describe()}" for e in b.verdicts),
            ]
            for b in refusal_map.boundaries
        ),
    )
    lines += _part(
        "Stale baseline entries",
        ["model", "category", "probe", "language"],
        ([e.model, e.category, e.probe, e.language] for e in refusal_map.stale),
    )
    lines += _not_recorded(refusal_map)
    if refusal_map.generated_at:
        lines += ["", f"<sub>generated {cell(refusal_map.generated_at)}</sub>"]
    return "\n".join(lines) + "\n"


def _summary(refusal_map: RefusalMap) -> str:
    missing = f" · {len(refusal_map.unrecorded)} not recorded" if refusal_map.unrecorded else ""
    return (
        f"{len(refusal_map.observations)} items{missing} · {len(refusal_map.significant_drift)} "
        f"drift · {len(refusal_map.boundaries)} language-boundary differences · "
        f"{len(refusal_map.failures)} policy failures"
    )


def _number(value: float | None) -> str:
    """A p- or q-value to four places; "—" for one sample (any change of kind is drift there)."""
    return "—" if value is None else f"{value:.4f}"


def _evidence(o: Observation) -> str:
    """The first failing verdict's evidence and score: what a reviewer checks first."""
    missed = next((v for v in o.verdicts if not o.expectation.accepts(v.kind)), None)
    return "" if missed is None else f"{missed.kind.value} {missed.score:.2f}: {missed.evidence}"


def _not_recorded(refusal_map: RefusalMap) -> list[str]:
    commands = refusal_map.unrecorded_commands()
    if not commands:
        return []
    return [
        "",
        f"### Not recorded ({len(refusal_map.unrecorded)})",
        "",
        *_table(
            [["model", "items", "record with"], *([model, str(n), f"`{command}`"] for model, command, n in commands)]
        ),
    ]


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
