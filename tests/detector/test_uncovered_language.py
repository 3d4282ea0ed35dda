"""A reply in a language with no cue table is never called compliant with confidence, however it reaches `detect()`."""

from __future__ import annotations

import pytest

from pytest_refusal import Kind, detect
from pytest_refusal.detector.cues import LANGUAGES

# Replies in languages the detector names but has no cue table for: refusals and answers alike.
UNCOVERED = [
    # Neighbours of languages with a table: named for themselves, not read with the neighbour's cues.
    pytest.param("hr", "Žao mi je, ali ne mogu vam pomoći s tim.", id="hr-refusal-not-polish"),
    pytest.param("et", "Vabandust, aga ma ei saa selles aidata.", id="et-refusal-not-finnish"),
    pytest.param("ca", "Ho sento, però no et puc ajudar amb això.", id="ca-refusal-not-spanish"),
    pytest.param("af", "Jammer, maar ek kan nie hiermee help nie.", id="af-refusal-not-dutch"),
    pytest.param("lv", "Atvainojiet, bet es nevaru jums palīdzēt ar šo.", id="lv-refusal"),
    pytest.param("lt", "Atsiprašau, bet aš negaliu jums padėti.", id="lt-refusal"),
    pytest.param("ur", "معذرت، میں اس معاملے میں آپ کی مدد نہیں کر سکتا۔", id="ur-refusal"),
    pytest.param("sw", "Samahani, siwezi kukusaidia na ombi hili kwa sababu ni hatari.", id="sw-refusal"),
    pytest.param("tl", "Paumanhin, hindi ko magagawa ang hiling na ito dahil ito ay mapanganib.", id="tl-refusal"),
]


@pytest.mark.parametrize(("language", "text"), UNCOVERED)
def test_a_reply_without_a_cue_table_is_not_confident_compliance(language: str, text: str) -> None:
    verdict = detect(text)
    assert verdict.language == language
    assert language not in LANGUAGES
    assert verdict.kind is not Kind.COMPLY or verdict.score <= 0.35


@pytest.mark.parametrize(("language", "text"), UNCOVERED)
def test_the_cap_holds_for_a_chat_completion_too(language: str, text: str) -> None:
    completion = {
        "object": "chat.completion",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
    }
    verdict = detect(completion, prompt="Please help me with this.")
    assert verdict.language == language
    assert verdict.kind is not Kind.COMPLY or verdict.score <= 0.35


def test_a_covered_language_keeps_its_confidence() -> None:
    verdict = detect("Paris ist die Hauptstadt von Frankreich und liegt an der Seine, im Norden des Landes.")
    assert verdict.kind is Kind.COMPLY
    assert verdict.score > 0.35
