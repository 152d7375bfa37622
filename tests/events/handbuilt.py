"""Build Extractions by hand (places and actors with spans) so event tests do not depend on the
geo and actor stages. Imported by the event test modules (``from handbuilt import build``) and
by conftest.py for the ``build_extraction`` fixture."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from marsad.model import Actor, Document, Event, Extraction, Place
from marsad.text import load as load_text

#: our own small gazetteer for tests: Arabic surface → (English, lat, lon, admin1)
PLACES: dict[str, tuple[str, float, float, str]] = {
    "البوكمال": ("Albukamal", 34.4536, 40.9367, "Deir-ez-Zor"),
    "الميادين": ("Al Mayadin", 35.0193, 40.4510, "Deir-ez-Zor"),
    "دير الزور": ("Deir-ez-Zor", 35.3359, 40.1408, "Deir-ez-Zor"),
    "السخنة": ("As-Sukhnah", 34.8850, 38.8700, "Homs"),
    "ريف حمص": ("Homs countryside", 34.7300, 36.7200, "Homs"),
    "حمص": ("Homs", 34.7300, 36.7200, "Homs"),
    "درعا": ("Dar'a", 32.6189, 36.1021, "Dar'a"),
    "إدلب": ("Idleb", 35.9306, 36.6339, "Idleb"),
    # a province named with its word, resolved (as gazetteers often do) to its chief town
    "محافظة إدلب": ("Idleb", 35.9306, 36.6339, "Idleb"),
    "سرمدا": ("Sarmada", 36.1800, 36.7200, "Idleb"),
    "الرقة": ("Ar-Raqqa", 35.9500, 39.0100, "Ar-Raqqa"),
    "الموصل": ("Mosul", 36.3400, 43.1300, "Ninewa"),
    "الفلوجة": ("Fallujah", 33.3500, 43.7800, "Anbar"),
    "عياش": ("Ayyash", 35.2500, 40.0600, "Deir-ez-Zor"),
    "تدمر": ("Tadmur", 34.5600, 38.2800, "Homs"),
    "الشولا": ("Ash Shula", 34.9300, 40.2500, "Deir-ez-Zor"),
}

#: actor surface → (id, English name, inter, kind)
ACTORS: dict[str, tuple[str, str, int, str]] = {
    "قوات النظام": ("syria_army", "Military Forces of Syria", 1, "army"),
    "تنظيم داعش": ("isis", "Islamic State (Syria)", 2, "jihadist"),
    "داعش": ("isis", "Islamic State (Syria)", 2, "jihadist"),
    "التحالف الدولي": ("coalition", "Coalition (US-led)", 8, "coalition"),
    "طائرات التحالف": ("coalition", "Coalition (US-led)", 8, "coalition"),
    "قوات سوريا الديمقراطية": ("sdf", "SDF: Syrian Democratic Forces", 2, "militia"),
    "الحرس الثوري الإيراني": ("irgc", "Islamic Revolutionary Guard Corps", 8, "army"),
    "الفوج 47": ("reg47", "47th Regiment", 3, "militia"),
    "الحشد الشعبي": ("pmf", "PMF: Popular Mobilization Forces", 3, "militia"),
    "SY24": ("sy24", "SY24", 0, "media outlet"),
    "لواء الزينبيين": ("zainabiyoun", "Liwa Zainabiyoun", 3, "militia"),
    "مسلحون مجهولون": ("uag_syria", "Unidentified Armed Group (Syria)", 3, "unidentified"),
    "مسلحين مجهولين": ("uag_syria", "Unidentified Armed Group (Syria)", 3, "unidentified"),
    # an actor named by its members, as the actor stage spans "جنود أتراك"
    "جنود أتراك": ("turkey_army", "Military Forces of Turkey", 8, "army"),
    "الجيش الحر": ("fsa", "Free Syrian Army", 2, "rebel"),
    "المدنيين الثلاثة": ("civilians_syria", "Civilians (Syria)", 7, "civilians"),
    # (a surface with its clitic: the actor stage spans the whole written word)
    "للأهالي": ("civilians_syria", "Civilians (Syria)", 7, "civilians"),
}


def build(
    text: str, *, published: date = date(2025, 11, 20), source: str | None = None
) -> Extraction:
    """An Extraction with text layer, and places/actors found by exact surface search."""
    ex = Extraction(Document(text=text, published=published, source=source))
    load_text()(ex)
    taken: list[tuple[int, int]] = []
    for surface in sorted(ACTORS, key=len, reverse=True):
        for start in _find_all(text, surface):
            end = start + len(surface)
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            aid, name, inter, kind = ACTORS[surface]
            ex.actors.append(Actor(start, end, surface, aid, name, inter=inter or None, kind=kind))
    for surface in sorted(PLACES, key=len, reverse=True):
        for start in _find_all(text, surface):
            end = start + len(surface)
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            en, lat, lon, admin1 = PLACES[surface]
            ex.places.append(
                Place(
                    start,
                    end,
                    surface,
                    surface,
                    name_en=en,
                    latitude=lat,
                    longitude=lon,
                    admin1_en=admin1,
                    country="Syria" if admin1 not in ("Ninewa", "Anbar") else "Iraq",
                )
            )
    ex.actors.sort(key=lambda a: a.start)
    ex.places.sort(key=lambda p: p.start)
    return ex


def _find_all(text: str, sub: str) -> list[int]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def events(stage: Callable[[Extraction], Extraction], text: str) -> list[Event]:
    """The events ``stage`` codes from ``text`` with hand-built places and actors, published
    on ``build``'s default date."""
    return stage(build(text)).events
