"""The SQL implementation of ``Store`` shared by the SQLite and PostgreSQL backends.

Statements are written once with ``?`` parameters (the PostgreSQL backend turns them into
``%s``); the backends supply the connection, the migrations (DDL differs), full-text search
and distance functions. All SQL takes values only as parameters.
"""

from __future__ import annotations

import abc
import hashlib
import json
import re
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from marsad.model import Extraction
from marsad.store.base import AddResult, EventFilter, NotFound, Store
from marsad.store.fusion import ActorInfo, Decision, compare, date_window, fuse
from marsad.text import normalize, tokenize

#: columns of ``events`` that mirror canonical Event fields (the full event is in ``data``)
EVENT_COLUMNS = (
    "event_type",
    "sub_event_type",
    "event_date",
    "time_precision",
    "actor1",
    "actor1_id",
    "actor2",
    "actor2_id",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "confidence",
)
_WORD = re.compile(r"\w+")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def index_words(text: str) -> list[str]:
    """Search keys of ``text``: every word normalized (no harakat, unified alef/ya/ta marbuta)
    and, when it has clitics (و ب ل ال ...), its bare stem too, so الحرس finds والحرس."""
    words: list[str] = []
    for token in tokenize(text):
        if not token.is_word:
            continue
        surface = normalize(token.text)
        words.extend(_WORD.findall(surface))
        if token.norm and token.norm != surface:
            words.extend(_WORD.findall(token.norm))
    return words


def index_text(text: str) -> str:
    return " ".join(index_words(text))


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Each query word as the alternatives (surface form, stem) a document may contain."""
    terms: list[tuple[str, ...]] = []
    for token in tokenize(query):
        if not token.is_word:
            continue
        alternatives = list(dict.fromkeys(_WORD.findall(normalize(token.text))))
        alternatives += [w for w in _WORD.findall(token.norm or "") if w not in alternatives]
        if alternatives:
            terms.append(tuple(alternatives))
    return terms


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _span_dict(span: dict[str, Any], text: str) -> dict[str, Any]:
    start, end = int(span["start"]), int(span["end"])
    return {"start": start, "end": end, "text": text[start:end]}


class SqlStore(Store):
    """A ``Store`` over a DB-API connection; subclasses supply the dialect."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ dialect hooks
    @abc.abstractmethod
    def _cursor_execute(self, sql: str, params: Sequence[Any]) -> Any:
        """Execute one statement with ``?`` parameters; returns the cursor."""

    @abc.abstractmethod
    def _begin(self) -> None:
        """Start a write transaction (serialising writers that fuse events)."""

    @abc.abstractmethod
    def _migrations(self) -> list[list[str]]:
        """DDL statements per schema version (index 0 = version 1)."""

    @abc.abstractmethod
    def _index_document(self, doc_key: int, body: str) -> None: ...

    @abc.abstractmethod
    def _index_event(self, ekey: int, body: str) -> None: ...

    @abc.abstractmethod
    def _unindex_event(self, ekey: int) -> None: ...

    @abc.abstractmethod
    def _text_condition(self, terms: list[tuple[str, ...]]) -> tuple[str, list[Any]]:
        """SQL condition on ``e`` (events) for a full-text query; each event's index holds its
        notes, place and actor names and the words of its source reports."""

    def _near_condition(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        """Events within ``km`` of a point: a bounding-box prefilter then the exact distance."""
        dlat = km / 111.0
        from math import cos, radians

        dlon = km / max(1e-6, 111.0 * cos(radians(min(89.9, abs(lat)))))
        return (
            "(e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ? "
            "AND marsad_km(e.latitude, e.longitude, ?, ?) <= ?)",
            [lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lon, km],
        )

    def _after_event_write(self, event_id: str, canonical: dict[str, Any]) -> None:
        """Hook for backend-specific columns (PostGIS geography)."""

    # ------------------------------------------------------------------ helpers
    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._cursor_execute(sql, params)
        return [dict(r) for r in cur.fetchall()]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        cur = self._cursor_execute(sql, params)
        row = cur.fetchone()
        return dict(row) if row is not None else None

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor_execute(sql, params)

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        """One statement over many rows (backends batch it)."""
        for row in rows:
            self._cursor_execute(sql, row)

    def _commit(self) -> None:
        self._run("COMMIT")

    def _rollback(self) -> None:
        self._run("ROLLBACK")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._begin()
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            self._commit()

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        with self._lock:
            # schema_migrations is created when a backend connects, so it always exists
            row = self._one("SELECT MAX(version) AS v FROM schema_migrations")
            return int(row["v"] or 0) if row else 0

    def upgrade(self) -> int:
        migrations = self._migrations()
        with self._lock:
            current = self.schema_version()
            if current > len(migrations):
                from marsad.store.base import StoreError

                raise StoreError(
                    f"database schema v{current} is newer than this marsad (v{len(migrations)})"
                )
            for version in range(current + 1, len(migrations) + 1):
                # every backend's write transaction is exclusive (BEGIN IMMEDIATE / advisory
                # lock), so re-reading the version inside it keeps two processes that open a new
                # database at once from applying the same migration twice
                with self._transaction():
                    if self.schema_version() >= version:
                        continue
                    for statement in migrations[version - 1]:
                        self._run(statement)
                    self._run(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                        (version, now()),
                    )
            return len(migrations)

    # ------------------------------------------------------------------ writes
    def document_exists(self, content_hash: str) -> bool:
        with self._lock:
            return (
                self._one(
                    "SELECT 1 AS x FROM documents WHERE content_hash = ? AND current = 1",
                    (content_hash,),
                )
                is not None
            )

    def add_extraction(self, extraction: Extraction, *, run_id: int | None = None) -> AddResult:
        doc = extraction.document
        content_hash = doc.content_hash()
        with self._transaction():
            same = self._one(
                "SELECT doc_key, id, version FROM documents WHERE content_hash = ? AND current = 1 "
                "ORDER BY doc_key LIMIT 1",
                (content_hash,),
            )
            if same is not None:
                ids = [
                    r["event_id"]
                    for r in self._all(
                        "SELECT event_id FROM event_sources WHERE doc_key = ? ORDER BY idx",
                        (same["doc_key"],),
                    )
                ]
                return AddResult(same["id"], "duplicate", int(same["version"]), ids, [])
            previous = self._one(
                "SELECT doc_key, id, version FROM documents WHERE current = 1 AND "
                "(id = ? OR (url IS NOT NULL AND url = ?)) ORDER BY doc_key DESC LIMIT 1",
                (doc.id, doc.url),
            )
            if previous is not None:
                status, doc_id = "updated", str(previous["id"])
                last = self._one("SELECT MAX(version) AS v FROM documents WHERE id = ?", (doc_id,))
                version = int(last["v"] if last else previous["version"]) + 1
                self._run("UPDATE documents SET current = 0 WHERE id = ?", (doc_id,))
                self._detach(int(previous["doc_key"]))
            else:
                status, doc_id, version = "new", doc.id, 1
                old = self._one("SELECT MAX(version) AS v FROM documents WHERE id = ?", (doc_id,))
                if old and old["v"]:
                    version = int(old["v"]) + 1
            row = self._one(
                "INSERT INTO documents (id, version, current, content_hash, url, source, "
                "published, title, lang, text, created_at, run_id) "
                "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING doc_key",
                (
                    doc_id,
                    version,
                    content_hash,
                    doc.url,
                    doc.source,
                    doc.published.isoformat() if doc.published else None,
                    doc.title,
                    doc.lang,
                    doc.text,
                    now(),
                    run_id,
                ),
            )
            assert row is not None
            doc_key = int(row["doc_key"])
            search = index_text(doc.text)
            self._run("UPDATE documents SET search = ? WHERE doc_key = ?", (search, doc_key))
            self._index_document(doc_key, search)
            self._store_annotations(doc_key, extraction)
            actor_info = self._actor_info(extraction)
            event_ids: list[str] = []
            merged: list[str] = []
            for idx, event in enumerate(extraction.events):
                event_id, was_merged = self._fuse_one(
                    doc_key, doc_id, version, idx, event.to_dict(), doc.source, actor_info
                )
                event.id = event_id
                event_ids.append(event_id)
                if was_merged:
                    merged.append(event_id)
            return AddResult(doc_id, status, version, event_ids, merged)  # type: ignore[arg-type]

    def _store_annotations(self, doc_key: int, extraction: Extraction) -> None:
        self._many(
            "INSERT INTO mentions (doc_key, start_pos, end_pos, text, label, norm, source, "
            "score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_key, m.start, m.end, m.text, m.label, m.norm, m.source, m.score)
                for m in extraction.mentions
            ],
        )
        self._many(
            "INSERT INTO places (doc_key, start_pos, end_pos, text, name, feature_id, "
            "country, admin1, latitude, longitude, geo_precision, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_key,
                    p.start,
                    p.end,
                    p.text,
                    p.name,
                    p.feature_id,
                    p.country,
                    p.admin1,
                    p.latitude,
                    p.longitude,
                    p.geo_precision,
                    json.dumps(p.to_dict(), ensure_ascii=False),
                )
                for p in extraction.places
            ],
        )
        self._many(
            "INSERT INTO actor_mentions (doc_key, actor_id, start_pos, end_pos, text) "
            "VALUES (?, ?, ?, ?, ?)",
            [(doc_key, a.id, a.start, a.end, a.text) for a in extraction.actors],
        )
        # one row per actor id (the KB entry wins over a provisional one)
        catalogue = {a.id: a for a in sorted(extraction.actors, key=lambda a: not a.provisional)}
        self._many(
            "INSERT INTO actors (id, name, name_ar, inter, country, kind, patrons, provisional, "
            "generic, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO "
            "UPDATE SET name = excluded.name, name_ar = excluded.name_ar, inter = excluded.inter, "
            "country = excluded.country, kind = excluded.kind, patrons = excluded.patrons, "
            "provisional = excluded.provisional, generic = excluded.generic "
            "WHERE excluded.provisional = 0",
            [
                (
                    a.id,
                    a.name,
                    a.name_ar,
                    a.inter,
                    a.country,
                    a.kind,
                    json.dumps(list(a.patrons), ensure_ascii=False),
                    int(a.provisional),
                    int(a.generic),
                    now(),
                )
                for a in catalogue.values()
            ],
        )

    def _actor_info(self, extraction: Extraction | None = None) -> dict[str, ActorInfo]:
        info = {
            r["id"]: ActorInfo(
                generic=bool(r["generic"]),
                kind=r["kind"],
                patrons=tuple(_loads(r["patrons"]) or ()),
            )
            for r in self._all("SELECT id, generic, kind, patrons FROM actors")
        }
        if extraction is not None:
            for a in extraction.actors:
                info[a.id] = ActorInfo(generic=a.generic, kind=a.kind, patrons=tuple(a.patrons))
        return info

    def _fuse_one(
        self,
        doc_key: int,
        doc_id: str,
        version: int,
        idx: int,
        event: dict[str, Any],
        outlet: str | None,
        actor_info: dict[str, ActorInfo],
    ) -> tuple[str, bool]:
        """Attach one extracted event to a matching canonical event, or create one."""
        event = dict(event)
        event["source"] = event.get("source") or outlet
        decisions: list[Decision] = []
        window = date_window(event.get("event_date"), event.get("time_precision"))
        if window is not None and event.get("sub_event_type"):
            candidates = self._all(
                "SELECT e.id, d.data FROM events e JOIN event_data d ON d.ekey = e.ekey "
                "WHERE e.sub_event_type = ? "
                "AND e.date_lo <= ? AND e.date_hi >= ? "
                "AND NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id "
                "AND s.doc_key = ?) ORDER BY e.id",
                (event["sub_event_type"], window[1].isoformat(), window[0].isoformat(), doc_key),
            )
            for cand in candidates:
                data = _loads(cand["data"])
                data["id"] = cand["id"]
                decisions.append(compare(event, data, actors=actor_info))
        matches = sorted(
            (d for d in decisions if d.match), key=lambda d: (-d.score, d.candidate_id)
        )
        if matches:
            best = matches[0]
            event_id = best.candidate_id
            explanation = {
                "decision": "merged",
                "into": event_id,
                "score": round(best.score, 4),
                "checks": [c.to_dict() for c in best.checks],
                "other_candidates": [d.to_dict() for d in decisions if d is not best],
            }
        else:
            event_id = (
                "ev-" + hashlib.sha256(f"{doc_id}\x00{version}\x00{idx}".encode()).hexdigest()[:12]
            )
            explanation = {
                "decision": "created",
                "reason": (
                    "no stored event matched"
                    if decisions
                    else "no stored event of this sub-event type in the date window"
                    if window is not None
                    else "no date: events without a date are never fused"
                ),
                "other_candidates": [d.to_dict() for d in decisions],
            }
        self._run(
            "INSERT INTO event_sources (event_id, doc_key, idx, document_id, background, "
            "confidence, data, explanation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event_id,
                doc_key,
                idx,
                doc_id,
                int(bool(event.get("background"))),
                event.get("confidence"),
                json.dumps(event, ensure_ascii=False),
                json.dumps(explanation, ensure_ascii=False),
                now(),
            ),
        )
        self._recompute(event_id, actor_info)
        return event_id, bool(matches)

    def _recompute(self, event_id: str, actor_info: dict[str, ActorInfo]) -> None:
        """Rebuild the canonical event from its sources (delete it when none is left)."""
        sources = [
            _loads(r["data"])
            for r in self._all(
                "SELECT data FROM event_sources WHERE event_id = ? ORDER BY doc_key, idx",
                (event_id,),
            )
        ]
        existing = self._one("SELECT ekey FROM events WHERE id = ?", (event_id,))
        if not sources:
            if existing is not None:
                self._unindex_event(int(existing["ekey"]))
                self._run("DELETE FROM event_data WHERE ekey = ?", (existing["ekey"],))
                self._run("DELETE FROM events WHERE id = ?", (event_id,))
            return
        canonical = fuse(sources, actors=actor_info)
        canonical["id"] = event_id
        window = date_window(canonical.get("event_date"), canonical.get("time_precision"))
        values = [canonical.get(c) for c in EVENT_COLUMNS]
        values += [
            window[0].isoformat() if window else None,
            window[1].isoformat() if window else None,
            int(bool(canonical.get("background"))),
            len(sources),
            now(),
        ]
        data = json.dumps(canonical, ensure_ascii=False)
        if existing is None:
            columns = [*EVENT_COLUMNS, "date_lo", "date_hi", "background", "n_sources"]
            row = self._one(
                f"INSERT INTO events (id, {', '.join(columns)}, created_at, updated_at) "
                f"VALUES (?, {', '.join('?' for _ in columns)}, ?, ?) RETURNING ekey",
                (event_id, *values, values[-1]),
            )
            assert row is not None
            ekey = int(row["ekey"])
            self._run("INSERT INTO event_data (ekey, data) VALUES (?, ?)", (ekey, data))
        else:
            sets = ", ".join(
                f"{c} = ?"
                for c in [
                    *EVENT_COLUMNS,
                    "date_lo",
                    "date_hi",
                    "background",
                    "n_sources",
                    "updated_at",
                ]
            )
            self._run(f"UPDATE events SET {sets} WHERE id = ?", (*values, event_id))
            ekey = int(existing["ekey"])
            self._run("UPDATE event_data SET data = ? WHERE ekey = ?", (data, ekey))
            self._unindex_event(ekey)
        body = " ".join(
            str(v)
            for v in [
                *(s.get("notes") for s in sources),
                canonical.get("location"),
                canonical.get("actor1"),
                canonical.get("actor2"),
                canonical.get("admin1"),
            ]
            if v
        )
        # the source reports' words too, so a text filter is one indexed match on events
        reports = [
            str(r["search"] or "")
            for r in self._all(
                "SELECT d.search FROM event_sources s JOIN documents d ON d.doc_key = s.doc_key "
                "WHERE s.event_id = ? ORDER BY s.doc_key",
                (event_id,),
            )
        ]
        self._index_event(ekey, " ".join([index_text(body), *dict.fromkeys(reports)]))
        self._after_event_write(event_id, canonical)

    def _detach(self, doc_key: int) -> None:
        """Remove an old document version's events (fused events keep their other sources)."""
        affected = [
            r["event_id"]
            for r in self._all(
                "SELECT DISTINCT event_id FROM event_sources WHERE doc_key = ?", (doc_key,)
            )
        ]
        self._run("DELETE FROM event_sources WHERE doc_key = ?", (doc_key,))
        info = self._actor_info()
        for event_id in sorted(affected):
            self._recompute(event_id, info)

    # ------------------------------------------------------------------ runs and tokens
    def start_run(self, *, command: str) -> int:
        with self._transaction():
            row = self._one(
                "INSERT INTO ingest_runs (command, started_at, status) VALUES (?, ?, 'running') "
                "RETURNING id",
                (command, now()),
            )
            assert row is not None
            return int(row["id"])

    def finish_run(self, run_id: int, *, stats: dict[str, int], status: str = "finished") -> None:
        with self._transaction():
            self._run(
                "UPDATE ingest_runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                (now(), status, json.dumps(stats), run_id),
            )

    def create_token(self, *, name: str) -> str:
        token = "msd_" + secrets.token_urlsafe(32)
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self._transaction():
            self._run(
                "INSERT INTO api_tokens (name, token_hash, created_at, revoked) "
                "VALUES (?, ?, ?, 0)",
                (name, digest, now()),
            )
        return token

    def verify_token(self, token: str) -> bool:
        if not token:
            return False
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            return (
                self._one(
                    "SELECT 1 AS x FROM api_tokens WHERE token_hash = ? AND revoked = 0", (digest,)
                )
                is not None
            )

    # ------------------------------------------------------------------ reads
    def stats(self) -> dict[str, int]:
        with self._lock:
            out: dict[str, int] = {}
            for name, sql in (
                ("documents", "SELECT COUNT(*) AS n FROM documents WHERE current = 1"),
                ("document_versions", "SELECT COUNT(*) AS n FROM documents"),
                ("events", "SELECT COUNT(*) AS n FROM events"),
                ("event_sources", "SELECT COUNT(*) AS n FROM event_sources"),
                ("actors", "SELECT COUNT(*) AS n FROM actors"),
            ):
                row = self._one(sql)
                out[name] = int(row["n"]) if row else 0
            return out

    def _actor_ids(self, actor: str, *, include_proxies: bool) -> set[str]:
        """KB ids an actor filter selects: the id itself, names containing the text, and
        (with proxies) every actor whose patron chain leads to one of them."""
        key = normalize(actor)
        rows = self._all("SELECT id, name, name_ar, patrons FROM actors")
        ids = {actor}
        for r in rows:
            names = [normalize(r["name"] or ""), normalize(r["name_ar"] or "")]
            if r["id"] == actor or any(key and key in n for n in names):
                ids.add(r["id"])
        if include_proxies:
            patrons = {r["id"]: set(_loads(r["patrons"]) or ()) for r in rows}
            grew = True
            while grew:
                grew = False
                for actor_id, theirs in patrons.items():
                    if actor_id not in ids and theirs & ids:
                        ids.add(actor_id)
                        grew = True
        return ids

    def _where(self, f: EventFilter) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        if f.since:
            conditions.append("e.event_date >= ?")
            params.append(f.since.isoformat())
        if f.until:
            conditions.append("e.event_date <= ?")
            params.append(f.until.isoformat())
        if f.bbox:
            min_lon, min_lat, max_lon, max_lat = f.bbox
            conditions.append("e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ?")
            params += [min_lat, max_lat, min_lon, max_lon]
        if f.near:
            sql, more = self._near_condition(*f.near)
            conditions.append(sql)
            params += more
        if f.actor:
            ids = sorted(self._actor_ids(f.actor, include_proxies=f.include_proxies))
            marks = ", ".join("?" for _ in ids)
            if len(ids) > 1 or self._one("SELECT id FROM actors WHERE id = ?", (f.actor,)):
                # known to the catalogue: the indexed id columns say it all
                conditions.append(f"(e.actor1_id IN ({marks}) OR e.actor2_id IN ({marks}))")
                params += [*ids, *ids]
            else:  # free text: also the names as the reports gave them
                like = f"%{f.actor.lower()}%"
                conditions.append(
                    f"(e.actor1_id IN ({marks}) OR e.actor2_id IN ({marks}) "
                    "OR LOWER(e.actor1) LIKE ? OR LOWER(e.actor2) LIKE ?)"
                )
                params += [*ids, *ids, like, like]
        if f.event_type:
            conditions.append("e.event_type = ?")
            params.append(f.event_type)
        if f.sub_event_type:
            conditions.append("e.sub_event_type = ?")
            params.append(f.sub_event_type)
        if f.admin1:
            conditions.append("LOWER(e.admin1) = LOWER(?)")
            params.append(f.admin1)
        if f.text:
            terms = query_terms(f.text)
            if terms:
                sql, more = self._text_condition(terms)
                conditions.append(sql)
                params += more
            else:
                conditions.append("1 = 0")
        if f.background == "exclude":
            conditions.append("e.background = 0")
        elif f.background == "only":
            conditions.append("e.background = 1")
        if f.document_id:
            conditions.append(
                "e.id IN (SELECT s.event_id FROM event_sources s JOIN documents d "
                "ON d.doc_key = s.doc_key WHERE d.id = ? AND d.current = 1)"
            )
            params.append(f.document_id)
        return (" WHERE " + " AND ".join(conditions)) if conditions else "", params

    def _sources_of(self, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in event_ids}
        if not event_ids:
            return out
        marks = ", ".join("?" for _ in event_ids)
        for r in self._all(
            "SELECT s.event_id, s.document_id, d.version, d.source, d.url, d.published, "
            "d.title, s.background, s.confidence FROM event_sources s JOIN documents d "
            f"ON d.doc_key = s.doc_key WHERE s.event_id IN ({marks}) ORDER BY s.doc_key, s.idx",
            event_ids,
        ):
            out[r.pop("event_id")].append(
                {**r, "background": bool(r["background"]), "version": int(r["version"])}
            )
        return out

    def _event_out(self, row: dict[str, Any]) -> dict[str, Any]:
        data = _loads(row["data"])
        data["id"] = row["id"]
        data["n_sources"] = int(row["n_sources"])
        return data

    def query_events(
        self, filter: EventFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be >= 0")
        f = filter or EventFilter()
        with self._lock:
            where, params = self._where(f)
            total_row = self._one(f"SELECT COUNT(*) AS n FROM events e{where}", params)
            total = int(total_row["n"]) if total_row else 0
            # page over the narrow index first, then fetch the (large) event data of the page
            keys = [
                int(r["ekey"])
                for r in self._all(
                    f"SELECT e.ekey FROM events e{where} "
                    "ORDER BY e.event_date DESC NULLS LAST, e.id LIMIT ? OFFSET ?",
                    [*params, limit, offset],
                )
            ]
            rows: dict[int, dict[str, Any]] = {}
            if keys:
                marks = ", ".join("?" for _ in keys)
                for r in self._all(
                    "SELECT e.ekey, e.id, e.n_sources, d.data FROM events e JOIN event_data d "
                    f"ON d.ekey = e.ekey WHERE e.ekey IN ({marks})",
                    keys,
                ):
                    rows[int(r["ekey"])] = r
            items = [self._event_out(rows[k]) for k in keys]
            sources = self._sources_of([i["id"] for i in items])
            for item in items:
                item["sources"] = sources[item["id"]]
            return total, items

    def get_event(self, event_id: str) -> dict[str, Any]:
        with self._lock:
            row = self._one(
                "SELECT e.id, e.n_sources, d.data FROM events e JOIN event_data d "
                "ON d.ekey = e.ekey WHERE e.id = ?",
                (event_id,),
            )
            if row is None:
                raise NotFound(f"no event {event_id!r}")
            event = self._event_out(row)
            sources = []
            for r in self._all(
                "SELECT s.document_id, s.idx, s.data, s.explanation, s.background, s.confidence, "
                "d.version, d.source, d.url, d.published, d.title, d.text FROM event_sources s "
                "JOIN documents d ON d.doc_key = s.doc_key WHERE s.event_id = ? "
                "ORDER BY s.doc_key, s.idx",
                (event_id,),
            ):
                data = _loads(r["data"])
                text = r["text"]
                field_spans = {
                    name: [_span_dict(s, text) for s in spans]
                    for name, spans in (data.get("field_spans") or {}).items()
                }
                sources.append(
                    {
                        "document_id": r["document_id"],
                        "version": int(r["version"]),
                        "event_index": int(r["idx"]),
                        "source": r["source"],
                        "url": r["url"],
                        "published": r["published"],
                        "title": r["title"],
                        "background": bool(r["background"]),
                        "confidence": r["confidence"],
                        "evidence": [_span_dict(s, text) for s in data.get("evidence") or []],
                        "trigger": _span_dict(data["trigger"], text)
                        if data.get("trigger")
                        else None,
                        "field_spans": field_spans,
                        "event": data,
                        "explanation": _loads(r["explanation"]),
                    }
                )
            event["sources"] = sources
            return event

    def explain_event(self, event_id: str) -> dict[str, Any]:
        event = self.get_event(event_id)
        return {
            "id": event_id,
            "event": {
                k: event.get(k)
                for k in (
                    "event_type",
                    "sub_event_type",
                    "event_date",
                    "location",
                    "actor1",
                    "actor2",
                    "confidence",
                )
            },
            "sources": [
                {
                    "document_id": s["document_id"],
                    "source": s["source"],
                    "background": s["background"],
                    **s["explanation"],
                }
                for s in event["sources"]
            ],
        }

    def get_document(self, document_id: str, *, version: int | None = None) -> dict[str, Any]:
        with self._lock:
            if version is None:
                row = self._one(
                    "SELECT * FROM documents WHERE id = ? ORDER BY version DESC LIMIT 1",
                    (document_id,),
                )
            else:
                row = self._one(
                    "SELECT * FROM documents WHERE id = ? AND version = ?", (document_id, version)
                )
            if row is None:
                raise NotFound(f"no document {document_id!r}")
            versions = [
                int(r["version"])
                for r in self._all(
                    "SELECT version FROM documents WHERE id = ? ORDER BY version", (document_id,)
                )
            ]
            events = [
                r["event_id"]
                for r in self._all(
                    "SELECT event_id FROM event_sources WHERE doc_key = ? ORDER BY idx",
                    (row["doc_key"],),
                )
            ]
            return {
                "id": row["id"],
                "version": int(row["version"]),
                "current": bool(row["current"]),
                "versions": versions,
                "content_hash": row["content_hash"],
                "url": row["url"],
                "source": row["source"],
                "published": row["published"],
                "title": row["title"],
                "lang": row["lang"],
                "text": row["text"],
                "created_at": row["created_at"],
                "event_ids": events,
            }

    def list_actors(self) -> list[dict[str, Any]]:
        with self._lock:
            counts: dict[str, int] = {}
            names: dict[str, str] = {}
            for r in self._all(
                "SELECT actor_id, name, COUNT(*) AS n FROM ("
                "SELECT actor1_id AS actor_id, actor1 AS name FROM events "
                "WHERE actor1_id IS NOT NULL "
                "UNION ALL SELECT actor2_id, actor2 FROM events WHERE actor2_id IS NOT NULL"
                ") AS a GROUP BY actor_id, name"
            ):
                counts[r["actor_id"]] = counts.get(r["actor_id"], 0) + int(r["n"])
                names.setdefault(r["actor_id"], r["name"])
            out = []
            for r in self._all("SELECT * FROM actors ORDER BY id"):
                out.append(
                    {
                        "id": r["id"],
                        "name": r["name"],
                        "name_ar": r["name_ar"],
                        "inter": r["inter"],
                        "country": r["country"],
                        "kind": r["kind"],
                        "patrons": list(_loads(r["patrons"]) or []),
                        "provisional": bool(r["provisional"]),
                        "generic": bool(r["generic"]),
                        "n_events": counts.pop(r["id"], 0),
                    }
                )
            for actor_id in sorted(counts):
                out.append(
                    {
                        "id": actor_id,
                        "name": names.get(actor_id),
                        "name_ar": None,
                        "inter": None,
                        "country": None,
                        "kind": None,
                        "patrons": [],
                        "provisional": True,
                        "generic": False,
                        "n_events": counts[actor_id],
                    }
                )
            return out

    def actor_links(self) -> list[dict[str, Any]]:
        """Pairs of actors that meet in events (actor1 → actor2), with counts (for networks)."""
        with self._lock:
            return [
                {"actor1_id": r["actor1_id"], "actor2_id": r["actor2_id"], "n_events": int(r["n"])}
                for r in self._all(
                    "SELECT actor1_id, actor2_id, COUNT(*) AS n FROM events "
                    "WHERE actor1_id IS NOT NULL AND actor2_id IS NOT NULL "
                    "GROUP BY actor1_id, actor2_id ORDER BY actor1_id, actor2_id"
                )
            ]

    def list_places(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {**r, "n_events": int(r["n_events"])}
                for r in self._all(
                    "SELECT location, country, admin1, latitude, longitude, geo_precision, "
                    "COUNT(*) AS n_events FROM events WHERE location IS NOT NULL "
                    "GROUP BY location, country, admin1, latitude, longitude, geo_precision "
                    "ORDER BY COUNT(*) DESC, location"
                )
            ]
