"""Tokenization: punctuation split, Latin tokens whole, numbers, URLs, handles, exact spans."""

from __future__ import annotations

import pytest

from marsad.text import tokenize


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت الطائرات، البلدة.", ["قصفت", "الطائرات", "،", "البلدة", "."]),
        ("(الرقة)؟!", ["(", "الرقة", ")", "؟", "!"]),
        ("«وصل الرتل»", ["«", "وصل", "الرتل", "»"]),
        ("نقلت شبكة SY24 الخبر", ["نقلت", "شبكة", "SY24", "الخبر"]),
        ("كتب @SY24_news أن", ["كتب", "@SY24_news", "أن"]),
        ("الوسم #دير_الزور تصدر", ["الوسم", "#دير_الزور", "تصدر"]),
        (
            "المصدر https://example.org/a/b?x=1. ثم",
            ["المصدر", "https://example.org/a/b?x=1", ".", "ثم"],
        ),
        ("www.example.org", ["www.example.org"]),
        ("راسلونا info@example.org فورا", ["راسلونا", "info@example.org", "فورا"]),
        ("بلغت 3.5 مليون", ["بلغت", "3.5", "مليون"]),
        ("نحو 1,000 شخص", ["نحو", "1,000", "شخص"]),
        ("قتل ١٥ مدنيا", ["قتل", "١٥", "مدنيا"]),
        ("نسبة 40% تقريبا", ["نسبة", "40%", "تقريبا"]),
        ("قوات SDF الكردية", ["قوات", "SDF", "الكردية"]),
        ("قسدSDF", ["قسد", "SDF"]),
        ("وَقَعَ انْفِجَارٌ", ["وَقَعَ", "انْفِجَارٌ"]),
        ("في الرقـــة اليوم", ["في", "الرقـــة", "اليوم"]),
        ("ـــ", ["ـــ"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text", ["قصفت الطائرات، البلدة.", "SY24: قتل ١٥ مدنيا (3.5%)", "وَبِالْمَدِينَةِ الرقـــة"]
)
def test_spans_and_parts_are_exact(text: str) -> None:
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
        assert token.parts[0].start == token.start
        assert token.parts[-1].end == token.end
        for a, b in zip(token.parts, token.parts[1:], strict=False):
            assert a.end == b.start
        for part in token.parts:
            assert text[part.start : part.end] == part.text


@pytest.mark.parametrize(
    ("text", "is_word"),
    [("البلدة", True), ("SY24", True), ("3.5", True), ("@SY24", True), ("،", False), ("»", False)],
)
def test_punctuation_is_not_a_word(text: str, is_word: bool) -> None:
    [token] = tokenize(text)
    assert token.is_word is is_word


def test_norm_is_the_stem_key_without_clitics() -> None:
    tokens = tokenize("لميليشيا الحرس وبالمدينة SY24")
    assert [t.norm for t in tokens] == ["ميليشيا", "حرس", "مدينه", "sy24"]
