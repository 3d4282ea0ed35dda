"""Re-record this example's cassettes and baseline from SpeechMap's answers, with the plugin's own record mode.

    python examples/real_models/record.py [--data FILE.jsonl] [--example DIR] [--port N]

Starts `pytest_refusal.testing.publicdata.PublicDataServer` on 127.0.0.1, which answers each
(model, prompt) of the data with the chat-completion object recorded there, byte for byte;
points the map's `openrouter` preset at it (the answers came from OpenRouter); and runs
`pytest DIR --refusal-record=all --refusal-update-baseline`. No key, no network beyond the
loopback. The run's date (`SOURCE_DATE_EPOCH`, unless set) is the newest answer's `created`
time, so the baseline says when the models answered and a second run writes the same bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from pytest_refusal.providers import Preset
from pytest_refusal.testing.publicdata import PublicDataError, PublicDataServer, RecordedAnswer, load_answers

HERE = Path(__file__).resolve().parent
DATA = HERE / "speechmap_china_en_zh.jsonl"
# A fixed port keeps the recorded request address, and so the cassettes, the same run after run.
PORT = 8089


class PublicDataPreset:
    """A pytest plugin object: the `openrouter` preset, answered by the loopback provider for this run only."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def pytest_refusal_providers(self) -> list[Preset]:
        return [Preset("openrouter", self.base_url, None)]


def newest_answer(answers: tuple[RecordedAnswer, ...]) -> int:
    """The `created` time of the newest answer (seconds since the epoch)."""
    return max(int(answer.completion["created"]) for answer in answers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"the recorded answers (default: {DATA.name})")
    parser.add_argument("--example", type=Path, default=HERE, help="the folder holding the map (default: this one)")
    parser.add_argument(
        "--port", type=int, default=PORT, help=f"loopback port of the provider (default: {PORT}; 0: any free one)"
    )
    args, pytest_args = parser.parse_known_args(argv)
    try:
        answers = load_answers(args.data)
    except PublicDataError as exc:
        print(exc, file=sys.stderr)
        return 2
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(newest_answer(answers)))
    try:
        server = PublicDataServer(answers, port=args.port).start()
    except OSError as exc:
        print(
            f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); pass --port with a free port, or 0",
            file=sys.stderr,
        )
        return 2
    try:
        base_url = f"http://127.0.0.1:{server.port}/api/v1"  # OpenRouter's path, so replay matches it
        command = [
            str(args.example),
            "-p",
            "no:cacheprovider",
            "--refusal-record=all",
            "--refusal-update-baseline",
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
        ]  # this script imported the plugin first
        return int(pytest.main([*command, *pytest_args], plugins=[PublicDataPreset(base_url)]))
    finally:
        server.close()


if __name__ == "__main__":
    sys.exit(main())
