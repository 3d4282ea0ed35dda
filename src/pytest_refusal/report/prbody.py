"""The baseline diff as a pull-request body: the matrix before and after, then what changed.

A nightly re-record proposes the map change like any other change: a reviewer reads the
category × model matrix on both sides, the drift decided (with p and BH q for samples),
served-model changes and items that came or went, then merges or not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pytest_refusal.refusalmap.baseline import Entry, Key
from pytest_refusal.refusalmap.drift import Diff
from pytest_refusal.report.markdown import cell
from pytest_refusal.verdict import Kind, describe_counts

TITLE = "## Refusal map drift"


def render(old: Mapping[Key, Entry], new: Mapping[Key, Entry], result: Diff) -> str:
    """Markdown: a summary line, both matrices, then one table per kind of change (empty ones left out)."""
    served = result.served_changed
    noise = [d for d in result.drift if d.verdict_changed and not d.significant]
    lines = [
        TITLE,
        "",
        f"{len(result.significant)} drift · {len(served)} served-model changes · {len(noise)} within "
        f"sampling noise · {len(result.added)} new · {len(result.removed)} gone",
        "",
    ]
    lines += [
        "### Matrix before",
        "",
        *_table(matrix(old.values())),
        "",
        "### Matrix after",
        "",
        *_table(matrix(new.values())),
    ]
    lines += _part(
        "Drift",
        ["item", "before", "after", "p", "q (BH)"],
        (
            [
                _item(d.after),
                d.before.describe(full=True),
                d.after.describe(full=True),
                _number(d.p_value),
                _number(d.q_value),
            ]
            for d in result.significant
        ),
    )
    lines += _part(
        "Served model changed",
        ["item", "before", "after"],
        ([_item(d.after), d.before.identity, d.after.identity] for d in served),
    )
    lines += _part(
        "Within sampling noise (not drift)",
        ["item", "before", "after", "p", "q (BH)"],
        (
            [
                _item(d.after),
                d.before.describe(full=True),
                d.after.describe(full=True),
                _number(d.p_value),
                _number(d.q_value),
            ]
            for d in noise
        ),
    )
    lines += _part("New items", ["item", "verdicts"], ([_item(e), e.describe(full=True)] for e in result.added))
    lines += _part("Items gone", ["item", "verdicts"], ([_item(e), e.describe(full=True)] for e in result.removed))
    return "\n".join(lines) + "\n"


def matrix(entries: Iterable[Entry]) -> list[list[str]]:
    """Header then one row per category: each model's kind counts summed over probes and languages."""
    totals: dict[tuple[str, str], dict[Kind, int]] = defaultdict(lambda: defaultdict(int))
    for e in entries:
        for kind, count in e.counts:
            totals[(e.category, e.model)][kind] += count
    models = sorted({m for _, m in totals})
    rows = [["category", *models]]
    for category in sorted({c for c, _ in totals}):
        rows.append(
            [
                category,
                *(
                    describe_counts(tuple((k, c) for k in Kind if (c := totals[(category, m)].get(k, 0)))) or "—"
                    for m in models
                ),
            ]
        )
    return rows


def _item(e: Entry) -> str:
    task = f" ({e.task})" if e.task else ""
    return f"{e.model} · {e.category} · {e.probe}{task} [{e.language}]"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _part(title: str, header: list[str], rows: Iterable[Sequence[str]]) -> list[str]:
    body = list(rows)
    return ["", f"### {title} ({len(body)})", "", *_table([header, *body])] if body else []


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    if len(rows) < 2:
        return ["(no items)"]
    header, *body = rows
    return [
        "| " + " | ".join(cell(c) for c in header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(cell(c) for c in r) + " |" for r in body),
    ]
