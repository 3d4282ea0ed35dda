"""Measure the refusal detector on the labelled responses in ../shared/data (see its README).

Prints, per file and per language: binary precision / recall / F1 (refusal = partial or refuse,
versus comply) and the Matthews correlation (MCC: a detector that calls everything a refusal
scores a high F1 where most rows are refusals, as in MSTS, but an MCC of 0), refuse-versus-rest
F1, three-class macro-F1, the confusion of the three labels against our six kinds, and
throughput. Binary F1 and MCC are also printed for the even and odd rows apart, per language:
cues are tuned on the errors of the even half (`--errors` shows only those) and the odd half,
the judged one, checks that they generalise. Each even-minus-odd F1 gap comes with the 95% range
that random re-splits of the same rows give by chance, each re-splitting what the even/odd
split splits: single rows, whole prompts, or each prompt's even and odd groups (benchmarks/splithalf.py;
`--deals N`, 2,000 by default, seeded) and "within noise" or "BEYOND NOISE"; the gaps beyond noise
are listed again at the end. Last, a robustness table: short probes written for
this project (tests/detector/probes.py) in every language with a cue table, each in every
structure (refusal, answer, advice against, safe completion, quoted refusal, code, reasoning
blocks, markdown, blockquote), with the count judged right, and the held-out phrasings of the cue
families (phrasings no cue list spells out) with theirs.
Every figure is printed twice: judging the response alone, and with the probe prompt given
(`detect(response, prompt=...)`), since the plugin knows the prompt but other callers may not.

    python benchmarks/detector_accuracy.py [--data DIR] [--errors N] [--response-errors N] [--false-positives N]
                                           [--only NAME] [--deals N]

The data folder is `--data DIR`, else $PYTEST_REFUSAL_DATA, else `shared/data` beside the checkout or
beside any folder above it (a worktree sits deeper than the main checkout). With none found the
script exits 2 naming the folders it looked in: a missing data set is not a pass. It exits 1 when
a file misses its target (with the prompt or without) or a robustness probe is judged wrong, and
0 only when every target is met and every probe is right.

`--errors N` prints even-row errors judged with the prompt; `--response-errors N` those judged
from the response alone.

`--false-positives N` prints up to N comply rows judged a refusal (even rows only), each with the
text around the cue that decided it, to find cues that also occur in compliant answers.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from splithalf import Gap, cell, gap

from pytest_refusal import Kind, Verdict, detect

CHECKOUT = Path(__file__).resolve().parents[1]
DATA_VARIABLE = "PYTEST_REFUSAL_DATA"
TARGETS = {"xstest_v2_dev": 0.95, "msts_dev": 0.90, "speechmap_china_criticism_dev": 0.85}
PER_LANGUAGE_TARGET = {"msts_dev": 0.85}
GAPS: list[tuple[str, Gap]] = []  # every gap printed, for the summary at the end
LABELS = ("comply", "partial", "refuse")
KINDS = tuple(kind.value for kind in Kind)
PROBES = Path(__file__).resolve().parents[1] / "tests" / "detector" / "probes.py"


def data_candidates() -> list[Path]:
    """Where the labelled data may be: $PYTEST_REFUSAL_DATA alone when set, else shared/data beside the checkout or above it.

    A worktree sits deeper than the main checkout (wt/NAME rather than main), so the folder is looked
    for in every parent, as the data README's `../shared/data` means "beside the project".
    """
    if os.environ.get(DATA_VARIABLE):
        return [Path(os.environ[DATA_VARIABLE])]
    return [parent / "shared" / "data" for parent in CHECKOUT.parents]


def find_data(explicit: Path | None) -> tuple[Path | None, list[Path]]:
    """The first candidate folder holding *.jsonl files, and the folders looked in."""
    looked = [explicit] if explicit is not None else data_candidates()
    found = next((folder for folder in looked if folder.is_dir() and any(folder.glob("*.jsonl"))), None)
    return found, looked


def missing_data_message(looked: list[Path]) -> str:
    """Why a benchmark over the labelled data cannot run, and how to point it at the data."""
    return (
        "No labelled data (*.jsonl) found; looked in: "
        + ", ".join(str(folder) for folder in looked)
        + f". Give the folder with --data DIR or ${DATA_VARIABLE} (see the data README: ../shared/data)."
    )


def three_class(kind: Kind, source: str) -> str:
    """Map our six kinds onto the datasets' three labels (the data README's mapping)."""
    if kind is Kind.COMPLY:
        return "comply"
    if kind is Kind.PARTIAL or (kind is Kind.REDIRECT and source.startswith("speechmap")):
        return "partial"
    return "refuse"


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """pairs: (gold, predicted) three-class labels."""
    binary = Counter((gold != "comply", pred != "comply") for gold, pred in pairs)
    p, r, bf1 = f1(binary[True, True], binary[False, True], binary[True, False])
    refuse = Counter((gold == "refuse", pred == "refuse") for gold, pred in pairs)
    _, _, rf1 = f1(refuse[True, True], refuse[False, True], refuse[True, False])
    per_class = []
    for label in LABELS:
        c = Counter((gold == label, pred == label) for gold, pred in pairs)
        per_class.append(f1(c[True, True], c[False, True], c[True, False])[2])
    mcc = matthews(binary[True, True], binary[False, True], binary[True, False], binary[False, False])
    return {
        "n": len(pairs),
        "precision": p,
        "recall": r,
        "binary_f1": bf1,
        "mcc": mcc,
        "refuse_f1": rf1,
        "macro_f1": sum(per_class) / len(per_class),
    }


def matthews(tp: int, fp: int, fn: int, tn: int) -> float:
    """Matthews correlation of the binary decision; 0 when a row or column of the table is empty."""
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def line(name: str, s: dict[str, float]) -> str:
    return (
        f"  {name:<8} n={int(s['n']):>5}  binary P={s['precision']:.3f} R={s['recall']:.3f} "
        f"F1={s['binary_f1']:.3f} MCC={s['mcc']:.3f}   refuse-vs-rest F1={s['refuse_f1']:.3f}   macro-F1={s['macro_f1']:.3f}"
    )


def confusion(pairs: list[tuple[str, str]]) -> str:
    """Gold labels (rows) against our six kinds (columns)."""
    counts = Counter(pairs)
    rows = ["  gold \\ kind  " + "".join(f"{k:>14}" for k in KINDS)]
    for gold in LABELS:
        rows.append(f"  {gold:<12}" + "".join(f"{counts[gold, k]:>14}" for k in KINDS))
    return "\n".join(rows)


def halves(
    path: Path, rows: list[dict[str, str]], pairs: list[tuple[str, str]], numbers: list[int], how: str, deals: int
) -> Gap:
    """Binary F1 and MCC of the even (development) and odd (judged) rows apart, and the gap against chance.

    `numbers` gives each pair's row number in the file (a subset of the rows, for one language).
    """
    cells = [cell(gold != "comply", predicted != "comply") for gold, predicted in pairs]
    prompts = [rows[n].get("prompt") or f"row {n}" for n in numbers]
    language = rows[numbers[0]]["language"] if len({rows[n]["language"] for n in numbers}) == 1 else "all"
    return gap(cells, numbers, prompts, deals, seed=f"{path.stem}:{language}:{how}")


def measure(path: Path, args: argparse.Namespace) -> tuple[bool, bool]:
    """Whether the file's target is met (with the prompt, response only)."""
    rows = [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]
    alone = [detect(row["response"]) for row in rows]
    without = judge(path, rows, alone, "response only", args.response_errors, args.deals)
    started = time.perf_counter()
    verdicts = [detect(row["response"], prompt=row.get("prompt")) for row in rows]
    elapsed = time.perf_counter() - started
    print(f"  ({len(rows) / elapsed:,.0f} responses/s with the prompt)")
    met = judge(path, rows, verdicts, "with prompt", args.errors, args.deals)
    if args.false_positives:
        false_positives(rows, verdicts, args.false_positives)
    return met, without


def false_positives(rows: list[dict[str, str]], verdicts: list[Verdict], limit: int) -> None:
    """Comply rows of the development half judged a refusal, with the text around the deciding cue."""
    found = [
        (i, row, v)
        for i, (row, v) in enumerate(zip(rows, verdicts, strict=False))
        if i % 2 == 0 and row["label"] == "comply" and v.kind is not Kind.COMPLY
    ]
    print(f"  false positives on even rows: {len(found)}")
    for i, row, v in found[:limit]:
        text = row["response"]
        cue = v.evidence.split(" (")[0].split(" + ")[0]
        at = text.lower().find(cue) if cue else -1
        context = text[max(0, at - 80) : at + 80] if at >= 0 else text[:160]
        print(f"    row {i} [{v.kind.value} {v.evidence!r}] ...{context.replace(chr(10), ' ')}...")


def judge(
    path: Path, rows: list[dict[str, str]], verdicts: list[Verdict], how: str, show_errors: int, deals: int
) -> bool:
    by_language: dict[str, list[tuple[str, str]]] = defaultdict(list)
    kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
    pairs = []
    for row, verdict in zip(rows, verdicts, strict=False):
        pair = (row["label"], three_class(verdict.kind, path.stem))
        pairs.append(pair)
        by_language[row["language"]].append(pair)
        kinds["all"].append((row["label"], verdict.kind.value))
        kinds[row["language"]].append((row["label"], verdict.kind.value))
    overall = scores(pairs)
    print(f"\n{path.name}: {len(rows)} responses, {how}")
    print(line("all", overall))
    everything = list(range(len(rows)))
    split = halves(path, rows, pairs, everything, how, deals)
    GAPS.append((f"{path.stem} all ({how})", split))
    print(f"  halves   {split.describe()}")
    for language in sorted(by_language):
        # Even and odd rows of the file, kept apart within each language.
        numbers = [i for i, row in enumerate(rows) if row["language"] == language]
        print(line(language, scores(by_language[language])))
        if len(by_language) > 1:
            split = halves(path, rows, by_language[language], numbers, how, deals)
            GAPS.append((f"{path.stem} {language} ({how})", split))
            print(f"  {'':<8} halves {split.describe()}")
    print(confusion(kinds["all"]))
    if len(by_language) > 1:
        for language in sorted(by_language):
            print(f"  {language}:")
            print(confusion(kinds[language]))
    met = overall["binary_f1"] >= TARGETS.get(path.stem, 0.0)
    floor = PER_LANGUAGE_TARGET.get(path.stem)
    if floor is not None:
        met = met and all(scores(p)["binary_f1"] >= floor for p in by_language.values())
    target = TARGETS.get(path.stem)
    if target is not None:
        extra = f", every language >= {floor}" if floor else ""
        print(f"  target binary F1 >= {target}{extra}: {'MET' if met else 'NOT MET'} (F1 {overall['binary_f1']:.4f})")
    if show_errors:
        wrong = [
            (row, v)
            for row, v, pair in zip(rows[::2], verdicts[::2], pairs[::2], strict=False)  # the development half only
            if (pair[0] == "comply") != (pair[1] == "comply")
        ]
        for row, v in wrong[:show_errors]:
            text = row["response"][:240].replace("\n", " ")
            print(f"    [{row['label']} -> {v.kind.value} {v.evidence!r}] {row['language']} {text}")
    return met


def robustness() -> int:
    """Every probe of tests/detector/probes.py in every structure: languages as rows, structures as columns.

    Returns how many probes were judged wrong.
    """
    if not PROBES.exists():
        print(f"\nrobustness table skipped: {PROBES} is absent")
        return 0
    spec = importlib.util.spec_from_file_location("detector_probes", PROBES)
    assert spec is not None and spec.loader is not None
    probes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probes)
    table: dict[str, dict[str, str]] = defaultdict(dict)
    right = 0
    cases = probes.cases()
    for language, structure, reply, refusal in cases:
        kind = detect(reply).kind
        ok = (kind is not Kind.COMPLY) == refusal
        right += ok
        table[language][structure] = kind.value if ok else f"{kind.value}!"
    names = list(probes.STRUCTURES)
    print(
        f"\nrobustness: {right}/{len(cases)} probes judged right (a verdict marked ! is wrong; "
        "refusal family expected for refusal, advice-against, safe-completion, reasoning-then-refusal, markdown-refusal)"
    )
    print("  lang    " + " ".join(f"{n[:14]:>14}" for n in names))
    for language, cells in table.items():
        print(f"  {language:<8}" + " ".join(f"{cells[n][:14]:>14}" for n in names))
    held = probes.HELD_OUT
    judged = [(p, detect(p.reply)) for p in held]
    wrong = [(p, v) for p, v in judged if (v.kind is not Kind.COMPLY) != p.refusal]
    print(f"held-out phrasings of the cue families: {len(held) - len(wrong)}/{len(held)} judged right")
    for probe, verdict in wrong:
        print(
            f"  ! {probe.language} {probe.mechanism}: {verdict.kind.value} ({verdict.evidence!r}) {probe.reply[:60]!r}"
        )
    return len(cases) - right + len(wrong)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data",
        type=Path,
        help=f"folder of labelled *.jsonl files (default: ${DATA_VARIABLE}, else shared/data beside the checkout or above it)",
    )
    parser.add_argument("--errors", type=int, default=0, help="print up to N binary errors per file (even rows only)")
    parser.add_argument(
        "--response-errors",
        type=int,
        default=0,
        help="print up to N binary errors per file judged without the prompt (even rows only)",
    )
    parser.add_argument(
        "--false-positives",
        type=int,
        default=0,
        help="print up to N comply rows judged a refusal, with the cue's context (even rows only)",
    )
    parser.add_argument(
        "--deals",
        type=int,
        default=2000,
        help="random even/odd splits behind each gap's chance interval (default 2000)",
    )
    parser.add_argument("--only", help="measure only files whose name contains this")
    args = parser.parse_args(argv)
    data, looked = find_data(args.data)
    if data is None:
        print(missing_data_message(looked), file=sys.stderr)
        return 2
    print(f"labelled data: {data}")
    files = [f for f in sorted(data.glob("*.jsonl")) if not args.only or args.only in f.name]
    if not files:
        print(f"No file in {data} has {args.only!r} in its name (--only).", file=sys.stderr)
        return 2
    results = [measure(f, args) for f in files]
    wrong_probes = robustness()
    beyond = [
        f"{name} {g.f1_gap:+.3f} outside [{g.f1_range[0]:+.3f}, {g.f1_range[1]:+.3f}]"
        for name, g in GAPS
        if g.beyond_noise
    ]
    print(f"\neven/odd F1 gaps beyond noise (95% of chance splits): {len(beyond)} of {len(GAPS)}")
    for entry in beyond:
        print(f"  {entry}")
    print(f"\nall targets met, with the prompt (as the plugin judges every response): {all(m for m, _ in results)}")
    print(f"all targets met, response only (detect(text) without a prompt): {all(w for _, w in results)}")
    # A missed target or a wrong probe fails the run (exit 1); gaps beyond noise are reported, not gated.
    return 0 if all(m and w for m, w in results) and not wrong_probes else 1


if __name__ == "__main__":
    sys.exit(main())
