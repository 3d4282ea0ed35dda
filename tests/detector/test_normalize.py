"""Folding: each spelling a model may emit lands on the form the cue tables are written in."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pytest_refusal.detector import normalize
from pytest_refusal.detector.normalize import normalise
from pytest_refusal.detector.traditional import TRADITIONAL


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


def test_text_below_the_first_traditional_character_needs_no_chinese_table() -> None:
    assert min(TRADITIONAL) == normalize._FIRST_TRADITIONAL
    assert not set(normalize._PUNCTUATION) & set(TRADITIONAL)  # the two parts never replace each other's keys


def test_the_chinese_table_is_built_on_the_first_cjk_text_not_at_import() -> None:
    script = (
        "from pytest_refusal.detector import detect, normalize; sizes = [normalize._table.cache_info().currsize]; "
        "normalize.normalise('I can’t help with that.'); sizes.append(normalize._table.cache_info().currsize); "
        "normalize.normalise('我不能'); sizes.append(normalize._table.cache_info().currsize); print(sizes)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[0, 1, 2]"
