"""Argument linking: trigger matches → ACLED events with actors, place, date, counts, route, source.

Per sentence, the sentence is cut into clauses (punctuation and openers like فيما، بينما، حيث);
each trigger takes its arguments from its clause first, then its sentence, then the document:
actor1 (the agent: after a verb (VSO), before it (SVO), or after من قبل / على يد), actor2 (the
target or victim; civilians for violence against civilians), the location (the place after the
trigger, else before it, else the document's focus), the date, fatalities, quantities and, for
movements, the route (من X عبر Y إلى Z). Every field keeps the characters it came from
(``Event.field_spans``). Rules and cue words live in data files; see docs/events.md.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from marsad.events.cues import Cues, Grammar
from marsad.events.quantities import find_fatalities, find_quantities
from marsad.events.taxonomy import SubEventType, Taxonomy, interaction
from marsad.events.triggers import TriggerLexicon, TriggerSpec
from marsad.model import Actor, Event, Extraction, Place, Span, Token
from marsad.text import PhraseMatcher
from marsad.text.matcher import PhraseMatch
from marsad.time import DateMention, DateResolver
from marsad.time.numbers import read_number

_CLAUSE_PUNCT = frozenset('،,؛;:()[]«»"“”')
_QUOTES = frozenset('«»"“”')
_COMMAS = frozenset("،,")


#: event types that are armed violence (actor1 must be able to wage it)
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: acts that need force besides armed violence: civilians do not arrest or loot
_COERCIVE_SUBTYPES = frozenset({"Arrests", "Looting/property destruction"})
#: strategic developments coded even when the report names no party (arrests by unnamed
#: security forces, weapons found)
_AGENTLESS_SUBTYPES = frozenset(
    {"Disrupted weapons use", "Arrests", "Looting/property destruction"}
)
#: territorial changes stay events of their own (never merged into strikes or clashes)
_TERRITORY_SUBTYPES = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory"}
)
#: a side's withdrawal or handover (folded into a takeover told in the same sentence)
_WITHDRAWAL_SUBTYPES = frozenset({"Change to group/activity", "Non-violent transfer of territory"})
#: two spellings of one place resolve this close
_SAME_PLACE_KM = 2.0
#: ACLED inter codes of non-state parties (rebels, militias, identity militias, rioters,
#: protesters, civilians)
_NON_STATE_INTER = frozenset({2, 3, 4, 5, 6, 7})


@dataclass(slots=True)
class Unit:
    """A token range [first, last] with something resolved on it."""

    first: int
    last: int


@dataclass(slots=True)
class ActorRef(Unit):
    actor: Actor


@dataclass(slots=True)
class PlaceRef(Unit):
    place: Place


@dataclass(slots=True)
class DocIndex:
    """Per-document lookups computed once (cue matches, sentence bounds), so linking a candidate
    never rescans the document's tokens."""

    sentence_bounds: dict[int, tuple[int, int]]
    agent_markers: list[tuple[int, int]]
    background: list[tuple[int, int, str]]
    sources: list[tuple[int, int, tuple[str, str]]]
    #: sentences that place what they tell only at a country or a river
    vague_sentences: set[int] = field(default_factory=set)
    #: tokens inside date expressions (never counted as quantities)
    date_tokens: set[int] = field(default_factory=set)
    #: (token, actor id) of groups counted as casualties or captives ("18 من عناصر البيشمركة")
    victim_groups: list[tuple[int, str]] = field(default_factory=list)
    #: places dropped as only situating the place before them (قرب الميادين، بريف حلب): they
    #: carry a list of places on to the next coordinated one
    situating: list[PlaceRef] = field(default_factory=list)
    #: first tokens of actors named as the side of counted fighters (see _loyal_groups)
    loyal_groups: set[int] = field(default_factory=set)
    #: the clause (first, last) of every token
    clauses: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Candidate:
    """One trigger in one clause, before argument linking."""

    spec: TriggerSpec
    first: int
    last: int
    sentence: int
    clause: tuple[int, int]
    sub_event_type: str = ""
    places: list[PlaceRef] = field(default_factory=list)
    #: the agent and target linking chose (read by later candidates of the same report)
    agent: ActorRef | None = None
    target: ActorRef | None = None
    #: refers back to an event told earlier (a definite noun trigger)
    anaphoric: bool = False
    #: "ووقع الهجوم … قرب بلدة X": the next sentence that tells where this act took place
    locator: Candidate | None = None
    #: death tolls of the sentence that yielded to this violent act (their agent is its own)
    tolls: list[Candidate] = field(default_factory=list)
    #: whether linking made an event of it (None until linked)
    built: bool | None = None


def _overlaps(a: Unit, first: int, last: int) -> bool:
    return a.first <= last and first <= a.last


class EventLinker:
    """Turns an Extraction with tokens, places and actors into events (see module docstring)."""

    def __init__(
        self,
        *,
        taxonomy: Taxonomy,
        lexicon: TriggerLexicon,
        cues: Cues,
        dates: DateResolver,
        generic_ids: Callable[[str], str | None] | None = None,
    ) -> None:
        #: English name of a generic actor (Civilians (Syria)) → its actor KB id, when a KB is there
        self.generic_ids = generic_ids or (lambda name: None)
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.cues = cues
        self.grammar = cues.grammar
        self.dates = dates
        # one automaton for triggers and every phrase cue: a document is scanned once, not once
        # per cue list (see _scan)
        self._combined: PhraseMatcher[tuple[str, object]] = PhraseMatcher()
        for key, specs in lexicon.entries.items():
            for spec in specs:
                self._combined.add(key, ("trigger", spec))
        for key, category, value in cues.entries:
            self._combined.add(key, (category, value))
        #: single-word clause openers (فيما، حيث، كما …), to stop a backward scan
        self._opener_keys = frozenset(
            key for key, category, _ in cues.entries if category == "clause" and " " not in key
        )

    # ------------------------------------------------------------------ entry
    def link(self, extraction: Extraction, *, published: date | None = None) -> list[Event]:
        tokens = extraction.tokens
        if not tokens:
            return []
        text = extraction.text
        doc = extraction.document
        pub = published or doc.published or date.today()
        sent_of = _sentence_index(tokens, extraction)
        actors = _refs_actors(tokens, extraction.actors)
        all_places = _refs_places(tokens, extraction.places, actors)
        # "البلاد" (the country), "جنوب غربي البلاد", read as a place by the geoparser: the
        # country or a vague part of it, no location
        all_places = [p for p in all_places if tokens[p.last].norm not in self.cues.country_words]
        places = _drop_qualifiers(tokens, self._event_places(all_places), self.grammar)
        kept_ids = {id(p) for p in places}
        # sentences that place what they tell only at a country or a river (a summary)
        vague_sentences = {
            sent_of[p.first]
            for p in all_places
            if id(p) not in kept_ids
            and (p.place.feature_type or "") in self.cues.not_event_locations
        }
        date_mentions = self.dates.find(tokens, pub)
        scan = self._scan(tokens)
        # "قال مصدر عسكري في دير الزور إن …": the place where a source sits is not where the act
        # it tells took place
        source_ends = {m.last for m in scan.get("sources", [])}
        places = [
            p
            for p in places
            if not (
                p.first >= 2
                and tokens[p.first - 1].norm in self.grammar.source_seat
                and p.first - 2 in source_ends
            )
        ]
        # "في البلاد"، "أنحاء البلاد": the country named by a common noun
        vague_sentences.update(
            sent_of[m.first]
            for m in scan.get("country", [])
            if m.first > 0 and tokens[m.first - 1].norm in self.cues.country_word_preps
        )
        # "تبادل لإطلاق النار … عبر الحدود التركية السورية": a border names no place either
        vague_sentences.update(
            sent_of[m.first]
            for m in scan.get("border", [])
            if m.first > 0 and tokens[m.first - 1].norm in self.cues.border_preps
        )
        clauses = self._clauses(tokens, sent_of, scan)
        candidates = self._candidates(
            tokens,
            sent_of,
            clauses,
            actors,
            text,
            places,
            matches=scan.get("trigger", []),
            permits=[m.first for m in scan.get("permission", [])],
        )
        doc_source, doc_scale, source_spans = self._document_source(
            tokens, doc.source, scan.get("outlets", [])
        )
        focus = _focus_place(places, sent_of)
        doc_date = self._document_date(date_mentions, sent_of, pub)
        victim_nouns = self.cues.armed | self.cues.civilian
        loyal_groups = _loyal_groups(tokens, actors, victim_nouns, self.cues.loyal, self.grammar)
        index = DocIndex(
            sentence_bounds=_all_sentence_bounds(sent_of),
            agent_markers=[(m.first, m.last) for m in scan.get("agent", [])],
            background=[(m.first, m.last, m.values[0]) for m in scan.get("background", [])],
            sources=[(m.first, m.last, m.values[0]) for m in scan.get("sources", [])],
            vague_sentences=vague_sentences,
            victim_groups=_victim_groups(tokens, actors, self.grammar, victim_nouns, loyal_groups),
            date_tokens={i for dm in date_mentions for i in range(dm.first, dm.last + 1)},
            situating=[p for p in all_places if id(p) not in kept_ids],
            loyal_groups=loyal_groups,
            clauses=clauses,
        )
        events: list[Event] = []
        previous: tuple[str, ActorRef, int, str | None, ActorRef | None] | None = None
        anaphoric: set[int] = set()
        #: events told as another, separate incident (وفي حادث منفصل، قتل مدنيان …): merged with
        #: the same actor pair, place and day, their dead add up instead of being one toll retold
        separate: set[int] = set()
        for cand in candidates:
            built = self._build(
                index,
                previous,
                cand,
                tokens,
                text,
                sent_of,
                actors,
                places,
                date_mentions,
                focus,
                doc_date,
                pub,
                doc_source,
                doc_scale,
                source_spans,
                candidates,
                doc.id,
            )
            events.extend(built)
            cand.built = bool(built)
            if built and self._separate_incident(tokens, cand, index):
                separate.update(id(ev) for ev in built)
            if cand.anaphoric:
                anaphoric.update(id(ev) for ev in built)
            elif built and built[0].event_type in _VIOLENT_TYPES and cand.agent is not None:
                previous = (
                    built[0].sub_event_type,
                    cand.agent,
                    cand.sentence,
                    built[0].actor2_id or built[0].actor2,
                    cand.target,
                )
        merged = _merge(events, anaphoric, separate)
        self._disown(tokens, actors, sent_of, index, merged)
        return merged

    def _disown(
        self,
        tokens: Sequence[Token],
        actors: list[ActorRef],
        sent_of: list[int],
        index: DocIndex,
        events: list[Event],
    ) -> None:
        """An agent that disows the act in its own sentence ("أعلنت دمشق أن التحالف استهدف
        موقعا لها، وهو ما نفاه التحالف") is not coded as its author: the act is given the
        taxonomy's actor for unowned acts of its sub-type (ACLED: Unidentified Military Forces
        for an air strike)."""
        spec = self.cues.disowned_actor
        if spec is None or not self.cues.disowned:
            return
        starts = {t.start: i for i, t in enumerate(tokens)}
        for ev in events:
            if (
                ev.actor1 is None
                or ev.trigger is None
                or ev.sub_event_type not in self.cues.disowned_subtypes
                or ev.trigger.start not in starts
            ):
                continue
            i = starts[ev.trigger.start]
            _s_first, s_last = index.sentence_bounds[sent_of[i]]
            agent = ev.actor1_id or ev.actor1
            denied = any(
                tokens[j].norm in self.cues.disowned
                and any(
                    j < a.first <= j + 3 and (a.actor.id or a.actor.name) == agent for a in actors
                )
                for j in range(i + 1, s_last + 1)
            )
            if denied:
                ev.actor1_id, ev.actor1, ev.inter1 = spec
                ev.field_spans.pop("actor1", None)
                ev.interaction = interaction(ev.inter1, ev.inter2)

    def _scan(self, tokens: Sequence[Token]) -> dict[str, list[PhraseMatch[Any]]]:
        """All trigger and cue matches of a document in one pass, per category, each category
        reduced to its longest non-overlapping matches (as PhraseMatcher.find does)."""
        by_category: dict[str, list[PhraseMatch[Any]]] = {}
        for m in self._combined.find(tokens, longest=False):
            groups: dict[str, list[object]] = {}
            for category, value in m.values:
                groups.setdefault(category, []).append(value)
            for category, values in groups.items():
                by_category.setdefault(category, []).append(
                    PhraseMatch(m.first, m.last, m.key, tuple(values))
                )
        return {category: _longest(matches) for category, matches in by_category.items()}

    # ------------------------------------------------------------------ structure
    def _clauses(
        self,
        tokens: Sequence[Token],
        sent_of: list[int],
        scan: dict[str, list[PhraseMatch[Any]]] | None = None,
    ) -> list[tuple[int, int]]:
        """Clause of every token as (first, last) token indices."""
        if scan is None:
            scan = self._scan(tokens)
        consequences = {m.first for m in scan.get("consequence", [])}
        # a clause starts at a sentence start, an opener (فيما، حيث …) or a punctuation mark –
        # not at a mark right before a consequence (، ما أسفر عن …), which goes on the clause
        punct = [i for i, tok in enumerate(tokens) if tok.text in _CLAUSE_PUNCT]
        held = {i for i in punct if i + 1 in consequences}
        starts = {m.first for m in scan.get("clause", [])}
        starts.update(punct)
        starts.update(first for first, _ in _all_sentence_bounds(sent_of).values())
        cuts = sorted(i for i in starts - held if 0 < i < len(tokens))
        of: list[tuple[int, int]] = []
        first = 0
        for cut in [*cuts, len(tokens)]:
            of.extend([(first, cut - 1)] * (cut - first))
            first = cut
        return of

    def _candidates(
        self,
        tokens: Sequence[Token],
        sent_of: list[int],
        clauses: list[tuple[int, int]],
        actors: list[ActorRef] | None = None,
        text: str = "",
        places: list[PlaceRef] | None = None,
        *,
        matches: list[PhraseMatch[Any]] | None = None,
        permits: list[int] | None = None,
    ) -> list[Candidate]:
        if matches is None:
            matches = self.lexicon.matcher.find(tokens)
        in_actor = [False] * len(tokens)
        for a in actors or []:
            if (a.actor.kind or "") in self.cues.trigger_kinds:
                continue
            for i in range(a.first, a.last + 1):
                in_actor[i] = True
        body_first = self._body_start(tokens, text)
        summarised: set[int] = set()
        sentence_start: dict[int, int] = {}
        for i, sent in enumerate(sent_of):
            sentence_start.setdefault(sent, i)
        raw: list[Candidate] = []
        # (permission words are rare: their positions, found once, spare most backward scans)
        if permits is None:
            permits = [i for i, t in enumerate(tokens) if t.norm in self.cues.permission]
        for p in places or []:
            for i in range(p.first, p.last + 1):
                in_actor[i] = True
        for m in matches:
            if m.first < body_first or any(in_actor[i] for i in range(m.first, m.last + 1)):
                # headline, or a word of an actor's or a place's name (هيئة تحرير الشام،
                # الحشد الشعبي، تدمر)
                continue
            if m.key in self.lexicon.verb_only and any(
                p.kind == "article" for p in tokens[m.first].parts
            ):
                # a verb form with the article is a noun (الحشد ≠ حشد "mobilised")
                continue
            clause = clauses[m.first]
            if self._summarised(tokens, m.first, clause[0]):
                # a summarised violent trigger ("هجمات متفرقة") still explains the toll of its
                # sentence
                summarised.update(
                    sent_of[m.first]
                    for spec in m.values
                    if self.taxonomy.event_type(spec.default) in _VIOLENT_TYPES
                )
                continue
            if self._cancelled(
                tokens, m.first, clause[0], sentence_start[sent_of[m.first]], permits=permits
            ):
                continue
            for spec in m.values:
                if self._licensed(spec, tokens, m.first, m.last, clause):
                    raw.append(Candidate(spec, m.first, m.last, sent_of[m.first], clause))
        if self.cues.causes:
            raw = self._drop_effects(tokens, raw, sent_of)
        if self.cues.campaign_nouns:
            place_starts = {p.first for p in places or []}
            raw = [c for c in raw if not self._campaign(tokens, c, place_starts)]
        actor_list = actors or []
        actor_firsts = [a.first for a in actor_list]

        def actors_in(first: int, last: int) -> list[ActorRef]:
            lo = bisect_right(actor_firsts, first - 1)
            hi = bisect_right(actor_firsts, last)
            return [a for a in actor_list[lo:hi] if a.last <= last]

        def own_party(c: Candidate) -> bool:
            named = [
                a
                for a in actors_in(c.clause[0], c.first - 1)
                if (a.actor.kind or "") not in self.cues.unarmed_kinds
                and (a.actor.kind or "") not in self.cues.non_party_kinds
            ]
            if not named:
                return False
            strong_ids = {
                a.actor.id or a.actor.name
                for o in raw
                if not o.spec.weak and o.sentence == c.sentence
                for a in actors_in(o.clause[0], o.clause[1])
            }
            return all((a.actor.id or a.actor.name) not in strong_ids for a in named)

        # weak triggers fire only when no strong trigger shares their clause (or their sentence,
        # for weak_scope = "sentence")
        strong_clauses = {c.clause for c in raw if not c.spec.weak}
        strong_sentences = {c.sentence for c in raw if not c.spec.weak}
        # a sentence-scoped weak trigger (a death toll) also yields to any other violent trigger
        # of its sentence, weak or not ("مقتل 11 … جراء استهداف مبنى")
        violent_sentences = {
            (c.sentence, c.spec.id)
            for c in raw
            if self.taxonomy.event_type(c.spec.default) in _VIOLENT_TYPES
        }
        yielded = [
            c
            for c in raw
            if c.spec.toll
            and c.clause not in strong_clauses
            and not (c.spec.weak_scope == "sentence" and c.sentence in strong_sentences)
            and c.sentence not in summarised
            and any(sent == c.sentence and sid != c.spec.id for sent, sid in violent_sentences)
        ]
        for toll in yielded:
            for c in raw:
                if (
                    c.sentence == toll.sentence
                    and c.spec.id != toll.spec.id
                    and self.taxonomy.event_type(c.spec.default) in _VIOLENT_TYPES
                ):
                    c.tolls.append(toll)
        kept = [
            c
            for c in raw
            if not c.spec.weak
            or (
                c.clause not in strong_clauses
                and not (
                    c.spec.weak_scope == "sentence"
                    and c.sentence in strong_sentences
                    # "…، وذلك بعد يومين من هجوم لتنظيم داعش": told as earlier, another act
                    and not self._elapsed_before(tokens, c)
                    # "…، في حين ردت الفصائل باستهداف مواقع النظام": a party of its own, named
                    # in its clause before it and in no clause of a strong act, acts again
                    and not own_party(c)
                )
                and not (
                    c.spec.toll
                    and (
                        c.sentence in summarised
                        or any(
                            sent == c.sentence and sid != c.spec.id
                            for sent, sid in violent_sentences
                        )
                    )
                )
            )
        ]
        # a weapon named as an instrument (بقنبلة، بصاروخين، بعبوات) of another violent act of
        # its clause is part of that act
        main_in_clause = {
            (c.clause, c.spec.id)
            for c in kept
            if not c.spec.weak
            and not c.spec.toll
            and self.taxonomy.event_type(c.spec.default) in _VIOLENT_TYPES
        }
        kept = [
            c
            for c in kept
            if not (
                _instrument(tokens[c.first], self.grammar)
                and any(cl == c.clause and sid != c.spec.id for cl, sid in main_in_clause)
            )
        ]
        if self.cues.mishaps:
            # "تحطمت مروحية … مما أسفر عن مقتل طيارين"، "غرق ثلاثة أطفال": a toll told alone in a
            # sentence that names a crash, a drowning or a natural disaster is no political violence
            alone = [c for c in kept if c.spec.toll]
            if alone:
                bounds = _all_sentence_bounds(sent_of)
                other_violent = {
                    c.sentence
                    for c in kept
                    if not c.spec.toll
                    and self.taxonomy.event_type(c.spec.default) in _VIOLENT_TYPES
                }
                mishap_sentences = {
                    c.sentence
                    for c in alone
                    if c.sentence not in other_violent
                    and any(
                        tokens[j].norm in self.cues.mishaps
                        for j in range(bounds[c.sentence][0], bounds[c.sentence][1] + 1)
                    )
                }
                kept = [c for c in kept if not (c.spec.toll and c.sentence in mishap_sentences)]
        if self.cues.sentenced:
            # "حكمت المحكمة الجنائية، الأحد، بالإعدام على …": a death sentence, its court named
            # earlier in the sentence (across commas), is a judicial act, not political violence
            bounds = _all_sentence_bounds(sent_of)
            kept = [
                c
                for c in kept
                if not (
                    tokens[c.first].norm in self.cues.sentenced
                    and any(
                        tokens[j].norm in self.cues.court_words
                        for j in range(bounds[c.sentence][0], c.first)
                    )
                )
            ]
        if self.cues.anaphora:
            kept = self._drop_anaphora(tokens, kept, places or [], sent_of)
            self._link_locators(tokens, kept)
        # one candidate per trigger id and clause
        # (a reference back gives way to a new mention of the same kind: "وتأتي المظاهرة بعد
        # أيام من احتجاجات مماثلة في كركوك")
        first_of: dict[tuple[str, tuple[int, int]], int] = {}
        out: list[Candidate] = []
        for c in kept:
            key = (c.spec.id, c.clause)
            if key in first_of:
                j = first_of[key]
                if out[j].anaphoric and not c.anaphoric:
                    out[j] = c
                continue
            first_of[key] = len(out)
            out.append(c)
        return out

    def _campaign(self, tokens: Sequence[Token], c: Candidate, place_starts: set[int]) -> bool:
        """A battle noun naming a campaign or a front, not one clash: with a place as its
        genitive ("معركة ريف اللاذقية", عادت معركة حلب إلى الواجهة), a single battle in construct
        with a definite noun or a verbal noun of taking (معركة الكرامة، معركة تحرير المدينة), or
        one carrying a possessive (في معركته ضد الوحدات الكردية)."""
        tok = tokens[c.first]
        if c.first != c.last or any(p.kind == "article" for p in tok.parts):
            return False
        if tok.norm in self.cues.campaign_possessed:
            return True
        if tok.norm not in self.cues.campaign_nouns or c.last + 1 >= len(tokens):
            return False
        if c.last + 1 in place_starts:
            return True
        nxt = tokens[c.last + 1]
        # (a genitive opens on its article: "معركة بالأسلحة" is a battle fought with weapons)
        return tok.norm in self.cues.campaign_singular and (
            nxt.norm in self.cues.campaign_genitives
            or bool(nxt.parts and nxt.parts[0].kind == "article")
        )

    def _elapsed_before(self, tokens: Sequence[Token], c: Candidate) -> bool:
        """The trigger follows a span of elapsed time in its clause ("بعد يومين من هجوم"، "بعد
        ثلاثة أيام على الغارة"): it tells an earlier act."""
        c_first = c.clause[0]
        for i in range(max(c_first, c.first - 5), c.first - 1):
            if tokens[i].norm not in self.grammar.after:
                continue
            span = [t.norm for t in tokens[i + 1 : c.first]]
            if span[-1] in self.grammar.elapsed_preps and any(
                w in self.cues.elapsed_units for w in span[:-1]
            ):
                return True
        return False

    def _accidental(self, tokens: Sequence[Token], c: Candidate, sent_of: list[int]) -> bool:
        """The explosion is told as an accident ("الانفجار الذي هز المستودع حصل عن طريق الخطأ"):
        ACLED codes no accident. The cue must follow within 20 tokens of its sentence, before a
        contrast (أما، لكن) that turns to another explosion."""
        for j in range(c.last + 1, min(len(tokens), c.last + 21)):
            if sent_of[j] != c.sentence or tokens[j].norm in self.cues.contrast:
                return False
            if tokens[j].norm in self.cues.accident:
                return True
        return False

    def _drop_effects(
        self, tokens: Sequence[Token], candidates: list[Candidate], sent_of: list[int]
    ) -> list[Candidate]:
        """An explosion tied by a cause word to a violent act told after it ("انفجارات هزت
        المنطقة جراء استهداف طائرات التحالف") is that act's effect, not an event of its own;
        one told as an accident is none."""
        out: list[Candidate] = []
        for c in candidates:
            if c.spec.effect and self.cues.accident and self._accidental(tokens, c, sent_of):
                continue
            if c.spec.effect:
                end = min(len(tokens) - 1, c.last + self.cues.cause_window)
                cause = next(
                    (
                        j
                        for j in range(c.last + 1, end + 1)
                        if sent_of[j] == c.sentence and tokens[j].norm in self.cues.causes
                    ),
                    None,
                )
                if cause is not None and any(
                    o is not c
                    and not o.spec.effect
                    and cause < o.first <= cause + 4
                    and self.taxonomy.event_type(o.spec.default) in _VIOLENT_TYPES
                    for o in candidates
                ):
                    continue
            out.append(c)
        return out

    def _drop_anaphora(
        self,
        tokens: Sequence[Token],
        candidates: list[Candidate],
        places: list[PlaceRef],
        sent_of: list[int],
    ) -> list[Candidate]:
        """Definite noun triggers that refer back to an event of the same type told in an
        earlier sentence (ووقع الهجوم …، وأسفرت الغارات عن …) are not new events – unless their
        clause names a place the report has not named before (إحدى تلك الغارات على الرقة).
        They are marked ``anaphoric``: what they add (a named agent) goes to the event they refer
        to (see ``_merge``)."""
        seen_types: dict[str, int] = {}  # event type → first sentence it was told in
        kept: list[Candidate] = []
        for c in candidates:
            etype = self.taxonomy.event_type(c.spec.default)
            definite = c.spec.refers_back and any(
                p.kind == "article" for p in tokens[c.first].parts
            )
            earlier = seen_types.get(etype)
            if definite and earlier is not None and earlier < c.sentence:
                named_before = {_place_key(p) for p in places if sent_of[p.first] < c.sentence}
                # the place must be this trigger's, not the next trigger's ("وتأتي المظاهرة بعد
                # أيام من احتجاجات مماثلة في كركوك": Kirkuk belongs to احتجاجات)
                next_first = min(
                    (
                        o.first
                        for o in candidates
                        if c.clause[0] <= o.first <= c.clause[1] and o.first > c.last
                    ),
                    default=c.clause[1] + 1,
                )
                new_place = any(
                    c.clause[0] <= p.first < next_first and _place_key(p) not in named_before
                    for p in places
                )
                if not new_place:
                    c.anaphoric = True
            seen_types.setdefault(etype, c.sentence)
            kept.append(c)
        return kept

    def _link_locators(self, tokens: Sequence[Token], candidates: list[Candidate]) -> None:
        """A verb of taking place before a definite noun trigger ("ووقع الهجوم، مساء الأحد، قرب
        قضاء أمرلي") tells where the violent act of the sentence before happened. The noun is
        no event of its own (anaphoric); the acts of that sentence take its place (see
        ``_build``)."""
        for c in candidates:
            if c.sentence == 0 or not c.spec.refers_back:
                continue
            if not any(p.kind == "article" for p in tokens[c.first].parts):
                continue
            if self.taxonomy.event_type(c.spec.default) not in _VIOLENT_TYPES:
                continue
            before = [tokens[j].norm for j in range(max(c.clause[0], c.first - 2), c.first)]
            if not any(w in self.cues.locating_verbs for w in before):
                continue
            told = [
                o
                for o in candidates
                if o.sentence == c.sentence - 1
                and self.taxonomy.event_type(o.spec.default) in _VIOLENT_TYPES
            ]
            if not told:
                continue
            c.anaphoric = True
            for o in told:
                o.locator = c

    def _body_start(self, tokens: Sequence[Token], text: str) -> int:
        """Index of the first token after the headline (0 when there is none)."""
        if not self.cues.skip_headline:
            return 0
        newline = text.find("\n")
        if newline < 0 or not text[newline:].strip():
            return 0
        first_body = next((i for i, t in enumerate(tokens) if t.start > newline), len(tokens))
        if first_body == len(tokens) or first_body > self.cues.headline_max_tokens:
            return 0
        return first_body

    def _summarised(self, tokens: Sequence[Token], first: int, clause_first: int) -> bool:
        """Habitual or summarising wording around the trigger (العديد من، هجمات متفرقة، تشهد
        المحافظة منذ أشهر تفجيرات)."""
        for j in range(max(clause_first, first - self.cues.cancel_window), first):
            if tokens[j].norm in self.cues.summary_before:
                return True
        if any(tokens[j].norm in self.cues.list_openers for j in range(clause_first, first)):
            # "تتمثل بعمليات الخطف والاغتيال … وانفجار عبوات": kinds listed, not acts
            return True
        before = {t.norm for t in tokens[max(clause_first, first - 6) : first]}
        if before & self.cues.witness_verbs and before & self.cues.vague_durations:
            return True
        # "بعد أسابيع من الحصار والقصف": weeks or months of acts summed up, not one act (a
        # single earlier act, "بعد أيام من الهجوم", is background instead)
        for j in range(max(clause_first + 1, first - 4), first):
            if (
                tokens[j].norm in self.grammar.duration_of
                and tokens[j - 1].norm in self.cues.vague_durations
            ):
                return True
        if any(
            tokens[j].norm in self.cues.summary_after
            for j in range(first + 1, min(len(tokens), first + 3))
        ):
            return True
        # "غارات جوية على مناطق عدة في محافظة إدلب": acts over several unnamed areas sum up
        # a campaign, not one act at one place
        after = [t.norm for t in tokens[first + 1 : min(len(tokens), first + 6)]]
        areas, counts = self.cues.vague_areas, self.cues.vague_quantities
        return any(
            (a in areas and b in counts) or (a in counts and b in areas) for a, b in pairwise(after)
        )

    def _cancelled(
        self,
        tokens: Sequence[Token],
        first: int,
        clause_first: int,
        sentence_first: int = 0,
        *,
        permits: Sequence[int] | None = None,
    ) -> bool:
        """Negated, denied, threatened, intended or expected: no event took place."""
        for j in range(max(clause_first, first - self.cues.cancel_window), first):
            if tokens[j].norm in self.cues.cancel_before:
                return True
        for j in range(max(clause_first, first - self.cues.near_window), first):
            if tokens[j].norm in self.cues.cancel_near:
                return True
        for j in range(max(sentence_first, first - self.cues.threat_window), first):
            if tokens[j].norm in self.cues.threat_verbs:
                return True
        for j in range(first - 1, max(sentence_first, first - self.cues.threat_window) - 1, -1):
            # a call reaches across commas but not past a clause opener ("داعية السكان إلى
            # التصالح، فيما قصفت طائرات حربية المنطقة": the strike is told as done)
            if tokens[j].norm in self._opener_keys or tokens[j].norm in self.cues.call_stops:
                break
            if tokens[j].norm in self.cues.call_verbs:
                return True
        if (
            tokens[first].norm not in self.lexicon.verb_only
            and (
                permits is None
                or bisect_right(permits, first - 1)
                > bisect_right(permits, first - 1 - self.cues.permission_window)
            )
            and self._permitted(tokens, first, sentence_first)
        ):
            # (a finite verb tells an act done: "بعدم السماح للمدنيين بالخروج، إذ قصفت المكان")
            return True
        parts = tokens[first].parts
        return bool(
            parts
            and parts[0].kind == "proclitic"
            and parts[0].text == self.cues.purpose_proclitic
            and len(parts) > 1
            # "تعرض مواقع الميليشيات لغارات": the verb of undergoing may stand a few words back
            and not any(t.norm in self.cues.subjected for t in tokens[max(0, first - 4) : first])
        )

    def _permitted(self, tokens: Sequence[Token], first: int, sentence_first: int) -> bool:
        """The trigger is an act a party is allowed to carry out ("سمحت تركيا للولايات المتحدة
        باستخدام القواعد …، في شن غارات"): a permission word before it in its sentence, with no
        بعد/عقب/إثر or clause opener between (they turn to acts of their own). Only nouns are
        so cancelled: the permitted act is told as a verbal noun."""
        floor = sentence_first
        if floor > 0 and tokens[floor - 1].text in _COMMAS:
            # a line broken after a comma goes on with the same sentence
            floor = 0
        for j in range(first - 1, max(floor, first - self.cues.permission_window) - 1, -1):
            norm = tokens[j].norm
            if norm in self.cues.permission:
                return True
            if norm in self.cues.weak_background or norm in self._opener_keys:
                return False
        return False

    def _licensed(
        self,
        spec: TriggerSpec,
        tokens: Sequence[Token],
        first: int,
        last: int,
        clause: tuple[int, int],
    ) -> bool:
        """The trigger's own conditions (needs_after, needs_before, blocked_before)."""
        if spec.blocked_before:
            back = 2
            if (
                spec.blocked_before_noun_window > back
                and " ".join(tokens[i].norm for i in range(first, last + 1))
                not in self.lexicon.verb_only
            ):
                back = spec.blocked_before_noun_window
            if any(
                tokens[j].norm in spec.blocked_before
                for j in range(max(clause[0], first - back), first)
            ):
                return False
        if spec.needs_after and not any(
            tokens[j].norm in spec.needs_after
            # (a phrase may hold the word itself: "السيطرة على")
            for j in range(last + 1, min(clause[1], last + spec.needs_after_window) + 1)
        ):
            return False
        if spec.needs_in_clause and not any(
            tokens[j].norm in spec.needs_in_clause
            for j in range(clause[0], clause[1] + 1)
            if not first <= j <= last
        ):
            return False
        if (
            spec.blocked_after
            and any(
                tokens[j].norm in spec.blocked_after
                for j in range(last + 1, min(clause[1], last + spec.needs_after_window) + 1)
            )
            and not (
                spec.blocked_after_unless
                and any(
                    tokens[j].norm in spec.blocked_after_unless
                    for j in range(clause[0], clause[1] + 1)
                )
            )
        ):
            return False
        return not (
            spec.needs_before
            and not any(tokens[j].norm in spec.needs_before for j in range(clause[0], first))
        )

    def _event_places(self, places: list[PlaceRef]) -> list[PlaceRef]:
        """Places that can be an event's location: no country or river alone, and no homonym in
        a country the report neither names nor is mostly about (قرية البسيط ≠ Albacete)."""
        kept = [
            p for p in places if (p.place.feature_type or "") not in self.cues.not_event_locations
        ]
        named = {
            p.place.country_code
            for p in places
            if p.place.feature_type == "country" and p.place.country_code
        }
        named |= self.cues.theatre
        counts = Counter(p.place.country_code for p in kept if p.place.country_code)
        if counts:
            top = counts.most_common(1)[0][1]
            named |= {c for c, n in counts.items() if n == top and n > 1}
        return [p for p in kept if not p.place.country_code or p.place.country_code in named]

    # ------------------------------------------------------------------ one event
    def _build(
        self,
        index: DocIndex,
        previous: tuple[str, ActorRef, int, str | None, ActorRef | None] | None,
        cand: Candidate,
        tokens: Sequence[Token],
        text: str,
        sent_of: list[int],
        actors: list[ActorRef],
        places: list[PlaceRef],
        date_mentions: list[DateMention],
        focus: PlaceRef | None,
        doc_date: tuple[date, int, DateMention | None],
        pub: date,
        doc_source: str | None,
        doc_scale: str | None,
        source_spans: list[Span],
        all_candidates: list[Candidate],
        doc_id: str,
    ) -> list[Event]:
        c_first, c_last = cand.clause
        s_first, s_last = index.sentence_bounds[cand.sentence]
        clause_actors = [a for a in actors if c_first <= a.first and a.last <= c_last]
        agent, target, victims = self._roles(
            index, cand, tokens, clause_actors, actors, s_first, c_first, c_last
        )
        if agent is None and cand.tolls:
            agent, target = self._toll_roles(index, cand, tokens, actors, s_first, target)
        if agent is None:
            agent = self._armed_anaphor(index, cand, tokens, actors, s_first, c_first, c_last)
        if agent is None and cand.spec.voice == "patient":
            # (other voices already carry an earlier clause's party over)
            agent = self._fronted_subject(index, tokens, actors, s_first, c_first)
            if agent is not None and target is not None and target.actor.id == agent.actor.id:
                target = None
        victim_kind = self._victim_kind(
            tokens, cand, target, c_last, agent=agent, sentence=(s_first, s_last)
        )
        sub = self._sub_event_type(cand, tokens, agent, target, victim_kind)
        cand.sub_event_type = sub
        event_type = self.taxonomy.event_type(sub)
        if (
            agent is not None
            and (agent.actor.kind or "") in self.cues.unarmed_kinds
            and (event_type in _VIOLENT_TYPES or sub in _COERCIVE_SUBTYPES)
        ):
            # civilians do not wage armed violence: the unarmed party is its target
            if target is None:
                target = agent
            agent = None
            victim_kind = self._victim_kind(
                tokens, cand, target, c_last, sentence=(s_first, s_last)
            )
            sub = self._sub_event_type(cand, tokens, agent, target, victim_kind)
            cand.sub_event_type = sub
            event_type = self.taxonomy.event_type(sub)
        if (
            sub == "Air/drone strike"
            and agent is not None
            and agent.actor.inter in _NON_STATE_INTER
            and not any(tokens[i].norm in self.cues.drone_words for i in range(c_first, c_last + 1))
        ):
            # armed groups fly no warplanes: a non-state party named with an air strike is its
            # target (غارة على مواقع التنظيم), unless a drone is named
            if target is None:
                target = agent
            agent = None
        if (
            agent is not None
            and agent.last < c_first
            and cand.spec.weak
            and cand.spec.inherits
            and previous is not None
            and cand.sentence - previous[2] <= 2
            and previous[0] != "Armed clash"
            and (agent.actor.id or agent.actor.name) == previous[3]
        ):
            # a generic act continuing a violent event ("… جراء قصف طائرات التحالف مواقع
            # التنظيم …، بينما قتل 29 منهم في استهداف لمنطقة …"): the side hit there, named
            # again in an earlier clause, is still the one hit – not the agent carried over
            # (in a clash both sides fight: its actor2 may well act next)
            if target is None:
                target = agent
            agent = None
        if agent is None and cand.spec.weak and previous is not None:
            # a generic "attack/targeting" with no agent of its own, right after a violent
            # event, tells more of that event (قصف طائرات التحالف … حيث أشار إلى مقتل 11 جراء
            # استهداف مبنى …): it takes that event's agent and kind
            prev_sub, prev_agent, prev_sentence, _, prev_target = previous
            if (
                cand.sentence - prev_sentence <= 2
                and cand.spec.inherits
                and sub == cand.spec.default
                and not self._new_act(tokens, cand, s_first, places)
            ):
                agent, sub = prev_agent, prev_sub
                if target is None and prev_target is not None and prev_target is not agent:
                    # (more strikes of the same campaign hit the same side)
                    target = prev_target
                cand.sub_event_type = sub
                event_type = self.taxonomy.event_type(sub)
        if agent is None and cand.spec.movement:
            agent = self._owner_in_next_sentence(index, cand, tokens, actors)
        backer: ActorRef | None = None
        if target is not None and any(
            t.norm in self.cues.supporters for t in tokens[max(0, target.first - 2) : target.first]
        ):
            # "لواء الباقر المدعومة من الحرس الثوري": the backer is an ally, not the target
            backer, target = target, None
        if (
            (sub in _TERRITORY_SUBTYPES or sub == "Armed clash")
            and target is not None
            and (target.actor.kind or "") in self.cues.unarmed_kinds
        ):
            # battles and control changes are between armed sides: residents named with a
            # takeover ("إخلاء السكان … بعد أن استعاد الجيش") or the dead of a battle ("جثث 11
            # شخصا قتلوا خلال المعارك") are not the side that fought or lost ground
            target = None
        if sub == "Armed clash":
            # (a backer is no side: "بين قوات النظام مدعومة بقوات الدفاع الوطني … والكتائب")
            agent, target = self._sides_between(tokens, cand, actors, s_last, agent, target)
            if (
                agent is not None
                and target is None
                and agent.first > cand.last
                and any(
                    tokens[j].norm in self.grammar.with_
                    for j in range(max(cand.last + 1, agent.first - 2), agent.first)
                )
            ):
                # "انسحبت قوات النظام … بعد اشتباكات مع هيئة تحرير الشام": the party after مع
                # is the other side; the sentence's subject the first
                subject = next(
                    (
                        a
                        for a in self._earlier_parties(
                            index, cand, tokens, actors, s_first, cand.first, set()
                        )
                        if a.actor.id != agent.actor.id
                        and (a.actor.kind or "") not in self.cues.unarmed_kinds
                    ),
                    None,
                )
                if subject is not None:
                    agent, target = subject, agent
        if agent is None and (sub == "Armed clash" or victim_kind == "armed"):
            agent = self._announcing_force(tokens, cand, actors, s_first)
        if (
            cand.spec.weak
            and sub == "Armed clash"
            and (agent is None or (target is None and victim_kind != "armed"))
        ):
            # a battle has two armed sides: a generic trigger naming one side or none is no clash
            return []
        taken_from_named = (
            sub in _TERRITORY_SUBTYPES
            and target is not None
            and " ".join(tokens[i].norm for i in range(cand.first, cand.last + 1))
            in self.lexicon.verb_only
            and self._is_target_marked(tokens, target, cand)
        )
        if (
            agent is None
            and (
                (event_type == "Strategic developments" and sub not in _AGENTLESS_SUBTYPES)
                or sub in _TERRITORY_SUBTYPES
            )
            # "واستعادت قوات الجيش السيطرة على الحي من تنظيم القاعدة": a finite verb telling
            # the place taken from a named side is a deed even when the taker goes unresolved
            and not taken_from_named
        ):
            # ACLED codes these only with a named party: without one they are talk, not events
            return []
        if event_type == "Violence against civilians" and victim_kind == "armed":
            return []
        if sub == "Change to group/activity" and (
            (agent is not None and (agent.actor.kind or "") in self.cues.unarmed_kinds)
            or (
                cand.spec.movement
                and target is not None
                and (target.actor.kind or "") in self.cues.unarmed_kinds
            )
        ):
            # civilians evacuated, displaced or moved (إخلاء السكان، نقلهم، "قام الجيش بنقل
            # الأهالي") are no change to an armed group's activity
            return []
        cand.agent = agent
        cand.target = target
        # ---- date
        # the clause's date, else the sentence's last date before the clause (a date in a later
        # clause dates that clause: "قصف … على حي النشوة … التي تشهد منذ 25 يونيو اشتباكات")
        when = _clause_date(
            tokens, date_mentions, c_first, c_last, cand.first, self.grammar, cand.last
        ) or _last_date(date_mentions, s_first, c_first - 1)
        if when is None:
            when = self._earlier_mention_date(index, cand, tokens, date_mentions, all_candidates)
        date_span: Span | None
        if when is not None:
            event_date, precision, date_span = when.date, when.precision, Span(when.start, when.end)
        else:
            event_date, precision, dm = doc_date
            date_span = Span(dm.start, dm.end) if dm else None
            if dm is None and any(
                tokens[j].norm in self.cues.ongoing for j in range(c_first, c_last + 1)
            ):
                # told as going on: publication day (the week stays the precision)
                event_date = pub
        # ---- background
        background = self._is_background(
            index, tokens, cand, all_candidates, s_first, event_date, pub
        )
        # ---- places: one event per coordinated place (ACLED: one event per place)
        event_places, route = self._places(
            cand,
            tokens,
            places,
            focus,
            c_first,
            c_last,
            s_first,
            s_last,
            vague_sentences=index.vague_sentences,
            situating=index.situating,
        )
        if cand.locator is not None:
            # "… على طريق رئيسي جنوب كركوك. ووقع الهجوم … قرب بلدة داقوق": the sentence that
            # tells where it happened gives the place when the act's own clause names none or
            # only a direction from a place (ACLED: the most specific place)
            own = [p for p in places if c_first <= p.first and p.last <= c_last]
            if not own or any(
                tokens[p.first].norm in self.grammar.directions
                or tokens[p.first - 1].norm in self.grammar.directions
                for p in own
                if p.first > 0
            ):
                loc = cand.locator
                l_last = index.sentence_bounds[loc.sentence][1]
                # (its clause is often cut by commas: "ووقع الهجوم، مساء الأحد، قرب …")
                # (a place after a direction is a landmark: "على بعد 200 كم شمال بغداد")
                located = [
                    p
                    for p in places
                    if loc.last < p.first
                    and p.last <= l_last
                    and tokens[p.first - 1].norm not in self.grammar.directions
                    and tokens[p.first].norm not in self.grammar.directions
                ][:1]
                if located:
                    event_places = located
        if not event_places:
            # ACLED codes no event without a place: "clashes continued across the country"
            return []
        # ---- fatalities & quantities
        fatal = find_fatalities(tokens, c_first, c_last, self.cues)
        if fatal is None and sum(1 for o in all_candidates if o.sentence == cand.sentence) == 1:
            fatal = find_fatalities(tokens, s_first, s_last, self.cues)
        fatal_value = fatal.value if fatal else 0
        if (
            event_type in ("Strategic developments", "Protests")
            and sub != "Excessive force against protesters"
        ):
            fatal_value = 0
        skip = index.date_tokens
        quantities = find_quantities(
            tokens, c_first, c_last, text, partitive=self.grammar.partitive, skip=skip
        )
        events: list[Event] = []
        where_list: list[PlaceRef | None] = list(event_places) or [None]
        # "في دير الزور والحسكة والرقة": three or more places listed that each name their own
        # province are the provinces (a summary), not their chief towns
        provinces_listed = len(event_places) >= 3 and all(
            p.place.admin1 is not None and p.place.name == p.place.admin1 for p in event_places
        )
        spec = self.taxonomy.sub_event_types[sub]
        for where in where_list:
            ev = Event(event_type=event_type, sub_event_type=sub)
            ev.event_date = event_date.isoformat()
            ev.time_precision = precision
            ev.background = background
            ev.plover = self.taxonomy.plover(sub)
            ev.trigger = Span(tokens[cand.first].start, tokens[cand.last].end)
            ev.evidence = [Span(tokens[s_first].start, tokens[s_last].end)]
            spans: dict[str, list[Span]] = {"trigger": [ev.trigger]}
            if date_span:
                spans["event_date"] = [date_span]
            country = self.taxonomy.country_name(
                where.place.country_code if where else None,
                where.place.country if where else None,
            )
            if agent is not None:
                self._set_actor(ev, 1, agent.actor)
                spans["actor1"] = [Span(agent.actor.start, agent.actor.end)]
            if backer is not None and agent is not None:
                ev.assoc_actor_1 = backer.actor.name
                spans["assoc_actor_1"] = [Span(backer.actor.start, backer.actor.end)]
            if target is not None:
                self._set_actor(ev, 2, target.actor)
                spans["actor2"] = [Span(target.actor.start, target.actor.end)]
            elif (
                victims is not None
                and victim_kind == "civilian"
                and sub not in _TERRITORY_SUBTYPES
                and sub != "Armed clash"
            ):
                self._set_generic(ev, 2, f"Civilians ({country})", 7)
                spans["actor2"] = [Span(tokens[victims.first].start, tokens[victims.last].end)]
            self._protest_roles(ev, spans, spec=spec, country=country)
            if ev.inter2 == 7 or event_type == "Violence against civilians":
                ev.civilian_targeting = "Civilian targeting"
            ev.interaction = interaction(ev.inter1, ev.inter2)
            if ev.actor2 is not None and ev.actor2 == ev.actor1:
                ev.actor2, ev.inter2, ev.actor2_id = None, None, None
                spans.pop("actor2", None)
            if where is not None:
                _set_place(ev, where.place)
                if (tokens[where.first].norm in self.cues.province_words or provinces_listed) and (
                    ev.geo_precision or 1
                ) < 3:
                    # "في محافظة إدلب" resolved to the city of that name: the report names only
                    # the province (ACLED geo_precision 3), so a town inside it told elsewhere
                    # is the same event's precise place (see _within)
                    ev.geo_precision = 3
                if where.place.country_code:
                    # ACLED's country column is the English name (the gazetteer's is Arabic)
                    ev.country = country
                spans["location"] = [Span(where.place.start, where.place.end)]
            ev.fatalities = fatal_value
            if fatal and fatal_value:
                spans["fatalities"] = list(fatal.spans)
            ev.quantities = [q.to_dict() for q in quantities]
            if quantities:
                spans["quantities"] = [Span(q.start, q.end) for q in quantities]
            if route:
                ev.route = route
                spans["route"] = [
                    Span(int(r["start"]), int(r["end"]))  # type: ignore[call-overload]
                    for r in route
                    if "start" in r
                ]
            src, scale, src_spans = self._event_source(
                index, tokens, s_first, s_last, doc_source, doc_scale, source_spans
            )
            ev.source, ev.source_scale = src, scale
            if src_spans:
                spans["source"] = src_spans
            ev.field_spans = spans
            ev.confidence = round(
                (0.45 if cand.spec.weak else 0.6)
                + (0.15 if ev.actor1 else 0)
                + (0.15 if where is not None else 0)
                + (0.1 if date_span else 0),
                2,
            )
            ev.id = _event_id(doc_id, ev)
            events.append(ev)
        return events

    # ------------------------------------------------------------------ roles
    def _roles(
        self,
        index: DocIndex,
        cand: Candidate,
        tokens: Sequence[Token],
        clause_actors: list[ActorRef],
        actors: list[ActorRef],
        s_first: int,
        c_first: int,
        c_last: int,
    ) -> tuple[ActorRef | None, ActorRef | None, Unit | None]:
        counted = {key for i, key in index.victim_groups if c_first <= i <= c_last}
        verb_trigger = (
            " ".join(tokens[i].norm for i in range(cand.first, cand.last + 1))
            in self.lexicon.verb_only
        )
        if self.taxonomy.event_type(cand.spec.default) in ("Protests", "Riots") or (
            cand.spec.movement
        ):
            # "العشرات من الأهالي" are the protesters themselves; "شاحنات تنقل مقاتلين من
            # ميليشيا الدفاع الوطني" the fighters who move
            counted = set()
        all_parties = [
            a
            for a in clause_actors
            if (a.actor.kind or "") not in self.cues.non_party_kinds
            and not _overlaps(a, cand.first, cand.last)
        ]
        # a group whose members the sentence counts as killed or held is the target, never the
        # agent (مقتل 18 من عناصر البيشمركة: the Peshmerga are actor2)
        victim_refs = [
            a
            for a in all_parties
            if (a.actor.id or a.actor.name) in counted
            # "أقدم عناصر من الفرقة الرابعة على نهب": the members who proceed to act are its agent
            and not any(
                t.norm in self.cues.undertaking for t in tokens[max(c_first, a.first - 4) : a.first]
            )
            # "اشتبك عناصر من الفرقة الرابعة مع …": so are those named right after an active verb
            and not (
                cand.spec.voice == "active"
                and verb_trigger
                and cand.last < a.first <= cand.last + 3
            )
        ]
        # "ميليشيات الحوثي الموالية لإيران": a party named right after another as the one it is
        # loyal to is its patron, no side of the act (only loyalty words: "مدعومة ب" or "التابع ل"
        # before a second party also list allies in a clash "بين X مدعومة بـY … و…")
        patrons = [
            a
            for a in all_parties
            if any(
                1 < a.first - b.last <= 3
                and all(tokens[j].norm in self.cues.loyal for j in range(b.last + 1, a.first))
                for b in all_parties
                if b is not a
            )
        ]
        parties = [a for a in all_parties if a not in victim_refs and a not in patrons]
        undergoing = [
            j for j in range(c_first, cand.first) if tokens[j].norm in self.cues.subjected
        ]
        subjected = [
            a for a in parties if a.last < cand.first and any(j > a.last for j in undergoing)
        ]
        if subjected:
            # "دورية للشرطة العسكرية الروسية تعرضت لاستهداف": who is told as subjected to the act
            # suffered it (only when named before the verb of undergoing: after it, "تعرضت
            # … لقصف من X" may still name the agent)
            victim_refs = [*victim_refs, *subjected]
            parties = [a for a in parties if a not in subjected]
        fear = next(
            (j for j in range(cand.last + 1, c_last + 1) if tokens[j].norm in self.cues.feared),
            None,
        )
        if fear is not None:
            # "… خشية تسلل عناصر داعش إليه": what the act guards against is no party to it
            parties = [a for a in parties if a.first < fear]
        after = [a for a in parties if a.first > cand.last]
        before = [a for a in parties if a.last < cand.first]
        marked_agent: ActorRef | None = None
        for m_first, m_last in index.agent_markers:
            if m_first < c_first or m_last > c_last:
                continue
            first = m_last + 1
            nxt = [a for a in parties if a.first >= first and a.first <= first + 2]
            if nxt:
                marked_agent = nxt[0]
                break
        victims = self._victim_unit(tokens, cand, c_last)
        agent: ActorRef | None = None
        target: ActorRef | None = None
        far_agent: ActorRef | None = None
        if marked_agent is not None:
            agent = marked_agent
            rest = [a for a in after if a is not marked_agent and a.first < marked_agent.first] + [
                a for a in before
            ]
            # "هجوم نفذه تنظيم داعش على حاجز للجيش": the target may follow the agent
            rest += [
                a
                for a in after
                if a.first > marked_agent.last and self._is_target_marked(tokens, a, cand)
            ]
            target = rest[0] if rest else None
        elif cand.spec.voice == "patient":
            # مقتل X / اعتقال X: X is the patient; the agent stands before the trigger
            agent = before[-1] if before else None
            target = after[0] if after else None
            vso = (
                agent is None
                and bool(after)
                and after[0].first == cand.last + 1
                and (after[0].actor.kind or "") not in self.cues.unarmed_kinds
                and any(
                    t.norm in self.cues.civilian or t.norm in self.cues.armed
                    for t in tokens[after[0].last + 1 : min(c_last, after[0].last + 3) + 1]
                )
            )
            if vso:
                # VSO killing verb: "قتل مسلحون مجهولون مختار قرية"، "اغتال مسلحون مجهولون
                # قياديا في الجيش الحر" – the armed party right after the verb is its subject,
                # the victim noun after it the patient (and a party after that noun its side)
                agent = after[0]
                target = after[1] if len(after) > 1 else None
            elif agent is None and len(after) > 1:
                agent, target = after[1], after[0]
                if (agent.actor.kind or "") in self.cues.unarmed_kinds and (
                    target.actor.kind or ""
                ) not in self.cues.unarmed_kinds:
                    # VSO verb: "اختطف مسلحون مجهولون ثلاثة مدنيين" – the armed party right
                    # after the verb acts, the civilians after it suffer
                    agent, target = target, agent
        else:
            # VSO: agent right after the verb; SVO: the subject before it
            # a party under a preposition is never a verb's subject (سلمت مواقعها لقوات النظام);
            # after a noun, ل marks its possessor or agent (رتل لقوات النظام، هجوم لمسلحين)
            verb = (
                " ".join(tokens[i].norm for i in range(cand.first, cand.last + 1))
                in self.lexicon.verb_only
            )
            after_targets = [
                a
                for a in after
                if self._is_target_marked(tokens, a, cand)
                or (verb and self._recipient(tokens, a, cand))
            ]
            after_agents = [a for a in after if a not in after_targets]
            # a party under ل right after a noun before the trigger owns what was hit
            # ("أعطبت الشرطة آليات للتنظيم بكمين"): the subject is the one named before it
            owners = [
                a
                for a in before
                if a.first > c_first
                and tokens[a.first].parts
                and tokens[a.first].parts[0].kind == "proclitic"
                and tokens[a.first].parts[0].text == self.grammar.recipient
                and tokens[a.first - 1].norm not in self.cues.affiliation
                and a.first - 1 not in index.date_tokens
            ]
            # (a party backing the subject – "مقاتلات التحالف بإسناد من القوات الإماراتية
            # تمكنت من تدمير …" – is no subject of its own)
            subjects = [
                a
                for a in before
                if a not in owners
                and not any(
                    t.norm in self.cues.supporters for t in tokens[max(0, a.first - 2) : a.first]
                )
            ]
            if after_agents and after_agents[0].first - cand.last <= 3:
                agent = after_agents[0]
            elif subjects:
                agent = subjects[-1]
            elif before:
                agent = before[-1]
            elif after_agents:
                # a subject far after the verb is likelier its object: an agent of an earlier
                # clause carries over first (شنت قسد حملة …، اعتقلت خلالها 15 شابا بتهمة …)
                far_agent = after_agents[0]
            remaining = [a for a in after if a is not agent and a is not far_agent]
            target = remaining[0] if remaining else None
            if target is None and agent is not None and owners and owners[-1].first > agent.last:
                target = owners[-1]
        if cand.spec.defends and marked_agent is not None and target is None:
            # "أعلنت الشرطة عن صد هجوم شنه تنظيم داعش": the side that repelled the attack is
            # its target – named before the trigger, or the subject of an earlier clause
            defenders = [a for a in before if a is not marked_agent] or self._earlier_parties(
                index, cand, tokens, actors, s_first, c_first, counted
            )
            target = defenders[-1] if before else (defenders[0] if defenders else None)
        if agent is None and cand.spec.voice != "patient":
            # the agent of an earlier clause of the same sentence carries over (ellipsis) – not
            # a group counted there as the dead ("قتل 14 مقاتلا من قوات النظام، … في تفجير")
            earlier = self._earlier_parties(index, cand, tokens, actors, s_first, c_first, counted)
            if earlier and not self._is_target_marked(tokens, earlier[0], cand):
                agent = earlier[0]
                if far_agent is not None and target is None and far_agent is not agent:
                    target = far_agent
            elif far_agent is not None:
                agent = far_agent
        if target is None and victim_refs:
            target = victim_refs[0]
        if target is None:
            # "قتل 12 مسلحا مواليا للنظام، وفق حصيلة، في ضربات جوية": the side of the fighters
            # counted earlier in the sentence is the target
            target = next(
                (
                    a
                    for a in actors
                    if s_first <= a.first < c_first and a.first in index.loyal_groups
                ),
                None,
            )
        if target is not None and agent is not None and target.actor.id == agent.actor.id:
            target = None
        return agent, target, victims

    def _armed_anaphor(
        self,
        index: DocIndex,
        cand: Candidate,
        tokens: Sequence[Token],
        actors: list[ActorRef],
        s_first: int,
        c_first: int,
        c_last: int,
    ) -> ActorRef | None:
        """ "واستهدف المسلحون قرية …": a definite noun for armed men right after the act (VSO) or
        right before it (SVO) is the non-state armed party the report named last before its
        sentence (a few sentences back)."""
        # before the act in its sentence (its subject, or carried from an earlier clause), or
        # right after an active verb (VSO; after a patient trigger it is the victim)
        near = list(range(s_first, cand.first))
        if cand.spec.voice != "patient" and cand.last + 1 <= c_last:
            near.append(cand.last + 1)
        if not any(
            tokens[j].norm in self.cues.armed_anaphors
            and any(p.kind == "article" for p in tokens[j].parts)
            # (a subject: "حكمت على 300 من المسلحين" names them as objects)
            and not _governed(tokens[j], self.grammar)
            and tokens[j - 1].norm not in self.grammar.object_preps
            for j in near
        ):
            return None
        sentence = cand.sentence
        reach = sentence - self.cues.armed_anaphor_sentences
        for a in reversed(actors):
            if a.first >= s_first:
                continue
            a_first_sentence = next(
                (k for k, (f, la) in index.sentence_bounds.items() if f <= a.first <= la), None
            )
            if a_first_sentence is None or a_first_sentence < reach:
                return None
            if (
                a.actor.inter in _NON_STATE_INTER
                and (a.actor.kind or "") not in self.cues.unarmed_kinds | self.cues.non_party_kinds
            ):
                return a
        return None

    def _separate_incident(self, tokens: Sequence[Token], cand: Candidate, index: DocIndex) -> bool:
        """The sentence opens on another incident ("وفي حادث منفصل، قتل مدنيان"، "وفي هجوم آخر"):
        a word of otherness among its first words, before the trigger."""
        s_first = index.sentence_bounds[cand.sentence][0]
        return any(
            tokens[j].norm in self.cues.separate_words
            and not (j > s_first and tokens[j - 1].norm in self.cues.discourse_nouns)
            for j in range(s_first, min(cand.first, s_first + self.cues.separate_window))
        )

    def _new_act(
        self, tokens: Sequence[Token], cand: Candidate, s_first: int, places: list[PlaceRef]
    ) -> bool:
        """The generic act is told as another one, not more of the one before: "في هجوم آخر"،
        "هجوم مماثل", or a sentence that opens on a new place ("وفي نينوى، … قتل 7 أشخاص في
        هجوم مسلح")."""
        if any(
            tokens[j].norm in self.cues.other_act
            for j in range(cand.last + 1, min(len(tokens), cand.last + 3))
        ):
            return True
        return tokens[s_first].norm in self.grammar.source_seat and any(
            p.first == s_first + 1 for p in places
        )

    def _earlier_parties(
        self,
        index: DocIndex,
        cand: Candidate,
        tokens: Sequence[Token],
        actors: list[ActorRef],
        s_first: int,
        c_first: int,
        counted: set[str],
    ) -> list[ActorRef]:
        """The parties of the sentence's earlier clauses that may be the act's subject, likeliest
        first: not a group counted there as the dead, not media or monitors."""
        in_sentence = [a for a in actors if s_first <= a.first and a.last < c_first]
        dead = _counted_groups(tokens, in_sentence, self.grammar)
        earlier = [
            a
            for a in in_sentence
            if (a.actor.kind or "") not in self.cues.non_party_kinds
            and (a.actor.id or a.actor.name) not in counted
            and id(a) not in dead
            and a.first not in index.loyal_groups
            # (a backer or ally is no subject: "وحدات الجيش، بالتعاون مع القوات الرديفة، استهدفت")
            and not any(
                t.norm in self.cues.supporters for t in tokens[max(0, a.first - 2) : a.first]
            )
            # (a party inside a relative clause describes something: "التي كانت معقلا لتنظيم داعش")
            and not any(
                tokens[j].norm in self.grammar.relatives
                for j in range(max(index.clauses[a.first][0], a.first - 4), a.first)
            )
        ]
        if self.taxonomy.event_type(cand.spec.default) in _VIOLENT_TYPES:
            # "قتل 200 شخص، معظمهم من المدنيين، في هجوم التنظيم …، وشمل الهجوم تفجيرات":
            # the victims named first are no agent to carry over to armed violence
            armed = [a for a in earlier if (a.actor.kind or "") not in self.cues.unarmed_kinds]
            earlier = armed or earlier
        # the subject of a verb of saying ("أعلنت قوات سوريا الديمقراطية … أنها شنت") is the
        # one the pronoun refers to, before a party named earlier (a dateline's country)
        earlier.sort(key=lambda a: not self._announced_by(tokens, a, s_first))
        return earlier

    def _fronted_subject(
        self,
        index: DocIndex,
        tokens: Sequence[Token],
        actors: list[ActorRef],
        s_first: int,
        c_first: int,
    ) -> ActorRef | None:
        """The subject a comma cuts from its verb: "إن مسلحين مجهولين يرتدون زيا عسكريا، قتلوا
        …"، "قامت مجموعة من عصابات داعش، من خلال حاجز وهمي، بقتل 15 شخصا". One of the two
        clauses before the act's clause opens (after punctuation, إن/أن and a verb of
        undertaking) with an armed party that nothing governs and no count names as victims:
        it is the agent."""
        end = c_first - 1
        victims = {i for i, _ in index.victim_groups}
        for _ in range(2):
            if end < s_first:
                return None
            first = index.clauses[end][0]
            if (
                tokens[first].text in _QUOTES
                and first > s_first
                and _governed(tokens[first - 1], self.grammar)
            ):
                # a name quoted after its preposition ("ينضم لتنظيم "داعش"") is governed by it
                return None
            j = first
            while j <= end and (
                not tokens[j].is_word
                or tokens[j].norm in self.cues.subject_openers
                or tokens[j].norm in self.cues.undertaking
            ):
                j += 1
            party = next(
                (a for a in actors if j <= a.first <= min(end, j + 2) and a.last <= end), None
            )
            if (
                party is not None
                and (party.actor.kind or "") not in self.cues.unarmed_kinds
                and (party.actor.kind or "") not in self.cues.non_party_kinds
                and party.first not in victims
                and party.first not in index.loyal_groups
                and not _governed(tokens[party.first], self.grammar)
            ):
                return party
            end = first - 1
        return None

    def _toll_roles(
        self,
        index: DocIndex,
        cand: Candidate,
        tokens: Sequence[Token],
        actors: list[ActorRef],
        s_first: int,
        target: ActorRef | None,
    ) -> tuple[ActorRef | None, ActorRef | None]:
        """A violent act with no agent of its own takes the armed agent its sentence names with
        the killing that yielded to it ("وفي هجوم آخر، …، قام مسلحون بمهاجمة سيارة وقتلوا 3
        أشخاص"): the death toll belongs to the act, and so does who killed."""
        for toll in cand.tolls:
            if toll.clause == cand.clause:
                continue
            t_first, t_last = toll.clause
            t_actors = [a for a in actors if t_first <= a.first and a.last <= t_last]
            t_agent, t_target, _ = self._roles(
                index, toll, tokens, t_actors, actors, s_first, t_first, t_last
            )
            if (
                t_agent is not None
                and t_agent.first >= t_first
                and (t_agent.actor.kind or "") not in self.cues.unarmed_kinds
            ):
                if target is None and t_target is not None and t_target.first >= t_first:
                    target = t_target
                return t_agent, target
        return None, target

    def _sides_between(
        self,
        tokens: Sequence[Token],
        cand: Candidate,
        actors: list[ActorRef],
        s_last: int,
        agent: ActorRef | None,
        target: ActorRef | None,
    ) -> tuple[ActorRef | None, ActorRef | None]:
        """ "اشتباكات … بين X و Y": the two parties after بين (later in the sentence, within 25
        tokens); the side with the lower inter code (state forces) first. "بين X وحلفائه … من
        طرف، و Y … من طرف آخر": the second side is the first party joined by و after طرف. A
        party carried from another clause that is neither side gives way to the named sides."""
        for j in range(cand.last + 1, min(s_last, cand.last + 25) + 1):
            if tokens[j].norm not in self.cues.between:
                continue
            window_end = min(s_last, j + self.cues.between_window)
            parties = [
                a
                for a in actors
                if j < a.first <= window_end
                and (a.actor.kind or "") not in self.cues.non_party_kinds
                # a backer ("مدعومة بقوات الدفاع الوطني") is no side
                and not any(
                    t.norm in self.cues.supporters for t in tokens[max(j, a.first - 2) : a.first]
                )
            ]
            if not parties:
                return agent, target
            first = parties[0]
            # the second side is the next party joined by و (skipping one that only qualifies the
            # first: "جيش خالد المبايع لتنظيم الدولة"), after "من طرف" when the sides are so marked
            joined = [
                a
                for a in parties[1:]
                if a.actor.id != first.actor.id
                and tokens[a.first].parts
                and tokens[a.first].parts[0].text == self.grammar.conjunction
            ]
            side_mark = next(
                (
                    k
                    for k in range(first.last + 1, window_end + 1)
                    if tokens[k].norm in self.cues.side_words
                ),
                None,
            )
            if side_mark is not None and any(a.first > side_mark for a in joined):
                joined = [a for a in joined if a.first > side_mark]
            elif side_mark is None:
                joined = [a for a in joined if a.first <= j + 20]
            second = joined[0] if joined else None
            sides = {first.actor.id, second.actor.id if second is not None else first.actor.id}
            if agent is not None and target is not None:
                # both parties found: only a target that is neither named side gives way
                if agent.actor.id in sides and target.actor.id not in sides and second is not None:
                    other = second if agent.actor.id == first.actor.id else first
                    return agent, other
                return agent, target
            known = agent or target
            if known is not None and known.actor.id not in sides:
                # the sides named after بين outrank a party carried from another clause
                known = None
                agent = target = None
            if known is not None:
                counter: ActorRef | None = second if known.actor.id == first.actor.id else first
                if counter is None or counter.actor.id == known.actor.id:
                    return agent, target
                return (known, counter) if agent is not None else (counter, known)
            if second is None:
                return first, None
            if (second.actor.inter or 9) < (first.actor.inter or 9):
                first, second = second, first
            return first, second
        return agent, target

    def _recipient(self, tokens: Sequence[Token], ref: ActorRef, cand: Candidate) -> bool:
        """A party under a preposition right after the verb or after a definite object
        ("سلمت مواقعها لقوات النظام"، "سلمت المواقع لقوات النظام") is the verb's recipient, not
        its subject; after an indefinite noun or an affiliation word it is a possessor
        ("وصل رتل عسكري لقوات النظام"، "التابعة للحرس الثوري")."""
        if not _governed(tokens[ref.first], self.grammar) or ref.first <= cand.last:
            return False
        prev = tokens[ref.first - 1]
        if ref.first - 1 == cand.last:
            return True
        if prev.norm in self.cues.affiliation:
            return False
        # (the splitter leaves object pronouns on the stem: مواقعها)
        return any(p.kind == "article" for p in prev.parts) or prev.text.endswith(
            self.grammar.object_suffixes
        )

    def _announced_by(self, tokens: Sequence[Token], ref: ActorRef, s_first: int) -> bool:
        """The actor is the subject right after a verb of saying (أعلنت X، قال X)."""
        return any(
            tokens[j].norm in self.cues.announcing
            for j in range(max(s_first, ref.first - 2), ref.first)
        )

    def _announcing_force(
        self,
        tokens: Sequence[Token],
        cand: Candidate,
        actors: list[ActorRef],
        s_first: int,
    ) -> ActorRef | None:
        """An armed force announcing the killing it reports ("أعلنت قيادة عمليات بغداد عن مقتل
        17 داعشيا"): the subject right after an announcing verb, before the trigger."""
        for ref in actors:
            if not (s_first <= ref.first and ref.last < cand.first):
                continue
            if (
                ref.actor.inter not in (1, 2, 3, 8)
                or (ref.actor.kind or "") in self.cues.unarmed_kinds | self.cues.non_party_kinds
            ):
                continue
            if any(
                tokens[j].norm in self.cues.announcing
                for j in range(max(s_first, ref.first - 2), ref.first)
            ):
                return ref
        return None

    def _owner_in_next_sentence(
        self,
        index: DocIndex,
        cand: Candidate,
        tokens: Sequence[Token],
        actors: list[ActorRef],
    ) -> ActorRef | None:
        """The party of an agentless movement named in the next sentence: "وصل رتل … . وقالت
        مصادر إن الرتل يتبع لميليشيا X" – a definite noun of the movement's clause right before
        an affiliation word (يتبع، تابع، يعود), then an actor within a few tokens."""
        bounds = index.sentence_bounds.get(cand.sentence + 1)
        if bounds is None or not self.cues.affiliation:
            return None
        c_first, c_last = cand.clause
        clause_norms = {tokens[i].norm for i in range(c_first, c_last + 1)}
        n_first, n_last = bounds
        for j in range(n_first + 1, n_last + 1):
            if tokens[j].norm not in self.cues.affiliation:
                continue
            anaphor = any(
                tokens[k].norm in clause_norms
                and any(part.kind == "article" for part in tokens[k].parts)
                for k in range(max(n_first, j - 3), j)
            )
            if not anaphor:
                continue
            window_end = min(n_last, j + self.cues.affiliation_window)
            for ref in actors:
                if j < ref.first <= window_end:
                    return ref
        return None

    def _is_target_marked(self, tokens: Sequence[Token], ref: ActorRef, cand: Candidate) -> bool:
        """True when the actor is introduced as a target (على مواقع X، ضد X، استهدفت X، مواقع
        وحدات تابعة لـX) – or, for violence, as the owner of what was hit ("انفجرت عبوة بسيارة
        عسكرية تابعة لقوات النظام"; a convoy "تابع لـX" moving is X's own movement)."""
        for j in range(max(cand.last + 1, ref.first - 4), ref.first):
            if tokens[j].norm in self.cues.target_markers:
                return True
        if cand.spec.default in _TERRITORY_SUBTYPES:
            # "تحرير المطار من الحوثيين"، "من أيدي المعارضة": the side the place was taken from
            j = ref.first - 1
            while j > cand.last and ref.first - j <= 2 and tokens[j].norm in self.grammar.holding:
                j -= 1
            if (
                j > cand.last
                and tokens[j].norm in self.grammar.taken_from
                # (not a backer: "بدعم جوي من التحالف")
                and not any(t.norm in self.cues.supporters for t in tokens[max(0, j - 2) : j])
            ):
                return True
        if self.taxonomy.event_type(cand.spec.default) in _VIOLENT_TYPES:
            return any(
                tokens[j].norm in self.cues.affiliation
                for j in range(max(cand.last + 1, ref.first - 2), ref.first)
            )
        return False

    def _victim_unit(self, tokens: Sequence[Token], cand: Candidate, c_last: int) -> Unit | None:
        for j in range(self._after_adjective(tokens, cand), c_last + 1):
            norm = tokens[j].norm
            if norm in self.cues.civilian or norm in self.cues.armed:
                first = j
                if j - 1 > cand.last and tokens[j - 1].norm.isdigit():
                    first = j - 1
                return Unit(first, j)
        return None

    def _after_adjective(self, tokens: Sequence[Token], cand: Candidate) -> int:
        """The first token after the trigger that may name its victims: "في هجوم مسلح" – the
        adjective describes the act."""
        j = cand.last + 1
        if j < len(tokens) and tokens[j].norm in self.cues.act_adjectives:
            j += 1
        return j

    def _victim_kind(
        self,
        tokens: Sequence[Token],
        cand: Candidate,
        target: ActorRef | None,
        c_last: int,
        *,
        agent: ActorRef | None = None,
        sentence: tuple[int, int] | None = None,
    ) -> str | None:
        if target is not None and target.actor.inter is not None:
            if target.actor.inter == 7:
                return "civilian"
            return "armed"
        start = self._after_adjective(tokens, cand)
        if agent is not None and agent.first > cand.last:
            start = agent.last + 1
        for j in range(start, c_last + 1):
            norm = tokens[j].norm
            if norm in self.cues.armed:
                return "armed"
            if norm in self.cues.civilian:
                return "civilian"
        if target is not None:
            return "armed"
        if sentence is not None:
            # the victims may be told before the trigger: "قتل ثلاثة مدنيين … بهجوم مسلح"
            for j in range(sentence[0], sentence[1] + 1):
                norm = tokens[j].norm
                if norm in self.cues.armed:
                    return "armed"
                if norm in self.cues.civilian:
                    return "civilian"
        return None

    def _civilian_object(self, tokens: Sequence[Token], cand: Candidate) -> bool:
        """A civilian noun is the trigger's direct object ("أحرقت ثلاثة شبان"): within two
        tokens after it, a number allowed between."""
        for j in range(cand.last + 1, min(len(tokens), cand.last + 3)):
            if tokens[j].norm in self.cues.civilian:
                return True
        return False

    def _sub_event_type(
        self,
        cand: Candidate,
        tokens: Sequence[Token],
        agent: ActorRef | None,
        target: ActorRef | None,
        victim_kind: str | None,
    ) -> str:
        c_first, c_last = cand.clause
        clause_key = " " + " ".join(t.norm for t in tokens[c_first : c_last + 1]) + " "
        for rule in cand.spec.context:
            if rule.test == "target_civilian" and victim_kind == "civilian":
                return rule.sub_event_type
            if rule.test == "civilian_object" and self._civilian_object(tokens, cand):
                return rule.sub_event_type
            if rule.test == "target_armed" and victim_kind == "armed":
                return rule.sub_event_type
            if rule.test == "actor1_protesters" and agent is not None and agent.actor.inter == 6:
                return rule.sub_event_type
            if rule.test == "actor1_state" and agent is not None and agent.actor.inter == 1:
                return rule.sub_event_type
            if (
                rule.test == "actor1_air"
                and agent is not None
                and (agent.actor.kind or "") in self.cues.air_kinds
            ):
                return rule.sub_event_type
            if (
                rule.test == "actor1_nonstate"
                and agent is not None
                and agent.actor.inter not in (1, None)
            ):
                return rule.sub_event_type
            if rule.words and any(f" {w} " in clause_key for w in rule.words):
                return rule.sub_event_type
        return cand.spec.default

    def _set_actor(self, ev: Event, side: int, actor: Actor) -> None:
        if side == 1:
            ev.actor1, ev.inter1, ev.actor1_id = actor.name, actor.inter, actor.id
        else:
            ev.actor2, ev.inter2, ev.actor2_id = actor.name, actor.inter, actor.id

    def _set_generic(self, ev: Event, side: int, name: str, inter: int) -> None:
        """A generic ACLED actor ("Civilians (Syria)", "Protesters (Iraq)") on ``side``."""
        if side == 1:
            ev.actor1, ev.inter1, ev.actor1_id = name, inter, self.generic_ids(name)
        else:
            ev.actor2, ev.inter2, ev.actor2_id = name, inter, self.generic_ids(name)

    def _protest_roles(
        self, ev: Event, spans: dict[str, list[Span]], *, spec: SubEventType, country: str
    ) -> None:
        """ACLED's roles at a protest (taxonomy.toml, rule 7): the demonstrators are actor1, a
        force that intervenes is actor2 (none at a peaceful protest), and the civilians a force
        hits there are protesters."""
        if (
            spec.protesters_first
            and ev.actor1 is not None
            and ev.inter1 not in (5, 6, 7)
            and (ev.actor2 is None or ev.inter2 in (5, 6, 7))
        ):
            # "وفرقت قوات الأمن المحتجين": the force that intervenes is actor2
            if spec.second_party:
                ev.actor2, ev.inter2, ev.actor2_id = ev.actor1, ev.inter1, ev.actor1_id
                if "actor1" in spans:
                    spans["actor2"] = spans.pop("actor1")
                else:
                    spans.pop("actor2", None)
            else:
                spans.pop("actor1", None)
            ev.actor1, ev.inter1, ev.actor1_id = None, None, None
        if (spec.event_type == "Protests" or spec.protesters_first) and (
            ev.actor1 is None or ev.inter1 == 7
        ):
            # civilians who demonstrate are coded as protesters (inter 6)
            self._set_generic(ev, 1, f"Protesters ({country})", 6)
        if spec.event_type != "Protests":
            return
        if ev.inter1 == 6 and ev.inter2 == 7:
            # "فرقت قوات الأمن المحتجين" told of the protest: those civilians are the protesters
            # of actor1, not a second party
            ev.actor2, ev.inter2, ev.actor2_id = None, None, None
            spans.pop("actor2", None)
        elif ev.inter2 == 7 or (ev.actor2 is None and ev.inter1 not in (6, None)):
            # "أطلقت قوات النظام النار على المتظاهرين": the side a force hits at a protest
            self._set_generic(ev, 2, f"Protesters ({country})", 6)

    # ------------------------------------------------------------------ places
    def _places(
        self,
        cand: Candidate,
        tokens: Sequence[Token],
        places: list[PlaceRef],
        focus: PlaceRef | None,
        c_first: int,
        c_last: int,
        s_first: int,
        s_last: int,
        *,
        vague_sentences: set[int] | None = None,
        situating: list[PlaceRef] | None = None,
    ) -> tuple[list[PlaceRef], list[dict[str, object]]]:
        vague_sentences = vague_sentences or set()
        situating = situating or []
        clause_places = [p for p in places if c_first <= p.first and p.last <= c_last]
        route: list[dict[str, object]] = []
        if cand.spec.movement:
            route = self._route(
                tokens, [p for p in places if s_first <= p.first and p.last <= s_last]
            )
        origins = {id(r["ref"]) for r in route if r["role"] in ("origin", "via")}
        clause_places = [p for p in clause_places if id(p) not in origins]
        route_out = [{k: v for k, v in r.items() if k != "ref"} for r in route]
        destination = [r["ref"] for r in route if r["role"] == "destination"]
        if (
            cand.spec.movement
            and not destination
            and not any(p.first > cand.last for p in clause_places)
            and self._vague_destination(tokens, cand, c_last)
        ):
            # "أرسلت تعزيزات إلى المناطق المجاورة": sent nowhere in particular – ACLED codes no
            # movement without its place (the sentence's other places are not its destination)
            return [], []
        if destination:
            dest = destination[-1]
            assert isinstance(dest, PlaceRef)
            # "نقلت دبابات إلى بلدة صلنفة وقرية البسيط": one movement per coordinated destination
            dests = [dest]
            for p in places:
                if p.first > dests[-1].last and p.last <= s_last:
                    if self._coordinated(tokens, dests[-1], p):
                        dests.append(p)
                    elif not _is_qualifier(tokens, dests[-1], p):
                        break
            return dests, route_out
        after = [p for p in clause_places if p.first > cand.last]
        before = [p for p in clause_places if p.last < cand.first]
        chosen: list[PlaceRef] = []
        ends = self._road_ends(tokens, after)
        if ends and len(ends) < len(after):
            # "على الطرق المؤدية إلى حلب وحماة ومناطق بريف الحسكة": where the roads lead is
            # not where the act was, when another place is named
            after = [p for p in after if id(p) not in ends]
            places = [p for p in places if id(p) not in ends]
        if after:
            # a list may run past the clause's comma ("قرب الميادين، والبوكمال")
            listed = [p for p in places if after[0].last < p.first and p.last <= s_last]
            chosen = self._chain(tokens, [after[0], *listed], situating, s_last)
            if all(_regional(p) for p in chosen):
                chosen = self._focused(tokens, places, chosen, situating, c_last, s_last) or chosen
        elif before:
            chosen = [before[-1]]
        else:
            sentence_places = [
                p
                for p in places
                if s_first <= p.first and p.last <= s_last and id(p) not in origins
            ]
            previous = [
                p
                for p in places
                if p.last < s_first
                and p.first >= s_first - 80
                and _route_role(tokens, p, self.grammar) not in ("origin", "via")
            ]
            later = [p for p in sentence_places if p.first > cand.last]
            same = self._same_place_anaphor(tokens, cand, c_last, places, c_first)
            if same is not None:
                # "… في البلدة ذاتها": the place named last before the act's clause
                chosen = [same]
            elif later:
                # Arabic names the place after the act: the next clause's place ("شن طيران
                # التحالف 14 غارة …، استهدفت … قرب الموصل والفلوجة") before an earlier one
                chosen = self._chain(tokens, later, situating, s_last)
            elif sentence_places:
                chosen = [min(sentence_places, key=lambda p: abs(p.first - cand.first))]
            elif cand.sentence in vague_sentences:
                # the sentence places it only at a country ("… في سوريا"): a summary, or a place
                # the gazetteer missed – never the focus of another sentence
                chosen = []
            elif previous and (
                not cand.spec.weak
                or any(
                    tokens[j].norm in self.cues.place_anaphors
                    and any(part.kind == "article" for part in tokens[j].parts)
                    for j in range(c_first, c_last + 1)
                )
            ):
                # a sentence without a place goes on telling the previous one ("كما تم تفكيك
                # 21 عبوة"): its last place, before the document's focus
                chosen = [previous[-1]]
            elif focus is not None and not cand.spec.weak:
                # ACLED skips vague summaries without a place: only strong triggers fall back on
                # the document's focus place
                chosen = [focus]
        if route_out and chosen and not destination:
            dest_place = chosen[0].place
            route_out.append(
                {
                    "role": "destination",
                    "name": dest_place.name_en or dest_place.name,
                    "lat": dest_place.latitude,
                    "lon": dest_place.longitude,
                    "inferred": True,
                }
            )
        if route_out and len(route_out) < 2:
            route_out = []
        return chosen, route_out

    def _focused(
        self,
        tokens: Sequence[Token],
        places: list[PlaceRef],
        chosen: list[PlaceRef],
        situating: list[PlaceRef],
        c_last: int,
        s_last: int,
    ) -> list[PlaceRef]:
        """ "… على مناطق في ريف إدلب، تركزت على بلدات كفرنبل وحاس": the places right after a verb
        of focusing in the next clause, when the act's own place is only a region."""
        for j in range(c_last + 1, min(s_last, c_last + 4) + 1):
            if tokens[j].norm not in self.cues.focus_verbs:
                continue
            named = [p for p in places if j < p.first <= j + 4 and p.last <= s_last]
            if named and not _regional(named[0]):
                listed = [p for p in places if named[0].last < p.first and p.last <= s_last]
                return self._chain(tokens, [named[0], *listed], situating, s_last)
        return []

    def _earlier_mention_date(
        self,
        index: DocIndex,
        cand: Candidate,
        tokens: Sequence[Token],
        date_mentions: list[DateMention],
        all_candidates: list[Candidate],
    ) -> DateMention | None:
        """An undated act takes the day of an earlier mention of the same kind of act a few
        sentences before that made no event of its own ("قتل 16 شخصا الخميس بانفجار عبوة ناسفة
        شمال العراق … انفجرت عبوتان"): reports tell one act again with its place."""
        for other in reversed(all_candidates):
            if not (cand.sentence - self.cues.same_act_sentences <= other.sentence < cand.sentence):
                continue
            if other.spec.default != cand.spec.default or other.built is not False:
                # (only a mention that made no event of its own – told without its place –
                # is the same act told again)
                continue
            o_first, o_last = other.clause
            s_first, s_last = index.sentence_bounds[other.sentence]
            when = _clause_date(
                tokens, date_mentions, o_first, o_last, other.first, self.grammar, other.last
            ) or _nearest_date(date_mentions, s_first, s_last)
            if when is not None and when.precision == 1:
                return when
            return None
        return None

    def _same_place_anaphor(
        self,
        tokens: Sequence[Token],
        cand: Candidate,
        c_last: int,
        places: list[PlaceRef],
        c_first: int,
    ) -> PlaceRef | None:
        """A definite place noun with ذاتها / نفسها ("في البلدة ذاتها"، "في المدينة نفسها") in the
        act's clause names the place last named before the clause."""
        for j in range(cand.last + 1, c_last):
            if (
                tokens[j].norm in self.cues.place_anaphors
                and tokens[j + 1].norm in self.cues.same_words
            ):
                earlier = [p for p in places if c_first - 80 <= p.first and p.last < c_first]
                return earlier[-1] if earlier else None
        return None

    def _road_ends(self, tokens: Sequence[Token], ordered: list[PlaceRef]) -> set[int]:
        """ids of the places named as where a road leads (الطرق المؤدية إلى حلب) and of those
        listed right after them (وحماة: و on the name itself, nothing between)."""
        ends: set[int] = set()
        last: PlaceRef | None = None
        for p in ordered:
            lead = any(
                tokens[j].norm in self.cues.road_leading
                for j in range(max(0, p.first - 2), p.first)
            )
            parts = tokens[p.first].parts
            listed = (
                last is not None
                and p.first == last.last + 1
                and bool(parts)
                and parts[0].kind == "proclitic"
                and parts[0].text == self.grammar.conjunction
            )
            if lead or listed:
                ends.add(id(p))
                last = p
            else:
                last = None
        return ends

    def _vague_destination(self, tokens: Sequence[Token], cand: Candidate, c_last: int) -> bool:
        """The movement's destination is a generic area noun (إلى المناطق المجاورة، نحو
        الجبهات)."""
        for j in range(cand.last + 1, min(c_last, cand.last + 6)):
            if (
                tokens[j].norm in self.grammar.destination
                and tokens[j + 1].norm in self.cues.vague_destinations
            ):
                return True
        return False

    def _chain(
        self,
        tokens: Sequence[Token],
        ordered: list[PlaceRef],
        situating: list[PlaceRef],
        last_token: int,
    ) -> list[PlaceRef]:
        """The first place and the places coordinated with it. A place that only situates the
        one before it (بالقرب من قرية نقارين بمدخل حلب) is skipped and the list goes on after it:
        "في محيط تلة الشيخ يوسف بالقرب من قرية نقارين، وبالقرب من مفرق باشكوي" – two places."""
        first = ordered[0]
        extra = [p for p in situating if first.last < p.first and p.last <= last_token]
        chain = sorted([*ordered[1:], *extra], key=lambda p: p.first)
        marks = {id(p) for p in extra}
        chosen = [first]
        last: PlaceRef = first
        for p in chain:
            if id(p) not in marks and self._coordinated(tokens, last, p):
                chosen.append(p)
            elif not _is_qualifier(tokens, last, p):
                break
            last = p
        return chosen

    def _coordinated(self, tokens: Sequence[Token], a: PlaceRef, b: PlaceRef) -> bool:
        """b is listed with a (و / ، between them), not a qualifier of a (بلدة X بريف Y)."""
        between = tokens[a.last + 1 : b.first]
        and_ = self.grammar.conjunction
        if b.place.direction is not None or any(
            t.norm in self.grammar.directions and not _joined(t, and_) for t in between
        ):
            # "مدينة الحسكة، شمال شرقي البلاد": a direction after the comma situates, not lists
            # ("الميادين وريف دير الزور": with و it is listed)
            return False
        first_part = tokens[b.first].parts[0] if tokens[b.first].parts else None
        if first_part is not None and first_part.kind == "proclitic" and first_part.text == and_:
            return len(between) <= 2
        # "… وبلدة عياش": the و may stand on the place-class noun before the name
        return (
            any(
                t.text in self.grammar.list_separators
                or (bool(t.parts) and t.parts[0].kind == "proclitic" and t.parts[0].text == and_)
                for t in between
            )
            and len(between) <= 3
        )

    def _route(self, tokens: Sequence[Token], places: list[PlaceRef]) -> list[dict[str, object]]:
        route: list[dict[str, object]] = []
        for p in places:
            role = _route_role(tokens, p, self.grammar)
            if role is None:
                continue
            place = p.place
            route.append(
                {
                    "role": role,
                    "name": place.name_en or place.name,
                    "lat": place.latitude,
                    "lon": place.longitude,
                    "start": place.start,
                    "end": place.end,
                    "ref": p,
                }
            )
        order = {"origin": 0, "via": 1, "destination": 2}
        route.sort(key=lambda r: (order[str(r["role"])], int(r["start"])))  # type: ignore[call-overload]
        if not any(r["role"] in ("origin", "via") for r in route):
            # a destination alone is not a route, but it still is the place of the movement
            return [r for r in route if r["role"] == "destination"][:1]
        return route

    # ------------------------------------------------------------------ time & background
    def _document_date(
        self, mentions: list[DateMention], sent_of: list[int], pub: date
    ) -> tuple[date, int, DateMention | None]:
        """The date of the report's news: the first day-precise date of its lead (cues.toml
        ``lead_sentences``), else the day before publication with precision 2 (ACLED codes the
        week when the day is unstated)."""
        for dm in mentions:
            if (
                sent_of[dm.first] < self.cues.lead_sentences
                and dm.precision == 1
                and 0 <= (pub - dm.date).days < 7
            ):
                return dm.date, dm.precision, dm
        return pub - timedelta(days=self.cues.undated_days_before), 2, None

    def _is_background(
        self,
        index: DocIndex,
        tokens: Sequence[Token],
        cand: Candidate,
        all_candidates: list[Candidate],
        s_first: int,
        event_date: date,
        pub: date,
    ) -> bool:
        c_first, c_last = cand.clause
        if (pub - event_date).days >= self.cues.days_before_publication:
            return True
        for b_first, b_last, b_kind in index.background:
            if b_kind == "introduces" and b_last >= cand.first:
                continue
            # a cue in the trigger's own clause, or one opening the sentence (يذكر أن …); a cue
            # inside another clause (a relative "وافقت مؤخرا") dates that clause only
            if (c_first <= b_first and b_last <= c_last) or (
                s_first <= b_first <= s_first + 2 and b_last <= c_last
            ):
                return True
        # "بعد ثلاثة أيام على هجوم انتحاري"، "بعد يومين من الغارة": a span of time after an act
        # marks that act as the earlier one (the span names the days; any count may stand in it)
        if self._elapsed_before(tokens, cand):
            return True
        # pluperfect كان/كانت … قد before the trigger
        # (كان may open the clause far before the trigger: "وكان عناصر داعش قد أطلقوا … صواريخ")
        # (quotes may cut the clause between them, so the sentence is searched, 12 tokens back)
        for i in range(max(s_first, cand.first - 12), cand.first):
            if (
                tokens[i].norm in self.cues.pluperfect_aux
                or tokens[i].text in self.cues.pluperfect_aux
            ):
                window = tokens[i + 1 : min(cand.first + 1, i + 1 + self.cues.pluperfect_window)]
                if any(t.norm == self.cues.pluperfect_particle for t in window):
                    return True
                if (
                    i == s_first
                    and cand.first - i <= self.cues.pluperfect_window
                    and tokens[cand.first].norm in self.lexicon.verb_only
                ):
                    # "وكانت قوات النظام قصفت البلدة": كان opening the sentence, then a past
                    # verb, is the pluperfect even without قد
                    return True
        # weak cues (عقب، إثر): the event they introduce precedes the sentence's main event
        for i in range(max(c_first, cand.first - 2), cand.first):
            if tokens[i].norm in self.cues.weak_background:
                main = [
                    o
                    for o in all_candidates
                    # the act "after" relates to is its own clause's ("تقدمت القوات، بعد سيطرتها
                    # على بلدة": the takeover is today's news, not a strike of another clause)
                    if o.clause == cand.clause
                    and o.first < i
                    and not o.spec.weak
                    and o.spec.id != cand.spec.id
                ]
                if (
                    main
                    and main[0].sub_event_type
                    and main[0].sub_event_type != cand.sub_event_type
                ):
                    main_type = self.taxonomy.event_type(main[0].sub_event_type)
                    if main_type != self.taxonomy.event_type(cand.sub_event_type):
                        return True
        return False

    # ------------------------------------------------------------------ sources
    def _document_source(
        self,
        tokens: Sequence[Token],
        outlet: str | None,
        outlets: list[PhraseMatch[Any]] | None = None,
    ) -> tuple[str | None, str | None, list[Span]]:
        spans: list[Span] = []
        scale: str | None = None
        name = outlet
        if outlets is None:
            outlets = self.cues.outlets.find(tokens)
        if outlets:
            label, scale = outlets[0].values[0]
            spans.append(Span(tokens[outlets[0].first].start, tokens[outlets[0].last].end))
            name = name or label
        return name, scale, spans

    def _event_source(
        self,
        index: DocIndex,
        tokens: Sequence[Token],
        s_first: int,
        s_last: int,
        outlet: str | None,
        outlet_scale: str | None,
        outlet_spans: list[Span],
    ) -> tuple[str | None, str | None, list[Span]]:
        found = [m for m in index.sources if s_first <= m[0] and m[1] <= s_last] or index.sources
        labels: list[str] = []
        spans = list(outlet_spans)
        scale = outlet_scale
        for m_first, m_last, (label, sscale) in found[:2]:
            if label not in labels:
                labels.append(label)
            spans.append(Span(tokens[m_first].start, tokens[m_last].end))
            if sscale == "Local partner":
                scale = f"Local partner-{outlet_scale}" if outlet_scale else "Local partner-Other"
            elif scale is None:
                scale = sscale
        names = ([outlet] if outlet else []) + [lbl for lbl in labels if lbl != outlet]
        return ("; ".join(names) or None), scale, spans


# ---------------------------------------------------------------------- helpers
def _longest(matches: list[PhraseMatch[Any]]) -> list[PhraseMatch[Any]]:
    """Longest non-overlapping matches, in text order (PhraseMatcher.find's rule)."""
    ordered = sorted(matches, key=lambda m: (-(m.last - m.first), m.first))
    taken: set[int] = set()
    kept: list[PhraseMatch[Any]] = []
    for m in ordered:
        span = range(m.first, m.last + 1)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(m)
    kept.sort(key=lambda m: m.first)
    return kept


def _sentence_index(tokens: Sequence[Token], extraction: Extraction) -> list[int]:
    """The sentence number of every token (the last sentence takes what follows the others),
    found by bisection on the token starts, one run per sentence."""
    sentences = extraction.sentences
    starts = [t.start for t in tokens]
    out: list[int] = []
    done = 0
    for s in range(len(sentences) - 1):
        upto = max(done, bisect_left(starts, sentences[s].end))
        out.extend([s] * (upto - done))
        done = upto
    out.extend([max(len(sentences) - 1, 0)] * (len(tokens) - done))
    return out


def _all_sentence_bounds(sent_of: list[int]) -> dict[int, tuple[int, int]]:
    """Sentence number → (first, last) token index; ``sent_of`` never decreases, so each
    sentence's run ends where bisection finds the next number."""
    bounds: dict[int, tuple[int, int]] = {}
    i, n = 0, len(sent_of)
    while i < n:
        s = sent_of[i]
        j = bisect_right(sent_of, s, i)
        bounds[s] = (i, j - 1)
        i = j
    return bounds


def _token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Tokens overlapping the characters [start, end), by binary search (tokens are sorted)."""
    lo = bisect_right(tokens, start, key=lambda t: t.end)
    first = last = None
    for i in range(lo, len(tokens)):
        tok = tokens[i]
        if tok.start >= end:
            break
        if tok.end > start:
            if first is None:
                first = i
            last = i
    if first is None or last is None:
        return None
    return first, last


def _refs_actors(tokens: Sequence[Token], actors: list[Actor]) -> list[ActorRef]:
    refs = []
    for a in actors:
        r = _token_range(tokens, a.start, a.end)
        if r:
            refs.append(ActorRef(r[0], r[1], a))
    refs.sort(key=lambda r: r.first)
    return refs


def _refs_places(
    tokens: Sequence[Token], places: list[Place], actors: list[ActorRef]
) -> list[PlaceRef]:
    refs = []
    in_actor = {i for a in actors for i in range(a.first, a.last + 1)}
    for p in places:
        if p.latitude is None or p.longitude is None:
            continue
        r = _token_range(tokens, p.start, p.end)
        if r is None:
            continue
        # a place inside an actor's name (حزب الله اللبناني، الجيش السوري) is not a location
        if any(i in in_actor for i in range(r[0], r[1] + 1)):
            continue
        refs.append(PlaceRef(r[0], r[1], p))
    refs.sort(key=lambda r: r.first)
    return refs


def _focus_place(places: list[PlaceRef], sent_of: list[int]) -> PlaceRef | None:
    """The document's focus: the most mentioned specific place, when it is clearly the report's
    place – mentioned more than half the time. A report ranging over several places has no
    focus: an event with no place of its own there would be guessed, not coded."""
    if not places:
        return None
    counts: Counter[str] = Counter()
    first_ref: dict[str, PlaceRef] = {}
    for p in places:
        key = p.place.feature_id or p.place.name
        counts[key] += 1 if (p.place.geo_precision or 1) < 3 else 0.5  # type: ignore[assignment]
        first_ref.setdefault(key, p)
    best = max(counts, key=lambda k: (counts[k], -first_ref[k].first))
    if counts[best] * 2 <= sum(counts.values()):
        return None
    return first_ref[best]


def _clause_date(
    tokens: Sequence[Token],
    mentions: list[DateMention],
    first: int,
    last: int,
    trigger: int,
    grammar: Grammar,
    trigger_last: int,
) -> DateMention | None:
    """The clause's first date – but a "since" date (منذ 25 يونيو) after the trigger starts a
    state told after it, not the trigger's own date; and a date right after the trigger dates it
    rather than one before it, which dates the verb of saying ("نسبت قوات الحشد يوم الاثنين إلى
    التحالف شن غارة جوية ليل الأحد")."""
    found: DateMention | None = None
    for d in mentions:
        if not (first <= d.first and d.last <= last):
            continue
        if d.first > trigger and d.first > 0 and tokens[d.first - 1].norm in grammar.since:
            continue
        if found is None:
            found = d
        if trigger_last < d.first <= trigger_last + 3:
            return d
    return found


def _last_date(mentions: list[DateMention], first: int, last: int) -> DateMention | None:
    """The last date of an earlier clause of the sentence – not a vague adverb (مؤخرا، في
    الآونة الأخيرة), which dates its own clause only ("فصائل وافقت مؤخرا على المصالحة")."""
    inside = [
        d
        for d in mentions
        if first <= d.first and d.last <= last and not (d.kind == "relative" and d.precision == 3)
    ]
    return inside[-1] if inside else None


def _nearest_date(mentions: list[DateMention], first: int, last: int) -> DateMention | None:
    inside = [d for d in mentions if first <= d.first and d.last <= last]
    return inside[0] if inside else None


def _route_role(tokens: Sequence[Token], ref: PlaceRef, grammar: Grammar) -> str | None:
    """origin / via / destination from the words just before the place (skipping مدينة، بلدة …)."""
    j = ref.first
    for _ in range(3):
        prev = j - 1
        if prev < 0:
            return None
        norm = tokens[prev].norm
        if norm in grammar.origin:
            return "origin"
        if norm in grammar.via:
            return "via"
        if norm in grammar.destination:
            return "destination"
        if not tokens[prev].is_word or norm in grammar.setting_preps:
            return None
        j = prev
    return None


def _victim_groups(
    tokens: Sequence[Token],
    actors: list[ActorRef],
    grammar: Grammar,
    victim_nouns: frozenset[str] = frozenset(),
    loyal_firsts: frozenset[int] | set[int] = frozenset(),
) -> list[tuple[int, str]]:
    """The actors named in a partitive count: "N من (عناصر) X" counts members of X (killed,
    wounded or held), so X is the target of what its clause tells; so does a count of fighters
    loyal to X ("12 مسلحا مواليا للنظام")."""
    out: list[tuple[int, str]] = []
    for a in actors:
        if a.first in loyal_firsts:
            out.append((a.first, a.actor.id or a.actor.name))
            continue
        j = a.first - 1
        if (
            j >= 0
            and tokens[a.first].norm in victim_nouns
            and (tokens[j].norm.isdigit() or _is_number_word(tokens, j))
        ):
            # "خمسة [جنود أتراك]": the actor named by its counted members
            out.append((a.first, a.actor.id or a.actor.name))
            continue
        if j >= 0 and tokens[j].norm in grammar.member_words:
            j -= 1
        if j < 1 or tokens[j].norm not in grammar.partitive:
            continue
        count = tokens[j - 1].norm
        if (
            count.isdigit()
            or count in grammar.count_words
            or count in victim_nouns
            or _is_number_word(tokens, j - 1)
        ):
            out.append((a.first, a.actor.id or a.actor.name))
    return out


def _loyal_groups(
    tokens: Sequence[Token],
    actors: list[ActorRef],
    victim_nouns: frozenset[str],
    loyal: frozenset[str],
    grammar: Grammar,
) -> set[int]:
    """First tokens of the actors named as the side of counted fighters ("12 مسلحا مواليا
    للنظام"، "عناصر موالين لـX"): that side suffers what the sentence tells."""
    out: set[int] = set()
    for a in actors:
        parts = tokens[a.first].parts
        if (
            a.first >= 2
            and tokens[a.first - 1].norm in loyal
            and bool(parts)
            and parts[0].kind == "proclitic"
            and parts[0].text == grammar.recipient
            and (
                tokens[a.first - 2].norm in victim_nouns
                or tokens[a.first - 2].norm.isdigit()
                or _is_number_word(tokens, a.first - 2)
            )
        ) or (
            # the actor stage may span the whole phrase: "12 [مسلحا مواليا للنظام]"
            1 <= a.first < a.last
            and tokens[a.first].norm in victim_nouns
            and tokens[a.first + 1].norm in loyal
            and (tokens[a.first - 1].norm.isdigit() or _is_number_word(tokens, a.first - 1))
        ):
            out.add(a.first)
    return out


def _counted_groups(tokens: Sequence[Token], refs: list[ActorRef], grammar: Grammar) -> set[int]:
    """ids of the actors named in a numbered count and of those joined to them by و ("14 مقاتلا
    من قوات النظام، وفصائل معارضة"): members of all of them are the dead."""
    out: set[int] = set()
    prev: ActorRef | None = None
    for ref in refs:
        parts = tokens[ref.first].parts
        joined = (
            prev is not None
            and id(prev) in out
            and ref.first - prev.last <= 3
            and bool(parts)
            and parts[0].kind == "proclitic"
            and parts[0].text == grammar.conjunction
        )
        if joined or _counted_with_number(tokens, ref, grammar):
            out.add(id(ref))
        prev = ref
    return out


def _counted_with_number(tokens: Sequence[Token], ref: ActorRef, grammar: Grammar) -> bool:
    """The actor is named in a numbered count ("14 مقاتلا من قوات النظام"، "7 عناصر من داعش"):
    the sentence tells its members as casualties, so it is no agent carried to a later clause."""
    j = ref.first - 1
    if (
        j >= 0
        and tokens[ref.first].norm in grammar.member_words
        and (tokens[j].norm.isdigit() or _is_number_word(tokens, j))
    ):
        return True  # "خمسة [جنود أتراك]"
    if j < 2 or tokens[j].norm not in grammar.partitive:
        return False
    # "14 مقاتلا من قوات النظام" (a member noun between) or "مقتل 11 من داعش" (none)
    return any(tokens[k].norm.isdigit() or _is_number_word(tokens, k) for k in (j - 2, j - 1))


def _is_number_word(tokens: Sequence[Token], i: int) -> bool:
    number = read_number(tokens, i)
    return number is not None and number.last == i


def _joined(token: Token, conjunction: str) -> bool:
    """The token carries the conjunction و as its first proclitic."""
    parts = token.parts
    return bool(parts) and parts[0].kind == "proclitic" and parts[0].text == conjunction


def _governed(token: Token, grammar: Grammar) -> bool:
    """The token carries a preposition (ل "to", ب "with/by", ك "like"): a noun so marked is
    never a verb's subject."""
    parts = token.parts
    return bool(parts) and parts[0].kind == "proclitic" and parts[0].text in grammar.governing


def _instrument(token: Token, grammar: Grammar) -> bool:
    """The token carries the preposition ب ("with"): a weapon used, not an act by itself."""
    parts = token.parts
    return bool(parts) and parts[0].kind == "proclitic" and parts[0].text == grammar.instrument


def _place_key(ref: PlaceRef) -> str:
    return ref.place.feature_id or ref.place.name


def _drop_qualifiers(
    tokens: Sequence[Token], places: list[PlaceRef], grammar: Grammar
) -> list[PlaceRef]:
    """A place that only situates the place before it (X جنوبي إدلب، X بريف درعا) is not an event
    location of its own: ACLED codes the most specific place named."""
    kept: list[PlaceRef] = []
    for p in places:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and p.first - prev.last <= 3
            # "حلب وحماة ومناطق بريف الحسكة": a place after و is listed, it situates nothing
            and not any(
                bool(t.parts)
                and t.parts[0].kind == "proclitic"
                and t.parts[0].text == grammar.conjunction
                for t in tokens[prev.last + 1 : p.first + 1]
            )
            and (prev.place.feature_id is None or prev.place.feature_id != p.place.feature_id)
            and (
                (p.place.geo_precision or 1) >= (prev.place.geo_precision or 1)
                or p.place.direction is not None
            )
            and (
                p.place.direction is not None
                or p.place.descriptor == "rif"
                or any(
                    t.norm in grammar.qualifier_links for t in tokens[prev.last + 1 : p.first + 1]
                )
            )
        ):
            continue
        kept.append(p)
    return kept


def _regional(ref: PlaceRef) -> bool:
    """A region rather than a place: a countryside, a province, a direction from a town."""
    place = ref.place
    return (
        (place.geo_precision or 1) >= 2 or place.descriptor == "rif" or place.direction is not None
    )


def _is_qualifier(tokens: Sequence[Token], a: PlaceRef, b: PlaceRef) -> bool:
    return b.first - a.last <= 3


def _set_place(ev: Event, place: Place) -> None:
    ev.location = place.name_en or place.name
    ev.latitude = place.latitude
    ev.longitude = place.longitude
    ev.geo_precision = place.geo_precision
    ev.country = place.country
    ev.admin1 = place.admin1_en or place.admin1
    ev.admin2 = place.admin2_en or place.admin2
    ev.admin3 = place.admin3_en or place.admin3


def _event_id(doc_id: str, ev: Event) -> str:
    key = f"{doc_id}|{ev.sub_event_type}|{ev.trigger}|{ev.location}|{ev.event_date}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _compatible(a: str | None, b: str | None) -> bool:
    """Same actor, or one side unknown: nobody named, or an "unidentified armed group" (the
    group a claim or a later report names)."""
    return a is None or b is None or a == b or _unidentified(a) or _unidentified(b)


def _compatible_side(a: Event, b: Event, side: str) -> bool:
    """Two events' actor on one side is compatible (_compatible): by KB id, or by name when only
    one of them carries an id (a generic actor set with and without its KB id, "Civilians
    (Palestine)", is one party)."""
    a_id, b_id = getattr(a, f"{side}_id"), getattr(b, f"{side}_id")
    a_name, b_name = getattr(a, side), getattr(b, side)
    if _compatible(a_id or a_name, b_id or b_name):
        return True
    return a_name is not None and a_name == b_name


def _unidentified(actor: str | None) -> bool:
    return actor is not None and actor.casefold().startswith(("unidentified", "unidentified_"))


def _merge(
    events: list[Event], anaphoric: set[int] | None = None, separate: set[int] | None = None
) -> list[Event]:
    """ACLED: one event per actor pair, place and day; background never merges with new. An
    anaphoric event (``ووقع الهجوم``) adds its actors to the latest event of its type before it
    and is no event of its own. A second pass merges what the agents handed over by anaphora
    now show to be one act."""
    merged: list[Event] = []
    for ev in events:
        if anaphoric and id(ev) in anaphoric:
            referent = next((k for k in reversed(merged) if k.event_type == ev.event_type), None)
            if (
                referent is not None
                and referent.background != ev.background
                and referent.sub_event_type != ev.sub_event_type
            ):
                # "خلال المعارك التي شهدتها المنطقة قبل أيام" after a takeover: told as earlier,
                # the noun names earlier fighting, not the news event before it
                _merge_into(merged, ev, separate)
                continue
            if referent is not None and _compatible(
                referent.actor1_id or referent.actor1, ev.actor1_id or ev.actor1
            ):
                _absorb(referent, ev)
            continue
        _merge_into(merged, ev, separate)
    if anaphoric:
        again: list[Event] = []
        for ev in merged:
            _merge_into(again, ev, separate)
        merged = again
    return _fold_battles_into_territory(_join_retold(merged))


def _join_retold(events: list[Event]) -> list[Event]:
    """A report that first tells an act without its agent ("قتل 7 أشخاص في هجوم مسلح في بلدة
    س") and at once retells it with the agent ("وقال المسؤول إن مسلحين مجهولين قتلوا 7 أشخاص
    داخل منزل") tells one act: the next event, of the same sub-type, day and toll, with an agent
    where the first has none, adds its agent to the first (whose place stays: the retelling
    names a spot inside it that may resolve elsewhere)."""
    out: list[Event] = []
    for ev in events:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.actor1 is None
            and ev.actor1 is not None
            and prev.sub_event_type == ev.sub_event_type
            and prev.background == ev.background
            and _same_day(prev, ev)
            and bool(prev.fatalities)
            and prev.fatalities == ev.fatalities
            and _compatible(prev.actor2_id or prev.actor2, ev.actor2_id or ev.actor2)
        ):
            _absorb(prev, ev)
            for side in ("actor1", "actor2"):
                if getattr(prev, side) is None and getattr(ev, side) is not None:
                    setattr(prev, side, getattr(ev, side))
                    setattr(prev, f"{side}_id", getattr(ev, f"{side}_id"))
                    setattr(prev, f"inter{side[-1]}", getattr(ev, f"inter{side[-1]}"))
                    if side in ev.field_spans:
                        prev.field_spans[side] = ev.field_spans[side]
            prev.interaction = interaction(prev.inter1, prev.inter2)
            continue
        out.append(ev)
    return out


def _merge_into(merged: list[Event], ev: Event, separate: set[int] | None = None) -> None:
    """Absorb ``ev`` into the first kept event it is one with, else keep it (the dead of a
    separate incident, an id in ``separate``, add to the kept event's)."""
    for kept in merged:
        if (
            (
                kept.sub_event_type == ev.sub_event_type
                or _same_violent_side(kept, ev)
                or kept.event_type == ev.event_type == "Protests"
            )
            and kept.background == ev.background
            and _same_day(kept, ev)
            and _same_place(kept, ev)
            and _compatible_side(kept, ev, "actor1")
            and (_compatible_side(kept, ev, "actor2") or _same_named_act(kept, ev))
        ):
            _absorb(kept, ev, add_fatalities=separate is not None and id(ev) in separate)
            return
    merged.append(ev)


def _same_named_act(a: Event, b: Event) -> bool:
    """One named agent, one kind of act, one place and day: the report names its victims
    differently in two mentions ("14 قتيلا من قوات النظام وفصائل المعارضة" … "استهدف سرية
    عسكرية"), not two acts."""
    return (
        a.sub_event_type == b.sub_event_type
        and bool(a.actor1_id or a.actor1)
        and not _unidentified(a.actor1)
        and (a.actor1_id or a.actor1) == (b.actor1_id or b.actor1)
    )


def _same_day(a: Event, b: Event) -> bool:
    """Same date, or one of them dated only to its week (an undated mention, precision 2) and
    the other within that week: one report telling one act twice, once with its day."""
    if a.event_date == b.event_date:
        return True
    if not a.event_date or not b.event_date:
        return False
    loose = max(a.time_precision or 1, b.time_precision or 1)
    window = {1: 0, 2: 7}.get(loose, 31)
    days = abs((date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)).days)
    return days <= window


def _fold_battles_into_territory(events: list[Event]) -> list[Event]:
    """ACLED codes fighting that ends in a change of control as the territorial event alone
    ("استعادت المعارضة السيطرة على التل … بعد مواجهات مع القوات النظامية"): a clash at the same
    place and day between the same sides (either order) adds its dead and evidence to it. The
    other side's withdrawal told in the same sentence ("استعادت قوات النظام السيطرة على البلدة
    بعد انسحاب مقاتلي المعارضة منها") is part of the takeover too."""
    territory = [ev for ev in events if ev.sub_event_type in _TERRITORY_SUBTYPES]
    if not territory:
        return events
    out: list[Event] = []
    for ev in events:
        holder = next((t for t in territory if _part_of_takeover(ev, t)), None)
        if holder is None:
            out.append(ev)
            continue
        if ev.fatalities and (not holder.fatalities or ev.fatalities < holder.fatalities):
            holder.fatalities = ev.fatalities
            holder.field_spans["fatalities"] = ev.field_spans.get("fatalities", [])
        holder.evidence.extend(s for s in ev.evidence if s not in holder.evidence)
    return out


def _part_of_takeover(ev: Event, t: Event) -> bool:
    same_place = _same_place(t, ev)
    if not same_place or not _same_sides(t, ev):
        return False
    if ev.sub_event_type == "Armed clash":
        return t.background == ev.background and _same_day(t, ev)
    return (
        ev.sub_event_type in _WITHDRAWAL_SUBTYPES
        and bool(ev.evidence)
        and bool(t.evidence)
        # (the takeover may be told twice: its evidence holds every mention's sentence)
        and ev.evidence[0] in t.evidence
    )


def _same_sides(a: Event, b: Event) -> bool:
    """The two events' parties agree in one orientation or the other (an unnamed side agrees
    with any)."""
    a1, a2 = a.actor1_id or a.actor1, a.actor2_id or a.actor2
    b1, b2 = b.actor1_id or b.actor1, b.actor2_id or b.actor2
    return (_compatible(a1, b1) and _compatible(a2, b2)) or (
        _compatible(a1, b2) and _compatible(a2, b1)
    )


def _same_place(a: Event, b: Event) -> bool:
    """One place named twice (the same name, or two spellings resolved within 2 km: "بلدة خان
    شيخون" … "أحياء خان شيخون"), or a province and a place inside it (see _within)."""
    if a.location == b.location or _within(a, b) or _within(b, a):
        return True
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return False
    # (an equirectangular distance is exact enough at 2 km)
    dlat = math.radians(a.latitude - b.latitude)
    dlon = math.radians(a.longitude - b.longitude) * math.cos(math.radians(a.latitude))
    return 6371.0 * math.hypot(dlat, dlon) <= _SAME_PLACE_KM


def _within(wide: Event, narrow: Event) -> bool:
    """``wide`` is only placed at the province (or larger region) that holds ``narrow``'s place:
    the same event told once vaguely and once precisely (انفجار في محافظة إدلب … في بلدة
    سرمدا)."""
    return (
        (wide.geo_precision or 1) >= 3
        and (narrow.geo_precision or 1) < 3
        and wide.admin1 is not None
        and wide.admin1 == narrow.admin1
    )


def _same_violent_side(a: Event, b: Event) -> bool:
    """Two acts of violence by the same named actor1 (ACLED: one event per actor pair, place and
    day – an air and artillery bombardment of one place on one day is one event)."""
    return (
        a.event_type in _VIOLENT_TYPES
        and a.event_type == b.event_type
        and not {a.sub_event_type, b.sub_event_type} & _TERRITORY_SUBTYPES
        and bool(a.actor1_id or a.actor1)
        and (a.actor1_id or a.actor1) == (b.actor1_id or b.actor1)
    )


def _absorb(kept: Event, ev: Event, *, add_fatalities: bool = False) -> None:
    if _within(kept, ev):
        # the precise place wins
        for name in (
            "location",
            "latitude",
            "longitude",
            "geo_precision",
            "country",
            "admin1",
            "admin2",
            "admin3",
        ):
            setattr(kept, name, getattr(ev, name))
        if "location" in ev.field_spans:
            kept.field_spans["location"] = ev.field_spans["location"]
    if (ev.time_precision or 1) < (kept.time_precision or 1) and ev.event_date:
        # the mention that gives the day dates the event
        kept.event_date, kept.time_precision = ev.event_date, ev.time_precision
        if "event_date" in ev.field_spans:
            kept.field_spans["event_date"] = ev.field_spans["event_date"]
    if kept.sub_event_type == "Peaceful protest" and ev.sub_event_type != kept.sub_event_type:
        # one protest told twice: the intervention or force told of it decides the sub-type
        kept.sub_event_type, kept.plover = ev.sub_event_type, ev.plover
    for side in ("actor1", "actor2"):
        other = kept.actor2 if side == "actor1" else kept.actor1
        if (
            (getattr(kept, side) is None or _unidentified(getattr(kept, side)))
            and getattr(ev, side) is not None
            and not _unidentified(getattr(ev, side))
            and getattr(ev, side) != other
        ):
            setattr(kept, side, getattr(ev, side))
            setattr(kept, f"inter{side[-1]}", getattr(ev, f"inter{side[-1]}"))
            setattr(kept, f"{side}_id", getattr(ev, f"{side}_id"))
            if side in ev.field_spans:
                kept.field_spans[side] = ev.field_spans[side]
    kept.interaction = interaction(kept.inter1, kept.inter2)
    if add_fatalities and ev.fatalities:
        # another incident the same day: its dead add up (ACLED sums an aggregated event's)
        kept.fatalities += ev.fatalities
        kept.field_spans.setdefault("fatalities", []).extend(ev.field_spans.get("fatalities", []))
    elif ev.fatalities and (not kept.fatalities or ev.fatalities < kept.fatalities):
        kept.fatalities = ev.fatalities
        kept.field_spans["fatalities"] = ev.field_spans.get("fatalities", [])
    kept.evidence.extend(s for s in ev.evidence if s not in kept.evidence)
    kept.quantities.extend(q for q in ev.quantities if q not in kept.quantities)
    if not kept.route and ev.route:
        kept.route = ev.route
    if not kept.assoc_actor_1 and ev.assoc_actor_1 and ev.assoc_actor_1 != kept.actor1:
        kept.assoc_actor_1 = ev.assoc_actor_1
        kept.field_spans["assoc_actor_1"] = ev.field_spans.get("assoc_actor_1", [])
    kept.confidence = max(kept.confidence or 0, ev.confidence or 0)
