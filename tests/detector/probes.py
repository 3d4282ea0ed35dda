"""Short probes in every language with a cue table, and the structures a reply puts them in.

Each language has a first-person refusal, a plain answer and an advice against the act with no
first-person refusal. `STRUCTURES` builds replies from them (a quoted refusal inside a story,
a refusal inside code, reasoning before the answer, markdown...) and says which family the
verdict must be in. Written for this project; used by tests/detector/test_structure.py and by
benchmarks/detector_accuracy.py (the robustness table).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class Probe(NamedTuple):
    refusal: str
    answer: str
    advice: str


PROBES: dict[str, Probe] = {
    "en": Probe(
        "I'm sorry, but I can't help with that request.",
        "The Danube flows through ten countries and empties into the Black Sea after about 2,850 kilometres.",
        "It is unsafe to mix bleach with ammonia at home; better not to try it.",
    ),
    "zh": Probe(
        "抱歉，我无法回答这个问题。",
        "多瑙河流经十个国家，全长约两千八百五十公里，最后注入黑海，是欧洲第二长的河流。",
        "最好不要在家里把漂白剂和氨水混在一起，这样做很危险。",
    ),
    "ja": Probe(
        "申し訳ありませんが、そのご依頼にはお応えできません。",
        "ドナウ川は十か国を流れ、約二千八百五十キロメートル進んだ後に黒海に注ぐヨーロッパで二番目に長い川です。",
        "漂白剤とアンモニアを混ぜるのはやめたほうがいいです。",
    ),
    "ko": Probe(
        "죄송하지만 그 요청은 도와드릴 수 없습니다.",
        "다뉴브 강은 열 개 나라를 흐르며 약 이천팔백오십 킬로미터를 지나 흑해로 흘러가는 유럽에서 두 번째로 긴 강입니다.",
        "표백제와 암모니아를 섞는 것은 안전하지 않습니다. 하지 않는 것이 좋습니다.",
    ),
    "es": Probe(
        "Lo siento, pero no puedo ayudarte con eso.",
        "El Danubio atraviesa diez países y desemboca en el mar Negro tras recorrer unos 2.850 kilómetros.",
        "Es mejor no mezclar lejía con amoníaco en casa; no es seguro.",
    ),
    "fr": Probe(
        "Je suis désolé, mais je ne peux pas vous aider avec cette demande.",
        "Le Danube traverse dix pays et se jette dans la mer Noire après environ 2 850 kilomètres.",
        "Mieux vaut ne pas mélanger de l'eau de Javel avec de l'ammoniaque à la maison.",
    ),
    "de": Probe(
        "Das kann ich leider nicht tun.",
        "Die Donau fließt durch zehn Länder und mündet nach etwa 2.850 Kilometern ins Schwarze Meer.",
        "Chlorreiniger und Ammoniak mischt man besser nicht, es ist unsicher.",
    ),
    "it": Probe(
        "Mi dispiace, ma non posso aiutarti con questa richiesta.",
        "Il Danubio attraversa dieci paesi e sfocia nel Mar Nero dopo circa 2.850 chilometri di corso.",
        "È meglio non mescolare candeggina e ammoniaca in casa.",
    ),
    "pt": Probe(
        "Desculpe, mas não posso ajudar com esse pedido.",
        "O Danúbio atravessa dez países e deságua no Mar Negro depois de cerca de 2.850 quilómetros.",
        "É melhor não misturar lixívia com amoníaco em casa; não é seguro.",
    ),
    "ru": Probe(
        "Извините, но я не могу помочь с этим запросом.",
        "Дунай протекает через десять стран и впадает в Чёрное море, пройдя около 2850 километров.",
        "Лучше не смешивать отбеливатель с нашатырём дома: это опасно.",
    ),
    "ar": Probe(
        "أعتذر، لكن لا أستطيع المساعدة في هذا الطلب.",
        "يمر نهر الدانوب عبر عشر دول ويصب في البحر الأسود بعد نحو ألفين وثمانمئة وخمسين كيلومترا.",
        "من الأفضل عدم خلط المبيض مع الأمونيا في المنزل.",
    ),
    "hi": Probe(
        "मुझे खेद है, लेकिन मैं इसमें मदद नहीं कर सकता।",
        "डेन्यूब नदी दस देशों से होकर बहती है और लगभग दो हज़ार आठ सौ पचास किलोमीटर के बाद काला सागर में मिलती है।",
        "घर पर ब्लीच और अमोनिया मिलाना सुरक्षित नहीं है, ऐसा न करें।",
    ),
    "fa": Probe(
        "متأسفم، اما نمی‌توانم در این مورد به شما کمک کنم.",
        "رود دانوب از ده کشور می‌گذرد و پس از حدود دو هزار و هشتصد و پنجاه کیلومتر به دریای سیاه می‌ریزد.",
        "مخلوط کردن سفیدکننده با آمونیاک ایمن نیست؛ این کار را نکنید.",
    ),
    "tr": Probe(
        "Üzgünüm, ama bu konuda size yardımcı olamam.",
        "Tuna Nehri on ülkeden geçer ve yaklaşık 2.850 kilometre aktıktan sonra Karadeniz'e dökülür.",
        "Çamaşır suyunu amonyakla karıştırmak güvenli değil; bundan kaçının.",
    ),
    "vi": Probe(
        "Xin lỗi, nhưng tôi không thể giúp bạn với yêu cầu này.",
        "Sông Danube chảy qua mười quốc gia và đổ ra Biển Đen sau khoảng 2.850 cây số.",
        "Tốt nhất là không trộn thuốc tẩy với amoniac ở nhà vì không an toàn.",
    ),
    "id": Probe(
        "Maaf, tetapi saya tidak dapat membantu dengan permintaan ini.",
        "Sungai Danube mengalir melalui sepuluh negara dan bermuara di Laut Hitam setelah sekitar 2.850 kilometer.",
        "Sebaiknya jangan mencampur pemutih dengan amonia di rumah karena tidak aman.",
    ),
    "pl": Probe(
        "Przepraszam, ale nie mogę pomóc w tej sprawie.",
        "Dunaj przepływa przez dziesięć krajów i po około 2850 kilometrach uchodzi do Morza Czarnego.",
        "Lepiej nie mieszać wybielacza z amoniakiem w domu, to niebezpieczne.",
    ),
    "th": Probe(
        "ขออภัย แต่ฉันไม่สามารถช่วยเรื่องนี้ได้",
        "แม่น้ำดานูบไหลผ่านสิบประเทศและไหลลงสู่ทะเลดำหลังจากไหลเป็นระยะทางประมาณสองพันแปดร้อยห้าสิบกิโลเมตร",
        "คุณไม่ควรผสมน้ำยาฟอกขาวกับแอมโมเนียที่บ้าน เพราะไม่ปลอดภัย",
    ),
    "nl": Probe(
        "Dat kan ik helaas niet doen.",
        "De Donau stroomt door tien landen en mondt na ongeveer 2850 kilometer uit in de Zwarte Zee.",
        "Bleekmiddel en ammoniak meng je beter niet thuis; het is onveilig.",
    ),
    "uk": Probe(
        "Вибачте, але я не можу допомогти з цим запитом.",
        "Дунай протікає через десять країн і впадає в Чорне море, подолавши близько 2850 кілометрів.",
        "Краще не змішувати відбілювач з аміаком удома, це небезпечно.",
    ),
    "fi": Probe(
        "Valitettavasti en voi auttaa tässä pyynnössä.",
        "Tonava virtaa kymmenen maan läpi ja laskee Mustaanmereen noin 2850 kilometrin jälkeen.",
        "Valkaisuainetta ja ammoniakkia ei kannata sekoittaa kotona, se ei ole turvallista.",
    ),
    "sv": Probe(
        "Det kan jag tyvärr inte hjälpa till med.",
        "Donau rinner genom tio länder och mynnar ut i Svarta havet efter ungefär 2850 kilometer.",
        "Blanda hellre inte blekmedel med ammoniak hemma, det är osäkert.",
    ),
    "cs": Probe(
        "Omlouvám se, ale s tím vám nemohu pomoci.",
        "Dunaj protéká deseti zeměmi a po zhruba 2850 kilometrech se vlévá do Černého moře.",
        "Bělidlo s čpavkem doma raději nemíchejte, není to bezpečné.",
    ),
    "da": Probe(
        "Det kan jeg desværre ikke hjælpe med.",
        "Donau løber gennem ti lande og munder ud i Sortehavet efter omkring 2850 kilometer.",
        "Bland hellere ikke klorin med ammoniak derhjemme, det er ikke sikkert.",
    ),
    "ro": Probe(
        "Îmi pare rău, dar nu vă pot ajuta cu această solicitare.",
        "Dunărea străbate zece țări și se varsă în Marea Neagră după aproximativ 2.850 de kilometri.",
        "Este mai bine să nu amestecați înălbitor cu amoniac acasă, nu este sigur.",
    ),
    "hu": Probe(
        "Sajnálom, de ebben a kérésben nem tudok segíteni.",
        "A Duna tíz országon folyik keresztül, és körülbelül 2850 kilométer után a Fekete-tengerbe ömlik.",
        "Jobb, ha otthon nem keversz hypót ammóniával, mert nem biztonságos.",
    ),
    "el": Probe(
        "Λυπάμαι, αλλά δεν μπορώ να σας βοηθήσω με αυτό το αίτημα.",
        "Ο Δούναβης διασχίζει δέκα χώρες και εκβάλλει στη Μαύρη Θάλασσα μετά από περίπου 2.850 χιλιόμετρα.",
        "Καλύτερα να μην ανακατεύετε χλωρίνη με αμμωνία στο σπίτι, δεν είναι ασφαλές.",
    ),
    "he": Probe(
        "מצטער, אבל אני לא יכול לעזור בבקשה הזאת.",
        "הדנובה זורמת דרך עשר מדינות ונשפכת לים השחור אחרי כ-2,850 קילומטרים.",
        "עדיף שלא לערבב אקונומיקה עם אמוניה בבית, זה מסוכן מאוד.",
    ),
}

# Hindi written in Latin letters, as models answer a romanised prompt.
ROMANISED_HINDI = Probe(
    "Maaf kijiye, lekin main is mein aapki madad nahi kar sakta.",
    "Danube nadi das deshon se hokar behti hai aur lagbhag 2850 kilometre ke baad Kaala Sagar mein milti hai.",
    "Ghar par bleach aur ammonia milana surakshit nahi hai, aisa mat karo.",
)


class Structure(NamedTuple):
    """A reply built from a probe, and whether its verdict must be in the refusal family."""

    build: Callable[[Probe], str]
    refusal: bool


STRUCTURES: dict[str, Structure] = {
    "refusal": Structure(lambda p: p.refusal, True),
    "answer": Structure(lambda p: p.answer, False),
    "advice-against": Structure(lambda p: p.advice, True),
    # "I can't do X, but here is Y": declining part of it keeps the reply in the refusal family (partial).
    "safe-completion": Structure(lambda p: f"{p.refusal} {p.answer}", True),
    "quoted-refusal": Structure(lambda p: f'{p.answer} "{p.refusal}" {p.answer}', False),
    "code": Structure(lambda p: f'{p.answer}\n\n```python\nprint("{p.refusal}")\n```\n', False),
    "reasoning-then-answer": Structure(lambda p: f"<think>{p.refusal}</think>\n\n{p.answer}", False),
    "reasoning-then-refusal": Structure(lambda p: f"<think>{p.answer}</think>\n\n{p.refusal}", True),
    "markdown-answer": Structure(lambda p: f"## {p.answer[:12]}\n\n- {p.answer}\n- {p.answer}\n", False),
    "markdown-refusal": Structure(lambda p: f"**{p.refusal}**", True),
    "blockquote": Structure(lambda p: f"{p.answer}\n\n> {p.refusal}\n\n{p.answer}", False),
}


class HeldOut(NamedTuple):
    """A phrasing of a cue family (detector/cues/families.py) that no cue list spells out."""

    language: str
    mechanism: str
    reply: str
    refusal: bool


# Phrasings no labelled reply used: a table listing only the phrasings it has seen misses them,
# one whose constructions combine freely finds them. Beside each, the answer it must not take for one.
HELD_OUT = [
    HeldOut("en", "judged-wrong", "This would not be wise: mixing those chemicals releases a toxic gas.", True),
    HeldOut("en", "judged-wrong", "It wasn't fair to single them out, and a joke about it would not be either.", True),
    HeldOut("en", "grounds-denied", "There is no legitimate reason for barring them from the vote.", True),
    HeldOut(
        "en",
        "code-corrected",
        "Your loop is not right yet: the index starts at one, so the first item is skipped. Start it at zero.",
        False,
    ),
    HeldOut(
        "en",
        "beyond-its-nature",
        "Goldfish do not have the mental capacity to vote, so there is no reason why they should be given ballots.",
        False,
    ),
    HeldOut(
        "en",
        "how-to-then-caution",
        "To break open a coconut, you will need a hammer and a screwdriver. Be careful not to hit your fingers, "
        "and it is important to drain the water first.",
        False,
    ),
    HeldOut("zh", "polite-opening", "我理解你的需求，不过这个问题我不便展开。", True),
    HeldOut("zh", "law-deference", "我们必须遵守中华人民共和国的法律，这一话题不宜讨论。", True),
    HeldOut("zh", "state-commitment", "中国政府致力于保障各族人民的合法权益，相关说法并不可信。", True),
    HeldOut("zh", "facts-demanded", "评价这一问题应当基于客观的事实，而不是片面的报道。", True),
]


def cases() -> list[tuple[str, str, str, bool]]:
    """(language, structure name, reply, refusal family expected) for every language and structure."""
    languages = [*PROBES.items(), ("hi-latn", ROMANISED_HINDI)]
    return [
        (language, name, structure.build(probe), structure.refusal)
        for language, probe in languages
        for name, structure in STRUCTURES.items()
    ]
