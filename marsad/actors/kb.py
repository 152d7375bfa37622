"""The actor knowledge base: armed actors, state forces, media and civilian bodies, as data.

Entries live in ``data/*.toml`` (one file per family, ``[[actor]]`` tables, optional
``[defaults]`` applied to every entry of the file); aliases shared by several entries are declared
in ``data/ambiguous.toml``. Arabic aliases are keyed with :func:`marsad.text.phrase_key` (stems
without clitics or article), English names case-insensitively, so gold files and reports written
either way resolve to the same ids. See docs/actors.md for the schema.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.text import phrase_key, tokenize

DATA_DIR = Path(__file__).parent / "data"
AMBIGUOUS_FILE = "ambiguous.toml"
RESOLUTION_FILE = "resolution.toml"

#: ACLED interaction codes
INTER_CODES: dict[int, str] = {
    1: "state forces",
    2: "rebel group",
    3: "political militia",
    4: "identity militia",
    5: "rioters",
    6: "protesters",
    7: "civilians",
    8: "external/other forces",
}

KINDS: frozenset[str] = frozenset(
    {
        "army",
        "militia",
        "rebel",
        "jihadist",
        "coalition",
        "police",
        "intelligence",
        "government",
        "civilian body",
        "media outlet",
        "NGO",
        "civilians",
        "protesters",
        "rioters",
        "unidentified",
        "tribal",
        "party",
    }
)

RESOLVE_RULES: frozenset[str] = frozenset({"period", "country", "default"})

_FIELDS = {
    "id",
    "name",
    "name_ar",
    "aliases",
    "names_en",
    "inter",
    "country",
    "kind",
    "parent",
    "patrons",
    "family",
    "origin",
    "active_from",
    "active_until",
    "generic",
    "state",
    "note",
}


class KBError(ValueError):
    """The actor data files are malformed."""


def english_key(name: str) -> str:
    """Case- and punctuation-insensitive key of an English name ("SDF: Syrian Democratic
    Forces")."""
    return " ".join(re.findall(r"[^\W_]+", name.casefold()))


def arabic_key(phrase: str) -> str:
    """Matching key of an Arabic alias: word stems only (punctuation tokens dropped)."""
    return " ".join(t.norm for t in tokenize(phrase) if t.norm and t.is_word and _wordlike(t.norm))


def _wordlike(norm: str) -> bool:
    return any(ch.isalnum() for ch in norm)


def _is_latin(text: str) -> bool:
    return not any("\u0600" <= ch <= "\u06ff" for ch in text)


def _as_date(value: Any, *, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KBError(f"{where}: bad date {value!r}") from exc


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the KB."""

    id: str
    #: ACLED-style English name
    name: str
    name_ar: str
    #: Arabic surface forms (formal, short, colloquial, pejorative), the Arabic name excluded
    aliases: tuple[str, ...] = ()
    #: other English names and abbreviations
    names_en: tuple[str, ...] = ()
    #: ACLED inter code where the actor is active (Syria, Iraq, Lebanon)
    inter: int | None = None
    country: str | None = None
    kind: str = "militia"
    #: organisational parent (YPG → SDF; Quds Force → IRGC)
    parent: str | None = None
    #: backers (Fatemiyoun → IRGC; NDF → Syrian government)
    patrons: tuple[str, ...] = ()
    #: the generic entry this actor is a kind of (for lenient comparison), e.g. iran_backed_militias
    family: str | None = None
    #: nationality of members when it differs from ``country`` (Fatemiyoun: Afghanistan)
    origin: str | None = None
    active_from: date | None = None
    active_until: date | None = None
    generic: bool = False
    #: state forces: inter 1 at home, 8 abroad
    state: bool = False
    note: str = ""
    source_file: str = field(default="", compare=False)

    def active_on(self, day: date) -> bool:
        if self.active_from and day < self.active_from:
            return False
        return not (self.active_until and day >= self.active_until)

    def inter_in(self, country: str | None) -> int | None:
        """ACLED inter code of this actor in an event in ``country`` (state forces abroad: 8)."""
        if self.state and country:
            return 1 if country == self.country else 8
        return self.inter

    def all_arabic(self) -> tuple[str, ...]:
        return (self.name_ar, *self.aliases)

    def all_english(self) -> tuple[str, ...]:
        return (self.name, *self.names_en)


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An alias key knowingly shared by several actors, with how to choose between them."""

    alias: str
    actors: tuple[str, ...]
    #: "period" (by the report's date), "country" (by the report's places), "default"
    resolve: str
    default: str
    note: str = ""


def _load_file(path: Path) -> list[ActorEntry]:
    with path.open("rb") as fh:
        try:
            raw = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise KBError(f"{path.name}: {exc}") from exc
    defaults = raw.get("defaults", {})
    entries: list[ActorEntry] = []
    for i, item in enumerate(raw.get("actor", [])):
        data = {**defaults, **item}
        where = f"{path.name}: actor #{i + 1} ({data.get('id', '?')})"
        unknown = set(data) - _FIELDS
        if unknown:
            raise KBError(f"{where}: unknown fields {sorted(unknown)}")
        for required in ("id", "name", "name_ar"):
            if not data.get(required):
                raise KBError(f"{where}: missing {required}")
        entries.append(
            ActorEntry(
                id=data["id"],
                name=data["name"],
                name_ar=data["name_ar"],
                aliases=tuple(data.get("aliases", ())),
                names_en=tuple(data.get("names_en", ())),
                inter=data.get("inter"),
                country=data.get("country") or None,
                kind=data.get("kind", "militia"),
                parent=data.get("parent"),
                patrons=tuple(data.get("patrons", ())),
                family=data.get("family"),
                origin=data.get("origin"),
                active_from=_as_date(data.get("active_from"), where=where),
                active_until=_as_date(data.get("active_until"), where=where),
                generic=bool(data.get("generic", False)),
                state=bool(data.get("state", False)),
                note=data.get("note", ""),
                source_file=path.name,
            )
        )
    return entries


def _load_ambiguities(path: Path) -> list[Ambiguity]:
    if not path.exists():
        return []
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    out: list[Ambiguity] = []
    for item in raw.get("ambiguous", []):
        actors = tuple(item["actors"])
        aliases = item.get("aliases") or [item["alias"]]
        for alias in aliases:
            out.append(
                Ambiguity(
                    alias=alias,
                    actors=actors,
                    resolve=item.get("resolve", "default"),
                    default=item.get("default", actors[0]),
                    note=item.get("note", ""),
                )
            )
    return out


class ActorKB:
    """Actor entries with lookup by id, Arabic alias and English name, and the patron graph."""

    def __init__(
        self, entries: Iterable[ActorEntry], ambiguities: Iterable[Ambiguity] = ()
    ) -> None:
        self.entries: dict[str, ActorEntry] = {}
        self.duplicate_ids: list[str] = []
        for entry in entries:
            if entry.id in self.entries:
                self.duplicate_ids.append(entry.id)
            self.entries[entry.id] = entry
        self.ambiguities: dict[str, Ambiguity] = {}
        for amb in ambiguities:
            key = english_key(amb.alias) if _is_latin(amb.alias) else arabic_key(amb.alias)
            self.ambiguities[("en:" if _is_latin(amb.alias) else "ar:") + key] = amb
        #: "ar:<phrase key>" / "en:<english key>" → actor ids (insertion order, no repeats)
        self.keys: dict[str, list[str]] = {}
        for entry in self.entries.values():
            for alias in entry.all_arabic():
                self._index("ar:" + arabic_key(alias), entry.id)
            for name in entry.all_english():
                self._index("en:" + english_key(name), entry.id)
            # Latin-script aliases in the Arabic list (SY24, IRGC) also match as English
            for alias in entry.aliases:
                if _is_latin(alias):
                    self._index("en:" + english_key(alias), entry.id)
        self._clients: dict[str, list[str]] = {}
        for entry in self.entries.values():
            for up in self._ups(entry):
                self._clients.setdefault(up, []).append(entry.id)

    def _index(self, key: str, actor_id: str) -> None:
        if key in ("ar:", "en:"):
            return
        ids = self.keys.setdefault(key, [])
        if actor_id not in ids:
            ids.append(actor_id)

    # --- loading -------------------------------------------------------------------------

    @classmethod
    def from_dir(cls, directory: Path, *extra: Path) -> ActorKB:
        """Entries of ``directory/*.toml``; entries of ``extra`` directories are added after
        them and replace shipped entries with the same id (local corrections)."""
        entries: dict[str, ActorEntry] = {}
        duplicates: list[ActorEntry] = []
        ambiguities: list[Ambiguity] = []
        for folder in (directory, *extra):
            seen: set[str] = set()
            for path in sorted(folder.glob("*.toml")):
                if path.name in (AMBIGUOUS_FILE, RESOLUTION_FILE):
                    continue
                for entry in _load_file(path):
                    if entry.id in seen:
                        duplicates.append(entry)
                    seen.add(entry.id)
                    entries[entry.id] = entry
            ambiguities.extend(_load_ambiguities(folder / AMBIGUOUS_FILE))
        kb = cls([*entries.values()], ambiguities)
        kb.duplicate_ids.extend(e.id for e in duplicates)
        return kb

    @classmethod
    def load(cls, *, home: Path | None = None) -> ActorKB:
        """The shipped KB (parsed once per process), plus the user's own entries in
        ``<home>/actors/*.toml`` when that folder exists (same schema; see docs/actors.md)."""
        user_dir = user_actor_dir(home)
        if user_dir is None:
            return _shipped_kb()
        return _kb_with_user(user_dir)

    # --- access --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Any:
        return iter(self.entries.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.entries

    def get(self, actor_id: str) -> ActorEntry | None:
        return self.entries.get(actor_id)

    def lookup(self, name: str) -> list[ActorEntry]:
        """Entries named ``name``: any Arabic alias (clitics, article, spelling variants ignored)
        or English name (case-insensitive). Ambiguous aliases return every candidate, the
        declared default first. Phrases that are not an alias (``قوات النظام السوري``,
        ``الطيران التركي``) fall back on the resolver over the phrase's tokens."""
        name = name.strip()
        if not name:
            return []
        if ";" in name:  # "Military Forces of Syria; Wagner Group": every part, in order
            parts = [self.lookup(part) for part in name.split(";")]
            return list({e.id: e for found in parts for e in found}.values())
        ids = self._ids_for(name)
        if not ids:
            from marsad.actors.resolve import resolve_phrase  # avoids an import cycle

            ids = resolve_phrase(name, kb=self)
        return [self.entries[i] for i in ids]

    def best(
        self, name: str, *, country: str | None = None, on: date | None = None
    ) -> ActorEntry | None:
        """The one entry ``name`` most likely means, choosing among ambiguous ones by the
        declared rule (report date for ``period``, country for ``country``)."""
        candidates = self.lookup(name)
        if not candidates:
            return None
        key = self._key_of(name)
        amb = self.ambiguities.get(key) if key else None
        return self.choose(candidates, ambiguity=amb, country=country, on=on)

    def choose(
        self,
        candidates: list[ActorEntry],
        *,
        ambiguity: Ambiguity | None = None,
        country: str | None = None,
        on: date | None = None,
    ) -> ActorEntry:
        """Pick one of several candidates for the same words."""
        if len(candidates) == 1:
            return candidates[0]
        # every rule narrows by date, then by country; the declared rule documents which
        # of the two is expected to decide
        pool = candidates
        if on is not None:
            active = [c for c in pool if c.active_on(on)]
            pool = active or pool
        if country:
            same = [c for c in pool if c.country == country]
            pool = same or pool
        if len(pool) == 1:
            return pool[0]
        if ambiguity and ambiguity.default in {c.id for c in pool}:
            return self.entries[ambiguity.default]
        return pool[0]

    def ambiguity(self, key: str) -> Ambiguity | None:
        return self.ambiguities.get(key)

    def _key_of(self, name: str) -> str | None:
        if _is_latin(name):
            return "en:" + english_key(name)
        return "ar:" + arabic_key(name)

    def _ids_for(self, name: str) -> list[str]:
        key = self._key_of(name)
        ids = list(self.keys.get(key, [])) if key else []
        if not ids and _is_latin(name):
            ids = list(self.keys.get("ar:" + arabic_key(name), []))
        if ids and key:
            amb = self.ambiguities.get(key)
            if amb and amb.default in ids:
                ids.remove(amb.default)
                ids.insert(0, amb.default)
        if not ids and name.lower() in self.entries:
            ids = [name.lower()]
        return ids

    # --- patron graph --------------------------------------------------------------------

    @staticmethod
    def _ups(entry: ActorEntry) -> list[str]:
        ups = [entry.parent] if entry.parent else []
        ups.extend(p for p in entry.patrons if p not in ups)
        return ups

    def patron_chain(self, actor_id: str) -> list[str]:
        """Parents and patrons of an actor, nearest first, transitively (47th Regiment → IRGC →
        Military Forces of Iran)."""
        entry = self.entries.get(actor_id)
        if entry is None:
            return []
        seen: list[str] = []
        queue = self._ups(entry)
        while queue:
            up = queue.pop(0)
            if up in seen or up == actor_id or up not in self.entries:
                continue
            seen.append(up)
            queue.extend(self._ups(self.entries[up]))
        return seen

    def proxies_of(self, actor_id: str) -> list[str]:
        """Every actor whose parent or patron chain reaches ``actor_id`` (its clients and units)."""
        seen: list[str] = []
        queue = list(self._clients.get(actor_id, []))
        while queue:
            client = queue.pop(0)
            if client in seen or client == actor_id:
                continue
            seen.append(client)
            queue.extend(self._clients.get(client, []))
        return seen

    def generic_kind(self, actor_id: str) -> str:
        """The family an actor belongs to, for lenient comparison: its ``family``, else its
        parent's, else its own id (``fatemiyoun`` → ``iran_backed_militias``)."""
        entry = self.entries.get(actor_id)
        seen: set[str] = set()
        while entry is not None and entry.id not in seen:
            seen.add(entry.id)
            if entry.family:
                return entry.family
            if entry.parent is None:
                return entry.id
            entry = self.entries.get(entry.parent)
        return actor_id

    # --- validation ----------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Everything wrong with the data; empty when the KB is valid."""
        out: list[str] = [f"duplicate id {i}" for i in self.duplicate_ids]
        id_re = re.compile(r"^[a-z0-9][a-z0-9_]*$")
        for e in self.entries.values():
            where = f"{e.source_file}: {e.id}"
            if not id_re.match(e.id):
                out.append(f"{where}: id must be a lower-case slug")
            if e.inter is not None and e.inter not in INTER_CODES:
                out.append(f"{where}: inter {e.inter} not an ACLED code")
            if e.kind not in KINDS:
                out.append(f"{where}: kind {e.kind!r} not one of {sorted(KINDS)}")
            for up in self._ups(e):
                if up not in self.entries:
                    out.append(f"{where}: patron/parent {up!r} does not exist")
            if e.family and e.family not in self.entries:
                out.append(f"{where}: family {e.family!r} does not exist")
            if e.active_from and e.active_until and e.active_from >= e.active_until:
                out.append(f"{where}: active_from after active_until")
            if _is_latin(e.name_ar):
                out.append(f"{where}: name_ar is not Arabic")
            for alias in e.all_arabic():
                if not arabic_key(alias):
                    out.append(f"{where}: alias {alias!r} has an empty key")
        out.extend(self._cycles())
        for key, ids in self.keys.items():
            if len(ids) < 2:
                continue
            amb = self.ambiguities.get(key)
            if amb is None:
                out.append(
                    f"alias key {key!r} shared by {ids} but not declared in {AMBIGUOUS_FILE}"
                )
            elif set(amb.actors) != set(ids):
                out.append(
                    f"ambiguous alias {amb.alias!r}: declared {list(amb.actors)}, actual {ids}"
                )
        for key, amb in self.ambiguities.items():
            if len(self.keys.get(key, [])) < 2:
                out.append(f"ambiguous alias {amb.alias!r} is not shared (key {key!r})")
            if amb.resolve not in RESOLVE_RULES:
                out.append(f"ambiguous alias {amb.alias!r}: resolve {amb.resolve!r} unknown")
            if amb.default not in amb.actors:
                out.append(f"ambiguous alias {amb.alias!r}: default not among its actors")
        return out

    def _cycles(self) -> list[str]:
        out: list[str] = []
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            entry = self.entries[node]
            for up in self._ups(entry):
                if up not in self.entries:
                    continue
                if state.get(up) == 1:
                    out.append("patron cycle: " + " → ".join([*path, node, up]))
                elif state.get(up) is None:
                    visit(up, [*path, node])
            state[node] = 2

        for actor_id in self.entries:
            if actor_id not in state:
                visit(actor_id, [])
        return out


def user_actor_dir(home: Path | None) -> Path | None:
    """``<home>/actors`` when it holds TOML files (``home`` defaults to ``$MARSAD_HOME``)."""
    if home is None:
        env = os.environ.get("MARSAD_HOME")
        if not env:
            return None  # the platform data dir is only consulted through an explicit home
        home = Path(env).expanduser()
    folder = home / "actors"
    if folder.is_dir() and any(folder.glob("*.toml")):
        return folder.resolve()
    return None


@lru_cache(maxsize=1)
def _shipped_kb() -> ActorKB:
    return ActorKB.from_dir(DATA_DIR)


@lru_cache(maxsize=4)
def _kb_with_user(user_dir: Path) -> ActorKB:
    return ActorKB.from_dir(DATA_DIR, user_dir)


__all__ = [
    "INTER_CODES",
    "KINDS",
    "ActorEntry",
    "ActorKB",
    "Ambiguity",
    "KBError",
    "arabic_key",
    "english_key",
    "phrase_key",
]
