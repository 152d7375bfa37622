"""Rules added in the third round on real reports (issue 5): each sentence is our own."""

from __future__ import annotations

from datetime import date

import pytest
from handbuilt import build
from handbuilt import events as _events

from marsad.model import Place

PUB = date(2025, 11, 20)


def _roles(events):  # type: ignore[no-untyped-def]
    return [(e.sub_event_type, e.actor1, e.actor2, e.location) for e in events]


def test_a_group_counted_without_a_member_noun_is_no_agent_carried_over(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "مقتل 11 من داعش": the group's members are the dead, not who shelled in the next clause
    text = "وأفاد المرصد بمقتل 11 من داعش، في قصف مدفعي على الميادين اليوم."
    events = _events(events_stage, text)
    assert [e.actor1 for e in events] == [None]


def test_the_side_hit_by_a_strike_is_no_agent_of_the_generic_act_continuing_it(
    events_stage,
) -> None:  # type: ignore[no-untyped-def]
    text = (
        "شنت طائرات التحالف الدولي غارات على مواقع تنظيم داعش في الرقة اليوم. وقال المرصد إن"
        " خسائر داعش كبيرة، بينما قتل خمسة من عناصره في استهداف لمقر قرب الميادين."
    )
    events = _events(events_stage, text)
    assert ("Air/drone strike", "Coalition (US-led)", "Islamic State (Syria)", "Al Mayadin") in (
        _roles(events)
    )
    assert not any(e.actor1 == "Islamic State (Syria)" for e in events)


def test_where_a_road_leads_is_not_where_the_act_was(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "استهدفت طائرات التحالف الدولي آليات لتنظيم داعش على الطرق المؤدية إلى حمص ودرعا"
        " ومواقع في الرقة اليوم."
    )
    events = _events(events_stage, text)
    assert [e.location for e in events] == ["Ar-Raqqa"]


def test_a_road_end_alone_still_places_the_act(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "استهدفت طائرات التحالف الدولي آليات لتنظيم داعش على الطريق المؤدي إلى الرقة اليوم."
    assert [e.location for e in _events(events_stage, text)] == ["Ar-Raqqa"]


def test_a_place_after_wa_is_listed_not_situating(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "الميادين وريف دير الزور": two places; "الميادين بريف دير الزور" one
    listed = _events(events_stage, "قصفت قوات النظام الميادين وريف دير الزور اليوم.")
    assert sorted(e.location for e in listed) == ["Al Mayadin", "Deir-ez-Zor"]
    situated = _events(events_stage, "قصفت قوات النظام الميادين بريف دير الزور اليوم.")
    assert [e.location for e in situated] == ["Al Mayadin"]


def test_a_toll_that_yields_to_the_attack_hands_it_its_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وفي هجوم آخر مساء الأحد، قام مسلحون مجهولون بمهاجمة سيارة وقتلوا ثلاثة مدنيين قرب درعا."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in events] == [
        ("Attack", "Unidentified Armed Group (Syria)", 3)
    ]


def test_a_subject_cut_from_its_killing_verb_by_a_comma_is_its_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        'وقال مسؤول محلي إن "مسلحين مجهولين يرتدون زيا عسكريا، قتلوا خمسة مدنيين'
        ' داخل منزل في درعا مساء الأحد".'
    )
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [
        ("Unidentified Armed Group (Syria)", "Civilians (Syria)", 5)
    ]


def test_a_quote_inside_a_phrase_opens_no_subject(events_stage) -> None:  # type: ignore[no-untyped-def]
    # داعش is what he joined, not who killed him
    text = 'وكان القيادي قد فر قبل أن ينضم لتنظيم "داعش" ويقتل في غارة على الرقة عام 2016.'
    assert not any(e.actor1 == "Islamic State (Syria)" for e in _events(events_stage, text))


def test_a_permitted_act_is_not_yet_done(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the permission reaches far, across commas and a line broken after a comma
    text = (
        "وأعلن مسؤول أن تركيا سمحت للتحالف الدولي باستخدام قواعدها الجوية،\n"
        "ولاسيما قاعدة قرب حلب، في شن غارات على تنظيم داعش في الرقة."
    )
    assert _events(events_stage, text) == []


def test_a_permission_does_not_reach_past_after(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وسمحت السلطات للأهالي بالعودة إلى منازلهم، بعد أن قصفت قوات النظام الميادين أمس."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Shelling/artillery/missile attack", "Military Forces of Syria")
    ]


def test_a_date_right_after_the_act_dates_it_not_the_verb_of_saying(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "واتهمت قوات النظام يوم الاثنين التحالف الدولي بشن غارة جوية ليل الأحد على الرقة."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.event_date) for e in events] == [
        ("Air/drone strike", "2025-11-16")
    ]


def test_a_party_fighting_from_the_air_targeting_a_site_is_an_air_strike(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وأعلنت دمشق أن التحالف الدولي استهدف أحد مواقعها العسكرية في الميادين ليل الأحد."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.location) for e in events] == [
        ("Air/drone strike", "Coalition (US-led)", "Al Mayadin")
    ]


def test_a_finite_verb_after_a_permission_tells_an_act_done(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "واتهمت منظمة قوات النظام بعدم السماح للأهالي بالخروج، إذ قصفت الميادين أمس."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Shelling/artillery/missile attack", "Al Mayadin")
    ]


def test_the_attacker_of_a_repelled_attack_is_actor1(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وأعلنت قوات النظام اليوم عن صد هجوم شنه تنظيم داعش على حاجز قرب الميادين."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Armed clash", "Islamic State (Syria)", "Military Forces of Syria")
    ]


def test_repelling_without_a_named_attacker_is_the_repellers_act(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وصدت قوات النظام هجوما لتنظيم داعش على حاجز قرب الميادين اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Armed clash", "Military Forces of Syria")
    ]


def test_a_funeral_hit_makes_civilians_the_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وسقط قتلى في قصف بالهاون لقوات النظام خلال تشييع في الميادين اليوم."
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2) for e in events] == [
        ("Military Forces of Syria", "Civilians (Syria)")
    ]


def test_a_party_feared_is_no_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقامت قوات النظام بمحاصرة الميادين اليوم خشية تسلل عناصر تنظيم داعش إليها."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Change to group/activity", "Military Forces of Syria", None)
    ]


def test_the_gunmen_are_the_armed_group_named_before(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "هاجم مسلحو تنظيم داعش قرى ريف حمص الأسبوع الماضي. واقتحم المسلحون قرية قرب السخنة"
        " أمس، وخطفوا منها عشرة مدنيين."
    )
    events = _events(events_stage, text)
    abductions = [e for e in events if e.sub_event_type == "Abduction/forced disappearance"]
    assert [(e.actor1, e.actor2) for e in abductions] == [
        ("Islamic State (Syria)", "Civilians (Syria)")
    ]


def test_gunmen_named_as_objects_are_no_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وتقاتل قوات النظام تنظيم داعش قرب السخنة منذ أشهر. وحكمت محكمة على 30 من المسلحين"
        " بالإعدام في حمص أمس."
    )
    events = _events(events_stage, text)
    assert not any(e.actor1 == "Islamic State (Syria)" for e in events)


def test_members_named_right_after_an_active_verb_are_its_subject(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "اشتبك عناصر من تنظيم داعش مع قوات النظام قرب السخنة اليوم."
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2) for e in events] == [
        ("Islamic State (Syria)", "Military Forces of Syria")
    ]
    # after a killing (told in the passive) the members counted are the dead
    text = "قتل عناصر من تنظيم داعش في اشتباكات مع قوات النظام قرب السخنة اليوم."
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2) for e in events] == [
        ("Military Forces of Syria", "Islamic State (Syria)")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "تصدت قوات النظام لهجوم قرب السخنة اليوم.",
        "وكمنت قوات النظام لدورية قرب السخنة اليوم.",
    ],
)
def test_past_forms_of_repelling_and_ambushing(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Armed clash", "Military Forces of Syria")
    ]


def test_the_target_may_follow_a_marked_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقع هجوم نفذه تنظيم داعش على حاجز لقوات النظام قرب السخنة اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Armed clash", "Islamic State (Syria)", "Military Forces of Syria")
    ]


def test_a_generic_act_told_as_earlier_does_not_yield_to_the_news(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وشنت طائرات التحالف الدولي غارات على الرقة اليوم، وذلك بعد يومين من هجوم لتنظيم داعش"
        " على مواقع قوات سوريا الديمقراطية في الرقة."
    )
    events = _events(events_stage, text)
    assert sorted((e.sub_event_type, e.actor1, e.background) for e in events) == [
        ("Air/drone strike", "Coalition (US-led)", False),
        ("Armed clash", "Islamic State (Syria)", True),
    ]


def test_the_party_after_with_is_the_other_side_of_the_fight(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وخاضت قوات النظام معارك عنيفة مع تنظيم داعش قرب السخنة أمس."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Armed clash", "Military Forces of Syria", "Islamic State (Syria)")
    ]


def test_who_was_subjected_to_the_act_suffered_it(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقالت مصادر إن دورية لقوات النظام تعرضت لاستهداف بعبوة ناسفة قرب السخنة اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Remote explosive/landmine/IED", None, "Military Forces of Syria")
    ]


def test_a_generic_act_by_a_party_of_its_own_does_not_yield(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "قصفت قوات النظام الميادين اليوم، في حين ردت قوات سوريا الديمقراطية باستهداف مواقع"
        " تنظيم داعش في الرقة."
    )
    events = _events(events_stage, text)
    assert sorted((e.actor1, e.location) for e in events) == [
        ("Military Forces of Syria", "Al Mayadin"),
        ("SDF: Syrian Democratic Forces", "Ar-Raqqa"),
    ]


def test_a_focusing_verb_names_the_places_a_regional_act_hit(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "شنت طائرات التحالف الدولي غارات على مناطق في ريف حمص اليوم، تركزت على بلدتي السخنة وتدمر."
    )
    ex = build(text, published=PUB)
    for place in ex.places:
        if place.text == "ريف حمص":
            place.geo_precision = 3  # a countryside: a region, as the geoparser codes it
    events = events_stage(ex).events
    assert sorted(e.location for e in events) == ["As-Sukhnah", "Tadmur"]


def test_an_actor_named_by_its_counted_members_is_the_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "قتل خمسة جنود أتراك بقصف لقوات النظام على نقطة مراقبة قرب إدلب اليوم."
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [
        ("Military Forces of Syria", "Military Forces of Turkey", 5)
    ]


def test_a_killing_pronoun_counts_the_dead(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "استهدفت طائرات التحالف الدولي سيارة تقل قياديين في تنظيم داعش قرب الرقة، ما أدى لمقتلهما."
    )
    assert [e.fatalities for e in _events(events_stage, text)] == [2]


def test_vso_killing_the_armed_party_after_the_verb_acts(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "اغتال مسلحون مجهولون قياديا في الجيش الحر قرب درعا، ما أدى إلى مقتله على الفور."
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [
        ("Unidentified Armed Group (Syria)", "Free Syrian Army", 1)
    ]


def test_an_act_told_again_with_its_place_takes_the_day_of_its_first_mention(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "قصفت قوات النظام الرقة أمس.\n"
        "وقتل خمسة مدنيين الثلاثاء بانفجار عبوة ناسفة في سوريا.\n"
        "وقال مسؤول محلي إن عبوة ناسفة انفجرت بسيارة في الميادين، مما أدى إلى مقتل خمسة مدنيين."
    )
    ex = build(text, published=PUB)
    i = text.find("سوريا")
    # placed only at a country: the first mention makes no event of its own
    ex.places.append(
        Place(
            i,
            i + 5,
            "سوريا",
            "سوريا",
            name_en="Syria",
            latitude=35.0,
            longitude=38.5,
            feature_type="country",
            country="Syria",
        )
    )
    ex.places.sort(key=lambda p: p.start)
    events = events_stage(ex).events
    ied = [e for e in events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert [(e.location, e.event_date, e.time_precision) for e in ied] == [
        ("Al Mayadin", "2025-11-18", 1)
    ]


def test_a_party_inside_a_relative_clause_is_no_carried_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وفي الرقة، التي كانت معقلا لتنظيم داعش، قتل سبعة مدنيين في هجوم على سوق اليوم."
    events = _events(events_stage, text)
    assert [e.actor1 for e in events] == [None]


def test_another_attack_does_not_continue_the_one_before(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "غارات جديدة على الرقة\n"
        "شنت طائرات التحالف الدولي غارات على مواقع تنظيم داعش في الرقة اليوم.\n"
        "وفي هجوم آخر، قتل ثلاثة عناصر من قوات النظام قرب الميادين."
    )
    events = _events(events_stage, text)
    assert not any(e.location == "Al Mayadin" and e.actor1 == "Coalition (US-led)" for e in events)


def test_a_continued_campaign_hits_the_same_side(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "غارات جديدة على الرقة\n"
        "شنت طائرات التحالف الدولي غارات على مواقع تنظيم داعش في الرقة اليوم.\n"
        "وقال المرصد إن خمسة قتلوا في استهداف لمقر قرب الميادين."
    )
    events = _events(events_stage, text)
    mayadin = [e for e in events if e.location == "Al Mayadin"]
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in mayadin] == [
        ("Air/drone strike", "Coalition (US-led)", "Islamic State (Syria)")
    ]


def test_an_armed_attack_names_no_armed_victims(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقتل سبعة مدنيين في هجوم مسلح على سوق في الرقة اليوم."
    events = _events(events_stage, text)
    assert [e.sub_event_type for e in events] == ["Attack"]


@pytest.mark.parametrize(
    "text",
    [
        "وقصفت قوات النظام الميادين الأسبوع الفائت.",
        "وفي حادثة مماثلة، قصفت قوات النظام الميادين.",
        "وقصفت قوات النظام الميادين سابقا.",
    ],
)
def test_acts_told_as_earlier_are_background(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.background for e in _events(events_stage, text)] == [True]


def test_an_ally_in_cooperation_is_no_agent_carried_over(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وقال مصدر إن قوات النظام، بالتعاون مع الحرس الثوري الإيراني، قصفت مواقع لتنظيم داعش"
        " قرب السخنة اليوم."
    )
    events = _events(events_stage, text)
    assert [e.actor1 for e in events] == ["Military Forces of Syria"]
    text = (
        "وقال مصدر إنه بالتعاون مع الحرس الثوري الإيراني، قصفت مواقع لتنظيم داعش قرب السخنة اليوم."
    )
    assert [e.actor1 for e in _events(events_stage, text)] == [None]


def test_a_party_named_in_a_charge_is_no_party(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "واعتقلت قوات النظام شابين في الميادين اليوم بتهمة التعامل مع تنظيم داعش."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Arrests", "Military Forces of Syria", "Civilians (Syria)")
    ]


def test_what_a_protest_denounces_is_no_party(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وخرج مئات المتظاهرين في الرقة اليوم تنديدا بقصف قوات النظام."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Peaceful protest", "Protesters (Syria)", None)
    ]


def test_a_killing_pronoun_outside_the_result_counts_nothing(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "قتل 20 عنصرا من تنظيم داعش في معارك مع قوات النظام قرب السخنة اليوم، بينهم شقيق قيادي"
        " لقي مصرعه الشهر الماضي."
    )
    assert [e.fatalities for e in _events(events_stage, text)] == [20]


def test_kana_opening_the_sentence_before_a_past_verb_is_the_pluperfect(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وكانت قوات النظام قصفت الميادين بالمدفعية."
    assert [e.background for e in _events(events_stage, text)] == [True]
    # a noun told as going on is not
    text = "وكانت الاشتباكات مستمرة بين قوات النظام وتنظيم داعش قرب السخنة اليوم."
    assert [e.background for e in _events(events_stage, text)] == [False]


def test_a_takeover_with_ala_carrying_the_place_pronoun(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ودخلت قوات النظام الميادين اليوم وسيطرت عليها بشكل كامل."
    events = _events(events_stage, text)
    assert "Government regains territory" in [e.sub_event_type for e in events]


def test_a_list_of_province_names_places_a_summary_at_the_provinces(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "شنت طائرات التحالف الدولي غارات على مواقع تنظيم داعش في دير الزور والرقة وحمص اليوم،"
        " بينما استهدفت غارة أخرى للتحالف الدولي مقرا للتنظيم في الميادين."
    )
    ex = build(text, published=PUB)
    for place in ex.places:
        # the gazetteer names a chief town's province after it
        place.admin1 = "دير الزور" if place.text == "الميادين" else place.text
    events = events_stage(ex).events
    by_place = {e.location: e.geo_precision for e in events}
    assert "Deir-ez-Zor" not in by_place  # folded into the precise place inside it
    assert by_place["Al Mayadin"] != 3
    assert by_place["Ar-Raqqa"] == 3


def test_the_same_town_is_the_place_named_before(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "غارات على ريف دير الزور\n"
        "قصفت قوات النظام الميادين اليوم.\n"
        "وقتل مدنيان بقصف مدفعي على السوق في البلدة ذاتها، وفق ناشطين من الرقة."
    )
    events = _events(events_stage, text)
    assert {e.location for e in events} == {"Al Mayadin"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the force that disperses a protest is actor2; the protesters are actor1 (ACLED)
        (
            "واعتقلت قوات النظام عشرة من المحتجين خلال مظاهرة في درعا اليوم.",
            ("Protest with intervention", "Protesters (Syria)", "Military Forces of Syria"),
        ),
        # excessive force keeps the force that fires as actor1, the protesters are actor2
        (
            "وأطلقت قوات النظام الرصاص الحي على المتظاهرين في درعا اليوم فقتلت اثنين منهم.",
            ("Excessive force against protesters", "Military Forces of Syria", "Protesters"),
        ),
        # the verb split from its object (VSO) and the killing verb with its clitic
        (
            "أطلقت قوات النظام النار على المتظاهرين في درعا اليوم فقتلت اثنين منهم.",
            ("Excessive force against protesters", "Military Forces of Syria", "Protesters"),
        ),
    ],
)
def test_protesters_are_actor1_of_a_protest_with_intervention(
    events_stage, text: str, expected: tuple[str, str, str | None]
) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in _events(events_stage, text) if e.event_type == "Protests"]
    assert events, text
    sub, actor1, actor2 = expected
    got = events[0]
    assert got.sub_event_type == sub
    assert (got.actor1 or "").startswith(actor1)
    if actor2 is not None:
        assert (got.actor2 or "").startswith(actor2)
        assert got.interaction == 16


def test_the_civilians_a_force_disperses_are_the_protesters_not_a_second_party(
    events_stage,
) -> None:  # type: ignore[no-untyped-def]
    text = (
        "تظاهر العشرات من أهالي مدينة درعا اليوم أمام مبنى المحافظة احتجاجا على الغلاء، "
        "وفرقت قوات النظام المحتجين بالغاز المسيل للدموع."
    )
    events = [e for e in _events(events_stage, text) if e.event_type == "Protests"]
    assert [(e.sub_event_type, e.inter1, e.inter2) for e in events] == [
        ("Protest with intervention", 6, 1)
    ]


def test_shots_into_the_air_are_no_attack(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "تظاهر المئات في درعا اليوم، وأطلقت قوات النظام الرصاص في الهواء لتفريقهم."
    events = _events(events_stage, text)
    assert [e.event_type for e in events] == ["Protests"]
    text = "قتل مسلحون مجهولون شابا برصاص في الرأس في درعا اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Attack"]


def test_a_peaceful_protest_has_no_second_party(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the armed group the protest is about is not an intervening force
    text = "وتظاهر عناصر من قوات النظام في درعا اليوم للمطالبة برواتبهم المتأخرة."
    events = [e for e in _events(events_stage, text) if e.event_type == "Protests"]
    assert [(e.sub_event_type, e.inter1, e.actor2) for e in events] == [
        ("Peaceful protest", 6, None)
    ]


def test_an_act_retold_at_once_with_its_agent_is_one_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    # told first without its agent, then retold in a quote with the agent and a spot that
    # resolves elsewhere: one act, the agent joined to the first mention
    text = (
        "قتل 7 أشخاص في هجوم مسلح في الميادين مساء اليوم. وقال مسؤول محلي إن "
        '"مسلحين مجهولين قتلوا 7 أشخاص داخل منزل في عياش".'
    )
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.location) for e in events] == [
        ("Attack", "Unidentified Armed Group (Syria)", "Al Mayadin")
    ]


def test_two_acts_with_different_tolls_stay_two(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "قتل 7 أشخاص في هجوم مسلح في الميادين مساء اليوم. وفي هجوم آخر قتل "
        "مسلحون مجهولون 3 أشخاص في عياش."
    )
    events = _events(events_stage, text)
    assert len(events) == 2


def test_an_air_strike_its_named_agent_disowns_is_unowned(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "أعلنت دمشق أن التحالف الدولي شن غارة جوية على موقع لقوات النظام في البوكمال اليوم،"
        " وهو ما نفاه التحالف الدولي."
    )
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Air/drone strike", "Unidentified Military Forces")
    ]


def test_an_air_strike_whose_agent_denies_something_else_keeps_its_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "شنت طائرات التحالف غارة على مواقع داعش في البوكمال اليوم، ونفى التحالف الدولي"
        " استهداف مناطق مدنية."
    )
    events = _events(events_stage, text)
    assert [e.actor1 for e in events] == ["Coalition (US-led)"]
