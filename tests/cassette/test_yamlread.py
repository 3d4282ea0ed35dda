"""The cassette reader without PyYAML: what composing gives, or None, never anything else; and None only when unsure.

The reference is direct replay's PyYAML path (libyaml composes, nodes read as strings). Cassettes
are dumped exactly as vcrpy dumps them, and also by PyYAML's pure-Python dumper (a machine without
libyaml), with unicode left unescaped and with a narrow width (more folding), as other writers or a
hand may leave them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesisprofile import at_most
from vcr.serializers import yamlserializer  # type: ignore[import-untyped,unused-ignore]

from pytest_refusal.cassette import direct, yamlread

Dump = Callable[[object], str]

DUMPS: dict[str, Dump] = {
    "vcrpy": yamlserializer.serialize,
    "pure-python": lambda data: yaml.dump(data, Dumper=yaml.Dumper),
    "unicode": lambda data: yaml.dump(data, Dumper=yaml.CDumper, allow_unicode=True),
    "unicode-pure-python": lambda data: yaml.dump(data, Dumper=yaml.Dumper, allow_unicode=True),
    "narrow": lambda data: yaml.dump(data, Dumper=yaml.CDumper, width=20),
    "narrow-pure-python": lambda data: yaml.dump(data, Dumper=yaml.Dumper, width=20),
}


def composed(text: str) -> Any:
    """What the PyYAML path builds from an untagged text (raises where libyaml does)."""
    return direct._as_data(yaml.compose(text, Loader=direct._composer()))


def same_or_none(text: str) -> Any:
    """The fast reading of `text`, checked: None, or exactly the composed data, never data where PyYAML fails."""
    fast = yamlread.read(text)
    try:
        expected = composed(text)
    except Exception:  # noqa: BLE001 - direct replay takes any failure (a key that is a mapping too) as "not here"
        assert fast is None, text
        return None
    if fast is not None:
        assert fast == expected, text
        assert repr(fast) == repr(expected), text  # the same types and key order all the way down
        # Composing ignores tags, loading does not (`!!binary` is bytes): what the reader reads has none.
        assert not any(isinstance(t, UNTYPED_BY_COMPOSING) for t in yaml.scan(text)), text
    return fast


UNTYPED_BY_COMPOSING = (yaml.TagToken, yaml.AnchorToken, yaml.AliasToken)


# --- what the dumper is given -------------------------------------------------------------------
TRICKY = (
    "",
    " ",
    "  ",
    "null",
    "Null",
    "~",
    "yes",
    "no",
    "on",
    "true",
    "123",
    "0x1F",
    "1e3",
    "-1",
    ".5",
    "2026-12-04",
    "'",
    "''",
    '"',
    "\\",
    "\\n",
    "- a",
    "-",
    "--",
    "---",
    "...",
    ": b",
    "a: b",
    "a:",
    ":",
    "::",
    "?",
    "? a",
    "?a",
    ":a",
    "#",
    "# c",
    "a #b",
    "a#b",
    " lead",
    "trail ",
    "\n",
    "a\nb",
    "a\n\nb",
    "a\n b",
    "a \nb",
    "\tb",
    "a\tb",
    "a\rb",
    "!!binary",
    "!x",
    "&a",
    "*a",
    "{}",
    "[]",
    "{a: b}",
    "[a]",
    "%YAML",
    "@",
    "`",
    "|",
    ">",
    ",",
    "<<",
    "=",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x7f",
    "\xa0",
    "é",
    "中文",
    "😀",
)
PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=40),
    st.text(PRINTABLE, max_size=40),
    # Long enough to fold, with the tricky pieces inside.
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text(PRINTABLE, max_size=12), st.text(max_size=6)), max_size=40).map(
        " ".join
    ),
)
SCALAR = st.one_of(TEXT, st.none(), st.integers(), st.booleans())


def nested(leaves: st.SearchStrategy[object], keys: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=12
    )


def cassette(texts: st.SearchStrategy[str], keys: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, object]]:
    """A cassette's shape (vcrpy's request and response dicts) with `texts` everywhere and random extras."""
    scalars = st.one_of(texts, st.none(), st.integers(), st.booleans())
    headers = st.dictionaries(keys, st.lists(texts, min_size=1, max_size=2), max_size=4)
    interaction = st.fixed_dictionaries(
        {
            "request": st.fixed_dictionaries(
                {"body": st.one_of(texts, st.none()), "headers": headers, "method": texts, "uri": texts}
            ),
            "response": st.fixed_dictionaries(
                {
                    "body": st.fixed_dictionaries({"string": texts}),
                    "headers": headers,
                    "status": st.fixed_dictionaries({"code": st.integers(100, 599), "message": texts}),
                }
            ),
        },
        optional={"extra": nested(scalars, keys)},
    )
    return st.fixed_dictionaries({"interactions": st.lists(interaction, max_size=3), "version": st.just(1)})


def simple_key(key: str) -> bool:
    """A key both dumpers write as a simple key (else "? key": explicit keys are left to PyYAML).

    libyaml counts a key's UTF-8 bytes (at most 128), the pure-Python dumper its characters.
    """
    return 0 < len(key.encode("utf-8", "surrogatepass")) < 100 and not any(c in key for c in "\n\r\x85\u2028\u2029")


# --- properties ---------------------------------------------------------------------------------
# Each example dumps a cassette (the pure-Python dumper too) and composes it: ~25 ms; 10,000 took 4 minutes each.
SOME = at_most(2_000)


@SOME
@given(cassette(TEXT, TEXT), st.sampled_from(sorted(DUMPS)))
def test_a_dumped_cassette_reads_as_composed_or_not_at_all(data: dict[str, object], dump: str) -> None:
    same_or_none(DUMPS[dump](data))


@SOME
@given(
    cassette(TEXT, TEXT.filter(simple_key)), st.sampled_from([name for name in sorted(DUMPS) if "unicode" not in name])
)
def test_a_cassette_of_simple_keys_is_always_read_fast(data: dict[str, object], dump: str) -> None:
    """Whatever the texts (full unicode, control characters, quotes, indicators, folding), only keys decide.

    (Dumped with unicode unescaped, NEL, LS and PS are written as line breaks: those texts go to PyYAML.)
    """
    text = DUMPS[dump](data)
    assert same_or_none(text) is not None, text


EDIT_CHARACTERS = st.sampled_from(list(" \n-:'\"\\#&*!?{}[],|>%@`~\t\rx0é") + ["  ", "\n  ", "''", "\\n", "- "])


@SOME
@given(cassette(TEXT, TEXT), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), EDIT_CHARACTERS), max_size=4))
def test_an_edited_cassette_reads_as_composed_or_not_at_all(
    data: dict[str, object], edits: list[tuple[float, int, str]]
) -> None:
    """Hand edits (characters inserted, deleted, lines shifted): never data that composing would not give."""
    text = yamlserializer.serialize(data)
    for where, deleted, inserted in edits:
        at = int(where * len(text))
        text = text[:at] + inserted + text[at + deleted :]
    same_or_none(text)


_EMPTY_REQUEST = {"body": None, "headers": {}, "method": "", "uri": ""}
_SPOKEN = {"body": {"string": ""}, "headers": {}, "status": {"code": 100, "message": " !"}}  # " !" is no tag


@SOME
@given(cassette(TEXT, TEXT))
@example({"interactions": [{"request": _EMPTY_REQUEST, "response": _SPOKEN}], "version": 1})
def test_direct_replay_reads_every_cassette_as_before(data: dict[str, object]) -> None:
    """`_interactions`, fast reader or not, gives what PyYAML gives: composed strings, or loaded values where tags are.

    Only a real tag token calls for loading: a "!" inside a quoted answer ("Bien sûr !") is text, and
    that cassette reads as strings like every other untagged one.
    """
    text = yamlserializer.serialize(data)
    try:
        tagged = any(isinstance(t, yaml.TagToken) for t in yaml.scan(text))
        before = yaml.load(text, Loader=yaml.CSafeLoader) if tagged else composed(text)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            direct._interactions(text.encode("utf-8"))
        return
    assume(isinstance(before, dict))
    assert direct._interactions(text.encode("utf-8")) == before["interactions"]


# --- each scalar style --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: b c  d\n", "b c  d", id="plain"),
        pytest.param("a: http://x/v1?q=1#f\n", "http://x/v1?q=1#f", id="plain-colons-hash"),
        pytest.param("a: one two\n  three\n\n  four\n\n\n  five\n", "one two three\nfour\n\nfive", id="plain-folded"),
        pytest.param("a: 200\n", "200", id="plain-number-a-string"),
        pytest.param("a: null\n", "null", id="null-a-string"),
        pytest.param("a: ~\n", "~", id="tilde-a-string"),
        pytest.param("a: -1\n", "-1", id="plain-dash"),
        pytest.param("a:\n", "", id="empty"),
        pytest.param("a: ''\n", "", id="single-empty"),
        pytest.param("a: 'it''s: #1'\n", "it's: #1", id="single-quote-escaped"),
        pytest.param("a: 'one\n  two\n\n  three '\n", "one two\nthree ", id="single-folded"),
        pytest.param("a: 'x\\n'\n", "x\\n", id="single-backslash-literal"),
        pytest.param('a: "q\\"b\\\\s\\tt\\nn\\/\\0\\a\\b\\v\\f\\r\\e"\n', 'q"b\\s\tt\nn/\0\a\b\v\f\r\x1b', id="double"),
        pytest.param(
            'a: "\\N\\_\\L\\P\\x41\\xe9\\u4E2D\\U0001F600"\n', "\x85\xa0\u2028\u2029Aé中😀", id="double-codes"
        ),
        pytest.param('a: "one\n  two\n\n  three"\n', "one two\nthree", id="double-folded"),
        pytest.param('a: "one\\\n  \\ two\\\n  three"\n', "one twothree", id="double-escaped-breaks"),
        pytest.param('a: "one \\\n  two"\n', "one two", id="double-space-before-escaped-break"),
        pytest.param('a: "one\\  \n  two"\n', "one  two", id="double-escaped-trailing-space"),
        pytest.param('a: "one\\\\\n  two"\n', "one\\ two", id="double-escaped-backslash-before-break"),
        pytest.param('a: "\\e\\\\u0041"\n', "\x1b\\u0041", id="double-escaped-backslash-then-u"),
        pytest.param("a: {}\n", {}, id="empty-mapping"),
        pytest.param("a: []\n", [], id="empty-sequence"),
    ],
)
def test_each_scalar_style_reads_as_composed(text: str, expected: object) -> None:
    assert same_or_none(text) == {"a": expected}


def test_block_collections_nest_as_pyyaml_writes_them() -> None:
    text = (
        "'quoted key': 1\n"
        '"double: key": 2\n'
        "a:\n"
        "- - x\n"
        "  - y\n"
        "- z: 1\n"
        "  w:\n"
        "  - 3\n"
        "  v:\n"
        "    deep: {}\n"
        "-\n"
        "- ''\n"
        "b:\n"
        "  c:\n"
        "  - d\n"
    )
    assert same_or_none(text) == {
        "quoted key": "1",
        "double: key": "2",
        "a": [["x", "y"], {"z": "1", "w": ["3"], "v": {"deep": {}}}, "", ""],
        "b": {"c": ["d"]},
    }


def test_a_recorded_cassette_reads_as_composed() -> None:
    data = {
        "interactions": [
            {
                "request": {
                    "body": '{"model":"m","messages":[{"role":"user","content":"Tell me about ' + "x " * 60 + '"}]}',
                    "headers": {"content-type": ["application/json"]},
                    "method": "POST",
                    "uri": "http://127.0.0.1:8000/v1/chat/completions",
                },
                "response": {
                    "body": {"string": '{"choices": [{"message": {"content": "我不能帮助你。 I can\'t."}}]}'},
                    "headers": {"content-type": ["application/json"]},
                    "status": {"code": 200, "message": "OK"},
                    "recorded_at": "2026-12-04T18:29:31Z",
                },
            }
        ],
        "version": 1,
    }
    text = yamlserializer.serialize(data)
    assert '"' in text and "'" in text and "\\u" in text  # both quoted styles, escapes
    (interaction,) = same_or_none(text)["interactions"]
    assert interaction["response"]["body"]["string"] == data["interactions"][0]["response"]["body"]["string"]  # type: ignore[index]
    assert interaction["response"]["status"]["code"] == "200"


# --- what is left to PyYAML ---------------------------------------------------------------------
BINARY = {"interactions": [{"response": {"body": {"string": b"\xff\x00gzip"}}}], "version": 1}
SHARED = ["application/json"]
ALIASED = {"interactions": [{"request": {"headers": SHARED}, "response": {"headers": SHARED}}], "version": 1}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(yamlserializer.serialize(BINARY), id="binary-body"),
        pytest.param(yamlserializer.serialize(ALIASED), id="alias"),
        pytest.param("a: !!str b\n", id="tag"),
        pytest.param("a: &x b\nc: *x\n", id="anchor"),
        pytest.param("a: {b: c}\n", id="flow-mapping"),
        pytest.param("a: [b]\n", id="flow-sequence"),
        pytest.param("a: |\n  b\n", id="literal"),
        pytest.param("a: >\n  b\n", id="folded"),
        pytest.param("a: b # c\n", id="comment"),
        pytest.param("# c\na: b\n", id="comment-line"),
        pytest.param("? a\n: b\n", id="explicit-key"),
        pytest.param("---\na: b\n", id="document-start"),
        pytest.param("a: b\n...\n", id="document-end"),
        pytest.param("%YAML 1.1\n---\na: b\n", id="directive"),
        pytest.param("a:\tb\n", id="tab"),
        pytest.param("a: b\r\nc: d\r\n", id="crlf"),
        pytest.param("\ufeffa: b\n", id="bom"),
        pytest.param("a: b", id="no-final-newline"),
        pytest.param("a: b\n c: d\n", id="odd-indentation"),
        pytest.param("a:\n  b: 1\n c: 2\n", id="dedent-between-levels"),
        pytest.param("a:  b\n", id="two-spaces"),
        pytest.param("a: b \n", id="trailing-space"),
        pytest.param("a: 'b\n'\n", id="quote-closed-at-column-0"),
        pytest.param('a: "\\q"\n', id="unknown-escape"),
        pytest.param('a: "\\ud800"\n', id="surrogate-escape"),
        pytest.param("a: 'b' c\n", id="after-quote"),
        pytest.param("- a\n", id="sequence-root"),
        pytest.param("  a: b\n", id="indented-root"),
        pytest.param("", id="empty"),
        pytest.param("a: b\n  c: d\n", id="mapping-in-plain"),
        pytest.param("a: b\nc\n", id="no-colon"),
        pytest.param("a: b\n- c\n", id="entry-after-mapping"),
        pytest.param("x" * 1100 + ": b\n", id="long-key"),
        pytest.param("- " * 2000 + "a\n", id="deep"),
    ],
)
def test_what_the_reader_is_unsure_of_is_left_to_pyyaml(text: str) -> None:
    assert yamlread.read(text) is None
    same_or_none(text)


def test_left_to_pyyaml_the_cassettes_read_as_before() -> None:
    (binary,) = direct._interactions(yamlserializer.serialize(BINARY).encode("utf-8")) or []
    assert binary["response"]["body"]["string"] == b"\xff\x00gzip"
    (aliased,) = direct._interactions(yamlserializer.serialize(ALIASED).encode("utf-8")) or []
    assert aliased == {"request": {"headers": SHARED}, "response": {"headers": SHARED}}
    tagged = yamlserializer.serialize({"interactions": [{"a": "wow !"}], "version": 1})
    assert direct._interactions(tagged.encode("utf-8")) == [{"a": "wow !"}]
    assert "!!binary" in yamlserializer.serialize(BINARY)
