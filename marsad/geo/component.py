"""The geo pipeline stage: recognise place mentions, resolve them, fill ``extraction.places``."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.geo.build import haversine_km
from marsad.geo.gazetteer import Feature, Gazetteer, name_keys
from marsad.geo.lmr import FeatureExtractor, SpanTagger, key_lexicon, stat_key
from marsad.geo.names import load_names
from marsad.geo.points import LearnedPoint, load_points, mention_key, nearest_km
from marsad.geo.recognize import TITLES, GeoMention, GeoTokens, Recognizer, geo_tokens
from marsad.geo.resolve import Resolution, Resolver, to_place
from marsad.geo.words import word_list
from marsad.model import Extraction, Mention, Place, Token
from marsad.text import normalize, phrase_key, tokenize

#: a town this big (or any country/admin1) keeps its single-word name matchable without a head
STRONG_POPULATION = 100_000
#: where GeoNames' Arabic names are the names Arabic writers use (elsewhere they are often
#: transliterations that collide with words: كان = Cannes, سيول = Seoul)
ARABIC_SPEAKING = frozenset(word_list("arabic_speaking"))
#: foreign towns up to this size are known to Arabic readers only by their transliteration
FOREIGN_MAX_POPULATION = 3_000_000
#: a neighbourhood this far from the town a «حي» is said to be in is another town's namesake
HOOD_KM = 25.0
#: how far after «حي X» / «بلدة X» the town it lies in may be named (tokens)
ANCHOR_WINDOW = 6
OUTLIER_KM = 1000.0
#: a place (below this size) said to be in/near another place farther than this from it is a
#: namesake of one the gazetteer lacks (km; a unit: its admin1 differs and it is this far)
CONTAINED_MAX_POPULATION = 50_000
CONTAINER_KM = 60.0
CONTAINER_COMPASS_KM = 120.0
CONTAINER_UNIT_KM = 120.0
#: a place said to lie on one side of another («X في ريف درعا الشرقي», «X شرقي Y») that the
#: gazetteer puts this far on the opposite side of it is a namesake (km along the compass axis)
WRONG_SIDE_KM = 10.0
#: compass directions as (east, north) unit vectors
COMPASS: dict[str, tuple[float, float]] = {
    "north": (0.0, 1.0),
    "south": (0.0, -1.0),
    "east": (1.0, 0.0),
    "west": (-1.0, 0.0),
    "northeast": (0.7071, 0.7071),
    "northwest": (-0.7071, 0.7071),
    "southeast": (0.7071, -0.7071),
    "southwest": (-0.7071, -0.7071),
}
#: NER labels of people's names: a place name inside a longer one is part of the person's name
PERSON_LABELS = frozenset({"PERS", "PER"})
#: a place this far from the document's focus, in a country nothing else in the document names,
#: is a namesake of a local place the gazetteer lacks (a Syrian hamlet «العبدلي» in a tweet
#: about Kuwait): the focus stands in for it
FOCUS_KM = 300.0
#: hashtag words: «#امطار_الكويت» names no place as a whole but says which country a tweet is about
HASHTAG = re.compile(r"#([^\s#]+)")
#: epithets that end a point of interest's name («مطار الكويت الدولي»; stems, no article)
POI_EPITHETS = frozenset(normalize(w) for w in word_list("poi_epithets"))
#: what the collection's focus counts for in a document: less than one place the document
#: names itself, more than a nameless hamlet
COLLECTION_WEIGHT = 0.75
#: a remembered point (data/learned_points.tsv) replaces the stage's own pick this far from it
OVERRIDE_KM = 100.0
#: nisba endings of nationality adjectives (normalized: ة → ه)
NISBA = word_list("nisba")
#: a ب/ل on the next unit or region says the place before lies in it («X بريف Y»)
CONTAINER_CLITICS = frozenset(word_list("container_clitics"))
#: the tagger may overrule a rule match only on words train has this often
VETO_MIN_SEEN = 3
#: longest text (geo tokens) the span tagger runs on; IDRISI tweets are at most ~70 tokens
TAGGER_MAX_TOKENS = 120


def _not_adjectives(gazetteer: Gazetteer, names: Sequence[str]) -> list[str]:
    """Learnt names without the nationality adjectives among them («الكويتية»: a
    country's name plus a nisba ending), which say whose, not where."""
    out = []
    for name in names:
        stem = next((name[: -len(e)] for e in NISBA if " " not in name and name.endswith(e)), "")
        if stem and any(f.type == "country" for f in gazetteer.by_key(stem)):
            continue
        out.append(name)
    return out


def weak_keys(gazetteer: Gazetteer) -> frozenset[str]:
    """Single-word keys naming only small places: these must look like names to count."""
    strong: set[str] = set()
    for key, ids in gazetteer.keys.items():
        for fid in ids:
            f = gazetteer.features[fid]
            if f.type in ("country", "admin1", "region", "desert", "river") or (
                (f.population or 0) >= STRONG_POPULATION and f.country_code in ARABIC_SPEAKING
            ):
                strong.add(key)
                break
    return frozenset(k for k in gazetteer.keys if " " not in k and k not in strong)


def foreign_keys(gazetteer: Gazetteer) -> frozenset[str]:
    """Single-word keys naming only places outside the Arabic-speaking region and under
    3 million people: GeoNames' Arabic spellings of these are transliterations that collide
    with Arabic words and names (هالة = Halle), so any attested Arabic word is not them."""
    out: set[str] = set()
    for key, ids in gazetteer.keys.items():
        if " " in key:
            continue
        feats = [gazetteer.features[i] for i in ids]
        if all(
            f.type == "place"
            and f.country_code not in ARABIC_SPEAKING
            and (f.population or 0) < FOREIGN_MAX_POPULATION
            for f in feats
        ):
            out.add(key)
    return frozenset(out)


def article_keys(gazetteer: Gazetteer) -> tuple[frozenset[str], frozenset[str]]:
    """Stems of one-word Arabic names written with the article (الميادين → ميادين), and those
    of them never written without it (القاهرة: a bare «قاهرة» is the adjective)."""
    with_article: set[str] = set()
    bare: set[str] = set()
    for f in gazetteer:
        for name in f.all_names():
            norm = normalize(name)
            if " " in norm or not any("\u0621" <= ch <= "\u064a" for ch in norm):
                continue
            if norm.startswith("ال"):
                with_article.add(norm[2:])
            else:
                bare.add(norm)
    return frozenset(with_article), frozenset(with_article - bare)


class GeoComponent:
    """Pipeline stage ``geo``: ``extraction.places`` from tokens and NER LOC mentions."""

    name = "geo"

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        country_prior: dict[str, float] | None = None,
        recognizer: Recognizer | None = None,
        tagger: SpanTagger | None = None,
        points: dict[str, LearnedPoint] | None = None,
        names: Sequence[str] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        #: names whose point the disambiguation train gold agrees on (``marsad.geo.points``)
        self.points = load_points() if points is None else points
        self._point_countries: frozenset[str] | None = None
        self._points_seen: dict[str, LearnedPoint] | None = None
        self.tagger = tagger
        #: how the tagger and the rules combine (leave-one-event-out on IDRISI train chose
        #: "overlay": its spans win where they overlap a rule match, other rule matches stay;
        #: "union": the tagger only adds spans; "tagger": the tagger alone decides)
        self.tagger_mode = "overlay"
        #: in "overlay", a rule match on words seen in train that the tagger leaves out with
        #: at least this probability is dropped (None: every rule match stays)
        self.tagger_veto: float | None = 0.7
        #: the same for a bare one-word match of a small town on words train never saw
        self.small_veto: float | None = 0.8
        #: the tagger was trained and validated on tweets: it runs on texts of that length
        #: (where it costs well under a millisecond); long reports use the rules alone, which
        #: keeps the stage at ~2 ms per 500-word report
        self.tagger_max_tokens = TAGGER_MAX_TOKENS
        self.key_lexicon = key_lexicon(gazetteer) if tagger is not None else {}
        if recognizer is None:
            learnt = load_names() if names is None else list(names)
            recognizer = Recognizer([*gazetteer.keys, *_not_adjectives(gazetteer, learnt)])
        self.recognizer = recognizer
        with_article, article_only = article_keys(gazetteer)
        self.recognizer.set_weak_keys(
            weak_keys(gazetteer), with_article, foreign_keys(gazetteer), article_only
        )
        self.resolver = Resolver(gazetteer, country_prior=country_prior)
        #: where a document that names no place of its own is: set for a collection about
        #: one event (tweets on one flood) from its documents' own foci (``learn_focus``)
        self.collection_focus: _Focus | None = None
        self.features = FeatureExtractor(
            self.recognizer, self.key_lexicon, stats=tagger.stats if tagger is not None else None
        )
        #: country → its most populous town: where an unplaced local name (a hospital, a
        #: neighbourhood) most likely is when the document names only the country
        self.largest_town: dict[str, str] = {}
        sizes: dict[str, int] = {}
        for f in gazetteer:
            if (
                f.type == "place"
                and f.country_code
                and (f.population or 0) > sizes.get(f.country_code, 0)
            ):
                sizes[f.country_code] = f.population or 0
                self.largest_town[f.country_code] = f.id

    def __call__(self, extraction: Extraction) -> Extraction:
        extraction.places = self.places(extraction)
        return extraction

    def places(self, extraction: Extraction) -> list[Place]:
        text = extraction.document.text
        tokens = extraction.tokens or tokenize(text)
        toks = geo_tokens(tokens)
        mentions = _outside_persons(
            self.recognizer.find(toks, ner=extraction.mentions), extraction.mentions
        )
        gold = [(g.start, g.end) for g in mentions if g.source == "gold"]
        if gold:  # given mentions (evaluation) replace the rules' spans they overlap
            for g in mentions:
                if g.source != "gold" and any(s < g.end and g.start < e for s, e in gold):
                    g.output = False
        if self.tagger is not None and len(toks) <= self.tagger_max_tokens:
            mentions = self._learned_spans(toks, mentions)
        mentions = self._tidy_spans(toks, mentions)
        hashtag_countries, hashtag_towns = self._hashtag_evidence(text)
        resolutions = self.resolver.resolve(mentions, country_evidence=hashtag_countries)
        sentence_of = _sentence_index(extraction, [m.start for m in mentions])
        focus = self._focus(resolutions, hashtag_countries, hashtag_towns)
        if focus.country is None and self.collection_focus is not None:
            focus = self.collection_focus
        places: list[Place] = []
        for idx in range(len(resolutions)):
            r = resolutions[idx]
            if not r.mention.output:
                continue
            if r.feature is None and r.mention.head is not None and r.mention.head.countries:
                continue  # «قضاء الصيف» (spending the summer) names no Iraqi district
            local = self._in_focus(r, focus)
            if local is not None:
                r = local
                resolutions = [*resolutions[:idx], r, *resolutions[idx + 1 :]]
            elif _village_named_like_a_city(r, focus):
                # «قرية البسيط» is no Albacete: a village the gazetteer lacks, placed where
                # the document is (the place named next to it, else its focus)
                r = Resolution(r.mention, None, 0.0, 0.0)
                resolutions = [*resolutions[:idx], r, *resolutions[idx + 1 :]]
            elif focus.stray(r.feature, own=_evidence(r)):
                if r.mention.source not in ("ner", "gold") and r.mention.head is None:
                    continue  # a word that only looks like a far-away village
                r = Resolution(r.mention, None, 0.0, 0.0)
                resolutions = [*resolutions[:idx], r, *resolutions[idx + 1 :]]
            elif (
                container := self._far_container(toks, resolutions, idx, sentence_of)
            ) is not None:
                # «قرية مشيرفة التابعة لقضاء الحضر»: the gazetteer's مشيرفة is a Syrian
                # namesake; the place it is said to be in stands in (precision 2)
                m = r.mention
                r = Resolution(m, None, 0.0, 0.0)
                resolutions = [*resolutions[:idx], r, *resolutions[idx + 1 :]]
                place = to_place(
                    self.gazetteer,
                    text,
                    r,
                    anchor=container,
                    name=text[m.name_start : m.name_end],
                    source=m.source,
                )
                if place is not None:
                    places.append(place)
                continue
            elif _outlier(resolutions, idx):
                if r.mention.source not in ("ner", "gold"):
                    continue  # a word that only looks like a far-away town
                # a name the NER stage found, whose only namesake is far away: the gazetteer
                # lacks the real one, so it stands in the document's own area
                r = Resolution(r.mention, None, 0.0, 0.0)
                resolutions = [*resolutions[:idx], r, *resolutions[idx + 1 :]]
            place = self._place(text, toks, resolutions, idx, sentence_of, focus)
            place = self._remembered(text, r, place, focus)
            if place is not None:
                places.append(place)
        return places

    def _in_focus(self, r: Resolution, focus: _Focus) -> Resolution | None:
        """The same name's namesake in the document's country, when the pick is far away in
        a country only this mention names («الأردن … عمان» is Amman, not Oman)."""
        f = r.feature
        if (
            f is None
            or focus.country is None
            or focus.point is None
            or f.country_code == focus.country
            or f.lat is None
            or focus.weights.get(f.country_code or "", 0.0) - _evidence(r) >= 1.0
            or focus.weights.get(focus.country, 0.0) < 1.0
        ):
            return None
        point = focus.point
        if haversine_km(f.lat, f.lon or 0.0, point.lat or 0.0, point.lon or 0.0) <= FOCUS_KM:
            return None
        local = [c for c in self.resolver.candidates(r.mention) if c.country_code == focus.country]
        if not local:
            return None
        return self.resolver.pick(r.mention, local)

    def _learned_spans(self, toks: GeoTokens, mentions: list[GeoMention]) -> list[GeoMention]:
        """Keep the spans the CRF marks: a rule mention it agrees with keeps its head and
        direction; a span the rules did not propose becomes a new mention. NER mentions stay."""
        assert self.tagger is not None
        rules_only = [g for g in mentions if g.source not in ("ner", "gold") and g.output]
        spans = _split_at_hashtags(toks, self.tagger.spans(self.features(toks, rules_only)))
        by_range: dict[tuple[int, int], GeoMention] = {}
        for g in rules_only:
            lo = g.first - 1 if g.head is not None and g.start < toks[g.first].start else g.first
            by_range[(lo, g.last)] = g
            by_range.setdefault((g.first, g.last), g)
        # given mentions (evaluation gold) are authoritative; the tagger fills in around them
        kept: list[GeoMention] = [g for g in mentions if g.source == "gold"]
        for a, b in spans:
            if any(g.first - (g.head is not None) <= b and a <= g.last for g in kept):
                continue
            found = by_range.get((a, b)) or self._compass_split(toks, a, b, rules_only)
            found = found or self.recognizer.span_mention(toks, a, b)
            if found is not None:
                kept.append(found)
        taken = [(g.start, g.end) for g in kept]
        chosen = {id(g) for g in kept}
        for g in mentions:
            if id(g) in chosen:
                continue
            if g.source in ("ner", "gold"):
                if not any(s < g.end and g.start < e for s, e in taken):
                    kept.append(g)
                    taken.append((g.start, g.end))
            elif self.tagger_mode == "overlay":  # the tagger's spans win where they overlap
                if self._vetoed(toks, g):
                    g.output = False
                    kept.append(g)
                elif not any(s < g.end and g.start < e for s, e in taken):
                    kept.append(g)
                    taken.append((g.start, g.end))
                else:
                    g.output = False
                    kept.append(g)
            elif self.tagger_mode == "union":  # the tagger only adds spans
                if any(s < g.end and g.start < e for s, e in taken):
                    kept = [
                        k
                        for k in kept
                        if not (k.start < g.end and g.start < k.end) or k.source in ("ner", "gold")
                    ]
                    taken = [(k.start, k.end) for k in kept]
                if not any(s < g.end and g.start < e for s, e in taken):
                    kept.append(g)
                    taken.append((g.start, g.end))
            else:  # not chosen by the tagger: context only
                g.output = False
                kept.append(g)
        kept.sort(key=lambda g: g.start)
        return kept

    def _compass_split(
        self, toks: GeoTokens, a: int, b: int, rules_only: Sequence[GeoMention]
    ) -> GeoMention | None:
        """A tagger span «X شرقي Y» whose end the rules read as a compass phrase: the mention
        keeps the whole span but is the name X, so that Y (left as context) is the place X is
        said to lie beside (a far namesake of X gives way to Y) — not X looked up as a whole."""
        for g in rules_only:
            if g.last != b or g.head is None or g.head.descriptor != "near" or not g.direction:
                continue
            compass = next((k for k in range(a, g.first) if toks[k].start >= g.start), None)
            if compass is None or compass <= a:
                continue
            x = self.recognizer.span_mention(toks, a, compass - 1)
            if x is not None:
                x.end = toks[b].end
                return x
        return None

    def _vetoed(self, toks: GeoTokens, g: GeoMention) -> bool:
        """A rule match the tagger leaves out with probability ≥ ``tagger_veto``, on words
        train annotators were seen to tag or not (the tagger knows them)."""
        if self.tagger_veto is None or self.tagger is None or self.tagger.stats is None:
            return False
        stats = self.tagger.stats
        known = all(
            (c := stats.get(stat_key(toks, k))) is not None and c[1] >= VETO_MIN_SEEN
            for k in range(g.first, g.last + 1)
        )
        if known:
            return self.tagger.outside(g.first, g.last) >= self.tagger_veto
        if self.small_veto is None or g.head is not None or g.first != g.last:
            return False
        small = all(
            f.type == "place" and (f.population or 0) < STRONG_POPULATION
            for f in self.gazetteer.by_key(g.key)
        )
        return small and self.tagger.outside(g.first, g.last) >= self.small_veto

    def _tidy_spans(self, toks: GeoTokens, mentions: list[GeoMention]) -> list[GeoMention]:
        """Span conventions (IDRISI train): a hashtag is a mention of its own (a word before
        it belongs to it only when it is a head: «مدينة #حفر_الباطن», not «جنوب #حفرالباطن»,
        «مول #حفرالباطن»); a vicinity word (محيط) frames the place and is not part of it
        (the «near» descriptor keeps it); a point of interest keeps its trailing epithet
        («مطار الكويت الدولي», «مستشفى حفر الباطن المركزي»)."""
        out: list[GeoMention] = []
        rules = self.recognizer.rules
        # the words that may stand before a hashtag in one mention (only a text with hashtags
        # is cut at them)
        tag_heads = set(rules.heads) | set(rules.poi) if toks.hashtag else set()
        for g in mentions:
            if not g.output or g.source in ("ner", "gold"):
                out.append(g)
                continue
            vicinity = g.head is not None and g.head.descriptor == "near" and not g.direction
            if vicinity and g.name_start > g.start:
                g.start = g.name_start
            lo = next((k for k in range(g.first, -1, -1) if toks[k].start <= g.start), g.first)
            pieces = _hashtag_pieces(toks, lo, g.last, tag_heads) if toks.hashtag else []
            if len(pieces) > 1:
                g.output = False
                out.append(g)
                for a, b in pieces:
                    piece = self.recognizer.span_mention(toks, a, b)
                    if piece is not None:
                        piece.source = g.source
                        out.append(piece)
                continue
            # a title never ends a name: «طريق الملك عبدالعزيز», «مستشفى الملك خالد»
            while (
                toks[g.last].norm in TITLES
                and g.last + 1 < len(toks)
                and toks[g.last + 1].is_word
                and toks.hashtag.get(g.last + 1) == toks.hashtag.get(g.last)
            ):
                g.last += 1
                g.end = g.name_end = toks[g.last].end
                if g.kind == "gazetteer":  # «الملك» was a village's name, not this one's
                    name_first = next(
                        k for k in range(g.first, g.last + 1) if toks[k].end > g.name_start
                    )
                    g.key = " ".join(toks[k].norm for k in range(name_first, g.last + 1))
                    g.kind = "gazetteer" if g.key in self.gazetteer.keys else "unknown"
            if g.kind == "poi" or (
                g.head is not None and g.head.descriptor in ("airport", "crossing")
            ):
                k = g.last + 1
                if k < len(toks) and toks[k].norm in POI_EPITHETS and _has_article(toks[k]):
                    g.last, g.end, g.name_end = k, toks[k].end, toks[k].end
            out.append(g)
        for g in out:  # «شارع تونس» is one mention: the name inside it is context only
            if g.kind == "poi" and g.output:
                for h in out:
                    if h is not g and h.output and g.start <= h.start and h.end <= g.end:
                        h.output = False
        out.sort(key=lambda g: g.start)
        return out

    @property
    def point_countries(self) -> frozenset[str]:
        """The countries the remembered points are in."""
        if self._point_countries is None or self._points_seen is not self.points:
            self._point_countries = frozenset(p.country_code for p in self.points.values())
            self._points_seen = self.points
        return self._point_countries

    def _remembered(
        self, text: str, r: Resolution, place: Place | None, focus: _Focus
    ) -> Place | None:
        """A name the train gold placed consistently, in the country the document is about:
        its remembered point replaces a stand-in or a pick over OVERRIDE_KM from it."""
        if focus.country not in self.point_countries:
            return place  # nothing remembered there (a Syrian report: no lookups at all)
        m = r.mention
        lp = self.points.get(mention_key(text[m.start : m.end])) or self.points.get(
            mention_key(text[m.name_start : m.name_end])
        )
        if lp is None or lp.country_code != focus.country:
            return place
        stand_in = (
            place is None
            or place.latitude is None
            or not (place.source or "").startswith("gazetteer")
        )
        if not stand_in:
            here = self.gazetteer.get(place.feature_id) if place and place.feature_id else None
            if nearest_km(lp, here) <= OVERRIDE_KM:
                return place
            if here is not None and here.type == "place" and m.head and m.head.types == ("place",):
                return place  # «مدينة الرياض»: the town its head names, not the region's point
        name = text[m.name_start : m.name_end] if m.name_end > m.name_start else lp.key
        learned = to_place(
            self.gazetteer,
            text,
            Resolution(m, lp.feature(name), 0.6, 0.6),
            name=name,
            source="learned",
        )
        if learned is not None and place is not None:
            learned.descriptor = place.descriptor or learned.descriptor
            learned.direction = place.direction
        return learned

    # -- stand-ins for what the gazetteer lacks
    def _place(
        self,
        text: str,
        toks: Sequence,
        resolutions: Sequence[Resolution],
        idx: int,
        sentence_of: list[int],
        focus: _Focus,
    ) -> Place | None:
        r = resolutions[idx]
        m = r.mention
        name_text = text[m.name_start : m.name_end]
        is_hay = m.head is not None and m.head.descriptor == "hay"
        if is_hay:
            town = self._town_for(toks, resolutions, idx, sentence_of)
            hood = self._neighbourhood_in(r, town)
            if hood is not None:
                return to_place(self.gazetteer, text, Resolution(m, hood, r.score, r.confidence))
            if town is not None:
                return self._stand_in(text, m, town, name=name_text)
        elif r.feature is not None and r.feature.type == "neighbourhood":
            # «حي الجورة» (a gazetteer name with its «حي») said to be in a town far from the
            # gazetteer's namesake: the town stands in for it
            town = self._town_for(toks, resolutions, idx, sentence_of)
            if town is not None and self._neighbourhood_in(r, town) is None:
                return self._stand_in(text, m, town, name=name_text)
        # «شارع تونس» in Kuwait, «سفارة الكويت» in Amman: a POI named after a far place
        poi_of_country = (
            r.feature is not None
            and m.kind == "poi"
            and (r.feature.type == "country" or focus.stray(r.feature, anchor=True))
        )
        if r.feature is not None and (m.kind != "poi" or m.inner_keys) and not poi_of_country:
            return to_place(self.gazetteer, text, r)
        # an unknown name said again («قرية سديرة … قرية اسديرة») lies where it was first placed
        same = next(
            (
                k
                for k in range(idx)
                if resolutions[k].feature is None
                and resolutions[k].mention.kind == m.kind == "unknown"
                and _bare_key(resolutions[k].mention.key) == _bare_key(m.key)
            ),
            None,
        )
        anchor = self._anchor(
            resolutions, idx if same is None else same, sentence_of, focus=focus.point
        )
        if anchor is None or focus.stray(anchor, anchor=True):
            anchor = focus.point
        if anchor is None:
            # recognised but not placeable (a hospital in a tweet naming nothing else):
            # kept as a mention without coordinates rather than guessed
            return Place(
                start=m.start,
                end=m.end,
                text=text[m.start : m.end],
                name=name_text,
                geo_precision=3,
                descriptor="poi" if m.kind == "poi" else None,
                source=m.source,
                confidence=0.2,
            )
        return self._stand_in(text, m, anchor, name=name_text)

    # -- the document's focus: where its unknown local places most likely are
    def learn_focus(self, extractions: Iterable[Extraction]) -> tuple[str, str] | None:
        """Set ``collection_focus`` to the focus most documents of a collection have (tweets
        about one event: «#المنيل» alone is in the Cairo the other tweets name). Uses only the
        documents' own text. Returns (country code, feature id) or None."""
        self.collection_focus = None
        votes: dict[tuple[str, str], int] = {}
        for extraction in extractions:
            text = extraction.document.text
            toks = geo_tokens(extraction.tokens or tokenize(text))
            mentions = [m for m in self.recognizer.find(toks) if m.output]
            hashtag_countries, hashtag_towns = self._hashtag_evidence(text)
            resolutions = self.resolver.resolve(mentions, country_evidence=hashtag_countries)
            focus = self._focus(resolutions, hashtag_countries, hashtag_towns)
            if focus.country is not None and focus.point is not None:
                key = (focus.country, focus.point.id)
                votes[key] = votes.get(key, 0) + 1
        if not votes:
            return None
        country, fid = max(sorted(votes), key=lambda k: votes[k])
        self.collection_focus = _Focus(country, self.gazetteer.get(fid), {country: 1.0})
        return country, fid

    def _hashtag_evidence(self, text: str) -> tuple[dict[str, float], list[Feature]]:
        """Countries and towns named inside hashtags that are not places as a whole
        («#امطار_الكويت», «#حفرالباطن_الان»): what the tweet is about."""
        countries: dict[str, float] = {}
        towns: list[Feature] = []
        for tag in HASHTAG.findall(text):
            words = [w for w in tag.split("_") if w]
            for size in (3, 2, 1):
                for k in range(len(words) - size + 1):
                    key = phrase_key(" ".join(words[k : k + size]))
                    feats = [f for f in self.gazetteer.by_key(key) if f.country_code]
                    best = self._evident(feats)
                    if best is None:
                        continue
                    countries[best.country_code or ""] = (
                        countries.get(best.country_code or "", 0.0) + 1.0
                    )
                    if best.type != "country":
                        towns.append(best)
        return countries, towns

    @staticmethod
    def _evident(feats: Sequence[Feature]) -> Feature | None:
        """The feature a bare name inside a hashtag stands for: a country, else an admin1 or
        a town of 100k people in an Arabic-speaking country (small namesakes say nothing)."""
        for f in feats:
            if f.type == "country":
                return f
        strong = [
            f
            for f in feats
            if f.country_code in ARABIC_SPEAKING
            and (f.type == "admin1" or (f.population or 0) >= STRONG_POPULATION)
        ]
        return max(strong, key=lambda f: f.population or 0) if strong else None

    def _focus(
        self,
        resolutions: Sequence[Resolution],
        hashtag_countries: dict[str, float],
        hashtag_towns: Sequence[Feature],
    ) -> _Focus:
        """The country the document is about (its places and hashtags) and the point that
        stands for it: its most named town there, else the country's largest town."""
        weights = dict(hashtag_countries)
        named = dict(hashtag_countries)  # the same, without bare country names
        towns: dict[str, int] = {}
        shown = [(r.mention.start, r.mention.end) for r in resolutions if r.mention.output]
        for idx, r in enumerate(resolutions):
            f = r.feature
            if f is None or not f.country_code or _outlier(resolutions, idx):
                continue
            m = r.mention
            if not m.output and any(s < m.end and m.start < e for s, e in shown):
                continue  # the same words, counted once (as the mention that is output)
            # a span the tagger overruled (the «تونس» inside «شارع تونس») says less
            weight = _evidence(r) if m.output else min(0.5, _evidence(r))
            weights[f.country_code] = weights.get(f.country_code, 0.0) + weight
            if f.type != "country":
                named[f.country_code] = named.get(f.country_code, 0.0) + weight
            if f.type in ("place", "admin1", "admin2") and f.lat is not None:
                towns[f.id] = towns.get(f.id, 0) + 1
        for f in hashtag_towns:
            towns[f.id] = towns.get(f.id, 0) + 1
        cf = self.collection_focus
        if cf is not None and cf.country is not None:  # the event the collection is about
            weights[cf.country] = weights.get(cf.country, 0.0) + COLLECTION_WEIGHT
            if cf.point is not None and not any(
                (g := self.gazetteer.get(t)) is not None and g.country_code == cf.country
                for t in towns
            ):
                towns[cf.point.id] = 1
        if not weights:
            return _Focus(None, None, weights)
        prior = self.resolver.country_prior
        country = max(sorted(weights), key=lambda c: (weights[c], prior.get(c, 0.0)))
        ranked = [
            f
            for fid in sorted(towns, key=lambda i: -towns[i])
            if (f := self.gazetteer.get(fid)) is not None and f.country_code == country
        ]
        ranked.sort(key=lambda f: (-towns[f.id], f.type != "place", -(f.population or 0)))
        point = ranked[0] if ranked else self.gazetteer.get(self.largest_town.get(country))
        return _Focus(country, point, weights, named)

    def _far_container(
        self,
        toks: Sequence[Token],
        resolutions: Sequence[Resolution],
        idx: int,
        sentence_of: list[int],
    ) -> Feature | None:
        """The next place named, when a small place is said to lie in or near it («X التابعة
        لـY», «X بريف Y», «X شرقي Y») while the gazetteer puts it far from there."""
        r = resolutions[idx]
        f, m = r.feature, r.mention
        if (
            f is None
            or m.kind != "gazetteer"
            or f.type not in ("place", "neighbourhood")
            or f.lat is None
        ):
            return None
        # the next place named after it; a rule match the tagger's span swallowed (context
        # only: «حصيبة» inside «حصيبة شرقي الرمادي») is none
        nk = idx + 1
        while (
            m.source == "lmr"
            and nk < len(resolutions)
            and not resolutions[nk].mention.output
            and resolutions[nk].mention.first <= m.last
        ):
            nk += 1
        if nk >= len(resolutions):
            return None
        nxt = resolutions[nk]
        if (f.population or 0) >= CONTAINED_MAX_POPULATION and (
            nxt.mention.head is None or not nxt.mention.direction or m.key in name_keys(f.name)
        ):
            # a town is no namesake — unless reached by a secondary alias and said to lie on
            # one side of another place («حصيبة شرقي الرمادي»: GeoNames gives Al-Qaim the alias)
            return None
        g = nxt.feature
        if (
            g is None
            or g.type in ("country", "sea", "river")
            or g.lat is None
            or sentence_of[nk] != sentence_of[idx]
            or nxt.mention.first - m.last > ANCHOR_WINDOW
            or nxt.mention.first <= m.last
        ):
            return None
        gap = [toks[k] for k in range(m.last + 1, nxt.mention.first + 1)]
        if any(t.norm == "و" or _has_wa(t) for t in gap):
            return None  # «حلب ودمشق»: a list, not containment
        rules = self.recognizer.rules
        head = nxt.mention.head
        unit = g.type in ("admin1", "admin2", "admin3", "region", "desert")
        said_inside = (
            (head is not None and (head.descriptor in ("rif", "badia", "near")))
            or any(t.norm in rules.inside for t in gap[:-1])
            or (
                unit
                and (
                    any(t.norm in rules.inside_unit for t in gap[:-1])
                    or _proclitic(gap[-1]) in CONTAINER_CLITICS
                )
            )
        )
        if not said_inside:
            return None
        if f.country_code != g.country_code:
            return g
        if _wrong_side(f, g, nxt.mention.direction):
            return g  # «تل الشيخ حسين في ريف درعا الشرقي»: not the hill west of Daraa
        km = haversine_km(f.lat, f.lon or 0.0, g.lat, g.lon or 0.0)
        a1 = g.id if g.type == "admin1" else g.admin1_id
        other_unit = a1 is not None and f.admin1_id not in (None, a1)
        if g.type in ("admin1", "admin2", "region", "desert"):
            far = other_unit and km > CONTAINER_UNIT_KM
        elif head is not None and head.descriptor in ("rif", "badia"):
            # «ريف دير الزور» is the whole governorate's countryside
            far = other_unit and km > CONTAINER_KM
        elif head is not None and head.descriptor == "near":
            far = km > CONTAINER_COMPASS_KM  # «مخمور شرق الموصل»: ~75 km
        else:
            far = km > CONTAINER_KM
        return g if far else None

    def _stand_in(self, text: str, m: GeoMention, anchor: Feature, *, name: str) -> Place | None:
        """A mention the gazetteer cannot place (an unknown village, a neighbourhood not known
        in its town), placed at ``anchor`` – the town, unit or place that stands in for it."""
        return to_place(
            self.gazetteer,
            text,
            Resolution(m, None, 0.0, 0.0),
            anchor=anchor,
            name=name,
            source=m.source,
        )

    def _neighbourhood_in(self, r: Resolution, town: Feature | None) -> Feature | None:
        hoods = [f for f in self.resolver.candidates(r.mention) if f.type == "neighbourhood"]
        if town is not None:
            hoods = [
                f
                for f in hoods
                if f.parent_id == town.id
                or (town.pcode and f.pcode and f.parent_id and f.parent_id.endswith(town.pcode))
            ]
        if len(hoods) == 1 or (hoods and town is not None):
            return hoods[0]
        f = r.feature
        if f is None or f.type != "neighbourhood":
            return None
        if town is not None and (
            f.lat is None
            or town.lat is None
            or haversine_km(f.lat, f.lon or 0.0, town.lat, town.lon or 0.0) > HOOD_KM
        ):
            return None  # a namesake in another town: the town it is said to be in stands in
        return f

    def _town_for(
        self, toks: Sequence, resolutions: Sequence[Resolution], idx: int, sentence_of: list[int]
    ) -> Feature | None:
        """The town a حي lies in: named right after it («حي التمو في مدينة البوكمال»), pointed at
        («جنوبي المدينة» = the town last named), or else the last town named before it."""
        m = resolutions[idx].mention
        for r in resolutions[idx + 1 :]:
            if r.mention.first - m.last > ANCHOR_WINDOW:
                break
            if (
                r.feature is not None
                and r.feature.type in ("place", "admin3")
                and r.mention.kind == "gazetteer"
            ):
                return r.feature
        before = [
            r
            for r in reversed(resolutions[:idx])
            if r.feature is not None
            and r.feature.type == "place"
            and (r.mention.head is None or r.mention.head.descriptor is None)
        ]
        named_town = [r for r in before if r.mention.head is not None]  # «مدينة الميادين»
        chosen = named_town or before
        return chosen[0].feature if chosen else None

    def _anchor(
        self,
        resolutions: Sequence[Resolution],
        idx: int,
        sentence_of: list[int],
        *,
        focus: Feature | None = None,
    ) -> Feature | None:
        """Where an unknown village or POI lies: the place named just after it in the same
        sentence («بلدة عياش بريف دير الزور»), else the nearest one before, else the document's
        focus town (``focus``), else the document's
        most named admin1."""
        m = resolutions[idx].mention
        for k in range(idx + 1, len(resolutions)):
            r = resolutions[k]
            if r.mention.first - m.last > ANCHOR_WINDOW or sentence_of[idx] != sentence_of[k]:
                break
            if r.feature is not None and r.feature.type != "country":
                return r.feature
        for k in range(idx - 1, -1, -1):
            r = resolutions[k]
            if (
                sentence_of[k] == sentence_of[idx]
                and r.feature is not None
                and r.feature.type != "country"
            ):
                return r.feature
        if focus is not None:  # the town the document is about
            return focus
        counts: dict[str, int] = {}
        for r in resolutions:
            f = r.feature
            a1 = f.id if f is not None and f.type == "admin1" else (f.admin1_id if f else None)
            if a1:
                counts[a1] = counts.get(a1, 0) + 1
        if not counts:  # else the largest town of the country the document names most
            for r in resolutions:
                cc = r.feature.country_code if r.feature is not None else None
                if cc and cc in self.largest_town:
                    counts[self.largest_town[cc]] = counts.get(self.largest_town[cc], 0) + 1
        if counts:
            return self.gazetteer.get(max(sorted(counts), key=lambda k: counts[k]))
        return None


@dataclass
class _Focus:
    """The document's country, the point standing for it, and each country's evidence."""

    country: str | None
    point: Feature | None
    weights: dict[str, float] = field(default_factory=dict)
    #: each country's evidence from its places only: «قرب الحدود مع سوريا» names no Syrian
    #: village, so a Syrian namesake in an Iraqi report stays a stray
    places: dict[str, float] | None = None

    def stray(self, f: Feature | None, *, anchor: bool = False, own: float = 0.0) -> bool:
        """A small place in a country nothing else names (``own``: its own evidence), far
        from the focus: a namesake of a local place the gazetteer lacks."""
        if f is None or self.country is None or self.point is None or f.lat is None:
            return False
        if f.country_code == self.country or f.type in ("country", "sea", "river"):
            return False
        if not anchor and (
            f.type in ("admin1", "region", "desert")
            or (f.population or 0) >= STRONG_POPULATION
            or (self.weights if self.places is None else self.places).get(f.country_code or "", 0.0)
            - own
            >= 1.0
        ):
            return False
        if self.weights.get(self.country, 0.0) < 1.0:
            return False
        far = haversine_km(f.lat, f.lon or 0.0, self.point.lat or 0.0, self.point.lon or 0.0)
        return far > FOCUS_KM


def _bare_key(key: str) -> str:
    """A name key without a prothetic alef: «اسديرة» and «سديرة» are spellings of one name."""
    return key[1:] if key.startswith("ا") and len(key) > 4 else key


def _wrong_side(f: Feature, g: Feature, direction: str | None) -> bool:
    """Whether ``f`` lies more than WRONG_SIDE_KM on the side of ``g`` opposite to the one a
    compass word says it is on."""
    axis = COMPASS.get(direction or "")
    if axis is None or f.lat is None or g.lat is None:
        return False
    east = (f.lon or 0.0) - (g.lon or 0.0)
    east_km = east * 111.32 * math.cos(math.radians(g.lat))
    north_km = (f.lat - g.lat) * 110.57
    return east_km * axis[0] + north_km * axis[1] < -WRONG_SIDE_KM


def _evidence(r: Resolution) -> float:
    """How much a resolved mention says about the document's country: a country, an admin1
    or a known town named with a head or in several words most; a village or neighbourhood
    without population (one of many same-named hamlets) least."""
    f, m = r.feature, r.mention
    if f is None:
        return 0.0
    if m.kind == "poi":
        return 0.5  # a street or embassy named after a place says little of where it is
    if f.type in ("country", "admin1"):
        return 2.0
    if not f.population:
        return 0.5
    return 2.0 if m.head is not None or m.first != m.last else 1.0


def _hashtag_pieces(toks: GeoTokens, lo: int, hi: int, heads: set[str]) -> list[tuple[int, int]]:
    """Tokens lo..hi cut where a hashtag begins or ends; plain words before a hashtag stay
    with it only when they are all heads («منطقة #النسيم»)."""
    pieces: list[tuple[int, int]] = []
    start = lo
    for k in range(lo + 1, hi + 1):
        if toks.hashtag.get(k) != toks.hashtag.get(k - 1):
            pieces.append((start, k - 1))
            start = k
    pieces.append((start, hi))
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if (
            merged
            and toks.hashtag.get(a) is not None
            and toks.hashtag.get(merged[-1][1]) is None
            and all(toks[k].norm in heads for k in range(merged[-1][0], merged[-1][1] + 1))
        ):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _has_article(t: Token) -> bool:
    return any(part.kind == "article" for part in t.parts)


def _split_at_hashtags(toks: GeoTokens, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """«#معهد_الأورام #المنيل» are two mentions: a span never runs across hashtags."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        start = a
        for k in range(a + 1, b + 1):
            here, before = toks.hashtag.get(k), toks.hashtag.get(k - 1)
            if here is not None and before is not None and here != before:
                out.append((start, k - 1))
                start = k
        out.append((start, b))
    return out


def _outlier(resolutions: Sequence[Resolution], idx: int) -> bool:
    """A bare one-word match in a country no other place of the document is in, over
    OUTLIER_KM from all of them («السوري» matching Surrey, Canada, in a report on Deir ez-Zor)."""
    r = resolutions[idx]
    f = r.feature
    ner = r.mention.source in ("ner", "gold")
    if f is None or r.mention.head is not None or (r.mention.first != r.mention.last and not ner):
        return False
    if f.type == "country" or (f.type == "admin1" and not ner) or f.lat is None or f.lon is None:
        return False
    if ner and (f.population or 0) >= STRONG_POPULATION:
        return False  # «مسؤول في موسكو»: a city the NER found is that city, however far
    others: list[Feature] = []
    for k, x in enumerate(resolutions):
        if k != idx and x.feature is not None:
            if x.feature.country_code == f.country_code:
                return False  # another place of the document is in its country
            others.append(x.feature)
    points = [o for o in others if o.type != "country" and o.lat is not None]
    # a village (no population known) far from everything else needs less evidence to drop
    needed = 1 if ner or not f.population else 2
    if not f.population and others and not points:
        return True  # «الكويت» and a Syrian hamlet of the same spelling as a common word
    if len(points) < needed:
        return False
    return all(haversine_km(f.lat, f.lon, o.lat or 0.0, o.lon or 0.0) > OUTLIER_KM for o in points)


def _outside_persons(mentions: list[GeoMention], ner: Sequence[Mention]) -> list[GeoMention]:
    """Drop a bare name (no head) that lies inside a longer person's name the NER stage found:
    «أبو بكر» in «أبو بكر البغدادي» is no village, «بشار» in «بشار الأسد» not Béchar."""
    persons = sorted((m.start, m.end) for m in ner if m.label in PERSON_LABELS)
    if not persons:
        return mentions
    starts = [s for s, _ in persons]
    kept: list[GeoMention] = []
    for g in mentions:
        i = bisect_right(starts, g.start) - 1  # NER mentions do not overlap: one may hold it
        if g.head is None and g.source != "gold" and i >= 0:
            s, e = persons[i]
            if g.end <= e and e - s > g.end - g.start:
                continue
        kept.append(g)
    return kept


def _sentence_index(extraction: Extraction, starts: list[int]) -> list[int]:
    """The sentence each position lies in (the first that holds it; len(sentences) if none)."""
    bounds = [(s.start, s.end) for s in extraction.sentences]
    if not bounds:
        return [0] * len(starts)
    firsts = [a for a, _ in bounds]
    if all(a <= b <= c for (a, b), c in zip(bounds, [*firsts[1:], math.inf], strict=True)):
        # sentences in order, none overlapping the next (as the text layer makes them): the
        # only one that can hold a position is the last one starting at or before it
        out = []
        for pos in starts:
            k = bisect_right(firsts, pos) - 1
            out.append(k if k >= 0 and pos < bounds[k][1] else len(bounds))
        return out
    out = []
    for pos in starts:
        k = next((i for i, (a, b) in enumerate(bounds) if a <= pos < b), len(bounds))
        out.append(k)
    return out


def _proclitic(t: Token) -> str:
    """The first proclitic of a token (normalized), or ''."""
    for part in t.parts:
        if part.kind == "proclitic":
            return normalize(part.text)
    return ""


def _has_wa(t: Token) -> bool:
    return _proclitic(t) == "و"


def _village_named_like_a_city(r: Resolution, focus: _Focus) -> bool:
    """A village head («قرية», «بلدة») whose only reading is a city of 100k+ in a country the
    rest of the document does not name."""
    f, head = r.feature, r.mention.head
    if f is None or head is None or not head.small or focus.country is None:
        return False
    if (f.population or 0) < STRONG_POPULATION or f.country_code == focus.country:
        return False
    return focus.weights.get(f.country_code or "", 0.0) - _evidence(r) < 1.0
