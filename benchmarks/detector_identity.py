"""The automaton finds exactly the cues the regex finds: compared on every labelled response, in every cue table.

Run: ``python benchmarks/detector_identity.py [--data DIR] [--languages all|detected]``. For each
response of the labelled data (both halves: this compares two implementations, it tunes no cue),
the text is read as the detector reads it (the masked, normalised prefix, and the suffix of a
long reply), and every language's matcher finds its cues twice: by the automaton and by the
regex it replaces (`Matcher.reference()`). With ``--languages detected`` only the table of the
language the text is identified as is compared (what the detector uses). The matcher's hits
are all a verdict takes from it, so equal hits mean equal verdicts. Prints the cases compared, the differences (each
one shown, up to 20) and the time each implementation took. Exits 1 on any difference, 2 when
the data or the automaton is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from detector_accuracy import find_data, missing_data_message

from pytest_refusal.detector import automaton, text
from pytest_refusal.detector.cues import LANGUAGES, matcher_for
from pytest_refusal.detector.language import detect_language
from pytest_refusal.detector.normalize import normalise
from pytest_refusal.detector.reasoning import split_reasoning
from pytest_refusal.detector.structure import mask


def readings(response: str) -> list[tuple[str, int]]:
    """The pieces of a response the detector matches cues in, with their offsets (as text._read cuts them)."""
    answer = split_reasoning(response).answer
    pieces = [(normalise(mask(answer[: text._PREFIX])), 0)]
    if len(answer) > text._PREFIX + text._SUFFIX:
        start = len(answer) - text._SUFFIX
        pieces.append((normalise(mask(answer[start:])), start))
    return pieces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--languages", choices=("all", "detected"), default="all")
    args = parser.parse_args(argv)
    folder, looked = find_data(args.data)
    if folder is None:
        print(missing_data_message(looked), file=sys.stderr)
        return 2
    if not automaton.available():
        print(
            "The automaton is not in use (ahocorasick_rs missing or PYTEST_REFUSAL_NO_AUTOMATON set).", file=sys.stderr
        )
        return 2
    responses = [
        json.loads(line)["response"]
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    matchers = {language: (matcher_for(language), matcher_for(language).reference()) for language in LANGUAGES}
    cases = differences = 0
    fast_time = slow_time = 0.0
    shown: list[str] = []
    for n, response in enumerate(responses):
        languages = LANGUAGES if args.languages == "all" else (detect_language(response),)
        for language in languages:
            fast, slow = matchers.get(language) or (matcher_for(language), matcher_for(language).reference())
            for piece, offset in readings(response):
                cases += 1
                started = time.perf_counter()
                found = fast.hits(piece, offset)
                middle = time.perf_counter()
                expected = slow.hits(piece, offset)
                fast_time += middle - started
                slow_time += time.perf_counter() - middle
                if found != expected:
                    differences += 1
                    if len(shown) < 20:
                        shown.append(f"  response {n}, table {language}: automaton {found} / regex {expected}")
    print(f"{len(responses)} responses, {cases} texts compared ({args.languages} tables): {differences} differences")
    print(f"cue search: automaton {fast_time:.2f} s, regex {slow_time:.2f} s ({slow_time / max(fast_time, 1e-9):.2f}×)")
    for line in shown:
        print(line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
