"""Event exports: ACLED CSV (ACLED's column order), GeoJSON (points, LineStrings for routes;
RFC 7946, opens in QGIS) and PLOVER JSON (one record per event, PLOVER's field names).

Each writer has the ``marsad extract`` writer signature ``(extractions, stream, options)`` and
honours ``options["include_background"]``.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from marsad.events.taxonomy import interaction
from marsad.geo.countries import by_name
from marsad.model import Event, Extraction

#: ACLED's export columns, in ACLED's order
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}
#: ISO 3166-1 numeric codes and ACLED regions of the countries marsad reports on
_ISO = {
    "Syria": (760, "SYR", "Middle East"),
    "Iraq": (368, "IRQ", "Middle East"),
    "Lebanon": (422, "LBN", "Middle East"),
    "Turkey": (792, "TUR", "Middle East"),
    "Jordan": (400, "JOR", "Middle East"),
    "Iran": (364, "IRN", "Middle East"),
    "Israel": (376, "ISR", "Middle East"),
    "Palestine": (275, "PSE", "Middle East"),
}


def _iso_elsewhere(country: str | None) -> tuple[int | None, str, str | None]:
    """ISO numeric and alpha-3 codes of a country outside ``_ISO`` by its English name (as
    ``Taxonomy.country_name`` gives it); its ACLED region is left empty."""
    found = by_name(country) if country else None
    return (found.numeric, found.iso3, None) if found else (None, "", None)


#: letters of scholarly transliteration with no ASCII decomposition (ʿayn, hamza, dotless
#: forms); NFKD handles the accented vowels and dotted consonants (Ā, ū, Ḩ)
_ASCII_EXTRA = str.maketrans({"ʿ": "", "ʾ": "", "‘": "", "’": "", "'": "", "`": "", "ı": "i"})


def ascii_name(name: str | None) -> str:
    """A plain-ASCII form of a gazetteer's English name ("Ālbū Kamāl" → "Albu Kamal"), as ACLED
    writes locations; a name with no Latin letters (an Arabic name the gazetteer could not
    give in English) is kept as it is rather than lost."""
    if not name:
        return ""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).translate(_ASCII_EXTRA)
    if not folded.isascii():
        return name
    return " ".join(folded.split())


def _events(
    extractions: Iterable[Extraction], options: dict[str, object]
) -> Iterator[tuple[Extraction, Event]]:
    keep_background = bool(options.get("include_background", True))
    for extraction in extractions:
        for event in extraction.events:
            if event.background and not keep_background:
                continue
            yield extraction, event


def _notes(extraction: Extraction, event: Event) -> str:
    if event.notes:
        return event.notes
    text = " ".join(span.of(extraction.text).strip() for span in event.evidence[:1])
    return (text + (" [background]" if event.background else "")).strip()


def acled_row(extraction: Extraction, event: Event, n: int) -> dict[str, Any]:
    iso, iso3, region = _ISO.get(event.country or "") or _iso_elsewhere(event.country)
    year = event.event_date[:4] if event.event_date else ""
    actor1, inter1, inter = event.actor1, event.inter1, event.interaction
    if not actor1 and event.event_type == "Violence against civilians":
        # the event keeps the text's silence (no agent named); ACLED's file needs an actor1:
        # its codebook's "Unidentified Armed Group (<country>)"
        actor1 = f"Unidentified Armed Group ({event.country or 'Syria'})"
        inter1 = 3
        inter = interaction(inter1, event.inter2)
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{extraction.document.id[:8]}{n:03d}",
        "event_date": event.event_date or "",
        "year": year,
        "time_precision": event.time_precision,
        "disorder_type": _DISORDER.get(event.event_type, ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor1 or "",
        "assoc_actor_1": event.assoc_actor_1 or "",
        "inter1": inter1 if inter1 is not None else "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": event.assoc_actor_2 or "",
        "inter2": event.inter2 if event.inter2 is not None else "",
        "interaction": inter if inter is not None else "",
        "civilian_targeting": event.civilian_targeting or "",
        "iso": iso if iso is not None else "",
        "region": region or "",
        "country": event.country or "",
        "admin1": ascii_name(event.admin1),
        "admin2": ascii_name(event.admin2),
        "admin3": ascii_name(event.admin3),
        "location": ascii_name(event.location),
        "latitude": f"{event.latitude:.4f}" if event.latitude is not None else "",
        "longitude": f"{event.longitude:.4f}" if event.longitude is not None else "",
        "geo_precision": event.geo_precision if event.geo_precision is not None else "",
        "source": event.source or extraction.document.source or "",
        "source_scale": event.source_scale or "",
        "notes": _notes(extraction, event),
        "fatalities": event.fatalities,
        "tags": "background" if event.background else "",
        "timestamp": "",
    }


def write_acled_csv(
    extractions: Iterable[Extraction], out: TextIO, options: dict[str, object]
) -> None:
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    counter: dict[str, int] = {}
    for extraction, event in _events(extractions, options):
        n = counter[extraction.document.id] = counter.get(extraction.document.id, 0) + 1
        writer.writerow(acled_row(extraction, event, n))


def _properties(extraction: Extraction, event: Event) -> dict[str, Any]:
    props = {
        k: v
        for k, v in event.to_dict().items()
        if k not in ("route", "field_spans", "evidence", "trigger", "quantities")
    }
    props["document_id"] = extraction.document.id
    props["quantities"] = (
        json.dumps(event.quantities, ensure_ascii=False) if event.quantities else None
    )
    props["evidence"] = _notes(extraction, event)
    return props


def geojson(extractions: Iterable[Extraction], options: dict[str, object]) -> dict[str, Any]:
    """A FeatureCollection: a Point per located event, a LineString per route (origin → via →
    destination; stops without coordinates are left out). Coordinates are [lon, lat] (RFC 7946)."""
    features: list[dict[str, Any]] = []
    for extraction, event in _events(extractions, options):
        props = _properties(extraction, event)
        if event.latitude is not None and event.longitude is not None:
            features.append(
                {
                    "type": "Feature",
                    "id": event.id,
                    "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
                    "properties": {**props, "feature": "event"},
                }
            )
        line = [
            [r["lon"], r["lat"]]
            for r in event.route
            if r.get("lat") is not None and r.get("lon") is not None
        ]
        if len(line) >= 2:
            features.append(
                {
                    "type": "Feature",
                    "id": f"{event.id}-route",
                    "geometry": {"type": "LineString", "coordinates": line},
                    "properties": {
                        **props,
                        "feature": "route",
                        "stops": " → ".join(str(r.get("name")) for r in event.route),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(
    extractions: Iterable[Extraction], out: TextIO, options: dict[str, object]
) -> None:
    json.dump(geojson(extractions, options), out, ensure_ascii=False, indent=1)
    out.write("\n")


def plover_record(extraction: Extraction, event: Event) -> dict[str, Any]:
    """One PLOVER event record: event category and mode, actor/recipient, date, location,
    with ACLED fields kept under ``acled`` and the source characters under ``text``."""
    from marsad.events.taxonomy import default_taxonomy

    taxonomy = default_taxonomy()
    doc = extraction.document
    sub = taxonomy.sub_event_types.get(event.sub_event_type)
    return {
        "id": event.id,
        "date": event.event_date,
        "date_precision": {1: "day", 2: "week", 3: "month"}.get(event.time_precision, "month"),
        "event": event.plover or (sub.plover if sub else None),
        "mode": sub.plover_mode if sub else None,
        "context": ["military"] if event.event_type != "Protests" else ["political"],
        "actor": {"name": event.actor1, "id": event.actor1_id, "inter": event.inter1},
        "recipient": {"name": event.actor2, "id": event.actor2_id, "inter": event.inter2}
        if event.actor2
        else None,
        "location": {
            "placename": event.location,
            "country": event.country,
            "admin1": event.admin1,
            "admin2": event.admin2,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "geo_precision": event.geo_precision,
        },
        "fatalities": event.fatalities,
        "background": event.background,
        "source": {
            "publisher": doc.source,
            "attribution": event.source,
            "scale": event.source_scale,
            "url": doc.url,
            "published": doc.published.isoformat() if isinstance(doc.published, date) else None,
            "document_id": doc.id,
        },
        "text": " ".join(span.of(extraction.text) for span in event.evidence),
        "acled": {
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "interaction": event.interaction,
        },
    }


def write_plover_json(
    extractions: Iterable[Extraction], out: TextIO, options: dict[str, object]
) -> None:
    records = [
        plover_record(extraction, event) for extraction, event in _events(extractions, options)
    ]
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")


WRITERS = {"acled-csv": write_acled_csv, "geojson": write_geojson, "plover-json": write_plover_json}
