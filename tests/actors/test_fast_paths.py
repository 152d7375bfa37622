"""The actor stage's shortcuts give what the plain loops give (same keys, same tables)."""

from __future__ import annotations

import dataclasses

import pytest

from marsad.actors.kb import arabic_key
from marsad.actors.resolve import ResolutionRules, shipped_resolver


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
