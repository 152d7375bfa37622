"""Actor resolution: find actor mentions in a tokenized report and tie them to the KB.

Three sources, in order of trust, each only on tokens the previous ones left free:

1. KB aliases and nationality/type modifiers ("الطيران الروسي", "الميليشيات الإيرانية"), matched
   on clitic-split stems by one PhraseMatcher (longest match wins);
2. NER mentions (ORG/PERS) right after a cue word ("ميليشيا", "لواء") → provisional actors;
3. cue-word patterns ("ميليشيا X", "فوج N", "كتيبة X") → provisional actors.

Provisional actors are never dropped: they keep their span and an id ``provisional:<key>``.
Rules (cues, modifiers, stop words) are data: ``data/resolution.toml``.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from marsad.actors.kb import DATA_DIR, RESOLUTION_FILE, ActorEntry, ActorKB, Ambiguity, arabic_key
from marsad.model import Actor, Extraction, Mention, Token
from marsad.text import PhraseMatcher, normalize, tokenize

#: the countries whose ACLED variants the resolver chooses between, by ISO code of places
COUNTRY_CODES = {"SY": "Syria", "IQ": "Iraq", "LB": "Lebanon"}

#: further countries a report's places may lie in: they choose the home army for "الجيش"
OTHER_COUNTRY_CODES = {"TR": "Turkey", "IL": "Israel", "JO": "Jordan", "IR": "Iran"}

#: country names (normalized stems) counted when no place carries a country
COUNTRY_NAMES = {"سوريا": "Syria", "سوريه": "Syria", "عراق": "Iraq", "لبنان": "Lebanon"}

CONFIDENCE = {
    "alias": 0.9,
    "ambiguous": 0.75,
    "modifier": 0.8,
    "ner": 0.6,
    "pattern": 0.5,
    "country": 0.4,
    "home": 0.7,
    "person": 0.6,
    "anaphora": 0.55,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a phrase key stands for: KB ids (several when ambiguous) and how it was made."""

    ids: tuple[str, ...]
    how: str  # "alias" | "modifier" | "country" | "home"
    ambiguity: Ambiguity | None = None
    #: for "home": the class of forces of the report's own country ("الجيش", "الشرطة العسكرية")
    home: str = ""
    #: for a modifier on an act noun ("غارات جوية روسية"): how many last tokens (the nationality)
    #: make the span, so the act words stay free for the events stage's trigger; 0 = all
    tail: int = 0


@dataclass(frozen=True, slots=True)
class PatternRule:
    cue: str  # phrase key of the cue (one or more stems)
    article_needs_number: bool = False
    number_only: bool = False
    first_definite: bool = False


@dataclass(frozen=True, slots=True)
class ResolutionRules:
    """The contents of ``resolution.toml``, keyed for matching."""

    variants: tuple[tuple[str, ...], ...]
    prefix_cues: frozenset[str]
    nationality: dict[str, str]  # adjective key → country
    patterns: tuple[PatternRule, ...]
    stop_words: frozenset[str]
    introducers: frozenset[str]
    adjective_suffixes: tuple[str, ...]
    participle_prefix: str
    participle_suffixes: tuple[str, ...]
    max_name_tokens: int
    ner_labels: frozenset[str]
    #: the country assumed for choosing between country variants when the report names none
    default_country: str
    #: definite anaphor key ("تنظيم") → antecedent kinds ("jihadist")
    anaphora: dict[str, frozenset[str]]
    anaphor_descriptors: frozenset[str]
    #: title keys (one or more stems: "عميد", "متحدث باسم") and words joining a person to a group
    titles: frozenset[str]
    title_links: frozenset[str]
    max_person_gap: int
    #: bare "gunmen" aliases, the words after them that say whose they are, and how far to look
    gunmen: frozenset[str]
    gunmen_followers: frozenset[str]
    gunmen_adjacent: frozenset[str]
    gunmen_window: int
    #: kinds of actor a definite "المسلحين" refers back to
    gunmen_refer_kinds: frozenset[str]
    #: generic families ACLED names by country ("Civilians (Yemen)"): in a report on a country
    #: the KB keeps no variant for, the family's umbrella entry under that country's name
    country_named: frozenset[str]
    #: alias keys that name their actor only with the article ("النصرة", not "حتى نصرة")
    definite_only: frozenset[str]
    #: words before a pattern cue that make it a verb ("التي تجمع", "لن تجمع")
    cue_not_after: frozenset[str]
    #: further ISO codes of places → the English country name ACLED uses ("YE" → "Yemen")
    country_codes: dict[str, str]
    raw: dict[str, Any]
    #: any form of ``variants``, and each group's forms: cheap tests before ``expand``'s loops
    _variant_forms: re.Pattern[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _group_forms: tuple[re.Pattern[str], ...] = field(
        default=(), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        forms = {form for group in self.variants for form in group}
        object.__setattr__(self, "_variant_forms", _any_of(forms) if forms else None)
        object.__setattr__(self, "_group_forms", tuple(_any_of(set(g)) for g in self.variants))

    @classmethod
    def load(cls, path: Path = DATA_DIR / RESOLUTION_FILE) -> ResolutionRules:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        provisional = raw.get("provisional", {})
        nationality: dict[str, str] = {}
        for country, forms in raw.get("nationalities", {}).items():
            for form in forms:
                nationality[arabic_key(form)] = country
        return cls(
            variants=tuple(
                tuple(arabic_key(v) for v in group) for group in raw.get("spelling_variants", [])
            ),
            prefix_cues=frozenset(arabic_key(c) for c in raw.get("prefix_cues", [])),
            nationality=nationality,
            patterns=tuple(
                PatternRule(
                    cue=arabic_key(p["cue"]),
                    article_needs_number=bool(p.get("article_needs_number", False)),
                    number_only=bool(p.get("number_only", False)),
                    first_definite=bool(p.get("first_definite", False)),
                )
                for p in raw.get("pattern", [])
            ),
            stop_words=frozenset(arabic_key(w) for w in provisional.get("stop_words", [])),
            introducers=frozenset(arabic_key(w) for w in provisional.get("name_introducers", [])),
            adjective_suffixes=tuple(
                normalize(x) for x in provisional.get("adjective_suffixes", [])
            ),
            participle_prefix=normalize(provisional.get("participle_prefix", "")),
            participle_suffixes=tuple(
                normalize(x) for x in provisional.get("participle_suffixes", [])
            ),
            max_name_tokens=int(provisional.get("max_name_tokens", 3)),
            ner_labels=frozenset(provisional.get("ner_labels", ["ORG"])),
            default_country=str(raw.get("default_country", "Syria")),
            anaphora={
                arabic_key(cue): frozenset(kinds)
                for cue, kinds in raw.get("anaphora", {}).get("cues", {}).items()
            },
            anaphor_descriptors=frozenset(
                arabic_key(w) for w in raw.get("anaphora", {}).get("descriptors", [])
            ),
            titles=frozenset(arabic_key(t) for t in raw.get("people", {}).get("titles", [])),
            title_links=frozenset(arabic_key(w) for w in raw.get("people", {}).get("links", [])),
            max_person_gap=int(raw.get("people", {}).get("max_gap", 5)),
            gunmen=frozenset(arabic_key(w) for w in raw.get("gunmen", {}).get("aliases", [])),
            gunmen_followers=frozenset(
                arabic_key(w) for w in raw.get("gunmen", {}).get("followers", [])
            ),
            gunmen_adjacent=frozenset(
                arabic_key(w) for w in raw.get("gunmen", {}).get("adjacent", [])
            ),
            gunmen_window=int(raw.get("gunmen", {}).get("window", 4)),
            gunmen_refer_kinds=frozenset(raw.get("gunmen", {}).get("refer_kinds", [])),
            country_named=frozenset(raw.get("country_named", {}).get("families", [])),
            definite_only=frozenset(
                arabic_key(a) for a in raw.get("definite_only", {}).get("aliases", [])
            ),
            cue_not_after=frozenset(arabic_key(w) for w in provisional.get("cue_not_after", [])),
            country_codes={str(k).upper(): str(v) for k, v in raw.get("country_codes", {}).items()},
            raw=raw,
        )

    def expand(self, key: str) -> set[str]:
        """``key`` and its spelling variants (ميليشيا/مليشيا, دير الزور/ديرالزور)."""
        out = {key}
        # a key holding no form of any group as a substring (most of the ~55k keys the
        # resolver expands when it loads) has no variant: skip the loops; so too a group
        # none of whose forms is inside a key found so far (a form found ``f" {form} "``
        # is found as a substring)
        if self._variant_forms is None or self._variant_forms.search(key) is None:
            return out
        for group, forms in zip(self.variants, self._group_forms, strict=True):
            if not any(map(forms.search, out)):
                continue
            spaced = [f" {form} " for form in group]
            for form, spaced_form in zip(group, spaced, strict=True):
                for k in list(out):
                    padded = f" {k} "
                    if spaced_form in padded:
                        for other, spaced_other in zip(group, spaced, strict=True):
                            if other != form:
                                out.add(padded.replace(spaced_form, spaced_other).strip())
        return out

    def modifier_keys(self) -> list[tuple[str, str, str, int]]:
        """(phrase key, class, country, tail) for every head × filler × nationality combination;
        ``tail`` is the number of nationality tokens when the head is an act noun (the span is
        then the nationality alone), else 0."""
        out: list[tuple[str, str, str, int]] = []
        adjectives: dict[str, list[str]] = {}
        for adj, country in self.nationality.items():
            adjectives.setdefault(country, []).append(adj)
        names = {
            c: [arabic_key(n) for n in forms]
            for c, forms in self.raw.get("country_names", {}).items()
        }
        for cls_name, spec in self.raw.get("classes", {}).items():
            heads = [arabic_key(h) for h in spec.get("heads", [])]
            acts = {arabic_key(h) for h in spec.get("act_heads", [])}
            fillers = ["", *(arabic_key(f) for f in spec.get("fillers", []))]
            connectors = [arabic_key(c) for c in spec.get("connectors", [])]
            no_adjective = set(spec.get("no_adjective", []))
            for country in self.raw.get("targets", {}).get(cls_name, {}):
                tails = list(adjectives.get(country, [])) if country not in no_adjective else []
                tails += [f"{c} {n}" for c in connectors for n in names.get(country, [])]
                for head, filler, tail in itertools.product(heads, fillers, tails):
                    key = " ".join(p for p in (head, filler, tail) if p)
                    size = tail.count(" ") + 1 if head in acts else 0
                    out.append((key, cls_name, country, size))
        return out


def _any_of(forms: set[str]) -> re.Pattern[str]:
    """A pattern finding any of ``forms`` as a substring (longest first)."""
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f))))


class ActorResolver:
    """Finds actors in token sequences (one matcher built once per KB)."""

    def __init__(self, kb: ActorKB, rules: ResolutionRules) -> None:
        self.kb = kb
        self.rules = rules
        self.matcher: PhraseMatcher[Candidate] = PhraseMatcher()
        for key, alias_ids in kb.keys.items():
            if not key.startswith("ar:"):
                continue
            cand = Candidate(tuple(alias_ids), "alias", kb.ambiguity(key))
            for variant in rules.expand(key[3:]):
                if variant not in self.matcher:
                    self.matcher.add(variant, cand)
        targets = rules.raw.get("targets", {})
        # one candidate per (class, country, tail), with the KB's ids of the class's targets
        made: dict[tuple[str, str, int], Candidate | None] = {}
        for key, cls_name, country, tail in rules.modifier_keys():
            for variant in rules.expand(key):
                if variant in self.matcher:
                    continue  # an alias says the same thing
                if (cls_name, country, tail) not in made:
                    ids = tuple(i for i in targets[cls_name][country] if i in kb)
                    made[(cls_name, country, tail)] = (
                        Candidate(ids, "modifier", tail=tail) if ids else None
                    )
                modifier = made[(cls_name, country, tail)]
                if modifier is not None:
                    self.matcher.add(variant, modifier)
        for country, names in rules.raw.get("country_actors", {}).items():
            ids = tuple(i for i in targets.get("forces", {}).get(country, []) if i in kb)
            for name in names:
                key = arabic_key(name)
                if ids and key not in self.matcher:
                    self.matcher.add(key, Candidate(ids, "country"))
        for cls_name, spec in rules.raw.get("home_forces", {}).items():
            for phrase in spec.get("phrases", []):
                for variant in rules.expand(arabic_key(phrase)):
                    if variant not in self.matcher:
                        self.matcher.add(variant, Candidate((), "home", home=cls_name))
        #: aliases that name their entry only in reports on the entry's own country
        #: ("الجيش الوطني" is the SNA in Syria, not in Yemen)
        self.country_bound = {
            v
            for alias in rules.raw.get("country_bound", {}).get("aliases", [])
            for v in rules.expand(arabic_key(alias))
        }
        #: (family, country) → the generic entry of that family for that country
        self.variants: dict[tuple[str, str], str] = {}
        for entry in kb.entries.values():
            if entry.generic and entry.family and entry.country:
                self.variants.setdefault((entry.family, entry.country), entry.id)
        #: home class → words after its phrase that give it another sense ("النظام العام")
        self.not_before: dict[str, frozenset[str]] = {
            cls_name: frozenset(arabic_key(w) for w in spec.get("not_before", []))
            for cls_name, spec in rules.raw.get("home_forces", {}).items()
        }
        #: ISO code of a place → the English name of its country
        self.country_codes = {**rules.country_codes, **OTHER_COUNTRY_CODES, **COUNTRY_CODES}
        #: the countries whose army a bare "الجيش" may name (Syria, Iraq, Lebanon and their
        #: neighbours): a report whose places lie as much in the US as in Iraq is seldom about
        #: the US army
        self.home_countries = frozenset({*COUNTRY_CODES.values(), *OTHER_COUNTRY_CODES.values()})
        #: the countries a nationality adjective may give a generic actor
        self.known_countries = frozenset(self.country_codes.values())
        self.titles: dict[str, list[str]] = {}  # first stem → whole title keys
        for title in rules.titles:
            self.titles.setdefault(title.split(" ")[0], []).append(title)
        self.cues: dict[str, list[PatternRule]] = {}
        #: a pattern cue's key → the keys it is written with
        self.cue_variants: dict[str, set[str]] = {}
        for rule in rules.patterns:
            self.cue_variants[rule.cue] = rules.expand(rule.cue)
            for variant in rules.expand(rule.cue):
                self.cues.setdefault(variant.split(" ")[0], []).append(rule)
        #: the keys a title, a reference back or a pattern can start with
        self.starters = frozenset(self.titles) | frozenset(rules.anaphora) | frozenset(self.cues)
        #: first word of a text's key (``_refers_to``), by text: the same actors recur
        self._first_words: dict[str, list[str]] = {}
        #: KB id → its patron chain (the KB is fixed once the matcher is built from it)
        self._patrons: dict[str, tuple[str, ...]] = {}

    def _country_variant(
        self, entry: ActorEntry, country: str | None
    ) -> tuple[ActorEntry, str | None]:
        """A generic entry of another country than the report's → its variant for the report's
        country ("مسلحون مجهولون" in a report on Iraq → Unidentified Armed Group (Iraq)). For a
        country the KB keeps no variant of, a family ACLED names by country (``[country_named]``)
        becomes its umbrella entry with the name ACLED gives it there ("Civilians (Yemen)"):
        the second value is that name, else None."""
        if country is None or not entry.generic or not entry.family or entry.country == country:
            return entry, None
        other = self.variants.get((entry.family, country))
        if other:
            return self.kb.entries[other], None
        umbrella = self.kb.entries.get(entry.family)
        if umbrella is not None and entry.family in self.rules.country_named and country.isascii():
            return umbrella, f"{entry.name.rsplit(' (', 1)[0]} ({country})"
        return entry, None

    def _nationality_said(self, tokens: Sequence[Token], last: int) -> str | None:
        """The country whose nationality adjective ends a match at ``last`` or follows it
        ("المدنيين السوريين", "اللاجئين السوريين"), when it is a country (not "الأكراد")."""
        for k in (last, last + 1):
            if k < len(tokens) and not (k > last and _has_conjunction(tokens[k])):
                country = self.rules.nationality.get(tokens[k].norm)
                if country in self.known_countries:
                    return country
        return None

    def home_ids(self, cls_name: str, country: str) -> list[str]:
        """KB ids of a class of forces ("army", "military_police") of ``country``; a class
        without an entry for the country falls back on its armed forces."""
        spec = self.rules.raw.get("home_forces", {}).get(cls_name, {})
        ids = spec.get("targets", {}).get(country)
        if ids is None and not spec.get("fallback", True):
            return []
        if ids is None:
            ids = self.rules.raw.get("targets", {}).get("forces", {}).get(country, [])
        return [i for i in ids if i in self.kb]

    def country_forces(self, key: str) -> list[str]:
        """A bare country name used as an actor (``روسيا``, ``الولايات المتحدة``) → its forces."""
        for country, names in self.rules.raw.get("country_names", {}).items():
            if key in {arabic_key(n) for n in names}:
                return [
                    i for i in self.rules.raw["targets"]["forces"].get(country, []) if i in self.kb
                ]
        return []

    # --- document context ----------------------------------------------------------------

    def document_country(self, extraction: Extraction) -> str | None:
        """The country most of the report's places lie in, else the most named one."""
        votes: Counter[str] = Counter()
        known = self.country_codes
        for place in extraction.places:
            code = (place.country_code or "").upper()
            # a country we keep no variants for (Yemen) still says the report is not on Syria
            country = known.get(code) or place.country or code
            if country:
                votes[country] += 1
        if not votes:
            for token in extraction.tokens:
                named = self.rules.nationality.get(token.norm) or COUNTRY_NAMES.get(token.norm)
                if named and named in COUNTRY_CODES.values():
                    votes[named] += 1
        return votes.most_common(1)[0][0] if votes else None

    # --- matching ------------------------------------------------------------------------

    def resolve(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        mentions: Sequence[Mention] = (),
        country: str | None = None,
        on: date | None = None,
    ) -> list[Actor]:
        """Actors of one text, in text order."""
        actors: list[tuple[int, int, Actor]] = []  # (first token, last token, actor)
        taken = [False] * len(tokens)
        # country variants (civilians, Kurdish forces) need a country even when none is known
        choice_country = country or self.rules.default_country
        for match in self.matcher.find(tokens):
            cand = match.values[0]
            if cand.how == "home":
                # "الجيش", "الشرطة العسكرية": the forces of the report's own country (it must
                # be known); only the definite form ("جيش" alone starts a name: جيش الإسلام)
                # and not before a nisba adjective ("الجيش اليمني", "الجيش الوطني")
                after = tokens[match.last + 1] if match.last + 1 < len(tokens) else None
                if (
                    country not in self.home_countries
                    or not _is_definite(tokens[match.last])
                    or (after is not None and _is_definite(after) and _is_nisba(after.norm))
                    or (after is not None and after.norm in self.not_before.get(cand.home, ()))
                ):
                    continue
                ids = self.home_ids(cand.home, country)
                if not ids:
                    continue
                named = [a.id for _, _, a in actors if a.id in ids]
                entries = [self.kb.entries[i] for i in (named[-1:] or ids)]
            else:
                entries = [self.kb.entries[i] for i in cand.ids]
            if match.key in self.rules.definite_only and not _is_definite(tokens[match.first]):
                continue  # "حتى نصرة المظلومين" (support) is not "النصرة"
            entry = self.kb.choose(entries, ambiguity=cand.ambiguity, country=choice_country, on=on)
            if (
                country is not None
                and match.key in self.country_bound
                and entry.country
                and entry.country != country
            ):
                continue  # "الجيش الوطني" in a report on Yemen is not Syria's SNA
            # the nationality of civilians, protesters or gunmen, said in the alias or right after
            # it ("اللاجئين السوريين" in a report on Lebanon), wins over the report's country
            said = (
                self._nationality_said(tokens, match.last)
                if entry.family in self.rules.country_named
                else None
            )
            entry, country_name = self._country_variant(entry, said or country)
            first, last = match.first, match.last
            if cand.tail:  # "غارات جوية [روسية]": the act words are the trigger's
                first = max(first, last - cand.tail + 1)
            elif (
                first > 0
                and not taken[first - 1]
                and tokens[first - 1].norm in self.rules.prefix_cues
            ):
                first -= 1
            trailing = (
                self.rules.nationality.get(tokens[last + 1].norm)
                if last + 1 < len(tokens)
                else None
            )
            if (
                trailing is not None
                and (trailing in (entry.country, entry.origin) or trailing == said)
                and not _has_conjunction(tokens[last + 1])
            ):
                last += 1
            how = cand.how if not (cand.how == "alias" and len(entries) > 1) else "ambiguous"
            actor = self._actor(
                text, tokens, first, last, entry, how=how, country=country, named=country_name
            )
            for i in range(first, last + 1):
                taken[i] = True
            actors.append((first, last, actor))
        actors = self._drop_owned_gunmen(text, tokens, actors, taken)
        actors.extend(self._from_ner(text, tokens, mentions, taken))
        # the tokens that can start a title, a reference back or a pattern (one scan for all)
        starters = self.starters
        at = [k for k, t in enumerate(tokens) if t.norm in starters]
        actors.extend(self._people(text, tokens, mentions, actors, taken, country=country, at=at))
        actors.extend(self._anaphora(text, tokens, actors, taken, at=at))
        actors.extend(self._from_patterns(text, tokens, taken, at=at))
        actors.sort(key=lambda a: a[2].start)
        return [a for _, _, a in actors]

    def _actor(
        self,
        text: str,
        tokens: Sequence[Token],
        first: int,
        last: int,
        entry: ActorEntry,
        *,
        how: str,
        country: str | None,
        named: str | None = None,
    ) -> Actor:
        """The actor of ``entry`` on tokens ``first``..``last``; ``named``: the name of a
        country-named generic in a country the KB keeps no variant of ("Civilians (Yemen)")."""
        start, end = _span_start(tokens[first]), tokens[last].end
        return Actor(
            start=start,
            end=end,
            text=text[start:end],
            id=entry.id,
            name=named or entry.name,
            name_ar=entry.name_ar,
            inter=entry.inter_in(country),
            country=country if named else entry.country,
            kind=entry.kind,
            patrons=self._patron_chain(entry.id),
            provisional=False,
            generic=entry.generic,
            confidence=CONFIDENCE[how],
        )

    def _patron_chain(self, actor_id: str) -> list[str]:
        """``kb.patron_chain`` (a new list each time), computed once per id."""
        chain = self._patrons.get(actor_id)
        if chain is None:
            chain = self._patrons[actor_id] = tuple(self.kb.patron_chain(actor_id))
        return list(chain)

    def _provisional(
        self, text: str, tokens: Sequence[Token], first: int, last: int, *, how: str
    ) -> Actor:
        start, end = _span_start(tokens[first]), tokens[last].end
        key = " ".join(t.norm for t in tokens[first : last + 1] if t.norm)
        return Actor(
            start=start,
            end=end,
            text=text[start:end],
            id=f"provisional:{key}",
            name=text[start:end],
            name_ar=text[start:end],
            kind="militia" if tokens[first].norm in self.cues else None,
            provisional=True,
            confidence=CONFIDENCE[how],
        )

    def _from_ner(
        self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], taken: list[bool]
    ) -> list[tuple[int, int, Actor]]:
        out: list[tuple[int, int, Actor]] = []
        if not mentions:
            return out
        at: _Offsets | None = None
        for mention in mentions:
            if mention.source != "ner" or mention.label not in self.rules.ner_labels:
                continue
            if at is None:  # built for the first mention that can be an actor
                at = _Offsets(tokens)
            first = at.starting(mention.start)
            if first is None:  # a mention may start after a clitic: find its token
                first = next(
                    (i for i, t in enumerate(tokens) if t.start <= mention.start < t.end), None
                )
            last = at.ending(mention.end)
            if last is None:
                last = next(
                    (i for i, t in enumerate(tokens) if t.start < mention.end <= t.end), None
                )
            if first is None or last is None or any(taken[first : last + 1]):
                continue
            if tokens[first].norm not in self.cues:
                if first == 0 or taken[first - 1] or tokens[first - 1].norm not in self.cues:
                    continue
                first -= 1
            if not self._seed_names(tokens, first, last):
                continue
            for i in range(first, last + 1):
                taken[i] = True
            out.append((first, last, self._provisional(text, tokens, first, last, how="ner")))
        return out

    def _seed_names(self, tokens: Sequence[Token], first: int, last: int) -> bool:
        """Whether a cue and the NER mention after it (``first``..``last``) name a group, as
        a pattern would: a definite cue before an indefinite word refers back or is a rank
        ("الغرفة فلان الفلاني", "اللواء فلان"), a lone nisba adjective after an indefinite
        cue describes ("ميليشيا الانقلابية"), and a cue after ``cue_not_after`` words is a
        verb ("التي تجمع")."""
        name = tokens[first + 1] if first + 1 <= last else None
        if name is None:
            return True
        if _is_definite(tokens[first]) and not (name.norm.isdigit() or _is_definite(name)):
            return False
        if (
            first + 1 == last
            and not _is_definite(tokens[first])
            and _is_definite(name)
            and self._looks_adjective(name.norm)
        ):
            return False  # (the definite "الجماعة الإسلامية" is a name)
        return not (first > 0 and tokens[first - 1].norm in self.rules.cue_not_after)

    def _drop_owned_gunmen(
        self,
        text: str,
        tokens: Sequence[Token],
        found: list[tuple[int, int, Actor]],
        taken: list[bool],
    ) -> list[tuple[int, int, Actor]]:
        """Bare "مسلحون" followed, in the same sentence, by words saying whose they are or by
        another actor are not an unidentified group: drop them (their tokens become free); so
        too the definite "المسلحين الموالين لها". Else the definite "المسلحين" refers back to the
        last armed group named before it (of the kinds in ``[gunmen] refer_kinds``: an earlier
        "مسلحون مجهولون", "داعش"), and is dropped when there is none."""
        starts = {first for first, _, a in found if not a.generic}
        refer_kinds = self.rules.gunmen_refer_kinds
        kept: list[tuple[int, int, Actor]] = []
        for first, last, actor in found:
            key = " ".join(t.norm for t in tokens[first : last + 1])
            if actor.generic and key in self.rules.gunmen:
                definite = _is_definite(tokens[first])
                owned = self._owned(tokens, last, starts, definite=definite)
                if definite and not owned:
                    antecedent = self._last_named(
                        kept, first, lambda a: (a.kind or "") in refer_kinds
                    )
                    if antecedent is not None:
                        referred = _referring(antecedent, text, actor.start, actor.end)
                        kept.append((first, last, referred))
                        continue
                if definite or owned:
                    for i in range(first, last + 1):
                        taken[i] = False
                    continue
            kept.append((first, last, actor))
        return kept

    @staticmethod
    def _last_named(
        found: Sequence[tuple[int, int, Actor]], before: int, accept: Callable[[Actor], bool]
    ) -> Actor | None:
        """The last actor of ``found`` starting before token ``before`` that ``accept`` takes:
        the antecedent of a reference back ("المسلحين", "التنظيم"). A bare country name is
        never one (the same words are places)."""
        antecedent = None
        for first, _, actor in found:
            if first < before and actor.confidence != CONFIDENCE["country"] and accept(actor):
                antecedent = actor
        return antecedent

    def _owned(
        self, tokens: Sequence[Token], last: int, starts: set[int], *, definite: bool
    ) -> bool:
        """Whether the words after gunmen ending at ``last`` say whose they are: a follower
        word ("الموالين"), or, for bare gunmen, "من" right after them or another actor. The
        definite "المسلحين" is owned by follower words only ("المسلحين الموالين لها"): an
        actor after it is as often their target ("قتل المسلحون عناصر من قوات النظام")."""
        for k in range(last + 1, min(len(tokens), last + 1 + self.rules.gunmen_window)):
            if tokens[k].norm in _SENTENCE_ENDS:
                return False
            if tokens[k].norm in self.rules.gunmen_followers:
                return True
            if definite:
                continue
            if k in starts:
                return True
            if k == last + 1 and tokens[k].norm in self.rules.gunmen_adjacent:
                return True
        return False

    def _people(
        self,
        text: str,
        tokens: Sequence[Token],
        mentions: Sequence[Mention],
        found: list[tuple[int, int, Actor]],
        taken: list[bool],
        *,
        country: str | None,
        at: Sequence[int],
    ) -> list[tuple[int, int, Actor]]:
        """A titled person tied to a named group is a member of it: "العميد فلان القائد في
        هيئة تحرير الشام" (title, name, link word, group: the span is title + name) and
        "المتحدث باسم قسد فلان" (title, group, then a PERS mention: the span is the name).
        ``at``: the positions of the tokens that can start a title (and others)."""
        out: list[tuple[int, int, Actor]] = []
        groups = {
            first: actor
            for first, _, actor in found
            if not actor.provisional
            and not actor.generic
            and actor.id in self.kb
            and actor.confidence != CONFIDENCE["country"]
        }
        group_last = {first: last for first, last, _ in found}
        pers_at = {m.start: m for m in mentions if m.label in ("PERS", "PER")}
        n = len(tokens)
        resume = 0  # the token after the last title read
        # only a token whose key starts a title can start one: visit just those, in order
        titles = self.titles
        for i in [k for k in at if tokens[k].norm in titles]:
            if i < resume:
                continue
            title_last = self._title_at(tokens, i) if not taken[i] else None
            if title_last is None:
                continue
            j = title_last + 1
            name_last: int | None = None
            linked = False
            while j < n and j - title_last <= self.rules.max_person_gap and j not in groups:
                tok = tokens[j]
                if taken[j] or not tok.is_word or _has_proclitic(tok):
                    break  # punctuation, "و", or a preposition ("بدور") ends the person
                if tok.norm in self.rules.title_links or self._title_at(tokens, j) is not None:
                    linked = True
                elif linked or tok.norm in self.rules.stop_words:
                    break  # a name word after a link word: the person ended before it
                else:
                    name_last = j
                j += 1
            if j in groups and not any(taken[i : title_last + 1]):
                entry = self.kb.entries[groups[j].id]
                if name_last is not None and linked:  # title, name, link word, group
                    person = self._actor(
                        text, tokens, i, name_last, entry, how="person", country=country
                    )
                    out.append((i, name_last, person))
                    for k in range(i, name_last + 1):
                        taken[k] = True
                elif j == title_last + 1:  # title + group, then the person's name
                    after = group_last[j] + 1
                    mention = pers_at.get(_span_start(tokens[after])) if after < n else None
                    if mention is None and after < n:
                        mention = pers_at.get(tokens[after].start)
                    last = _token_ending(tokens, mention.end, after) if mention else None
                    if last is not None and not any(taken[after : last + 1]):
                        person = self._actor(
                            text, tokens, after, last, entry, how="person", country=country
                        )
                        out.append((after, last, person))
                        for k in range(after, last + 1):
                            taken[k] = True
            resume = title_last + 1
        return out

    def _title_at(self, tokens: Sequence[Token], i: int) -> int | None:
        """Last token of a title starting at token ``i`` ("العميد", "المتحدث باسم"), else None."""
        for title in self.titles.get(tokens[i].norm, ()):
            size = title.count(" ") + 1
            if " ".join(t.norm for t in tokens[i : i + size]) == title:
                return i + size - 1
        return None

    def _anaphora(
        self,
        text: str,
        tokens: Sequence[Token],
        found: list[tuple[int, int, Actor]],
        taken: list[bool],
        *,
        at: Sequence[int],
    ) -> list[tuple[int, int, Actor]]:
        """A definite type word referring back ("التنظيم", "الهيئة", "الحزب") → the last named
        (not generic) actor before it whose name starts with that word or whose kind it
        denotes; the span is the anaphor's, the confidence lower (as the definite gunmen's).
        ``at``: the positions of the tokens that can be an anaphor (and others)."""
        out: list[tuple[int, int, Actor]] = []
        named = sorted((a for a in found if not a[2].generic), key=lambda a: a[0])
        if not named:
            return out
        anaphora = self.rules.anaphora
        for i in [k for k in at if tokens[k].norm in anaphora]:
            tok = tokens[i]
            kinds = anaphora[tok.norm]
            if taken[i] or not _is_definite(tok):
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                nxt is not None
                and nxt.is_word
                and (nxt.norm.isdigit() or _is_definite(nxt))
                and nxt.norm not in self.rules.anaphor_descriptors
                and not _has_conjunction(nxt)
            ):
                continue  # "الحزب الشيوعي", "الحركة الجوية": a name or another sense
            antecedent = self._last_named(named, i, partial(self._refers_to, tok.norm, kinds))
            if antecedent is None:
                continue
            out.append((i, i, _referring(antecedent, text, _span_start(tok), tok.end)))
            taken[i] = True
        return out

    def _refers_to(self, cue: str, kinds: frozenset[str], actor: Actor) -> bool:
        if (actor.kind or "") in kinds:
            return True
        words = [self._first_word(actor.text)]
        entry = self.kb.entries.get(actor.id)
        if entry is not None:
            words.append(self._first_word(entry.name_ar))
        return any(w == [cue] for w in words)

    def _first_word(self, text: str) -> list[str]:
        """The first word of ``text``'s key as a list (empty or ``[word]``), cached: the same
        names are tried as antecedents again and again (tokenizing costs ~10 µs)."""
        words = self._first_words.get(text)
        if words is None:
            if len(self._first_words) >= _FIRST_WORDS_MAX:
                self._first_words.clear()
            words = arabic_key(text).split(" ")[:1]
            self._first_words[text] = words
        return words

    def _from_patterns(
        self, text: str, tokens: Sequence[Token], taken: list[bool], *, at: Sequence[int]
    ) -> list[tuple[int, int, Actor]]:
        """Provisional actors from cue patterns; ``at``: the positions of the tokens that can
        be a cue (and others)."""
        out: list[tuple[int, int, Actor]] = []
        resume = 0  # the token after the last pattern found
        cues = self.cues
        # only a token whose key is a cue can start a pattern: visit just those, in order
        for i in [k for k in at if tokens[k].norm in cues]:
            if i < resume:
                continue
            rules = cues[tokens[i].norm] if not taken[i] else None
            if not rules or (i > 0 and tokens[i - 1].norm in self.rules.cue_not_after):
                continue  # "التي تجمع البلدين": a verb
            span = self._pattern_span(tokens, i, rules, taken)
            if span is None:
                continue
            first, last = span
            for j in range(first, last + 1):
                taken[j] = True
            out.append((first, last, self._provisional(text, tokens, first, last, how="pattern")))
            resume = last + 1
        return out

    def _pattern_span(
        self, tokens: Sequence[Token], i: int, rules: list[PatternRule], taken: list[bool]
    ) -> tuple[int, int] | None:
        n = len(tokens)
        for rule in rules:
            cue_len = rule.cue.count(" ") + 1
            cue_keys = [t.norm for t in tokens[i : i + cue_len]]
            if " ".join(cue_keys) not in self.cue_variants[rule.cue]:
                continue
            j = i + cue_len
            if j >= n or taken[j] or not tokens[j].is_word:
                continue
            next_is_number = tokens[j].norm.isdigit()
            has_article = any(p.kind == "article" for p in tokens[i].parts)
            if rule.number_only and not next_is_number:
                continue
            if rule.article_needs_number and has_article and not next_is_number:
                continue
            if rule.first_definite and not (next_is_number or _is_definite(tokens[j])):
                continue
            # "الفيلق وقف …": a definite cue then an indefinite word is a reference back
            if has_article and not (next_is_number or _is_definite(tokens[j])):
                continue
            if not _is_definite(tokens[j]) and self._looks_adjective(tokens[j].norm):
                continue
            if next_is_number:
                return i, j
            last = j - 1
            while (
                j < n
                and j - (i + cue_len) < self.rules.max_name_tokens
                and not taken[j]
                and self._extends_name(tokens[j], tokens[j - 1], first=j == i + cue_len)
            ):
                last = j
                j += 1
            if last >= i + cue_len:
                return i, last
        return None

    def _looks_adjective(self, norm: str) -> bool:
        """An indefinite word shaped like an adjective (كردية، متشددة) rather than a name."""
        r = self.rules
        if norm.endswith(r.adjective_suffixes):
            return True
        return bool(r.participle_prefix) and (
            norm.startswith(r.participle_prefix) and norm.endswith(r.participle_suffixes)
        )

    def _extends_name(self, token: Token, previous: Token, *, first: bool) -> bool:
        """Whether ``token`` is part of a provisional name. Later words must be definite, a
        number, or follow a name introducer (الشهيد، أبو), where stop words are names too
        ("أبو علي", though "على" normalizes to the same key)."""
        if first:
            return self._name_word(token, first=True)
        if previous.norm in self.rules.introducers:
            return token.is_word and token.norm.isalnum() and not _has_conjunction(token)
        return self._name_word(token, first=False) and (_is_definite(token) or token.norm.isdigit())

    def _name_word(self, token: Token, *, first: bool) -> bool:
        norm = token.norm
        if not token.is_word or not norm or not any(ch.isalpha() or ch.isdigit() for ch in norm):
            return False
        if norm in self.rules.stop_words or norm in self.rules.nationality:
            return False
        if _has_conjunction(token):
            return False
        return not (first and norm in self.cues)


_SENTENCE_ENDS = frozenset(".!?؟؛;:\n")

#: how many texts ``_first_word`` keeps (a long-running process meets new ones in every report)
_FIRST_WORDS_MAX = 50_000


class _Offsets:
    """The token starting / ending at a character offset (the last such token, as a dict
    from offsets to indices gives): by bisection when the offsets never decrease (the text
    layer's tokens), else by such a dict."""

    __slots__ = ("by_end", "by_start", "ends", "starts")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]
        self.by_start: dict[int, int] | None = None
        self.by_end: dict[int, int] | None = None
        if self.starts != sorted(self.starts) or self.ends != sorted(self.ends):
            self.by_start = {s: i for i, s in enumerate(self.starts)}
            self.by_end = {e: i for i, e in enumerate(self.ends)}

    def starting(self, offset: int) -> int | None:
        if self.by_start is not None:
            return self.by_start.get(offset)
        k = bisect_right(self.starts, offset) - 1
        return k if k >= 0 and self.starts[k] == offset else None

    def ending(self, offset: int) -> int | None:
        if self.by_end is not None:
            return self.by_end.get(offset)
        k = bisect_right(self.ends, offset) - 1
        return k if k >= 0 and self.ends[k] == offset else None


def _is_definite(token: Token) -> bool:
    return any(p.kind == "article" for p in token.parts)


def _has_proclitic(token: Token) -> bool:
    return any(p.kind == "proclitic" for p in token.parts)


def _is_nisba(norm: str) -> bool:
    """A relative adjective (اليمني، الوطنية): the noun before it is named by it."""
    return norm.endswith(("ي", "يه")) and len(norm) > 3


def _has_conjunction(token: Token) -> bool:
    return any(p.kind == "proclitic" and p.text in ("و", "ف") for p in token.parts)


def _span_start(token: Token) -> int:
    """Start of a token without its proclitics; the article stays, also the lam left of it
    after the preposition ل ("للأمن العسكري" → "لأمن العسكري"), so the span holds the
    definite name and still indexes the original text exactly."""
    for part in token.parts:
        if part.kind != "proclitic":
            return part.start
    return token.start


def _referring(antecedent: Actor, text: str, start: int, end: int) -> Actor:
    """The antecedent of a reference back on the anaphor's span ``start``..``end``, with the
    confidence of a reference back."""
    return replace(
        antecedent,
        start=start,
        end=end,
        text=text[start:end],
        confidence=CONFIDENCE["anaphora"],
    )


def _token_ending(tokens: Sequence[Token], end: int, first: int) -> int | None:
    """Index of the token (from ``first`` on) that ends at character ``end``."""
    for k in range(first, min(len(tokens), first + 6)):
        if tokens[k].end == end:
            return k
        if tokens[k].end > end:
            return None
    return None


@lru_cache(maxsize=1)
def shipped_resolver() -> ActorResolver:
    """The resolver over the shipped KB and rules (built once per process)."""
    return ActorResolver(ActorKB.load(home=None), ResolutionRules.load())


@lru_cache(maxsize=4)
def resolver_for(kb: ActorKB) -> ActorResolver:
    """The resolver over ``kb`` with the shipped rules (built once per KB object)."""
    if kb is shipped_resolver().kb:
        return shipped_resolver()
    return ActorResolver(kb, ResolutionRules.load())


def resolve_phrase(phrase: str, *, kb: ActorKB | None = None) -> list[str]:
    """KB ids a phrase names, via the resolver (``قوات النظام السوري``, ``الطيران التركي``):
    the longest actor match in it, else a bare country name's armed forces. Ambiguous phrases
    return every candidate, the declared default first."""
    resolver = shipped_resolver() if kb is None else resolver_for(kb)
    tokens = [
        t for t in tokenize(phrase) if t.is_word and t.norm and any(c.isalnum() for c in t.norm)
    ]
    if not tokens:
        return []
    matches = resolver.matcher.find(tokens)
    if not matches:
        return resolver.country_forces(" ".join(t.norm for t in tokens))
    if all(m.values[0].how == "home" for m in matches):  # "الجيش": the default country's
        return resolver.home_ids(matches[0].values[0].home, resolver.rules.default_country)
    # a phrase that names one actor with extra words ("مقاتلي تنظيم داعش", "عشرة مدنيين"):
    # the longest match, the leftmost among equals
    best = max(matches, key=lambda m: (m.last - m.first, -m.first))
    cand = best.values[0]
    ids = list(cand.ids)
    if cand.ambiguity and cand.ambiguity.default in ids:
        ids.remove(cand.ambiguity.default)
        ids.insert(0, cand.ambiguity.default)
    return ids
