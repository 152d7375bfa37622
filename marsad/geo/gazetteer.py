"""The gazetteer service: one SQLite file of place features with normalized match keys.

``Gazetteer.open(path)`` reads the whole file into memory once (tens of thousands of rows load in
well under a second), so the geoparser never queries SQLite per mention. The file itself is written
only by :mod:`marsad.geo.build` (temp file + atomic swap).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.geo.words import word_list
from marsad.text import phrase_key

#: feature types, from the largest unit to the smallest
FEATURE_TYPES: tuple[str, ...] = (
    "country",
    "admin1",
    "admin2",
    "admin3",
    "place",
    "neighbourhood",
    "region",
    "desert",
    "river",
    "mountain",
    "sea",
    "lake",
    "camp",
    "airport",
    "crossing",
    "poi",
)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    name TEXT NOT NULL, attribution TEXT NOT NULL, origin TEXT NOT NULL, features INTEGER,
    PRIMARY KEY (name, origin)
);
CREATE TABLE features (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
    name_en TEXT, lat REAL, lon REAL, population INTEGER, country_code TEXT,
    admin1_id TEXT, admin2_id TEXT, admin3_id TEXT, parent_id TEXT, pcode TEXT,
    geonames_id INTEGER, names TEXT NOT NULL, precision INTEGER
);
CREATE TABLE keys (key TEXT NOT NULL, feature_id TEXT NOT NULL, PRIMARY KEY (key, feature_id));
CREATE INDEX features_pcode ON features (pcode);
CREATE INDEX features_geonames ON features (geonames_id);
"""


@dataclass(slots=True)
class Feature:
    """One gazetteer entry. ``names`` holds every alias (display name first)."""

    id: str
    source: str
    type: str
    name: str
    name_en: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    country_code: str | None = None
    admin1_id: str | None = None
    admin2_id: str | None = None
    admin3_id: str | None = None
    parent_id: str | None = None
    pcode: str | None = None
    geonames_id: int | None = None
    names: list[str] = field(default_factory=list)
    #: ACLED geo_precision of the feature named as itself when its type's default does not fit
    #: (a curated region inside one province, «الغوطة الشرقية»: 2, not a large region's 3)
    precision: int | None = None

    def all_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for n in (self.name, self.name_en, *self.names):
            if n:
                seen.setdefault(n, None)
        return list(seen)


def _is_arabic(s: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in s)


#: words that may start a listed name but are not part of what reports write after a head
_NAME_HEADS = tuple(w + " " for w in word_list("name_heads"))
#: «أبو X» is also written as one word («ابوكمال»)
_ABU = word_list("name_abu")
#: a second word with the article is also written joined to the first («ديرالزور»)
_JOINED_ARTICLES = word_list("joined_articles")


@lru_cache(maxsize=200_000)
def _key(name: str) -> str:
    return phrase_key(name)


def name_keys(name: str) -> set[str]:
    """Every matching key a name should be found under.

    Besides the plain key: the name without a qualifier after " - " (OCHA writes
    ``الطيبة - السخنة``), without a leading head word (``حي العسالي`` is also written ``العسالي``),
    and with the space before a second word's article removed, because reports write
    ``ديرالزور`` and ``حفرالباطن`` as one word.
    """
    variants = {name.strip()}
    if " - " in name:
        variants.add(name.split(" - ", 1)[0].strip())
    for v in list(variants):
        for head in _NAME_HEADS:
            if v.startswith(head) and len(v) > len(head) + 2:
                variants.add(v[len(head) :])
    for v in list(variants):
        if _is_arabic(v) and " " in v:
            words = v.split()
            joined = words[0]
            for w in words[1:]:
                joined += w if w.startswith(_JOINED_ARTICLES) else " " + w
            variants.add(joined)
            if words[0] in _ABU:
                variants.add(words[0] + " ".join(words[1:]))
    keys = {_key(v) for v in variants}
    keys.discard("")
    return keys


class Gazetteer:
    """Read-only access to a built gazetteer: ``lookup(name)`` → candidate features, ``get(id)``."""

    def __init__(
        self,
        features: dict[str, Feature],
        keys: dict[str, list[str]],
        meta: dict[str, str],
        sources: list[dict[str, object]],
        path: Path | None = None,
    ) -> None:
        self.features = features
        self.keys = keys
        self.meta = meta
        self.sources = sources
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        """Load a gazetteer file built by ``marsad gazetteer build``."""
        if not path.is_file():
            raise FileNotFoundError(f"no gazetteer at {path}: run `marsad gazetteer build`")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            features: dict[str, Feature] = {}
            columns = {r[1] for r in con.execute("PRAGMA table_info(features)")}
            # files built before per-entry precision (schema 1) lack the column
            precision = "precision" if "precision" in columns else "NULL"
            for row in con.execute(
                "SELECT id, source, type, name, name_en, lat, lon, population, country_code, "
                "admin1_id, admin2_id, admin3_id, parent_id, pcode, geonames_id, names, "
                f"{precision} FROM features"
            ):
                features[row[0]] = Feature(*row[:15], json.loads(row[15]), row[16])  # type: ignore[call-arg]
            keys: dict[str, list[str]] = {}
            for key, fid in con.execute("SELECT key, feature_id FROM keys"):
                keys.setdefault(key, []).append(fid)
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            sources = [
                {"name": n, "attribution": a, "origin": o, "features": c}
                for n, a, o, c in con.execute(
                    "SELECT name, attribution, origin, features FROM sources"
                )
            ]
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{path} is not a marsad gazetteer ({exc})") from exc
        finally:
            con.close()
        return cls(features, keys, meta, sources, path)

    def __len__(self) -> int:
        return len(self.features)

    def __iter__(self) -> Iterator[Feature]:
        return iter(self.features.values())

    def get(self, feature_id: str | None) -> Feature | None:
        return self.features.get(feature_id) if feature_id else None

    def by_key(self, key: str) -> list[Feature]:
        return [self.features[f] for f in self.keys.get(key, ())]

    def lookup(self, name: str) -> list[Feature]:
        """Candidate features for a name as written (any spelling, with or without clitics)."""
        seen: dict[str, Feature] = {}
        for key in name_keys(name):
            for feature in self.by_key(key):
                seen.setdefault(feature.id, feature)
        return sorted(seen.values(), key=lambda f: -(f.population or 0))

    def counts(self) -> dict[str, dict[str, int]]:
        """Feature counts by type and by source (for ``marsad gazetteer info``)."""
        by_type: dict[str, int] = {}
        by_source: dict[str, int] = {}
        by_country: dict[str, int] = {}
        for f in self.features.values():
            by_type[f.type] = by_type.get(f.type, 0) + 1
            for s in f.source.split("+"):
                by_source[s] = by_source.get(s, 0) + 1
            cc = f.country_code or "-"
            by_country[cc] = by_country.get(cc, 0) + 1
        return {"type": by_type, "source": by_source, "country": by_country}


def write_gazetteer(
    path: Path,
    features: Iterable[Feature],
    *,
    meta: dict[str, str],
    sources: list[dict[str, object]],
) -> int:
    """Write features (and their keys) into a new SQLite file at ``path``; returns the count."""
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA)
        n = 0
        key_rows: list[tuple[str, str]] = []
        rows = []
        for f in features:
            n += 1
            rows.append(
                (
                    f.id,
                    f.source,
                    f.type,
                    f.name,
                    f.name_en,
                    f.lat,
                    f.lon,
                    f.population,
                    f.country_code,
                    f.admin1_id,
                    f.admin2_id,
                    f.admin3_id,
                    f.parent_id,
                    f.pcode,
                    f.geonames_id,
                    json.dumps(f.all_names(), ensure_ascii=False),
                    f.precision,
                )
            )
            keys: set[str] = set()
            for name in f.all_names():
                keys |= name_keys(name)
            key_rows.extend((k, f.id) for k in keys)
        con.executemany("INSERT INTO features VALUES (" + ",".join("?" * 17) + ")", rows)
        con.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", key_rows)
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.executemany(
            "INSERT INTO sources VALUES (?, ?, ?, ?)",
            [(s["name"], s["attribution"], s["origin"], s.get("features")) for s in sources],
        )
        con.commit()
    finally:
        con.close()
    return n
