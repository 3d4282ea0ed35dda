"""The refusal map as terminal text: the matrix, then drift, language boundaries, failures.

The matrix is a table when it fits the terminal width; otherwise each model gets its own
block, so a suite with many models stays readable in a narrow CI log.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pytest_refusal.refusalmap.drift import label
from pytest_refusal.report.model import RefusalMap, failure_line

_GAP = "  "


def render(refusal_map: RefusalMap, width: int = 100) -> str:
    """All sections as lines of text; empty sections are left out except the matrix."""
    if not refusal_map.observations and not refusal_map.unrecorded:
        return "refusal map: no items observed\n"
    lines = [_title(refusal_map), *_matrix(refusal_map, width)]
    lines += _section("policy failures", [failure_line(o) for o in refusal_map.failures])
    lines += _section("drift", [d.line + d.evidence for d in refusal_map.significant_drift])
    noise = sum(1 for d in refusal_map.drift if d.verdict_changed and not d.significant)
    if noise:
        lines += ["", f"{noise} sample change(s) within sampling noise (not drift)"]
    lines += _section(
        "served model changed", [d.line for d in refusal_map.drift if d.identity_changed and not d.significant]
    )
    lines += _section("language-boundary differences", [b.line for b in refusal_map.boundaries])
    lines += _section(
        "stale baseline entries (probe gone)",
        [label(e.model, e.category, e.probe, e.language) for e in refusal_map.stale],
    )
    lines += not_recorded_lines(refusal_map)
    return "\n".join(lines) + "\n"


def _title(refusal_map: RefusalMap) -> str:
    m, c, i = (len(refusal_map.models), len(refusal_map.categories), len(refusal_map.observations))
    missing = len(refusal_map.unrecorded)
    shown = f", {missing} not recorded" if missing else ""
    return f"refusal map: {m} model(s) × {c} categor{'y' if c == 1 else 'ies'}, {i} item(s){shown}"


def not_recorded_lines(refusal_map: RefusalMap) -> list[str]:
    """`not recorded (108 items): record each column with:` then one command per column."""
    commands = refusal_map.unrecorded_commands()
    if not commands:
        return []
    lines = ["", f"not recorded ({len(refusal_map.unrecorded)} items): record each column with:"]
    return lines + [f"  {model} ({n} item{'' if n == 1 else 's'}): {command}" for model, command, n in commands]


def _section(title: str, lines: Sequence[str]) -> list[str]:
    return ["", f"{title} ({len(lines)})", *(f"  {line}" for line in lines)] if lines else []


def matrix_rows(refusal_map: RefusalMap) -> list[list[str]]:
    """Header row then one row per category; a cell with policy failures is marked `(!)`.

    Items never recorded are counted in their cell (`not recorded 12`), so a column nobody recorded
    shows in the map instead of vanishing into pytest's skips.
    """
    rows = [["category", *refusal_map.models]]
    for category in refusal_map.categories:
        row = [category]
        for model in refusal_map.models:
            cell = refusal_map.cell(model, category)
            text = "" if cell is None else cell.describe() + (" (!)" if cell.failed else "")
            missing = refusal_map.unrecorded_in(model, category)
            if missing:
                text += ("; " if text else "") + f"not recorded {missing}"
            row.append(text)
        rows.append(row)
    return rows


def _matrix(refusal_map: RefusalMap, width: int) -> list[str]:
    rows = matrix_rows(refusal_map)
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    if sum(widths) + len(_GAP) * (len(widths) - 1) <= width:
        return [_GAP.join(_pad(text, w) for text, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    return _stacked(rows)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _stacked(rows: list[list[str]]) -> list[str]:
    """One block per model: `  category  counts` lines, for terminals too narrow for the table."""
    header, body = rows[0], rows[1:]
    label_width = max(display_width(row[0]) for row in body)
    lines = []
    for column, model in enumerate(header[1:], start=1):
        lines.append(f"{model}:")
        lines += [f"  {_pad(row[0], label_width)}{_GAP}{row[column]}".rstrip() for row in body if row[column]]
    return lines
