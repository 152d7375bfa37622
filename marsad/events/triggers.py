"""The Arabic trigger lexicon (``data/triggers.toml``) compiled into a PhraseMatcher.

Each trigger entry lists verb stems, masdars/nouns and phrases; the loader expands verb
morphology (past and imperfect affixes, object pronouns) and turns every form into a stem key
with the text layer, so clitics (و، ف، ب، ل، ال) never block a match.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.text import PhraseMatcher, normalize, phrase_key

DATA_DIR = Path(__file__).parent / "data"
TRIGGERS_PATH = DATA_DIR / "triggers.toml"


@dataclass(frozen=True, slots=True)
class Morphology:
    """The affixes that expand a trigger's stems into its forms (``[morphology]`` in the data)."""

    past_suffixes: tuple[str, ...]
    present_prefixes: tuple[str, ...]
    present_suffixes: tuple[str, ...]
    noun_suffixes: tuple[str, ...]
    feminine_endings: tuple[str, ...]
    feminine_before_suffix: str
    article: str

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> Morphology:
        return cls(
            past_suffixes=tuple(raw["past_suffixes"]),
            present_prefixes=tuple(raw["present_prefixes"]),
            present_suffixes=tuple(raw["present_suffixes"]),
            noun_suffixes=tuple(raw["noun_suffixes"]),
            feminine_endings=tuple(raw["feminine_endings"]),
            feminine_before_suffix=str(raw["feminine_before_suffix"]),
            article=str(raw["article"]),
        )


@dataclass(frozen=True, slots=True)
class ContextRule:
    """Picks ``sub_event_type`` when one of ``words`` (stem keys) or ``test`` holds in the
    clause."""

    sub_event_type: str
    words: tuple[str, ...] = ()
    test: str | None = None


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    id: str
    sub_event_types: tuple[str, ...]
    voice: str
    weak: bool = False
    movement: bool = False
    context: tuple[ContextRule, ...] = field(default_factory=tuple)
    #: weak triggers with ``weak_scope = "sentence"`` yield to a strong trigger anywhere in the
    #: sentence (a death toll reported with the strike that caused it), not only in the clause
    weak_scope: str = "clause"
    #: the trigger counts only when one of these stem keys follows within ``needs_after_window``
    #: tokens (سيطرة needs على: "took control of", else it describes who holds an area)
    needs_after: frozenset[str] = frozenset()
    needs_after_window: int = 6
    #: the trigger counts only when one of these stem keys precedes it in its clause (a noun
    #: like اتفاق names a deal only with a verb of concluding: أبرم، توصل، وقع)
    needs_before: frozenset[str] = frozenset()
    #: stem keys that, right before the trigger (2 tokens), make it a descriptor (تحت سيطرة،
    #: الخاضعة لسيطرة، مناطق سيطرة)
    blocked_before: frozenset[str] = frozenset()
    #: how far back ``blocked_before`` looks for a noun form of the trigger (a verb form looks
    #: 2 tokens back): "استهدفت قوات التحالف العربي تعزيزات" – the reinforcements are the object
    blocked_before_noun_window: int = 2
    #: the trigger counts only when one of these stem keys stands elsewhere in its clause (a
    #: weapon noun needs an act with it: انفجار، هجوم، تفكيك)
    needs_in_clause: frozenset[str] = frozenset()
    #: stem keys that, within ``needs_after_window`` tokens after the trigger, change its sense
    #: (نقلت الوكالة عن: "quoted", not "moved")
    blocked_after: frozenset[str] = frozenset()
    #: stem keys that, anywhere in the clause, lift ``blocked_after`` (military means destroyed
    #: by aircraft: "دمرت طائرات التحالف منصات صواريخ" is the strike itself)
    blocked_after_unless: frozenset[str] = frozenset()
    #: a death toll (مقتل، قتلى): yields to any other violent trigger of its sentence, weak or not
    toll: bool = False
    #: a generic trigger with no agent of its own continues the report's previous violent event
    #: (its agent and sub-event type)
    inherits: bool = False
    #: names an effect (an explosion) that a cause word (جراء، نتيجة، بسبب) may tie to another
    #: act told after it: then it is that act's effect, not an event of its own
    effect: bool = False
    #: false for words naming the agent (الطيران الحربي: the aircraft), which never refer back to
    #: an event told earlier the way a definite event noun (الغارات، الهجوم) does
    refers_back: bool = True
    #: repelling an attack (صد هجوما شنه X): the attacker named by an agent marker is actor1,
    #: the side that repelled it actor2 (ACLED: the initiator is actor1)
    defends: bool = False

    @property
    def default(self) -> str:
        return self.sub_event_types[0]


def expand_forms(entry: dict[str, Any], *, morph: Morphology) -> set[str]:
    """All surface forms of one trigger entry (before stem keys are made)."""
    return expand_verb_forms(entry, morph=morph) | expand_nominal_forms(entry, morph=morph)


def _spellings(word: str) -> tuple[str, ...]:
    """The word as written and normalized: the clitic splitter may cut the two differently
    (ألغام stays whole, its normalized الغام loses an "article"; ألقت القبض ≠ القت القبض), and
    reports spell both ways."""
    written = word.strip()
    plain = normalize(written)
    return (written,) if plain == written else (written, plain)


def expand_verb_forms(entry: dict[str, Any], *, morph: Morphology) -> set[str]:
    """The verb forms (past and imperfect) of one trigger entry."""
    forms: set[str] = set()
    for stem in entry.get("past", []):
        for base in _spellings(str(stem)):
            if " " in base:
                forms.add(base)
                continue
            for suffix in morph.past_suffixes:
                forms.add(base + suffix)
    for stem in entry.get("present", []):
        for base in _spellings(str(stem)):
            for prefix in morph.present_prefixes:
                for suffix in morph.present_suffixes:
                    forms.add(prefix + base + suffix)
    return forms


def expand_nominal_forms(entry: dict[str, Any], *, morph: Morphology) -> set[str]:
    """The nouns, masdars and phrases of one trigger entry."""
    forms: set[str] = set()
    for noun in entry.get("nouns", []):
        for base in _spellings(str(noun)):
            if " " in base:
                forms.add(base)
                continue
            for suffix in morph.noun_suffixes:
                # a feminine ة becomes ت before a pronoun (غارة → غارتها)
                feminine = base.endswith(morph.feminine_endings)
                stem = base[:-1] + morph.feminine_before_suffix if suffix and feminine else base
                forms.add(stem + suffix if suffix else base)
    for phrase in entry.get("phrases", []):
        forms.update(_spellings(str(phrase)))
    return forms


def article_forms(entry: dict[str, Any], *, morph: Morphology) -> set[str]:
    """Single-word nouns with the article: the clitic splitter may cut a bare noun whose first
    letter looks like a proclitic (كمين → ك + مين) but keeps it whole after a real clitic
    (بكمين، الكمين → كمين), so the stem under a clitic is a key of its own."""
    return {
        morph.article + base
        for noun in entry.get("nouns", [])
        for base in _spellings(str(noun))
        if " " not in base and not base.startswith(morph.article)
    }


def keys_of(word: str) -> list[str]:
    """The stem keys of a cue word or phrase as written and as normalized (see _spellings):
    the text layer may split the two spellings differently."""
    out: list[str] = []
    for spelling in _spellings(str(word)):
        key = phrase_key(spelling)
        if key and key not in out:
            out.append(key)
    return out


def key_set(words: list[str]) -> frozenset[str]:
    """Stem keys of cue words, each as written and normalized (see keys_of)."""
    return frozenset(k for w in words for k in keys_of(w))


class TriggerLexicon:
    """Finds trigger phrases in tokens; each match carries its TriggerSpec."""

    def __init__(
        self,
        specs: list[tuple[TriggerSpec, set[str]]],
        *,
        verb_only: frozenset[str] = frozenset(),
    ) -> None:
        self.specs = [spec for spec, _ in specs]
        #: keys that only verb forms produce: with the article they are nouns, not triggers
        self.verb_only = verb_only
        self.matcher: PhraseMatcher[TriggerSpec] = PhraseMatcher()
        #: stem key → its trigger specs (what ``matcher`` holds, for combined matchers)
        self.entries: dict[str, list[TriggerSpec]] = {}
        for spec, forms in specs:
            for form in sorted(forms):
                key = phrase_key(form)
                if key and spec not in self.matcher.get(key):
                    self.matcher.add(key, spec)
                    self.entries.setdefault(key, []).append(spec)

    @classmethod
    def load(
        cls, path: Path = TRIGGERS_PATH, *, known_types: set[str] | None = None
    ) -> TriggerLexicon:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        specs: list[tuple[TriggerSpec, set[str]]] = []
        verb_keys: set[str] = set()
        nominal_keys: set[str] = set()
        morph = Morphology.from_raw(raw["morphology"])
        for entry in raw["trigger"]:
            rules = tuple(
                ContextRule(
                    sub_event_type=rule["sub_event_type"],
                    words=tuple(k for w in rule.get("words", []) for k in keys_of(w)),
                    test=rule.get("test"),
                )
                for rule in entry.get("context", [])
            )
            spec = TriggerSpec(
                id=entry["id"],
                sub_event_types=tuple(entry["sub_event_types"]),
                voice=entry.get("voice", "active"),
                weak=bool(entry.get("weak", False)),
                movement=bool(entry.get("movement", False)),
                context=rules,
                weak_scope=str(entry.get("weak_scope", "clause")),
                needs_after=key_set(entry.get("needs_after", [])),
                needs_after_window=int(entry.get("needs_after_window", 6)),
                needs_before=key_set(entry.get("needs_before", [])),
                blocked_before=key_set(entry.get("blocked_before", [])),
                blocked_before_noun_window=int(entry.get("blocked_before_noun_window", 2)),
                needs_in_clause=key_set(entry.get("needs_in_clause", [])),
                blocked_after=key_set(entry.get("blocked_after", [])),
                blocked_after_unless=key_set(entry.get("blocked_after_unless", [])),
                toll=bool(entry.get("toll", False)),
                inherits=bool(entry.get("inherits", False)),
                effect=bool(entry.get("effect", False)),
                refers_back=bool(entry.get("refers_back", True)),
                defends=bool(entry.get("defends", False)),
            )
            if known_types is not None:
                unknown = {*spec.sub_event_types, *(r.sub_event_type for r in rules)} - known_types
                if unknown:
                    raise ValueError(f"{path}: trigger {spec.id} names unknown types {unknown}")
            nominal = expand_nominal_forms(entry, morph=morph) | article_forms(entry, morph=morph)
            verbs = expand_verb_forms(entry, morph=morph)
            specs.append((spec, verbs | nominal))
            verb_keys |= {phrase_key(f) for f in verbs}
            nominal_keys |= {phrase_key(f) for f in nominal}
        return cls(specs, verb_only=frozenset(verb_keys - nominal_keys))


@lru_cache(maxsize=1)
def default_lexicon() -> TriggerLexicon:
    from marsad.events.taxonomy import default_taxonomy

    return TriggerLexicon.load(known_types=set(default_taxonomy().sub_event_types))
