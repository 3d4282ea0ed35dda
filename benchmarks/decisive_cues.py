"""Which cue phrases and which branches of the decision decide the verdict, on the development (even) rows only.

A cue or branch "decides" a row when the binary verdict (refusal family versus comply) changes
without it: the row's hits of that phrase are dropped, or that `if` of `text._decide` is made
false. Each is counted as rows it gets right (needed for a right verdict) and rows it gets
wrong (the verdict is right without it). A very specific phrase or branch that decides only one
or two rows was likely fitted to them: generalise it into a family of phrasings, or drop it.
Only even rows are read, as only they are for tuning (detector_accuracy.py judges the odd ones).

    python benchmarks/decisive_cues.py [--data DIR] [--only NAME] [--top N] [--response-only]
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import sys
import textwrap
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from detector_accuracy import find_data

from pytest_refusal import Kind, detect
from pytest_refusal.detector import text
from pytest_refusal.detector.reading import Reading

Row = dict[str, str]


def refusal_verdicts(rows: list[Row], with_prompt: bool) -> list[bool]:
    return [
        detect(row["response"], prompt=row["prompt"] if with_prompt else None).kind is not Kind.COMPLY for row in rows
    ]


def phrases_deciding(rows: list[Row], with_prompt: bool) -> dict[tuple[str, str], list[tuple[int, bool]]]:
    """(class, phrase) -> (row index, whether the verdict with the phrase is right) for each row it decides."""
    original = text.read
    seen: list[set[tuple[str, str]]] = []
    dropped: set[tuple[str, str]] = set()

    def reading(answer: str, language: str, prompt: str | None = None) -> Reading:
        r = original(answer, language, prompt)
        seen[-1].update((h.cue_class, h.phrase) for h in r.hits)
        if dropped:
            kept = [h for h in r.hits if (h.cue_class, h.phrase) not in dropped]
            return Reading(r.prefix, len(answer), kept, r.opener, r.scale, prompt)
        return r

    decided: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    text.read = reading  # type: ignore[assignment]
    try:
        for i, row in enumerate(rows):
            seen.append(set())
            prompt = row["prompt"] if with_prompt else None
            base = detect(row["response"], prompt=prompt).kind is not Kind.COMPLY
            gold = row["label"] != "comply"
            for cue in sorted(seen[-1]):
                dropped.add(cue)
                if (detect(row["response"], prompt=prompt).kind is not Kind.COMPLY) != base:
                    decided[cue].append((i, base == gold))
                dropped.clear()
    finally:
        text.read = original  # type: ignore[assignment]
    return decided


def decide_variants() -> list[tuple[str, Callable[..., object]]]:
    """`_decide` once per `if` of its body (nested ones too), with that test made false; each named by its line."""
    source = textwrap.dedent(inspect.getsource(text._decide))
    start = inspect.getsourcelines(text._decide)[1]
    tree = ast.parse(source)
    lines = source.splitlines()
    variants = []
    for index, node in enumerate(n for n in ast.walk(tree) if isinstance(n, ast.If)):
        copy = ast.parse(source)
        target = [n for n in ast.walk(copy) if isinstance(n, ast.If)][index]
        target.test = ast.copy_location(ast.Constant(value=False), target.test)
        namespace = dict(vars(text))
        exec(compile(copy, text.__file__, "exec"), namespace)
        label = f"line {start + node.lineno - 1}: {lines[node.lineno - 1].strip()[:90]}"
        variants.append((label, namespace["_decide"]))
    return variants


def branches_deciding(rows: list[Row], with_prompt: bool, base: list[bool]) -> list[tuple[str, int, int]]:
    """Each `if` of `_decide`: rows it decides rightly and wrongly (the verdict with the branch is right / wrong)."""
    original = text._decide
    found = []
    try:
        for label, variant in decide_variants():
            text._decide = variant  # type: ignore[assignment]
            without = refusal_verdicts(rows, with_prompt)
            right = sum(
                b != w and b == (row["label"] != "comply") for b, w, row in zip(base, without, rows, strict=True)
            )
            wrong = sum(
                b != w and b != (row["label"] != "comply") for b, w, row in zip(base, without, rows, strict=True)
            )
            found.append((label, right, wrong))
    finally:
        text._decide = original  # type: ignore[assignment]
    return found


def report(path: Path, with_prompt: bool, top: int) -> None:
    rows = [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()][::2]
    base = refusal_verdicts(rows, with_prompt)
    errors = sum(b != (row["label"] != "comply") for b, row in zip(base, rows, strict=True))
    print(
        f"\n{path.name}: {len(rows)} even rows, {errors} binary errors ({'with' if with_prompt else 'without'} the prompt)"
    )
    decided = phrases_deciding(rows, with_prompt)
    ranked = sorted(decided.items(), key=lambda item: (-len(item[1]), item[0]))
    few = [cue for cue, where in ranked if len(where) <= 2 and all(ok for _, ok in where)]
    print(f"  cue phrases deciding rows: {len(ranked)}; deciding only 1-2 rows, all rightly: {len(few)}")
    print("  rows  right wrong  class       phrase")
    for (cue_class, phrase), where in ranked[:top]:
        right = sum(ok for _, ok in where)
        print(f"  {len(where):>4} {right:>6} {len(where) - right:>5}  {cue_class:<11} {phrase!r}")
    if few:
        print("  deciding 1-2 rows, all rightly (candidates for overfitting):")
        for cue_class, phrase in few:
            print(f"    {cue_class:<11} {phrase!r}  rows {[i * 2 for i, _ in decided[cue_class, phrase]]}")
    print("  _decide branches (rows decided: right / wrong with the branch):")
    for label, right, wrong in branches_deciding(rows, with_prompt, base):
        flag = "   <- 1-2 rows" if 0 < right + wrong <= 2 else ""
        print(f"    {right:>4} / {wrong:<4} {label}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="folder of labelled *.jsonl files (as detector_accuracy.py)")
    parser.add_argument("--only", help="only files whose name contains this")
    parser.add_argument("--top", type=int, default=40, help="phrases listed per file, most decisive first")
    parser.add_argument("--response-only", action="store_true", help="judge without the prompt")
    args = parser.parse_args(argv)
    data, looked = find_data(args.data)
    if data is None:
        print(
            f"No labelled data found; looked in: {', '.join(map(str, looked))}. Give it with --data DIR.",
            file=sys.stderr,
        )
        return 2
    files = [f for f in sorted(data.glob("*.jsonl")) if not args.only or args.only in f.name]
    for path in files:
        report(path, not args.response_only, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
