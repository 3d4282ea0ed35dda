"""Folding: each spelling a model may emit lands on the form the cue tables are written in."""

from __future__ import annotations

import pytest

from pytest_refusal.detector.normalize import normalise


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        pytest.param("نمي‌توانم", "نمی توانم", id="fa-arabic-yeh-and-non-joiner"),
        pytest.param("نمی توانم", "نمی توانم", id="fa-space"),
        pytest.param("كمك", "کمک", id="fa-arabic-kaf"),
        pytest.param("۱۴۸۰", "1480", id="fa-persian-digits"),
        pytest.param("١٢٣", "123", id="ar-arabic-indic-digits"),
        pytest.param("İşte", "işte", id="tr-dotted-capital"),
        pytest.param("我沒辦法回答這個問題", "我没办法回答这个问题", id="zh-traditional"),
        pytest.param("I can’t", "i can't", id="curly-apostrophe"),
    ],
)
def test_each_spelling_folds_onto_the_table_form(typed: str, folded: str) -> None:
    assert normalise(typed) == folded


def test_simplified_and_traditional_meet_on_the_same_characters() -> None:
    assert normalise("这么做") == normalise("這麼做")
    assert normalise("如需了解") == normalise("如需瞭解")
