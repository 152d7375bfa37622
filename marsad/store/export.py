"""Exports of stored (canonical) events: ACLED-style CSV, GeoJSON and JSON.

Shared by ``marsad events --format`` and the API's ``/events.csv`` and ``/events.geojson``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from marsad.geo.countries import by_code, by_name

#: ACLED's export columns, in ACLED's order (our extra columns follow)
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = ("n_sources", "document_ids", "background", "confidence")

#: ACLED's disorder type of each event type
DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One canonical event as an ACLED CSV row (plus our provenance columns)."""
    row: dict[str, Any] = {c: event.get(c) for c in ACLED_COLUMNS}
    row["event_id_cnty"] = event.get("id")
    date = event.get("event_date") or ""
    row["year"] = date[:4] if date else None
    row["disorder_type"] = DISORDER_TYPE.get(str(event.get("event_type")))
    country = str(event.get("country") or "")
    found = by_code().get(country) or by_name(country)
    row["iso"] = found.numeric if found else None
    row["tags"] = "background" if event.get("background") else None
    row["timestamp"] = None
    sources = event.get("sources") or []
    row["n_sources"] = event.get("n_sources", len(sources))
    row["document_ids"] = ";".join(str(s.get("document_id")) for s in sources)
    row["background"] = bool(event.get("background"))
    row["confidence"] = event.get("confidence")
    return row


def write_acled_csv(events: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *EXTRA_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow({k: "" if v is None else v for k, v in acled_row(event).items()})


def acled_csv(events: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    write_acled_csv(events, buffer)
    return buffer.getvalue()


def geojson_feature(event: dict[str, Any]) -> dict[str, Any]:
    lat, lon = event.get("latitude"), event.get("longitude")
    geometry = (
        {"type": "Point", "coordinates": [lon, lat]}
        if lat is not None and lon is not None
        else None
    )
    skip = {"evidence", "field_spans", "trigger", "latitude", "longitude"}
    properties = {k: v for k, v in event.items() if k not in skip}
    return {
        "type": "Feature",
        "id": event.get("id"),
        "geometry": geometry,
        "properties": properties,
    }


def geojson(events: Iterable[dict[str, Any]], *, total: int | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (events without coordinates have a null geometry)."""
    features = [geojson_feature(e) for e in events]
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if total is not None:
        collection["total"] = total
    return collection


def write_geojson(events: Iterable[dict[str, Any]], out: TextIO) -> None:
    json.dump(geojson(events), out, ensure_ascii=False)
    out.write("\n")
