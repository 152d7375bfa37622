"""The word lists argument linking reads live in data files (grammar.toml, triggers.toml
[morphology], the time data): they load, and a few keys are where linking expects them."""

from __future__ import annotations

import tomllib

from marsad.events.cues import GRAMMAR_PATH, Grammar, default_cues
from marsad.events.triggers import TRIGGERS_PATH, Morphology, expand_forms
from marsad.text import phrase_key
from marsad.time.numbers import default_words
from marsad.time.resolve import default_resolver


def test_grammar_file_loads_with_every_section() -> None:
    with GRAMMAR_PATH.open("rb") as fh:
        raw = tomllib.load(fh)
    assert {"route", "places", "counts", "time", "clitics", "fatalities"} <= set(raw)
    grammar = Grammar.load()
    # every list keyed, none left empty by a typo in a section or key name
    for name in Grammar.__slots__:
        assert getattr(grammar, name), name


def test_cues_carry_the_grammar_keyed_as_tokens_are() -> None:
    grammar = default_cues().grammar
    assert phrase_key("إلى") in grammar.destination
    assert phrase_key("الى") in grammar.destination
    assert phrase_key("عبر") in grammar.via
    assert phrase_key("جنوبي") in grammar.directions
    assert phrase_key("بريف") in grammar.directions
    assert phrase_key("ريف") in grammar.qualifier_links
    assert phrase_key("العشرات") in grammar.count_words
    assert phrase_key("عناصر") in grammar.member_words
    assert phrase_key("على") in grammar.elapsed_preps
    # the fatality bridge is keyed like token stems: قرابة → قرابه
    assert "قرابه" in grammar.fatality_bridge
    assert grammar.conjunction == "و"
    assert grammar.governing == frozenset({"ل", "ب", "ك"})


def test_compass_words_are_geos_one_list() -> None:
    from marsad.geo.words import directions

    grammar = default_cues().grammar
    for words in directions().values():
        for word in words:
            assert phrase_key(word) in grammar.directions
            assert phrase_key(word) in grammar.qualifier_links
    assert phrase_key("شمالا") in grammar.directions


def test_trigger_morphology_comes_from_the_data_file() -> None:
    with TRIGGERS_PATH.open("rb") as fh:
        morph = Morphology.from_raw(tomllib.load(fh)["morphology"])
    forms = expand_forms({"past": ["قصف"], "present": ["قصف"], "nouns": ["غارة"]}, morph=morph)
    assert {"قصفت", "قصفوا", "يقصفون", "غارتها", "غارة"} <= forms


def test_time_words_come_from_the_data_files() -> None:
    resolver = default_resolver()
    assert phrase_key("مساء") in resolver.times_of_day
    assert resolver.after_midnight == ("بعد", "منتصف")
    assert resolver.year_word == phrase_key("عام")
    words = default_words()
    assert phrase_key("آلاف") in words.thousands
    assert phrase_key("مئة") in words.hundreds


def test_sentence_index_by_bisection_matches_a_token_walk() -> None:
    import random
    from types import SimpleNamespace as NS

    from marsad.events.linking import _all_sentence_bounds, _sentence_index

    def walk(tokens, sentences):  # type: ignore[no-untyped-def]
        out, s = [], 0
        for tok in tokens:
            while s + 1 < len(sentences) and tok.start >= sentences[s].end:
                s += 1
            out.append(s)
        return out

    rng = random.Random(0)
    for _ in range(500):
        tokens = [NS(start=x) for x in sorted(rng.sample(range(400), rng.randint(0, 40)))]
        sentences = [NS(end=e) for e in sorted(rng.sample(range(1, 420), rng.randint(0, 6)))]
        got = _sentence_index(tokens, NS(sentences=sentences))  # type: ignore[arg-type]
        assert got == walk(tokens, sentences)
        bounds = _all_sentence_bounds(got)
        assert all(got[f] == s == got[la] for s, (f, la) in bounds.items())


def test_clauses_by_cut_points_match_a_token_walk() -> None:
    import random
    from types import SimpleNamespace as NS

    from marsad.events import load

    linker = load().linker
    punct = frozenset('،,؛;:()[]«»"“”')

    def walk(tokens, sent_of, scan):  # type: ignore[no-untyped-def]
        openers = {m.first for m in scan["clause"]}
        consequences = {m.first for m in scan["consequence"]}
        bounds, start = [], 0
        for i, tok in enumerate(tokens):
            if tok.text in punct and i + 1 in consequences:
                continue
            new_sentence = i > 0 and sent_of[i] != sent_of[i - 1]
            if i > start and (new_sentence or i in openers or tok.text in punct):
                bounds.append((start, i - 1))
                start = i
        bounds.append((start, len(tokens) - 1))
        return [b for b in bounds for _ in range(b[0], b[1] + 1)]

    rng = random.Random(1)
    for _ in range(500):
        n = rng.randint(0, 30)
        tokens = [NS(text=rng.choice(["w", "x", "،", ",", "(", "y"])) for _ in range(n)]
        sent_of = sorted(rng.randint(0, 4) for _ in range(n))
        scan = {
            "clause": [NS(first=i) for i in rng.sample(range(n), min(n, rng.randint(0, 4)))],
            "consequence": [NS(first=i) for i in rng.sample(range(n), min(n, rng.randint(0, 4)))],
        }
        assert linker._clauses(tokens, sent_of, scan) == walk(tokens, sent_of, scan)
