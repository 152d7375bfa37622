"""The actor stage's shortcuts give what the plain loops give (same keys, same tables)."""

from __future__ import annotations

import dataclasses

import pytest

from marsad.actors.kb import arabic_key
from marsad.actors.resolve import ResolutionRules, _Offsets, shipped_resolver
from marsad.text import tokenize


def plain_expand(rules: ResolutionRules, key: str) -> set[str]:
    """``ResolutionRules.expand`` without its shortcuts (every group, form and key tried)."""
    out = {key}
    for group in rules.variants:
        for form in group:
            for k in list(out):
                padded = f" {k} "
                if f" {form} " in padded:
                    for other in group:
                        if other != form:
                            out.add(padded.replace(f" {form} ", f" {other} ").strip())
    return out


def test_expand_matches_the_plain_loops_on_every_key() -> None:
    resolver = shipped_resolver()
    rules = resolver.rules
    keys = [*resolver.matcher._values][:30_000]
    keys += [key for key, *_ in rules.modifier_keys()][:20_000]
    assert any(len(rules.expand(k)) > 1 for k in keys)  # some keys do have variants
    for key in keys:
        assert rules.expand(key) == plain_expand(rules, key), key


@pytest.mark.parametrize(
    "key",
    [
        "ميليشيا دير زور",  # two groups in one key, one of them two words
        "مليشيات امريكيه",
        "ديرالزور ميليشيا ديرالزور",  # the same form twice
        "اميركي",
        "ميليشيادير",  # a form inside a longer word is no variant
        "",
        "لا شيء هنا",
    ],
)
def test_expand_own_keys(key: str) -> None:
    rules = shipped_resolver().rules
    assert rules.expand(key) == plain_expand(rules, key)


def test_expand_with_chained_groups_and_no_groups() -> None:
    rules = shipped_resolver().rules
    # a later group reached only through a variant an earlier group made
    chained = dataclasses.replace(rules, variants=(("ا ب", "ج"), ("ج د", "ه"), ("", "و")))
    for key in ("ا ب د", "ج د", "س ا ب د ص", "و", "ا ب"):
        assert chained.expand(key) == plain_expand(chained, key), key
    assert chained.expand("ا ب د") >= {"ا ب د", "ج د", "ه"}
    none = dataclasses.replace(rules, variants=())
    assert none.expand("ميليشيا") == {"ميليشيا"}


def test_cue_variants_are_the_expansions() -> None:
    resolver = shipped_resolver()
    for rule in resolver.rules.patterns:
        assert resolver.cue_variants[rule.cue] == resolver.rules.expand(rule.cue)


def test_first_word_is_cached_and_unchanged() -> None:
    resolver = shipped_resolver()
    for text in ("تنظيم داعش", "  ", "هيئة تحرير الشام", ""):
        first = resolver._first_word(text)
        assert resolver._first_word(text) == first
        assert first == arabic_key(text).split(" ")[:1]


def test_offsets_give_the_token_a_dict_gives() -> None:
    tokens = tokenize("وقصفت قوات النظام، صباح اليوم، مواقع لتنظيم داعش في البادية.")
    at = _Offsets(tokens)
    assert at.by_start is None  # the text layer's tokens: bisection
    by_start = {t.start: i for i, t in enumerate(tokens)}
    by_end = {t.end: i for i, t in enumerate(tokens)}
    for offset in range(-1, tokens[-1].end + 3):
        assert at.starting(offset) == by_start.get(offset), offset
        assert at.ending(offset) == by_end.get(offset), offset
    # repeated offsets (the last token wins, as in a dict) and offsets out of order
    first, second = tokens[0], tokens[1]
    for odd in ([first, first, second], [second, first, second]):
        at = _Offsets(odd)
        for offset in range(-1, second.end + 2):
            assert at.starting(offset) == {t.start: i for i, t in enumerate(odd)}.get(offset)
            assert at.ending(offset) == {t.end: i for i, t in enumerate(odd)}.get(offset)


def test_patron_chains_are_cached_as_fresh_lists() -> None:
    resolver = shipped_resolver()
    for actor_id in (*list(resolver.kb.entries)[:300], "no_such_actor"):
        chain = resolver._patron_chain(actor_id)
        assert chain == resolver.kb.patron_chain(actor_id)
        chain.append("x")  # the caller's own list
        assert resolver._patron_chain(actor_id) == resolver.kb.patron_chain(actor_id)
