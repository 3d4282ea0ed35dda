"""Structure read before cues: code, quotations, cited lines and stray reasoning in a reply are masked out.

Words inside them are not the model's own voice: a story whose guard says "I can't let you
pass", a code sample that returns "I'm sorry, but I can't help with that", a blockquote of a
policy or an explanation of what other assistants answer are all part of an answer. Masking
replaces each such span by spaces of the same length (newlines kept), so offsets, sentence
counts and lengths stay those of the reply, and the cue matcher simply finds nothing there.

A span that is the whole reply is left alone: a model that answers with nothing but a quoted
refusal, a fenced refusal or a blockquote still said it. One left-to-right pass with a single
compiled alternation (compiled on first use); masking copies the text only when it finds a span.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["mask"]

_QUOTE_MAX = 600  # characters: a quotation longer than this is more likely a stray quote mark
_OUTSIDE_MIN = 4  # letters outside a span for it to be a part of the reply, not the reply


# The spans, each led by a literal, so the engine skips to the next character that opens one in
# one step. Only the alternatives led by the character at a place can match there, and those keep
# their order ("<think>" before "<thinking>"), so grouping them by the script of that character
# changes no match.
_ASCII_LED = (
    r"```[\s\S]*?(?:```|\Z)|~~~[\s\S]*?(?:~~~|\Z)",  # fenced code, closed or running to the end
    r"`[^`\n]{1,200}`",  # inline code
    r"<think>[\s\S]*?</think>|<thinking>[\s\S]*?</thinking>",  # reasoning between parts
    r">(?<![^\n]>)[^\n]*(?:\n[ \t]*>[^\n]*)*",  # a blockquote: cited lines, the first at a line start
    rf'"[^"\n]{{1,{_QUOTE_MAX}}}"',  # a straight quotation, within a line
)
_OTHERS = (
    r"◁think▷[\s\S]*?◁/think▷",
    # curly, low-high, guillemet and CJK corner-bracket quotations, within a line
    rf"“[^”\n]{{1,{_QUOTE_MAX}}}”|„[^“”\n]{{1,{_QUOTE_MAX}}}[“”]|«[^»\n]{{1,{_QUOTE_MAX}}}»",
    rf"「[^」\n]{{1,{_QUOTE_MAX}}}」|『[^』\n]{{1,{_QUOTE_MAX}}}』",
)


@cache
def _spans(ascii_only: bool) -> re.Pattern[str]:
    """The spans' alternation; in ASCII text only those an ASCII character opens, the rest could not match.

    Their opening characters then form a class of ASCII characters alone, which the engine tests
    a character against faster than one holding wide characters.
    """
    return re.compile("|".join(_ASCII_LED if ascii_only else _ASCII_LED + _OTHERS))


# Every span opens with one of these; most replies hold none, and `in` finds a character faster
# than the regex engine can test each position against the set.
_OPENERS = ("`", "~", "<", "◁", ">", '"', "“", "„", "«", "「", "『")


def mask(text: str) -> str:
    """`text` with code, quotations, blockquotes and embedded reasoning blanked out (same length)."""
    ascii_only = text.isascii()
    if ascii_only:
        # The five ASCII openers tested in line: most replies hold none, and a generator costs more than the tests.
        if not ("`" in text or "~" in text or "<" in text or ">" in text or '"' in text):
            return text
    elif not any(opener in text for opener in _OPENERS):
        return text
    found = [m.span() for m in _spans(ascii_only).finditer(text)]
    if not found:
        return text
    if len(found) == 1 and _is_whole(text, *found[0]):
        return text
    parts: list[str] = []
    at = 0
    for start, end in found:
        parts.append(text[at:start])
        parts.append(_blank(text[start:end]))
        at = end
    parts.append(text[at:])
    return "".join(parts)


# `_OUTSIDE_MIN` letters or digits, anything between them: [^\W_] is exactly what str.isalnum accepts.
_ENOUGH_OUTSIDE = re.compile(rf"[^\W_](?:[\W_]*[^\W_]){{{_OUTSIDE_MIN - 1}}}")


def _is_whole(text: str, start: int, end: int) -> bool:
    """The span is the reply: fewer than a few letters stand outside it."""
    return _ENOUGH_OUTSIDE.search(text[:start] + text[end:]) is None


def _blank(span: str) -> str:
    """Spaces for every character but newlines (so list and sentence shapes outside are unchanged)."""
    return "\n".join(" " * len(line) for line in span.split("\n"))
