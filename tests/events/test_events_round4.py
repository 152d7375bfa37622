"""Rules added in the fourth round (errors read on unlabeled reports): each sentence is our own."""

from __future__ import annotations

import pytest
from handbuilt import events as _events


def _subs(events):  # type: ignore[no-untyped-def]
    return [(e.sub_event_type, e.actor1) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        # wanting, resolving, being able to or about to act
        "وقالت موسكو إنها تريد انتشار قوات النظام في الميادين.",
        "وأعلنت قوات سوريا الديمقراطية عزمها نقل مقاتليها إلى الميادين.",
        "ويرى محللون أن قوات النظام قادرة على حشد مقاتليها قرب الميادين.",
        "وقال المتحدث إن قوات النظام على وشك دخول الميادين.",
        "وحددت المهلة للفصائل من أجل إخلاء مواقعها في الميادين.",
        # calls and demands, across a comma
        "ودعا قائد عسكري، في بيان اليوم، مقاتلي تنظيم داعش إلى الانسحاب من الميادين.",
        "وطالبت الحكومة قوات سوريا الديمقراطية بإخلاء مواقعها في الميادين.",
    ],
)
def test_wished_planned_or_called_for_acts_are_no_events(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _events(events_stage, text) == []


def test_a_movement_done_is_still_an_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وانسحبت قوات سوريا الديمقراطية من الميادين اليوم."
    assert _subs(_events(events_stage, text)) == [
        ("Change to group/activity", "SDF: Syrian Democratic Forces")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # withdrawing from a deal, a conference or talks is politics
        "وقررت قوات النظام الانسحاب من الاتفاق الموقع في الميادين.",
        "وأعلنت قوات سوريا الديمقراطية انسحابها من المفاوضات الجارية في الميادين.",
        # the terms of a deal
        "وتمنح اتفاقات انسحاب مقاتلي تنظيم داعش ممرا آمنا من الميادين.",
        # the wounded carried, envoys and goods moving
        "وأصيب عنصر من قوات النظام ونقل إلى المستشفى في الميادين.",
        "وغادر المبعوث الدولي الميادين اليوم بعد لقاء مع قوات النظام.",
        # sanctions imposed
        "وطالب المسؤول بفرض العقوبات على قوات النظام في الميادين.",
    ],
)
def test_political_and_civil_movements_are_no_change_of_activity(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(
        e.sub_event_type == "Change to group/activity" for e in _events(events_stage, text)
    )


def test_reinforcements_hit_by_a_strike_are_its_target_not_a_movement(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقال المرصد إن طائرات التحالف استهدفت تعزيزات لتنظيم داعش قرب الميادين اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor2) for e in events] == [
        ("Air/drone strike", "Islamic State (Syria)")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # "in the face of", "confronting": no fight
        "وفي مواجهة تلك التطورات عقد مجلس المحافظة جلسة طارئة في الميادين اليوم.",
        "وتخشى قوات النظام مواجهة وشيكة قرب الميادين.",
        # standing up to a policy or a danger
        "ودعت الحكومة في الميادين إلى التصدي للعدوان الإقليمي.",
        "وتعمل قوات النظام على التصدي للأنفاق في الميادين.",
    ],
)
def test_facing_or_standing_up_to_something_is_no_clash(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(e.sub_event_type == "Armed clash" for e in _events(events_stage, text))


@pytest.mark.parametrize(
    "text",
    [
        "وقتل ثلاثة عناصر من قوات النظام في مواجهة مع تنظيم داعش قرب الميادين اليوم.",
        "وتتصدى قوات النظام لهجوم تنظيم داعش قرب الميادين اليوم.",
        "وأعلنت قوات النظام التصدي لمحاولة تسلل لتنظيم داعش قرب الميادين اليوم.",
    ],
)
def test_a_confrontation_or_repelling_with_a_side_is_a_clash(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "Armed clash" in [e.sub_event_type for e in _events(events_stage, text)]


def test_a_contrast_opens_a_clause_of_its_own(events_stage) -> None:  # type: ignore[no-untyped-def]
    # the air power belongs to the counter-attack told after لكنها, not to the first attack
    text = (
        "وشن الجيش الحر هجوما على قوات النظام في درعا اليوم لكنها ردت بهجوم مضاد معتمدة على"
        " القوة الجوية."
    )
    events = _events(events_stage, text)
    assert ("Armed clash", "Free Syrian Army") in _subs(events)


def test_who_an_attack_is_to_drive_out_is_its_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وشن الجيش الحر هجوما لطرد قوات النظام من درعا اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Armed clash", "Free Syrian Army", "Military Forces of Syria")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وتمكنت قوات النظام من تحرير مطار الميادين من تنظيم داعش اليوم.",
            [("Government regains territory", "Military Forces of Syria", "Islamic State (Syria)")],
        ),
        (
            "وانتزع الجيش الحر السيطرة على الميادين من أيدي تنظيم داعش اليوم.",
            [("Non-state actor overtakes territory", "Free Syrian Army", "Islamic State (Syria)")],
        ),
        # the side a place was taken from is never who took it: with no taker named, no event
        ("ونجحت القوات المشتركة في تحرير مطار الميادين من تنظيم داعش اليوم.", []),
    ],
)
def test_the_side_a_place_is_taken_from_is_the_target(events_stage, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == expected


def test_an_awaited_takeover_is_no_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    awaited = "وتترقب قوات النظام تحرير الميادين من تنظيم داعش."
    assert _events(events_stage, awaited) == []
    done = "وأعلنت قوات النظام تحرير الميادين من تنظيم داعش."
    assert [e.sub_event_type for e in _events(events_stage, done)] == [
        "Government regains territory"
    ]


def test_destruction_by_aircraft_is_an_air_strike(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ودمرت طائرات التحالف اليوم مستودعا لتنظيم داعش قرب الميادين."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Air/drone strike"]


@pytest.mark.parametrize(
    "text",
    [
        # destroying what was intercepted is the interception
        "وتمكنت الدفاعات الجوية من اعتراضه وتدميره فوق الميادين اليوم.",
        # destruction listed as an effect of the strike told before it
        "وقصفت طائرات التحالف الميادين اليوم، ما أدى إلى مقتل ثلاثة مدنيين إضافة إلى تدمير منازل.",
        # a court preventing a demolition
        "وأصدرت المحكمة أمرا يمنع قوات النظام من هدم منازل في الميادين.",
    ],
)
def test_destruction_that_is_part_of_another_act_or_prevented(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(
        e.sub_event_type == "Looting/property destruction" for e in _events(events_stage, text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "واحتجزت قوات النظام سفينة تجارية قرب الميادين اليوم.",
        "وأنقذ الدفاع المدني أربعة أشخاص احتجزتهم السيول قرب الميادين اليوم.",
        "وأوقفت قوات النظام تمويل المجلس المحلي في الميادين اليوم.",
    ],
)
def test_ships_held_people_trapped_and_funding_stopped_are_no_arrests(
    events_stage, text: str
) -> None:  # type: ignore[no-untyped-def]
    assert not any(e.sub_event_type == "Arrests" for e in _events(events_stage, text))


def test_an_arrest_is_still_an_arrest(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "واعتقلت قوات النظام ثلاثة شبان في الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Arrests"]


@pytest.mark.parametrize(
    "text",
    [
        "ودخلت معركة تحرير الميادين مرحلة جديدة اليوم.",
        "وتكتسب الميادين أهمية في معركة الجيش الحر مع تنظيم داعش.",
        "وقال إن قوات النظام ماضية في معركتها ضد تنظيم داعش قرب الميادين.",
        "وأكد احترام قواعد الاشتباك في الميادين.",
    ],
)
def test_a_named_campaign_or_rules_of_engagement_are_no_clash(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(e.sub_event_type == "Armed clash" for e in _events(events_stage, text))


def test_a_battle_told_with_a_preposition_is_a_clash(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ودارت معركة عنيفة بين قوات النظام وتنظيم داعش في الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Armed clash"]


def test_a_call_does_not_reach_past_a_clause_opener(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وألقت مروحيات منشورات داعية السكان إلى المصالحة، فيما قصفت طائرات التحالف الميادين اليوم."
    )
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Air/drone strike"]


def test_a_battle_fought_with_weapons_is_a_clash(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقتل جندي من قوات النظام في معركة بالأسلحة مع تنظيم داعش قرب الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Armed clash"]


def test_a_place_retaken_from_a_named_side_by_an_unnamed_force_is_kept(events_stage) -> None:  # type: ignore[no-untyped-def]
    # a finite verb tells the deed; the side the place was taken from is actor2, actor1 unknown
    text = "واستعادت قوات الجيش الوطني السيطرة على الميادين من تنظيم داعش اليوم."
    events = _events(events_stage, text)
    assert [(e.actor1, e.actor2, e.location) for e in events] == [
        (None, "Islamic State (Syria)", "Al Mayadin")
    ]


def test_a_weapon_fired_by_a_party_named_after_it_has_that_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقتل مدنيان بقذيفة هاون أطلقها تنظيم داعش على الميادين اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Shelling/artillery/missile attack", "Islamic State (Syria)")
    ]


def test_the_dead_of_a_separate_incident_add_up(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وقتل ثلاثة مدنيين بقذائف أطلقها تنظيم داعش على الميادين اليوم. وفي حادث منفصل، قتل"
        " مدنيان بقذيفة أطلقها تنظيم داعش على الميادين اليوم."
    )
    events = _events(events_stage, text)
    assert [(e.actor1, e.fatalities) for e in events] == [("Islamic State (Syria)", 5)]


def test_a_turn_of_topic_is_no_separate_incident(events_stage) -> None:  # type: ignore[no-untyped-def]
    # "من جهة أخرى" only turns the topic: the same pair, place and day keep the lowest toll
    text = (
        "وقتل ثلاثة مدنيين بقذائف أطلقها تنظيم داعش على الميادين اليوم. ومن جهة أخرى، قتل"
        " مدنيان بقذيفة أطلقها تنظيم داعش على الميادين اليوم."
    )
    events = _events(events_stage, text)
    assert [(e.actor1, e.fatalities) for e in events] == [("Islamic State (Syria)", 2)]


def test_reinforcements_named_after_the_striking_party_are_its_target(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "واستهدفت طائرات التحالف اليوم تعزيزات لتنظيم داعش قرب الميادين."
    events = _events(events_stage, text)
    assert not any(e.sub_event_type == "Change to group/activity" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "وقضت محكمة بأن تدفع الحكومة تعويضات لسكان الميادين.",
        "وقال المسؤول إن قوات النظام قصفت الميادين، وفق ما نقلت وكالة محلية.",
    ],
)
def test_paying_and_quoting_are_no_movements(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(
        e.sub_event_type == "Change to group/activity" for e in _events(events_stage, text)
    )


def test_fighters_counted_on_the_move_are_the_movers(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ووصلت إلى الميادين اليوم شاحنات تنقل عشرات المقاتلين من قوات سوريا الديمقراطية."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Change to group/activity", "SDF: Syrian Democratic Forces")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "واحتجزت قوات النظام سفنا محملة بالمواد الغذائية قرب الميادين اليوم.",
        "ودمرت قوات النظام آليات ومستودعات ذخيرة لتنظيم داعش قرب الميادين اليوم.",
        "ووقعت الانفجارات في مستودعات أسلحة لقوات النظام في الميادين اليوم.",
    ],
)
def test_aid_and_depots_named_alone_are_no_events_of_their_own(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    subs = [e.sub_event_type for e in _events(events_stage, text)]
    assert "Other" not in subs
    assert "Headquarters or base established" not in subs


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("ووزعت قوات النظام مساعدات غذائية على الأهالي في الميادين اليوم.", "Other"),
        (
            "وأقامت قوات النظام مستودعات للذخيرة قرب الميادين اليوم.",
            "Headquarters or base established",
        ),
    ],
)
def test_aid_handed_out_and_depots_built_are_events(events_stage, text: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    assert sub in [e.sub_event_type for e in _events(events_stage, text)]


@pytest.mark.parametrize(
    "text",
    [
        # court rulings
        "وأصدرت محكمة في الميادين اليوم حكما بالإعدام بحق ثلاثة من عناصر تنظيم داعش.",
        # floods
        "وجرفت السيول شابا قرب الميادين اليوم.",
        # a square named after liberation
        "وانتشرت قوات النظام في ميدان التحرير في الميادين اليوم.",
        # a decision issued
        "وأفرج تنظيم داعش عن سجناء في الميادين بموجب قرار صادر من قيادته.",
    ],
)
def test_rulings_floods_squares_and_decisions_are_not_violence(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    subs = [e.sub_event_type for e in _events(events_stage, text)]
    assert not {"Attack", "Looting/property destruction", "Disrupted weapons use"} & set(subs)
    assert "Non-state actor overtakes territory" not in subs
    assert "Government regains territory" not in subs


@pytest.mark.parametrize(
    "text",
    [
        "وقالت مصادر إن مروحيات قوات النظام أسقطت منشورات على الميادين اليوم.",
        "وسلم عشرة من عناصر تنظيم داعش أنفسهم لقوات النظام في الميادين اليوم.",
        "وأعلنت قوات النظام إطلاق معركة تحرير الميادين من تنظيم داعش اليوم.",
        "وأكد الناطق التزام قوات النظام بتحرير الميادين من تنظيم داعش.",
    ],
)
def test_leaflets_surrender_and_launched_campaigns_are_no_such_events(
    events_stage, text: str
) -> None:  # type: ignore[no-untyped-def]
    subs = [e.sub_event_type for e in _events(events_stage, text)]
    assert not {
        "Disrupted weapons use",
        "Non-violent transfer of territory",
        "Government regains territory",
        "Non-state actor overtakes territory",
    } & set(subs)


def test_a_town_handed_over_is_a_transfer(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وسلم تنظيم داعش الميادين لقوات النظام اليوم دون قتال."
    assert "Non-violent transfer of territory" in [
        e.sub_event_type for e in _events(events_stage, text)
    ]


def test_shelling_with_a_chemical_agent_is_one_chemical_attack(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقتل خمسة مدنيين في قصف لقوات النظام بغاز الكلور على الميادين اليوم."
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Chemical weapon", "Military Forces of Syria")
    ]


def test_a_strike_on_a_chemical_weapons_site_is_no_chemical_attack(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وشنت طائرات التحالف غارات على مركز لإنتاج الأسلحة الكيميائية قرب الميادين اليوم."
    assert "Chemical weapon" not in [e.sub_event_type for e in _events(events_stage, text)]


@pytest.mark.parametrize(
    "text",
    [
        "ووصل رئيس الوزراء إلى الميادين اليوم في زيارة تفقدية.",
        "ووصل المحققون الدوليون إلى الميادين اليوم.",
        "وغادرت الشركات الأجنبية الميادين اليوم.",
    ],
)
def test_officials_investigators_and_companies_travelling_are_no_movements(
    events_stage, text: str
) -> None:  # type: ignore[no-untyped-def]
    assert not any(
        e.sub_event_type == "Change to group/activity" for e in _events(events_stage, text)
    )


def test_a_call_for_an_inquiry_into_an_act_does_not_cancel_the_act(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ودعا المرصد إلى إجراء تحقيق بشأن قصف قوات النظام على الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == [
        "Shelling/artillery/missile attack"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "وتحطمت مروحية عسكرية قرب الميادين اليوم، مما أسفر عن مقتل طيارين.",
        "وقتل ثلاثة أطفال غرقا في نهر الفرات قرب الميادين اليوم.",
    ],
)
def test_a_toll_of_a_crash_or_drowning_is_no_violence(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _events(events_stage, text) == []


def test_a_crash_caused_by_fire_is_still_violence(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وتحطمت مروحية لقوات النظام بعد استهدافها بصاروخ أطلقه تنظيم داعش قرب الميادين اليوم."
    assert _events(events_stage, text) != []


def test_an_attempted_storming_is_no_takeover(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقال المرصد إن مقاتلي الجيش الحر حاولوا اقتحام الميادين اليوم."
    subs = [e.sub_event_type for e in _events(events_stage, text)]
    assert "Non-state actor overtakes territory" not in subs


def test_military_means_destroyed_by_aircraft_are_an_air_strike(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "ودمرت طائرات التحالف آليات ومنصات صواريخ لتنظيم داعش قرب الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Air/drone strike"]


def test_military_means_destroyed_in_a_clash_are_no_destruction_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "واشتبكت قوات النظام مع تنظيم داعش قرب الميادين اليوم ودمرت آليات للتنظيم."
    assert "Looting/property destruction" not in [
        e.sub_event_type for e in _events(events_stage, text)
    ]


def test_a_backer_named_before_the_act_is_not_its_agent(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وقالت مصادر إن قوات النظام بدعم من الحرس الثوري الإيراني قصفت الميادين اليوم."
    events = _events(events_stage, text)
    assert [e.actor1 for e in events] == ["Military Forces of Syria"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وقتل عشرة من عناصر لواء الزينبيين الموالي لقوات النظام في غارات شنتها طائرات التحالف"
            " على الميادين اليوم.",
            ("Air/drone strike", "Coalition (US-led)", "Liwa Zainabiyoun"),
        ),
        (
            "واعتقل لواء الزينبيين الموالي لقوات النظام عشرات الشبان في الميادين اليوم.",
            ("Arrests", "Liwa Zainabiyoun", "Civilians (Syria)"),
        ),
    ],
)
def test_the_party_a_group_is_loyal_to_is_no_side_of_the_act(
    events_stage, text: str, expected
) -> None:  # type: ignore[no-untyped-def]
    events = _events(events_stage, text)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [expected]


def test_a_generic_actor_with_and_without_its_kb_id_is_one_party_when_merging() -> None:
    from marsad.events.linking import _merge
    from marsad.model import Event

    def attack(actor2_id: str | None, fatalities: int) -> Event:
        return Event(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            event_date="2025-11-20",
            time_precision=1,
            actor2="Civilians (Syria)",
            actor2_id=actor2_id,
            location="Al Mayadin",
            latitude=35.0193,
            longitude=40.4510,
            fatalities=fatalities,
        )

    merged = _merge([attack("civilians", 0), attack(None, 1)])
    assert [(e.actor2, e.fatalities) for e in merged] == [("Civilians (Syria)", 1)]


def test_a_purpose_of_demanding_does_not_cancel_the_act_after_its_comma(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "وتوجه الأهالي إلى الحاجز للمطالبة بالإفراج عن المعتقلين، فقصفت قوات النظام الميادين اليوم."
    )
    assert "Shelling/artillery/missile attack" in [
        e.sub_event_type for e in _events(events_stage, text)
    ]
