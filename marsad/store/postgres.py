"""PostgreSQL backend (for teams sharing one database): psycopg 3, Arabic full-text search with
the built-in ``arabic`` configuration, PostGIS geography for radius queries when installed
(plain latitude/longitude and a SQL haversine function otherwise)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from marsad.store.base import StoreError
from marsad.store.sql import SqlStore

_TABLES = """
CREATE TABLE IF NOT EXISTS documents (
  doc_key BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL, version INTEGER NOT NULL, current INTEGER NOT NULL,
  content_hash TEXT NOT NULL, url TEXT, source TEXT, published TEXT, title TEXT, lang TEXT,
  text TEXT NOT NULL, created_at TEXT NOT NULL, run_id BIGINT, search TEXT, tsv TSVECTOR,
  UNIQUE (id, version));
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);
CREATE INDEX IF NOT EXISTS documents_url ON documents (url);
CREATE INDEX IF NOT EXISTS documents_tsv ON documents USING GIN (tsv);
CREATE TABLE IF NOT EXISTS mentions (
  doc_key BIGINT NOT NULL REFERENCES documents (doc_key), start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL, text TEXT, label TEXT, norm TEXT, source TEXT,
  score DOUBLE PRECISION);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_key);
CREATE TABLE IF NOT EXISTS places (
  doc_key BIGINT NOT NULL REFERENCES documents (doc_key), start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL, text TEXT, name TEXT, feature_id TEXT, country TEXT, admin1 TEXT,
  latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, geo_precision INTEGER, data TEXT);
CREATE INDEX IF NOT EXISTS places_doc ON places (doc_key);
CREATE TABLE IF NOT EXISTS actors (
  id TEXT PRIMARY KEY, name TEXT, name_ar TEXT, inter INTEGER, country TEXT, kind TEXT,
  patrons TEXT, provisional INTEGER NOT NULL, generic INTEGER NOT NULL, first_seen TEXT);
CREATE TABLE IF NOT EXISTS actor_mentions (
  doc_key BIGINT NOT NULL REFERENCES documents (doc_key), actor_id TEXT NOT NULL,
  start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL, text TEXT);
CREATE INDEX IF NOT EXISTS actor_mentions_doc ON actor_mentions (doc_key);
CREATE TABLE IF NOT EXISTS events (
  ekey BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,
  event_type TEXT, sub_event_type TEXT, event_date TEXT, time_precision INTEGER,
  actor1 TEXT, actor1_id TEXT, actor2 TEXT, actor2_id TEXT, country TEXT, admin1 TEXT,
  location TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
  geo_precision INTEGER, fatalities INTEGER, confidence DOUBLE PRECISION,
  date_lo TEXT, date_hi TEXT, background INTEGER NOT NULL, n_sources INTEGER NOT NULL,
  created_at TEXT, updated_at TEXT, tsv TSVECTOR);
CREATE TABLE IF NOT EXISTS event_data (
  ekey BIGINT PRIMARY KEY REFERENCES events (ekey), data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_fusion ON events (sub_event_type, date_lo, date_hi);
CREATE INDEX IF NOT EXISTS events_order ON events (event_date DESC NULLS LAST, id);
CREATE INDEX IF NOT EXISTS events_geo ON events (latitude, longitude);
CREATE INDEX IF NOT EXISTS events_actor1 ON events (actor1_id);
CREATE INDEX IF NOT EXISTS events_actor2 ON events (actor2_id);
CREATE INDEX IF NOT EXISTS events_tsv ON events USING GIN (tsv);
CREATE TABLE IF NOT EXISTS event_sources (
  event_id TEXT NOT NULL, doc_key BIGINT NOT NULL REFERENCES documents (doc_key),
  idx INTEGER NOT NULL, document_id TEXT NOT NULL, background INTEGER NOT NULL,
  confidence DOUBLE PRECISION, data TEXT NOT NULL, explanation TEXT, created_at TEXT,
  PRIMARY KEY (doc_key, idx));
CREATE INDEX IF NOT EXISTS event_sources_event ON event_sources (event_id);
CREATE TABLE IF NOT EXISTS ingest_runs (
  id BIGSERIAL PRIMARY KEY, command TEXT, started_at TEXT, finished_at TEXT, status TEXT,
  stats TEXT);
CREATE TABLE IF NOT EXISTS api_tokens (
  id BIGSERIAL PRIMARY KEY, name TEXT, token_hash TEXT NOT NULL UNIQUE, created_at TEXT,
  revoked INTEGER NOT NULL);
CREATE OR REPLACE FUNCTION marsad_km(lat1 DOUBLE PRECISION, lon1 DOUBLE PRECISION,
  lat2 DOUBLE PRECISION, lon2 DOUBLE PRECISION) RETURNS DOUBLE PRECISION AS $$
  SELECT 2 * 6371.0088 * asin(least(1.0, sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2)
    + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$ LANGUAGE SQL IMMUTABLE
"""

MIGRATIONS: list[list[str]] = [[s.strip() for s in _TABLES.split(";\n") if s.strip()]]
#: a fixed key for pg_advisory_xact_lock: writers that fuse events take turns
_FUSION_LOCK = 7_202_611


def _tsquery(terms: list[tuple[str, ...]]) -> str:
    """A to_tsquery expression: every query word (any of its forms) must occur."""
    safe = [[w for w in alts if re.fullmatch(r"\w+", w)] for alts in terms]
    return " & ".join("(" + " | ".join(alts) + ")" for alts in safe if alts)


class PostgresStore(SqlStore):
    """The store in a PostgreSQL database (``postgresql://user@host:port/db``)."""

    backend = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__()
        import psycopg
        from psycopg.rows import dict_row

        self.url = url
        try:
            self._conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}".strip()) from exc
        # CREATE TABLE IF NOT EXISTS races in PostgreSQL's catalog when two clients connect to a
        # new database at once: take the writers' advisory lock around it
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_FUSION_LOCK,))
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at TEXT)"
            )
        self.postgis = False
        self._closing = False
        self._in_transaction = False

    def upgrade(self) -> int:
        version = super().upgrade()
        self._enable_postgis()
        return version

    def _enable_postgis(self) -> None:
        """Use a PostGIS geography column for radius queries when the extension is there."""
        with self._lock:
            available = self._one(
                "SELECT 1 AS x FROM pg_available_extensions WHERE name = 'postgis'"
            )
            if available is None:
                return
            with self._transaction():
                self._run("CREATE EXTENSION IF NOT EXISTS postgis")
                self._run("ALTER TABLE events ADD COLUMN IF NOT EXISTS geog geography(Point, 4326)")
                self._run("CREATE INDEX IF NOT EXISTS events_geog ON events USING GIST (geog)")
                self._run(
                    "UPDATE events SET geog = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)"
                    "::geography WHERE geog IS NULL AND latitude IS NOT NULL "
                    "AND longitude IS NOT NULL"
                )
            self.postgis = True

    def _cursor_execute(self, sql: str, params: Sequence[Any]) -> Any:
        import psycopg

        query = sql.replace("?", "%s")
        if self._conn.closed and not self._closing:
            self._reconnect()
        try:
            return self._conn.execute(query, tuple(params))  # type: ignore[arg-type]
        except psycopg.OperationalError:
            # retry once on a dropped connection, never inside a transaction
            if self._in_transaction or self._closing or not self._conn.closed:
                raise
            self._reconnect()
            return self._conn.execute(query, tuple(params))  # type: ignore[arg-type]

    def _reconnect(self) -> None:
        """A long-running server outlives a database restart: open a new connection (only
        between transactions; an interrupted transaction was rolled back by the server)."""
        import psycopg
        from psycopg.rows import dict_row

        try:
            self._conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
        except psycopg.OperationalError as exc:
            raise StoreError(f"lost the PostgreSQL connection: {exc}".strip()) from exc

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), [tuple(r) for r in rows])  # type: ignore[arg-type]

    def _begin(self) -> None:
        self._cursor_execute("BEGIN", ())
        self._in_transaction = True
        self._cursor_execute("SELECT pg_advisory_xact_lock(?)", (_FUSION_LOCK,))

    def _commit(self) -> None:
        try:
            self._run("COMMIT")
        finally:
            self._in_transaction = False

    def _rollback(self) -> None:
        try:
            if not self._conn.closed:
                self._run("ROLLBACK")
        finally:
            self._in_transaction = False

    def _migrations(self) -> list[list[str]]:
        return MIGRATIONS

    def _index_document(self, doc_key: int, body: str) -> None:
        self._run(
            "UPDATE documents SET tsv = to_tsvector('arabic', ?) WHERE doc_key = ?", (body, doc_key)
        )

    def _index_event(self, ekey: int, body: str) -> None:
        self._run("UPDATE events SET tsv = to_tsvector('arabic', ?) WHERE ekey = ?", (body, ekey))

    def _unindex_event(self, ekey: int) -> None:
        self._run("UPDATE events SET tsv = NULL WHERE ekey = ?", (ekey,))

    def _after_event_write(self, event_id: str, canonical: dict[str, Any]) -> None:
        if self.postgis:
            self._run(
                "UPDATE events SET geog = CASE WHEN latitude IS NULL OR longitude IS NULL "
                "THEN NULL ELSE ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography "
                "END WHERE id = ?",
                (event_id,),
            )

    def _near_condition(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        if not self.postgis:
            return super()._near_condition(lat, lon, km)
        return (
            "ST_DWithin(e.geog, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)",
            [lon, lat, km * 1000.0],
        )

    def _text_condition(self, terms: list[tuple[str, ...]]) -> tuple[str, list[Any]]:
        query = _tsquery(terms)
        if not query:
            return "1 = 0", []
        return "e.tsv @@ to_tsquery('arabic', ?)", [query]

    def close(self) -> None:
        with self._lock:
            self._closing = True
            self._conn.close()
