"""Property tests: for any input the text layer never raises and every span is exact."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.text import normalize, normalize_with_offsets, split_sentences, tokenize
from marsad.text.normalize import light_with_offsets

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
PUNCT = ".,!?;:،؛؟…«»“”\"'()[]-_/@#%&*"
SPACES = " \t\n\r\u00a0\u200c\u200f"
LATIN = "abcxyzSYDFİß"
PERSIAN = "یکگۀھ"

arabic_text = st.text(
    alphabet=st.sampled_from(
        list(ARABIC_LETTERS * 4 + HARAKAT + TATWEEL * 2 + DIGITS + PUNCT + SPACES + LATIN + PERSIAN)
    ),
    max_size=200,
)
words = st.lists(
    st.sampled_from(
        [
            "وبالمدينة",
            "للقوات",
            "SY24",
            "3.5",
            "1,000",
            "١٥",
            "https://a.b/c",
            "د.",
            "«",
            "»",
            "؟",
            "\n",
        ]
    ),
    max_size=30,
).map(" ".join)
any_text = st.one_of(st.text(max_size=200), arabic_text, words)


def check_tokens(text: str) -> None:
    tokens = tokenize(text)
    previous_end = 0
    for token in tokens:
        assert 0 <= token.start <= token.end <= len(text)
        assert token.start >= previous_end
        previous_end = token.end
        assert text[token.start : token.end] == token.text
        assert token.parts, token
        assert token.parts[0].start == token.start
        assert token.parts[-1].end == token.end
        for part in token.parts:
            assert 0 <= part.start <= part.end <= len(text)
            assert text[part.start : part.end] == part.text
        for a, b in zip(token.parts, token.parts[1:], strict=False):
            assert a.end == b.start
        assert [p.kind for p in token.parts].count("stem") == 1
    sentences = split_sentences(text, tokens)
    for s in sentences:
        assert 0 <= s.start <= s.end <= len(text)
    for a, b in itertools.pairwise(sentences):
        assert a.end <= b.start
    # every token is inside exactly one sentence
    for token in tokens:
        assert sum(1 for s in sentences if s.start <= token.start and token.end <= s.end) == 1


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_tokens_parts_and_sentences_are_exact(text: str) -> None:
    check_tokens(text)


@settings(max_examples=400)
@given(any_text)
def test_normalize_with_offsets_maps_back(text: str) -> None:
    norm, offsets = normalize_with_offsets(text)
    assert len(offsets) == len(norm) + 1
    assert offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in offsets)
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    normalize(text)  # never raises


@settings(max_examples=300)
@given(any_text)
def test_light_offsets_map_back(text: str) -> None:
    light, offsets = light_with_offsets(text)
    assert len(offsets) == len(light) + 1
    assert offsets[-1] == len(text)
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
