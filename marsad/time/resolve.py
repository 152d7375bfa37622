"""Date expressions in Arabic reports → (event_date, ACLED time_precision).

Reads explicit dates (Levantine كانون الثاني… and Egyptian يناير… month names, digits), weekdays
(يوم الخميس = the last Thursday on or before publication), and relative phrases (أمس، اليوم،
منذ ثلاثة أيام، الأسبوع الماضي، مؤخراً، خلال الأشهر الماضية), all anchored on the publication date.

dateparser (languages=["ar"]) is used for numeric dates (12/10/2025, 2025-10-12). It is not used
for the rest because, in dateparser 1.5, it misses: the Levantine month names (تشرين الأول, آب,
كانون الثاني → None), weekdays with يوم (يوم الخميس → None), "منذ ثلاثة أيام" with number words,
clitic-attached forms (وأمس، بالأمس) and it gives no offsets inside a sentence; it is also ~1-40 ms
a call, too slow for every token window.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from marsad.model import Token
from marsad.text import PhraseMatcher, normalize, phrase_key
from marsad.time.numbers import read_number

DATA_DIR = Path(__file__).parent / "data"
CALENDAR_PATH = DATA_DIR / "calendar.toml"

_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{1,4})$")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: tokens ``[first, last]``, characters ``[start, end)``, its resolution."""

    first: int
    last: int
    start: int
    end: int
    date: date
    precision: int
    kind: str  # "explicit" | "month" | "weekday" | "relative" | "ago" | "year"


@dataclass(slots=True)
class DateResolver:
    """Finds and resolves date expressions over clitic-split tokens."""

    months: PhraseMatcher[int]
    weekdays: dict[str, int]
    relative: PhraseMatcher[tuple[int, int]]
    units: dict[str, tuple[int, int]]
    dual_units: dict[str, int]
    ago: frozenset[str]
    past: frozenset[str]
    #: part of a month before its name (أواخر يناير، منتصف أيار) → the day it stands for
    month_parts: dict[str, int] = field(default_factory=dict)
    #: ordinals after اليوم that make it "the Nth day" of something (لليوم الثاني على التوالي)
    day_ordinals: frozenset[str] = frozenset()
    #: a time of the day (or يوم) before a weekday (مساء الخميس)
    times_of_day: frozenset[str] = frozenset()
    #: relative words that need the article to mean today/tonight (اليوم، الليلة)
    needs_article: frozenset[str] = frozenset()
    #: the night before a weekday, and the two words before it that put a time past its midnight
    night: frozenset[str] = frozenset()
    after_midnight: tuple[str, ...] = ()
    #: يوم, شهر, من and عام as the day, month and year phrases use them
    day_word: str = ""
    month_word: str = ""
    of: str = ""
    year_word: str = ""
    #: the article, as a stem key may still begin with it
    article: str = ""
    #: words before a bare year (عام 2014، سنة 2016), the month such a year is dated to and the
    #: earliest year read
    year_words: frozenset[str] = frozenset()
    year_mid_month: int = 7
    earliest_year: int = 1900

    @classmethod
    def load(cls, path: Path = CALENDAR_PATH) -> DateResolver:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        months: PhraseMatcher[int] = PhraseMatcher()
        for name, number in raw["months"].items():
            months.add(phrase_key(name), int(number))
        markers = raw["markers"]
        relative: PhraseMatcher[tuple[int, int]] = PhraseMatcher()
        for phrase, (days, precision) in raw["relative"].items():
            relative.add(phrase_key(phrase), (int(days), int(precision)))
        return cls(
            months=months,
            weekdays={phrase_key(k): int(v) for k, v in raw["weekdays"].items()},
            relative=relative,
            units={phrase_key(k): (int(v[0]), int(v[1])) for k, v in raw["units"].items()},
            dual_units={phrase_key(k): int(v) for k, v in raw["dual_units"].items()},
            ago=frozenset(phrase_key(w) for w in raw["markers"]["ago"]),
            past=frozenset(phrase_key(w) for w in raw["markers"]["past"]),
            month_parts={phrase_key(k): int(v) for k, v in raw.get("month_parts", {}).items()},
            day_ordinals=frozenset(phrase_key(w) for w in raw["markers"].get("day_ordinals", [])),
            times_of_day=_keys(markers["times_of_day"]),
            needs_article=_keys(markers["needs_article"]),
            night=_keys(markers["night"]),
            after_midnight=tuple(phrase_key(markers["after_midnight"]).split()),
            day_word=phrase_key(markers["day_word"]),
            month_word=phrase_key(markers["month_word"]),
            of=phrase_key(markers["of"]),
            year_word=phrase_key(markers["year_word"]),
            article=normalize(markers["article"]),
            year_words=_keys(markers.get("year_words", [])),
            year_mid_month=int(markers.get("year_mid_month", 7)),
            earliest_year=int(markers.get("earliest_year", 1900)),
        )

    # ------------------------------------------------------------------ finding
    def find(self, tokens: Sequence[Token], published: date) -> list[DateMention]:
        """Every date expression in ``tokens``, resolved against ``published``."""
        found: list[DateMention] = []
        taken: set[int] = set()

        def add(first: int, last: int, day: date, precision: int, kind: str) -> None:
            if any(i in taken for i in range(first, last + 1)):
                return
            taken.update(range(first, last + 1))
            found.append(
                DateMention(
                    first, last, tokens[first].start, tokens[last].end, day, precision, kind
                )
            )

        for m in self.months.find(tokens):
            if m.first >= 2 and tokens[m.first - 1].text in ("(", "/") and (m.first - 2) in taken:
                # "يونيو (حزيران)"، "أيار/مايو": the second name glosses the month just named
                taken.update(range(m.first - 1, min(len(tokens), m.last + 2)))
                continue
            self._explicit(tokens, m.first, m.last, m.values[0], published, add)
        for i in range(len(tokens) - 4):
            if not tokens[i].norm.isdigit():
                continue
            window = tokens[i : i + 5]
            if not (
                window[0].norm.isdigit() and window[2].norm.isdigit() and window[4].norm.isdigit()
            ):
                continue
            if window[1].text not in "/-." or window[3].text != window[1].text:
                continue
            if any(window[k].end != window[k + 1].start for k in range(4)):
                continue
            numeric = "".join(t.norm for t in window)
            if _NUMERIC_DATE.match(numeric):
                day = _parse_numeric(numeric)
                if day is not None:
                    add(i, i + 4, day, 1, "explicit")
        for rm in self.relative.find(tokens):
            days, precision = rm.values[0]
            if (
                rm.first == rm.last
                and not _has_article(tokens[rm.first], self.article)
                and tokens[rm.first].norm in self.needs_article
            ):
                continue  # "يوم 15 يناير" is not "اليوم" (today)
            if any(
                tokens[k].norm == self.day_word and not _has_article(tokens[k], self.article)
                for k in range(rm.first, rm.last + 1)
            ):
                # "فجر يوم أمس": the day named next (أمس، الثلاثاء) dates it, not "فجر اليوم"
                continue
            if rm.last + 1 < len(tokens) and tokens[rm.last + 1].norm in self.day_ordinals:
                continue  # "لليوم الثاني على التوالي": a count of days, not today
            add(rm.first, rm.last, published - timedelta(days=days), precision, "relative")
        for i, tok in enumerate(tokens):
            if i in taken:
                continue
            if tok.norm in self.weekdays and self._is_weekday_use(tokens, i):
                target = self.weekdays[tok.norm]
                back = (published.weekday() - target) % 7
                first = i - 1 if i > 0 and tokens[i - 1].norm in self.times_of_day else i
                day = published - timedelta(days=back)
                if (
                    first >= 2
                    and tokens[first].norm in self.night
                    and (tokens[first - 2].norm, tokens[first - 1].norm) == self.after_midnight
                    and back > 0
                ):
                    # "بعد منتصف ليل الاثنين": past midnight, the next day
                    first, day = first - 2, day + timedelta(days=1)
                add(first, i, day, 1, "weekday")
            elif tok.norm in self.ago:
                self._ago(tokens, i, published, add)
            elif tok.norm in self.year_words and i + 1 < len(tokens):
                # "في عام 2014": a year before publication's, with no month (time precision 3)
                nxt = tokens[i + 1].norm
                if len(nxt) == 4 and nxt.isdigit():
                    year = int(nxt)
                    if self.earliest_year <= year < published.year:
                        add(i, i + 1, date(year, self.year_mid_month, 1), 3, "year")
        found.sort(key=lambda d: d.start)
        return found

    def _is_weekday_use(self, tokens: Sequence[Token], i: int) -> bool:
        # "الاثنين" shares its stem with the number اثنين: require the article or يوم/مساء before
        tok = tokens[i]
        if i > 0 and tokens[i - 1].norm in self.times_of_day:
            return True
        return any(p.kind == "article" for p in tok.parts)

    def _explicit(self, tokens, first, last, month, published, add) -> None:  # type: ignore[no-untyped-def]
        day_num: int | None = None
        year: int | None = None
        start = first
        # day before the month: "12 تشرين الأول" (also "12 من تشرين")
        j = first - 1
        if j >= 0 and tokens[j].norm == self.month_word:  # "25 من شهر يونيو"
            j -= 1
        if j >= 0 and tokens[j].norm == self.of:
            j -= 1
        part_day: int | None = None
        if j >= 0 and tokens[j].norm.isdigit() and 1 <= int(tokens[j].norm) <= 31:
            day_num = int(tokens[j].norm)
            start = j
        elif j >= 0 and tokens[j].norm in self.month_parts:
            # "أواخر يناير": late January – still the month's precision, dated inside it
            part_day = self.month_parts[tokens[j].norm]
            start = j
        end = last
        k = last + 1
        if k < len(tokens) and tokens[k].norm.isdigit() and len(tokens[k].norm) == 4:
            year = int(tokens[k].norm)
            end = k
        elif (
            k < len(tokens)
            and tokens[k].norm == self.year_word
            and k + 1 < len(tokens)
            and tokens[k + 1].norm.isdigit()
        ):
            year = int(tokens[k + 1].norm)
            end = k + 1
        elif k < len(tokens) and tokens[k].norm in self.past:
            end = k
        if year is not None and not MINYEAR <= year <= MAXYEAR:  # "عام 99999" is no date
            return
        past = year is None and self._past_follows(tokens, last)
        if year is None:
            # the latest such month on or before publication; "X الماضي" in X itself is a year back
            year = published.year if month <= published.month else published.year - 1
            if past and day_num is None and month == published.month:
                year -= 1
        if day_num is not None:
            day_num = min(day_num, calendar.monthrange(year, month)[1])
            add(start, end, date(year, month, day_num), 1, "explicit")
        else:
            day = min(part_day or 1, calendar.monthrange(year, month)[1])
            add(start, end, date(year, month, day), 3, "month")

    def _past_follows(self, tokens: Sequence[Token], last: int) -> bool:
        """الماضي after the month, also after its gloss ("يناير/كانون الثاني الماضي")."""
        for k in range(last + 1, min(len(tokens), last + 6)):
            if tokens[k].norm in self.past:
                return True
            if tokens[k].text in ("،", ",", ".", "؛"):
                return False
        return False

    def _ago(self, tokens, i, published, add) -> None:  # type: ignore[no-untyped-def]
        """منذ ثلاثة أيام / قبل يومين / منذ أسبوع."""
        j = i + 1
        if j >= len(tokens):
            return
        if tokens[j].norm in self.dual_units:
            days, precision = self.units.get(tokens[j].norm, (1, 1))
            add(
                i,
                j,
                published - timedelta(days=days * self.dual_units[tokens[j].norm]),
                precision,
                "ago",
            )
            return
        if tokens[j].norm in self.units:
            days, precision = self.units[tokens[j].norm]
            add(i, j, published - timedelta(days=days), precision, "ago")
            return
        number = read_number(tokens, j)
        if number is None or number.vague or number.last + 1 >= len(tokens):
            return
        unit = tokens[number.last + 1].norm
        if unit not in self.units:
            return
        days, precision = self.units[unit]
        if precision == 1 and number.value > 6:
            precision = 2
        back = days * number.value
        if back >= (published - date.min).days:  # "منذ 5000 عام": before the calendar, no date
            return
        add(i, number.last + 1, published - timedelta(days=back), precision, "ago")


def _keys(words: list[str]) -> frozenset[str]:
    return frozenset(phrase_key(w) for w in words)


def _has_article(tok: Token, article: str) -> bool:
    return any(p.kind == "article" for p in tok.parts) or tok.norm.startswith(article)


@lru_cache(maxsize=4096)
def _parse_numeric(text: str) -> date | None:
    """A numeric date (12/10/2025); cached, as reports repeat their dates. A four-digit year
    first or last (yyyy-mm-dd, d/m/yyyy) is read directly – the same reading dateparser gives
    with day-first order, without its first-call set-up (~0.3 s inside the first report that
    has such a date); anything else (two-digit years, impossible days) goes to dateparser."""
    m = _NUMERIC_DATE.match(text)
    if m is not None:
        a, b, c = m.groups()
        try:
            if len(a) == 4:
                return date(int(a), int(b), int(c))
            if len(c) == 4:
                return date(int(c), int(b), int(a))
        except ValueError:
            pass
    import dateparser

    parsed = dateparser.parse(text, settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"})
    if isinstance(parsed, datetime):
        return parsed.date()
    return None


@lru_cache(maxsize=1)
def default_resolver() -> DateResolver:
    return DateResolver.load()
