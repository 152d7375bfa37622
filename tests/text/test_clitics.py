"""Proclitic splitting: chains, stems whose first letters look like clitics, rules as data."""

from __future__ import annotations

import itertools

import pytest

from marsad.text import tokenize
from marsad.text.clitics import CliticRules, CliticSplitter, count_words, default_splitter


def parts(word: str, splitter: CliticSplitter | None = None) -> str:
    [token] = tokenize(word, splitter=splitter)
    return "+".join(p.text for p in token.parts)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("وبالمدينة", "و+ب+ال+مدينة"),
        ("فللمدينة", "ف+ل+ل+مدينة"),
        ("للقوات", "ل+ل+قوات"),
        ("والقوات", "و+ال+قوات"),
        ("فبالقرب", "ف+ب+ال+قرب"),
        ("كالعادة", "ك+ال+عادة"),
        ("لميليشيا", "ل+ميليشيا"),
        ("بريف", "ب+ريف"),
        ("وحمص", "و+حمص"),
        ("وقال", "و+قال"),
        ("بحسب", "ب+حسب"),
        ("وبحسب", "و+ب+حسب"),
        ("وأدى", "و+أدى"),
        ("الحسكة", "ال+حسكة"),
        ("ببيروت", "ب+بيروت"),
        ("وَبِالْمَدِينَةِ", "وَ+بِ+الْ+مَدِينَةِ"),
        ("الرقـــة", "ال+رقـــة"),
        # form-VIII verbs keep their ال only as verbs; longer nouns take the article
        ("التفجير", "ال+تفجير"),
        ("والتحقيق", "و+ال+تحقيق"),
        ("التحقق", "ال+تحقق"),
        ("التزم", "التزم"),
        ("التحقوا", "التحقوا"),
        # first letters belong to the stem
        ("بلدة", "بلدة"),
        ("لبنان", "لبنان"),
        ("فاطميون", "فاطميون"),
        ("وصلت", "وصلت"),
        ("بريطانيا", "بريطانيا"),
        ("كتائب", "كتائب"),
        ("فوج", "فوج"),
        ("لواء", "لواء"),
        ("بادية", "بادية"),
        ("والي", "والي"),
        ("ولاية", "ولاية"),
        ("فرنسا", "فرنسا"),
        ("وادي", "وادي"),
        ("بانياس", "بانياس"),
        ("فلول", "فلول"),
        # lexicalized function words, pronoun stems, form-VIII verbs
        ("الذي", "الذي"),
        ("والتي", "و+التي"),
        ("لهم", "لهم"),
        ("بينهم", "بينهم"),
        ("التزمت", "التزمت"),
        # future س is not split
        ("ستواصل", "ستواصل"),
    ],
)
def test_shipped_splitter(word: str, expected: str) -> None:
    assert parts(word) == expected


def test_part_kinds() -> None:
    [token] = tokenize("وبالمدينة")
    assert [p.kind for p in token.parts] == ["proclitic", "proclitic", "article", "stem"]
    assert token.norm == "مدينه"


def _splitter(words: list[str]) -> CliticSplitter:
    return CliticSplitter(rules=CliticRules.load(), lexicon=count_words(words))


@pytest.mark.parametrize(
    ("corpus", "word", "expected"),
    [
        # the stem occurs on its own: split
        (["قمر"] * 5 + ["القمر"] * 5, "وقمر", "و+قمر"),
        # the word itself takes the article (البرق): its ب is part of the stem
        (["البرق"] * 9 + ["برق"] * 3, "برق", "برق"),
        # nothing known: و before a 3+ letter rest is split, ب is not
        ([], "وزنبق", "و+زنبق"),
        ([], "بزنبق", "بزنبق"),
        # the article needs no evidence
        ([], "الزنبق", "ال+زنبق"),
        ([], "للزنبق", "ل+ل+زنبق"),
    ],
)
def test_decisions_follow_lexicon_evidence(corpus: list[str], word: str, expected: str) -> None:
    assert parts(word, _splitter(corpus)) == expected


def test_split_norm_works_on_matching_keys() -> None:
    splitter = default_splitter()
    assert splitter.split_norm("وبالمدينه") == (
        ("و", "ب", "ال", "مدينه"),
        ("proclitic", "proclitic", "article", "stem"),
    )


def test_split_spans_are_relative_and_tile_the_word() -> None:
    spans, key = default_splitter().split("وَلِلقُوَّاتِ")
    assert spans[0][0] == 0 and spans[-1][1] == len("وَلِلقُوَّاتِ")
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert key == "قوات"
