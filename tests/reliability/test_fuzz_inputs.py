"""Fuzzing what the plugin reads: cassette naming and matching, secret scrubbing, wire bodies, probe maps, sizes.

The detector's own fuzz tests live in tests/detector/test_fuzz.py; these cover the code around it,
and time on 1 MB inputs. Example counts come from the profile in tests/conftest.py (10,000 in CI);
each property here caps it with `at_most`, and says beside it what one example costs at the ci profile.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from hypothesisprofile import at_most

from pytest_refusal import detect, scrub, secretaudit, wire
from pytest_refusal.cassette.exchange import canonical_json
from pytest_refusal.cassette.paths import cassette_path
from pytest_refusal.cassette.vcrconfig import canonical_body
from pytest_refusal.refusalmap.probemap import ProbeMapError, loads
from pytest_refusal.verdict import NotAVerdict

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)
BODIES = st.one_of(
    st.none(),
    st.binary(max_size=200),
    st.text(max_size=200),
    JSON_VALUES.map(json.dumps),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
)


def request(body: object) -> Any:
    return SimpleNamespace(body=body)


# ~16 ms an example (1,000 took 16 s): 500.
@at_most(500)
@given(BODIES, BODIES)
def test_the_body_matcher_only_ever_says_match_or_assertion_error_and_is_symmetric(a: object, b: object) -> None:
    verdicts = []
    for first, second in ((a, b), (b, a)):
        try:
            canonical_body(request(first), request(second))
            verdicts.append(True)
        except AssertionError:
            verdicts.append(False)
    assert verdicts[0] == verdicts[1]
    canonical_body(request(a), request(a))  # reflexive


# ~54 ms an example (1,000 took 54 s): 300.
@at_most(300)
@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=6), st.randoms())
def test_json_bodies_match_whatever_the_key_order_and_spacing(body: dict[str, Any], random: Any) -> None:
    items = list(body.items())
    random.shuffle(items)
    canonical_body(request(json.dumps(body)), request(json.dumps(dict(items), indent=2).encode()))
    assert canonical_json(canonical_json(json.dumps(body))) == canonical_json(json.dumps(body))


NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=200)


# 1,000 took 20 s when an assume() threw 64% of the draws away; a unique pair wastes none: 1,000.
@at_most(1_000)
@given(st.lists(NAMES, min_size=2, max_size=2, unique=True))  # two distinct names, without discarding draws
def test_distinct_test_names_never_share_a_cassette_file(names: list[str]) -> None:
    first, second = names
    assert cassette_path(Path("c"), "t.py", first) != cassette_path(Path("c"), "t.py", second)


# ~9 ms an example (1,000 took 9 s): 1,000.
@at_most(1_000)
@given(st.text(max_size=60), NAMES)
def test_a_cassette_path_stays_inside_the_cassette_folder_and_is_a_legal_file_name(module: str, name: str) -> None:
    path = cassette_path(Path("c"), module, name)
    assert path.parts[0] == "c" and ".." not in path.parts
    assert len(path.name.encode()) < 255 and "/" not in path.name and "\x00" not in str(path)


SECRET = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=8, max_size=40)
PARAM = st.sampled_from(["key", "api_key", "api-key", "access_token", "token", "sig", "password", "x_secret"])


# ~9 ms an example (1,000 took 9 s): 1,000.
@at_most(1_000)
@given(SECRET, PARAM, st.text(st.characters(codec="ascii", categories=["L", "N"]), max_size=20))
def test_a_scrubbed_url_holds_no_credential_parameter(secret: str, param: str, path: str) -> None:
    url = f"https://user:{secret}@api.example/{path}?alt=json&{param}={secret}&{param.upper()}={secret}"
    scrubbed = scrub.scrub_url(url)
    parts = urlsplit(scrubbed)
    assert secret not in parts.query and secret not in parts.netloc and "alt=json" in parts.query
    assert scrub.scrub_url(scrubbed) == scrubbed


# ~8 ms an example (1,000 took 8 s): 1,000.
@at_most(1_000)
@given(SECRET, st.text(max_size=100), st.text(max_size=100))
def test_redaction_leaves_no_secret_the_request_carried(secret: str, before: str, after: str) -> None:
    headers = {"Authorization": f"Bearer {secret}", "cookie": f"a=b; sid={secret}", "x-api-key": secret}
    secrets = scrub.request_secrets(headers, f"http://h/v1?key={secret}")
    assert secret in secrets
    assert secret not in scrub.redact(before + secret + after + secret.join(["", ""]), secrets)


# ~34 ms an example when a filter on BODIES threw half the draws away (1,000 took 34 s): 500.
@at_most(500)
@given(
    st.integers(100, 599),
    st.dictionaries(st.sampled_from(["content-type", "x"]), st.text(max_size=30)),
    st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v).encode()),
)  # BODIES' bytes, unfiltered
def test_any_recorded_response_becomes_detector_input_without_raising(
    status: int, headers: dict[str, str], body: bytes
) -> None:
    judgeable = wire.judgeable(status, headers, body)
    with contextlib.suppress(NotAVerdict, TypeError):
        detect(judgeable)


# ~4 ms an example (1,000 took 4 s): 1,000.
@at_most(1_000)
@given(st.binary(max_size=500))
def test_any_bytes_parse_as_server_sent_events_without_raising(body: bytes) -> None:
    assert all(isinstance(event, dict) for event in wire.parse_sse(body))


# --- probe maps ---------------------------------------------------------------------------------

NAME = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,6}", fullmatch=True)
LANGUAGE = st.sampled_from(["en", "zh", "EN", "en-zh", "pt-BR", "no", "x", "zh_Hant"])


@st.composite
def probe_maps(draw: st.DrawFn) -> dict[str, Any]:
    models = draw(st.dictionaries(NAME, st.just({"provider": "openai", "model": "m"}), min_size=1, max_size=3))
    categories = draw(
        st.dictionaries(
            NAME,
            st.sampled_from(["refuse", "comply", "any", "maybe"]).map(lambda e: {"expect": e}),
            min_size=1,
            max_size=3,
        )
    )
    probes = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": NAME,
                    "category": st.sampled_from(sorted(categories)),
                    "prompt": st.dictionaries(LANGUAGE, st.text(min_size=0, max_size=5), min_size=1, max_size=3),
                }
            ),
            min_size=1,
            max_size=5,
        )
    )
    return {"models": models, "categories": categories, "probes": probes}


# ~65 ms an example, a YAML dump and a full load of a generated map (1,000 took 65 s): 300.
@at_most(300)
@given(probe_maps())
def test_a_valid_map_never_gives_two_items_one_node_id_or_one_cassette(doc: dict[str, Any]) -> None:
    try:
        probe_map = loads(yaml.safe_dump(doc, allow_unicode=True), "fuzz.refusal.yaml", providers={"openai"})
    except ProbeMapError as exc:
        assert str(exc).startswith("fuzz.refusal.yaml")  # noqa: PT017 - either outcome is valid; an error must name the file
        return
    items = list(probe_map.items())
    assert len({i.nodeid_part for i in items}) == len(items)
    assert len({i.cassette.casefold() for i in items}) == len(items)


# ~3 ms an example (1,000 took 3 s): 1,000.
@at_most(1_000)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_probe_map_raise_nothing_but_a_probe_map_error(data: bytes) -> None:
    with contextlib.suppress(ProbeMapError):
        loads(data, "fuzz.refusal.yaml")


def test_a_yaml_bomb_in_a_probe_map_is_refused_quickly() -> None:
    """Billion laughs: aliases that expand exponentially must not hang collection."""
    bomb = (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(8)
        )
        + "models: *i\ncategories: *i\nprobes: *i\n"
    )
    with pytest.raises(ProbeMapError):  # a hang would stop the suite; speed has its benchmark
        loads(bomb, "bomb.refusal.yaml")


# --- sizes --------------------------------------------------------------------------------------

MB = 1_000_000


def mixed_text(size: int) -> str:
    words = ["I'm sorry,", "but", "I can't", "help", "抱歉，", "我无法", "Извините", "988", "\u200b", "申し訳", "the"]
    text = " ".join(words[i % len(words)] + str(i % 7) for i in range(size // 6))
    return text[:size]


def sse(size: int) -> bytes:
    pieces = [wire.chunk(content=word + " ") for word in mixed_text(size).split(" ")]
    return b"".join(wire.sse_body(pieces))


INPUTS = [
    pytest.param(lambda n: detect(mixed_text(n)), id="detect-text"),
    pytest.param(lambda n: detect(wire.chat_completion(mixed_text(n))), id="detect-completion-dict"),
    pytest.param(
        lambda n: detect(wire.judgeable(200, {"content-type": "text/event-stream"}, sse(n // 8))), id="judge-a-stream"
    ),
    pytest.param(lambda n: canonical_json(json.dumps({"messages": [{"content": mixed_text(n)}]})), id="match-a-body"),
    pytest.param(
        lambda n: secretaudit.audit_interaction(
            0, {"uri": "http://h", "body": mixed_text(n)}, {"body": {"string": mixed_text(n)}}, ["sk-" + "x" * 40]
        ),
        id="audit-an-interaction",
    ),
]


@pytest.mark.parametrize("work", INPUTS)
def test_one_megabyte_of_adversarial_input_is_handled(work: Callable[[int], object]) -> None:
    # Time and its linearity are measured by benchmarks/detector_speed.py, never asserted here.
    work(MB)
