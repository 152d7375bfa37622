"""Fusion decisions on the edge cases: when two reports are, and are not, the same event."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from marsad.store.fusion import ActorInfo, compare, date_window, fuse, fused_confidence

ACTORS = {
    "fatemiyoun": ActorInfo(kind="militia", patrons=("irgc",)),
    "zainebiyoun": ActorInfo(kind="militia", patrons=("irgc",)),
    "sdf": ActorInfo(kind="armed_group"),
    "generic:iranian_militias": ActorInfo(generic=True, kind="militia", patrons=("irgc",)),
    "generic:regime_forces": ActorInfo(generic=True, kind="state_force"),
}


def ev(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "ev-x",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "event_date": "2026-11-24",
        "time_precision": 1,
        "actor2_id": "fatemiyoun",
        "actor2": "Liwa Fatemiyoun",
        "location": "Al Mayadin",
        "latitude": 35.0176,
        "longitude": 40.4517,
        "geo_precision": 1,
        "background": False,
        "confidence": 0.6,
    }
    base.update(kw)
    return base


@pytest.mark.parametrize(
    ("new", "expected", "failing"),
    [
        (ev(), True, None),
        (ev(event_date="2026-11-25"), False, "date"),  # same place, the next day
        (ev(latitude=35.0176 + 0.27), False, "place"),  # same day, ~30 km north
        (ev(latitude=35.0176 + 0.03), True, None),  # same day, ~3 km: the same town
        (ev(sub_event_type="Shelling/artillery/missile attack"), False, "sub_event_type"),
        (ev(actor2_id="generic:iranian_militias", actor2="الميليشيات الإيرانية"), True, None),
        (ev(actor2_id="generic:regime_forces", actor2="قوات النظام"), False, "actor2"),
        (ev(actor2_id="zainebiyoun", actor2="Liwa Zainebiyoun"), False, "actor2"),
        (ev(actor2_id=None, actor2=None), True, None),  # one report does not name the target
        (ev(event_date=None), False, "date"),
        (ev(event_date="2026-11-22", time_precision=2), True, None),  # "that week"
        (ev(event_date="2026-11-05", time_precision=3), True, None),  # "in November"
        (ev(event_date="2026-10-30", time_precision=2), False, "date"),
        (ev(latitude=None, longitude=None), True, None),  # no coordinates, same place name
        (ev(latitude=None, longitude=None, location="Al Quriyah"), False, "place"),
        (ev(latitude=None, longitude=None, location=None), True, None),  # place not reported
        (ev(actor1_id="unidentified_armed_group_syria", actor1="مسلحون مجهولون"), True, None),
    ],
)
def test_compare_edge_cases(new: dict[str, Any], expected: bool, failing: str | None) -> None:
    decision = compare(new, ev(id="ev-old"), actors=ACTORS)
    assert decision.match is expected
    assert decision.candidate_id == "ev-old"
    if failing:
        assert [c.name for c in decision.checks if not c.ok] == [failing]


def test_wider_place_precision_allows_more_distance() -> None:
    # ريف الميادين (countryside, geo precision 2) ~20 km away is compatible
    rif = ev(latitude=35.0176 + 0.18, geo_precision=2, location="Rif al Mayadin")
    assert compare(rif, ev(), actors=ACTORS).match
    assert not compare(ev(latitude=35.0176 + 0.18), ev(), actors=ACTORS).match


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        # a recalled strike on the same day and place as a stored one: fused, strictly checked
        (ev(background=True), True),
        # background with only the month known is never fused with a dated new event
        (ev(background=True, event_date="2026-11-01", time_precision=3), False),
        # background claims do not get generic-vs-named leniency
        (ev(background=True, actor2_id="generic:iranian_militias"), False),
        # background 8 km away (fine for new events) is too far for a background claim
        (ev(background=True, latitude=35.0176 + 0.072), False),
    ],
)
def test_background_claims_fuse_only_strictly(new: dict[str, Any], expected: bool) -> None:
    decision = compare(new, ev(id="ev-old"), actors=ACTORS)
    assert decision.match is expected
    assert any(c.name == "background" for c in decision.checks)


def test_target_named_as_actor1_in_one_report_fuses() -> None:
    old = ev(actor1_id="unidentified_military_forces", actor1="Unidentified Military Forces")
    new = ev(actor1_id="fatemiyoun", actor1="Liwa Fatemiyoun", actor2_id=None, actor2=None)
    decision = compare(
        new,
        old,
        actors={"unidentified_military_forces": ActorInfo(generic=True, kind="unidentified")},
    )
    assert decision.match
    assert "swapped" in " ".join(c.detail for c in decision.checks)


def test_background_claim_without_place_is_not_fused() -> None:
    assert not compare(
        ev(background=True, latitude=None, longitude=None, location=None), ev()
    ).match


def test_clash_reported_from_either_side_fuses() -> None:
    a = ev(event_type="Battles", sub_event_type="Armed clash", actor1_id="sdf", actor1="SDF")
    b = ev(
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1_id="fatemiyoun",
        actor1="Liwa Fatemiyoun",
        actor2_id="sdf",
        actor2="SDF",
    )
    decision = compare(b, a, actors=ACTORS)
    assert decision.match
    assert "swapped" in " ".join(c.detail for c in decision.checks)


def test_date_window() -> None:
    assert date_window("2026-11-24", 1) == (date(2026, 11, 24), date(2026, 11, 24))
    assert date_window("2026-11-24", 2) == (date(2026, 11, 21), date(2026, 11, 27))
    assert date_window("2026-02-10", 3) == (date(2026, 2, 1), date(2026, 2, 28))
    assert date_window("not a date", 1) is None


def test_fuse_takes_most_precise_fields() -> None:
    vague = ev(
        event_date="2026-11-10",
        time_precision=3,
        actor2_id="generic:iranian_militias",
        actor2="الميليشيات الإيرانية",
        latitude=35.1,
        longitude=40.5,
        geo_precision=3,
        location="Deir ez-Zor countryside",
        fatalities=5,
        source="Outlet A",
        confidence=0.5,
    )
    precise = ev(fatalities=2, source="Outlet B", confidence=0.6)
    canonical = fuse([vague, precise], actors=ACTORS)
    assert canonical["event_date"] == "2026-11-24"
    assert canonical["time_precision"] == 1
    assert canonical["location"] == "Al Mayadin"
    assert canonical["actor2_id"] == "fatemiyoun"
    assert canonical["fatalities"] == 5
    assert canonical["source"] == "Outlet A; Outlet B"
    assert canonical["confidence"] == pytest.approx(0.8)
    assert canonical["background"] is False
    assert fuse([ev(background=True)])["background"] is True


@pytest.mark.parametrize(
    ("values", "expected"),
    [([0.5], 0.5), ([0.5, 0.5], 0.75), ([None, 0.0], 0.5), ([1.0, 1.0], 0.99)],
)
def test_fused_confidence(values: list[float | None], expected: float) -> None:
    assert fused_confidence(values) == pytest.approx(expected)
