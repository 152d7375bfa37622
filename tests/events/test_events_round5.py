"""Rules added in the fifth round (errors read on unlabeled reports): each sentence is our own."""

from __future__ import annotations

import pytest
from handbuilt import build
from handbuilt import events as _events

from marsad.model import Actor


def _subs(events):  # type: ignore[no-untyped-def]
    return [(e.sub_event_type, e.actor1) for e in events]


def test_a_death_sentence_across_a_comma_is_no_attack(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وحكمت محكمة عراقية في الميادين، الأحد، بالإعدام على خمسة مدانين."
    assert _events(events_stage, text) == []


def test_an_execution_without_a_court_is_still_an_attack(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وأعدم تنظيم داعش خمسة مدنيين في الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Attack"]


@pytest.mark.parametrize(
    "text",
    [
        # the need for an act, right before it
        "وشدد الوزير على ضرورة انسحاب قوات النظام من الميادين.",
        "وأكد الوزير ضرورة إرسال قوات النظام إلى الميادين.",
        # videos spreading, money and letters sent
        "وانتشرت مقاطع فيديو لقوات النظام في الميادين.",
        "وأرسلت قوات النظام 100 مليون دولار إلى الميادين.",
        "وأرسل قائد قوات النظام رسالة إلى وجهاء الميادين.",
        # wishing to act
        "وأعلنت واشنطن أن قوات النظام ترغب بالانسحاب من الميادين.",
        # reaching a level, a solution or talks; entering a consulate
        "وقال إن ما تفعله قوات النظام في الميادين قد يصل إلى درجة جرائم الحرب.",
        "وأبدت قوات النظام في الميادين رغبة في الوصول إلى حل والدخول في الحوار.",
        # the besieged area, singular
        "ويعاني المدنيون في المنطقة المحاصرة من قبل قوات النظام في الميادين.",
    ],
)
def test_urged_acts_and_unarmed_moves_are_no_events(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _events(events_stage, text) == []


def test_a_movement_after_a_necessity_word_further_back_is_kept(events_stage) -> None:  # type: ignore[no-untyped-def]
    # (ضرورة cancels only the act right after it)
    text = "وأكد المتحدث ضرورة التهدئة بعد أن انسحبت قوات النظام من الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Change to group/activity"]


def test_a_siege_laid_is_still_an_event(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وفرضت قوات النظام حصارا على الميادين اليوم."
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Change to group/activity"]


@pytest.mark.parametrize(
    "text",
    [
        "وسقطت شظايا صاروخ اعترضته الدفاعات الجوية فوق الميادين.",
        "وأظهرت الصور شظايا صاروخ باليستي اعترضته الدفاعات الجوية في طريقه لاستهداف الميادين.",
    ],
)
def test_an_intercepted_missile_is_a_disrupted_attack(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.sub_event_type for e in _events(events_stage, text)] == ["Disrupted weapons use"]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("واقتحم المتظاهرون مقر قوات النظام في الميادين.", "المتظاهرون"),
        ("وهاجم المحتجون مقر قوات النظام في الميادين.", "المحتجون"),
    ],
)
def test_protesters_storming_or_attacking_riot(events_stage, text: str, surface: str) -> None:  # type: ignore[no-untyped-def]
    ex = build(text)
    start = text.index(surface)
    ex.actors.append(
        Actor(
            start,
            start + len(surface),
            surface,
            "protesters_syria",
            "Protesters (Syria)",
            inter=6,
            kind="protesters",
        )
    )
    ex.actors.sort(key=lambda a: a.start)
    subs = [e.sub_event_type for e in events_stage(ex).events]
    assert "Violent demonstration" in subs
    assert not any("territory" in s or s == "Armed clash" for s in subs)


@pytest.mark.parametrize(
    "text",
    [
        "وهاجم وزير الخارجية ما وصفه بتدخل قوات النظام في الميادين.",
        "وهاجم الرئيس تصريحات قادة تنظيم داعش في الميادين.",
    ],
)
def test_attacks_in_words_are_no_clashes(events_stage, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(e.sub_event_type == "Armed clash" for e in _events(events_stage, text))


def test_an_attack_by_gunmen_is_still_coded(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وهاجم مسلحون مجهولون حاجزا لقوات النظام في الميادين اليوم."
    assert _events(events_stage, text) != []


def test_a_yes_no_question_asserts_no_act(events_stage) -> None:  # type: ignore[no-untyped-def]
    text = "وتساءل أحد أقاربه: هل اعتقلته قوات النظام في الميادين؟"
    assert _events(events_stage, text) == []
