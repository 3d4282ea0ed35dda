"""Reasoning set apart from the answer: a reply's leading think blocks are never judged, only what follows them.

Reasoning models that are served without a reasoning parser (llama.cpp, vLLM, Ollama, raw
Qwen3, DeepSeek-R1 and Kimi thinking builds) write their chain of thought into the content,
wrapped in markers: ``<think>…</think>``, Kimi's ``◁think▷…◁/think▷`` and a few others below.
A refusal the model considered and dropped ("I should not… but this is fine") is not its
answer, and an answer it considered is not one either: the verdict reads what follows.

Only blocks at the very start count; a tag quoted later in an answer (code, an explanation of
the format) is the answer's own text. Templates that put the opening marker in the prompt
make the reply start inside the block, so a closing marker with no opening one before it ends
a leading block too. A reply that opens a block and never closes it was cut inside its
reasoning (usually by the token limit): it holds no answer.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["MARKERS", "Split", "answer_of", "split_reasoning"]

# (opening, closing) markers of reasoning blocks, as models emit them.
MARKERS: tuple[tuple[str, str], ...] = (
    ("<think>", "</think>"),  # DeepSeek-R1, Qwen3, QwQ, GLM, MiniMax and most open reasoning models
    ("◁think▷", "◁/think▷"),  # Kimi thinking models
    ("<thinking>", "</thinking>"),
    ("<seed:think>", "</seed:think>"),  # ByteDance Seed-OSS
    ("[THINK]", "[/THINK]"),  # Mistral Magistral
)
_OPENINGS = tuple(opening for opening, _ in MARKERS)
_CLOSINGS = tuple(closing for _, closing in MARKERS)
_SCAN = 20_000  # a closing marker with no opening one is looked for this far into the reply


class Split(NamedTuple):
    """A reply divided: the answer to judge, the reasoning set aside, and whether a block was left open."""

    answer: str
    reasoning: str = ""
    unclosed: bool = False


def split_reasoning(text: str) -> Split:
    """Set the leading reasoning blocks of `text` apart from its answer.

    Linear and copy-free until a marker is found: it runs on every reply the detector reads.
    """
    at = _skip_space(text, 0)
    if not text.startswith(_OPENINGS, at):
        return _headless(text)
    thoughts: list[str] = []
    while text.startswith(_OPENINGS, at):
        opening, closing = next((o, c) for o, c in MARKERS if text.startswith(o, at))
        end = text.find(closing, at + len(opening))
        if end < 0:
            thoughts.append(text[at + len(opening) :].strip())
            return Split("", _join(thoughts), unclosed=True)
        thoughts.append(text[at + len(opening) : end].strip())
        at = _skip_space(text, end + len(closing))
    return Split(text[at:], _join(thoughts))


def answer_of(text: str) -> str:
    """`split_reasoning(text).answer`, without building the split for a reply with no marker (most)."""
    if (
        not text.startswith(_OPENINGS, len(text) - len(text.lstrip()))  # lstrip copies nothing when nothing leads
        and text.find("/think", 0, _SCAN) < 0
        and text.find("/THINK", 0, _SCAN) < 0
    ):
        return text
    return split_reasoning(text).answer


def _headless(text: str) -> Split:
    """A reply that starts inside its reasoning: the template sent the opening marker in the prompt."""
    if text.find("/think", 0, _SCAN) < 0 and text.find("/THINK", 0, _SCAN) < 0:
        return Split(text)  # every closing marker holds one of these: most replies end here
    for closing in _CLOSINGS:
        end = text.find(closing, 0, _SCAN)
        if end >= 0 and not any(text.find(opening, 0, end) >= 0 for opening, _ in MARKERS):
            return Split(text[end + len(closing) :].lstrip(), text[:end].strip())
    return Split(text)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _join(thoughts: list[str]) -> str:
    return "\n\n".join(t for t in thoughts if t)
