"""SQLite backend (the default): one file, WAL mode, FTS5 over normalized Arabic text.

FTS5's unicode61 tokenizer does not remove Arabic harakat, so documents and queries are
normalized in Python (``marsad.text.normalize``) before indexing and matching.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.store.fusion import haversine_km
from marsad.store.sql import SqlStore

_COMMON = """
CREATE TABLE IF NOT EXISTS documents (
  doc_key INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL, version INTEGER NOT NULL, current INTEGER NOT NULL,
  content_hash TEXT NOT NULL, url TEXT, source TEXT, published TEXT, title TEXT, lang TEXT,
  text TEXT NOT NULL, created_at TEXT NOT NULL, run_id INTEGER, search TEXT,
  UNIQUE (id, version));
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);
CREATE INDEX IF NOT EXISTS documents_url ON documents (url);
CREATE TABLE IF NOT EXISTS mentions (
  doc_key INTEGER NOT NULL REFERENCES documents (doc_key), start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL, text TEXT, label TEXT, norm TEXT, source TEXT, score REAL);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_key);
CREATE TABLE IF NOT EXISTS places (
  doc_key INTEGER NOT NULL REFERENCES documents (doc_key), start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL, text TEXT, name TEXT, feature_id TEXT, country TEXT, admin1 TEXT,
  latitude REAL, longitude REAL, geo_precision INTEGER, data TEXT);
CREATE INDEX IF NOT EXISTS places_doc ON places (doc_key);
CREATE TABLE IF NOT EXISTS actors (
  id TEXT PRIMARY KEY, name TEXT, name_ar TEXT, inter INTEGER, country TEXT, kind TEXT,
  patrons TEXT, provisional INTEGER NOT NULL, generic INTEGER NOT NULL, first_seen TEXT);
CREATE TABLE IF NOT EXISTS actor_mentions (
  doc_key INTEGER NOT NULL REFERENCES documents (doc_key), actor_id TEXT NOT NULL,
  start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL, text TEXT);
CREATE INDEX IF NOT EXISTS actor_mentions_doc ON actor_mentions (doc_key);
CREATE TABLE IF NOT EXISTS events (
  ekey INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  event_type TEXT, sub_event_type TEXT, event_date TEXT, time_precision INTEGER,
  actor1 TEXT, actor1_id TEXT, actor2 TEXT, actor2_id TEXT, country TEXT, admin1 TEXT,
  location TEXT, latitude REAL, longitude REAL, geo_precision INTEGER, fatalities INTEGER,
  confidence REAL, date_lo TEXT, date_hi TEXT, background INTEGER NOT NULL,
  n_sources INTEGER NOT NULL, created_at TEXT, updated_at TEXT);
CREATE TABLE IF NOT EXISTS event_data (
  ekey INTEGER PRIMARY KEY REFERENCES events (ekey), data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_fusion ON events (sub_event_type, date_lo, date_hi);
CREATE INDEX IF NOT EXISTS events_order ON events (event_date DESC, id);
CREATE INDEX IF NOT EXISTS events_geo ON events (latitude, longitude);
CREATE INDEX IF NOT EXISTS events_actor1 ON events (actor1_id);
CREATE INDEX IF NOT EXISTS events_actor2 ON events (actor2_id);
CREATE TABLE IF NOT EXISTS event_sources (
  event_id TEXT NOT NULL, doc_key INTEGER NOT NULL REFERENCES documents (doc_key),
  idx INTEGER NOT NULL, document_id TEXT NOT NULL, background INTEGER NOT NULL,
  confidence REAL, data TEXT NOT NULL, explanation TEXT, created_at TEXT,
  PRIMARY KEY (doc_key, idx));
CREATE INDEX IF NOT EXISTS event_sources_event ON event_sources (event_id);
CREATE TABLE IF NOT EXISTS ingest_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT, started_at TEXT, finished_at TEXT,
  status TEXT, stats TEXT);
CREATE TABLE IF NOT EXISTS api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT, revoked INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5 (body, tokenize = 'unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5 (body, tokenize = 'unicode61')
"""

MIGRATIONS: list[list[str]] = [[s.strip() for s in _COMMON.split(";") if s.strip()]]


def _fts_query(terms: list[tuple[str, ...]]) -> str:
    """An FTS5 MATCH expression: every query word (any of its forms) must occur."""
    return " AND ".join(
        "(" + " OR ".join(f'"{w}"' for w in alternatives) + ")" for alternatives in terms
    )


class SQLiteStore(SqlStore):
    """The store in one SQLite file (WAL mode, safe for one writer and many readers)."""

    backend = "sqlite"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=60.0
        )
        self._conn.row_factory = sqlite3.Row
        self._use_wal()
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA busy_timeout = 60000")
        self._conn.create_function("marsad_km", 4, _km, deterministic=True)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "applied_at TEXT)"
        )

    def _use_wal(self) -> None:
        """Switch the file to WAL once (the mode is stored in the file itself).

        SQLite does not call the busy handler for a journal-mode change, so a process that opens
        a new database while another one writes to it gets SQLITE_BUSY at once; retry briefly.
        """
        deadline = time.monotonic() + 60.0
        while True:
            try:
                mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def _cursor_execute(self, sql: str, params: Sequence[Any]) -> Any:
        return self._conn.execute(sql, tuple(params))

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        if rows:
            self._conn.executemany(sql, [tuple(r) for r in rows])

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock up front so two ingesting processes fuse in turn
        self._conn.execute("BEGIN IMMEDIATE")

    def _migrations(self) -> list[list[str]]:
        return MIGRATIONS

    def _index_document(self, doc_key: int, body: str) -> None:
        self._run("INSERT INTO documents_fts (rowid, body) VALUES (?, ?)", (doc_key, body))

    def _index_event(self, ekey: int, body: str) -> None:
        self._run("INSERT INTO events_fts (rowid, body) VALUES (?, ?)", (ekey, body))

    def _unindex_event(self, ekey: int) -> None:
        self._run("DELETE FROM events_fts WHERE rowid = ?", (ekey,))

    def _text_condition(self, terms: list[tuple[str, ...]]) -> tuple[str, list[Any]]:
        return (
            "e.ekey IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)",
            [_fts_query(terms)],
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    if lat1 is None or lon1 is None:
        return None
    return haversine_km(lat1, lon1, lat2, lon2)
