"""What ``marsad watch`` remembers between polls: seen URLs and texts, HTTP validators, poll times.

One small SQLite file (default ``marsad_home()/watch/state.sqlite3``) so a restarted watcher does
not ingest again what it already has, and can send conditional requests.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from marsad.home import marsad_home

_SCHEMA = """
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_url (
    url TEXT PRIMARY KEY, content_hash TEXT, feed TEXT, first_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_hash (
    content_hash TEXT PRIMARY KEY, url TEXT, first_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_poll (feed TEXT PRIMARY KEY, last_poll REAL NOT NULL);
"""


def default_state_path() -> Path:
    return marsad_home() / "watch" / "state.sqlite3"


class WatchState:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self.db.commit()

    # --- HTTP validators (ETag / Last-Modified) ---
    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if not etag and not last_modified:
            return
        self.db.execute(
            "INSERT INTO http_cache (url, etag, last_modified, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, updated = excluded.updated",
            (url, etag, last_modified, time.time()),
        )
        self.db.commit()

    # --- dedup ---
    def seen_url(self, url: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM seen_url WHERE url = ?", (url,)).fetchone() is not None
        )

    def seen_hash(self, content_hash: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM seen_hash WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row is not None

    def url_hash(self, url: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM seen_url WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def mark_seen(self, url: str, content_hash: str, *, feed: str) -> None:
        now = time.time()
        with self.db:
            self.db.execute(
                "INSERT INTO seen_url (url, content_hash, feed, first_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET content_hash = excluded.content_hash",
                (url, content_hash, feed, now),
            )
            self.db.execute(
                "INSERT OR IGNORE INTO seen_hash (content_hash, url, first_seen) VALUES (?, ?, ?)",
                (content_hash, url, now),
            )

    # --- scheduling ---
    def last_poll(self, feed: str) -> float | None:
        row = self.db.execute("SELECT last_poll FROM feed_poll WHERE feed = ?", (feed,)).fetchone()
        return float(row[0]) if row else None

    def mark_polled(self, feed: str, when: float) -> None:
        self.db.execute(
            "INSERT INTO feed_poll (feed, last_poll) VALUES (?, ?) "
            "ON CONFLICT(feed) DO UPDATE SET last_poll = excluded.last_poll",
            (feed, when),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()
