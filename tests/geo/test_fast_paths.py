"""The geo stage's shortcuts give exactly what the plain computations they replace give."""

from __future__ import annotations

import math
import random
from pathlib import Path

from marsad.geo import Gazetteer, build_gazetteer
from marsad.geo.build import haversine_km
from marsad.geo.component import _sentence_index
from marsad.geo.recognize import Recognizer, _Bounds, _Taken, geo_tokens
from marsad.geo.resolve import Resolver, _nearness
from marsad.model import Document, Extraction, Sentence, Token
from marsad.text import tokenize


def _plain_nearness(points: list[tuple[float, float, float]], lat: float, lon: float) -> float:
    return max(
        min(1.0, w) * math.exp(-haversine_km(lat, lon, la, lo) / 75.0) for la, lo, w in points
    )


def test_nearness_is_the_exact_max_over_all_points() -> None:
    rng = random.Random(7)
    for trial in range(400):
        # clustered points (one report's region) and, every few trials, far ones
        spread = 3.0 if trial % 4 else 60.0
        points = [
            (
                33.0 + rng.uniform(-spread, spread),
                38.0 + rng.uniform(-spread, spread),
                rng.choice([0.05, 0.4, 1.0, 2.5]),
            )
            for _ in range(rng.randint(1, 25))
        ]
        if trial % 10 == 0:  # two points on one latitude
            points.append((points[0][0], points[0][1] + 0.5, 1.0))
        lat, lon = 33.0 + rng.uniform(-spread, spread), 38.0 + rng.uniform(-spread, spread)
        rows = sorted(
            (math.radians(la), math.cos(math.radians(la)), lo, min(1.0, w)) for la, lo, w in points
        )
        got = _nearness(rows, [r[0] for r in rows], math.radians(lat), lon)
        assert got == _plain_nearness(points, lat, lon)  # the same float, not close


def test_tokens_overlapping_a_span_by_bisection_match_a_scan() -> None:
    toks = tokenize("قصفت الطائرات بلدة عياش غرب مدينة دير الزور صباح اليوم.")
    bounds = _Bounds.of(toks)
    assert bounds.ordered
    text_end = toks[-1].end
    for start in range(text_end + 1):
        for end in range(start + 1, text_end + 2):
            scan = [k for k, t in enumerate(toks) if t.start < end and start < t.end]
            assert bounds.overlapping(toks, start, end) == scan, (start, end)
    # tokens out of order (not what the text layer makes) are scanned, not bisected
    shuffled = [toks[2], toks[0], toks[1]]
    odd = _Bounds.of(shuffled)
    assert not odd.ordered
    assert odd.overlapping(shuffled, toks[0].start, toks[1].end) == [1, 2]


def test_geo_tokens_without_hashtags_are_the_tokens_themselves() -> None:
    toks = tokenize("وصل الرتل إلى شرق الميادين ليلاً.")
    out = geo_tokens(toks)
    assert list(out) == toks and all(a is b for a, b in zip(out, toks, strict=True))
    assert out.hashtag == {}
    tagged = geo_tokens(tokenize("أمطار غزيرة في #حفر_الباطن اليوم"))
    assert [t.text for t in tagged][-3:-1] == ["حفر", "الباطن"]
    assert set(tagged.hashtag.values()) == {(3, 4)}


def test_a_lone_underscore_token_is_still_dropped() -> None:
    toks = [Token(0, 3, "حلب", norm="حلب"), Token(4, 5, "_", norm="_")]
    assert [t.text for t in geo_tokens(toks)] == ["حلب"]


def test_sentence_index_by_bisection_matches_a_scan() -> None:
    def scan(bounds: list[tuple[int, int]], pos: int) -> int:
        return next((i for i, (a, b) in enumerate(bounds) if a <= pos < b), len(bounds))

    for bounds in (
        [(0, 10), (11, 20), (20, 20), (20, 35)],  # in order, a gap and an empty sentence
        [(11, 20), (0, 10)],  # out of order: scanned
        [(0, 15), (10, 20)],  # overlapping: scanned
    ):
        ex = Extraction(document=Document(text="x" * 40))
        ex.sentences = [Sentence(start=a, end=b) for a, b in bounds]
        positions = list(range(-1, 41))
        assert _sentence_index(ex, positions) == [scan(bounds, p) for p in positions]


def test_cached_candidates_are_fresh_lists_of_the_same_features(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    build_gazetteer(path)
    resolver = Resolver(Gazetteer.open(path))
    toks = tokenize("قصفت الطائرات مدينة حلب")
    (mention,) = [g for g in Recognizer(list(resolver.gazetteer.keys)).find(toks) if g.key]
    first = resolver.candidates(mention)
    assert first and all(f.lat is not None for f in first)
    first.clear()  # a caller's list is its own
    again = resolver.candidates(mention)
    assert [f.id for f in again] == [f.id for f in resolver._lookup((mention.key,), frozenset())]


def test_taken_mask_answers_as_the_plain_overlap_test() -> None:
    rng = random.Random(11)
    for trial in range(300):
        spans = []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 60)
            spans.append((s, s + rng.randint(1, 8)))
        if trial % 25 == 0 and spans:
            spans.append((spans[0][0] + 1, spans[0][0] + 1))  # an empty span: the plain test
        taken = _Taken(spans)
        for _ in range(30):
            s = rng.randint(0, 75)
            e = s + rng.randint(0 if trial % 7 == 0 else 1, 10)
            plain = any(a < e and s < b for a, b in spans)
            assert taken.overlaps(s, e) == plain, (spans, s, e)
            if rng.random() < 0.3:  # the caller appends a span, then tells the mask
                spans.append((s, e))
                taken.add(s, e)


def test_first_pass_scores_are_cached_by_what_they_depend_on(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    build_gazetteer(path)
    gazetteer = Gazetteer.open(path)
    text = "قصفت الطائرات مدينة حلب وريف حلب ومحافظة حماة ثم حلب مرة أخرى"
    mentions = Recognizer(list(gazetteer.keys)).find(tokenize(text))
    assert len(mentions) >= 4
    cached = Resolver(gazetteer)
    first = cached.resolve(mentions)
    again = cached.resolve(mentions)  # from the cache
    for plain_resolver in (Resolver(gazetteer), Resolver(gazetteer)):
        plain_resolver._scored.clear()
        for m in mentions:  # what resolve() did before the cache, per mention
            cands = plain_resolver.candidates(m)
            base = [plain_resolver._base(f, m, cands) for f in cands]
            r = plain_resolver._pick(m, cands, None, base=base)
            c, b, feature, score, confidence = cached._first_pass(m)
            assert (c, list(b), feature, score, confidence) == (
                cands,
                base,
                r.feature,
                r.score,
                r.confidence,
            )
    assert [(r.feature, r.score, r.confidence) for r in first] == [
        (r.feature, r.score, r.confidence) for r in again
    ]
    # a new country prior empties the cache: scores follow it
    cached.country_prior = {"SY": 5.0}
    shifted = cached.resolve(mentions)
    fresh = Resolver(gazetteer, country_prior={"SY": 5.0}).resolve(mentions)
    assert [(r.feature, r.score) for r in shifted] == [(r.feature, r.score) for r in fresh]
