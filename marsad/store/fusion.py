"""Event fusion: decide whether an event from one report is the same real event as a stored one.

Two reports describe the same event when they agree on the sub-event type, their date windows
(widened by each date's precision) overlap, their places are within a distance that grows with
geo precision, and their actors are compatible (same KB id, or a generic reference such as
الميليشيات الإيرانية vs a named group of the same kind). Background claims (earlier events recalled
in a report) are only fused under strict rules: exact same day, the same place and no
generic-vs-named leniency. Every decision is a list of named checks so it can be explained.

The fusion rules are hand-written (no library does ACLED-style event deduplication); the
canonical event is recomputed from all its sources so the result does not depend on the order
in which reports arrive.
"""

from __future__ import annotations

import calendar
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from marsad.text import normalize

#: maximum distance in km between two places of the same event, by the coarser geo precision
DEFAULT_MAX_KM: dict[int, float] = {1: 10.0, 2: 25.0, 3: 60.0}
#: background claims fuse only when this close (or at the same named place)
BACKGROUND_MAX_KM = 5.0
#: below this match score a candidate is not fused
MIN_SCORE = 0.5


@dataclass(slots=True, frozen=True)
class ActorInfo:
    """What fusion needs to know of an actor id (from the actor KB or the store)."""

    generic: bool = False
    kind: str | None = None
    patrons: tuple[str, ...] = ()


@dataclass(slots=True)
class Check:
    """One criterion of a fusion decision."""

    name: str
    ok: bool
    detail: str
    score: float = 1.0
    #: for actor slots: both reports name the same actor (or a compatible generic one)
    agrees: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "score": self.score}


@dataclass(slots=True)
class Decision:
    """Whether a new event matches a candidate canonical event, and why."""

    candidate_id: str
    match: bool
    score: float
    checks: list[Check] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "match": self.match,
            "score": round(self.score, 4),
            "checks": [c.to_dict() for c in self.checks],
        }


def date_window(event_date: str | None, time_precision: int | None) -> tuple[date, date] | None:
    """The days an event may have happened on: the day (precision 1), ±3 days around it
    (precision 2, "that week"), or its whole month (precision 3)."""
    if not event_date:
        return None
    try:
        day = date.fromisoformat(event_date[:10])
    except ValueError:
        return None
    precision = time_precision or 1
    if precision <= 1:
        return day, day
    if precision == 2:
        return day - timedelta(days=3), day + timedelta(days=3)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _key(text: str | None) -> str:
    return normalize(text).strip() if text else ""


def _unknown(actor_id: str | None, text: str | None, actors: dict[str, ActorInfo]) -> bool:
    """No actor, or an unidentified one ("مسلحون مجهولون"): compatible with anyone."""
    if not actor_id:
        return not text
    return actor_id.startswith("unidentified") or actors.get(actor_id, ActorInfo()).kind == (
        "unidentified"
    )


def _actor_pair(
    side: str,
    a_id: str | None,
    a_text: str | None,
    b_id: str | None,
    b_text: str | None,
    actors: dict[str, ActorInfo],
    *,
    strict: bool,
) -> Check:
    """Compatibility of one actor slot of two events."""
    a_unknown = _unknown(a_id, a_text, actors)
    b_unknown = _unknown(b_id, b_text, actors)
    if a_unknown and b_unknown:
        return Check(side, True, "not identified in either report", 0.9)
    if a_unknown or b_unknown:
        return Check(side, True, "identified in one report only", 0.7)
    if a_id and b_id:
        if a_id == b_id:
            return Check(side, True, f"same actor {a_id}", 1.0, agrees=True)
        info_a, info_b = actors.get(a_id, ActorInfo()), actors.get(b_id, ActorInfo())
        if info_a.generic != info_b.generic and not strict:
            generic_id, generic = (a_id, info_a) if info_a.generic else (b_id, info_b)
            named_id, named = (b_id, info_b) if info_a.generic else (a_id, info_a)
            same_kind = generic.kind is None or named.kind is None or generic.kind == named.kind
            patron_ok = not generic.patrons or bool(
                set(generic.patrons) & ({named_id} | set(named.patrons))
            )
            if same_kind and patron_ok:
                return Check(
                    side,
                    True,
                    f"generic {generic_id} can refer to named {named_id} (kind {named.kind})",
                    0.8,
                    agrees=True,
                )
            return Check(side, False, f"generic {generic_id} does not fit {named_id}", 0.0)
        return Check(side, False, f"different actors {a_id} vs {b_id}", 0.0)
    if _key(a_text) == _key(b_text):
        return Check(side, True, f"same actor name {a_text}", 0.9, agrees=True)
    return Check(side, False, f"different actor names {a_text!r} vs {b_text!r}", 0.0)


def compare(
    new: dict[str, Any],
    candidate: dict[str, Any],
    *,
    actors: dict[str, ActorInfo] | None = None,
    max_km: dict[int, float] | None = None,
) -> Decision:
    """Decide whether ``new`` (an event dict from one report) is the same real event as
    ``candidate`` (a canonical event dict); both use the ``Event`` field names."""
    actors = actors or {}
    limits = max_km or DEFAULT_MAX_KM
    strict = bool(new.get("background")) or bool(candidate.get("background"))
    checks: list[Check] = []
    cid = str(candidate.get("id") or "")

    same_type = new.get("sub_event_type") == candidate.get("sub_event_type")
    checks.append(
        Check(
            "sub_event_type",
            same_type,
            f"{new.get('sub_event_type')} vs {candidate.get('sub_event_type')}",
            1.0 if same_type else 0.0,
        )
    )

    win_a = date_window(new.get("event_date"), new.get("time_precision"))
    win_b = date_window(candidate.get("event_date"), candidate.get("time_precision"))
    if win_a is None or win_b is None:
        checks.append(Check("date", False, "no date on one side: not fused", 0.0))
    else:
        overlap = win_a[0] <= win_b[1] and win_b[0] <= win_a[1]
        exact = win_a[0] == win_a[1] == win_b[0] == win_b[1]
        detail = (
            f"{new.get('event_date')} (precision {new.get('time_precision')}) vs "
            f"{candidate.get('event_date')} (precision {candidate.get('time_precision')})"
        )
        if strict and not exact:
            checks.append(
                Check("date", False, detail + ": background claims need the same exact day", 0.0)
            )
        else:
            checks.append(
                Check(
                    "date",
                    overlap,
                    detail + (": windows overlap" if overlap else ": windows do not overlap"),
                    (1.0 if exact else 0.7) if overlap else 0.0,
                )
            )

    lat_a, lon_a = new.get("latitude"), new.get("longitude")
    lat_b, lon_b = candidate.get("latitude"), candidate.get("longitude")
    same_name = bool(_key(new.get("location"))) and _key(new.get("location")) == _key(
        candidate.get("location")
    )
    if None not in (lat_a, lon_a, lat_b, lon_b):
        km = haversine_km(float(lat_a), float(lon_a), float(lat_b), float(lon_b))  # type: ignore[arg-type]
        precision = max(
            int(new.get("geo_precision") or 1), int(candidate.get("geo_precision") or 1)
        )
        limit = limits.get(precision, max(limits.values()))
        if strict:
            limit = min(limit, BACKGROUND_MAX_KM)
        ok = km <= limit or (strict and same_name)
        checks.append(
            Check(
                "place",
                ok,
                f"{new.get('location')} – {candidate.get('location')}: {km:.1f} km "
                f"(limit {limit:g} km at geo precision {precision})",
                max(0.0, 1.0 - km / (2 * limit)) if ok else 0.0,
            )
        )
    elif not strict and (
        (lat_a is None and not _key(new.get("location")))
        or (lat_b is None and not _key(candidate.get("location")))
    ):
        checks.append(Check("place", True, "place not given in one report", 0.6))
    else:
        checks.append(
            Check(
                "place",
                same_name,
                f"no coordinates; location names {new.get('location')!r} vs "
                f"{candidate.get('location')!r} {'agree' if same_name else 'differ'}",
                0.8 if same_name else 0.0,
            )
        )

    straight = [
        _actor_pair(
            "actor1",
            new.get("actor1_id"),
            new.get("actor1"),
            candidate.get("actor1_id"),
            candidate.get("actor1"),
            actors,
            strict=strict,
        ),
        _actor_pair(
            "actor2",
            new.get("actor2_id"),
            new.get("actor2"),
            candidate.get("actor2_id"),
            candidate.get("actor2"),
            actors,
            strict=strict,
        ),
    ]
    # one report may name the target where another names the attacker (or tell a clash from
    # the other side): the same actors in swapped roles match if at least one of them agrees
    swapped = [
        _actor_pair(
            "actor1",
            new.get("actor1_id"),
            new.get("actor1"),
            candidate.get("actor2_id"),
            candidate.get("actor2"),
            actors,
            strict=strict,
        ),
        _actor_pair(
            "actor2",
            new.get("actor2_id"),
            new.get("actor2"),
            candidate.get("actor1_id"),
            candidate.get("actor1"),
            actors,
            strict=strict,
        ),
    ]
    straight_ok = all(c.ok for c in straight)
    swapped_ok = all(c.ok for c in swapped) and any(c.agrees for c in swapped)
    if swapped_ok and (
        not straight_ok
        or math.prod(c.score for c in swapped) > math.prod(c.score for c in straight)
    ):
        for c in swapped:
            c.detail += " (roles swapped between the reports)"
        straight = swapped
    checks.extend(straight)
    if strict:
        checks.append(
            Check("background", True, "background claim: strict rules (exact day, ≤5 km)", 1.0)
        )

    match = all(c.ok for c in checks)
    score = math.prod(c.score for c in checks) if match else 0.0
    return Decision(cid, match and score >= MIN_SCORE, score, checks)


def fused_confidence(confidences: list[float | None]) -> float:
    """Noisy-OR of the sources' confidences (independent reports raise it; missing = 0.5)."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - min(0.99, max(0.0, 0.5 if c is None else float(c)))
    return round(min(0.99, 1.0 - miss), 4)


def fuse(
    sources: list[dict[str, Any]], *, actors: dict[str, ActorInfo] | None = None
) -> dict[str, Any]:
    """The canonical event of its sources (event dicts in arrival order).

    Takes the most precise date and place, named actors over generic ones, the highest
    fatality count, all outlets, and a noisy-OR confidence; background only if every source
    is background.
    """
    if not sources:
        raise ValueError("an event needs at least one source")
    actors = actors or {}
    first = sources[0]
    canonical = dict(first)

    dated = [s for s in sources if s.get("event_date")]
    if dated:
        best = min(int(s.get("time_precision") or 3) for s in dated)
        days = Counter(s["event_date"] for s in dated if int(s.get("time_precision") or 3) == best)
        top = max(days.values())
        day = next(s["event_date"] for s in dated if days.get(s["event_date"]) == top)
        canonical["event_date"], canonical["time_precision"] = day, best

    placed = [
        s for s in sources if s.get("latitude") is not None and s.get("longitude") is not None
    ]
    place_src = min(placed, key=lambda s: int(s.get("geo_precision") or 3)) if placed else None
    if place_src is not None:
        for key in (
            "country",
            "admin1",
            "admin2",
            "admin3",
            "location",
            "latitude",
            "longitude",
            "geo_precision",
        ):
            canonical[key] = place_src.get(key)

    for side in ("1", "2"):
        id_key, name_key = f"actor{side}_id", f"actor{side}"
        named = [
            s for s in sources if s.get(id_key) and not actors.get(s[id_key], ActorInfo()).generic
        ]
        with_any = [s for s in sources if s.get(id_key) or s.get(name_key)]
        chosen = (named or with_any or [first])[0]
        for key in (name_key, id_key, f"inter{side}", f"assoc_actor_{side}"):
            canonical[key] = chosen.get(key)

    canonical["fatalities"] = max(int(s.get("fatalities") or 0) for s in sources)
    canonical["background"] = all(bool(s.get("background")) for s in sources)
    canonical["confidence"] = fused_confidence([s.get("confidence") for s in sources])
    outlets = list(dict.fromkeys(str(s["source"]) for s in sources if s.get("source")))
    canonical["source"] = "; ".join(outlets) if outlets else None
    fresh = [s for s in sources if not s.get("background")]
    canonical["notes"] = next((s.get("notes") for s in fresh or sources if s.get("notes")), None)
    canonical["route"] = max((s.get("route") or [] for s in sources), key=len)
    # spans refer to one document's text: the canonical keeps none (see each source)
    canonical["evidence"], canonical["trigger"], canonical["field_spans"] = [], None, {}
    return canonical
