"""Sentence splitting: terminal marks, line breaks, quotes, abbreviations, numbers."""

from __future__ import annotations

import itertools

import pytest

from marsad.text import split_sentences, tokenize


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل الرتل. ثم انسحب.", ["وصل الرتل.", "ثم انسحب."]),
        ("هل وصلوا؟ نعم وصلوا!", ["هل وصلوا؟", "نعم وصلوا!"]),
        ("What happened? Nothing.", ["What happened?", "Nothing."]),
        ("قتل ثلاثة؛ وجرح آخرون", ["قتل ثلاثة؛", "وجرح آخرون"]),
        ("السطر الأول\nالسطر الثاني", ["السطر الأول", "السطر الثاني"]),
        ("عنوان\n\nنص الخبر هنا", ["عنوان", "نص الخبر هنا"]),
        ("قال: «وصل الرتل.» ثم انسحب.", ["قال: «وصل الرتل.»", "ثم انسحب."]),
        ("قال ”انتهى الأمر.“ وغادر.", ["قال ”انتهى الأمر.“", "وغادر."]),
        ('قال: "انتهى." ثم غادر', ['قال: "انتهى."', "ثم غادر"]),
        ("انسحب. «قال المصدر»", ["انسحب.", "«قال المصدر»"]),
        ("(قتل ثلاثة.) ثم", ["(قتل ثلاثة.)", "ثم"]),
        ("دمشق (د ب أ) - قصفت الطائرات البلدة.", ["دمشق (د ب أ) - قصفت الطائرات البلدة."]),
        ("صرح د. أحمد بأن الوضع هادئ. وأضاف", ["صرح د. أحمد بأن الوضع هادئ.", "وأضاف"]),
        ("بلغت النسبة 3.5 بالمئة. ثم", ["بلغت النسبة 3.5 بالمئة.", "ثم"]),
        ("وصل الساعة 3. ثم غادر", ["وصل الساعة 3.", "ثم غادر"]),
        ("راجع https://example.org/a.b للمزيد. ثم", ["راجع https://example.org/a.b للمزيد.", "ثم"]),
        ("انتظر... ثم وصل", ["انتظر...", "ثم وصل"]),
        ("ماذا؟!! لا أعرف", ["ماذا؟!!", "لا أعرف"]),
        ("بلا علامة في آخره", ["بلا علامة في آخره"]),
        ("", []),
        (" \n ", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentences_cover_every_token_once() -> None:
    text = "قال المصدر: «وصل الرتل.» ثم انسحب!\nوفي درعا، قتل ٣ عناصر. انتهى"
    tokens = tokenize(text)
    spans = split_sentences(text, tokens)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    covered = sum(1 for t in tokens if any(s.start <= t.start and t.end <= s.end for s in spans))
    assert covered == len(tokens)
