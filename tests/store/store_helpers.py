"""Hand-made extractions from Arabic sentences we wrote ourselves (no pipeline needed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from marsad.model import Actor, Document, Event, Extraction, Span

STRIKE_A = (
    "قصفت طائرةٌ مسيّرة مجهولة فجر اليوم الثلاثاء مقراً لميليشيا فاطميون "
    "في مدينة الميادين شرقي دير الزور، ما أدى إلى مقتل ثلاثة عناصر."
)
STRIKE_B = (
    "أفادت مصادر محلية بأن غارة جوية استهدفت موقعاً للواء فاطميون في الميادين "
    "صباح الثلاثاء، وأسفرت عن سقوط قتيلين على الأقل."
)
CONVOY = (
    "دخلت قافلة من أربع شاحنات تابعة للحرس الثوري الإيراني إلى مدينة البوكمال "
    "قادمة من الأراضي العراقية مساء الإثنين."
)

MAYADIN = (35.0176, 40.4517)
BUKAMAL = (34.4536, 40.9367)

FATEMIYOUN = Actor(
    0,
    0,
    "",
    id="fatemiyoun",
    name="Liwa Fatemiyoun",
    name_ar="لواء فاطميون",
    inter=3,
    kind="militia",
    patrons=["irgc"],
)
IRGC = Actor(0, 0, "", id="irgc", name="IRGC", name_ar="الحرس الثوري", inter=8, kind="state_force")
IRANIAN_MILITIAS = Actor(
    0,
    0,
    "",
    id="generic:iranian_militias",
    name="Iranian-backed militias",
    name_ar="الميليشيات الإيرانية",
    inter=3,
    kind="militia",
    patrons=["irgc"],
    generic=True,
)


def find(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def make_extraction(
    text: str,
    events: list[dict[str, Any]],
    *,
    source: str = "Test outlet",
    url: str | None = None,
    doc_id: str = "",
    published: date | None = date(2026, 11, 24),
    actors: list[Actor] = (),  # type: ignore[assignment]
) -> Extraction:
    """An Extraction of ``text``; events are field dicts, ``evidence`` names a substring."""
    doc = Document(text=text, id=doc_id, source=source, url=url, published=published)
    built = []
    for spec in events:
        spec = dict(spec)
        evidence = spec.pop("evidence", None)
        field_text = spec.pop("field_text", {})
        event = Event(**spec)
        if evidence:
            event.evidence = [find(text, evidence)]
            event.trigger = find(text, evidence.split()[0])
        event.field_spans = {name: [find(text, part)] for name, part in field_text.items()}
        built.append(event)
    found_actors = []
    for actor in actors:
        name = actor.name_ar or actor.name
        if name in text:
            span = find(text, name)
            found_actors.append(
                Actor(
                    span.start,
                    span.end,
                    name,
                    **{
                        k: getattr(actor, k)
                        for k in ("id", "name", "name_ar", "inter", "kind", "patrons", "generic")
                    },
                )
            )
        else:
            found_actors.append(actor)

    return Extraction(document=doc, events=built, actors=found_actors)


def strike(**overrides: Any) -> dict[str, Any]:
    """An air/drone strike on Fatemiyoun at al-Mayadin on 2026-11-24 (day precision)."""
    spec: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "event_date": "2026-11-24",
        "time_precision": 1,
        "actor2": "Liwa Fatemiyoun",
        "actor2_id": "fatemiyoun",
        "inter2": 3,
        "country": "Syria",
        "admin1": "Deir ez-Zor",
        "location": "Al Mayadin",
        "latitude": MAYADIN[0],
        "longitude": MAYADIN[1],
        "geo_precision": 1,
        "fatalities": 3,
        "confidence": 0.7,
        "notes": "طائرة مسيرة قصفت مقرا لميليشيا فاطميون في الميادين",
    }
    spec.update(overrides)
    return spec
