"""Unit tests of the UI's data shaping and asset lookup (no server, no browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad.web import data
from marsad.web.assets import MARKERS, AssetsMissing, find_node_modules, vendor_file
from marsad.web.router import WebSettings

ACTORS = [
    {"id": "irgc", "patrons": []},
    {"id": "fajr", "patrons": ["irgc"]},
    {"id": "fajr_unit", "patrons": ["fajr"]},
    {"id": "sdf", "patrons": ["usa"]},
]


@pytest.mark.parametrize(
    ("actor", "kb", "expected"),
    [
        ("irgc", [], {"irgc", "fajr", "fajr_unit"}),  # transitive through the store's patrons
        ("fajr", [], {"fajr", "fajr_unit"}),
        ("sdf", [], {"sdf"}),
        ("usa", [], {"usa", "sdf"}),
        ("irgc", ["kb_only_proxy"], {"irgc", "fajr", "fajr_unit", "kb_only_proxy"}),
    ],
)
def test_proxy_ids(actor: str, kb: list[str], expected: set[str]) -> None:
    assert data.proxy_ids(actor, actors=ACTORS, kb_proxies=kb) == expected


@pytest.mark.parametrize(
    ("place", "event", "expected"),
    [
        ("الميادين", {"location": "مدينة المَيادين"}, True),  # harakat ignored
        ("الميادين", {"location": "Al-Mayadin"}, False),
        ("mayadin", {"location": "Al-Mayadin"}, True),
        ("دير الزور", {"location": "x", "admin1": "دير الزور"}, True),
        ("", {"location": None}, True),
        ("رقة", {}, False),
    ],
)
def test_place_matches(place: str, event: dict[str, Any], expected: bool) -> None:
    assert data.place_matches(event, place) is expected


def test_compact_keeps_what_the_page_draws() -> None:
    event = {
        "id": "ev-1",
        "event_date": "2026-11-10",
        "event_type": "Strategic developments",
        "sub_event_type": "Change to group/activity",
        "latitude": 34.9,
        "longitude": 40.5,
        "geo_precision": None,
        "fatalities": None,
        "actor1": "A",
        "actor1_id": "a",
        "background": 1,
        "route": [{"role": "origin", "name": "س", "lat": 1.0, "lon": 2.0, "start": 3}],
        "sources": [{}, {}],
        "notes": "long text the map does not need",
    }
    row = data.compact(event)
    assert row["prec"] == 1 and row["fat"] == 0 and row["bg"] is True and row["n"] == 2
    assert row["route"] == [{"role": "origin", "name": "س", "lat": 1.0, "lon": 2.0}]
    assert "notes" not in row


def test_facets_are_sorted_and_distinct() -> None:
    events = [
        {"event_type": "Battles", "sub_event_type": "Armed clash", "admin1": "B", "location": "x"},
        {"event_type": "Battles", "sub_event_type": "Armed clash", "admin1": "A", "location": None},
        {"event_type": "Protests", "sub_event_type": None, "admin1": None, "location": "y"},
    ]
    assert data.facets(events) == {
        "event_types": ["Battles", "Protests"],
        "sub_event_types": ["Armed clash"],
        "admin1": ["A", "B"],
        "locations": ["x", "y"],
    }


def _fake_node_modules(root: Path) -> Path:
    for package, marker in MARKERS.items():
        path = root / package / marker
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* test */")
    (root / "private-package").mkdir()
    (root / "private-package" / "secret.js").write_text("no")
    return root


def test_assets_env_override_and_allow_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _fake_node_modules(tmp_path / "node_modules")
    monkeypatch.setenv("MARSAD_WEB_ASSETS", str(root))
    assert find_node_modules() == root
    assert vendor_file(root, "leaflet", "dist/leaflet.js") == (root / "leaflet/dist/leaflet.js")
    assert vendor_file(root, "private-package", "secret.js") is None
    assert vendor_file(root, "leaflet", "../private-package/secret.js") is None
    assert vendor_file(root, "leaflet", "dist/missing.js") is None


def test_assets_missing_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_WEB_ASSETS", str(tmp_path))
    monkeypatch.setattr("marsad.web.assets.candidate_dirs", lambda: [tmp_path])
    with pytest.raises(AssetsMissing, match="npm ci"):
        find_node_modules()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), ("none", None), ("OFF", None), ("http://tiles.local/{z}/{x}/{y}.png", "same")],
)
def test_tile_url_from_env(
    value: str, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_TILE_URL", value)
    got = WebSettings.from_env().tile_url
    assert got == (value if expected == "same" else None)
