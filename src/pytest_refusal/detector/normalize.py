"""Text normalisation so one cue table matches every spelling: width, apostrophes, case, traditional Chinese."""

from __future__ import annotations

import unicodedata

# Curly quotes and look-alike apostrophes that models emit interchangeably.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\uff07": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
        "\u3002": ".", "\uff61": ".", "\u3001": ",", "\u00a0": " ",
    }
)

# Traditional characters that occur in refusal, safety and deflection phrasing, mapped to their
# simplified forms, so the Chinese cue table is written once.
_TRADITIONAL = (
    "無為與說應該對這個們問題請關於話論討專業詢諮內來會歡協幫絡聯議題當還讓麼嗎於"
    "處適違規範標準謹慎狀況險隱據認識體驗權輕視線熱線機構醫師幫員導師護療傷殺際國"
    "歷史貨錢時間點實現確據報導滿讀聽開關係義務並將從經驗總結態難過絕望傷心緊張"
)
_SIMPLIFIED = (
    "无为与说应该对这个们问题请关于话论讨专业询咨内来会欢协帮络联议题当还让么吗于"
    "处适违规范标准谨慎状况险隐据认识体验权轻视线热线机构医师帮员导师护疗伤杀际国"
    "历史货钱时间点实现确据报导满读听开关系义务并将从经验总结态难过绝望伤心紧张"
)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def normalise(text: str) -> str:
    """Fold a response into the form the cue tables are written in (same length is not guaranteed)."""
    if text.isascii():  # the common case: nothing to fold but backticks and case
        return text.replace("`", "'").lower()
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_PUNCTUATION).translate(_TO_SIMPLIFIED).lower()
