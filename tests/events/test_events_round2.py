"""Rules added in the second round on real reports (issue 5): each sentence is our own."""

from __future__ import annotations

import pytest
from handbuilt import events as _events

from marsad.events.triggers import default_lexicon


def test_a_noun_the_splitter_cuts_bare_matches_under_a_clitic() -> None:
    # bare كمين is cut as ك + مين, بكمين / الكمين keep كمين whole: both are keys
    keys = default_lexicon().entries
    assert "كمين" in keys and "مين" in keys


def test_an_ambush_with_bi_is_a_clash_and_the_owner_under_li_its_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وتمكنت قوات النظام من تدمير ثلاث آليات لتنظيم داعش بكمين في السخنة اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Armed clash", "Military Forces of Syria", "Islamic State (Syria)")
    ]


def test_a_helper_is_an_associated_actor_not_the_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "شنت طائرات التحالف الدولي غارات على الرقة اليوم بمساعدة من قوات سوريا الديمقراطية."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Air/drone strike", "Coalition (US-led)", None)
    ]


def test_holding_captives_in_the_imperfect_is_no_arrest(events_stage) -> None:  # type: ignore[no-untyped-def]
    assert _events(events_stage, "ويحتجز تنظيم داعش عشرة مدنيين في الرقة.") == []
    events = _events(events_stage, "واحتجز تنظيم داعش عشرة مدنيين في الرقة أمس.")
    assert [e.sub_event_type for e in events] == ["Arrests"]


def test_after_relates_to_its_own_clause(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the takeover after بعد is today's news: the strike of the other clause does not make it
    # earlier context
    text = "وتواصل قوات النظام القصف الجوي على درعا، كما تقدمت، بعد سيطرتها على بلدة عياش."
    events = _events(events_stage, text)
    takeover = [e for e in events if e.sub_event_type == "Government regains territory"]
    assert [(e.location, e.background) for e in takeover] == [("Ayyash", False)]


def test_the_dead_of_a_battle_are_no_side(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ونقلت جثث 11 شخصا قتلوا خلال المعارك التي شهدتها تدمر قبل أيام."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor2, e.background) for e in events] == [
        ("Armed clash", None, True)
    ]


def test_civilians_moved_by_an_army_are_no_change_to_its_activity(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقامت قوات النظام بتأمين ممرات للأهالي ونقلهم إلى دير الزور اليوم."
    events = _events(events_stage, text)
    assert "Change to group/activity" not in [e.sub_event_type for e in events]


def test_a_sentence_telling_where_the_act_took_place_gives_its_place(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "جنوب دير الزور" is only a direction from the city; "ووقع الهجوم قرب بلدة عياش" says where
    text = (
        "قتل ثلاثة مدنيين في هجوم على طريق رئيسي جنوب دير الزور أمس. "
        "ووقع الهجوم قرب بلدة عياش، بحسب مصدر أمني."
    )
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Attack", "Ayyash")]


def test_fighters_counted_as_loyal_to_a_party_make_it_the_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقتل 12 مسلحا مواليا لقوات النظام، بحسب ناشطين، في غارات جوية على البوكمال أمس."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Air/drone strike", None, "Military Forces of Syria")
    ]


def test_the_place_of_a_source_is_not_the_place_of_the_act(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "قال مصدر عسكري في دير الزور إن غارة جوية استهدفت مواقع في عياش أمس."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Air/drone strike", "Ayyash")]
    text = "وقال مصدر عسكري في دير الزور اليوم إن الضربة الجوية طالت مواقع مشتركة."
    assert _events(events_stage, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "بدأت طائرات التحالف الدولي بشن غارات جوية على مناطق عدة في محافظة إدلب أمس.",
        "وشنت طائرات التحالف الدولي غارات على عدة مناطق في الرقة أمس.",
    ],
)
def test_acts_on_several_unnamed_areas_are_a_summary(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _events(events_stage, text) == []


def test_an_act_a_span_of_days_before_another_is_background(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "قتل جندي في اشتباكات مع تنظيم داعش في السخنة أمس، بعد ثلاثة أيام على هجوم انتحاري "
        "نفذه التنظيم في تدمر."
    )
    events = _events(events_stage, text)
    assert sorted((e.sub_event_type, e.background) for e in events) == [
        ("Armed clash", False),
        ("Suicide bomb", True),
    ]


def test_a_part_played_in_battles_is_a_summary(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ولعب عناصر الفوج 47 دورا بارزا في المعارك ضد تنظيم داعش في دير الزور."
    assert _events(events_stage, text) == []


def test_held_in_custody_is_a_state_not_an_arrest(events_stage) -> None:  # type: ignore[no-untyped-def]
    assert _events(events_stage, "وتبقى قيد الاحتجاز عشر نساء في الرقة بحسب ناشطين.") == []


def test_an_act_placed_only_at_a_border_takes_no_other_place(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "شنت طائرات التحالف الدولي غارات على مواقع تنظيم داعش في الرقة أمس. "
        "وقتل جندي في تبادل لإطلاق النار مع تنظيم داعش عبر الحدود التركية السورية أمس."
    )
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Air/drone strike", "Ar-Raqqa")]


def test_victims_named_first_are_no_agent_carried_to_armed_violence(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقتل المدنيين الثلاثة في هجوم تنظيم داعش على تدمر أمس، وشمل الهجوم تفجيرات انتحارية."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Suicide bomb", "Islamic State (Syria)")
    ]
