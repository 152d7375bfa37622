"""The ACLED taxonomy (6 event types, 25 sub-event types) with PLOVER categories, as data.

Loaded from ``data/taxonomy.toml``, which also states the ACLED coding rules marsad applies.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.geo.countries import by_code
from marsad.text import phrase_key

DATA_DIR = Path(__file__).parent / "data"
TAXONOMY_PATH = DATA_DIR / "taxonomy.toml"


@dataclass(frozen=True, slots=True)
class SubEventType:
    name: str
    event_type: str
    plover: str
    plover_mode: str
    definition: str
    #: ACLED codes the protesters as actor1 of this sub-event type; a force that intervenes
    #: is actor2 ("Protest with intervention"), never the agent
    protesters_first: bool = False
    #: whether a second party belongs to the event: a peaceful protest has none (an armed
    #: group named with it is what the protest is against, not an intervening force)
    second_party: bool = True


@dataclass(frozen=True, slots=True)
class Taxonomy:
    sub_event_types: dict[str, SubEventType]
    event_types: dict[str, dict[str, object]]
    inter_names: dict[int, str]
    #: stem key of a vague quantifier → coded value (عشرات → 12)
    vague_counts: dict[str, int]
    #: ISO country code → the English name ACLED puts in generic actors ("Civilians (Syria)")
    country_names: dict[str, str] = field(default_factory=dict)

    def country_name(self, code: str | None, fallback: str | None = None) -> str:
        """English country name for generic actor names: ``[countries]`` (ACLED's spelling),
        else GeoNames' name of the ISO code, else an English ``fallback``; Syria when nothing
        is known."""
        if code and code.upper() in self.country_names:
            return self.country_names[code.upper()]
        country = by_code().get(code.upper()) if code else None
        if country is not None:
            return country.name
        if fallback and fallback.isascii():
            return fallback
        return "Syria"

    @classmethod
    def load(cls, path: Path = TAXONOMY_PATH) -> Taxonomy:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        subs = {
            name: SubEventType(
                name=name,
                event_type=spec["event_type"],
                plover=spec["plover"],
                plover_mode=spec["plover_mode"],
                definition=spec["definition"],
                protesters_first=bool(spec.get("protesters_first", False)),
                second_party=bool(spec.get("second_party", True)),
            )
            for name, spec in raw["sub_event_types"].items()
        }
        for sub in subs.values():
            if sub.event_type not in raw["event_types"]:
                raise ValueError(f"{path}: {sub.name} has unknown event type {sub.event_type}")
        vague: dict[str, int] = {}
        for word, value in raw["vague_counts"].items():
            key = phrase_key(word) or word
            vague[key] = int(value)
            vague[word] = int(value)
        return cls(
            sub_event_types=subs,
            event_types=dict(raw["event_types"]),
            inter_names={int(k): v for k, v in raw["inter"].items()},
            vague_counts=vague,
            country_names={str(k).upper(): str(v) for k, v in raw.get("countries", {}).items()},
        )

    def event_type(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type].event_type

    def plover(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type].plover

    def plover_mode(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type].plover_mode


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: both inter codes, lowest first (1, 7 → 17); one-sided → inter1*10."""
    if inter1 is None and inter2 is None:
        return None
    if inter1 is None or inter2 is None:
        only = inter1 if inter1 is not None else inter2
        assert only is not None
        return only * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return Taxonomy.load()
