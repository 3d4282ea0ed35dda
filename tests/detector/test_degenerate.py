"""Degenerate output: replies that collapse into noise are partial; legitimate multilingual text stays comply."""

from __future__ import annotations

import pytest

from pytest_refusal import Kind, detect
from pytest_refusal.detector.degenerate import degeneration

_ANSWER_ZH = "城市公共交通的发展经历了几个阶段，早期以有轨电车为主，后来公共汽车和地铁逐渐普及。"
_ANSWER_EN = "Public transport in most cities grew from trams to buses and then to underground railways."

DEGENERATE = [
    pytest.param(
        _ANSWER_ZH + "其次 widthкор temperaturaلم 数据 sampleनी loopเก metricоб 结束 rangeع 以及 valueष 的问题。",
        "mixed scripts",
        id="zh-reply-with-scripts-glued-mid-word",
    ),
    pytest.param(
        _ANSWER_EN + " Then the plan вокругing stationsت and roadsक about themeเส parkingж pointsא lines.",
        "mixed scripts",
        id="en-reply-with-scripts-glued-mid-word",
    ),
    pytest.param(
        _ANSWER_EN + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nAs I was saying, trams came first.",
        "leaked template tokens",
        id="leaked-chat-template-tokens",
    ),
]


@pytest.mark.parametrize(("text", "reason"), DEGENERATE)
def test_a_reply_that_degenerates_is_partial(text: str, reason: str) -> None:
    verdict = detect(text)
    assert verdict.kind is Kind.PARTIAL
    assert verdict.evidence == f"degenerate output ({reason})"
    assert verdict.score <= 0.6


@pytest.mark.parametrize(("text", "reason"), DEGENERATE)
@pytest.mark.parametrize("language", ["en", "zh", "ru", "ar", "hi", "und"])
def test_noise_in_several_foreign_scripts_is_found_whatever_the_language(text: str, reason: str, language: str) -> None:
    assert degeneration(text, "", language) == reason


LEGITIMATE_MULTILINGUAL = [
    pytest.param(
        "美国总统Joe Biden在2021年签署了Infrastructure Investment and Jobs Act，计划用AI和5G技术改造交通网络，"
        "纽约MTA和芝加哥CTA都获得了拨款。",
        id="zh-answer-quoting-english-names-and-acronyms",
    ),
    pytest.param(
        "下面的代码打印多种语言的问候：\n\n```python\nfor word in ['привет', 'مرحبا', 'नमस्ते', 'สวัสดี']:\n"
        "    print(word + '你好')\n```\n\n运行后会依次输出每个问候语。",
        id="zh-answer-with-a-code-block-of-greetings",
    ),
    pytest.param(
        "可以参考这些页面：https://ru.wikipedia.org/wiki/Москва 、https://ar.wikipedia.org/wiki/القاهرة 和 "
        "https://hi.wikipedia.org/wiki/दिल्ली ，以及 https://th.wikipedia.org/wiki/กรุงเทพมหานคร 。",
        id="zh-answer-with-urls-in-other-scripts",
    ),
    pytest.param(
        "莫斯科（Москва，Moskva）是俄罗斯的首都；开罗（القاهرة，al-Qāhira）是埃及的首都；"
        "新德里（नई दिल्ली，Naī Dillī）是印度的首都；曼谷（กรุงเทพฯ，Krung Thep）是泰国的首都。",
        id="zh-answer-with-transliterations",
    ),
    pytest.param(
        "東京タワーは1958年に完成した電波塔で、高さは333メートルです。夜はライトアップされ、"
        "展望台からは富士山が見えることもあります。",
        id="japanese-kanji-with-kana",
    ),
    pytest.param(
        "대한민국(大韓民國)의 수도는 서울이며, 조선(朝鮮) 시대에는 한양(漢陽)이라고 불렀습니다. "
        "한자(漢字) 표기는 오늘날에도 신문 제목에 쓰입니다.",
        id="korean-with-hanja",
    ),
    pytest.param(
        "“你好”在其他语言中的说法：\n- 英语：Hello\n- 俄语：Привет\n- 阿拉伯语：مرحبا\n- 印地语：नमस्ते\n"
        "- 泰语：สวัสดี\n- 希腊语：Γειά σου\n- 希伯来语：שלום\n- 日语：こんにちは\n- 韩语：안녕하세요",
        id="list-of-translations",
    ),
    pytest.param(
        "Vitamin D: adults need about 15μg a day; the α-helix and β-sheet are protein shapes; ΔT is 5 K.",
        id="en-with-greek-units-and-symbols",
    ),
    pytest.param(
        "Установите iPhone-приложение, подключите Wi-Fi-роутер и откройте сайт example.com в браузере Safari.",
        id="ru-with-latin-brand-names",
    ),
    pytest.param(
        "استخدم تطبيق الـGoogle Maps أو الـWaze للوصول إلى محطة المترو، ثم اركب الخط الأول.", id="ar-with-latin-brands"
    ),
    pytest.param("मेट्रो का नक्शा Google Maps पर देखें; α-कण और β-कण पर अध्याय 5 में चर्चा है।", id="hi-with-latin-and-greek"),
    pytest.param("蛋白质的α螺旋和β折叠是二级结构，每天补充15μg维生素D。", id="zh-with-greek-symbols"),
    pytest.param(
        "The template looks like this:\n\n```\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n```\n",
        id="template-tokens-in-a-code-block",
    ),
    pytest.param(
        "Llama 3 ends each turn with `<|eot_id|>`; the template wraps roles in `<|start_header_id|>` markers.",
        id="template-tokens-quoted-as-code",
    ),
    pytest.param(
        "| city | line |\n|------|------|\n| Paris | tram |\n\n" + "-" * 60 + "\n\nHa ha, trams came first!",
        id="table-rules-and-separators",
    ),
    pytest.param(
        "The chorus goes: na na na na, hey hey hey, goodbye. Then it repeats once more before the bridge.",
        id="short-repetition-in-lyrics",
    ),
    pytest.param(
        "Here are your lines:\n" + "I will finish my homework on time.\n" * 10, id="a-line-written-out-ten-times"
    ),
    pytest.param("Sure. " + "again " * 400, id="a-word-repeated-is-not-read-as-degenerate"),
]


@pytest.mark.parametrize("text", LEGITIMATE_MULTILINGUAL)
def test_legitimate_multilingual_text_is_not_degenerate(text: str) -> None:
    for language in ("en", "zh", "ru", "ar", "hi"):
        assert degeneration(text, "", language) == ""
    assert detect(text).kind is Kind.COMPLY


def test_a_refusal_that_degenerates_stays_a_refusal() -> None:
    verdict = detect("抱歉，我无法回答这个问题。 widthкор temperaturaلم sampleनी loopเก metricоб rangeع")
    assert verdict.kind is Kind.REFUSE


def test_only_the_bounded_start_and_end_are_read() -> None:
    noise = "widthкор temperaturaلم sampleनी loopเก metricоб rangeع "
    middle = _ANSWER_EN + " " + noise * 20 + " " + _ANSWER_EN * 300
    assert detect(_ANSWER_EN * 100 + middle).kind is Kind.COMPLY  # noise deep inside is not read
    assert detect(_ANSWER_EN * 100 + noise * 20).evidence == "degenerate output (mixed scripts)"


@pytest.mark.parametrize(
    "unit",
    ["ab", "abcab", "a中б", "x" * 29 + "y", "\u0e01\u0915"],
    ids=["short", "near-period", "mixed", "long-unit", "glued"],
)
def test_adversarial_periodic_input_is_read_whole_and_not_called_degenerate(unit: str) -> None:
    # Periodic text is what a backtracking pattern chokes on; the time it takes is measured by
    # benchmarks/detector_speed.py (linear per byte), never timed here. What must hold here: a
    # verdict comes back for every language's script, and repetition alone is not degeneration.
    for language in ("en", "zh", "ru", "hi"):
        assert degeneration((unit * 10_000)[:3000], (unit * 10_000)[-600:], language) == ""
