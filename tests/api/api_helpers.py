"""Shared by the API tests: a deterministic test pipeline over our own sentences, clients."""

from __future__ import annotations

from typing import Any

from store.store_helpers import FATEMIYOUN, STRIKE_A, STRIKE_B, make_extraction, strike

from marsad.model import Document, Extraction

#: what the test pipeline "finds" in each of our sentences
KNOWN: dict[str, list[dict[str, Any]]] = {
    STRIKE_A: [strike(evidence="قصفت طائرةٌ مسيّرة", field_text={"actor2": "فاطميون"})],
    STRIKE_B: [strike(evidence="غارة جوية استهدفت", fatalities=2)],
}


def known_events_pipeline(doc: Document) -> Extraction:
    """Events for the sentences in KNOWN (as the events stage would code them), none otherwise."""
    built = make_extraction(doc.text, KNOWN.get(doc.text, []), actors=[FATEMIYOUN])
    return Extraction(document=doc, events=built.events, actors=built.actors)
