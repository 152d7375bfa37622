"""The Store interface: where extractions are kept, fused into canonical events and queried.

Two backends implement it (SQLite by default, PostgreSQL for teams); ``open_store(url)`` picks
one from a URL. Every other part of marsad (CLI, API, batch, web) talks only to ``Store``.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from marsad.model import Extraction

BackgroundMode = Literal["include", "exclude", "only"]
DocumentStatus = Literal["new", "duplicate", "updated"]

#: name of the default SQLite database under marsad_home()
DEFAULT_DB_NAME = "marsad.db"


class StoreError(Exception):
    """A store operation failed for a reason the user can act on (bad URL, old schema ...)."""


class NotFound(StoreError):
    """An id that is not in the store."""


@dataclass(slots=True, kw_only=True)
class EventFilter:
    """What to select from the canonical events; every field is optional and they combine (AND).

    ``bbox`` is ``(min_lon, min_lat, max_lon, max_lat)`` (GeoJSON order); ``near`` is
    ``(lat, lon, km)``. ``actor`` is a KB id (exact) or text (substring of the actor names);
    ``include_proxies`` also selects events of actors whose patrons include that id.
    ``text`` is an Arabic (or any) full-text query, diacritics-insensitive, over event notes
    and the texts of the source documents.
    """

    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    near: tuple[float, float, float] | None = None
    actor: str | None = None
    include_proxies: bool = False
    event_type: str | None = None
    sub_event_type: str | None = None
    admin1: str | None = None
    text: str | None = None
    background: BackgroundMode = "include"
    document_id: str | None = None

    def __post_init__(self) -> None:
        if self.background not in ("include", "exclude", "only"):
            raise ValueError("background must be include, exclude or only")
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            # min > max is allowed and selects nothing (like since > until)
            if not all(-180 <= v <= 180 for v in (min_lon, max_lon)) or not all(
                -90 <= v <= 90 for v in (min_lat, max_lat)
            ):
                raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within range")
        if self.near is not None:
            lat, lon, km = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km >= 0):
                raise ValueError("near must be LAT,LON,KM with a valid position and KM >= 0")


@dataclass(slots=True)
class AddResult:
    """What ``add_extraction`` did with one document."""

    document_id: str
    status: DocumentStatus
    version: int
    #: canonical event ids the document's events were stored under (one per extracted event)
    event_ids: list[str] = field(default_factory=list)
    #: of those, the ones that already existed (the event was fused into another report's)
    merged_event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "status": self.status,
            "version": self.version,
            "event_ids": list(self.event_ids),
            "merged_event_ids": list(self.merged_event_ids),
        }


class Store(abc.ABC):
    """A database of documents, their extractions and the canonical (fused) events."""

    #: "sqlite" or "postgresql"
    backend: str = ""

    @abc.abstractmethod
    def upgrade(self) -> int:
        """Create or migrate the schema to the version of this code; returns that version."""

    @abc.abstractmethod
    def schema_version(self) -> int:
        """The schema version of the database (0 when empty)."""

    @abc.abstractmethod
    def add_extraction(self, extraction: Extraction, *, run_id: int | None = None) -> AddResult:
        """Store a document and its extraction in one transaction, fusing its events.

        Idempotent: the same text again is a ``duplicate`` (nothing written); changed text for
        the same document id or URL is stored as a new version (``updated``) whose events
        replace the old version's.
        """

    @abc.abstractmethod
    def document_exists(self, content_hash: str) -> bool:
        """Whether a document with this SHA-256 of its text is stored."""

    @abc.abstractmethod
    def query_events(
        self, filter: EventFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total matching, one page of event dicts) in a stable order (date desc, id).

        Each dict has the ``Event`` fields, ``id``, ``n_sources`` and ``sources`` (document id,
        outlet, url, published of every report of this event).
        """

    @abc.abstractmethod
    def get_event(self, event_id: str) -> dict[str, Any]:
        """One event with its sources, each with evidence spans, field spans and the
        document id; raises ``NotFound``."""

    @abc.abstractmethod
    def get_document(self, document_id: str, *, version: int | None = None) -> dict[str, Any]:
        """A document (latest version by default) with its text and event ids; ``NotFound``."""

    @abc.abstractmethod
    def list_actors(self) -> list[dict[str, Any]]:
        """Actors seen in stored documents, with patrons and the number of events."""

    @abc.abstractmethod
    def actor_links(self) -> list[dict[str, Any]]:
        """Pairs of actors that meet in events (actor1_id, actor2_id, n_events)."""

    @abc.abstractmethod
    def list_places(self) -> list[dict[str, Any]]:
        """Places of stored events, with coordinates, admin1 and the number of events."""

    @abc.abstractmethod
    def explain_event(self, event_id: str) -> dict[str, Any]:
        """Why each source was fused into this event (the checks and their values)."""

    @abc.abstractmethod
    def start_run(self, *, command: str) -> int:
        """Record the start of an ingest run; returns its id."""

    @abc.abstractmethod
    def finish_run(self, run_id: int, *, stats: dict[str, int], status: str = "finished") -> None:
        """Record the end of an ingest run with its counts."""

    @abc.abstractmethod
    def create_token(self, *, name: str) -> str:
        """A new API token (returned once; only its hash is stored)."""

    @abc.abstractmethod
    def verify_token(self, token: str) -> bool:
        """Whether ``token`` is a valid, unrevoked API token."""

    @abc.abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts of documents, events, sources, actors (for /health and summaries)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_url() -> str:
    """The default database: a SQLite file under marsad_home()."""
    from marsad.home import marsad_home

    return f"sqlite:///{marsad_home() / DEFAULT_DB_NAME}"


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open the store at ``url``: None → SQLite under marsad_home(); a path or
    ``sqlite:///path`` → SQLite; ``postgresql://…`` → PostgreSQL.

    With ``upgrade`` (default) the schema is created or migrated on open.
    """
    url = url or default_url()
    store: Store
    if url.startswith(("postgresql://", "postgres://")):
        from marsad.store.postgres import PostgresStore

        store = PostgresStore(url)
    else:
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///") :])
        elif url.startswith("sqlite://"):
            raise StoreError("use sqlite:///PATH (three slashes) or a plain file path")
        elif "://" in url:
            raise StoreError(
                f"unsupported database URL {url!r}; use a path, sqlite:/// or postgresql://"
            )
        else:
            path = Path(url)
        from marsad.store.sqlite import SQLiteStore

        store = SQLiteStore(path.expanduser())
    if upgrade:
        store.upgrade()
    return store
