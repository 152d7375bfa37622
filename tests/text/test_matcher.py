"""PhraseMatcher: longest match, token boundaries, clitic-insensitive keys."""

from __future__ import annotations

import pytest

from marsad.text import PhraseMatcher, phrase_key, tokenize


def matcher(*names: str) -> PhraseMatcher[str]:
    m: PhraseMatcher[str] = PhraseMatcher()
    for name in names:
        m.add(phrase_key(name), name)
    return m


def found(m: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    tokens = tokenize(text)
    return [(text[tokens[x.first].start : tokens[x.last].end], x.values[0]) for x in m.find(tokens)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("دعم لميليشيا الحرس في المنطقة", [("لميليشيا الحرس", "ميليشيا الحرس")]),
        ("وصل عناصر الحرس الثوري", [("الحرس الثوري", "الحرس الثوري")]),
        ("وصل عناصر الحرس", [("الحرس", "الحرس")]),
        ("قصف بريف دير الزور الشرقي", [("دير الزور", "دير الزور")]),
        ("في مدينة دير الزوراء", []),  # not on a token boundary
        (
            "والحرس الثوري ولميليشيا الحرس",
            [("والحرس الثوري", "الحرس الثوري"), ("ولميليشيا الحرس", "ميليشيا الحرس")],
        ),
        ("المصدر: حرس ثوري", [("حرس ثوري", "الحرس الثوري")]),
        ("مَدِينَةُ إدلب", [("مَدِينَةُ إدلب", "مدينة ادلب")]),
        ("لا شيء هنا", []),
    ],
)
def test_find(text: str, expected: list[tuple[str, str]]) -> None:
    m = matcher("ميليشيا الحرس", "الحرس الثوري", "الحرس", "دير الزور", "مدينة ادلب")
    assert found(m, text) == expected


def test_keys_ignore_clitics_article_and_spelling() -> None:
    assert phrase_key("لميليشيا الحرس") == phrase_key("ميليشيا الحرس") == "ميليشيا حرس"
    assert phrase_key("مدينة إدلب") == phrase_key("مدينه ادلب")


def test_all_matches_without_longest() -> None:
    m = matcher("الحرس", "الحرس الثوري")
    tokens = tokenize("عناصر الحرس الثوري")
    assert len(m.find(tokens, longest=False)) == 2
    assert len(m.find(tokens)) == 1


def test_payloads_accumulate_and_empty_keys_are_ignored() -> None:
    m: PhraseMatcher[int] = PhraseMatcher()
    m.add("حرس", 1)
    m.add("حرس", 2)
    m.add("", 3)
    assert len(m) == 1 and "حرس" in m
    assert m.get("حرس") == (1, 2)
    assert m.find([]) == []


def test_a_token_changed_in_place_is_matched_anew() -> None:
    m = matcher("دير الزور", "حلب")
    tokens = tokenize("قصف في دير الزور أمس")
    assert [x.key for x in m.find(tokens)] == ["دير زور"]
    tokens[2:4] = tokenize("قصف في حلب وحمص أمس")[2:4]  # same list, same length, same ends
    assert [x.key for x in m.find(tokens)] == ["حلب"]
