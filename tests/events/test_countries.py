"""Country names for events and generic actors beyond the taxonomy's own table."""

from __future__ import annotations

import pytest

from marsad.events.exports import acled_row
from marsad.events.taxonomy import Taxonomy
from marsad.model import Document, Event, Extraction


@pytest.mark.parametrize(
    ("code", "fallback", "name"),
    [
        ("SY", None, "Syria"),
        ("ps", None, "Palestine"),  # the taxonomy's ACLED spelling wins over GeoNames'
        ("TN", None, "Tunisia"),  # not in the taxonomy's table: GeoNames' name
        ("SD", "السودان", "Sudan"),
        (None, "Yemen", "Yemen"),
        (None, "اليمن", "Syria"),  # nothing English known
        ("XX", None, "Syria"),
    ],
)
def test_country_name(code: str | None, fallback: str | None, name: str) -> None:
    assert Taxonomy.load().country_name(code, fallback) == name


def test_acled_row_has_iso_codes_for_any_country() -> None:
    extraction = Extraction(document=Document(text="تظاهر العشرات في تونس."))
    event = Event(event_type="Protests", sub_event_type="Peaceful protest", country="Tunisia")
    row = acled_row(extraction, event, 1)
    assert row["iso"] == 788
    assert row["event_id_cnty"].startswith("TUN")
    syrian = acled_row(
        extraction,
        Event(event_type="Protests", sub_event_type="Peaceful protest", country="Syria"),
        2,
    )
    assert (syrian["iso"], syrian["region"]) == (760, "Middle East")
