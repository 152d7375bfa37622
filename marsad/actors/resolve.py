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
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.actors.kb import DATA_DIR, RESOLUTION_FILE, ActorEntry, ActorKB, Ambiguity, arabic_key
from marsad.model import Actor, Extraction, Mention, Token
from marsad.text import PhraseMatcher, normalize, tokenize

#: the countries whose ACLED variants the resolver chooses between, by ISO code of places
COUNTRY_CODES = {"SY": "Syria", "IQ": "Iraq", "LB": "Lebanon"}

#: country names (normalized stems) counted when no place carries a country
COUNTRY_NAMES = {"سوريا": "Syria", "سوريه": "Syria", "عراق": "Iraq", "لبنان": "Lebanon"}

CONFIDENCE = {
    "alias": 0.9,
    "ambiguous": 0.75,
    "modifier": 0.8,
    "ner": 0.6,
    "pattern": 0.5,
    "country": 0.4,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a phrase key stands for: KB ids (several when ambiguous) and how it was made."""

    ids: tuple[str, ...]
    how: str  # "alias" | "modifier"
    ambiguity: Ambiguity | None = None


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
    raw: dict[str, Any]

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
            raw=raw,
        )

    def expand(self, key: str) -> set[str]:
        """``key`` and its spelling variants (ميليشيا/مليشيا, دير الزور/ديرالزور)."""
        out = {key}
        for group in self.variants:
            for form in group:
                for k in list(out):
                    padded = f" {k} "
                    if f" {form} " in padded:
                        for other in group:
                            if other != form:
                                out.add(padded.replace(f" {form} ", f" {other} ").strip())
        return out

    def modifier_keys(self) -> list[tuple[str, str, str]]:
        """(phrase key, class, country) for every head × filler × nationality combination."""
        out: list[tuple[str, str, str]] = []
        adjectives: dict[str, list[str]] = {}
        for adj, country in self.nationality.items():
            adjectives.setdefault(country, []).append(adj)
        names = {
            c: [arabic_key(n) for n in forms]
            for c, forms in self.raw.get("country_names", {}).items()
        }
        for cls_name, spec in self.raw.get("classes", {}).items():
            heads = [arabic_key(h) for h in spec.get("heads", [])]
            fillers = ["", *(arabic_key(f) for f in spec.get("fillers", []))]
            connectors = [arabic_key(c) for c in spec.get("connectors", [])]
            for country in self.raw.get("targets", {}).get(cls_name, {}):
                tails = list(adjectives.get(country, []))
                tails += [f"{c} {n}" for c in connectors for n in names.get(country, [])]
                for head, filler, tail in itertools.product(heads, fillers, tails):
                    key = " ".join(p for p in (head, filler, tail) if p)
                    out.append((key, cls_name, country))
        return out


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
        for key, cls_name, country in rules.modifier_keys():
            for variant in rules.expand(key):
                if variant in self.matcher:
                    continue  # an alias says the same thing
                ids = tuple(i for i in targets[cls_name][country] if i in kb)
                if ids:
                    self.matcher.add(variant, Candidate(ids, "modifier"))
        for country, names in rules.raw.get("country_actors", {}).items():
            ids = tuple(i for i in targets.get("forces", {}).get(country, []) if i in kb)
            for name in names:
                key = arabic_key(name)
                if ids and key not in self.matcher:
                    self.matcher.add(key, Candidate(ids, "country"))
        self.cues: dict[str, list[PatternRule]] = {}
        for rule in rules.patterns:
            for variant in rules.expand(rule.cue):
                self.cues.setdefault(variant.split(" ")[0], []).append(rule)

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
        for place in extraction.places:
            country = COUNTRY_CODES.get((place.country_code or "").upper()) or place.country
            if country and country in COUNTRY_CODES.values():
                votes[country] += 1
        if not votes:
            for token in extraction.tokens:
                country = self.rules.nationality.get(token.norm) or COUNTRY_NAMES.get(token.norm)
                if country and country in COUNTRY_CODES.values():
                    votes[country] += 1
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
        for match in self.matcher.find(tokens):
            cand = match.values[0]
            entries = [self.kb.entries[i] for i in cand.ids]
            entry = self.kb.choose(entries, ambiguity=cand.ambiguity, country=country, on=on)
            first, last = match.first, match.last
            if (
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
                and trailing in (entry.country, entry.origin)
                and not _has_conjunction(tokens[last + 1])
            ):
                last += 1
            how = cand.how if not (cand.how == "alias" and len(entries) > 1) else "ambiguous"
            actor = self._actor(text, tokens, first, last, entry, how=how, country=country)
            for i in range(first, last + 1):
                taken[i] = True
            actors.append((first, last, actor))
        actors.extend(self._from_ner(text, tokens, mentions, taken))
        actors.extend(self._from_patterns(text, tokens, taken))
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
    ) -> Actor:
        start, end = _span_start(tokens[first]), tokens[last].end
        return Actor(
            start=start,
            end=end,
            text=text[start:end],
            id=entry.id,
            name=entry.name,
            name_ar=entry.name_ar,
            inter=entry.inter_in(country),
            country=entry.country,
            kind=entry.kind,
            patrons=self.kb.patron_chain(entry.id),
            provisional=False,
            generic=entry.generic,
            confidence=CONFIDENCE[how],
        )

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
        index = {t.start: i for i, t in enumerate(tokens)}
        ends = {t.end: i for i, t in enumerate(tokens)}
        for mention in mentions:
            if mention.source != "ner" or mention.label not in self.rules.ner_labels:
                continue
            first = index.get(mention.start)
            if first is None:  # a mention may start after a clitic: find its token
                first = next(
                    (i for i, t in enumerate(tokens) if t.start <= mention.start < t.end), None
                )
            last = ends.get(mention.end)
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
            for i in range(first, last + 1):
                taken[i] = True
            out.append((first, last, self._provisional(text, tokens, first, last, how="ner")))
        return out

    def _from_patterns(
        self, text: str, tokens: Sequence[Token], taken: list[bool]
    ) -> list[tuple[int, int, Actor]]:
        out: list[tuple[int, int, Actor]] = []
        n = len(tokens)
        i = 0
        while i < n:
            rules = self.cues.get(tokens[i].norm) if not taken[i] else None
            if not rules:
                i += 1
                continue
            span = self._pattern_span(tokens, i, rules, taken)
            if span is None:
                i += 1
                continue
            first, last = span
            for j in range(first, last + 1):
                taken[j] = True
            out.append((first, last, self._provisional(text, tokens, first, last, how="pattern")))
            i = last + 1
        return out

    def _pattern_span(
        self, tokens: Sequence[Token], i: int, rules: list[PatternRule], taken: list[bool]
    ) -> tuple[int, int] | None:
        n = len(tokens)
        for rule in rules:
            cue_len = rule.cue.count(" ") + 1
            cue_keys = [t.norm for t in tokens[i : i + cue_len]]
            if " ".join(cue_keys) not in self.rules.expand(rule.cue):
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


def _is_definite(token: Token) -> bool:
    return any(p.kind == "article" for p in token.parts)


def _has_conjunction(token: Token) -> bool:
    return any(p.kind == "proclitic" and p.text in ("و", "ف") for p in token.parts)


def _span_start(token: Token) -> int:
    """Start of a token without its proclitics (the article stays, except the bare لل lam)."""
    parts = token.parts
    for k, part in enumerate(parts):
        if part.kind == "proclitic":
            continue
        if part.kind == "article" and k > 0 and parts[k - 1].text == "ل" and part.text == "ل":
            continue
        return part.start
    return token.start


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
    # a phrase that names one actor with extra words ("مقاتلي تنظيم داعش", "عشرة مدنيين"):
    # the longest match, the leftmost among equals
    best = max(matches, key=lambda m: (m.last - m.first, -m.first))
    cand = best.values[0]
    ids = list(cand.ids)
    if cand.ambiguity and cand.ambiguity.default in ids:
        ids.remove(cand.ambiguity.default)
        ids.insert(0, cand.ambiguity.default)
    return ids
