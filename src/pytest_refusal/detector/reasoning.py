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

from dataclasses import dataclass

__all__ = ["MARKERS", "Split", "split_reasoning"]

# (opening, closing) markers of reasoning blocks, as models emit them.
MARKERS: tuple[tuple[str, str], ...] = (
    ("<think>", "</think>"),  # DeepSeek-R1, Qwen3, QwQ, GLM, MiniMax and most open reasoning models
    ("◁think▷", "◁/think▷"),  # Kimi thinking models
    ("<thinking>", "</thinking>"),
    ("<seed:think>", "</seed:think>"),  # ByteDance Seed-OSS
    ("[THINK]", "[/THINK]"),  # Mistral Magistral
)
_CLOSINGS = tuple(close for _, close in MARKERS)
_SCAN = 20_000  # a closing marker with no opening one is looked for this far into the reply


@dataclass(frozen=True)
class Split:
    """A reply divided: the answer to judge, the reasoning set aside, and whether a block was left open."""

    answer: str
    reasoning: str = ""
    unclosed: bool = False


def split_reasoning(text: str) -> Split:
    """Set the leading reasoning blocks of `text` apart from its answer."""
    thoughts: list[str] = []
    rest = text
    while True:
        stripped = rest.lstrip()
        marker = next(((o, c) for o, c in MARKERS if stripped.startswith(o)), None)
        if marker is None:
            break
        opening, closing = marker
        end = stripped.find(closing, len(opening))
        if end < 0:
            thoughts.append(stripped[len(opening) :].strip())
            return Split("", _join(thoughts), unclosed=True)
        thoughts.append(stripped[len(opening) : end].strip())
        rest = stripped[end + len(closing) :]
    if not thoughts:
        return _headless(text)
    return Split(rest.lstrip(), _join(thoughts))


def _headless(text: str) -> Split:
    """A reply that starts inside its reasoning: the template sent the opening marker in the prompt."""
    head = text[:_SCAN]
    for closing in _CLOSINGS:
        end = head.find(closing)
        if end >= 0 and not any(opening in head[:end] for opening, _ in MARKERS):
            return Split(text[end + len(closing) :].lstrip(), text[:end].strip())
    return Split(text)


def _join(thoughts: list[str]) -> str:
    return "\n\n".join(t for t in thoughts if t)
