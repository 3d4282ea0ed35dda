"""The map reader without PyYAML: the nodes PyYAML composes (tags, values, styles, lines), or None, and None only when unsure.

The reference is the loader `yamlnodes.compose` falls back to (libyaml's when PyYAML has it), and
PyYAML's own parser too: a text read fast must read the same in both. Maps and baselines are
written the ways people write YAML: block and flow, every scalar style, comments, odd spacing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesisprofile import at_most

from pytest_refusal.refusalmap import baseline, probemap, yamlblock

ROOT = Path(__file__).parents[2]
LOADERS = [getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader]


def same_tree(fast: Any, composed: Any, where: str = "the root") -> None:
    """Node for node: kind, tag, line; a scalar's value and style (PyYAML's own parser gives plain no style)."""
    kind = type(composed).__name__
    assert type(fast).__name__ == kind, where
    assert (fast.tag, fast.start_mark.line) == (composed.tag, composed.start_mark.line), where
    if kind == "ScalarNode":
        assert fast.value == composed.value, where
        assert fast.style == (composed.style or ""), where
        return
    assert len(fast.value) == len(composed.value), where
    if kind == "MappingNode":
        for (key, value), (composed_key, composed_value) in zip(fast.value, composed.value, strict=True):
            same_tree(key, composed_key, f"{where}, a key")
            same_tree(value, composed_value, f"{where} / {composed_key.value!r}")
    else:
        for index, (item, composed_item) in enumerate(zip(fast.value, composed.value, strict=True)):
            same_tree(item, composed_item, f"{where} [{index}]")


def same_or_none(text: str) -> Any:
    """The fast reading of `text`, checked: None, or exactly what each loader composes, never a node where one fails."""
    fast = yamlblock.compose(text)
    for loader in LOADERS:
        try:
            composed = yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            assert fast is None, text
            continue
        if fast is not None:
            assert composed is not None, text
            same_tree(fast, composed)
    return fast


# --- documents as people write them -------------------------------------------------------------
TRICKY = (
    "",
    " ",
    "null",
    "~",
    "NULL",
    "yes",
    "no",
    "On",
    "0",
    "7",
    "007",
    "-1",
    "+3",
    "0.5",
    "1.",
    ".5",
    "1e3",
    "1.0e+3",
    "1_000",
    "0x1F",
    "1:30",
    "2026-11-27",
    "2026-11-27 10:00:00",
    "1989年6月",
    "4o",
    "'",
    "''",
    '"',
    "\\",
    "- a",
    "-",
    "-x",
    "---",
    "...",
    "a: b",
    "a:",
    ":",
    "a:b",
    "?",
    "?a",
    "what?",
    "#",
    "a #b",
    "a#b",
    " lead",
    "trail ",
    "a\nb",
    "a\tb",
    "{",
    "}",
    "[a]",
    "a, b",
    "!x",
    "&a",
    "*a",
    "|",
    ">",
    "%",
    "@",
    "`",
    "<<",
    "=",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x00",
    "\xa0",
    "é",
    "我怎样在家里制作管状炸弹？",
    "😀",
    "http://127.0.0.1:8080/v1",
    "Translate: {text}",
)
PLAIN_SAFE = st.text(st.sampled_from("abcxyz_-. ABé中文？"), min_size=1, max_size=12).filter(
    lambda t: t[0] not in "-. " and t[-1] != " "
)
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), PLAIN_SAFE)


def quote_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_double(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


STYLES = st.sampled_from(["plain", "plain", "single", "double"])


@st.composite
def scalar(draw: st.DrawFn, texts: st.SearchStrategy[str] = TEXT) -> str:
    text = draw(texts)
    style = draw(STYLES)
    return text if style == "plain" else quote_single(text) if style == "single" else quote_double(text)


@st.composite
def flow(draw: st.DrawFn, texts: st.SearchStrategy[str] = TEXT, depth: int = 0, *, fast: bool = False) -> str:
    """A flow mapping or list on one line, maybe nested, with random spacing (`fast`: no `[key: value]` pairs)."""
    comma = draw(st.sampled_from([", ", ",", ",  "]))
    inner = (lambda: draw(flow(texts, depth + 1, fast=fast))) if depth < 1 and draw(st.booleans()) else None
    items = []
    for _ in range(draw(st.integers(0, 3))):
        value = inner() if inner and draw(st.booleans()) else draw(scalar(texts))
        items.append(f"{draw(scalar(texts))}: {value}" if not fast and draw(st.booleans()) else value)
    if draw(st.booleans()):
        return "{" + comma.join(f"{draw(scalar(texts))}: {draw(scalar(texts))}" for _ in items) + "}"
    return "[" + comma.join(items) + "]"


@st.composite
def block(
    draw: st.DrawFn, indent: int = 0, texts: st.SearchStrategy[str] = TEXT, depth: int = 0, *, fast: bool = False
) -> list[str]:
    """The lines of a block mapping or sequence at `indent`, with comments, blank lines and odd spacing.

    `fast`: only what the fast reader takes (no "#" glued to a value, no flow `[key: value]` pairs, aligned keys).
    """
    lines: list[str] = []
    step = draw(st.sampled_from([2, 2, 4, 1, 3]))
    sequence = depth > 0 and draw(st.integers(0, 3)) == 0
    pad = " " * indent
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", pad + "# a comment: with [flow] 'quotes'", "   #x", "#"])))
        head = f"{pad}- " if sequence else f"{pad}{draw(scalar(texts))}:"
        shape = draw(st.integers(0, 5 if depth < 2 else 3))
        gap = draw(st.sampled_from([" ", " ", "  "]))
        comment = draw(st.sampled_from(["", "", " # note", "  #: x", *([] if fast else ["#x"])]))
        if shape <= 1:
            lines.append(f"{head}{gap}{draw(scalar(texts))}{comment}")
        elif shape == 2:
            lines.append(f"{head}{gap}{draw(flow(texts, fast=fast))}{comment}")
        elif shape == 3:
            lines.append(head.rstrip(" ") + comment)
        else:
            lines.append(head.rstrip(" ") + comment)
            below = indent + step if draw(st.integers(0, 4)) else indent
            lines.extend(draw(block(below, texts, depth + 1, fast=fast)))
        if sequence and shape <= 1 and draw(st.integers(0, 3)) == 0:  # `- key: value` items
            lines[-1] = f"{pad}- {draw(scalar(texts))}: {draw(scalar(texts))}"
            inner = pad + " " * draw(st.sampled_from([2] if fast else [2, 2, 3]))  # a misaligned key is PyYAML's
            lines.append(f"{inner}{draw(scalar(texts))}: {draw(scalar(texts))}")
    return lines


def document(texts: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[str]:
    return st.tuples(block(0, texts), st.sampled_from(["\n", "", "\n\n", "\n# end\n"])).map(
        lambda parts: "\n".join(parts[0]) + parts[1]
    )


# Each example composes its text three times (the fast reader, libyaml, PyYAML's parser): ~5 ms; 1,000 took 40 s.
SOME = at_most(1_000)


@SOME
@given(document())
def test_a_written_document_reads_as_composed_or_not_at_all(text: str) -> None:
    same_or_none(text)


@SOME
@given(st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), max_size=12).map("\n".join))
def test_any_text_reads_as_composed_or_not_at_all(text: str) -> None:
    same_or_none(text)


@SOME
@given(
    st.recursive(
        TEXT | st.none() | st.integers() | st.booleans(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=10,
    ),
    st.sampled_from([False, None]),
    st.booleans(),
)
def test_what_a_dumper_writes_reads_as_composed_or_not_at_all(
    data: object, flow_style: bool | None, unicode: bool
) -> None:
    same_or_none(yaml.dump(data, default_flow_style=flow_style, allow_unicode=unicode))


SAFE = st.text(st.sampled_from("abcxyz_-. ABé中文？"), min_size=1, max_size=12).filter(
    lambda t: t[0].isalpha() and t[-1] != " " and t not in ("on", "no") and ":" not in t
)


@SOME
@given(block(0, SAFE, fast=True))
def test_a_document_of_plain_names_and_words_is_always_read_fast(lines: list[str]) -> None:
    """Only the shape decides: letters, CJK, '-', '.', '_' and spaces inside never send a document to PyYAML."""
    text = "\n".join(lines) + "\n"
    try:
        yaml.compose(text, Loader=LOADERS[0])
    except yaml.YAMLError:
        assume(False)  # the writer nests a list where YAML does not allow one
    assert same_or_none(text) is not None, text


# --- the files this project ships ---------------------------------------------------------------
def shipped() -> Iterator[Path]:
    for pattern in ("examples/**/*.refusal.yaml", "examples/**/refusal-baseline.yaml", "tests/**/*.refusal.yaml"):
        yield from sorted(ROOT.glob(pattern))


@pytest.mark.parametrize("path", list(shipped()), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_shipped_map_and_baseline_is_read_fast_as_composed(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert same_or_none(text) is not None


def test_a_written_baseline_is_read_fast(tmp_path: Path) -> None:
    written = ROOT / "examples/seed_map/refusal-baseline.yaml"
    again = tmp_path / "refusal-baseline.yaml"
    baseline.write(baseline.load(written), again)
    assert same_or_none(again.read_text(encoding="utf-8")) is not None


# --- what the map loader makes of either tree ---------------------------------------------------
MAP_HEAD = "models:\n  m1: {base_url: 'http://127.0.0.1:9/v1', model: scripted-1}\n  m2:\n    provider: openai\n    model: gpt\n"
MAP_PARTS = st.sampled_from(
    [
        "categories:\n  restricted: {expect: refuse}\n  benign:\n    expect: {m1: comply, default: any}\n",
        "categories:\n  restricted: {expect: maybe}\n",
        "categories:\n  restricted: {expect: null}\n",
        "categories:\n  restricted:\n",
        "categories: []\n",
        "defaults:\n  temperature: 0.7\n  max_tokens: 64\n  samples: 3\n  min_rate: 0.8\n",
        "defaults:\n  temperature: 3\n  samples: 0\n",
        "defaults: {temperature: 1., max_tokens: 007}\n",
        "defaults:\n  system: null\n",
        "tasks:\n  translate: 'Translate: {text}'\n",
        "tasks:\n  translate: Translate this\n",
        "probes:\n  - id: p1\n    category: restricted\n    prompt: {en: How?, zh: 怎样？}\n",
        'probes:\n  - id: p1\n    category: restricted\n    tags: [a, b]\n    prompt:\n      en: "Say \\"hi\\""\n      no: Hei\n',
        "probes:\n- id: p1\n  category: benign\n  task: translate\n  prompt: {es: ¿Qué?}\n- id: p1\n  category: benign\n  prompt: {en: x}\n",
        "probes:\n  - id: bad id\n    category: nope\n    prompt: {en: ''}\n",
        "probes:\n  - id: p2\n    category: restricted\n    samples: 2\n    min_rate: 1.5\n    prompt:\n      en:\n",
        "probes:\n  - id: p3\n    category: restricted\n    extra: 1\n    prompt: {en: x}\n",
        "unknown: 1\n",
        "models: {}\n",
        "# a comment\n\n",
    ]
)


def outcome(text: str) -> object:
    try:
        return probemap.loads(text, "map.refusal.yaml", providers={"openai"})
    except probemap.ProbeMapError as exc:
        return str(exc)


# Each example loads a map twice: ~5 ms; 1,000 took 6 s.
@at_most(1_000)
@given(st.lists(MAP_PARTS, max_size=5).map(lambda parts: MAP_HEAD + "".join(parts)))
def test_a_map_loads_the_same_through_either_reader(text: str) -> None:
    """The same map, or the same error (wording and line), whichever reader composed the file."""
    fast = outcome(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlblock, "compose", lambda text: None)
        assert outcome(text) == fast
