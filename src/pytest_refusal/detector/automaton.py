"""Cue phrases found by an Aho-Corasick automaton: one pass over the text, whatever the number of phrases.

The cue regex (cues/__init__.py) stays the reference: this finds exactly the matches it finds,
in the same order, only faster. The regex, scanning from a position, stops at the leftmost
place where a phrase may start (a Latin or Cyrillic one only at a word start) and takes the
longest phrase there. A leftmost-longest automaton finds the same match whenever that match
starts a word, which is nearly always. Where it cannot be trusted (its match sits inside a
word, so a valid phrase may start within it, or the caller reads on from inside a match), the
scan switches to every overlapping match, kept longest-per-valid-start. Verb-second patterns
(German, Dutch, Swedish) are not phrases: a regex of them alone runs beside the automaton, and
where both match at one place the phrase wins, as in the reference alternation.

ahocorasick_rs ships wheels for the usual platforms; where it is missing, or
``PYTEST_REFUSAL_NO_AUTOMATON=1`` is set, the regex does the whole job (same matches, slower).
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - the wheel is a dependency; a source-only platform falls back
    ahocorasick_rs = None  # type: ignore[assignment]

__all__ = ["Automaton", "CharMap", "Match", "NextMatch", "WordSet", "available"]

Match = tuple[int, int, str | None]  # start, end, the pattern's cue class (None for a table phrase)
NextMatch = Callable[[int], Match | None]
_END: Match = (sys.maxsize, sys.maxsize, None)  # no match is left


def available() -> bool:
    """Whether cue matching may use the automaton (installed, and not turned off for comparison)."""
    return ahocorasick_rs is not None and os.environ.get("PYTEST_REFUSAL_NO_AUTOMATON", "") in ("", "0")


class Automaton:
    """The phrases of one cue table (a language plus English), compiled for one-pass search."""

    __slots__ = (
        "phrases",
        "anywhere",
        "word_chars",
        "_longest",
        "_unread",
        "_every",
        "_patterns",
        "_separated",
        "_spaced",
    )

    # The leftmost-longest automaton starts as a contiguous NFA (a few ms to build, about 1.6x
    # slower to search) and becomes a DFA once this many characters were read: a DFA of a cue
    # table costs 8 ms (English) to 38 ms (Chinese with English) to build, which a short run
    # never earns back. A run that reads more pays at most the DFA's build twice over.
    DFA_AFTER = 1_000_000

    def __init__(
        self,
        phrases: Sequence[str],
        anywhere: Sequence[bool],
        word_chars: frozenset[str],
        patterns: tuple[re.Pattern[str], re.Pattern[str] | None] | None = None,
        spaced_script: bool = False,
    ) -> None:
        """`anywhere[i]`: phrase i may start inside a word (an unspaced script); `patterns` in the reference's shapes.

        The patterns come in the reference's two shapes: led by a look-behind, and (None when
        the table has unspaced phrases) read from the separator before each word of the text
        put behind a space. Like the reference, the second is used for text in a spaced
        script (`spaced_script`: the language's own is one) or in ASCII.
        """
        self.phrases = tuple(phrases)
        self.anywhere = tuple(anywhere)
        self.word_chars = word_chars
        self._longest = self._leftmost_longest(ahocorasick_rs.Implementation.ContiguousNFA)
        self._unread = self.DFA_AFTER  # characters left to read before the DFA is built
        self._every: ahocorasick_rs.AhoCorasick | None = None  # built on first need: most texts never need it
        self._patterns = None if patterns is None else patterns[0]
        self._separated = None if patterns is None else patterns[1]
        self._spaced = spaced_script

    @property
    def plain(self) -> bool:
        """Phrases only: no patterns to merge in."""
        return self._patterns is None

    def longest(self, text: str) -> list[tuple[int, int, int]] | None:
        """Leftmost-longest, non-overlapping matches: (phrase index, start, end); None for text it cannot read.

        The automaton reads UTF-8: a lone surrogate (which JSON's "\\ud800" escapes can carry
        into a string) has none, so such a text is left to the regex. It reads the text's bytes:
        the str form maps every byte to its character on each call, while in ASCII text (most
        replies) a byte is a character, and otherwise only the matches' offsets are converted.
        """
        try:
            data = text.encode()
        except UnicodeEncodeError:
            return None
        found = self._longest.find_matches_as_indexes(data)
        if found and len(data) != len(text):
            found = _in_characters(data, found)
        if self._unread > 0:
            self._unread -= len(text)
            if self._unread <= 0:  # the same matches, found faster from now on
                self._longest = self._leftmost_longest(ahocorasick_rs.Implementation.DFA)
        return found

    def _leftmost_longest(self, implementation: ahocorasick_rs.Implementation) -> ahocorasick_rs.BytesAhoCorasick:
        return ahocorasick_rs.BytesAhoCorasick(
            [phrase.encode() for phrase in self.phrases],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=implementation,
        )

    def scanner(self, text: str, fast: list[tuple[int, int, int]]) -> NextMatch:
        """A function from a position to the first match starting there or later, as the reference finds it.

        `fast` is the text's `longest` matches. Positions passed in must not go back: the
        caller reads on from a match's end, or from just after its start.
        """
        table = _Table(self, text, fast)
        if self._patterns is None:
            return table.next_from
        return _WithPatterns(table, self._pattern_finder(text)).next_from

    def every_scanner(self, text: str) -> NextMatch:
        """`scanner` read from every overlapping match from the start (where the fast pass was found wrong)."""
        table = _Table(self, text, [])
        table.read_every()
        return table.next_from

    def _pattern_finder(self, text: str) -> NextMatch:
        assert self._patterns is not None
        if self._separated is not None and (self._spaced or text.isascii()):
            search, scanned = self._separated.search, " " + text

            def next_pattern(at: int) -> Match | None:
                found = search(scanned, at)
                return None if found is None else (found.start(), found.end() - 1, found.lastgroup)

        else:
            search = self._patterns.search

            def next_pattern(at: int) -> Match | None:
                found = search(text, at)
                return None if found is None else (found.start(), found.end(), found.lastgroup)

        return next_pattern

    def every_match(self, text: str) -> list[tuple[int, int, int]]:
        """Every phrase occurrence, overlapping ones included: (phrase index, start, end)."""
        if self._every is None:
            self._every = ahocorasick_rs.AhoCorasick(
                self.phrases,
                matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=ahocorasick_rs.Implementation.DFA,
            )
        return self._every.find_matches_as_indexes(text, overlapping=True)

    def valid(self, text: str, index: int, start: int) -> bool:
        """Phrase `index` may start at `start`: it is unspaced, or no letter of a spaced script stands before it."""
        return start == 0 or self.anywhere[index] or text[start - 1] not in self.word_chars


def _in_characters(data: bytes, found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Matches in UTF-8 `data` with byte offsets, given character offsets instead.

    The matches do not overlap and come in order, so one walk converts them: each offset is the
    previous one plus the characters decoded in between. A match of a whole phrase starts and
    ends between characters, so every piece decodes.
    """
    converted = []
    byte = char = 0
    for index, start, end in found:
        char += len(data[byte:start].decode())
        first = char
        char += len(data[start:end].decode())
        byte = end
        converted.append((index, first, char))
    return converted


class _Table:
    """The table phrases of one text, read as the reference reads them."""

    __slots__ = ("_automaton", "_text", "_fast", "_next", "_resume", "_starts", "_ends")

    def __init__(self, automaton: Automaton, text: str, fast: list[tuple[int, int, int]]) -> None:
        self._automaton = automaton
        self._text = text
        self._fast = fast  # leftmost-longest, non-overlapping: right while every match starts a word
        self._next = 0
        self._resume = 0  # where the fast pass resumed after its last match
        self._starts: list[int] | None = None  # the slow reading: valid starts, sorted, and each one's longest end
        self._ends: list[int] = []

    def next_from(self, at: int) -> Match | None:
        if self._starts is None:
            if at == self._resume:
                if self._next == len(self._fast):
                    return None
                index, start, end = self._fast[self._next]
                if self._automaton.valid(self._text, index, start):
                    self._next += 1
                    self._resume = end
                    return start, end, None
            self.read_every()
        return self._from_every(at)

    def read_every(self) -> None:
        """Switch to every overlapping match, the longest kept at each place a phrase may start."""
        longest: dict[int, int] = {}
        text, valid = self._text, self._automaton.valid
        for index, start, end in self._automaton.every_match(text):
            if end > longest.get(start, -1) and valid(text, index, start):
                longest[start] = end
        self._starts = sorted(longest)
        self._ends = [longest[start] for start in self._starts]

    def _from_every(self, at: int) -> Match | None:
        assert self._starts is not None
        i = bisect_left(self._starts, at)
        if i == len(self._starts):
            return None
        return self._starts[i], self._ends[i], None


class _WithPatterns:
    """Table phrases and verb-second patterns merged by position; a phrase wins where both start."""

    __slots__ = ("_table", "_patterns", "_phrase", "_pattern")

    def __init__(self, table: _Table, patterns: NextMatch) -> None:
        self._table = table
        self._patterns = patterns
        self._phrase: Match | None = None  # the next of each (None: to be found)
        self._pattern: Match | None = None

    def next_from(self, at: int) -> Match | None:
        # Each next match is kept while it still starts at or after `at`; _END once none is left, so
        # a text without a pattern match is searched for one once, not once per phrase.
        phrase = self._phrase
        if phrase is None or phrase[0] < at:
            phrase = self._phrase = self._table.next_from(at) or _END
        pattern = self._pattern
        if pattern is None or pattern[0] < at:
            pattern = self._pattern = self._patterns(at) or _END
        if phrase is _END and pattern is _END:
            return None
        if phrase[0] <= pattern[0]:
            self._phrase = None
            return phrase
        self._pattern = None
        return pattern


class CharMap:
    """Characters replaced one for one, found by an automaton rather than looked up one by one.

    `str.translate` with a large table looks every character of the text up in a dict: about
    100 ns a character in Chinese text. Most characters of a text are in no table, so finding
    the few that are (in one pass of the automaton) and splicing their replacements in is
    several times faster. Where nearly every character is replaced (Traditional Chinese), or
    the automaton is unavailable, `translate` does it: the result is the same either way.
    """

    __slots__ = ("_table", "_values", "_automaton")

    _DENSE = 8  # one replacement in this many characters or more: translate is the cheaper way

    def __init__(self, table: Mapping[str, str]) -> None:
        assert all(len(key) == 1 and len(value) == 1 for key, value in table.items()), "one character for one"
        assert not set(table) & set(table.values()), "a replacement must not be replaced again"
        self._table = str.maketrans(dict(table))
        self._values = tuple(table.values())
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        if available():
            self._automaton = ahocorasick_rs.AhoCorasick(
                list(table),
                matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
                implementation=ahocorasick_rs.Implementation.DFA,
            )

    def apply(self, text: str) -> str:
        if self._automaton is None:
            return text.translate(self._table)
        try:
            found = self._automaton.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form for the automaton to read
            return text.translate(self._table)
        if not found:
            return text
        if len(found) * self._DENSE > len(text):
            return text.translate(self._table)
        values, pieces, at = self._values, [], 0
        for index, start, end in found:
            pieces.append(text[at:start])
            pieces.append(values[index])
            at = end
        pieces.append(text[at:])
        return "".join(pieces)


class WordSet:
    """Whether a text holds any of many words, each where a word may start (not after `word_chars`).

    The regex of the same alternation costs more to compile (about 15 ms for two hundred words)
    than a run spends using it; the automaton builds in a fraction of that. Both give the same
    answer: the automaton's overlapping matches are every (word, place) pair the regex tries.
    """

    __slots__ = ("_words", "_word_chars", "_automaton", "_regex")

    def __init__(self, words: Sequence[str], word_chars: frozenset[str]) -> None:
        self._words = sorted(set(words), key=len, reverse=True)
        self._word_chars = word_chars
        self._regex: re.Pattern[str] | None = None
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        if available() and self._words:
            self._automaton = ahocorasick_rs.AhoCorasick(self._words, implementation=ahocorasick_rs.Implementation.DFA)

    def found_in(self, text: str) -> bool:
        if self._automaton is not None:
            try:
                found = self._automaton.find_matches_as_indexes(text, overlapping=True)
            except UnicodeEncodeError:  # a lone surrogate: the regex reads it
                return self.reference(text)
            word_chars = self._word_chars
            return any(not start or text[start - 1] not in word_chars for _, start, _ in found)
        return self.reference(text)

    def reference(self, text: str) -> bool:
        """The same answer by the regex alternation (compiled on first use)."""
        if not self._words:
            return False
        if self._regex is None:
            chars = "".join(sorted(self._word_chars))
            self._regex = re.compile(f"(?<![{re.escape(chars)}])(?:" + "|".join(map(re.escape, self._words)) + ")")
        return self._regex.search(text) is not None
