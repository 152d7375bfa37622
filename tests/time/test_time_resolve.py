from __future__ import annotations

from datetime import date

import pytest

from marsad.text import tokenize
from marsad.time import load
from marsad.time.numbers import read_number

PUB = date(2025, 11, 20)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("قصفت الطائرات البلدة أمس", "2025-11-19", 1),
        ("وبالأمس قتل شخصان", "2025-11-19", 1),
        ("اندلعت اشتباكات اليوم", "2025-11-20", 1),
        ("وقعت الاشتباكات يوم الخميس", "2025-11-20", 1),  # publication day is a Thursday
        ("هجوم يوم الأربعاء", "2025-11-19", 1),
        ("هجوم مساء الجمعة", "2025-11-14", 1),  # last Friday on or before publication
        ("في 12 تشرين الأول 2025", "2025-10-12", 1),
        ("في 3 كانون الثاني", "2025-01-03", 1),
        ("يوم 15 يناير 2024", "2024-01-15", 1),
        ("في الخامس من شباط", None, None),  # ordinal day words are not read: month only
        ("في آب الماضي", "2025-08-01", 3),
        ("في كانون الأول الماضي", "2024-12-01", 3),  # the latest December before publication
        ("منذ ثلاثة أيام", "2025-11-17", 1),
        ("قبل يومين", "2025-11-18", 1),
        ("منذ أسبوعين", "2025-11-06", 2),
        ("الأسبوع الماضي", "2025-11-13", 2),
        ("مؤخراً", "2025-11-20", 3),
        ("خلال الأشهر الماضية", "2025-09-21", 3),
        ("بتاريخ 12/10/2025", "2025-10-12", 1),
        ("منذ 25 من شهر حزيران", "2025-06-25", 1),
        ("في 25 من شهر يونيو (حزيران) الماضي", "2025-06-25", 1),
        ("وفي 24 أيار/مايو الماضي", "2025-05-24", 1),
        # the part of a month dates inside it; the month stays the precision
        ("أواخر يناير/كانون الثاني الماضي", "2025-01-25", 3),
        ("في نهاية أبريل الماضي", "2025-04-28", 3),
        ("منتصف أيار", "2025-05-15", 3),
        ("مطلع تشرين الأول", "2025-10-03", 3),
        # "November last" in November is a year back
        ("في تشرين الثاني الماضي", "2024-11-01", 3),
        # past midnight of a day is the next day
        ("استهدفت طائرات التحالف بعد منتصف ليل الاثنين مواقع", "2025-11-18", 1),
        # "فجر يوم أمس": the day named after يوم dates it, not "فجر اليوم"
        ("دوى انفجار فجر يوم أمس في البلدة", "2025-11-19", 1),
        # a year named alone before the publication year: mid-year, precision 3 (background)
        ("سيطر التنظيم على المدينة في عام 2014", "2014-07-01", 3),
        ("قتل مع آخرين في قصف قرب القنيطرة عام 2015، وفق المصدر", "2015-07-01", 3),
    ],
)
def test_date_expressions(text: str, expected: str | None, precision: int | None) -> None:
    found = load().find(tokenize(text), PUB)
    if expected is None:
        assert all(d.precision == 3 for d in found)
        return
    assert found, text
    assert found[0].date.isoformat() == expected
    assert found[0].precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "بنيت القلعة منذ 5000 عام",  # before the calendar's first day
        "في تشرين الأول عام 99999",  # past its last year
        "منذ مليار يوم",
    ],
)
def test_dates_out_of_the_calendar_are_no_dates(text: str) -> None:
    """Counts that leave Python's calendar give no date instead of stopping the pipeline."""
    assert all(1 <= d.date.year <= 9999 for d in load().find(tokenize(text), PUB))


def test_a_bare_year_of_publication_or_a_count_is_no_date() -> None:
    # the publication year itself names no day; "2014 قتيلا" is a count, not a year
    assert load().find(tokenize("تصاعدت الهجمات خلال عام 2025"), PUB) == []
    assert load().find(tokenize("سقط 2014 قتيلا في المعارك"), PUB) == []


def test_weekday_needs_article_or_day_word() -> None:
    # "اثنين" (two) is not Monday
    assert load().find(tokenize("قتل اثنين من العناصر"), PUB) == []


def test_offsets_point_into_original_text() -> None:
    text = "قالت المصادر إن القصف وقع مساء أمس على البلدة"
    found = load().find(tokenize(text), PUB)
    assert text[found[0].start : found[0].end] == "مساء أمس"


@pytest.mark.parametrize(
    ("text", "value", "vague"),
    [
        ("5 قتلى", 5, False),
        ("١٢ مدنيا", 12, False),
        ("ثلاثة مدنيين", 3, False),
        ("خمسة وعشرون شخصا", 25, False),
        ("ثلاثة عشر قتيلا", 13, False),
        ("عشرات العناصر", 12, True),
        ("مئات المقاتلين", 100, True),
        ("ثلاثة آلاف", 3000, False),
    ],
)
def test_numbers(text: str, value: int, vague: bool) -> None:
    number = read_number(tokenize(text), 0)
    assert number is not None
    assert (number.value, number.vague) == (value, vague)


def test_nth_day_is_not_today() -> None:
    # "لليوم الثاني على التوالي" counts days: no date
    assert load().find(tokenize("ولليوم الثاني على التوالي هز انفجار المستودع"), PUB) == []


@pytest.mark.parametrize(
    "text",
    ["12/10/2025", "3-1-2024", "2024.02.29", "2025-12-10", "31/4/2025", "1/2/25", "0/5/2024"],
)
def test_numeric_dates_read_directly_agree_with_dateparser(text: str) -> None:
    """The direct reading of a four-digit-year date gives what dateparser (day first) gives;
    what it cannot read (a day 31 in April, a two-digit year) still goes to dateparser."""
    from datetime import datetime

    import dateparser

    from marsad.time.resolve import _parse_numeric

    parsed = dateparser.parse(text, settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"})
    expected = parsed.date() if isinstance(parsed, datetime) else None
    assert _parse_numeric(text) == expected
