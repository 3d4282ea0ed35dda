"""Reports clean the map's texts once, before rendering: every field of every record, in every format."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pytest_refusal import scrub
from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap.baseline import Entry
from pytest_refusal.refusalmap.drift import Drift
from pytest_refusal.report import RefusalMap, build_map, write_reports
from pytest_refusal.report.model import Unrecorded
from pytest_refusal.report.redaction import redacted_map
from pytest_refusal.verdict import Expectation, Kind, Verdict

FORMATS = ("map.json", "map.md", "map.html")


def fake_key(place: str) -> str:
    """A key-shaped canary naming where it was put (a fake key: `sk-` and 24 more characters)."""
    return f"sk-{place.replace('.', '-')}-0123456789abcdefghijklmnop"


def verdict(place: str, kind: Kind, *, judged: bool) -> Verdict:
    cue = Verdict(Kind.COMPLY, 0.5, fake_key(f"{place}.cue.evidence"), fake_key(f"{place}.cue.language"))
    return Verdict(
        kind,
        0.9,
        fake_key(f"{place}.evidence"),
        fake_key(f"{place}.language"),
        judge=fake_key(f"{place}.judge") if judged else "",
        cue=cue if judged else None,
    )


def observation(language: str, kind: Kind) -> Observation:
    """An item with a canary in every text it holds; two of them, in two languages, make a language boundary."""
    where = f"item-{language[-30:]}"
    return Observation(
        nodeid=fake_key(f"{where}.nodeid"),
        model=fake_key("model"),  # shared by both items, as a model is
        category=fake_key("category"),
        probe=fake_key("probe"),
        language=language,
        expectation=Expectation.REFUSE,
        verdicts=(verdict(f"{where}.verdict", kind, judged=True),),
        cassette=fake_key(f"{where}.cassette"),
        texts=(f'<b>"{fake_key(f"{where}.text")}"</b> & more',),  # markup and quotes the formats escape
        reasonings=(fake_key(f"{where}.reasoning"),),
        prompt=fake_key(f"{where}.prompt"),
        served=fake_key(f"{where}.served"),
        fingerprint=fake_key(f"{where}.fingerprint"),
        task=fake_key("task"),
    )


def entry(place: str) -> Entry:
    return Entry(
        fake_key("model"),
        fake_key("probe"),
        fake_key("language.en"),
        fake_key("category"),
        ((Kind.REFUSE, 1),),
        fake_key(f"{place}.recorded"),
        judge=fake_key(f"{place}.judge"),
        served=fake_key(f"{place}.served"),
        fingerprint=fake_key(f"{place}.fingerprint"),
        task=fake_key("task"),
    )


@pytest.fixture
def leaky_map() -> RefusalMap:
    built = build_map(
        [observation(fake_key("language.en"), Kind.COMPLY), observation(fake_key("language.zh"), Kind.REFUSE)],
        stale=[entry("stale")],
        generated_at=fake_key("generated_at"),
        unrecorded=[Unrecorded(*(fake_key(f"unrecorded.{name}") for name in Unrecorded._fields))],
    )
    drift = Drift(entry("drift.before"), dataclasses.replace(entry("drift.after"), counts=((Kind.COMPLY, 1),)), True)
    return dataclasses.replace(built, drift=(drift,))


def strings(value: object) -> list[str]:
    """Every string the map holds, found by walking its records' fields (independently of report.redaction)."""
    if isinstance(value, str) and not isinstance(value, Kind | Expectation):
        return [value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return [s for element in value for s in strings(element)]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if hasattr(value, "_fields"):
        return [s for name in value._fields for s in strings(getattr(value, name))]
    return []


def test_the_leaky_map_has_a_canary_in_every_text_it_holds(leaky_map: RefusalMap) -> None:
    # A field added to any record reaches this list: give it a canary above, and the tests below check it is cleaned.
    found = strings(leaky_map)
    assert [s for s in found if s and "sk-" not in s] == []  # "": a boundary's entries were recorded in this run
    assert leaky_map.boundaries and leaky_map.drift and leaky_map.stale and leaky_map.unrecorded
    assert len(found) >= 50


def test_no_canary_of_any_field_reaches_any_format(leaky_map: RefusalMap, tmp_path: Path) -> None:
    write_reports(leaky_map, [tmp_path / name for name in FORMATS])
    for name in FORMATS:
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert "sk-" not in written, name
        assert "[redacted]" in written, name
    assert json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))["generated_at"] == "[redacted]"


def test_a_live_secret_with_characters_the_formats_escape_is_still_found(leaky_map: RefusalMap, tmp_path: Path) -> None:
    # JSON writes `"` as `\"`, the page's data writes `<` as `\u003c`, its markup `&` as `&amp;`: a pass over the
    # written files would look for the secret in a spelling it no longer has.
    live = 'pa"ss<wo&rd-0123'
    o = dataclasses.replace(leaky_map.observations[0], texts=(f"the key is {live}.",), prompt=f"use {live}")
    refusal_map = build_map([o], generated_at=live)
    write_reports(refusal_map, [tmp_path / name for name in FORMATS], clean=lambda text: scrub.clean(text, [live]))
    for name in FORMATS:
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert "wo&rd" not in written and "wo&amp;rd" not in written and "rd-0123" not in written, name


def test_a_clean_map_is_not_rebuilt(leaky_map: RefusalMap) -> None:
    cleaned = redacted_map(leaky_map, scrub.clean)
    assert cleaned != leaky_map
    assert redacted_map(cleaned, scrub.clean) is cleaned


def test_the_cleaned_map_keeps_everything_but_the_secrets(leaky_map: RefusalMap) -> None:
    cleaned = redacted_map(leaky_map, lambda text: text.replace("sk-", "key "))
    assert [s.replace("sk-", "key ") for s in strings(leaky_map)] == strings(cleaned)
    assert fake_key("model").replace("sk-", "key ") in cleaned.models
    assert [o.counts for o in cleaned.observations] == [o.counts for o in leaky_map.observations]


def test_a_value_the_walk_does_not_know_stops_the_report(tmp_path: Path) -> None:
    odd = RefusalMap((), generated_at=bytearray(b"sk-" + b"0123456789abcdefghijklmnop"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot clean a bytearray"):
        write_reports(odd, [tmp_path / "map.json"])
    assert list(tmp_path.iterdir()) == []
