"""Every Chinese cue is found in Traditional characters too, converted with OpenCC's own data."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from pytest_refusal import Kind, detect
from pytest_refusal.detector.cues import CUE_CLASSES, matcher_for, zh
from pytest_refusal.detector.normalize import normalise

opencc = pytest.importorskip("opencc", reason="opencc-python-reimplemented converts the cues to Traditional")


@functools.cache
def converter(config: str) -> Any:
    """OpenCC converters load their dictionaries when built: build each once."""
    return opencc.OpenCC(config)


CUES = [
    pytest.param(cue_class, phrase, id=f"{cue_class}-{phrase}")
    for cue_class in CUE_CLASSES
    for phrase in zh.CUES.get(cue_class, ())
]


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
@pytest.mark.parametrize(("cue_class", "phrase"), CUES)
def test_a_cue_in_traditional_characters_folds_onto_the_same_cue(cue_class: str, phrase: str, config: str) -> None:
    traditional = converter(config).convert(phrase)
    matcher = matcher_for("zh")
    assert normalise(traditional) == normalise(phrase)
    assert matcher.classes[normalise(traditional)] == matcher.classes[normalise(phrase)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("我沒辦法回答這個問題。", Kind.REFUSE, id="tw-cannot-answer"),
        pytest.param("很抱歉，我無法協助處理這項請求。", Kind.REFUSE, id="tw-cannot-assist"),
        pytest.param("對不起，我不能提供這方面的資訊。", Kind.REFUSE, id="hk-cannot-provide"),
        pytest.param("台北是台灣最大的城市，也是政治、經濟與文化中心，擁有許多著名景點。", Kind.COMPLY, id="tw-answer"),
    ],
)
def test_traditional_replies_are_judged_like_simplified_ones(text: str, kind: Kind) -> None:
    assert detect(text).kind is kind
    assert detect(converter("t2s").convert(text)).kind is kind
