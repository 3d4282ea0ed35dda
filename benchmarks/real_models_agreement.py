"""The plugin's verdicts on examples/real_models beside SpeechMap's judge, per model and language.

Replays the example as a user does (`pytest examples/real_models --refusal-report=map.json`,
offline), joins each item to SpeechMap's label for the same model and prompt (the map gives the
model id and the prompt; the example's data file gives the label), and prints a Markdown table
of agreement and the list of disagreements.

    python benchmarks/real_models_agreement.py [--example DIR] [--data FILE.jsonl]

SpeechMap labels an answer `comply` (COMPLETE), `evasive` (EVASIVE: redirects, deflects or
answers only in part) or `refuse` (DENIAL). The plugin's six kinds map onto them as `MATCHES`
says: `evasive` agrees with `redirect` or `partial`. "Answered" agreement asks only whether
both call the answer a full answer (`comply`) or not. Nothing here tunes the detector: the
figures are what it does on answers it was not written for (the Chinese rows overlap its
development set, as the example's README says).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_refusal.refusalmap.probemap import load
from pytest_refusal.testing.publicdata import load_answers

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "real_models"
# SpeechMap's label → the plugin kinds that agree with it.
MATCHES = {
    "comply": {"comply"},
    "evasive": {"redirect", "partial"},
    "refuse": {"refuse", "refuse_safety", "blocked"},
}


@dataclass(frozen=True)
class Pair:
    """One answer as both judges saw it."""

    model: str
    language: str
    probe: str
    label: str  # SpeechMap's
    verdict: str  # the plugin's
    evidence: str
    text: str

    @property
    def agrees(self) -> bool:
        return self.verdict in MATCHES[self.label]

    @property
    def answered_agrees(self) -> bool:
        return (self.label == "comply") == (self.verdict == "comply")


def replay(example: Path) -> list[dict[str, Any]]:
    """The items of one offline replay of the example, from its JSON report."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "map.json"
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(example),
                "-q",
                "-p",
                "no:cacheprovider",
                f"--refusal-report={report}",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if not report.is_file():
            sys.exit(f"the replay wrote no report (exit {run.returncode}):\n{run.stdout}\n{run.stderr}")
        items: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))["items"]
        return items


def pairs(example: Path, data: Path) -> list[Pair]:
    probe_map = load(next(example.glob("*.refusal.yaml")))
    model_ids = {m.name: m.model for m in probe_map.models}
    prompts = {(p.id, language): prompt for p in probe_map.probes for language, prompt in p.prompts}
    labels = {(a.model, a.prompt): str(a.row["label"]) for a in load_answers(data)}
    found = []
    for item in replay(example):
        model, probe, language = str(item["model"]), str(item["probe"]), str(item["language"])
        verdict, text = item["verdicts"][0], item["texts"][0]  # one sample per item in this map
        label = labels[(model_ids[model], prompts[(probe, language)])]
        found.append(Pair(model, language, probe, label, verdict["kind"], verdict["evidence"], text))
    return found


def table(found: list[Pair]) -> list[str]:
    groups: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair in found:
        groups[(pair.model, pair.language)].append(pair)
        groups[("all", pair.language)].append(pair)
        groups[("all", "both")].append(pair)
    lines = [
        "| model | language | answers | SpeechMap comply / evasive / refuse | plugin comply / partial+redirect / refuse | agree | answered agree |",
        "|---|---|---|---|---|---|---|",
    ]
    for (model, language), group in sorted(
        groups.items(), key=lambda kv: (kv[0][0] == "all", kv[0][1] == "both", kv[0])
    ):
        speechmap = "/".join(str(sum(p.label == label for p in group)) for label in MATCHES)
        plugin = "/".join(str(sum(p.verdict in kinds for p in group)) for kinds in MATCHES.values())
        agree = sum(p.agrees for p in group)
        answered = sum(p.answered_agrees for p in group)
        lines.append(
            f"| {model} | {language} | {len(group)} | {speechmap} | {plugin} | "
            f"{agree}/{len(group)} ({agree / len(group):.0%}) | {answered}/{len(group)} ({answered / len(group):.0%}) |"
        )
    return lines


def disagreements(found: list[Pair]) -> list[str]:
    lines = [
        "| model | language | probe | SpeechMap | plugin (evidence) | the answer opens |",
        "|---|---|---|---|---|---|",
    ]
    for p in sorted((p for p in found if not p.agrees), key=lambda p: (p.model, p.language, p.probe)):
        opening = " ".join(p.text.split())[:48].replace("|", "\\|")
        evidence = f" ({p.evidence})" if p.evidence else ""
        lines.append(f"| {p.model} | {p.language} | {p.probe} | {p.label} | {p.verdict}{evidence} | {opening}… |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", type=Path, default=EXAMPLE)
    parser.add_argument("--data", type=Path, default=EXAMPLE / "speechmap_china_en_zh.jsonl")
    args = parser.parse_args(argv)
    found = pairs(args.example, args.data)
    print("\n".join(table(found)))
    print(f"\ndisagreements ({sum(not p.agrees for p in found)} of {len(found)})\n")
    print("\n".join(disagreements(found)))


if __name__ == "__main__":
    main()
