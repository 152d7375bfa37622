"""Place points learnt from disambiguation gold (IDRISI LMD *train*): name key → where the
annotators put it.

Local places that no gazetteer source here has (a hospital, a district, a Saudi region named
«المنطقة الشرقية») recur within an event's tweets. A name whose train gold points agree
(most of them within ``CLUSTER_KM`` of one another) is remembered with that point and its
country. The geo stage uses a remembered point only for a mention in a document about that
country (its focus), where its own pick is a stand-in or lies over ``OVERRIDE_KM`` away
(``GeoComponent``). Learnt deterministically with ``marsad train geo-points``; the file is
``data/learned_points.tsv`` (name keys and coordinates only, no text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.geo.build import haversine_km
from marsad.geo.gazetteer import Feature
from marsad.text import phrase_key

POINTS_PATH = Path(__file__).parent / "data" / "learned_points.tsv"
#: gold points of one name this close together are the same place
CLUSTER_KM = 50.0
#: a name is remembered when at least this share of its gold points agree …
MIN_AGREEMENT = 0.7
#: … and it was annotated at least this often
MIN_COUNT = 2
#: IDRISI LMD types → gazetteer feature types
IDRISI_TYPES = {
    "Country": "country",
    "Province": "admin1",
    "District": "admin2",
    "City/town": "place",
    "Neighborhood": "neighbourhood",
    "Road/street": "poi",
    "Human-made Point-of-Interest": "poi",
    "Natural Point-of-Interest": "poi",
    "Other locations": "region",
}


@dataclass(frozen=True, slots=True)
class LearnedPoint:
    """One remembered name: its point, country, feature type and gold support."""

    key: str
    lat: float
    lon: float
    country_code: str
    type: str
    support: int
    count: int

    def feature(self, name: str) -> Feature:
        """A stand-alone gazetteer feature for a mention named ``name``."""
        return Feature(
            id=f"learned:{self.key}",
            source="learned",
            type=self.type,
            name=name,
            lat=self.lat,
            lon=self.lon,
            country_code=self.country_code,
        )


@lru_cache(maxsize=65536)
def mention_key(text: str) -> str:
    """The name key of a mention's text («#معهد_الأورام» = «بمعهد الاورام»)."""
    return phrase_key(text.replace("#", " ").replace("_", " "))


def learn_points(items: Iterable[dict[str, Any]]) -> list[LearnedPoint]:
    """Names whose gold points agree, from IDRISI LMD items (``location_mentions`` with
    ``osm_json``); deterministic (sorted by key)."""
    seen: dict[str, list[tuple[float, float, str, str]]] = {}
    for item in items:
        for m in item.get("location_mentions") or []:
            osm = m.get("osm_json") or {}
            try:
                lat, lon = float(osm["lat"]), float(osm["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            key = mention_key(str(m.get("text", "")))
            cc = str((osm.get("address") or {}).get("country_code") or "").upper()
            kind = IDRISI_TYPES.get(str(m.get("type")), "poi")
            if key and cc:
                seen.setdefault(key, []).append((lat, lon, cc, kind))
    out: list[LearnedPoint] = []
    for key in sorted(seen):
        pts = seen[key]
        if len(pts) < MIN_COUNT:
            continue
        groups = [_near(p, pts) for p in pts]
        # the point most others agree with (the first such one: deterministic)
        group = max(groups, key=len)
        best = pts[groups.index(group)]
        if len(group) / len(pts) < MIN_AGREEMENT:
            continue
        kinds = [q[3] for q in group]
        kind = max(sorted(set(kinds)), key=kinds.count)
        out.append(
            LearnedPoint(
                key, round(best[0], 4), round(best[1], 4), best[2], kind, len(group), len(pts)
            )
        )
    return out


def _near(
    p: tuple[float, float, str, str], pts: list[tuple[float, float, str, str]]
) -> list[tuple[float, float, str, str]]:
    return [q for q in pts if haversine_km(p[0], p[1], q[0], q[1]) <= CLUSTER_KM]


def write_points(points: Iterable[LearnedPoint], path: Path, *, header: str) -> int:
    """Write the TSV (``# header`` lines, then key, lat, lon, country, type, support, count)."""
    lines = [f"# {line}" for line in header.splitlines()]
    n = 0
    for p in points:
        lines.append(
            "\t".join([p.key, str(p.lat), str(p.lon), p.country_code, p.type])
            + f"\t{p.support}\t{p.count}"
        )
        n += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def load_points(path: Path = POINTS_PATH) -> dict[str, LearnedPoint]:
    """The remembered names by key (empty when the file is missing)."""
    if not path.is_file():
        return {}
    out: dict[str, LearnedPoint] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, lat, lon, cc, kind, support, count = line.split("\t")
        out[key] = LearnedPoint(key, float(lat), float(lon), cc, kind, int(support), int(count))
    return out


def nearest_km(point: LearnedPoint, f: Feature | None) -> float:
    """Distance from a remembered point to a feature (infinite when it has no point)."""
    if f is None or f.lat is None or f.lon is None:
        return float("inf")
    return haversine_km(point.lat, point.lon, f.lat, f.lon)
