"""`python -m pytest_refusal calibrate SAMPLE`: score the detector, and the judge, on a labelled sample.

The judge's calls are recorded in a cassette (`--judge-cassette`, default `<sample>.judge.yaml`
in the current folder) and replayed from it unless `--judge-record` allows recording, so a
calibration in CI is offline and repeatable, as the test runs are.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_refusal import calibrate
from pytest_refusal.cassette.recordmode import RecordMode
from pytest_refusal.userclassifier import ClassifierError

if TYPE_CHECKING:
    from pytest_refusal.cassette.vcr import RefusalCassette
    from pytest_refusal.judge.settings import JudgeSettings
    from pytest_refusal.providers import ModelSpec
    from pytest_refusal.verdict import Verdict

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register_calibrate(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="score the detector (and the judge) against a labelled sample",
        description=(
            "Score the detector against labelled responses: refusal-vs-comply precision, recall, F1 and MCC; "
            "per kind and per language; the confusion matrix; every disagreement with its evidence. The sample is "
            "JSON Lines or CSV with response and label (prompt, language, id optional); labels are the kinds, or "
            "comply/partial/refuse. With --judge, the detector then the judge are scored too."
        ),
    )
    parser.add_argument("sample", metavar="LABELLED.jsonl|csv", help="the labelled sample")
    parser.add_argument(
        "--classifier",
        metavar="SPEC",
        help=(
            "put your own classifier before the cues, as your tests do: FILE.py (its pytest_refusal_classify "
            "hook, e.g. conftest.py), FILE.py:FUNCTION or MODULE:FUNCTION; where it returns None the cues decide"
        ),
    )
    parser.add_argument("--html", metavar="PATH", help="also write a browsable page with every disagreement")
    parser.add_argument("--json", metavar="PATH", help="also write every figure and disagreement as JSON")
    parser.add_argument(
        "--shown", type=int, default=20, metavar="N", help="disagreements printed per scorer (default 20)"
    )
    parser.add_argument(
        "--judge",
        metavar="MODEL",
        help="also score the judge: PROVIDER:MODEL (openai:gpt-4.1-mini) or 'base_url=URL model=MODEL'",
    )
    parser.add_argument(
        "--judge-mode",
        default="uncertain",
        choices=("uncertain", "always"),
        help="which rows the judge sees (default: uncertain, those the cues score below the threshold)",
    )
    parser.add_argument("--judge-threshold", default="0.8", metavar="SCORE", help="see --judge-mode (default 0.8)")
    parser.add_argument(
        "--judge-cassette",
        metavar="PATH",
        help="where the judge's calls are recorded (default: <sample>.judge.yaml here)",
    )
    parser.add_argument(
        "--judge-record",
        default="none",
        choices=[m.value for m in RecordMode],
        help="record mode of the judge cassette (default none: replay the recordings only)",
    )
    parser.set_defaults(handler=run)


class _Unrecorded(Exception):
    """Replay had no judge recording for a row."""


Classify = Callable[[calibrate.Row], "Verdict"]


def run(args: argparse.Namespace) -> int:
    path = Path(args.sample)
    try:
        rows = calibrate.load(path)
        settings = _settings(args) if args.judge else None
        first = _classifier(args.classifier) if args.classifier else None
    except (calibrate.SampleError, ValueError, ClassifierError) as exc:
        return _fail(str(exc))
    try:
        results = [calibrate.score("detector (cues)", rows, _cues)]
        if first is not None:
            results.append(calibrate.score(f"{args.classifier}, then the cues", rows, first))
        if settings is not None:
            judged = _with_judge(args, path, rows, settings, first or _cues)
            if isinstance(judged, int):
                return judged
            results.append(judged)
    except ClassifierError as exc:
        return _fail(str(exc))
    print(calibrate.render_text(str(path), results, shown=args.shown), end="")
    for target, render in ((args.html, calibrate.render_html), (args.json, calibrate.render_json)):
        if target:
            Path(target).write_text(render(str(path), results), encoding="utf-8")
    return EXIT_OK


def _cues(row: calibrate.Row) -> Verdict:
    from pytest_refusal.detector import detect

    return detect(row.response, prompt=row.prompt or None)


def _classifier(spec: str) -> Classify:
    """The user's classifier, then the cues where it returns None; a failing call names the row."""
    from pytest_refusal import userclassifier

    own = userclassifier.load(spec)

    def classify(row: calibrate.Row) -> Verdict:
        try:
            verdict = own(row.response, row.prompt or None)
        except ClassifierError:
            raise
        except Exception as exc:  # noqa: BLE001 - the user's code: report what it raised, and where
            raise ClassifierError(f"--classifier {spec} raised {type(exc).__name__} on row {row.id!r}: {exc}") from None
        return verdict if verdict is not None else _cues(row)

    return classify


def _settings(args: argparse.Namespace) -> JudgeSettings:
    from pytest_refusal.judge.settings import check

    return check(args.judge_mode, args.judge, args.judge_threshold)


def _with_judge(
    args: argparse.Namespace,
    path: Path,
    rows: tuple[calibrate.Row, ...],
    settings: JudgeSettings,
    first: Classify,
) -> calibrate.Result | int:
    from pytest_refusal.judge.call import judged
    from pytest_refusal.providers import PRESETS

    spec = settings.spec({}, PRESETS)
    mode = RecordMode.parse(args.judge_record)
    cassette_path = Path(args.judge_cassette or f"{path.stem}.judge.yaml")
    key = spec.api_key(os.environ)
    if key is None and mode is not RecordMode.NONE:
        return _fail(f"{spec.key_env} is not set, and recording the judge ({spec.describe()}) needs it")
    cassette = _cassette(cassette_path, mode, key)
    client = _client(spec, key or "replay-without-key")
    asked: list[int] = []
    problems: list[str] = []

    def classify(row: calibrate.Row) -> Verdict:
        cue = first(row)
        if not settings.wants(cue, row.response):
            return cue
        asked.append(1)
        try:
            outcome = judged(client, spec, cue, row.prompt, row.response)
        except Exception:
            if cassette.unmatched:
                raise _Unrecorded(row.id) from None
            raise
        if outcome.verdict is None:
            problems.append(f"{row.id}: {outcome.problem}; the cue verdict stands")
            return cue
        return outcome.verdict

    try:
        result = calibrate.score(
            f"{'detector' if first is _cues else args.classifier + ', the cues'}, then the judge {spec.model} "
            f"({settings.mode.value})",
            rows,
            classify,
            judge_asked=lambda: len(asked),
            notes=lambda: problems,
        )
    except ClassifierError:
        cassette.discard()
        raise
    except _Unrecorded as exc:
        cassette.discard()
        return _fail(
            f"no judge recording for row {exc.args[0]!r} in {cassette_path} (recording is off). Record it with: "
            f"python -m pytest_refusal calibrate {args.sample} --judge {_quoted(args.judge)} --judge-mode "
            f"{settings.mode.value} --judge-cassette {cassette_path} --judge-record="
            f"{'new_episodes' if cassette_path.is_file() else 'once'}"
            + (f" (needs {spec.key_env})" if spec.key_env else "")
        )
    finally:
        client.close()
    cassette.close()
    if cassette.findings:
        return _fail(f"the judge cassette {cassette_path} was not written: it would contain a secret")
    return result


def _cassette(path: Path, mode: RecordMode, key: str | None) -> RefusalCassette:
    from pytest_refusal.cassette.vcr import CassetteConfig, RefusalCassette

    config = CassetteConfig(mode, secrets=(key,) if key else (), is_verdict=lambda status, body: False)
    return RefusalCassette(path, config).open()


def _client(spec: ModelSpec, key: str) -> Any:
    import openai

    return openai.OpenAI(base_url=spec.base_url, api_key=key, max_retries=2, timeout=60)


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _fail(message: str) -> int:
    print(f"pytest-refusal: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
