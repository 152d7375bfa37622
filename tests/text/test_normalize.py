"""Normalization: each mapping, and the offsets back into the original text."""

from __future__ import annotations

import pytest

from marsad.text import normalize, normalize_with_offsets, strip_harakat
from marsad.text.normalize import light_normalize, light_with_offsets


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("أحمد", "احمد"),  # hamza above alef
        ("إدلب", "ادلب"),  # hamza below alef
        ("آمنة", "امنه"),  # madda, and ta marbuta → heh
        ("ٱلله", "الله"),  # alef wasla
        ("مستشفى", "مستشفي"),  # alef maqsura → yeh
        ("مدينة", "مدينه"),  # ta marbuta → heh
        ("ایران", "ايران"),  # Persian yeh
        ("کرکوک", "كركوك"),  # Persian keheh
        ("گرگان", "كركان"),  # Persian gaf
        ("مَدِينَةٌ", "مدينه"),  # harakat dropped
        ("الرقـــة", "الرقه"),  # tatweel dropped
        ("١٢٣", "123"),  # Arabic-Indic digits
        ("۴۵۶", "456"),  # Persian digits
        ("SY24", "sy24"),  # Latin lower-cased
        ("قال\u200cوا", "قالوا"),  # zero-width non-joiner dropped
    ],
)
def test_normalize_mappings(original: str, expected: str) -> None:
    assert normalize(original) == expected
    norm, _offsets = normalize_with_offsets(original)
    assert norm == expected


@pytest.mark.parametrize("original", ["وَبِالْمَدِينَةِ", "الرقـــة ١٥ قتيلا", "أحمد", "İstanbul", "", "ًٌٍ"])
def test_offsets_point_at_the_original_characters(original: str) -> None:
    norm, offsets = normalize_with_offsets(original)
    assert len(offsets) == len(norm) + 1
    assert offsets[-1] == len(original)
    assert offsets == sorted(offsets)
    for i, ch in enumerate(norm):
        # every normalized character comes from the original character it points at
        assert normalize(original[offsets[i]])[:1] == ch


def test_offsets_turn_a_normalized_match_into_an_exact_original_span() -> None:
    text = "قصفت الطائرات مَدِينَةَ إدلب ليلا"
    norm, offsets = normalize_with_offsets(text)
    start = norm.index("مدينه ادلب")
    end = start + len("مدينه ادلب")
    assert text[offsets[start] : offsets[end - 1] + 1] == "مَدِينَةَ إدلب"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("وأدى", "وأدى"),  # hamza and alef maqsura kept: و+أدى is not وادي
        ("مدينة", "مدينة"),
        ("وَبِالْمَدِينَةِ", "وبالمدينة"),
        ("ایران ١٥", "ايران 15"),
    ],
)
def test_light_normalize_keeps_hamza_maqsura_and_ta_marbuta(original: str, expected: str) -> None:
    assert light_normalize(original) == expected
    light, offsets = light_with_offsets(original)
    assert light == expected
    assert len(offsets) == len(light) + 1
    assert all(original[offsets[i]] in (ch, "ی", "١", "٥") for i, ch in enumerate(light))


def test_strip_harakat_keeps_letters() -> None:
    assert strip_harakat("وَقَعَ انْفِجَارٌ") == "وقع انفجار"
