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


DETECT_EXIT_CODES = (
    "exit codes: 0 a verdict was printed (whatever its kind); 2 the input is not a verdict (a provider "
    "error such as a rate limit, auth or server fault; empty output; a truncated stream; reasoning with no "
    "answer) or cannot be read, or the command line is wrong. The reason goes to stderr."
)


def register_detect(subparsers: Subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="judge one response and print its verdict",
        description=(
            "Judge one model response and print its verdict: kind, score, evidence and language, one per "
            'line, or with --json one JSON object ({"kind", "score", "evidence", "language"}). The response '
            "is the TEXT argument, or stdin when TEXT is - or missing, or a JSON file with --json-input. "
            "Exit 0 with a verdict; exit 2 when the input is not a verdict or cannot be read."
        ),
        epilog=DETECT_EXIT_CODES,
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("text", nargs="?", metavar="TEXT", help='the response text; "-" or nothing reads it from stdin')
    source.add_argument(
        "--json-input",
        metavar="FILE",
        help='a JSON file ("-" for stdin): a chat completion, a Responses response, an Anthropic '
        "message or a Gemini response; a list of stream events of any of them (Gemini's JSON array "
        'of chunks too, "[DONE]" where it came); an error body; or a recorded SSE body',
    )
    parser.add_argument(
        "--prompt",
        metavar="TEXT",
        help="the request the response answers: it helps read the reply (a platitude in answer to a "
        "request to take a side is evasion, a caveat after a head-on answer is part of the answer)",
    )
    parser.add_argument(
        "--status",
        type=int,
        metavar="CODE",
        help="HTTP status the --json-input body came with (e.g. 400 for an error body)",
    )
    parser.add_argument("--json", action="store_true", help="print the verdict as one JSON object")
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
        verdict = detect(response, prompt=args.prompt)
    except NotAVerdict as exc:
        return _fail(str(exc))
    except (TypeError, ValueError, OSError) as exc:
        return _fail(f"cannot judge this input: {exc}")
    if args.json:
        _print_json(verdict.to_dict())
    else:
        _print_lines(verdict.to_dict())
    return EXIT_OK


def _read_response(args: argparse.Namespace) -> object:
    if args.json_input is None:
        if args.status is not None:
            raise ValueError("--status goes with --json-input, not with text")
        if args.text is not None and args.text != "-":
            return str(args.text)
        if args.text is None and sys.stdin.isatty():
            raise ValueError("no response given; pass it as TEXT, pipe it on stdin, or name a file with --json-input")
        return _read_stdin()
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


def _print_lines(data: dict[str, object]) -> None:
    """`kind: refuse`, `score: 0.95`, `evidence: ...`, `language: zh`: one field per line, for a person."""
    lines = [f"{key + ':':<9} {value}" for key, value in data.items()]
    for line in lines:
        try:
            print(line)
        except UnicodeEncodeError:  # a terminal that cannot show the evidence's script
            print(line.encode("ascii", "backslashreplace").decode("ascii"))


def _fail(message: str) -> int:
    print(f"pytest-refusal: {message}", file=sys.stderr)
    return EXIT_NO_VERDICT
