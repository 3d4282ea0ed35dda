"""Command line: `python -m pytest_refusal COMMAND`, to debug verdicts outside pytest.

Each command is one `(name, register)` pair in `COMMANDS`; `register(subparsers, name)` adds
its subparser and sets ``handler`` (``args -> exit code``). Adding a command is one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeAlias

from pytest_refusal.calibratecommand import register_calibrate
from pytest_refusal.detector import detect
from pytest_refusal.detector.sse import looks_like_sse
from pytest_refusal.report.commands import register_diff, register_report
from pytest_refusal.verdict import NotAVerdict

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Register: TypeAlias = Callable[[Subparsers, str], None]

EXIT_OK = 0
EXIT_NO_VERDICT = 2  # a provider error that is not a verdict, or input that cannot be judged


def register_detect(subparsers: Subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="judge one response and print its verdict as JSON",
        description=(
            "Judge one model response and print the verdict as JSON "
            '({"kind", "score", "evidence", "language"}). Exit 0 with a verdict; exit 2 when '
            "the input is not a verdict (a provider error such as a rate limit, auth or server "
            "fault; empty output; a truncated stream; reasoning with no answer) or cannot be read."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "text", nargs="?", metavar="TEXT", help='the response text, or "-" to read it from stdin'
    )
    source.add_argument(
        "--json-input",
        metavar="FILE",
        help='a JSON file ("-" for stdin): a chat completion, a Responses response, an Anthropic '
        "message or a Gemini response; a list of stream events of any of them (Gemini's JSON array "
        'of chunks too, "[DONE]" where it came); an error body; or a recorded SSE body',
    )
    parser.add_argument(
        "--status",
        type=int,
        metavar="CODE",
        help="HTTP status the --json-input body came with (e.g. 400 for an error body)",
    )
    parser.set_defaults(handler=_run_detect)


COMMANDS: list[tuple[str, Register]] = [
    ("detect", register_detect),
    ("report", register_report),
    ("diff", register_diff),
    ("calibrate", register_calibrate),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_refusal",
        description="pytest-refusal: test an LLM's refusal map. Tools to inspect verdicts.",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command", required=True)
    for name, register in COMMANDS:
        register(subparsers, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


def _run_detect(args: argparse.Namespace) -> int:
    try:
        response = _read_response(args)
        verdict = detect(response)
    except NotAVerdict as exc:
        return _fail(str(exc))
    except (TypeError, ValueError, OSError) as exc:
        return _fail(f"cannot judge this input: {exc}")
    _print_json(verdict.to_dict())
    return EXIT_OK


def _read_response(args: argparse.Namespace) -> object:
    if args.json_input is None:
        if args.status is not None:
            raise ValueError("--status goes with --json-input, not with text")
        return _read_stdin() if args.text == "-" else str(args.text)
    raw = _read_stdin() if args.json_input == "-" else Path(args.json_input).read_text(encoding="utf-8")
    body: object
    if looks_like_sse(raw):
        body = raw.encode("utf-8")  # a recorded event stream: the detector reads its events and [DONE]
    else:
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            source = "stdin" if args.json_input == "-" else args.json_input
            raise ValueError(
                f"{source} is not valid JSON (nor an SSE stream of data: lines); "
                "pass plain text as the TEXT argument instead"
            ) from None
    return body if args.status is None else (args.status, body)


def _read_stdin() -> str:
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


def _print_json(data: dict[str, object]) -> None:
    text = json.dumps(data, ensure_ascii=False)
    try:
        print(text)
    except UnicodeEncodeError:  # a terminal that cannot show the evidence's script
        print(json.dumps(data))


def _fail(message: str) -> int:
    print(f"pytest-refusal: {message}", file=sys.stderr)
    return EXIT_NO_VERDICT
