"""The cue automaton finds exactly what the cue regex finds, where the fast pass holds and where it cannot."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesisprofile import at_most

from pytest_refusal.detector import automaton, normalize
from pytest_refusal.detector.automaton import WordSet
from pytest_refusal.detector.cues import Matcher, matcher_for
from pytest_refusal.detector.normalize import normalise

pytestmark = pytest.mark.skipif(not automaton.available(), reason="the automaton is turned off or not installed")

# Tables of every shape: English alone, a spaced script with verb-second patterns, unspaced
# scripts (the regex has no separated shape), Cyrillic, Greek and Hebrew (letters the matcher does not
# count as word characters), and an unknown code (the Chinese table).
LANGUAGES = ("en", "de", "nl", "sv", "da", "zh", "ja", "ko", "ru", "fr", "vi", "th", "el", "he", "und")


def both(language: str, text: str) -> tuple[list[object], list[object]]:
    matcher = matcher_for(language)
    assert matcher.automaton is not None
    return matcher.hits(text), reference(language).hits(text)


@functools.cache
def reference(language: str) -> Matcher:
    """The table's regex alone, built once per language: building it costs some 50 ms, an example 1 ms."""
    return matcher_for(language).reference()


def phrases(language: str) -> list[str]:
    return sorted(matcher_for(language).classes)


# Pieces from which texts are glued: the table's own phrases, cut and whole, letters that make a
# phrase start inside a word, separators, digits (hotline numbers must end at a boundary),
# negations after a pivot, quotes and citing words before an official line.
GLUE = st.sampled_from(
    [
        " ",
        "",
        "x",
        "é",
        "д",
        "1",
        "9",
        ", ",
        ". ",
        "\n",
        '"',
        "「",
        "n't",
        " not ",
        " nicht ",
        "'t",
        "不",
        "ich ",
        "kann ",
    ]
)


@st.composite
def glued(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(LANGUAGES))
    table = phrases(language)
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        phrase = draw(st.sampled_from(table))
        if draw(st.booleans()):
            cut = draw(st.integers(0, len(phrase)))
            phrase = phrase[cut:] if draw(st.booleans()) else phrase[:cut]
        pieces.append(draw(GLUE) + phrase + draw(GLUE))
    return language, normalise("".join(pieces))


@at_most(3000)  # about 3 ms an example: 10,000 took 33 s
@given(glued())
def test_the_automaton_finds_what_the_regex_finds(case: tuple[str, str]) -> None:
    language, text = case
    found, expected = both(language, text)
    assert found == expected


@given(st.sampled_from(LANGUAGES), st.text(alphabet="abcdeinorst '.,\nкнеäöü我不能无法抱歉申し訳죄송", max_size=200))
def test_the_automaton_agrees_on_arbitrary_text(language: str, text: str) -> None:
    found, expected = both(language, text)
    assert found == expected


# The places where the leftmost-longest pass alone would be wrong, each with the cue the regex finds.
SLOW_READINGS = [
    # "xi'm sorry, but" is no cue (inside a word), yet "sorry, but" may start within it.
    pytest.param("en", "well xi'm sorry, but i can't help with that.", id="inside-a-word-then-a-cue-within"),
    # "however, i can" is a pivot only when no negation follows; then "i can't" starts inside it.
    pytest.param("en", "however, i can't help with that, but here is a poem.", id="negated-pivot"),
    pytest.param("de", "aber ich kann das leider nicht tun, ich kann nicht.", id="verb-second-pattern"),
    pytest.param("de", "das kann ich leider nicht beantworten.", id="verb-second-inverted"),
    # A phrase ("ich kann keine") and a pattern ("ich kann keinen") start together: the phrase wins.
    pytest.param("de", "ich kann keinen rat geben.", id="phrase-and-pattern-at-one-place"),
    pytest.param("en", "call 19880 or 988 now.", id="a-number-inside-a-number"),
    pytest.param("zh", "好的gpt很抱歉,我不能帮你写这个.请拨打12356", id="unspaced-after-latin"),
]


@pytest.mark.parametrize(("language", "text"), SLOW_READINGS)
def test_the_automaton_agrees_where_its_fast_pass_cannot_be_trusted(language: str, text: str) -> None:
    found, expected = both(language, normalise(text))
    assert expected, "the case must hold a cue for the comparison to mean something"
    assert found == expected


@given(st.sampled_from(LANGUAGES), st.text(alphabet="abcdeinorst '.,\nкнеäöü我不能无法抱歉申し訳죄송", max_size=200))
def test_the_dfa_built_after_the_first_reads_finds_what_the_first_automaton_found(language: str, text: str) -> None:
    from pytest_refusal.detector.cues import _WORD_CHAR_SET

    table = automaton.Automaton(phrases(language), [False] * len(phrases(language)), _WORD_CHAR_SET, None, True)
    table._unread = 1  # the next read builds the DFA
    first = table.longest(text + " i can't help with that.")
    assert table._unread <= 0, "the DFA must have replaced the first automaton"
    assert table.longest(text + " i can't help with that.") == first


def test_a_language_without_patterns_never_compiles_its_regex() -> None:
    matcher = matcher_for("fr")
    assert matcher.hits(normalise("Je suis désolé, mais je ne peux pas vous aider avec cela."))
    assert "pattern" not in vars(matcher) and "separated" not in vars(matcher)


def test_the_regex_alone_gives_the_same_verdicts_when_the_automaton_is_turned_off() -> None:
    texts = [
        "I'm sorry, but I can't help with that.",
        "Das kann ich leider nicht beantworten.",
        "很抱歉，我无法回答这个问题。",
        "Here is a recipe for pancakes: mix flour, eggs and milk.",
    ]
    script = (
        "import json, sys\n"
        "from pytest_refusal import detect\n"
        "from pytest_refusal.detector.cues import matcher_for\n"
        "texts = json.loads(sys.argv[1])\n"
        "print(json.dumps([matcher_for('en').automaton is None] + [detect(t).to_dict() for t in texts]))\n"
    )
    runs = []
    for off in ("1", ""):
        env = {**os.environ, "PYTEST_REFUSAL_NO_AUTOMATON": off}
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps(texts)], env=env, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout))
    assert runs[0][0] is True and runs[1][0] is False
    assert runs[0][1:] == runs[1][1:]


# --- one-for-one character maps (the folding of normalise) ---------------------------------

FOLDED = sorted(normalize._table(True))
SOME_FOLDED = FOLDED[::37] + ["“", "”", "。", "、", "\u200c", "國", "說", "們", "沒"]


def reference_normalise(text: str) -> str:
    """normalise as one translate pass after NFKC (fullwidth narrowed first), the way it was written before."""
    if text.isascii():
        return text.replace("`", "'").lower()
    if not unicodedata.is_normalized("NFKC", text):
        narrowed = re.sub("[\uff01-\uff5e]", lambda m: chr(ord(m.group()) - 0xFEE0), text)
        text = narrowed if unicodedata.is_normalized("NFKC", narrowed) else unicodedata.normalize("NFKC", text)
    return text.translate(str.maketrans(normalize._table(True))).lower()


MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from(SOME_FOLDED), st.sampled_from("我的是不中文，。！？ａｂ１ abcÉé\u0301"), st.characters()
    ),
    max_size=300,
)


@given(MIXED)
def test_a_char_map_replaces_what_translate_replaces(text: str) -> None:
    assert normalize._folding(True).apply(text) == text.translate(str.maketrans(normalize._table(True)))


@given(MIXED)
def test_normalise_folds_as_one_translate_after_nfkc(text: str) -> None:
    assert normalise(text) == reference_normalise(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("我們說過，這個國家沒有問題。" * 20, id="traditional-dense"),
        pytest.param("我们说过，这个问题需要讨论。" * 20 + "國", id="simplified-sparse"),
        pytest.param("ｆｕｌｌｗｉｄｔｈ：ＡＢＣ，我们", id="fullwidth"),
        pytest.param("“quoted” text — nothing else", id="punctuation-only"),
    ],
)
def test_normalise_agrees_on_dense_and_sparse_folding(text: str) -> None:
    assert normalise(text) == reference_normalise(text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        pytest.param("en", "i'm sorry, but i can't help with that.\ud800", id="en"),
        pytest.param("de", "\udfffdas kann ich leider nicht beantworten.", id="de-patterns"),
        pytest.param("zh", "很抱歉，我无法回答这个问题。\ud83d", id="zh"),
    ],
)
def test_a_lone_surrogate_is_read_by_the_regex_with_the_same_cues(language: str, text: str) -> None:
    # JSON's "\ud800" escapes put lone surrogates into strings; they have no UTF-8 form for the automaton.
    found, expected = both(language, normalise(text))
    assert expected and found == expected


def test_detect_judges_text_with_a_lone_surrogate() -> None:
    from pytest_refusal import Kind, detect

    assert detect("I'm sorry, but I can't help with that.\ud800").kind is Kind.REFUSE
    assert detect("很抱歉，我無法回答這個問題。\ud800").kind is Kind.REFUSE


REQUEST_WORDS = ["critique", "criticise", "批评", "rebut", "сатира", "écris", "roast"]


@given(
    st.text(
        alphabet=st.one_of(st.sampled_from("".join(REQUEST_WORDS) + " x.é"), st.characters()),
        max_size=120,
    )
)
def test_a_word_set_answers_as_its_regex(text: str) -> None:
    words = WordSet(REQUEST_WORDS, frozenset("abcdefghijklmnopqrstuvwxyzéèсатир"))
    assert words.found_in(text) == words.reference(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("please critique this", True, id="at-a-word-start"),
        pytest.param("hypercritique", False, id="inside-a-word"),
        pytest.param("xcritique critique", True, id="a-later-match-counts"),
        pytest.param("请批评政府", True, id="unspaced-anywhere"),
        pytest.param("critique\ud800", True, id="lone-surrogate"),
        pytest.param("", False, id="empty"),
    ],
)
def test_a_word_set_finds_words_where_words_start(text: str, expected: bool) -> None:
    words = WordSet(REQUEST_WORDS, frozenset("abcdefghijklmnopqrstuvwxyz"))
    assert words.found_in(text) is expected
    assert words.reference(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("désolé — i can't help with that. 抱歉，我无法回答。", id="latin-1-and-cjk-before-and-between"),
        pytest.param("😀 i'm sorry, but i can't. 😀 as an ai", id="astral-characters"),
    ],
)
def test_matches_in_text_beyond_ascii_are_given_in_characters(text: str) -> None:
    for language in ("en", "zh"):
        table = matcher_for(language).automaton
        assert table is not None
        found = table.longest(text)
        assert found
        assert all(text[start:end] == table.phrases[index] for index, start, end in found)
