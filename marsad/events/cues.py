"""Context cues (``data/cues.toml``): background markers, clause openers, agent/target markers,
victim nouns, fatality words, the report's sources and outlets — compiled to stem keys."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.events.triggers import key_set, keys_of
from marsad.geo.words import directions as geo_directions
from marsad.text import PhraseMatcher, normalize, phrase_key

DATA_DIR = Path(__file__).parent / "data"
CUES_PATH = DATA_DIR / "cues.toml"
GRAMMAR_PATH = DATA_DIR / "grammar.toml"


def _keys(words: list[str]) -> frozenset[str]:
    """Stem keys of function words (one key each, as the token's ``norm`` carries it)."""
    return frozenset(phrase_key(w) for w in words)


@dataclass(frozen=True, slots=True)
class Grammar:
    """Function words and affixes of argument linking (``data/grammar.toml``)."""

    origin: frozenset[str] = frozenset()
    via: frozenset[str] = frozenset()
    destination: frozenset[str] = frozenset()
    setting_preps: frozenset[str] = frozenset()
    directions: frozenset[str] = frozenset()
    qualifier_links: frozenset[str] = frozenset()
    source_seat: frozenset[str] = frozenset()
    partitive: frozenset[str] = frozenset()
    count_words: frozenset[str] = frozenset()
    member_words: frozenset[str] = frozenset()
    object_preps: frozenset[str] = frozenset()
    with_: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    taken_from: frozenset[str] = frozenset()
    holding: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    elapsed_preps: frozenset[str] = frozenset()
    duration_of: frozenset[str] = frozenset()
    since: frozenset[str] = frozenset()
    conjunction: str = ""
    recipient: str = ""
    governing: frozenset[str] = frozenset()
    instrument: str = ""
    list_separators: frozenset[str] = frozenset()
    object_suffixes: tuple[str, ...] = ()
    fatality_bridge: frozenset[str] = frozenset()
    plural_endings: tuple[str, ...] = ()
    broken_plurals: frozenset[str] = frozenset()
    dual_killed_stem: str = ""
    dual_pronoun: str = ""
    singular_pronouns: tuple[str, ...] = ()
    pronoun_toll_after: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = GRAMMAR_PATH) -> Grammar:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        route, places, counts = raw["route"], raw["places"], raw["counts"]
        time, clitics, fatal = raw["time"], raw["clitics"], raw["fatalities"]
        # compass words (شمال، جنوبي، الشرقية …) are geo's one list (heads.toml [directions])
        compass = _keys([w for words in geo_directions().values() for w in words])
        return cls(
            origin=_keys(route["origin"]),
            via=_keys(route["via"]),
            destination=_keys(route["destination"]),
            setting_preps=_keys(places["setting_preps"]),
            directions=_keys(places["areas"]) | compass,
            qualifier_links=_keys(places["qualifier_links"]) | compass,
            source_seat=_keys(places["source_seat"]),
            partitive=_keys(counts["partitive"]),
            count_words=_keys(counts["count_words"]),
            member_words=_keys(counts["member_words"]),
            object_preps=_keys(raw["roles"]["object_preps"]),
            with_=_keys(raw["roles"]["with"]),
            relatives=_keys(raw["roles"]["relatives"]),
            taken_from=_keys(raw["roles"].get("taken_from", [])),
            holding=_keys(raw["roles"].get("holding", [])),
            after=_keys(time["after"]),
            elapsed_preps=_keys(time["elapsed_preps"]),
            duration_of=_keys(time["duration_of"]),
            since=_keys(time["since"]),
            conjunction=str(clitics["conjunction"]),
            recipient=str(clitics["recipient"]),
            governing=frozenset(clitics["governing"]),
            instrument=str(clitics["instrument"]),
            list_separators=frozenset(clitics["list_separators"]),
            object_suffixes=tuple(clitics["object_suffixes"]),
            fatality_bridge=_keys(fatal["bridge"]),
            plural_endings=tuple(normalize(s) for s in fatal["plural_endings"]),
            broken_plurals=_keys(fatal["broken_plurals"]),
            dual_killed_stem=phrase_key(fatal["dual_killed_stem"]),
            dual_pronoun=normalize(fatal["dual_pronoun"]),
            singular_pronouns=tuple(normalize(p) for p in fatal["singular_pronouns"]),
            pronoun_toll_after=_keys(fatal["pronoun_toll_after"]),
        )


def _matcher(words: list[str], value: str) -> PhraseMatcher[str]:
    m: PhraseMatcher[str] = PhraseMatcher()
    for w in words:
        for key in keys_of(w):
            m.add(key, value)
    return m


def _background_matcher(strong: list[str], introduces: list[str]) -> PhraseMatcher[str]:
    """Background cues: "background" marks its whole clause, "introduces" only what follows."""
    m: PhraseMatcher[str] = PhraseMatcher()
    for w in strong:
        for key in keys_of(w):
            m.add(key, "background")
    for w in introduces:
        for key in keys_of(w):
            m.add(key, "introduces")
    return m


@dataclass(slots=True)
class Cues:
    background: PhraseMatcher[str]
    pluperfect_aux: frozenset[str]
    pluperfect_particle: str
    pluperfect_window: int
    weak_background: frozenset[str]
    days_before_publication: int
    clause_openers: PhraseMatcher[str]
    consequence: PhraseMatcher[str]
    agent_markers: PhraseMatcher[str]
    target_markers: frozenset[str]
    civilian: frozenset[str]
    armed: frozenset[str]
    fatal_after: frozenset[str]
    fatal_before: frozenset[str]
    wounded: frozenset[str]
    sources: PhraseMatcher[tuple[str, str]]
    outlets: PhraseMatcher[tuple[str, str]]
    #: every phrase cue as (stem key, category, value), for one combined matcher per document
    entries: list[tuple[str, str, object]] = field(default_factory=list)
    cancel_before: frozenset[str] = frozenset()
    cancel_window: int = 3
    #: cue words that cancel only a trigger within ``near_window`` tokens after them
    cancel_near: frozenset[str] = frozenset()
    near_window: int = 2
    threat_verbs: frozenset[str] = frozenset()
    call_verbs: frozenset[str] = frozenset()
    call_stops: frozenset[str] = frozenset()
    mishaps: frozenset[str] = frozenset()
    #: a death sentence's words (بالإعدام) and the court words that, earlier in the sentence,
    #: make it a ruling (حكمت المحكمة، الأحد، بالإعدام)
    sentenced: frozenset[str] = frozenset()
    court_words: frozenset[str] = frozenset()
    threat_window: int = 12
    summary_before: frozenset[str] = frozenset()
    summary_after: frozenset[str] = frozenset()
    elapsed_units: frozenset[str] = frozenset()
    vague_areas: frozenset[str] = frozenset()
    vague_quantities: frozenset[str] = frozenset()
    list_openers: frozenset[str] = frozenset()
    witness_verbs: frozenset[str] = frozenset()
    vague_durations: frozenset[str] = frozenset()
    anaphora: bool = True
    locating_verbs: frozenset[str] = frozenset()
    purpose_proclitic: str = ""
    subjected: frozenset[str] = frozenset()
    skip_headline: bool = True
    headline_max_tokens: int = 25
    non_party_kinds: frozenset[str] = frozenset()
    unarmed_kinds: frozenset[str] = frozenset()
    trigger_kinds: frozenset[str] = frozenset()
    drone_words: frozenset[str] = frozenset()
    not_event_locations: frozenset[str] = frozenset()
    theatre: frozenset[str] = frozenset()
    undated_days_before: int = 0
    lead_sentences: int = 2
    ongoing: frozenset[str] = frozenset()
    affiliation: frozenset[str] = frozenset()
    affiliation_window: int = 4
    supporters: frozenset[str] = frozenset()
    loyal: frozenset[str] = frozenset()
    place_anaphors: frozenset[str] = frozenset()
    country_words: frozenset[str] = frozenset()
    border_words: frozenset[str] = frozenset()
    border_preps: frozenset[str] = frozenset()
    vague_destinations: frozenset[str] = frozenset()
    campaign_nouns: frozenset[str] = frozenset()
    campaign_singular: frozenset[str] = frozenset()
    campaign_genitives: frozenset[str] = frozenset()
    campaign_possessed: frozenset[str] = frozenset()
    province_words: frozenset[str] = frozenset()
    undertaking: frozenset[str] = frozenset()
    #: "وهو ما نفاه التحالف": words by which the named agent disowns the act told of it
    disowned: frozenset[str] = frozenset()
    #: sub-event types whose disowned agent is coded as the actor below (id, name, inter)
    disowned_subtypes: frozenset[str] = frozenset()
    disowned_actor: tuple[str, str, int] | None = None
    country_word_preps: frozenset[str] = frozenset()
    between: frozenset[str] = frozenset()
    announcing: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    accident: frozenset[str] = frozenset()
    contrast: frozenset[str] = frozenset()
    side_words: frozenset[str] = frozenset()
    road_leading: frozenset[str] = frozenset()
    subject_openers: frozenset[str] = frozenset()
    permission: frozenset[str] = frozenset()
    air_kinds: frozenset[str] = frozenset()
    feared: frozenset[str] = frozenset()
    armed_anaphors: frozenset[str] = frozenset()
    focus_verbs: frozenset[str] = frozenset()
    same_act_sentences: int = 3
    other_act: frozenset[str] = frozenset()
    separate_words: frozenset[str] = frozenset()
    discourse_nouns: frozenset[str] = frozenset()
    separate_window: int = 4
    act_adjectives: frozenset[str] = frozenset()
    same_words: frozenset[str] = frozenset()
    armed_anaphor_sentences: int = 3
    permission_window: int = 25
    between_window: int = 20
    cause_window: int = 8
    #: function words and affixes (``data/grammar.toml``)
    grammar: Grammar = field(default_factory=Grammar)
    #: a killing word with an object pronoun → the dead it counts (مقتلهما 2، مقتله 1)
    fatal_pronouns: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = CUES_PATH, *, grammar_path: Path = GRAMMAR_PATH) -> Cues:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        bg = raw["background"]
        sources: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
        for phrase, (label, scale) in raw["sources"].items():
            for key in keys_of(phrase):
                sources.add(key, (label, scale))
        outlets: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
        for phrase, (label, scale) in raw["outlets"].items():
            for key in keys_of(phrase):
                outlets.add(key, (label, scale))
        entries: list[tuple[str, str, object]] = []
        phrase_cues: list[tuple[list[str], str, object]] = [
            (bg["strong"], "background", "background"),
            (bg.get("introduces", []), "background", "introduces"),
            (raw["clause"]["openers"], "clause", "clause"),
            (raw["clause"]["consequence"], "consequence", "c"),
            (raw["agent"]["markers"], "agent", "agent"),
            (raw["places"].get("country_words", []), "country", "country"),
            (raw["places"].get("border_words", []), "border", "border"),
            (raw["modality"].get("permission", []), "permission", "permission"),
        ]
        for words, category, value in phrase_cues:
            entries += [(k, category, value) for w in words for k in keys_of(w)]
        for category in ("sources", "outlets"):
            entries += [
                (k, category, tuple(v)) for p, v in raw[category].items() for k in keys_of(p)
            ]
        grammar = Grammar.load(grammar_path)
        fatal_before = key_set(raw["fatalities"]["before_number"])
        return cls(
            background=_background_matcher(bg["strong"], bg.get("introduces", [])),
            pluperfect_aux=key_set(bg["pluperfect_aux"]),
            pluperfect_particle=phrase_key(bg["pluperfect_particle"]),
            pluperfect_window=int(bg["pluperfect_window"]),
            weak_background=key_set(bg["weak"]),
            days_before_publication=int(bg["days_before_publication"]),
            clause_openers=_matcher(raw["clause"]["openers"], "clause"),
            consequence=_matcher(raw["clause"]["consequence"], "consequence"),
            agent_markers=_matcher(raw["agent"]["markers"], "agent"),
            target_markers=key_set(raw["target"]["markers"]),
            civilian=key_set(raw["victims"]["civilian"]),
            armed=key_set(raw["victims"]["armed"]),
            fatal_after=key_set(raw["fatalities"]["after_number"]),
            fatal_before=fatal_before,
            wounded=key_set(raw["fatalities"]["wounded"]),
            sources=sources,
            outlets=outlets,
            entries=[e for e in entries if e[0]],
            # (what a protest denounces – "تنديدا بالقصف الروسي" – is no act told here either)
            cancel_before=key_set(
                raw["modality"]["cancel_before"] + raw["roles"].get("protested", [])
            ),
            cancel_window=int(raw["modality"]["window"]),
            cancel_near=key_set(raw["modality"].get("cancel_near", [])),
            near_window=int(raw["modality"].get("near_window", 2)),
            threat_verbs=key_set(raw["modality"]["threat_verbs"]),
            call_verbs=key_set(raw["modality"].get("call_verbs", [])),
            call_stops=key_set(raw["modality"].get("call_stops", [])),
            mishaps=key_set(raw["modality"].get("mishaps", [])),
            sentenced=key_set(raw["modality"].get("sentenced", [])),
            court_words=key_set(raw["modality"].get("court_words", [])),
            threat_window=int(raw["modality"]["threat_window"]),
            summary_before=key_set(raw["modality"]["summary_before"]),
            summary_after=key_set(raw["modality"]["summary_after"]),
            elapsed_units=key_set(raw["background"].get("elapsed_units", [])),
            vague_areas=key_set(raw["modality"].get("vague_areas", [])),
            vague_quantities=key_set(raw["modality"].get("vague_quantities", [])),
            list_openers=key_set(raw["modality"].get("list_openers", [])),
            witness_verbs=key_set(raw["modality"]["witness_verbs"]),
            vague_durations=key_set(raw["modality"]["vague_durations"]),
            anaphora=bool(raw["anaphora"]["enabled"]),
            locating_verbs=key_set(raw["anaphora"].get("locating_verbs", [])),
            purpose_proclitic=str(raw["modality"]["purpose_proclitic"]),
            subjected=key_set(raw["modality"]["subjected"]),
            skip_headline=bool(raw["headline"]["skip"]),
            headline_max_tokens=int(raw["headline"]["max_tokens"]),
            non_party_kinds=frozenset(raw["roles"]["non_party_kinds"]),
            unarmed_kinds=frozenset(raw["roles"]["unarmed_kinds"]),
            trigger_kinds=frozenset(raw["roles"]["trigger_kinds"]),
            drone_words=key_set(raw["roles"]["drone_words"]),
            not_event_locations=frozenset(raw["places"]["not_event_locations"]),
            theatre=frozenset(raw["places"]["theatre"]),
            undated_days_before=int(raw["dates"]["undated_days_before_publication"]),
            lead_sentences=int(raw["dates"]["lead_sentences"]),
            ongoing=key_set(raw["dates"]["ongoing"]),
            affiliation=key_set(raw["roles"].get("affiliation", [])),
            affiliation_window=int(raw["roles"].get("affiliation_window", 4)),
            supporters=key_set(raw["roles"].get("supporters", [])),
            loyal=key_set(raw["roles"].get("loyal", [])),
            place_anaphors=key_set(raw["places"].get("anaphors", [])),
            same_words=key_set(raw["places"].get("same_words", [])),
            country_words=key_set(raw["places"].get("country_words", [])),
            border_words=key_set(raw["places"].get("border_words", [])),
            border_preps=key_set(raw["places"].get("border_preps", [])),
            vague_destinations=key_set(raw["places"].get("vague_destinations", [])),
            campaign_nouns=key_set(raw["places"].get("campaign_nouns", [])),
            campaign_singular=key_set(raw["places"].get("campaign_singular", [])),
            campaign_genitives=key_set(raw["places"].get("campaign_genitives", [])),
            campaign_possessed=key_set(raw["places"].get("campaign_possessed", [])),
            province_words=key_set(raw["places"].get("province_words", [])),
            undertaking=key_set(raw["roles"].get("undertaking", [])),
            disowned=key_set(raw["roles"].get("disowned", [])),
            disowned_subtypes=frozenset(raw["roles"].get("disowned_subtypes", [])),
            disowned_actor=_disowned_actor(raw["roles"].get("disowned_actor")),
            country_word_preps=key_set(raw["places"].get("country_word_preps", [])),
            between=key_set(raw["roles"].get("between", [])),
            announcing=key_set(raw["roles"].get("announcing", [])),
            causes=key_set(raw["roles"].get("causes", [])),
            accident=key_set(raw["roles"].get("accident", [])),
            contrast=key_set(raw["roles"].get("contrast", [])),
            side_words=key_set(raw["roles"].get("side_words", [])),
            road_leading=key_set(raw["places"].get("road_leading", [])),
            subject_openers=key_set(raw["roles"].get("subject_openers", [])),
            permission=key_set(raw["modality"].get("permission", [])),
            air_kinds=frozenset(raw["roles"].get("air_kinds", [])),
            # (fear, a charge and what a protest denounces: a party after them is no party)
            feared=key_set(
                raw["roles"].get("feared", [])
                + raw["roles"].get("charges", [])
                + raw["roles"].get("protested", [])
            ),
            armed_anaphors=key_set(raw["roles"].get("armed_anaphors", [])),
            focus_verbs=key_set(raw["places"].get("focus_verbs", [])),
            same_act_sentences=int(raw["dates"].get("same_act_sentences", 3)),
            other_act=key_set(raw["roles"].get("other_act", [])),
            separate_words=key_set(raw["roles"].get("separate_words", [])),
            discourse_nouns=key_set(raw["roles"].get("discourse_nouns", [])),
            separate_window=int(raw["roles"].get("separate_window", 4)),
            act_adjectives=key_set(raw["victims"].get("act_adjectives", [])),
            armed_anaphor_sentences=int(raw["roles"].get("armed_anaphor_sentences", 3)),
            permission_window=int(raw["modality"].get("permission_window", 25)),
            between_window=int(raw["roles"].get("between_window", 20)),
            cause_window=int(raw["roles"].get("cause_window", 8)),
            grammar=grammar,
            fatal_pronouns=_pronoun_counts(fatal_before, grammar),
        )


def _pronoun_counts(fatal_before: frozenset[str], grammar: Grammar) -> dict[str, int]:
    """Killing words with an object pronoun: two dead for the dual, one for the singular."""
    counts = {key + suffix: 1 for key in fatal_before for suffix in grammar.singular_pronouns}
    counts.update({key + grammar.dual_pronoun: 2 for key in fatal_before})
    return counts


@lru_cache(maxsize=1)
def default_cues() -> Cues:
    return Cues.load()


def _disowned_actor(spec: dict[str, object] | None) -> tuple[str, str, int] | None:
    """The actor that replaces an agent who disowns the act (``[roles] disowned_actor``)."""
    if not spec:
        return None
    return (str(spec["id"]), str(spec["name"]), int(str(spec["inter"])))
