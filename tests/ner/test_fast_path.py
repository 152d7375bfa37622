"""The fast tagging path (batched word scoring, caches kept across calls) gives exactly what
the plain path gives: per-word sums equal to the bit, labels equal to crfsuite's, on a few
hundred sentences we generate from our own templates."""

from __future__ import annotations

import random

import numpy as np
import pytest

from marsad.ner.features import WINDOW
from marsad.ner.stacking import StackedTagger, load_tagger
from marsad.ner.tagger import (
    CrfTagger,
    _emission_kernel,
    _emission_loop,
    _marginal_kernel,
    _marginal_loop,
    _sum_loop,
    _viterbi_kernel,
    _viterbi_loop,
)
from marsad.text import tokenize

_PEOPLE = ["محمد العلي", "خالد الأحمد", "سامر حداد", "ليلى حسن", "أبو علي الجاسم", "فاطمة الزين"]
_PLACES = ["دير الزور", "البوكمال", "الميادين", "حلب", "بغداد", "الموصل", "بيروت", "ريف حمص"]
_ORGS = ["وزارة الدفاع", "الهلال الأحمر", "مجلس الأمن", "قوات سوريا الديمقراطية", "حزب الله"]
_TEMPLATES = [
    "قال {p} إن {o} أرسلت تعزيزات عسكرية إلى {l} صباح اليوم.",
    "وصلت قافلة تابعة لـ{o} إلى مدينة {l} قادمة من {l2} بحسب مصادر محلية.",
    "أعلن {p} المتحدث باسم {o} أن الاشتباكات في {l} أسفرت عن مقتل {n} عناصر.",
    "التقى {p} في {l} وفدا من {o} لبحث الأوضاع الإنسانية في {l2}.",
    "نفى {o} في بيان ما نقلته وكالة {p} عن قصف طال {l} ليلة {n} آذار.",
]


def _sentences(n: int, *, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = rng.choice(_TEMPLATES).format(
            p=rng.choice(_PEOPLE),
            o=rng.choice(_ORGS),
            l=rng.choice(_PLACES),
            l2=rng.choice(_PLACES),
            n=rng.randint(2, 40),
        )
        words = [t.text for t in tokenize(text)]
        # a made-up name per sentence, so every batch has words the caches have not seen
        words.insert(rng.randrange(len(words)), "ال" + "".join(rng.choices("بتثجحخدذرزسشصض", k=5)))
        out.append(words)
    return out


@pytest.fixture(scope="module")
def stacked() -> StackedTagger:
    tagger = load_tagger()
    assert isinstance(tagger, StackedTagger)
    return tagger


def test_batched_word_scores_equal_one_word_sums(stacked: StackedTagger) -> None:
    for tagger in (stacked.first, stacked.second):
        words = list(dict.fromkeys(w for s in _sentences(60, seed=1) for w in s))
        ids = tagger._word_ids(words)
        for word, wid in zip(words, ids, strict=True):
            wf = tagger.features.word(word)
            assert np.array_equal(tagger._scores[0, wid], tagger._score(wf.ids(0), 0))
            assert np.array_equal(tagger._scores[0, wid], _string_sum(tagger, wf.local))
            for slot, off in enumerate(WINDOW, start=1):
                scores = tagger._scores[slot, wid]
                assert np.array_equal(scores, tagger._score(wf.ids(off), slot))
                assert np.array_equal(scores, _string_sum(tagger, wf.window[off]))


def _string_sum(tagger: CrfTagger, attrs: tuple[str, ...]) -> np.ndarray:
    """The weights of crfsuite's attribute strings, looked up by name and summed in order (what
    the ids and the per-offset rows stand for)."""
    unknown = len(tagger._attr_ids)
    rows = [tagger._attr_ids.get(a, unknown) for a in attrs]
    return tagger._weights[np.asarray(rows, dtype=np.intp)].sum(axis=0)


def test_fast_path_labels_equal_crfsuite(stacked: StackedTagger) -> None:
    sentences = _sentences(300)
    first = stacked.first.tag_many(sentences)
    for words, labels in zip(sentences, first, strict=True):
        assert labels == stacked.first.tag_reference(words)
    extra = stacked._extra(sentences)
    second = stacked.tag_many(sentences)
    for words, more, labels in zip(sentences, extra, second, strict=True):
        assert labels == stacked.second.tag_reference(words, extra=more)
    assert stacked.tag_many(sentences) == second  # warm caches: same answer


def test_small_cache_restarts_without_changing_answers() -> None:
    sentences = _sentences(120, seed=3)
    big = CrfTagger()
    small = CrfTagger(cache_size=50)  # features of its own: taggers on one extractor share words
    assert small.entities_many(sentences) == big.entities_many(sentences)
    # the bound holds except for one batch's own words, which are always scored together
    batch = max(len({w for i in g for w in sentences[i]}) for g in small._batches(sentences))
    assert len(small._ids) <= max(50, batch) < len({w for s in sentences for w in s})


def test_compiled_viterbi_equals_numpy_loop() -> None:
    """The compiled decoding loop, its Python form and numpy's batched loop give the same
    paths, ties included (emissions of small integers tie often; the first maximum wins)."""
    tagger = CrfTagger()
    rng = np.random.default_rng(5)
    n = len(tagger.labels)
    lengths = [int(k) for k in rng.integers(1, 40, size=30)]
    em = rng.integers(-3, 4, size=(sum(lengths), n)).astype(float)
    ems = tagger._split(em, lengths)
    expected = tagger._viterbi_numpy(ems)
    ends = np.cumsum(np.asarray(lengths, dtype=np.intp))
    for loop in (_viterbi_loop, _viterbi_kernel):
        if loop is None:  # numba missing: numpy's loop is the one in use
            continue
        out = np.empty(len(em), dtype=np.intp)
        loop(em, ends, tagger._transitions, out)
        assert tagger._split(out.tolist(), lengths) == expected


def test_compiled_marginals_equal_numpy_forward_backward() -> None:
    """The compiled forward-backward, its Python form and numpy's batched one give each
    token's marginal of a label path to rounding, on sentences of 1 to 40 tokens."""
    tagger = CrfTagger()
    rng = np.random.default_rng(9)
    n = len(tagger.labels)
    lengths = [int(k) for k in rng.integers(1, 41, size=30)]
    em = rng.normal(0.0, 3.0, size=(sum(lengths), n))
    path = rng.integers(0, n, size=len(em))
    ems = tagger._split(em, lengths)
    paths = tagger._split(path.tolist(), lengths)
    expected = [m[np.arange(len(p)), p] for m, p in zip(tagger._marginals(ems), paths, strict=True)]
    ends = np.cumsum(np.asarray(lengths, dtype=np.intp))
    for loop in (_marginal_loop, _marginal_kernel):
        if loop is None:  # numba missing: numpy's forward-backward is the one in use
            continue
        out = np.full(len(em), np.nan)
        loop(em, ends, tagger._exp_transitions, path.astype(np.intp), out)
        got = tagger._split(out, lengths)
        for mine, theirs in zip(got, expected, strict=True):
            np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)


def test_compiled_word_sums_equal_numpy_steps() -> None:
    """New words scored by the compiled loop, its Python form and the padded numpy steps get
    the same floats, to the bit."""
    tagger = CrfTagger()
    words = list(dict.fromkeys(w for s in _sentences(40, seed=11) for w in s))
    tagger._add_words(words)
    first, end = 0, len(words)
    feats = [tagger.features.word(w) for w in words]
    flat = np.asarray([i for wf in feats for i in wf.all_ids], dtype=np.intp)
    lengths = np.asarray([k for wf in feats for k in wf.lengths], dtype=np.intp)
    kept = tagger._scores[:, :end].copy()
    tagger._scores[:, :end] = np.nan
    tagger._sum_numpy(flat, lengths, first, end)
    assert tagger._scores[:, :end].tobytes() == kept.tobytes()
    tagger._scores[:, :end] = np.nan
    _sum_loop(tagger._weights, tagger._rows_of_ids, flat, lengths, tagger._scores, first)
    assert tagger._scores[:, :end].tobytes() == kept.tobytes()


def test_without_numba_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where numba cannot be imported the numpy loops run, with the same answers."""
    import marsad.ner.tagger as tagger_module

    sentences = _sentences(80, seed=13)
    compiled = CrfTagger()
    expected = compiled.entities_many(sentences)
    monkeypatch.setattr(tagger_module, "_viterbi_kernel", None)
    monkeypatch.setattr(tagger_module, "_sum_kernel", None)
    monkeypatch.setattr(tagger_module, "_emission_kernel", None)
    monkeypatch.setattr(tagger_module, "_marginal_kernel", None)
    plain = CrfTagger()  # features of its own: not scored by the compiled loops along with it
    got = plain.entities_many(sentences)
    # the same entities; scores (marginals) agree to rounding: BLAS sums in its own order
    assert [[e[:3] for e in s] for s in got] == [[e[:3] for e in s] for s in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert [e[3] for e in mine] == pytest.approx([e[3] for e in theirs], abs=1e-12)
    assert plain._scores[:, : len(plain._ids)].tobytes() == (
        compiled._scores[:, : len(compiled._ids)].tobytes()
    )


def test_compiled_emissions_equal_numpy_steps(stacked: StackedTagger) -> None:
    """The compiled emission loop, its Python form and numpy's whole-array steps give the same
    floats, to the bit: window neighbours across sentence boundaries, one-word and empty
    sentences, stem bigrams and the second pass's extra rows."""
    sentences = [*_sentences(30, seed=17), ["بغداد"], [], ["قال", "."]]
    extra = stacked._extra(sentences)
    tagger = stacked.second
    ids = tagger._word_ids([w for words in sentences for w in words])
    lengths = [len(words) for words in sentences]
    idx = np.asarray(ids, dtype=np.intp)
    extra_at, extra_rows = tagger._extra_rows_of(extra, lengths, len(ids))
    assert extra_at.size  # the check covers extra rows
    expected = tagger._emission_numpy(idx, lengths, extra_at, extra_rows)
    ends = np.cumsum(np.asarray(lengths, dtype=np.intp))
    for loop in (_emission_loop, _emission_kernel):
        if loop is None:
            continue
        em = np.full_like(expected, np.nan)
        loop(
            tagger._scores,
            idx,
            ends,
            tagger._bos,
            tagger._eos,
            tagger._sids,
            tagger._bigrams,
            extra_at,
            extra_rows,
            em,
        )
        assert em.tobytes() == expected.tobytes()


def test_taggers_on_one_extractor_share_words_with_same_answers(stacked: StackedTagger) -> None:
    """The two passes of a stacked tagger share one word → id map: new words are scored for
    both at once, the second pass reuses the first one's ids, and the answers equal those of
    two taggers with words of their own."""
    assert stacked.first._ids is stacked.second._ids
    sentences = _sentences(50, seed=19)
    separate = StackedTagger(CrfTagger(), CrfTagger(stacked.second.model_path))
    assert separate.first._ids is not separate.second._ids
    assert stacked.entities_many(sentences) == separate.entities_many(sentences)
    words = [w for s in sentences for w in s]
    ids = stacked.first._word_ids(words)
    assert stacked.second._word_ids(words) is ids  # ready: the other pass over the same tokens
    for tagger, alone in ((stacked.first, separate.first), (stacked.second, separate.second)):
        alone_ids = alone._word_ids(words)
        assert np.array_equal(tagger._scores[:, ids], alone._scores[:, alone_ids])


def test_component_shared_by_threads_gives_sequential_answers() -> None:
    """A pipeline shared by threads (the API's request workers) tags as one thread would: the
    stage lets one report at a time through the taggers' growing caches."""
    from concurrent.futures import ThreadPoolExecutor

    from marsad.model import Document
    from marsad.pipeline import Pipeline

    texts = [" ".join(" ".join(s) for s in _sentences(12, seed=seed)) for seed in range(24)]
    alone = Pipeline.default(stages=["text", "ner"], freeze=False)
    expected = [[m.to_dict() for m in alone(Document(text=t)).mentions] for t in texts]
    shared = Pipeline.default(stages=["text", "ner"], freeze=False)
    with ThreadPoolExecutor(max_workers=6) as pool:
        got = list(
            pool.map(lambda t: [m.to_dict() for m in shared(Document(text=t)).mentions], texts)
        )
    assert got == expected
