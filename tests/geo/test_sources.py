"""Which of a GeoNames entry's Arabic-script names becomes the one shown."""

from __future__ import annotations

import pytest

from marsad.geo.sources import _arabic_names


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["د مشق", "دمشق", "دیمەشق"], "دمشق"),  # a stray one-letter word: a glitch
        (["ح لب", "حلب"], "حلب"),
        (["بور سعيد", "بورسعيد"], "بور سعيد"),  # a real two-word name keeps its place
        (["دیمەشق", "دمشق"], "دمشق"),  # Arabic spellings before Persian/Kurdish ones
        (["و ادي", "وادي"], "و ادي"),  # و is a word of its own in names
        (["Damascus", "دِمَشْق"], "دمشق"),  # harakat removed, Latin names dropped
    ],
)
def test_shown_arabic_name(names: list[str], shown: str) -> None:
    result = _arabic_names(names)
    assert result[0] == shown
    assert len(result) == sum(not n.isascii() for n in names)  # none dropped, only ordered
