"""Toponym recognition: gazetteer keys on clitic-split tokens, keyword heads, directions, lists.

Finds the stretches of a document that name places and what the text says about them: a head
(مدينة، بلدة، محافظة، ريف، بادية، حي …) sets the expected feature types and a descriptor, a compass
word before (شرق الميادين) or after (ريف دير الزور الغربي) keeps the direction, and a plural head
spreads over a coordinated list (محافظات حلب وحمص وحماه). Single words that are also common
Arabic words need a head to count (see ``data/heads.toml``).
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from marsad.geo.words import HEADS_PATH, word_list
from marsad.geo.words import directions as compass_words
from marsad.model import Mention, Token
from marsad.text import PhraseMatcher, normalize, phrase_key, tokenize

STOPLIST_PATH = Path(__file__).parent / "data" / "stoplist.txt"

#: a single-word name seen this often in the news corpus (normalized, article or not) and
#: naming no town of 100k+, no country and no admin1 needs a head (measured on IDRISI train)
COMMON_WORD_FREQ = 40
#: the same for names of small foreign towns (their Arabic spelling is a transliteration)
FOREIGN_WORD_FREQ = 3
#: heads after which an unknown word is still taken as a place name (بلدة عياش)
OPEN_HEADS = frozenset({"place", "neighbourhood", "admin3", "camp"})
#: points of interest: a head + name makes a location mention (IDRISI HPOI/ST), placed at the
#: town it contains or the document's nearest town
POI_HEADS = word_list("poi_heads")
#: a word before a POI head that makes it no place («عن طريق»: by means of)
_POI_BLOCKERS = frozenset(normalize(w) for w in word_list("poi_blockers"))
#: a preposition clitic (ب ل ك) starts a new phrase
_PREPOSITION_CLITICS = frozenset(word_list("preposition_clitics"))
#: proclitics that rarely stand before names (ك like, ف so)
_RARE_NAME_PROCLITICS = frozenset(word_list("rare_name_proclitics"))
#: between a plural head's names: a list goes on
_LIST_SEPARATORS = frozenset(word_list("list_separators"))
#: a POI whose name words are all this common names nothing («بطريق الخطأ»)
POI_COMMON_FREQ = 300
#: titles inside street and building names: the words after them belong to the name
_TITLES = frozenset(normalize(w) for w in word_list("titles"))
_TITLES = frozenset(w[2:] if w.startswith("ال") else w for w in _TITLES)
#: titles before a personal name (stems): a name never ends on one
TITLES = _TITLES
_FUNCTION_WORDS = frozenset(normalize(w) for w in word_list("function_words"))


@dataclass(frozen=True, slots=True)
class Head:
    """A keyword head: what it expects, and the descriptor it gives (rif, badia, hay…)."""

    types: tuple[str, ...]
    descriptor: str | None
    plural: bool
    #: «قرية», «بلدة»: names a village or small town, never a city of 100k+
    small: bool = False
    #: «قضاء» (an Iraqi district): only names in these countries follow it (ISO codes; empty:
    #: any) — elsewhere the word is «قضاء الصيف», "spending the summer"
    countries: frozenset[str] = frozenset()
    #: ACLED geo_precision of a town or district named through this head («ناحية X»: the
    #: area around X, 2); None: the feature's own
    precision: int | None = None


@dataclass(slots=True)
class GeoMention:
    """A recognised place mention before resolution (token indices into the geo token list)."""

    first: int
    last: int
    start: int
    end: int
    key: str
    source: str = "gazetteer"
    head: Head | None = None
    direction: str | None = None
    #: the name proper (without head/direction) as original character offsets
    name_start: int = 0
    name_end: int = 0
    #: a known key matched ("gazetteer"), or an unknown name after a head/NER ("unknown"), or a POI
    kind: str = "gazetteer"
    inner_keys: list[str] = field(default_factory=list)
    #: False for a rule match the learned tagger did not keep: it still informs the context
    #: (the document's country, nearby towns) but is not output
    output: bool = True


@dataclass
class HeadRules:
    heads: dict[str, Head]
    directions: dict[tuple[str, ...], str]
    anaphora: frozenset[str]
    ambiguous: frozenset[str]
    poi: frozenset[str]
    #: words saying the place before them lies in / near the place after them (في، التابعة)
    inside: frozenset[str] = frozenset()
    #: the same, only before a unit or region (في، عند)
    inside_unit: frozenset[str] = frozenset()
    #: «قرية تقطنها»: a verb with an object pronoun after a head (imperfect prefix, pronoun
    #: suffix, shortest length) starts a relative clause, it names nothing
    verb_prefixes: tuple[str, ...] = ()
    verb_suffixes: tuple[str, ...] = ()
    verb_min_length: int = 0

    @classmethod
    def load(cls, path: Path = HEADS_PATH, stoplist: Path = STOPLIST_PATH) -> HeadRules:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        heads: dict[str, Head] = {}
        for entry in raw["head"]:
            types = tuple(entry["types"])
            desc = entry.get("descriptor")
            small = bool(entry.get("small", False))
            ccs = frozenset(entry.get("countries", []))
            prec = entry.get("precision")
            for word in entry["words"]:
                heads.setdefault(phrase_key(word), Head(types, desc, False, small, ccs, prec))
            for word in entry.get("plural", []):
                heads.setdefault(phrase_key(word), Head(types, desc, True, small, ccs, prec))
        directions: dict[tuple[str, ...], str] = {}
        for name, words in compass_words(path=path).items():
            for w in words:
                directions[tuple(phrase_key(w).split())] = name
        ambiguous = {phrase_key(w) for w in raw["ambiguous"]["words"]}
        verbs = raw.get("relative_verbs", {})
        if stoplist.is_file():
            for line in stoplist.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    ambiguous.add(line)
        return cls(
            heads=heads,
            directions=directions,
            anaphora=frozenset(phrase_key(w) for w in raw["anaphora"]["words"]),
            ambiguous=frozenset(ambiguous),
            poi=frozenset(phrase_key(w) for w in POI_HEADS),
            inside=frozenset(phrase_key(w) for w in raw.get("inside", {}).get("words", [])),
            inside_unit=frozenset(
                phrase_key(w) for w in raw.get("inside", {}).get("unit_words", [])
            ),
            verb_prefixes=tuple(normalize(w) for w in verbs.get("prefixes", [])),
            verb_suffixes=tuple(normalize(w) for w in verbs.get("suffixes", [])),
            verb_min_length=int(verbs.get("min_length", 0)),
        )

    def relative_verb(self, t: Token) -> bool:
        """Whether a word after a head is a verb with an object pronoun («تقطنها»)."""
        w = t.norm
        return (
            bool(self.verb_prefixes)
            and not _has_article(t)
            and len(w) >= self.verb_min_length
            and w.startswith(self.verb_prefixes)
            and w.endswith(self.verb_suffixes)
        )


@lru_cache(maxsize=1)
def corpus_frequencies() -> dict[str, int]:
    """Normalized word → count in the shipped news lexicon (article forms folded in)."""
    from marsad.text.clitics import default_splitter

    freq: dict[str, int] = {}
    for word, count in default_splitter().lexicon.items():
        key = normalize(word)
        if key.startswith("ال") and len(key) > 3:
            key = key[2:]
        freq[key] = freq.get(key, 0) + count
    return freq


class GeoTokens(list[Token]):
    """Tokens plus, for words that came out of a hashtag, the hashtag's token range."""

    hashtag: dict[int, tuple[int, int]]


_TEXT = attrgetter("text")


def geo_tokens(tokens: Sequence[Token]) -> GeoTokens:
    """Tokens for place matching: hashtags are opened (``#حفر_الباطن`` → حفر الباطن) and the
    underscores between their words dropped; everything else is kept as is."""
    texts = list(map(_TEXT, tokens))
    if "_" not in texts and "#" not in "".join(texts):
        out = GeoTokens(tokens)  # no hashtag to open, no underscore to drop: the same tokens
        out.hashtag = {}
        return out
    out = GeoTokens()
    out.hashtag = {}
    for t in tokens:
        if t.text.startswith("#") and len(t.text) > 1:
            body = t.text[1:].replace("_", " ")
            first = len(out)
            for sub in tokenize(body):
                if sub.norm in ("", "_"):
                    continue
                sub.start += t.start + 1
                sub.end += t.start + 1
                for part in sub.parts:
                    part.start += t.start + 1
                    part.end += t.start + 1
                out.append(sub)
            for k in range(first, len(out)):
                out.hashtag[k] = (first, len(out) - 1)
        elif t.text == "_":
            continue
        else:
            out.append(t)
    return out


def _name_start(t: Token) -> int:
    """Where a name begins inside its first token: after proclitics (و ب ل …), at the article."""
    for part in t.parts:
        if part.kind in ("article", "stem"):
            return part.start
    return t.start


def _has_article(t: Token) -> bool:
    for p in t.parts:
        if p.kind == "article":
            return True
    return _text_has_article(t.text)


@lru_cache(maxsize=65_536)
def _text_has_article(text: str) -> bool:
    """A word written with the article that the clitic splitter left whole (cached: the same
    words recur in every report, and normalizing costs more than the lookup)."""
    return normalize(text).startswith("ال")


def _has_preposition(t: Token) -> bool:
    """A word with a preposition clitic (ب ل ك), which starts a new phrase."""
    return any(p.kind == "proclitic" and normalize(p.text) in _PREPOSITION_CLITICS for p in t.parts)


def _has_proclitic_wa(t: Token) -> bool:
    return bool(t.parts) and t.parts[0].kind == "proclitic" and normalize(t.parts[0].text) == "و"


@dataclass(frozen=True, slots=True)
class _Bounds:
    """Token offsets for finding the tokens a character span overlaps."""

    starts: list[int]
    ends: list[int]
    #: starts and ends never decrease (tokens in text order): the overlap is one run
    ordered: bool

    @classmethod
    def of(cls, toks: Sequence[Token]) -> _Bounds:
        starts = [t.start for t in toks]
        ends = [t.end for t in toks]
        return cls(starts, ends, starts == sorted(starts) and ends == sorted(ends))

    def overlapping(self, toks: Sequence[Token], start: int, end: int) -> list[int]:
        """Indices of the tokens overlapping ``[start, end)``, by bisection when in order."""
        if self.ordered:
            return list(range(bisect_right(self.ends, start), bisect_left(self.starts, end)))
        return [k for k, t in enumerate(toks) if t.start < end and start < t.end]


class Recognizer:
    """Finds place mentions in tokens; the gazetteer's keys are loaded into one automaton."""

    def __init__(
        self,
        keys: Sequence[str],
        *,
        rules: HeadRules | None = None,
        risky: frozenset[str] = frozenset(),
    ) -> None:
        self.rules = rules or HeadRules.load()
        #: the words compass phrases begin and end with (a cheap test before building keys)
        self._direction_first = frozenset(d[0] for d in self.rules.directions)
        self._direction_last = frozenset(d[-1] for d in self.rules.directions)
        self.matcher: PhraseMatcher[str] = PhraseMatcher()
        blocked = set(self.rules.heads) | {k for d in self.rules.directions for k in d}
        blocked |= _FUNCTION_WORDS
        self._keys = frozenset(keys)
        town_heads = {w for w, h in self.rules.heads.items() if h.types == ("place",)}
        for key in keys:
            if key in blocked or len(key.replace(" ", "")) <= 2:
                continue
            first, _, rest = key.partition(" ")
            if first in town_heads and rest in self._keys:
                # «مدينة العين» indexed whole would hide «عين العرب» in «مدينة عين العرب»;
                # the head rules read «مدينة X» anyway
                continue
            self.matcher.add(key, key)
        self.risky = risky | self.rules.ambiguous
        self.freq = corpus_frequencies()
        # build the automaton (~0.1 s for the full gazetteer) while the stage loads, with the
        # other tables, rather than inside the first report (the matcher builds on first use)
        self.matcher.find(())

    # -- helpers over the token list
    def _direction_at(
        self, toks: Sequence[Token], i: int, *, backwards: bool
    ) -> tuple[str, int] | None:
        """A compass phrase ending (backwards) or starting (forwards) at token i."""
        if not 0 <= i < len(toks) or toks[i].norm not in (
            self._direction_last if backwards else self._direction_first
        ):
            return None  # most words end and begin no compass phrase: no keys to build
        for size in (2, 1):
            lo, hi = (i - size + 1, i) if backwards else (i, i + size - 1)
            if lo < 0 or hi >= len(toks):
                continue
            key = tuple(toks[k].norm for k in range(lo, hi + 1))
            name = self.rules.directions.get(key)
            if name:
                return name, lo if backwards else hi
        return None

    def find(self, tokens: Sequence[Token], *, ner: Sequence[Mention] = ()) -> list[GeoMention]:
        toks = tokens if isinstance(tokens, GeoTokens) else geo_tokens(tokens)
        rules = self.rules
        heads = rules.heads
        #: no hashtag opened: every span covers its hashtags (none)
        hashtags = toks.hashtag
        direction_last = self._direction_last
        direction_first = self._direction_first
        n = len(toks)
        found: list[GeoMention] = []
        covered: set[int] = set()
        prev: GeoMention | None = None
        for m in self.matcher.find(toks):
            first, last = m.first, m.last
            key = m.key
            head: Head | None = None
            direction: str | None = None
            # «مدينة إدلب» is an alias of the Idlib *district* in Open-Syria: a town head at
            # the start of a matched alias is read as a head when the rest is a name itself
            town_head = heads.get(toks[first].norm)
            if (
                first < last
                and town_head is not None
                and town_head.types == ("place",)
                and not town_head.plural
            ):
                rest = " ".join(toks[k].norm for k in range(first + 1, last + 1))
                if rest in self._keys:
                    first, key = first + 1, rest
            #: a compass word alone in front («شمال البلاد») does not make a common word a name
            compass_only = False
            #: where the mention starts when a head or compass word before it says so
            start: int | None = None
            i = first - 1
            if (
                i >= 0
                and toks[i].norm in heads
                # «المنطقة الشرقية» is "the eastern area": a head with the article does not
                # make a common word a name
                and not (_has_article(toks[i]) and first == last and self._risky_word(key))
            ):
                head = heads[toks[i].norm]
                # «مدن المملكة», «محيط الميادين»: a plural or "around" head frames the name
                # but is not part of it
                if not head.plural and head.descriptor != "near":
                    start = _name_start(toks[i])
                i -= 1
            if (head is None or head.descriptor in ("rif", "badia")) and (
                i >= 0 and toks[i].norm in direction_last  # (most words end no compass phrase)
            ):
                d = self._direction_at(toks, i, backwards=True)
                if d and not _has_article(toks[d[1]]):
                    direction = d[0]
                    start = _name_start(toks[d[1]])
                    if head is None:
                        compass_only = True
                        head = Head(
                            ("place", "admin1", "admin2", "country", "region"), "near", False
                        )
            # coordinated list: «محافظات حلب وحمص وحماه», «ريفي حلب وإدلب»
            inherited = False
            if head is None and prev is not None and prev.head is not None and prev.head.plural:
                gap = first - prev.last - 1
                joined = (gap == 0 and _has_proclitic_wa(toks[first])) or (
                    gap == 1 and toks[first - 1].norm in _LIST_SEPARATORS
                )
                if joined:
                    head = prev.head
                    inherited = True
            if (head is None or compass_only) and first == last and key in self.risky:
                continue
            if hashtags and not self._covers_hashtags(toks, first, last, head is not None):
                continue  # «#امطار_الكويت» is about rain, «#الكويت» and «#حفر_الباطن» name places
            if first == last:
                if head is None and self._common(key):
                    continue
                if head is None and self._clitic_artefact(toks[first], key):
                    continue  # «باكرًا» is not ب + أكرا (Accra), «كمام» not ك + a hamlet «مام»
                if _has_article(toks[first]):
                    if key not in self._article_keys:
                        continue  # «السورية» is the adjective, not سورية (Syria)
                elif key in self._article_only:
                    continue  # «ظروف قاهرة» (compelling), not القاهرة
            name_start = _name_start(toks[first])
            if start is None:
                start = name_start
            # a compass adjective after the name: «ريف دير الزور الغربي»
            end = toks[last].end
            j = last + 1
            if j < n and toks[j].norm in direction_first and _has_article(toks[j]):
                d = self._direction_at(toks, j, backwards=False)
                if d and all(_has_article(toks[k]) for k in range(j, d[1] + 1)):
                    direction = direction or d[0]
                    end = toks[d[1]].end
            mention = GeoMention(
                first=first,
                last=last,
                start=start,
                end=end,
                key=key,
                head=head,
                direction=direction,
                name_start=name_start,
                name_end=toks[last].end,
            )
            if inherited:
                mention.start = name_start
            found.append(mention)
            covered.update(range(first, last + 1))
            prev = mention
        found.extend(self._open_heads(toks, covered))
        found.extend(self._pois(toks, covered, found))
        found.extend(self._from_ner(toks, ner, found))
        found.sort(key=lambda g: g.start)
        return found

    @staticmethod
    def _covers_hashtags(toks: Sequence[Token], first: int, last: int, headed: bool) -> bool:
        spans = getattr(toks, "hashtag", {})
        lo = first - 1 if headed else first
        for k in (first, last):
            tag = spans.get(k)
            if tag is not None and (tag[0] < lo or tag[1] > last):
                return False
        return True

    def _common(self, key: str) -> bool:
        """A single word more common as a word than as a name (frequency decided by callers
        through ``risky``; here only the corpus count)."""
        freq = self.freq.get(key, 0)
        if key in self._foreign_keys:
            return freq >= FOREIGN_WORD_FREQ
        return freq >= COMMON_WORD_FREQ and key in self._weak_keys

    def _clitic_artefact(self, t: Token, key: str) -> bool:
        """A bare word whose proclitic was split off to reach a small or foreign place name:
        ك (like) and ف (so) rarely stand before names, and transliterated foreign names are
        short strings that Arabic words contain."""
        proclitics = [normalize(p.text) for p in t.parts if p.kind == "proclitic"]
        if not proclitics or any(p.kind == "article" for p in t.parts):
            return False
        if key in self._foreign_keys:
            return True
        return key in self._weak_keys and any(p in _RARE_NAME_PROCLITICS for p in proclitics)

    _weak_keys: frozenset[str] = frozenset()
    _article_keys: frozenset[str] = frozenset()
    _foreign_keys: frozenset[str] = frozenset()
    _article_only: frozenset[str] = frozenset()

    def set_weak_keys(
        self,
        keys: frozenset[str],
        article_keys: frozenset[str],
        foreign_keys: frozenset[str] = frozenset(),
        article_only: frozenset[str] = frozenset(),
    ) -> None:
        """Keys naming only small places (no country, admin1 or town of 100k+), and single-word
        keys of names spelt with the article (a name without it, سورية, must not match السورية)."""
        self._weak_keys = keys
        self._article_keys = article_keys
        self._foreign_keys = foreign_keys
        self._article_only = article_only

    def _rare(self, t: Token) -> bool:
        return (
            t.is_word
            and any("\u0600" <= ch <= "\u06ff" for ch in t.text)
            and t.norm not in _FUNCTION_WORDS
            and t.norm not in self.rules.heads
            and t.norm not in self._direction_first
            and self.freq.get(t.norm, 0) < COMMON_WORD_FREQ
        )

    def _open_heads(self, toks: Sequence[Token], covered: set[int]) -> list[GeoMention]:
        """«بلدة عياش» where عياش is in no gazetteer: a place mention of unknown position."""
        out: list[GeoMention] = []
        heads = self.rules.heads
        # only the positions of head words can start one (a C-speed scan first)
        at = [i for i, t in enumerate(toks[:-1]) if t.norm in heads]
        for i in at:
            head = heads[toks[i].norm]
            if head.plural or i in covered or (i + 1) in covered:
                continue
            if OPEN_HEADS.isdisjoint(head.types) or _has_article(toks[i]):
                continue  # «المنطقة ذاتها», «المدينة نفسها»: the head refers back, names nothing
            # «بلدة عياش»; «منطقة أم الهيمان», «مدينة صباح الأحمد»: a common first word is
            # taken when a rare word with the article follows it
            second_is_name = (
                i + 2 < len(toks)
                and (i + 2) not in covered
                and _has_article(toks[i + 2])
                and self.freq.get(toks[i + 2].norm, 0) < POI_COMMON_FREQ
                and toks[i + 2].norm not in _FUNCTION_WORDS
                and toks[i + 1].is_word
                and toks[i + 1].norm not in _FUNCTION_WORDS
                and toks[i + 1].norm not in self.rules.heads
                and not _has_article(toks[i + 1])
            )
            # «تلة الشيخ يوسف», «قرية الشيخ حسين»: a title and a given name
            titled = (
                i + 2 < len(toks)
                and (i + 2) not in covered
                and toks[i + 1].norm in _TITLES
                and _has_article(toks[i + 1])
                and toks[i + 2].is_word
                and not _has_article(toks[i + 2])
                and toks[i + 2].norm not in _FUNCTION_WORDS
                and toks[i + 2].norm not in self.rules.heads
                and self._direction_at(toks, i + 2, backwards=False) is None
            )
            if titled:
                second_is_name = True
            if not (self._rare(toks[i + 1]) or second_is_name):
                continue
            if self.rules.relative_verb(toks[i + 1]):
                continue  # «قرية تقطنها عائلات»: a relative clause, not a name
            last = i + 2 if titled else i + 1
            if (
                last + 1 < len(toks)
                and not _has_proclitic_wa(toks[last + 1])
                and self._name_goes_on(toks, last + 1, covered)
            ):
                last += 1
            spans = [(i + 1, last)]
            # «مناطق البوشجل والملاحمة»: a rare name joined by «و» is a second place under
            # the same head, not the second word of the first
            j = last + 1
            while (
                j < len(toks)
                and _has_proclitic_wa(toks[j])
                and self._name_goes_on(toks, j, covered)
            ):
                spans.append((j, j))
                j += 1
            for lo, hi in spans:
                out.append(
                    GeoMention(
                        first=lo,
                        last=hi,
                        start=_name_start(toks[i]) if lo == i + 1 else _name_start(toks[lo]),
                        end=toks[hi].end,
                        key=" ".join(t.norm for t in toks[lo : hi + 1]),
                        head=head,
                        name_start=_name_start(toks[lo]),
                        name_end=toks[hi].end,
                        kind="unknown",
                        source="head",
                    )
                )
            covered.update(range(i, spans[-1][1] + 1))
        return out

    def _name_goes_on(self, toks: Sequence[Token], j: int, covered: set[int]) -> bool:
        """Token ``j`` is a rare word with the article (no direction) that can carry a name."""
        return (
            j < len(toks)
            and j not in covered
            and _has_article(toks[j])
            and not _has_preposition(toks[j])  # «حي غويران بالتوازي مع …»
            and self._rare(toks[j])
            and self._direction_at(toks, j, backwards=False) is None
        )

    def _pois(
        self, toks: Sequence[Token], covered: set[int], found: Sequence[GeoMention]
    ) -> list[GeoMention]:
        """«مستشفى حفر الباطن», «طريق الملك فيصل»: a point of interest named after a head."""
        out: list[GeoMention] = []
        by_first = {g.first: g for g in found}
        poi = self.rules.poi
        # only the positions of POI heads can start one; after a POI the scan resumes past it
        resume = 0
        for i in [i for i, t in enumerate(toks[:-1]) if t.norm in poi]:
            t = toks[i]
            if i < resume or i in covered or (i > 0 and toks[i - 1].norm in _POI_BLOCKERS):
                continue
            last = i
            inner: list[str] = []
            k = i + 1
            while k < len(toks) and k - i <= 3:
                g = by_first.get(k)
                if g is not None:
                    inner.append(g.key)
                    last = g.last
                    k = g.last + 1
                    continue
                nt = toks[k]
                if not nt.is_word or nt.norm in _FUNCTION_WORDS or k in covered:
                    break
                if _has_preposition(nt):
                    break  # «نفق المنقف بالكامل»: the name ends before «بالكامل»
                after_title = toks[k - 1].norm in _TITLES and k - 1 > i
                if not (
                    _has_article(nt)
                    or nt.text[:1].isdigit()
                    or after_title
                    or (k == i + 1 and self._rare(nt))
                ):
                    break
                last = k
                k += 1
                if after_title and k < len(toks) and _has_article(toks[k]) and k - i <= 4:
                    last = k  # «طريق الملك عبد العزيز»
                    k += 1
            named = [x for x in toks[i + 1 : last + 1] if x.norm not in _TITLES]
            if last == i or not (
                inner or any(self.freq.get(x.norm, 0) < POI_COMMON_FREQ for x in named)
            ):  # «بطريق الخطأ»: every word common, nothing named
                continue
            out.append(
                GeoMention(
                    first=i,
                    last=last,
                    start=_name_start(t),
                    end=toks[last].end,
                    key=" ".join(x.norm for x in toks[i : last + 1]),
                    name_start=_name_start(t),
                    name_end=toks[last].end,
                    kind="poi",
                    source="poi",
                    inner_keys=inner,
                )
            )
            covered.update(range(i, last + 1))
            resume = last + 1
        return out

    def _risky_word(self, key: str) -> bool:
        return key in self.risky or self._common(key)

    def _plausible_name(self, words: Sequence[Token], key: str) -> bool:
        """Whether an NER LOC mention can be a place name: not only heads, directions or
        function words («المدينة», «بريف»), not an adjective («السورية»), and, when the
        gazetteer does not know it, with at least one word rare enough to be a name."""
        if not words:
            return False
        directions = {w for d in self.rules.directions for w in d}
        if all(
            w.norm in self.rules.heads
            or w.norm in self.rules.anaphora
            or w.norm in directions
            or w.norm in _FUNCTION_WORDS
            for w in words
        ):
            return False
        if len(words) == 1 and _has_article(words[0]) and key in self.matcher:
            return key in self._article_keys
        if key not in self.matcher and self.rules.relative_verb(words[0]):
            return False  # «قرية تقطنها أغلبية …»: a relative clause's verb
        if key in self.matcher:
            return True
        return any(self._rare(w) for w in words)

    def _inner_names(self, toks: Sequence[Token]) -> list[str]:
        """Place names inside a longer name («جامعة القاهرة»), held to the same tests as bare
        names: a common or risky single word inside does not count («معهد الأورام القومي»)."""
        out = []
        for m in self.matcher.find(toks):
            if m.first == m.last:
                t = toks[m.first]
                if m.key in self.risky or self._common(m.key):
                    continue
                if _has_article(t) and m.key not in self._article_keys:
                    continue
                if self.freq.get(m.key, 0) >= POI_COMMON_FREQ and m.key in self._weak_keys:
                    continue
            out.append(m.key)
        return out

    def span_mention(self, toks: Sequence[Token], first: int, last: int) -> GeoMention | None:
        """A mention for tokens first..last that a learned tagger marked: its head (if the
        span starts with one) and whether the rest is a gazetteer key."""
        head = self.rules.heads.get(toks[first].norm) if last > first else None
        name_first = first + 1 if head is not None else first
        key = " ".join(t.norm for t in toks[name_first : last + 1] if t.norm)
        if not key:
            return None
        if (
            name_first == last
            and self._risky_word(key)
            and (head is None or _has_article(toks[first]))
        ):
            return None  # the tagger may not turn a common word into a name on its own
        if (
            key not in self.matcher
            and toks[first].norm not in self.rules.poi
            and not self._plausible_name(list(toks[name_first : last + 1]), key)
        ):
            return None  # «المدينة تمهيداً»: nothing here looks like a name
        if key in self.matcher:
            kind = "gazetteer"
            inner: list[str] = []
        elif toks[first].norm in self.rules.poi:
            kind = "poi"
            inner = self._inner_names(toks[first + 1 : last + 1])
        else:
            kind = "unknown"
            inner = []
        framing = head is not None and (head.plural or head.descriptor == "near")
        return GeoMention(
            first=name_first,
            last=last,
            start=_name_start(toks[name_first if framing else first]),
            end=toks[last].end,
            key=key,
            head=head,
            name_start=_name_start(toks[name_first]),
            name_end=toks[last].end,
            kind=kind,
            source="lmr",
            inner_keys=inner,
        )

    def _from_ner(
        self, toks: Sequence[Token], ner: Sequence[Mention], found: Sequence[GeoMention]
    ) -> list[GeoMention]:
        """NER LOC/GPE mentions that no gazetteer match covers."""
        out: list[GeoMention] = []
        spans = [(g.start, g.end) for g in found]
        bounds: _Bounds | None = None
        taken: _Taken | None = None
        for m in ner:
            if m.label not in ("LOC", "GPE", "FAC"):
                continue
            if m.source != "gold":
                if taken is None:
                    taken = _Taken(spans)
                if taken.overlaps(m.start, m.end):
                    continue
            if bounds is None:
                bounds = _Bounds.of(toks)
            idx = bounds.overlapping(toks, m.start, m.end)
            if not idx:
                continue
            aligned = toks[idx[0]].start >= m.start and toks[idx[-1]].end <= m.end
            # a mention inside a word («الكويت» of «الكويتية») is keyed by its own text
            key = (
                " ".join(toks[k].norm for k in idx if toks[k].norm)
                if aligned
                else phrase_key(m.text)
            )
            words = [toks[k] for k in idx if toks[k].is_word]
            if m.source != "gold" and not self._plausible_name(words, key):
                continue
            inner: list[str] = []
            if key in self.matcher:
                kind = "gazetteer"
            else:  # «جامعة القاهرة», «مستشفى حفر الباطن»: placed at the town it names
                inner = self._inner_names([toks[k] for k in idx])
                kind = "poi" if inner else "unknown"
            out.append(
                GeoMention(
                    first=idx[0],
                    last=idx[-1],
                    start=m.start,
                    end=m.end,
                    key=key,
                    source="gold" if m.source == "gold" else "ner",
                    name_start=m.start,
                    name_end=m.end,
                    kind=kind,
                    inner_keys=inner,
                )
            )
            spans.append((m.start, m.end))
            if taken is not None:
                taken.add(m.start, m.end)
        return out


class _Taken:
    """Character spans, asked whether any of them overlaps another span (``s < end and start
    < e``): a mask of the characters they cover answers it with one search instead of a step
    per span. Only for non-empty spans; with an empty one it falls back on the plain test."""

    __slots__ = ("mask", "spans")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans  # shared with the caller, who appends to it
        self.mask: bytearray | None = bytearray()
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        mask = self.mask
        if mask is None:
            return
        if not 0 <= start < end:
            self.mask = None  # an empty (or odd) span: the plain test from now on
            return
        if len(mask) < end:
            mask.extend(bytes(end - len(mask)))
        mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        mask = self.mask
        if mask is None or not 0 <= start < end:
            return any(s < end and start < e for s, e in self.spans)
        return mask.find(1, start, end) != -1
