"""The one data model that runs through every stage of marsad.

Every ``start``/``end`` pair is a character offset into the ORIGINAL document text
(``Document.text``), never into a normalized copy. Each class serialises to the JSON output
contract with ``to_dict()`` and back with ``from_dict()``; ``schema/extraction.schema.json``
documents the result.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Literal, TypeVar

T = TypeVar("T")

TokenPartKind = Literal["proclitic", "article", "stem", "enclitic"]


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _from_known(cls: type[T], data: dict[str, Any]) -> T:
    """Build a dataclass from a dict, ignoring keys the class does not know."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


@dataclass(slots=True)
class Document:
    """One input report. ``id`` defaults to a hash of the text so re-reads are stable."""

    text: str
    id: str = ""
    lang: str = "ar"
    source: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.content_hash()[:16]

    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "lang": self.lang,
            "title": self.title,
        }


@dataclass(slots=True)
class Sentence:
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(slots=True)
class TokenPart:
    """A clitic or stem inside a token, e.g. و + ب + ال + مدينة."""

    start: int
    end: int
    text: str
    kind: TokenPartKind

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    parts: list[TokenPart] = field(default_factory=list)
    #: matching key of the stem: normalized, clitics removed (see marsad.text.normalize)
    norm: str = ""
    is_word: bool = True

    @property
    def stem(self) -> TokenPart:
        for part in self.parts:
            if part.kind == "stem":
                return part
        return TokenPart(self.start, self.end, self.text, "stem")

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "parts": [p.to_dict() for p in self.parts],
        }


@dataclass(slots=True)
class Mention:
    """A stretch of text recognised as something: an entity, a trigger, a date, a quantity."""

    start: int
    end: int
    text: str
    label: str
    norm: str = ""
    #: who found it: "ner", "gazetteer", "actor_kb", "pattern", ...
    source: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none(asdict(self))


@dataclass(slots=True)
class Place:
    """A resolved place mention (geoparser output)."""

    start: int
    end: int
    text: str
    name: str
    name_en: str | None = None
    feature_id: str | None = None
    feature_type: str | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin1_en: str | None = None
    admin2: str | None = None
    admin2_en: str | None = None
    admin3: str | None = None
    admin3_en: str | None = None
    pcode: str | None = None
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    #: ACLED geo_precision: 1 the place itself, 2 near it / part of a region, 3 a larger region
    geo_precision: int = 1
    #: "rif" (ريف countryside), "badia" (بادية desert), "hay" (حي neighbourhood) ...
    descriptor: str | None = None
    direction: str | None = None
    source: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return _from_known(cls, data)


@dataclass(slots=True)
class Actor:
    """A resolved actor mention: a KB entry, or a provisional actor found by pattern."""

    start: int
    end: int
    text: str
    id: str
    name: str
    name_ar: str | None = None
    inter: int | None = None
    country: str | None = None
    kind: str | None = None
    patrons: list[str] = field(default_factory=list)
    provisional: bool = False
    #: a generic reference ("الميليشيات الإيرانية") rather than one named group
    generic: bool = False
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return _from_known(cls, data)


@dataclass(slots=True)
class Event:
    """One coded event. Field names follow ACLED's columns where ACLED has one."""

    event_type: str
    sub_event_type: str
    event_date: str | None = None
    time_precision: int = 3
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str | None = None
    source_scale: str | None = None
    notes: str | None = None
    fatalities: int = 0
    # --- ours ---
    plover: str | None = None
    background: bool = False
    #: ordered places of a movement: [{"role": "origin"|"via"|"destination", "name", "lat", "lon"}]
    route: list[dict[str, Any]] = field(default_factory=list)
    #: counted things: [{"value": 4, "unit": "حافلات", "text": "4 حافلات", "start", "end", "vague"}]
    quantities: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    confidence: float | None = None
    #: KB ids behind actor1/actor2 (for evaluation and fusion)
    actor1_id: str | None = None
    actor2_id: str | None = None
    trigger: Span | None = None
    #: which characters produced which field: {"actor1": [Span], "location": [...], ...}
    field_spans: dict[str, list[Span]] = field(default_factory=dict)
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "evidence":
                value = [s.to_dict() for s in value]
            elif f.name == "trigger":
                value = value.to_dict() if value else None
            elif f.name == "field_spans":
                value = {k: [s.to_dict() for s in v] for k, v in value.items()}
            d[f.name] = value
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["evidence"] = [Span.from_dict(s) for s in data.get("evidence") or []]
        if data.get("trigger"):
            data["trigger"] = Span.from_dict(data["trigger"])
        data["field_spans"] = {
            k: [Span.from_dict(s) for s in v] for k, v in (data.get("field_spans") or {}).items()
        }
        return _from_known(cls, data)


@dataclass(slots=True)
class Extraction:
    """A document plus everything the pipeline found in it."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "tokens": [t.to_dict() for t in self.tokens],
            "mentions": [m.to_dict() for m in self.mentions],
            "places": [p.to_dict() for p in self.places],
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
        }
