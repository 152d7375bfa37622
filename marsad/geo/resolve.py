"""Disambiguation: pick one gazetteer feature per mention and turn it into a model.Place.

Each candidate is scored by type fit (the head's expected types), size (population, feature
type), and agreement with the rest of the document: the share of the document's places in its
country, the same admin1 as other places, and the distance to them. Two passes: first each
mention alone, then again with the context the first pass gave (so the ten Syrian الصالحية are
told apart by the towns around them). Descriptors then set the precision: ريف/بادية/direction →
2, a neighbourhood not in the gazetteer → its town with precision 2, a village the gazetteer
lacks → the town or unit it is said to be in.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.geo.build import haversine_km
from marsad.geo.gazetteer import Feature, Gazetteer
from marsad.geo.recognize import GeoMention, Head
from marsad.model import Place

#: names whose candidates a resolver keeps (the gazetteer does not change under it)
CANDIDATE_CACHE = 50_000
#: prior of a feature type when no head says what to expect
TYPE_PRIOR: dict[str, float] = {
    "country": 3.0,
    "admin1": 1.2,
    "admin2": 0.2,
    "admin3": 0.0,
    "place": 1.0,
    "neighbourhood": -0.3,
    "region": 1.5,
    "desert": 1.5,
    "river": 1.0,
    "mountain": 0.8,
    "sea": 1.0,
    "lake": 0.8,
    "camp": 1.0,
    "airport": 1.0,
    "crossing": 1.0,
    "poi": 0.0,
}
#: feature types a head's own precision applies to (heads.toml ``precision``): a town, a
#: district or a subdistrict named as an area; provinces and larger regions keep theirs
AREA_TYPES = frozenset({"place", "admin2", "admin3"})
#: ACLED geo_precision of a feature named as itself (a gazetteer entry may set its own)
TYPE_PRECISION: dict[str, int] = {
    "country": 3,
    "admin1": 3,
    "admin2": 3,
    "admin3": 2,
    "place": 1,
    "neighbourhood": 1,
    "region": 3,
    "desert": 3,
    "river": 3,
    "mountain": 2,
    "sea": 3,
    "lake": 2,
    "camp": 1,
    "airport": 1,
    "crossing": 1,
    "poi": 1,
}
POPULATED = frozenset({"place", "neighbourhood", "camp"})
#: mild prior towards the region marsad is built for; the document's own context dominates
DEFAULT_COUNTRY_PRIOR: dict[str, float] = {"SY": 0.6, "IQ": 0.4}
ARAB_STATES = frozenset(
    [
        "SY",
        "IQ",
        "LB",
        "JO",
        "PS",
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
        "MR",
        "SO",
        "DJ",
    ]
)


@dataclass(slots=True)
class Resolution:
    mention: GeoMention
    feature: Feature | None
    score: float
    confidence: float


class Resolver:
    """Ranks candidate features for recognised mentions using the document's context."""

    def __init__(
        self, gazetteer: Gazetteer, *, country_prior: dict[str, float] | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self.country_prior = DEFAULT_COUNTRY_PRIOR if country_prior is None else country_prior
        #: (keys, countries) → candidates: the same names recur in every report
        self._candidates: dict[tuple[tuple[str, ...], frozenset[str]], list[Feature]] = {}
        #: (keys, countries, head) → the candidates, their base scores and the pick without
        #: context (feature, score, confidence): none depends on the rest of the document
        self._scored: dict[
            tuple[tuple[str, ...], frozenset[str], Head | None],
            tuple[list[Feature], tuple[float, ...], Feature | None, float, float],
        ] = {}
        #: the prior the scores were computed with (a new prior empties ``_scored``)
        self._scored_prior: dict[str, float] = self.country_prior

    def candidates(self, mention: GeoMention) -> list[Feature]:
        """The gazetteer's features with a point for the mention's name (a POI: the names
        inside it), limited to the head's countries («قضاء»: Iraq)."""
        keys = (mention.key,) if mention.kind != "poi" else tuple(mention.inner_keys)
        ccs = mention.head.countries if mention.head is not None else frozenset()
        cached = self._candidates.get((keys, ccs))
        if cached is None:
            if len(self._candidates) >= CANDIDATE_CACHE:
                self._candidates.clear()
            cached = self._candidates[(keys, ccs)] = self._lookup(keys, ccs)
        return list(cached)

    def _first_pass(
        self, m: GeoMention
    ) -> tuple[list[Feature], tuple[float, ...], Feature | None, float, float]:
        """The mention's candidates (not to be changed), their base scores and the pick without
        document context (its feature, score and confidence), cached by what they depend on:
        the looked-up keys, the head's countries and the head."""
        keys = (m.key,) if m.kind != "poi" else tuple(m.inner_keys)
        ccs = m.head.countries if m.head is not None else frozenset()
        cache_key = (keys, ccs, m.head)
        hit = self._scored.get(cache_key)
        if hit is None:
            if len(self._scored) >= CANDIDATE_CACHE:
                self._scored.clear()
            cands = self.candidates(m)
            base = tuple([self._base(f, m, cands) for f in cands])
            r = self._pick(m, cands, None, base=base)
            hit = self._scored[cache_key] = (cands, base, r.feature, r.score, r.confidence)
        return hit

    def _lookup(self, keys: Sequence[str], ccs: frozenset[str]) -> list[Feature]:
        out: dict[str, Feature] = {}
        for key in keys:
            for f in self.gazetteer.by_key(key):
                if f.lat is not None and f.lon is not None:
                    if ccs and f.country_code not in ccs:
                        continue  # «قضاء» names Iraqi districts only
                    out.setdefault(f.id, f)
        return list(out.values())

    def _base(self, f: Feature, m: GeoMention, cands: Sequence[Feature]) -> float:
        """A candidate's score before document context (the same in both passes)."""
        s = TYPE_PRIOR.get(f.type, 0.0) + 0.6 * math.log10((f.population or 0) + 10)
        if (
            m.head is not None
            and m.head.descriptor in ("rif", "badia")
            and f.type not in POPULATED
            and any(c.type in POPULATED for c in cands)
        ):
            s -= 5.0  # the countryside of a town is placed at the town
        if m.head is not None:
            if f.type == "country" and m.head.descriptor == "near" and "country" in m.head.types:
                s += 5.0  # «جنوب تركيا» is the south of Turkey, not a hamlet called تركيا
            elif f.type in m.head.types:
                s += 5.0 - 1.5 * m.head.types.index(f.type)
            else:
                s -= 5.0
        elif f.type in ("admin1", "admin2", "admin3") and any(
            c.type in POPULATED
            and c.lat is not None
            and f.lat is not None
            and haversine_km(c.lat, c.lon or 0, f.lat, f.lon or 0) < 300
            for c in cands
        ):
            s -= 4.0  # a bare «حمص» is the city, not the governorate named after it
        cc = f.country_code or ""
        s += self.country_prior.get(cc, 0.25 if cc in ARAB_STATES else 0.0)
        return s

    def resolve(
        self,
        mentions: Sequence[GeoMention],
        *,
        country_evidence: dict[str, float] | None = None,
    ) -> list[Resolution]:
        """``country_evidence``: countries the document names outside its place mentions
        (inside hashtags: «#امطار_الكويت»), counted like places of that country."""
        if self._scored_prior is not self.country_prior:
            self._scored.clear()
            self._scored_prior = self.country_prior
        cands: list[list[Feature]] = []
        bases: list[tuple[float, ...]] = []
        first: list[Resolution] = []
        for m in mentions:
            c, b, feature, score, confidence = self._first_pass(m)
            cands.append(c)
            bases.append(b)
            first.append(Resolution(m, feature, score, confidence))
        full = _Context.of(first)
        for cc, w in (country_evidence or {}).items():
            full.countries[cc] = full.countries.get(cc, 0.0) + w
        out: list[Resolution] = []
        done: dict[tuple[object, ...], Resolution] = {}
        first_names = [_names_of(o.mention) for o in first]
        for m, c, b, r in zip(mentions, cands, bases, first, strict=True):
            if len(c) < 2:  # nothing to choose: context cannot change it
                out.append(r)
                continue
            key = (m.key, m.head, m.kind, r.feature.id if r.feature else None)
            again = done.get(key)
            if again is None:
                # the context of the *other* names: a name said twice («صيدا» … «مستشفى صيدا»)
                # must not vote for its own first-pass pick
                names = _names_of(m)
                own = [
                    o
                    for o, o_names in zip(first, first_names, strict=True)
                    if o is r or names & o_names
                ]
                again = done[key] = self._pick(m, c, full.without(*own), base=b)
            out.append(Resolution(m, again.feature, again.score, again.confidence))
        return out

    def pick(self, m: GeoMention, cands: Sequence[Feature]) -> Resolution:
        """The best of the given candidates for a mention, without document context."""
        return self._pick(m, cands, None)

    def _pick(
        self,
        m: GeoMention,
        cands: Sequence[Feature],
        ctx: _Context | None,
        *,
        base: Sequence[float] | None = None,
    ) -> Resolution:
        """The best candidate: its base score (``base``: computed already, one per candidate)
        plus, given a context, the document's bonus."""
        if not cands:
            return Resolution(m, None, 0.0, 0.0)
        if base is None:
            base = [self._base(f, m, cands) for f in cands]
        if ctx is None:
            pairs = list(zip(base, cands, strict=True))
        else:
            pairs = [(s + ctx.bonus(f, m), f) for s, f in zip(base, cands, strict=True)]
        scored = sorted(pairs, key=lambda x: (-x[0], x[1].id))
        top = scored[0][0]
        z = sum(math.exp(s - top) for s, _ in scored)
        return Resolution(m, scored[0][1], top, 1.0 / z)


def _names_of(m: GeoMention) -> set[str]:
    """The keys a mention is looked up by (a POI also by the place inside it)."""
    return {m.key, *m.inner_keys} if m.kind == "poi" else {m.key}


@dataclass
class _Context:
    """What the places of a document say: country shares, admin1 units, points (by feature)."""

    countries: dict[str, float]
    admin1: dict[str, float]
    #: feature id → [lat, lon, summed weight]
    points: dict[str, list[float]]
    #: the points as (latitude in radians, its cosine, longitude, min(1, weight)), sorted by
    #: latitude, and their latitudes alone; made on first use
    _rows: list[tuple[float, float, float, float]] | None = field(
        default=None, repr=False, compare=False
    )
    _lats: list[float] = field(default_factory=list, repr=False, compare=False)
    #: feature id → (latitude in radians, its cosine), shared with the contexts made from
    #: this one (``without``: the same points, other weights)
    _trig: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, resolutions: Sequence[Resolution]) -> _Context:
        ctx = cls({}, {}, {})
        for r in resolutions:
            ctx._add(r, 1.0)
        return ctx

    def _add(self, r: Resolution, sign: float) -> None:
        self._rows = None
        f = r.feature
        if f is None:
            return
        w = sign * r.confidence
        if f.country_code:
            self.countries[f.country_code] = self.countries.get(f.country_code, 0.0) + w
        a1 = f.id if f.type == "admin1" else f.admin1_id
        if a1:
            self.admin1[a1] = self.admin1.get(a1, 0.0) + w
        if f.type not in ("country", "sea") and f.lat is not None and f.lon is not None:
            point = self.points.setdefault(f.id, [f.lat, f.lon, 0.0])
            point[2] += w

    def without(self, *rs: Resolution) -> _Context:
        """The context of the other mentions (these ones' own weight taken out)."""
        ctx = _Context(
            dict(self.countries),
            dict(self.admin1),
            {k: list(v) for k, v in self.points.items()},
            _trig=self._trig,
        )
        for r in rs:
            ctx._add(r, -1.0)
        total = sum(v for v in ctx.countries.values() if v > 1e-9)
        ctx.countries = (
            {k: v / total for k, v in ctx.countries.items() if v > 1e-9} if total else {}
        )
        ctx.points = {k: v for k, v in ctx.points.items() if v[2] > 1e-9}
        return ctx

    def _trig_of(self, fid: str, lat: float) -> tuple[float, float]:
        trig = self._trig.get(fid)
        if trig is None:
            p = math.radians(lat)
            trig = self._trig[fid] = (p, math.cos(p))
        return trig

    def bonus(self, f: Feature, m: GeoMention) -> float:
        b = 3.0 * self.countries.get(f.country_code or "", 0.0)
        a1 = f.id if f.type == "admin1" else f.admin1_id
        if a1 and a1 in self.admin1:
            b += 1.5 * min(1.0, self.admin1[a1])
        if self.points and f.lat is not None and f.lon is not None and f.type != "country":
            rows = self._rows
            if rows is None:
                rows = self._rows = sorted(
                    (*self._trig_of(fid, la), lo, min(1.0, w))
                    for fid, (la, lo, w) in self.points.items()
                )
                self._lats = [row[0] for row in rows]
            b += 2.0 * _nearness(rows, self._lats, math.radians(f.lat), f.lon)
        return b


def _nearness(
    rows: Sequence[tuple[float, float, float, float]], lats: Sequence[float], p1: float, lon1: float
) -> float:
    """max(min(1, w) * exp(-haversine_km(lat, lon, la, lo) / 75)) over the context's points.

    The haversine is written out with each point's trigonometry computed once (the same
    operations as ``haversine_km``, so the same floats). Points are visited outwards in
    latitude from ``p1``; a distance is at least its latitude arc, so once that arc alone
    puts the remaining points beyond the best term so far (with a margin far above rounding),
    none of them can be the max and the scan stops."""
    c1 = math.cos(p1)
    near = 0.0
    first = True
    #: a point at least this far away cannot beat ``near`` (km; inf until one is known)
    beyond = math.inf
    below = bisect_left(lats, p1) - 1
    above = below + 1
    n = len(rows)
    while below >= 0 or above < n:
        if above < n and (below < 0 or lats[above] - p1 <= p1 - lats[below]):
            p2, c2, lo, m = rows[above]
            gap = p2 - p1
            above += 1
        else:
            p2, c2, lo, m = rows[below]
            gap = p1 - p2
            below -= 1
        if 6371.0 * gap > beyond:
            break  # this point and all left are farther in latitude alone
        s_dp = math.sin((p2 - p1) / 2)
        s_dl = math.sin(math.radians(lo - lon1) / 2)
        a = s_dp**2 + c1 * c2 * s_dl**2
        km = 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
        v = m * math.exp(-km / 75.0)
        if first or v > near:
            near, first = v, False
            # exp(-km / 75) ≤ near beyond this (m ≤ 1)
            beyond = -75.0 * math.log(near) + 1e-6 if near > 0.0 else math.inf
    return near


# ------------------------------------------------------------------ to model.Place


def _names(gazetteer: Gazetteer, fid: str | None) -> tuple[str | None, str | None]:
    f = gazetteer.get(fid)
    return (f.name, f.name_en) if f else (None, None)


def to_place(
    gazetteer: Gazetteer,
    text: str,
    r: Resolution,
    *,
    anchor: Feature | None = None,
    name: str | None = None,
    source: str | None = None,
) -> Place | None:
    """The Place for a resolution; ``anchor`` stands in for a feature the gazetteer lacks."""
    m = r.mention
    f = r.feature or anchor
    if f is None:
        return None
    precision = f.precision or TYPE_PRECISION.get(f.type, 2)
    descriptor = m.head.descriptor if m.head else None
    if m.kind == "poi":
        descriptor = "poi"
    direction = m.direction
    if r.feature is None:  # stand-in: the unit or town that contains the unknown place
        precision = max(2, precision)
    elif descriptor in ("rif", "badia", "near", "airport", "crossing", "poi") or (
        direction and descriptor is None
    ):
        precision = max(2, precision) if f.type in POPULATED or descriptor != "near" else precision
    if descriptor in ("rif", "badia", "hay"):
        precision = 2
    if m.head is not None and m.head.precision is not None and f.type in AREA_TYPES:
        # «قضاء مخمور», «ناحية الكرمة»: the district or area, coded at its town
        precision = m.head.precision
    country = gazetteer.get(f"cur:country:{f.country_code}") if f.country_code else None
    a1 = f if f.type == "admin1" else gazetteer.get(f.admin1_id)
    a2 = f if f.type == "admin2" else gazetteer.get(f.admin2_id)
    a3 = f if f.type == "admin3" else gazetteer.get(f.admin3_id)
    confidence = r.confidence if r.feature is not None else 0.4
    return Place(
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
        name=name or f.name,
        name_en=None if name else f.name_en,
        feature_id=f.id,
        feature_type=f.type,
        country=country.name if country else None,
        country_code=f.country_code,
        admin1=a1.name if a1 else None,
        admin1_en=a1.name_en if a1 else None,
        admin2=a2.name if a2 else None,
        admin2_en=a2.name_en if a2 else None,
        admin3=a3.name if a3 else None,
        admin3_en=a3.name_en if a3 else None,
        pcode=f.pcode,
        geonames_id=f.geonames_id,
        latitude=f.lat,
        longitude=f.lon,
        geo_precision=precision,
        descriptor=descriptor,
        direction=direction,
        source=source or ("gazetteer:" + f.source if r.feature is not None else m.source),
        confidence=round(confidence, 3),
    )
