"""The opening's sentence ends and the list lines, found by patterns shaped to skip ahead, are those of the plain patterns."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pytest_refusal.detector import reading

# The plain forms: what the shapes in reading.py must find, written as a reader would.
SENTENCE_END = re.compile(r"[.!?。！？\n]|:\s")
LIST_LINE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)、]|#{1,4}\s|\*\*|[一二三四五六七八九十]+[、.])", re.MULTILINE)

# Sentence ends, colons with and without a space, list markers, headings, whitespace of every kind.
SHAPED = st.text(alphabet=st.sampled_from(list("ab .!?:。！？\n\t\r\x0b\u3000#-*•·12)、一二")), max_size=60)


def plain_ends(prefix: str) -> tuple[int, int]:
    """The ends of the first one and two sentences as the detector reads them, by the plain pattern."""
    ends = list(SENTENCE_END.finditer(prefix, 11, reading._HEAD_MAX))
    if ends and ends[0].start() < 12:
        ends.pop(0)
    bound = min(len(prefix), reading._HEAD_MAX)
    return (ends[0].end() if ends else bound, ends[1].end() if len(ends) > 1 else bound)


@given(SHAPED, st.integers(0, 20), st.integers(0, 70))
def test_a_sentence_end_is_found_where_the_plain_pattern_finds_it(sample: str, start: int, end: int) -> None:
    found = reading._SENTENCE_END.search(sample, start, end)
    expected = SENTENCE_END.search(sample, start, end)
    assert (found and found.span()) == (expected and expected.span())


@given(SHAPED)
def test_the_opening_ends_where_the_plain_pattern_ends_it(sample: str) -> None:
    assert reading._sentence_ends(sample) == plain_ends(sample)


@given(SHAPED)
def test_list_lines_are_counted_as_the_multiline_pattern_counts_them(sample: str) -> None:
    read = reading.Reading(sample, len(sample), [], "", 1.0)
    assert read.list_lines == len(LIST_LINE.findall(sample))


def test_a_heading_line_does_not_hide_the_item_after_it() -> None:
    read = reading.Reading("intro\n##\n- one\n- two", 20, [], "", 1.0)
    assert read.list_lines == len(LIST_LINE.findall(read.prefix)) == 3
