from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from handbuilt import build

from marsad.events.exports import (
    ACLED_COLUMNS,
    ascii_name,
    geojson,
    write_acled_csv,
    write_plover_json,
)
from marsad.events.taxonomy import Taxonomy, interaction
from marsad.events.triggers import default_lexicon
from marsad.text import tokenize

PUB = date(2025, 11, 20)


def test_taxonomy_has_acled_types() -> None:
    tax = Taxonomy.load()
    assert len(tax.sub_event_types) == 25
    assert {s.event_type for s in tax.sub_event_types.values()} == {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
        "Strategic developments",
    }  # fmt: skip
    assert tax.vague_counts["عشرات"] == 12 and tax.vague_counts["مئات"] == 100


@pytest.mark.parametrize(
    ("a", "b", "code"), [(1, 7, 17), (7, 1, 17), (2, None, 20), (None, None, None), (3, 3, 33)]
)
def test_interaction(a: int | None, b: int | None, code: int | None) -> None:
    assert interaction(a, b) == code


@pytest.mark.parametrize(
    ("phrase", "trigger_id"),
    [
        ("وبالغارات", "airstrike"),
        # written hamza and ة are kept: the splitter cuts "ألغام"، "ألقت"، "برية" whole
        ("ألغام", "ied"),
        ("ألقت القبض", "arrest"),
        ("عملية برية", "clash"),
        ("غارتين", "airstrike"),
        ("يقصفون", "shelling"),
        ("واستهدفت", "targeting"),
        ("اشتباكات", "clash"),
        ("اغتيال", "assassination"),
        ("واختطاف", "abduction"),
        ("انفجار عبوة ناسفة", "explosion"),
        ("سيارة مفخخة", "ied"),
        ("فجر نفسه", "suicide"),
        ("حملة دهم", "arrest"),
        ("واعتقلت", "arrest"),
        ("وصلت", "movement"),
        ("يصل", "movement"),
        ("وصول", "movement"),
        ("تعزيزات", "movement"),
        ("انسحاب", "withdrawal"),
        ("سيطرت على", "takeover_control"),
        ("استعادت", "takeover"),
        ("توصلت إلى اتفاق", "agreement_verb"),
        ("مظاهرة", "protest"),
        ("تجنيد", "recruitment"),
        ("معسكرات تدريب", "recruitment"),
        ("نشر حواجز", "security_measures"),
        ("رتل", "movement"),
    ],
)
def test_trigger_morphology(phrase: str, trigger_id: str) -> None:
    matches = default_lexicon().matcher.find(tokenize(phrase))
    assert matches, phrase
    assert trigger_id in {spec.id for m in matches for spec in m.values}


@pytest.mark.parametrize(
    ("phrase", "trigger_id"),
    [
        ("أسقطت طائرة سوخوي", "aircraft_downing"),
        ("إسقاط مروحية", "aircraft_downing"),
        ("أسقطت طائرة مسيرة", "drone_downing"),
        ("إسقاط طائرة استطلاع", "drone_downing"),
    ],
)
def test_downed_aircraft_is_a_clash_a_drone_is_not(phrase: str, trigger_id: str) -> None:
    # the longest phrase wins: a drone brought down is a disrupted weapon, an aircraft a clash
    matches = default_lexicon().matcher.find(tokenize(phrase))
    assert [spec.id for m in matches for spec in m.values][:1] == [trigger_id]


def _one(stage, text: str):  # type: ignore[no-untyped-def]
    ex = stage(build(text, published=PUB))
    return ex, ex.events


@pytest.mark.parametrize(
    ("text", "sub", "actor1", "actor2", "location", "fatalities"),
    [
        (
            "شنت طائرات التحالف الدولي غارات على مواقع تنظيم داعش في الميادين أمس، "
            "ما أسفر عن مقتل 12 عنصرا.",
            "Air/drone strike",
            "Coalition (US-led)",
            "Islamic State (Syria)",
            "Al Mayadin",
            12,
        ),
        (
            "قتل ثلاثة مدنيين برصاص قوات النظام في درعا يوم الخميس.",
            "Attack",
            "Military Forces of Syria",
            "Civilians (Syria)",
            "Dar'a",
            3,
        ),
        (
            "اندلعت اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش في البوكمال أمس، "
            "قتل خلالها 4 عناصر وأصيب 7 آخرون.",
            "Armed clash",
            "SDF: Syrian Democratic Forces",
            "Islamic State (Syria)",
            "Albukamal",
            4,
        ),
        (
            "انفجرت عبوة ناسفة في سرمدا أمس ما أدى إلى مقتل خمسة مدنيين وإصابة 10 آخرين.",
            "Remote explosive/landmine/IED",
            None,
            "Civilians (Syria)",
            "Sarmada",
            5,
        ),
        (
            "قصفت قوات النظام بقذائف الهاون أحياء إدلب اليوم.",
            "Shelling/artillery/missile attack",
            "Military Forces of Syria",
            None,
            "Idleb",
            0,
        ),
        (
            "قصف الطيران الحربي لقوات النظام بلدة سرمدا اليوم.",
            "Air/drone strike",
            "Military Forces of Syria",
            None,
            "Sarmada",
            0,
        ),
        # the two sides named after بين, past a comma; state forces first
        (
            "اندلعت اليوم اشتباكات عنيفة في إدلب، بين تنظيم داعش وقوات النظام.",
            "Armed clash",
            "Military Forces of Syria",
            "Islamic State (Syria)",
            "Idleb",
            0,
        ),
        # the force announcing the killing it reports is the agent
        (
            "وأعلنت قوات سوريا الديمقراطية في بيان منفصل، عن مقتل 17 داعشيا في الرقة اليوم.",
            "Armed clash",
            "SDF: Syrian Democratic Forces",
            "Islamic State (Syria)",
            "Ar-Raqqa",
            17,
        ),
    ],
)
def test_linking(events_stage, text, sub, actor1, actor2, location, fatalities) -> None:  # type: ignore[no-untyped-def]
    ex, events = _one(events_stage, text)
    assert events, text
    ev = events[0]
    assert ev.sub_event_type == sub
    assert ev.actor1 == actor1
    assert ev.actor2 == actor2
    assert ev.location == location
    assert ev.fatalities == fatalities
    assert ev.background is False
    # provenance: every field span points at the characters that produced it
    if actor1:
        assert "actor1" in ev.field_spans
    loc = ev.field_spans["location"][0].of(ex.text)
    assert loc in text and ev.trigger is not None


def test_wounded_are_not_fatalities(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "أصيب 7 مدنيين بقصف لقوات النظام على درعا اليوم.")
    assert events and all(e.fatalities == 0 for e in events)


def test_one_event_per_place(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "شنت طائرات التحالف الدولي غارات على الميادين والبوكمال أمس.")
    assert sorted(e.location for e in events) == ["Al Mayadin", "Albukamal"]


def test_background_pluperfect(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "وكانت قوات النظام قد سيطرت على بلدة عياش في آب الماضي.")
    assert len(events) == 1
    assert events[0].background is True
    assert events[0].sub_event_type == "Government regains territory"
    assert (events[0].event_date, events[0].time_precision) == ("2025-08-01", 3)


def test_background_never_merges_with_new(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "قصفت قوات النظام درعا اليوم. وكانت قوات النظام قد قصفت درعا خلال الأشهر الماضية."
    _, events = _one(events_stage, text)
    assert sorted(e.background for e in events) == [False, True]


def test_movement_route_quantities_source(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وصلت إلى مدينة البوكمال حافلات تقل عناصر تابعين لميليشيا الحرس الثوري الإيراني، "
        "وذكرت مصادر خاصة لمنصة SY24 أن الرتل جاء من ريف حمص عبر مدينة السخنة وضم 4 حافلات."
    )
    _, events = _one(events_stage, text)
    moves = [e for e in events if e.sub_event_type == "Change to group/activity"]
    assert moves
    ev = moves[0]
    assert ev.actor1 == "Islamic Revolutionary Guard Corps"
    assert ev.location == "Albukamal"
    assert [r["role"] for r in ev.route] == ["origin", "via", "destination"]
    assert [r["name"] for r in ev.route][:2] == ["Homs countryside", "As-Sukhnah"]
    assert any(q["value"] == 4 for q in ev.quantities)
    assert ev.source is not None and "SY24" in ev.source and "Private sources" in ev.source


def test_movement_owned_in_next_sentence(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the convoy's party is named only in the next sentence ("الرتل يتبع ل…"); its backer
    # ("المدعوم من") is an associated actor, not a target
    text = (
        "وصل رتل عسكري يضم 9 سيارات إلى مدينة الميادين صباح الأحد قادماً من مدينة تدمر عبر "
        "بلدة الشولا. وأفاد ناشطون بأن الرتل يتبع لميليشيا لواء الزينبيين المدعوم من الحرس "
        "الثوري الإيراني."
    )
    _, events = _one(events_stage, text)
    moves = [e for e in events if e.sub_event_type == "Change to group/activity"]
    assert len(moves) == 1
    ev = moves[0]
    assert ev.actor1 == "Liwa Zainabiyoun" and ev.actor2 is None
    assert ev.assoc_actor_1 == "Islamic Revolutionary Guard Corps"
    assert ev.location == "Al Mayadin"
    assert [r["name"] for r in ev.route] == ["Tadmur", "Ash Shula", "Al Mayadin"]


def test_movement_without_owner_is_no_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    # an affiliation word about something else names no owner of the convoy
    text = (
        "وصل رتل عسكري إلى مدينة الميادين قادماً من مدينة تدمر. "
        "وقال ناشط يتبع لشبكة محلية إن الطريق مقطوع."
    )
    _, events = _one(events_stage, text)
    assert not [e for e in events if e.sub_event_type == "Change to group/activity"]


def test_event_told_again_with_a_relative_clause_is_one_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "قتل خمسة عناصر من قوات النظام في تفجير انتحاري في درعا اليوم. وقال المرصد إن هذا "
        "التفجير الانتحاري هو الأول الذي يستهدف قوات النظام في المنطقة."
    )
    _, events = _one(events_stage, text)
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]


def test_one_movement_per_coordinated_destination(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "أرسلت قوات النظام اليوم تعزيزات عسكرية إلى مدينة الميادين وبلدة عياش."
    _, events = _one(events_stage, text)
    moves = [e for e in events if e.sub_event_type == "Change to group/activity"]
    assert sorted(e.location or "" for e in moves) == ["Al Mayadin", "Ayyash"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ālbū Kamāl", "Albu Kamal"), ("Mūḩ Ḩasan", "Muh Hasan"), ("Dar‘ā", "Dara"),
     ("Al Mayadin", "Al Mayadin"), ("الشولا", "الشولا"), (None, "")],
)  # fmt: skip
def test_ascii_location_names(name: str | None, expected: str) -> None:
    assert ascii_name(name) == expected


def test_no_event_without_trigger(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "عقد وزير الخارجية اجتماعا مع نظيره في دمشق لبحث العلاقات.")
    assert events == []


@pytest.mark.parametrize(
    "text",
    [
        # negation, denial, threat, aim: nothing happened (ACLED: not events)
        "لم يشن التحالف الدولي غارات على البوكمال خلال الأسبوع.",
        "نفت قوات النظام قصف درعا اليوم.",
        "هدد تنظيم داعش بإعدام المختطفين في الميادين.",
        "تسعى قوات النظام بهدف السيطرة على درعا.",
        # who holds an area is not a takeover
        "تقع بلدة عياش تحت سيطرة قوات النظام منذ سنوات.",
        "نزح الأهالي من المناطق الخاضعة لسيطرة تنظيم داعش في الرقة.",
        # a deal named, not concluded
        "ناقش الوزراء الاتفاق الخاص بدرعا في اجتماعهم.",
        # a trigger word inside an actor's name
        "زار وفد من الحشد الشعبي مدينة الموصل اليوم.",
        # a habitual summary: a place "witnessing" acts for months
        "وتشهد مدينة درعا منذ أشهر تفجيرات واغتيالات تطال المدنيين.",
        # a device named alone is a weapon, not an attack
        "زرع عناصر تنظيم داعش عبوات ناسفة على طرق الميادين بحسب مصادر محلية.",
        # a country alone is no event location (a summary)
        "يواصل التحالف الدولي غاراته على تنظيم داعش في سوريا والعراق.",
        # weeks of acts summed up
        "عاد السكان إلى الرقة بعد أسابيع من الحصار والقصف.",
        # a fighting noun governed by a front noun names where fighting is, not a fight
        "رفعت قوات النظام عدد عناصرها على محاور القتال قرب درعا.",
        "تقع القرى القريبة من خطوط المواجهة في ريف درعا.",
        # an explosion told as an accident is no political violence
        "وقع انفجار في مستودع للذخيرة في الميادين اليوم عن طريق الخطأ.",
        # a battle noun with a place as genitive names a campaign
        "وعادت معركة دير الزور إلى الواجهة مع وصول تعزيزات جديدة.",
        # the future reaches across commas
        "قال التحالف الدولي إنه سيدعم الهجوم، الذي بدأ أمس، عبر ضربات جوية على الميادين.",
        # trying, in the imperfect, is a habit or an aim
        "وتحاول الفصائل إفشال التحركات عن طريق القصف على درعا.",
        # kinds of acts listed as what a place suffers
        "وتشهد درعا حوادث أمنية، تتمثل بعمليات الخطف والاغتيال وانفجار عبوات ناسفة.",
        # the future and aims are no deeds
        "قال التحالف الدولي إنه سيدعم الهجوم عبر ضربات جوية على الميادين.",
        "أطلق الجيش حملة تسعى إلى تحرير السخنة من تنظيم داعش.",
        # the imperfect تنتشر is stative: forces "are deployed", no movement told
        "وتنتشر قوات النظام في ريف إدلب.",
    ],
)
def test_not_an_event(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, text)
    assert events == [], [(e.sub_event_type, e.location) for e in events]


def test_counted_group_is_the_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "قتل 5 من عناصر قوات النظام بقصف صاروخي على درعا اليوم.")
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]
    assert events[0].actor1 is None
    assert events[0].actor2 == "Military Forces of Syria"


def test_reference_back_is_the_same_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "شنت طائرات التحالف الدولي غارات على الميادين أمس. وأسفرت الغارات عن دمار واسع في المدينة."
    )
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Air/drone strike", "Al Mayadin")]


def test_summary_and_its_toll_are_not_events(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "قتل 10 أشخاص في هجمات متفرقة في درعا وإدلب اليوم.")
    assert events == []


def test_death_toll_is_part_of_the_strike(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "قتل خمسة مدنيين في قصف مدفعي لقوات النظام على درعا اليوم."
    _, events = _one(events_stage, text)
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]
    assert events[0].fatalities == 5


def test_headline_is_not_coded_twice(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "غارات على الميادين\nشنت طائرات التحالف الدولي غارات على الميادين أمس."
    _, events = _one(events_stage, text)
    assert len(events) == 1
    assert events[0].trigger is not None and events[0].trigger.start > text.index("\n")


def test_undated_news_is_the_day_before(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "قصفت قوات النظام بقذائف الهاون أحياء درعا.")
    assert [(e.event_date, e.time_precision) for e in events] == [("2025-11-19", 2)]


def _sample(events_stage):  # type: ignore[no-untyped-def]
    a = events_stage(build("قتل ثلاثة مدنيين برصاص قوات النظام في درعا أمس.", published=PUB))
    b = events_stage(
        build(
            "وصلت إلى مدينة البوكمال حافلات تقل عناصر تابعين لميليشيا الحرس الثوري الإيراني "
            "قادمة من ريف حمص عبر مدينة السخنة. "
            "وكانت قوات النظام قد قصفت درعا خلال الأشهر الماضية.",
            published=PUB,
        )
    )
    return [a, b]


def test_acled_csv_header_and_background_option(events_stage) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    write_acled_csv(_sample(events_stage), out, {"include_background": True})
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert rows[0][:3] == ["event_id_cnty", "event_date", "year"]
    n_all = len(rows) - 1
    out = io.StringIO()
    write_acled_csv(_sample(events_stage), out, {"include_background": False})
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) < n_all
    assert all(r["tags"] != "background" for r in rows)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("اعتدى عناصر من ميليشيا محلية جنسياً على فتاة في سرمدا أمس.", "Sexual violence"),
        ("أقدم حشد من الأهالي على ضرب شاب حتى الموت في سرمدا اليوم.", "Mob violence"),
    ],
)
def test_assault_told_by_adverb_or_outcome(events_stage, text: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, text)
    assert [e.sub_event_type for e in events] == [sub]


def test_burning_to_death_is_no_mob_violence(events_stage) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, "أحرق مسلحون مجهولون ثلاثة شبان حتى الموت في سرمدا أمس.")
    assert "Mob violence" not in {e.sub_event_type for e in events}


def test_vso_armed_agent_before_civilian_patient(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the actor stage may name both: the armed party right after the verb acts
    text = "اختطف مسلحون مجهولون المدنيين الثلاثة من بلدة عياش أمس."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        (
            "Abduction/forced disappearance",
            "Unidentified Armed Group (Syria)",
            "Civilians (Syria)",
        )
    ]


def test_unnamed_agent_stays_unnamed_but_acled_gets_an_actor1(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the text names no agent: the event keeps None (as gold coders do); ACLED's file needs one
    ex, events = _one(events_stage, "اختطف ثلاثة مدنيين من بلدة عياش اليوم.")
    vac = [e for e in events if e.event_type == "Violence against civilians"]
    assert vac and vac[0].actor1 is None
    out = io.StringIO()
    write_acled_csv([ex], out, {"include_background": True})
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["actor1"] == "Unidentified Armed Group (Syria)" and row["inter1"] == "3"
    assert row["country"] == "Syria" and row["iso"] == "760"
    assert row["event_id_cnty"].startswith("SYR")


def test_geojson_is_valid(events_stage) -> None:  # type: ignore[no-untyped-def]
    fc = json.loads(json.dumps(geojson(_sample(events_stage), {"include_background": True})))
    assert fc["type"] == "FeatureCollection"
    kinds = {f["geometry"]["type"] for f in fc["features"]}
    assert kinds == {"Point", "LineString"}
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        coords = f["geometry"]["coordinates"]
        points = [coords] if f["geometry"]["type"] == "Point" else coords
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert 30 < lon < 50 and 29 < lat < 38  # [lon, lat] order for our region
        if f["geometry"]["type"] == "LineString":
            assert len(coords) >= 2


def test_plover_json(events_stage) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    write_plover_json(_sample(events_stage), out, {"include_background": True})
    records = json.loads(out.getvalue())
    assert records
    assert {r["event"] for r in records} <= {
        "ASSAULT",
        "MOBILIZE",
        "COERCE",
        "PROTEST",
        "AGREE",
        "AID",
        "SEIZE",
        "CONCEDE",
    }
    assert all(r["date"] and r["text"] for r in records)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # هاجم names no means: the clause's aircraft or weapon decides the sub-type
        ("هاجم الطيران الحربي لقوات النظام بلدة سرمدا اليوم.", "Air/drone strike"),
        ("هاجمت قوات النظام بقذائف الهاون بلدة سرمدا اليوم.", "Shelling/artillery/missile attack"),
        ("هاجم تنظيم داعش مواقع قوات النظام في السخنة اليوم.", "Armed clash"),
    ],
)
def test_attack_verb_takes_its_means_from_the_clause(events_stage, text: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, text)
    assert [e.sub_event_type for e in events] == [sub]


def test_destroying_military_means_is_no_property_destruction(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "قصفت قوات النظام مواقع تنظيم داعش في السخنة اليوم. وأسفر القصف عن تدمير 3 مركبات."
    _, events = _one(events_stage, text)
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


def test_takeover_after_fighting_is_one_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    # ACLED: fighting that ends in a change of control is coded as the territorial event
    text = "سيطر تنظيم داعش على السخنة اليوم بعد اشتباكات مع قوات النظام قتل فيها 5 عناصر."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Non-state actor overtakes territory", "Islamic State (Syria)")
    ]


def test_an_act_told_with_and_without_its_day_is_one_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the undated mention (dated to the week) is the act the dated one tells: one event, its day
    text = (
        "قصفت قوات النظام بلدة سرمدا، بحسب مصادر محلية. "
        "وقال ناشطون إن قوات النظام قصفت سرمدا يوم الثلاثاء بقذائف الهاون."
    )
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.event_date, e.time_precision) for e in events] == [
        ("Shelling/artillery/missile attack", "2025-11-18", 1)
    ]


def test_a_group_counted_as_dead_is_no_agent_of_a_later_clause(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "قتل 14 عنصرا من قوات النظام، في تفجير انتحاري استهدف حاجزا في درعا اليوم."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Suicide bomb", None)]


def test_an_explosion_caused_by_a_strike_is_the_strike(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "هزت انفجارات قوية مدينة الميادين اليوم، جراء غارات شنتها طائرات التحالف على المدينة."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Air/drone strike", "Coalition (US-led)")
    ]


def test_a_party_owning_the_target_is_no_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "مواقع وحدات تابعة لـX": X owns the positions attacked, it did not attack
    text = "هاجم مئات المقاتلين مواقع وحدات تابعة لقوات سوريا الديمقراطية قرب البوكمال اليوم."
    _, events = _one(events_stage, text)
    assert [(e.actor1, e.actor2) for e in events] == [(None, "SDF: Syrian Democratic Forces")]


def test_joined_dead_and_vague_adverbs_stay_in_their_clause(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the dead are members of both groups; "مؤخرا" dates the relative clause, not the bombing
    text = (
        "قتل 12 عنصرا من قوات النظام، وقوات سوريا الديمقراطية التي وافقت مؤخرا على الشروط، "
        "في تفجير انتحاري في درعا."
    )
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.time_precision) for e in events] == [
        ("Suicide bomb", None, 2)
    ]


def test_one_bombing_told_three_times_is_one_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the agent reaches the second mention only through the third (anaphora): a second pass
    # merges them; "يستهدف قوات النظام" names the target, not the agent
    text = (
        "تبنى تنظيم داعش اليوم هجوما انتحاريا أوقع 10 قتلى من قوات النظام في درعا. "
        "وقال المرصد إن 10 عناصر قتلوا في تفجير انتحاري استهدف حاجزا في درعا. "
        "وأوضح أن التفجير الانتحاري هو الأول الذي يستهدف قوات النظام في المنطقة."
    )
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Suicide bomb", "Islamic State (Syria)")
    ]


def test_a_definite_aircraft_names_the_agent_not_an_earlier_strike(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "الطيران الحربي" after coalition strikes told earlier is a new strike, not a reference back
    text = (
        "شنت طائرات التحالف غارات على مواقع تنظيم داعش في الرقة اليوم. "
        'وقال البيان إن الطيران الحربي "دمر مركبات تطلق الصواريخ في البوكمال اليوم".'
    )
    _, events = _one(events_stage, text)
    strikes = sorted(e.location for e in events if e.sub_event_type == "Air/drone strike")
    assert strikes == ["Albukamal", "Ar-Raqqa"]


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        # a backer (مدعومة بـ) is no side of the clash
        (
            "اندلعت اشتباكات متقطعة بين قوات النظام مدعومة بلواء الزينبيين وتنظيم داعش في "
            "السخنة اليوم.",
            "Islamic State (Syria)",
        ),
        # each side marked with طرف: the allies listed with the first side are not the second
        (
            "اندلعت اشتباكات بين قوات النظام ولواء الزينبيين من طرف، وتنظيم داعش من طرف آخر "
            "في السخنة اليوم.",
            "Islamic State (Syria)",
        ),
    ],
)
def test_sides_of_a_clash_after_bayna(events_stage, text: str, actor2: str) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, text)
    assert [(e.actor1, e.actor2) for e in events] == [("Military Forces of Syria", actor2)]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a list of places goes on past a place that only situates the one before it
        ("قصفت قوات النظام اليوم بلدة عياش قرب الميادين، والبوكمال.", ["Albukamal", "Ayyash"]),
        (
            "قصفت قوات النظام اليوم بلدة عياش بالقرب من الميادين، وبالقرب من البوكمال.",
            ["Albukamal", "Ayyash"],
        ),
        # a direction after the comma situates the place, it does not list another
        ("قصفت قوات النظام اليوم بلدة عياش، شرقي دير الزور.", ["Ayyash"]),
    ],
)
def test_places_listed_past_a_situating_place(events_stage, text: str, places: list[str]) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, text)
    assert sorted(e.location or "" for e in events) == places


def test_the_subject_of_saying_is_the_pronouns_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "أعلنت X أنها شنت": X, not a party named before it in the sentence
    text = (
        "وفي بيان مشترك مع التحالف الدولي، أعلنت قوات سوريا الديمقراطية أنها شنت عملية برية "
        "في البوكمال اليوم."
    )
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Armed clash", "SDF: Syrian Democratic Forces")
    ]


def test_cues_match_text_in_either_spelling(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "فتي" (ى written ي) splits differently from "فتى": both spellings are cue keys
    text = "قتل فتي برصاص قوات النظام في درعا اليوم."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor2) for e in events] == [("Attack", "Civilians (Syria)")]


def test_a_recipient_under_li_is_no_subject(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "سلمت مواقعها لقوات النظام": the regime receives; the handover is the withdrawal told
    text = "انسحبت قوات سوريا الديمقراطية من البوكمال اليوم وسلمت مواقعها لقوات النظام دون قتال."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        (
            "Non-violent transfer of territory",
            "SDF: Syrian Democratic Forces",
            "Military Forces of Syria",
        )
    ]


def test_a_withdrawal_before_a_takeover_is_part_of_it(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "استعادت قوات النظام السيطرة على السخنة اليوم بعد انسحاب عناصر تنظيم داعش منها."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Government regains territory", "Military Forces of Syria")
    ]


def test_the_owner_of_what_was_hit_is_the_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "انفجرت عبوة ناسفة بسيارة عسكرية تابعة لقوات النظام على طريق السخنة اليوم."
    _, events = _one(events_stage, text)
    assert [(e.actor1, e.actor2) for e in events] == [(None, "Military Forces of Syria")]


def test_acts_placed_only_in_the_country_are_a_summary(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "في أنحاء البلاد": no place of the previous sentence, no focus
    text = "قصفت قوات النظام درعا اليوم. واشتبكت قوات النظام وتنظيم داعش مرارا في أنحاء البلاد."
    _, events = _one(events_stage, text)
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # members who proceed to act (أقدم … على) are its agent, not counted victims
        (
            "أقدم عناصر من قوات النظام على نهب محتويات المنازل في درعا أمس.",
            "Military Forces of Syria",
        ),
        # property burned by an unnamed hand is still coded (ACLED: actor unknown)
        ("وأحرق مبنى البلدية في بلدة عياش خلال الليل.", None),
    ],
)
def test_looting_with_or_without_a_named_agent(events_stage, text: str, actor1: str | None) -> None:  # type: ignore[no-untyped-def]
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Looting/property destruction", actor1)
    ]


def test_a_movement_to_a_generic_area_has_no_place(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "إلى المناطق المجاورة": no destination; the sentence's other place is not it
    text = "وتقصف قوات النظام ريف حمص، تزامنا مع إرسالها تعزيزات عسكرية إلى المناطق المجاورة."
    _, events = _one(events_stage, text)
    assert "Change to group/activity" not in [e.sub_event_type for e in events]
    text = "أرسلت قوات النظام تعزيزات عسكرية إلى مواقع في السخنة اليوم."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Change to group/activity", "As-Sukhnah")
    ]


def test_a_battle_told_with_a_preposition_is_a_clash(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "دارت معركة عنيفة في السخنة اليوم بين قوات النظام وتنظيم داعش."
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Armed clash", "As-Sukhnah")]


def test_a_province_named_with_its_word_merges_with_a_town_inside_it(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "أسفر انفجار مستودع أسلحة في محافظة إدلب اليوم عن مقتل 12 مدنيا. "
        "وقتل 12 مدنيا في انفجار مستودع أسلحة في بلدة سرمدا، بحسب ناشطين."
    )
    _, events = _one(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Remote explosive/landmine/IED", "Sarmada")
    ]
