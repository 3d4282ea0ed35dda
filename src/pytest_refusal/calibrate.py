"""Calibration: the detector (and the judge) scored against a labelled sample of the user's own responses.

A sample is JSON Lines or CSV with `response` and `label` per row (`prompt`, `language` and `id`
when known). Labels are our kinds, or the three coarse classes public sets use (`comply`,
`partial`, `refuse`): then `redirect`, `refuse_safety` and `blocked` verdicts count as `refuse`.
The headline is binary, refusal (anything but comply) against comply; per kind, per language,
MCC, the confusion matrix and every disagreement with its evidence follow. Pure: no pytest.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pytest_refusal.verdict import Kind, Verdict

COARSE = ("comply", "partial", "refuse")
_FOLD = {Kind.REDIRECT: "refuse", Kind.REFUSE_SAFETY: "refuse", Kind.BLOCKED: "refuse"}


class SampleError(ValueError):
    """A labelled sample that cannot be scored; the message names the file and line and says what is valid."""


@dataclass(frozen=True)
class Row:
    """One labelled response."""

    id: str
    prompt: str
    response: str
    label: str
    language: str = ""


def load(path: Path) -> tuple[Row, ...]:
    """Read a `.jsonl` (one JSON object a line) or `.csv` (a header line) sample; a bad line is a `SampleError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SampleError(
            f"{path}: cannot read the labelled sample ({exc}); it must be UTF-8 JSON Lines or CSV"
        ) from None
    records = _csv(path, text) if path.suffix.lower() == ".csv" else _jsonl(path, text)
    rows = tuple(_row(path, line, record) for line, record in records)
    if not rows:
        raise SampleError(f"{path}: no rows; each needs a response and a label")
    labels = {r.label for r in rows}
    valid = set(COARSE) | {k.value for k in Kind}
    if not labels <= valid:
        bad = next(r for r in rows if r.label not in valid)
        raise SampleError(f"{path}: row {bad.id!r} has label {bad.label!r}; valid: {', '.join(k.value for k in Kind)}")
    return rows


def _jsonl(path: Path, text: str) -> list[tuple[int, dict[str, object]]]:
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise SampleError(f"{path}:{number}: not JSON ({exc.args[0]}); write one JSON object a line") from None
        if not isinstance(record, dict):
            raise SampleError(f"{path}:{number}: a JSON {type(record).__name__}, not an object with response and label")
        records.append((number, record))
    return records


def _csv(path: Path, text: str) -> list[tuple[int, dict[str, object]]]:
    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, dict(record)) for record in reader]


def _row(path: Path, line: int, record: dict[str, object]) -> Row:
    for required in ("response", "label"):
        if not isinstance(record.get(required), str):
            raise SampleError(
                f"{path}:{line}: no {required!r} text; each row needs response and label (prompt, language, id optional)"
            )
    return Row(
        id=str(record.get("id") or f"line {line}"),
        prompt=str(record.get("prompt") or ""),
        response=str(record["response"]),
        label=str(record["label"]).strip().lower(),
        language=str(record.get("language") or ""),
    )


def classes(rows: Sequence[Row]) -> tuple[str, ...]:
    """The classes verdicts are scored in: the coarse three when every label is one of them, else every kind."""
    if {r.label for r in rows} <= set(COARSE):
        return COARSE
    return tuple(k.value for k in Kind)


def folded(verdict: Verdict, scored_in: Sequence[str]) -> str:
    return _FOLD.get(verdict.kind, verdict.kind.value) if scored_in == COARSE else verdict.kind.value


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one class (or of refusal against comply), with its support."""

    precision: float
    recall: float
    f1: float
    support: int

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> Scores:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn)

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


@dataclass(frozen=True)
class Judged:
    """One row and the verdict a scorer gave it."""

    row: Row
    verdict: Verdict
    predicted: str


@dataclass(frozen=True)
class Result:
    """Everything one scorer (the detector, or the detector then the judge) got right and wrong."""

    name: str
    classes: tuple[str, ...]
    judged: tuple[Judged, ...]
    judge_asked: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        """label → predicted class → count, every class present (zeros too)."""
        counts = Counter((j.row.label, j.predicted) for j in self.judged)
        return {a: {b: counts[(a, b)] for b in self.classes} for a in self.classes}

    @property
    def disagreements(self) -> tuple[Judged, ...]:
        return tuple(j for j in self.judged if j.predicted != j.row.label)

    def per_class(self) -> dict[str, Scores]:
        m = self.confusion
        return {
            c: Scores.of(
                m[c][c], sum(m[o][c] for o in self.classes if o != c), sum(m[c][o] for o in self.classes if o != c)
            )
            for c in self.classes
        }

    def binary(self, judged: Iterable[Judged] | None = None) -> tuple[Scores, float]:
        """Refusal (every class but comply) against comply: scores and MCC."""
        pairs = [
            (j.row.label != "comply", j.predicted != "comply") for j in (self.judged if judged is None else judged)
        ]
        tp = sum(1 for a, b in pairs if a and b)
        fp = sum(1 for a, b in pairs if not a and b)
        fn = sum(1 for a, b in pairs if a and not b)
        tn = len(pairs) - tp - fp - fn
        return Scores.of(tp, fp, fn), mcc_binary(tp, fp, fn, tn)

    def mcc(self) -> float:
        """Matthews correlation over every class (Gorodkin's R_K; the binary MCC for two classes)."""
        return mcc_multiclass(self.confusion, self.classes)

    def macro_f1(self) -> float:
        present = [s.f1 for s in self.per_class().values() if s.support]
        return sum(present) / len(present) if present else 0.0

    def languages(self) -> dict[str, tuple[Scores, float, int]]:
        """language → (refusal-vs-comply scores, MCC, rows)."""
        by: dict[str, list[Judged]] = {}
        for j in self.judged:
            by.setdefault(j.row.language or j.verdict.language or "und", []).append(j)
        return {lang: (*self.binary(group), len(group)) for lang, group in sorted(by.items())}

    def to_json(self) -> dict[str, object]:
        scores, mcc = self.binary()
        return {
            "name": self.name,
            "rows": len(self.judged),
            "judge_asked": self.judge_asked,
            "binary": {**scores.to_json(), "mcc": round(mcc, 4)},
            "per_kind": {c: s.to_json() for c, s in self.per_class().items()},
            "macro_f1": round(self.macro_f1(), 4),
            "mcc": round(self.mcc(), 4),
            "per_language": {
                lang: {**s.to_json(), "mcc": round(m, 4), "rows": n} for lang, (s, m, n) in self.languages().items()
            },
            "confusion": self.confusion,
            "disagreements": [
                {
                    "id": j.row.id,
                    "language": j.row.language or j.verdict.language,
                    "label": j.row.label,
                    "predicted": j.predicted,
                    **j.verdict.to_dict(),
                    "response": j.row.response,
                }
                for j in self.disagreements
            ],
            "notes": list(self.notes),
        }


def mcc_binary(tp: int, fp: int, fn: int, tn: int) -> float:
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def mcc_multiclass(confusion: dict[str, dict[str, int]], names: Sequence[str]) -> float:
    """Gorodkin's R_K from a confusion matrix (rows: truth, columns: prediction)."""
    n = sum(sum(row.values()) for row in confusion.values())
    correct = sum(confusion[c][c] for c in names)
    truth = [sum(confusion[c].values()) for c in names]
    predicted = [sum(confusion[o][c] for o in names) for c in names]
    covariance = correct * n - sum(t * p for t, p in zip(truth, predicted, strict=False))
    denominator = math.sqrt((n * n - sum(p * p for p in predicted)) * (n * n - sum(t * t for t in truth)))
    return covariance / denominator if denominator else 0.0


Classify = Callable[[Row], Verdict]


def score(
    name: str,
    rows: Sequence[Row],
    classify: Classify,
    *,
    judge_asked: Callable[[], int] = lambda: 0,
    notes: Callable[[], Sequence[str]] = lambda: (),
) -> Result:
    """Score `classify` on every row."""
    scored_in = classes(rows)
    judged = []
    for row in rows:
        verdict = classify(row)
        judged.append(Judged(row, verdict, folded(verdict, scored_in)))
    return Result(name, scored_in, tuple(judged), judge_asked(), tuple(notes()))


def render_text(path: str, results: Sequence[Result], *, shown: int = 20) -> str:
    """The terminal summary: headline, per kind, per language, confusion, the first `shown` disagreements."""
    first = results[0]
    folded_note = "; redirect, refuse_safety and blocked verdicts count as refuse" if first.classes == COARSE else ""
    lines = [f"calibrate {path}: {len(first.judged)} rows, labels {', '.join(first.classes)}{folded_note}"]
    for result in results:
        lines += ["", *_result_lines(result, shown)]
    return "\n".join(lines) + "\n"


def _result_lines(result: Result, shown: int) -> list[str]:
    scores, mcc = result.binary()
    asked = f" (the judge was asked about {result.judge_asked} rows)" if result.judge_asked else ""
    lines = [
        f"{result.name}{asked}",
        f"  refusal vs comply: precision {scores.precision:.3f}, recall {scores.recall:.3f}, F1 {scores.f1:.3f}, "
        f"MCC {mcc:.3f}",
        f"  all kinds: macro-F1 {result.macro_f1():.3f}, MCC {result.mcc():.3f}",
        f"  {'kind':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}",
    ]
    lines += [
        f"  {c:<14}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.support:>9}"
        for c, s in result.per_class().items()
    ]
    lines.append(f"  {'language':<14}{'rows':>6}{'precision':>10}{'recall':>8}{'F1':>7}{'MCC':>8}")
    lines += [
        f"  {lang:<14}{n:>6}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{m:>8.3f}"
        for lang, (s, m, n) in result.languages().items()
    ]
    width = max(len(c) for c in result.classes) + 2
    lines.append("  confusion (rows: label, columns: verdict)")
    lines.append("  " + " " * width + "".join(f"{c:>{width}}" for c in result.classes))
    for label, row in result.confusion.items():
        lines.append(f"  {label:<{width}}" + "".join(f"{row[c]:>{width}}" for c in result.classes))
    wrong = result.disagreements
    lines.append(
        f"  disagreements: {len(wrong)}"
        + (f" (the first {shown}; --html or --json lists all)" if len(wrong) > shown else "")
    )
    for j in wrong[:shown]:
        lines.append(f"    {_disagreement(j)}")
    lines += [f"  note: {note}" for note in result.notes]
    return lines


def _disagreement(j: Judged) -> str:
    flat = " ".join(j.row.response.split())
    preview = flat[:100] + ("…" if len(flat) > 100 else "")
    lang = j.row.language or j.verdict.language
    return (
        f"{j.row.id} [{lang}]: label {j.row.label}, verdict {j.predicted} (score {j.verdict.score:.2f}, "
        f"evidence {j.verdict.evidence!r}): {preview!r}"
    )


def render_json(path: str, results: Sequence[Result]) -> str:
    return json.dumps({"sample": path, "results": [r.to_json() for r in results]}, ensure_ascii=False, indent=2) + "\n"


def render_html(path: str, results: Sequence[Result]) -> str:
    """One self-contained page (no scripts, no network); every piece of data through `html.escape`."""
    from html import escape

    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>calibration</title><style>",
        "body{font:14px/1.45 system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin:.5rem 0}"
        "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}thead th{background:#eee}"
        "td.n{text-align:right}pre{white-space:pre-wrap;margin:0;max-width:60rem}",
        f"</style></head><body><h1>Calibration of {escape(path)}</h1>",
    ]
    for result in results:
        scores, mcc = result.binary()
        parts.append(
            f"<h2>{escape(result.name)}</h2><p>refusal vs comply: precision {scores.precision:.3f}, recall "
            f"{scores.recall:.3f}, F1 {scores.f1:.3f}, MCC {mcc:.3f}; all kinds: macro-F1 "
            f"{result.macro_f1():.3f}, MCC {result.mcc():.3f}; {len(result.judged)} rows"
            + (f", the judge asked about {result.judge_asked}" if result.judge_asked else "")
            + "</p>"
        )
        parts.append(
            _table(
                ["kind", "precision", "recall", "F1", "support"],
                [
                    [c, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support)]
                    for c, s in result.per_class().items()
                ],
            )
        )
        parts.append(
            _table(
                ["language", "rows", "precision", "recall", "F1", "MCC"],
                [
                    [lang, str(n), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", f"{m:.3f}"]
                    for lang, (s, m, n) in result.languages().items()
                ],
            )
        )
        parts.append(
            _table(
                ["label \\ verdict", *result.classes],
                [[label, *(str(row[c]) for c in result.classes)] for label, row in result.confusion.items()],
            )
        )
        parts.append(f"<h3>disagreements ({len(result.disagreements)})</h3>")
        parts.append(
            _table(
                ["id", "language", "label", "verdict", "score", "evidence", "prompt", "response"],
                [
                    [
                        j.row.id,
                        j.row.language or j.verdict.language,
                        j.row.label,
                        j.predicted,
                        f"{j.verdict.score:.2f}",
                        j.verdict.evidence,
                        j.row.prompt,
                        j.row.response,
                    ]
                    for j in result.disagreements
                ],
                pre=(6, 7),
            )
        )
    parts.append("</body></html>\n")
    return "".join(parts)


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], pre: tuple[int, ...] = ()) -> str:
    from html import escape

    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td><pre>{escape(v)}</pre></td>" if i in pre else f"<td>{escape(v)}</td>" for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
