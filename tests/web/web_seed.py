"""A small database ingested from reports WE wrote (Arabic), with hand-made events whose field
spans point at the characters that produced each field. Used by the web UI tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.model import Actor, Document, Event, Extraction, Span
from marsad.store import Store


def span(text: str, phrase: str, *, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``phrase`` in ``text`` (fails loudly if missing)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


@dataclass(frozen=True)
class Report:
    outlet: str
    published: date
    text: str


CONVOY = Report(
    "مرصد الشرق",
    date(2026, 11, 10),
    "وصل رتل لميليشيا كتائب الفجر المدعومة من الحرس الثوري الإيراني إلى بلدة العشارة يوم "
    "الثلاثاء، قادماً من مدينة السخنة عبر قرية الطيبة، ويضم الرتل ثماني شاحنات محملة بالأسلحة.\n"
    "وكانت كتائب الفجر قد سيطرت في أيلول الماضي على قرية الطيبة بعد انسحاب مجموعة محلية منها.",
)
DRONE_A = Report(
    "شبكة الوادي",
    date(2026, 11, 12),
    "قصفت طائرة مسيّرة مجهولة موقعاً لقوات الحرس الثوري الإيراني في مدينة الميادين فجر الخميس، "
    "ما أدى إلى مقتل ثلاثة عناصر وإصابة آخرين بجروح.",
)
DRONE_B = Report(
    "صوت الجزيرة",
    date(2026, 11, 12),
    "أفادت مصادر محلية بأن غارة بطائرة مسيرة استهدفت نقطة للحرس الثوري في مدينة الميادين، "
    "وقتل فيها ثلاثة عناصر.",
)
CLASH = Report(
    "مرصد الشرق",
    date(2026, 11, 18),
    "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية ومسلحين من العشائر في ريف دير الزور "
    "الشرقي، وقُتل فيها خمسة مقاتلين من الطرفين.",
)
PROTEST = Report(
    "شبكة الوادي",
    date(2026, 11, 20),
    "تظاهر عشرات من أهالي مدينة الرقة أمام مبنى البلدية احتجاجاً على انقطاع الكهرباء.",
)

IRGC = {
    "id": "irgc",
    "name": "Islamic Revolutionary Guard Corps",
    "name_ar": "الحرس الثوري الإيراني",
    "inter": 8,
}
FAJR = {
    "id": "kataib_alfajr",
    "name": "Kataib al-Fajr",
    "name_ar": "كتائب الفجر",
    "inter": 3,
    "patrons": ["irgc"],
}
SDF = {
    "id": "sdf",
    "name": "Syrian Democratic Forces",
    "name_ar": "قوات سوريا الديمقراطية",
    "inter": 2,
}
TRIBES = {"id": "tribal_militia", "name": "Tribal militia", "name_ar": "مسلحو العشائر", "inter": 4}
PROTESTERS = {
    "id": "protesters_syria",
    "name": "Protesters (Syria)",
    "name_ar": "المتظاهرون",
    "inter": 6,
}


def actor(info: dict[str, Any], text: str, phrase: str) -> Actor:
    s = span(text, phrase)
    return Actor(
        s.start, s.end, phrase, id=info["id"], name=info["name"], name_ar=info["name_ar"],
        inter=info["inter"], patrons=list(info.get("patrons", [])),
    )  # fmt: skip


def extractions() -> list[Extraction]:
    """One extraction per report, events coded by hand from our own text."""
    out = []

    t = CONVOY.text
    convoy = Event(
        "Strategic developments", "Change to group/activity", event_date="2026-11-10",
        actor1="Kataib al-Fajr", actor1_id="kataib_alfajr", inter1=3, country="Syria",
        admin1="Deir ez-Zor", location="Al-Ashara", latitude=34.921, longitude=40.561,
        geo_precision=1, source=CONVOY.outlet,
        route=[
            {"role": "origin", "name": "السخنة", "lat": 34.635, "lon": 38.873},
            {"role": "via", "name": "الطيبة", "lat": 35.006, "lon": 39.263},
            {"role": "destination", "name": "العشارة", "lat": 34.921, "lon": 40.561},
        ],
        quantities=[{"value": 8, "unit": "شاحنات", "text": "ثماني شاحنات"}],
        trigger=span(t, "وصل رتل"),
        evidence=[Span(0, t.index("\n"))],
        field_spans={
            "actor1": [span(t, "كتائب الفجر")], "location": [span(t, "بلدة العشارة")],
            "event_date": [span(t, "يوم الثلاثاء")],
            "route": [span(t, "مدينة السخنة"), span(t, "قرية الطيبة"), span(t, "بلدة العشارة")],
            "quantities": [span(t, "ثماني شاحنات")],
        },
    )  # fmt: skip
    taken = Event(
        "Strategic developments", "Non-state actor overtakes territory", event_date="2026-09-15",
        time_precision=2, actor1="Kataib al-Fajr", actor1_id="kataib_alfajr", inter1=3,
        country="Syria", admin1="Deir ez-Zor", location="Al-Taybeh", latitude=35.006,
        longitude=39.263, geo_precision=1, source=CONVOY.outlet, background=True,
        trigger=span(t, "سيطرت"),
        field_spans={
            "actor1": [span(t, "كتائب الفجر", nth=1)], "event_date": [span(t, "في أيلول الماضي")],
            "location": [span(t, "قرية الطيبة", nth=1)],
        },
    )  # fmt: skip
    out.append(
        Extraction(
            document=Document(text=t, source=CONVOY.outlet, published=CONVOY.published),
            actors=[actor(FAJR, t, "كتائب الفجر"), actor(IRGC, t, "الحرس الثوري الإيراني")],
            events=[convoy, taken],
        )
    )

    for report, irgc_phrase, killed in (
        (DRONE_A, "الحرس الثوري الإيراني", "مقتل ثلاثة عناصر"),
        (DRONE_B, "للحرس الثوري", "قتل فيها ثلاثة عناصر"),
    ):
        t = report.text
        strike = Event(
            "Explosions/Remote violence", "Air/drone strike", event_date="2026-11-12",
            actor1="Unidentified Armed Group (Syria)", actor2="Islamic Revolutionary Guard Corps",
            actor2_id="irgc", inter2=8, country="Syria", admin1="Deir ez-Zor",
            location="Al-Mayadin", latitude=35.017, longitude=40.452, geo_precision=1,
            source=report.outlet, fatalities=3, trigger=span(t, "طائرة"),
            field_spans={
                "actor2": [span(t, irgc_phrase)], "location": [span(t, "مدينة الميادين")],
                "fatalities": [span(t, killed)],
            },
        )  # fmt: skip
        out.append(
            Extraction(
                document=Document(text=t, source=report.outlet, published=report.published),
                actors=[actor(IRGC, t, irgc_phrase)],
                events=[strike],
            )
        )

    t = CLASH.text
    clash = Event(
        "Battles", "Armed clash", event_date="2026-11-18", actor1="Syrian Democratic Forces",
        actor1_id="sdf", inter1=2, actor2="Tribal militia", actor2_id="tribal_militia", inter2=4,
        interaction=24, country="Syria", admin1="Deir ez-Zor",
        location="Deir ez-Zor eastern countryside", latitude=35.1, longitude=40.2,
        geo_precision=3, source=CLASH.outlet, fatalities=5, trigger=span(t, "اشتباكات"),
        field_spans={
            "actor1": [span(t, "قوات سوريا الديمقراطية")], "actor2": [span(t, "مسلحين من العشائر")],
            "location": [span(t, "ريف دير الزور الشرقي")],
            "fatalities": [span(t, "قُتل فيها خمسة مقاتلين")],
        },
    )  # fmt: skip
    out.append(
        Extraction(
            document=Document(text=t, source=CLASH.outlet, published=CLASH.published),
            actors=[actor(SDF, t, "قوات سوريا الديمقراطية"), actor(TRIBES, t, "مسلحين من العشائر")],
            events=[clash],
        )
    )

    t = PROTEST.text
    protest = Event(
        "Protests", "Peaceful protest", event_date="2026-11-20", actor1="Protesters (Syria)",
        actor1_id="protesters_syria", inter1=6, country="Syria", admin1="Raqqa",
        location="Raqqa", latitude=35.95, longitude=39.009, geo_precision=1,
        source=PROTEST.outlet, trigger=span(t, "تظاهر"),
        field_spans={"actor1": [span(t, "عشرات من أهالي")], "location": [span(t, "مدينة الرقة")]},
    )  # fmt: skip
    out.append(
        Extraction(
            document=Document(text=t, source=PROTEST.outlet, published=PROTEST.published),
            actors=[actor(PROTESTERS, t, "عشرات من أهالي")],
            events=[protest],
        )
    )
    return out


def seed(store: Store) -> dict[str, str]:
    """Ingest our reports; returns canonical event ids by a short name."""
    ids: dict[str, str] = {}
    names = [("convoy", "background_takeover"), ("drone",), ("drone_b",), ("clash",), ("protest",)]
    for extraction, labels in zip(extractions(), names, strict=True):
        result = store.add_extraction(extraction)
        for label, event_id in zip(labels, result.event_ids, strict=True):
            ids.setdefault(label, event_id)
    return ids
