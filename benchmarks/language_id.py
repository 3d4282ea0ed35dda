"""Measure language identification on the labelled responses in ../shared/data (see its README).

Prints, per gold language, how often `detect_language` names it, what it names instead, and
its time per call; with `--py3langid` the same figures for py3langid (when installed) restricted
to the detector's languages, to compare a packaged identifier with the built-in one.
Only even rows are read unless `--odd` is given: the identifier is tuned on the even half.

    python benchmarks/language_id.py [--data DIR] [--odd] [--py3langid]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from detector_accuracy import find_data, missing_data_message

from pytest_refusal.detector.cues import LANGUAGES
from pytest_refusal.detector.language import detect_language


def load(data: Path, odd: bool) -> list[tuple[str, str]]:
    """(gold language, response) pairs from every file, one half of the rows."""
    pairs = []
    for path in sorted(data.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for index, line in enumerate(lines):
                if index % 2 == int(odd):
                    row = json.loads(line)
                    pairs.append((row["language"], row["response"]))
    return pairs


def report(name: str, identify: Callable[[str], str], pairs: list[tuple[str, str]]) -> None:
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    start = time.perf_counter()
    for gold, text in pairs:
        confusion[gold][identify(text)] += 1
    elapsed = time.perf_counter() - start
    print(f"{name}: {len(pairs)} responses, {elapsed * 1e6 / max(len(pairs), 1):.1f} µs/call")
    for gold in sorted(confusion):
        counts = confusion[gold]
        total = sum(counts.values())
        wrong = ", ".join(f"{lang} {n}" for lang, n in counts.most_common() if lang != gold)
        print(f"  {gold}  n={total:5d}  accuracy={counts[gold] / total:.3f}  {wrong}")


def py3langid_identifier() -> Callable[[str], str] | None:
    try:
        import py3langid  # type: ignore[import-not-found]  # noqa: F401 - only whether it is installed
    except ImportError:
        return None
    from py3langid import langid

    langid.set_languages([*LANGUAGES, "fa", "tr", "vi", "id", "pl", "th", "nl", "uk", "fi"])
    return lambda text: str(langid.classify(text)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="labelled data folder (default: as detector_accuracy.py finds it)"
    )
    parser.add_argument("--odd", action="store_true", help="read the odd (held-out) rows")
    parser.add_argument("--py3langid", action="store_true", help="compare with py3langid when installed")
    args = parser.parse_args()
    data, looked = find_data(args.data)
    if data is None:
        sys.exit(missing_data_message(looked))
    pairs = load(data, args.odd)
    report("detect_language", detect_language, pairs)
    if args.py3langid:
        identify = py3langid_identifier()
        if identify is None:
            print("py3langid is not installed: `pip install py3langid` to compare.")
        else:
            report("py3langid", identify, pairs)


if __name__ == "__main__":
    main()
