"""What the UI reads from the store, shaped for the browser (compact rows, facets, detail).

Kept apart from the HTTP layer so the shaping is unit-tested without a server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from marsad.store import EventFilter, Store
from marsad.text import normalize

log = logging.getLogger(__name__)

#: events fetched from the store per query page when the web layer filters further itself
PAGE = 20_000


@dataclass(slots=True, kw_only=True)
class UIQuery:
    """The filters held in the page URL that the server applies."""

    text: str | None = None
    actor: str | None = None
    include_proxies: bool = True
    event_type: str | None = None
    sub_event_type: str | None = None
    admin1: str | None = None
    place: str | None = None
    show_background: bool = True

    def store_filter(self, *, with_actor: bool) -> EventFilter:
        return EventFilter(
            text=self.text or None,
            actor=(self.actor or None) if with_actor else None,
            event_type=self.event_type or None,
            sub_event_type=self.sub_event_type or None,
            admin1=self.admin1 or None,
            background="include" if self.show_background else "exclude",
        )

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.text, self.actor, self.event_type, self.sub_event_type, self.admin1, self.place)
        ) and (self.show_background)


def compact(event: dict[str, Any]) -> dict[str, Any]:
    """One event as the small row the map, list, timeline and network need."""
    route = [
        {"role": p.get("role"), "name": p.get("name"), "lat": p.get("lat"), "lon": p.get("lon")}
        for p in event.get("route") or []
    ]
    return {
        "id": event["id"],
        "date": event.get("event_date"),
        "type": event.get("event_type"),
        "sub": event.get("sub_event_type"),
        "lat": event.get("latitude"),
        "lon": event.get("longitude"),
        "prec": event.get("geo_precision") or 1,
        "fat": event.get("fatalities") or 0,
        "a1": event.get("actor1"),
        "a2": event.get("actor2"),
        "a1id": event.get("actor1_id"),
        "a2id": event.get("actor2_id"),
        "loc": event.get("location"),
        "admin1": event.get("admin1"),
        "bg": bool(event.get("background")),
        "n": event.get("n_sources") or len(event.get("sources") or []) or 1,
        "route": route,
    }


def proxy_ids(
    actor_id: str, *, actors: Iterable[dict[str, Any]], kb_proxies: Iterable[str] = ()
) -> set[str]:
    """``actor_id`` plus every actor whose patron chain reaches it: from the actor knowledge base
    (``kb_proxies``) and from the patrons recorded on the store's actors, transitively."""
    clients: dict[str, list[str]] = {}
    for actor in actors:
        for patron in actor.get("patrons") or []:
            clients.setdefault(patron, []).append(actor["id"])
    found = {actor_id, *kb_proxies}
    queue = list(found)
    while queue:
        for client in clients.get(queue.pop(), []):
            if client not in found:
                found.add(client)
                queue.append(client)
    return found


def kb_proxies(actor_id: str) -> list[str]:
    """Proxies of an actor from the shipped actor knowledge base (empty when it cannot load)."""
    try:
        from marsad.actors.kb import ActorKB
    except ImportError:
        return []
    try:
        kb = ActorKB.load()
    except (OSError, ValueError) as exc:
        log.warning("actor knowledge base not available for proxies: %s", exc)
        return []
    return list(kb.proxies_of(actor_id))


def place_matches(event: dict[str, Any], place: str) -> bool:
    """Whether ``place`` (any spelling, harakat ignored) occurs in the event's place names."""
    key = normalize(place).strip()
    if not key:
        return True
    names = (event.get(k) for k in ("location", "admin1", "admin2", "admin3"))
    return any(key in normalize(n) for n in names if n)


def fetch_events(
    store: Store, query: UIQuery, *, max_events: int, proxies: set[str] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """All events matching ``query`` (up to ``max_events``) as store dicts, newest first.

    With ``proxies`` the actor filter is the set (applied here); otherwise the store filters.
    Returns (number matching, events), the number counting beyond ``max_events`` too.
    """
    flt = query.store_filter(with_actor=proxies is None)
    needs_local = proxies is not None or bool(query.place)
    if not needs_local:  # one round trip: the store's count is the answer
        total, page = store.query_events(flt, limit=max_events, offset=0)
        return total, page
    out: list[dict[str, Any]] = []
    matched = 0
    offset = 0
    while True:
        total, page = store.query_events(flt, limit=PAGE, offset=offset)
        for event in page:
            if proxies is not None and not (
                event.get("actor1_id") in proxies or event.get("actor2_id") in proxies
            ):
                continue
            if query.place and not place_matches(event, query.place):
                continue
            matched += 1
            if len(out) < max_events:
                out.append(event)
        offset += len(page)
        if not page or offset >= total:
            return matched, out


def facets(events: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """The values the filter menus offer, from the events in the store."""
    types: set[str] = set()
    subs: set[str] = set()
    admin1: set[str] = set()
    locations: set[str] = set()
    for e in events:
        if e.get("event_type"):
            types.add(e["event_type"])
        if e.get("sub_event_type"):
            subs.add(e["sub_event_type"])
        if e.get("admin1"):
            admin1.add(e["admin1"])
        if e.get("location"):
            locations.add(e["location"])
    return {
        "event_types": sorted(types),
        "sub_event_types": sorted(subs),
        "admin1": sorted(admin1),
        "locations": sorted(locations)[:2000],
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    """An event with every source's text and the spans that produced each field.

    The trigger is shown as one more field (``trigger``); raises the store's ``NotFound``.
    """
    event = store.get_event(event_id)
    sources_in = event.pop("sources", [])
    sources = []
    texts: dict[tuple[str, int | None], dict[str, Any]] = {}
    for src in sources_in:
        key = (src["document_id"], src.get("version"))
        if key not in texts:
            texts[key] = store.get_document(src["document_id"], version=src.get("version"))
        doc = texts[key]
        field_spans = {k: list(v) for k, v in (src.get("field_spans") or {}).items()}
        if src.get("trigger") and not field_spans.get("trigger"):
            field_spans["trigger"] = [src["trigger"]]
        sources.append(
            {
                "document": {
                    "id": doc["id"],
                    "version": doc.get("version"),
                    "source": doc.get("source") or src.get("source"),
                    "url": doc.get("url"),
                    "published": doc.get("published"),
                    "title": doc.get("title"),
                    "text": doc.get("text"),
                },
                "background": bool(src.get("background")),
                "confidence": src.get("confidence"),
                "field_spans": field_spans,
                "evidence": src.get("evidence") or [],
                "explanation": src.get("explanation"),
            }
        )
    return {"event": event, "sources": sources}


def actor_directory(store: Store) -> list[dict[str, Any]]:
    """Actors for the filter menu and the network: names, inter code, patrons, event count."""
    out = []
    for a in store.list_actors():
        out.append(
            {
                "id": a["id"],
                "name": a.get("name") or a["id"],
                "name_ar": a.get("name_ar"),
                "inter": a.get("inter"),
                "patrons": list(a.get("patrons") or []),
                "events": int(a.get("n_events") or 0),
            }
        )
    return out
