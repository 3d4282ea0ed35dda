"""The refusal map as one self-contained HTML page: inline CSS, no scripts, no external assets.

The page must open from a CI artifact with no network, and must be safe for response text
that contains markup: every piece of data goes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from pytest_refusal import stats
from pytest_refusal.baseline import Entry
from pytest_refusal.drift import label
from pytest_refusal.observation import Observation
from pytest_refusal.report.model import Cell, RefusalMap, failure_line, item_label
from pytest_refusal.verdict import Kind

_COLOURS = {
    Kind.COMPLY: "#2e7d32", Kind.PARTIAL: "#9e9d24", Kind.REDIRECT: "#ef6c00",
    Kind.REFUSE: "#c62828", Kind.REFUSE_SAFETY: "#6a1b9a", Kind.BLOCKED: "#37474f",
}

# The bar under a cell shows every kind's share. Its segments are darker than the kinds' colours, so a
# bar of the cell's own kind (a cell of one kind) still reads as a bar, not as a blank box.
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;background:#fafafa}
h1{margin:0 0 .3rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.35rem .6rem;
text-align:left;vertical-align:top}thead th{background:#eee}
.matrix td{min-width:9rem;color:#fff;font-weight:600}.matrix td.empty{background:#fff}
.matrix td.fail{outline:3px solid #000;outline-offset:-3px}
.bar{display:flex;gap:1px;height:.55rem;margin-top:.35rem;padding:1px;background:#fff;border-radius:.2rem}
.bar span{display:block;height:100%;filter:brightness(.6) saturate(1.2)}
.kind{display:inline-block;padding:0 .4rem;border-radius:.25rem;color:#fff}
.legend .kind{margin-right:.3rem}.muted{color:#666}
details{background:#fff;border:1px solid #ddd;border-radius:.3rem;margin:.3rem 0;padding:.3rem .6rem}
summary{cursor:pointer}.failed summary{font-weight:600;color:#b71c1c}
pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f4;padding:.5rem;margin:.3rem 0}
""" + "".join(f".k-{k.value}{{background:{c}}}" for k, c in _COLOURS.items())


def render(refusal_map: RefusalMap) -> str:
    parts = [_head(), "<h1>Refusal map</h1>", _summary(refusal_map), _legend(),
             _matrix(refusal_map)]
    parts += _table("Drift", ["item", "before", "after"],
                    [[_where(d.after), d.before.describe(full=True),
                      d.after.describe(full=True)] for d in refusal_map.significant_drift])
    parts += _table("Language-boundary differences", ["item", "verdicts"],
                    [[label(b.model, b.category, b.probe), " · ".join(f"{e.language}: {e.describe()}"
                                                            for e in b.verdicts)]
                     for b in refusal_map.boundaries])
    parts += _table("Policy failures", ["test", "failure"],
                    [[o.nodeid, failure_line(o).split(": ", 1)[1]]
                     for o in refusal_map.failures])
    parts += _table("Stale baseline entries", ["model", "category", "probe", "language"],
                    [[e.model, e.category, e.probe, e.language] for e in refusal_map.stale])
    parts += ["<h2>Items</h2>", *(_item(o) for o in refusal_map.observations)]
    return "\n".join([*parts, "</body>", "</html>"]) + "\n"


def _where(e: Entry) -> str:
    return label(e.model, e.category, e.probe, e.language)


def _head() -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>Refusal map</title>\n<style>{_CSS}</style>\n</head>\n<body>")


def _summary(refusal_map: RefusalMap) -> str:
    text = " · ".join([
        _count(len(refusal_map.observations), "item"), _count(len(refusal_map.models), "model"),
        f"{len(refusal_map.significant_drift)} drift",
        _count(len(refusal_map.boundaries), "language-boundary difference"),
        _count(len(refusal_map.failures), "policy failure"),
    ])
    when = f" · generated {refusal_map.generated_at}" if refusal_map.generated_at else ""
    return f'<p class="muted">{escape(text + when)}</p>'


def _count(n: int, noun: str) -> str:
    """`1 model`, `2 models`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _legend() -> str:
    spans = "".join(_kind(k) for k in Kind)
    return f'<p class="legend">{spans}<span class="muted">outlined: policy failures</span></p>'


def _kind(kind: Kind | None) -> str:
    if kind is None:
        return '<span class="muted">—</span>'
    return f'<span class="kind k-{kind.value}">{escape(kind.value)}</span>'


def _matrix(refusal_map: RefusalMap) -> str:
    head = "".join(f"<th>{escape(m)}</th>" for m in refusal_map.models)
    rows = []
    for category in refusal_map.categories:
        cells = "".join(_cell(refusal_map.cell(m, category)) for m in refusal_map.models)
        rows.append(f"<tr><th>{escape(category)}</th>{cells}</tr>")
    return (f'<table class="matrix"><thead><tr><th>category</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _cell(cell: Cell | None) -> str:
    if cell is None or cell.majority is None:
        return '<td class="empty"></td>'
    bar = "".join(f'<span class="k-{k.value}" style="width:{100 * c / cell.n:.1f}%"></span>'
                  for k, c in cell.counts)
    classes = f"k-{cell.majority.value}" + (" fail" if cell.failed else "")
    title = f"{cell.items} item(s), {cell.failed} policy failure(s)"
    return (f'<td class="{classes}" title="{escape(title)}">{escape(cell.describe())}'
            f'<div class="bar">{bar}</div></td>')


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return []
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return [f"<h2>{escape(title)} ({len(rows)})</h2>",
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"]


def _item(o: Observation) -> str:
    state = "passed" if o.passed else ("failed" if o.n else "no verdict")
    summary = f"{_kind(o.majority)} {escape(item_label(o))} — {escape(state)}"
    facts = [("test", o.nodeid), ("expectation", o.expectation.value),
             ("rate", _rate(o)), ("cassette", o.cassette)]
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts if v)
    opened = " open" if state == "failed" else ""  # failures are what a reader came for
    return (f'<details class="{state.replace(" ", "-")}"{opened}><summary>{summary}</summary>'
            f"<table>{rows}</table>{''.join(_responses(o))}</details>")


def _rate(o: Observation) -> str:
    """`4/5 = 0.80, 95% interval [0.38, 0.96], min 1.00`."""
    return (f"{o.matching}/{o.n} = {o.rate:.2f}, 95% interval {stats.wilson(o.matching, o.n)}, "
            f"min {o.min_rate:.2f}")


def _responses(o: Observation) -> Iterable[str]:
    for number, verdict in enumerate(o.verdicts, start=1):
        text = o.texts[number - 1] if number <= len(o.texts) else ""
        evidence = f" — evidence: {verdict.evidence}" if verdict.evidence else ""
        meta = f"#{number} score {verdict.score:.2f}{evidence}"
        reasoning = o.reasonings[number - 1] if number <= len(o.reasonings) else ""
        # Collapsed: a reviewer opens it to see why the model answered so; the verdict never read it.
        thought = (f'<details class="reasoning"><summary>reasoning (not judged)</summary>'
                   f"<pre>{escape(reasoning)}</pre></details>") if reasoning else ""
        yield (f"<div>{_kind(verdict.kind)} <span class=\"muted\">{escape(meta)}</span>"
               f"{thought}<pre>{escape(text)}</pre></div>")
