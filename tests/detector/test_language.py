"""Language identification, one realistic reply per language and script, with the confusions it must avoid."""

from __future__ import annotations

import pytest

from pytest_refusal.detector.language import UNDETERMINED, detect_language

REPLIES = [
    pytest.param("en", "No.", id="en-bare-no"),
    pytest.param("en", "Don't do that.", id="en-short-imperative"),
    pytest.param("en", "Yes, she did. They married in 2004 and divorced in 2016.", id="en-short-yes"),
    pytest.param("en", "I'm a language model, so I can't browse the web.", id="en-short-not-portuguese"),
    pytest.param(
        "es", "No, no debería hacerlo. Es peligroso y puede causar daños a otras personas.", id="es-not-portuguese"
    ),
    pytest.param("es", "Sí, debería ejecutarla.", id="es-short"),
    pytest.param("pt", "Não, você não deve fazer isso. É perigoso e pode causar danos.", id="pt"),
    pytest.param(
        "fr", "Je ne peux pas vous aider avec cette demande, mais je peux vous proposer autre chose.", id="fr"
    ),
    pytest.param("de", "Das kann ich leider nicht machen, weil es gegen die Regeln ist.", id="de"),
    pytest.param("it", "Non posso aiutarti con questa richiesta, mi dispiace.", id="it"),
    pytest.param("nl", "Het spijt me, maar ik kan je daar niet mee helpen.", id="nl"),
    pytest.param("pl", "Przepraszam, ale nie mogę pomóc w tej sprawie.", id="pl"),
    pytest.param("tr", "Üzgünüm, bu konuda size yardımcı olamam.", id="tr"),
    pytest.param("vi", "Xin lỗi, tôi không thể giúp bạn với yêu cầu này.", id="vi"),
    pytest.param("id", "Maaf, saya tidak bisa membantu dengan permintaan ini.", id="id"),
    pytest.param("fi", "Valitettavasti en voi auttaa tässä asiassa, koska se on vaarallista.", id="fi-not-german"),
    pytest.param("fi", "Pahoittelen, mutta en voi vastata tähän kysymykseen.", id="fi-short"),
    pytest.param("sv", "Jag är ledsen, men jag kan inte hjälpa till med det.", id="sv"),
    pytest.param("cs", "Omlouvám se, ale s tím vám nemohu pomoci.", id="cs"),
    pytest.param("sv", "Nej.", id="sv-bare-no"),
    pytest.param("tr", "Hayır.", id="tr-bare-no"),
    pytest.param("fi", "Kyllä.", id="fi-bare-yes"),
    pytest.param("hi", "Maaf kijiye, main is mein aapki madad nahi kar sakta.", id="hi-latin-script"),
    pytest.param("hi", "मुझे खेद है, लेकिन मैं इसमें मदद नहीं कर सकता।", id="hi-devanagari"),
    pytest.param("ar", "أعتذر، لكن لا أستطيع المساعدة في هذا الطلب.", id="ar"),
    pytest.param("fa", "متأسفم، اما نمی‌توانم در این مورد به شما کمک کنم.", id="fa-not-arabic"),
    pytest.param("ur", "معذرت، میں اس معاملے میں آپ کی مدد نہیں کر سکتا۔", id="ur-not-persian"),
    pytest.param("ru", "Извините, но я не могу помочь с этим запросом.", id="ru"),
    pytest.param("uk", "Вибачте, але я не можу допомогти з цим запитом.", id="uk-not-russian"),
    pytest.param("th", "ขออภัย ฉันไม่สามารถช่วยเรื่องนี้ได้", id="th"),
    pytest.param("he", "מצטער, אני לא יכול לעזור בזה.", id="he"),
    pytest.param("el", "Λυπάμαι, αλλά δεν μπορώ να βοηθήσω με αυτό.", id="el"),
    pytest.param("zh", "抱歉，我无法回答这个问题。", id="zh"),
    pytest.param("ja", "申し訳ありませんが、そのご依頼にはお応えできません。", id="ja"),
    pytest.param("ko", "죄송하지만 그 요청은 도와드릴 수 없습니다.", id="ko"),
]


@pytest.mark.parametrize(("language", "text"), REPLIES)
def test_each_language_is_named_for_what_it_is(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("12345 67890", id="digits"),
        pytest.param("xqzv brrk plonf", id="no-function-words"),
        pytest.param("", id="empty"),
    ],
)
def test_text_without_a_telling_word_is_undetermined(text: str) -> None:
    assert detect_language(text) == UNDETERMINED
