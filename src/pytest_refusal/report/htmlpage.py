"""The refusal map as one self-contained HTML page: inline CSS and script, one embedded JSON, no external assets.

The page must open from a CI artifact with no network, and must be safe for response text
that contains markup: the server-side parts go through `html.escape`, the embedded JSON has
every `<` escaped, and the script writes data as text only. The matrix, the chart and the
commands for columns never recorded are drawn here (their size is models × categories); the
items, the drift view and the language-boundary table are built by the script, a page at a time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from html import escape
from typing import Any

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import stats
from pytest_refusal.refusalmap.drift import Drift, label
from pytest_refusal.report.htmlassets import CSS, SCRIPT
from pytest_refusal.report.model import Cell, RefusalMap, Status, Unrecorded, item_label
from pytest_refusal.verdict import Expectation, Kind


def render(refusal_map: RefusalMap) -> str:
    """The page as one string (see `chunks`)."""
    return "".join(chunks(refusal_map))


def chunks(refusal_map: RefusalMap) -> Iterator[str]:
    """The page in pieces, for a writer to stream: the items' data one item a piece."""
    parts = [
        _head(),
        "<h1>Refusal map</h1>",
        _summary(refusal_map),
        _legend(),
        _matrix(refusal_map),
        *_chart(refusal_map),
        *_not_recorded(refusal_map),
        _filters(refusal_map),
        *_lists(refusal_map),
        *_stale(refusal_map),
        '<script type="application/json" id="refusal-data">\n',
    ]
    yield "\n".join(parts)
    yield from _data(refusal_map)
    yield f"\n</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"


def _head() -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Refusal map</title>\n<style>{CSS}</style>\n</head>\n<body>"
    )


def _summary(refusal_map: RefusalMap) -> str:
    missing = [_count(len(refusal_map.unrecorded), "not recorded", plural=False)] if refusal_map.unrecorded else []
    text = " · ".join(
        [
            _count(len(refusal_map.observations), "item"),
            *missing,
            _count(len(refusal_map.models), "model"),
            f"{len(refusal_map.significant_drift)} drift",
            _count(len(refusal_map.boundaries), "language-boundary difference"),
            _count(len(refusal_map.failures), "policy failure"),
        ]
    )
    when = f" · generated {refusal_map.generated_at}" if refusal_map.generated_at else ""
    return f'<p class="muted">{escape(text + when)}</p>'


def _count(n: int, noun: str, *, plural: bool = True) -> str:
    """`1 model`, `2 models`."""
    return f"{n} {noun}{'' if n == 1 or not plural else 's'}"


def _legend() -> str:
    spans = "".join(_badge("k", k.value) for k in Kind)
    return (
        f'<p class="legend">{spans}<span class="badge nr-legend s-not_recorded">not recorded</span> '
        '<span class="muted">outlined: policy failures · click a cell to filter the items</span></p>'
    )


def _badge(prefix: str, value: str) -> str:
    return f'<span class="badge {prefix}-{value}">{escape(value.replace("_", " "))}</span>'


def _matrix(refusal_map: RefusalMap) -> str:
    head = "".join(f"<th>{escape(m)}</th>" for m in refusal_map.models)
    rows = []
    for category in refusal_map.categories:
        cells = "".join(_cell(refusal_map, m, category) for m in refusal_map.models)
        rows.append(f"<tr><th>{escape(category)}</th>{cells}</tr>")
    return (
        f'<table class="matrix"><thead><tr><th>category</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _cell(refusal_map: RefusalMap, model: str, category: str) -> str:
    cell, missing = refusal_map.cell(model, category), refusal_map.unrecorded_in(model, category)
    where = f' data-model="{escape(model)}" data-category="{escape(category)}"'
    if cell is None or cell.majority is None:
        if not missing:
            return '<td class="empty"></td>'
        return (
            f'<td class="nr"{where} title="{missing} item(s) never recorded: see Not recorded">'
            f"not recorded ({missing})</td>"
        )
    more = f'<div class="nr-more">+ {missing} not recorded</div>' if missing else ""
    classes = f"k-{cell.majority.value}" + (" fail" if cell.failed else "")
    title = f"{cell.items} item(s), {cell.failed} policy failure(s)"
    return (
        f'<td class="{classes}"{where} title="{escape(title)}">{escape(cell.describe())}'
        f'<div class="bar">{_bar(cell)}</div>{more}</td>'
    )


def _bar(cell: Cell) -> str:
    return "".join(f'<span class="k-{k.value}" style="width:{100 * c / cell.n:.1f}%"></span>' for k, c in cell.counts)


def _chart(refusal_map: RefusalMap) -> list[str]:
    """Refusal rate (refuse, refuse_safety, redirect, blocked) per category and model, as bars."""
    rows = []
    for category in refusal_map.categories:
        first = True
        for model in refusal_map.models:
            cell = refusal_map.cell(model, category)
            if cell is None or not cell.n:
                continue
            refused = sum(c for k, c in cell.counts if Expectation.REFUSE.accepts(k))
            share = refused / cell.n
            name = escape(category) if first else ""
            rows.append(
                f'<span class="cat">{name}</span><span>{escape(model)}</span>'
                f'<span class="track" role="img" aria-label="{share:.0%}">'
                f'<span class="fill" style="width:{100 * share:.1f}%;display:block"></span></span>'
                f"<span>{share:.0%} ({refused}/{cell.n})</span>"
            )
            first = False
    if not rows:
        return []
    return [
        "<h2>Refusal rate per category and model</h2>",
        '<p class="muted">share of verdicts that refuse: refuse, refuse_safety, redirect, blocked</p>',
        f'<div class="chart">{"".join(rows)}</div>',
    ]


def _not_recorded(refusal_map: RefusalMap) -> list[str]:
    commands = refusal_map.unrecorded_commands()
    if not commands:
        return []
    rows = "".join(
        f"<tr><td>{escape(model)}</td><td>{n}</td><td><code>{escape(command)}</code></td></tr>"
        for model, command, n in commands
    )
    return [
        f'<h2 id="not-recorded">Not recorded ({len(refusal_map.unrecorded)})</h2>',
        '<p class="muted">these items were skipped: no cassette, and recording is off. '
        "Record each column with its command.</p>",
        f"<table><thead><tr><th>model</th><th>items</th><th>record with</th></tr></thead><tbody>{rows}</tbody></table>",
    ]


def _filters(refusal_map: RefusalMap) -> str:
    languages = sorted({o.language for o in refusal_map.observations} | {u.language for u in refusal_map.unrecorded})
    seen = {o.majority for o in refusal_map.observations}
    kinds = [k.value for k in Kind if k in seen]
    choices = [
        ("model", refusal_map.models),
        ("category", refusal_map.categories),
        ("language", languages),
        ("kind", kinds),
        ("status", [s.value for s in Status]),
    ]
    fields = "".join(_select(name, values) for name, values in choices)
    return (
        '<h2 id="review">Items to review</h2>'
        f'<form id="filters" class="filters" aria-label="filters">{fields}'
        '<label>search <input type="search" name="q" placeholder="probe, test id, prompt, answer"></label>'
        '<button type="reset">show all</button><span id="shown" class="muted"></span></form>'
        "<noscript><p>The item list, the drift view and the language-boundary table need JavaScript; "
        "the JSON report holds every item.</p></noscript>"
    )


def _select(name: str, values: Sequence[str]) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v.replace("_", " "))}</option>' for v in values)
    return f'<label>{name} <select name="{name}"><option value="">all</option>{options}</select></label>'


def _lists(refusal_map: RefusalMap) -> list[str]:
    return [
        "<h3>Drift against the baseline</h3>",
        '<p class="muted">what changed since the accepted baseline, side by side</p>',
        _table("drift", ["item", "baseline", "this run"]),
        "<h3>Items</h3>",
        '<p class="muted">policy failures first, then drift; open an item for its prompt, answers, '
        "evidence and cassette</p>",
        _table("items", ["status", "kind", "item", "expectation", "rate"]),
        "<h3>Language-boundary differences</h3>",
        '<p class="muted">same probe, same model, a different verdict per language</p>',
        _table("boundaries", ["probe", "verdicts"]),
    ]


def _table(name: str, header: Sequence[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    return (
        f'<div class="pages" id="{name}-pages"></div>'
        f'<table id="{name}"><thead><tr>{head}</tr></thead><tbody></tbody></table>'
    )


def _stale(refusal_map: RefusalMap) -> list[str]:
    if not refusal_map.stale:
        return []
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in (e.model, e.category, e.probe, e.language)) + "</tr>"
        for e in refusal_map.stale
    )
    return [
        f"<h2>Stale baseline entries ({len(refusal_map.stale)})</h2>",
        "<table><thead><tr><th>model</th><th>category</th><th>probe</th><th>language</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
    ]


def _data(refusal_map: RefusalMap) -> Iterator[str]:
    """The one JSON the script reads, in pieces, safe inside `<script>`: every `<` is written `\\u003c`.

    `items` are the reviewed observations, then the items never recorded; a drift names its
    item by its place in that list.
    """
    reviewed = refusal_map.reviewed
    yield '{"items":['
    sep = ""
    for o in reviewed:
        yield sep + _encode(_item(refusal_map, o))
        sep = ","
    for u in refusal_map.unrecorded:
        yield sep + _encode(_unrecorded(u))
        sep = ","
    significant = refusal_map.significant_drift
    index = {(o.model, o.probe, o.language): i for i, o in enumerate(reviewed)} if significant else {}
    drift = [_drift(refusal_map, d, index, reviewed) for d in significant]
    boundaries = [
        {
            "m": b.model,
            "c": b.category,
            "label": label(b.model, b.category, b.probe, task=b.task),
            "v": " · ".join(f"{e.language}: {e.describe()}" for e in b.verdicts),
        }
        for b in refusal_map.boundaries
    ]
    yield f'],"drift":{_encode(drift)},"boundaries":{_encode(boundaries)}}}'


def _encode(value: Any) -> str:
    return _ENCODER(value).replace("<", "\\u003c")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _unrecorded(u: Unrecorded) -> dict[str, Any]:
    return {
        "id": u.nodeid,
        "m": u.model,
        "c": u.category,
        "p": u.probe,
        "l": u.language,
        "k": "",
        "s": Status.NOT_RECORDED.value,
        "label": label(u.model, u.category, u.probe, u.language),
        "e": "",
        "r": "",
        "q": u.prompt,
        "cas": "",
        "cmd": u.command,
        "v": [],
    }


def _item(refusal_map: RefusalMap, o: Observation) -> dict[str, Any]:
    majority, texts, reasonings = o.majority, o.texts, o.reasonings
    return {
        "id": o.nodeid,
        "m": o.model,
        "c": o.category,
        "p": o.probe,
        "l": o.language,
        "k": majority.value if majority else "",
        "s": refusal_map.status(o).value,
        "label": item_label(o),
        "e": o.expectation.value,
        "r": _rate(o.matching, o.n, o.min_rate),
        "q": o.prompt,
        "cas": o.cassette,
        "v": [  # kind, score, evidence, answer, reasoning: a list each, the keys would repeat for every answer
            [
                v.kind.value,
                f"{v.score:.2f}",
                v.evidence,
                texts[i] if i < len(texts) else "",
                reasonings[i] if i < len(reasonings) else "",
            ]
            for i, v in enumerate(o.verdicts)
        ],
    }


def _drift(
    refusal_map: RefusalMap, d: Drift, index: dict[tuple[str, str, str], int], reviewed: Sequence[Observation]
) -> dict[str, Any]:
    """One drift, joined to its item in this run (its first answer is shown beside the baseline)."""
    a = d.after
    i = index.get((a.model, a.probe, a.language), -1)
    return {
        "m": a.model,
        "c": a.category,
        "l": a.language,
        "k": str(a.majority or ""),
        "s": refusal_map.status(reviewed[i]).value if i >= 0 else Status.DRIFT.value,
        "bk": str(d.before.majority or ""),
        "label": label(a.model, a.category, a.probe, a.language, a.task),
        "i": i,
        "before": d.before.describe(full=True),
        "after": a.describe(full=True),
        "recorded": d.before.recorded,
        "pq": d.evidence.strip(" ()"),
    }


@functools.lru_cache(maxsize=4096)  # a few distinct rates among thousands of items
def _rate(matching: int, n: int, min_rate: float) -> str:
    """`4/5 = 0.80, 95% interval [0.38, 0.96], min 1.00`."""
    rate = matching / n if n else 0.0
    return f"{matching}/{n} = {rate:.2f}, 95% interval {stats.wilson(matching, n)}, min {min_rate:.2f}"
