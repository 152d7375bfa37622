"""Actor resolution on our own Arabic sentences: clitics, modifiers, provisional groups, spans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import marsad.actors
from marsad.actors import ActorComponent
from marsad.model import Document, Extraction, Mention, Place
from marsad.pipeline import Pipeline
from marsad.text import tokenize


@pytest.fixture(scope="module")
def component() -> ActorComponent:
    return marsad.actors.load()


def resolve(component: ActorComponent, text: str, **doc: object) -> list[tuple[str, str]]:
    extraction = component(Extraction(Document(text=text, **doc)))  # type: ignore[arg-type]
    for actor in extraction.actors:
        assert text[actor.start : actor.end] == actor.text  # spans index the original text
    return [(a.text, a.id) for a in extraction.actors]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # clitics: و / ل / ب / لل before the name stay outside the span
        (
            "وصلت تعزيزات لميليشيا الحرس الثوري إلى الميادين.",
            [("ميليشيا الحرس الثوري", "irgc")],
        ),
        ("وقصفت قسد مواقع للنظام.", [("قسد", "sdf")]),
        (
            "اشتبكت قوات النظام مع خلايا تنظيم داعش في البادية.",
            [("قوات النظام", "syria_military_assad"), ("خلايا تنظيم داعش", "isis_syria")],
        ),
        ("أرسلت وحدات حماية الشعب تعزيزات.", [("وحدات حماية الشعب", "ypg")]),
        ("ونقلت المساعدات لجهاد البناء.", [("جهاد البناء", "jihad_al_binaa")]),
        # longest match wins over the shorter alias inside it
        (
            "انسحبت ميليشيا الحرس الثوري الإيراني من المطار.",
            [("ميليشيا الحرس الثوري الإيراني", "irgc")],
        ),
        ("انتشرت كتائب حزب الله في القائم.", [("كتائب حزب الله", "kataib_hezbollah")]),
        ("وصل قادة من حزب الله النجباء.", [("حزب الله النجباء", "nujaba")]),
        # nationality / type modifiers
        ("قصف الطيران الروسي بلدة في ريف إدلب.", [("الطيران الروسي", "russia_military")]),
        ("نشرت القوات التركية نقاطا جديدة.", [("القوات التركية", "turkey_military")]),
        ("شنت الطائرات الحربية الأمريكية غارات.", [("الطائرات الحربية الأمريكية", "us_military")]),
        ("سيرت دورية روسية جولة في القامشلي.", [("دورية روسية", "russia_military")]),
        (
            "هاجمت الميليشيات الموالية لإيران القاعدة.",
            [("الميليشيات الموالية لإيران", "iran_backed_militias")],
        ),
        ("دخلت مليشيات إيرانية إلى البلدة.", [("مليشيات إيرانية", "iran_backed_militias")]),
        ("قاتل المقاتلين الروس في تدمر.", [("المقاتلين الروس", "russia_military")]),
        ("وصل مقاتلون أفغان إلى المدينة.", [("مقاتلون أفغان", "fatemiyoun")]),
        ("تقدمت القوات الكردية نحو الرقة.", [("القوات الكردية", "sdf")]),
        # the alias plus a trailing nationality adjective of the actor itself
        ("داهمت ميليشيا فاطميون الأفغانية منزلا.", [("ميليشيا فاطميون الأفغانية", "fatemiyoun")]),
        ("نقل مقاتلو حزب الله اللبناني أسلحة.", [("حزب الله اللبناني", "hezbollah")]),
        # media outlets as sources
        ("وذكرت منصة SY24 أن الرتل وصل.", [("منصة SY24", "sy24")]),
        ("بحسب ما نشره موقع ديرالزور 24.", [("موقع ديرالزور 24", "deir_ez_zor_24")]),
        (
            "وقال المرصد السوري لحقوق الإنسان إن القصف مستمر.",
            [("المرصد السوري لحقوق الإنسان", "sohr")],
        ),
        # generic actors
        (
            "اختطف مسلحون مجهولون شابا في درعا.",
            [("مسلحون مجهولون", "unidentified_armed_group_syria")],
        ),
        ("منعت الدورية المدنيين من العبور.", [("المدنيين", "civilians_syria")]),
    ],
)
def test_resolves_kb_actors(
    component: ActorComponent, sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert resolve(component, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected_text"),
    [
        ("داهمت ميليشيا أسود البادية منازل في القرية.", "ميليشيا أسود البادية"),
        ("أعلن لواء الشهيد سليم المحمد انضمامه إلى المعارك.", "لواء الشهيد سليم المحمد"),
        ("انتشر عناصر من الفوج 82 في محيط المطار.", "الفوج 82"),
        ("وانتشرت مجموعة تابعة لكتائب أبو علي في القرية.", "كتائب أبو علي"),
        ("تبنت كتيبة الحمزة الصغيرة الهجوم.", "كتيبة الحمزة"),
        ("وقالت حركة شباب العشيرة إنها سيطرت على الحاجز.", "حركة شباب العشيرة"),
        ("أعلن تجمع فرسان الجزيرة مسؤوليته.", "تجمع فرسان الجزيرة"),
    ],
)
def test_unknown_groups_become_provisional(
    component: ActorComponent, sentence: str, expected_text: str
) -> None:
    extraction = component(Extraction(Document(text=sentence)))
    provisional = [a for a in extraction.actors if a.provisional]
    assert [a.text for a in provisional] == [expected_text]
    actor = provisional[0]
    assert actor.id.startswith("provisional:")
    assert sentence[actor.start : actor.end] == expected_text


@pytest.mark.parametrize(
    "sentence",
    [
        "قال اللواء سهيل الحسن إن العملية مستمرة.",  # اللواء + name is a rank
        "شهد الفوج حركة نزوح كبيرة.",  # فوج without a number, حركة نزوح is not a group
        "حشد النظام قواته في ريف حماة.",  # حشد the verb, not the PMF
        "أقيمت قاعدة عسكرية جديدة.",  # قاعدة is a base, not al-Qaeda
        "سيطر التنظيم على الرقة بعد معارك عنيفة.",  # التنظيم refers back; الرقة is a city
        "وصل وفد إلى الرقة الخميس.",  # فرقة and الرقة share a key: no فرقة pattern
        "تولت البلدية تنظيم حفل الافتتاح.",  # تنظيم the masdar "organising"
        "توقفت الحركة الجوية في المطار.",  # الحركة "movement"
        "تشهد الطرق حركة النقل المعتادة.",
        "اتهمت الشرطة جماعة متشددة بالهجوم.",  # an adjective, not a name
        "قال إن الفيلق وقف إلى جانبهم.",  # a definite cue referring back
    ],
)
def test_no_false_groups(component: ActorComponent, sentence: str) -> None:
    extraction = component(Extraction(Document(text=sentence)))
    assert not [a for a in extraction.actors if a.provisional or a.id == "al_qaeda"]
    assert not [a for a in extraction.actors if a.id == "pmf"]


def test_ner_mention_after_cue_seeds_provisional(component: ActorComponent) -> None:
    text = "هاجم عناصر من سرايا الفتح الجديدة حاجزا."
    extraction = Extraction(Document(text=text), tokens=tokenize(text))
    start = text.index("الفتح")
    end = start + len("الفتح")
    extraction.mentions = [Mention(start, end, text[start:end], "ORG", source="ner")]
    component(extraction)
    actors = [(a.text, a.confidence) for a in extraction.actors if a.provisional]
    assert actors == [("سرايا الفتح", 0.6)]


def test_actor_fields(component: ActorComponent) -> None:
    extraction = component(Extraction(Document(text="انتشر عناصر الفوج 47 قرب المعبر.")))
    (actor,) = extraction.actors
    assert actor.id == "regiment_47"
    assert actor.name == "47th Regiment" and actor.name_ar == "الفوج 47"
    assert actor.inter == 3 and actor.kind == "militia"
    assert actor.patrons[0] == "irgc" and not actor.provisional and not actor.generic


@pytest.mark.parametrize(
    ("published", "expected"),
    [(date(2016, 5, 1), "syria_military_assad"), (date(2025, 5, 1), "syria_military_2024")],
)
def test_period_decides_state_forces(
    component: ActorComponent, published: date, expected: str
) -> None:
    ids = [i for _, i in resolve(component, "انتشر الجيش السوري في المدينة.", published=published)]
    assert ids == [expected]


def test_country_of_places_decides_variant(component: ActorComponent) -> None:
    text = "هاجم عناصر داعش قرية قرب الموصل."
    extraction = Extraction(Document(text=text))
    at = text.index("الموصل")
    extraction.places = [Place(at, at + 6, "الموصل", "الموصل", country_code="IQ")]
    component(extraction)
    assert [a.id for a in extraction.actors] == ["isis_iraq"]
    assert extraction.actors[0].inter == 2


def test_foreign_state_name_is_a_low_confidence_actor(component: ActorComponent) -> None:
    extraction = component(Extraction(Document(text="قصفت تركيا مواقع في ريف الحسكة.")))
    assert [(a.text, a.id, a.confidence) for a in extraction.actors] == [
        ("تركيا", "turkey_military", 0.4)
    ]


def test_kurdish_forces_follow_the_report_country(component: ActorComponent) -> None:
    text = "تقدمت القوات الكردية نحو قرية قرب أربيل."
    extraction = Extraction(Document(text=text))
    at = text.index("أربيل")
    extraction.places = [Place(at, at + 5, "أربيل", "أربيل", country_code="IQ")]
    assert [a.id for a in component(extraction).actors] == ["peshmerga"]


def test_state_forces_abroad_get_inter_8(component: ActorComponent) -> None:
    extraction = component(Extraction(Document(text="قصف الطيران التركي قرية في سوريا.")))
    assert [(a.id, a.inter) for a in extraction.actors] == [("turkey_military", 8)]


def test_runs_in_pipeline() -> None:
    pipeline = Pipeline.default(stages=["text", "actors"])
    extraction = pipeline(Document(text="استهدف التحالف الدولي مواقع لتنظيم داعش."))
    assert [a.id for a in extraction.actors] == ["coalition", "isis_syria"]


@pytest.mark.shared
def test_example_report(shared_dir: Path, component: ActorComponent) -> None:
    text = (shared_dir / "examples" / "albukamal_convoys.ar.txt").read_text(encoding="utf-8")
    extraction = component(Extraction(Document(text=text)))
    found = {a.id for a in extraction.actors}
    for actor_id in (
        "irgc",
        "hezbollah",
        "regiment_47",
        "fatemiyoun",
        "isis_syria",
        "sdf",
        "coalition",
        "syria_military_assad",
        "jihad_al_binaa",
        "sy24",
    ):
        assert actor_id in found, actor_id
    for actor in extraction.actors:
        assert text[actor.start : actor.end] == actor.text
        assert actor.text == actor.text.strip() and actor.text[-1].isalnum()


def test_user_entries_under_home(tmp_path: Path) -> None:
    folder = tmp_path / "actors"
    folder.mkdir()
    (folder / "local.toml").write_text(
        """
[[actor]]
id = "liwa_al_sawaid"
name = "Liwa al-Sawaid"
name_ar = "لواء السواعد"
aliases = ["ميليشيا السواعد"]
inter = 3
country = "Syria"
kind = "militia"
patrons = ["irgc"]
""",
        encoding="utf-8",
    )
    component = marsad.actors.load(home=tmp_path)
    assert component.kb.problems() == []
    actors = component(Extraction(Document(text="انتشرت ميليشيا السواعد في البلدة."))).actors
    assert [(a.text, a.id, a.provisional) for a in actors] == [
        ("ميليشيا السواعد", "liwa_al_sawaid", False)
    ]
    assert actors[0].patrons[0] == "irgc"
    assert len(marsad.actors.load().kb) == len(component.kb) - 1  # the shipped KB is untouched
