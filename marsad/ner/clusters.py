"""Distributional word clusters learned from unlabeled news, used as CRF features.

Words that occur in similar contexts (names of cities, first names, ministries...) fall into the
same cluster, so the CRF generalises from a name seen in training to unseen names of the same
kind — the classic 2–4 F1 gain for feature-based NER. Method: left/right context counts over the
most frequent words → PPMI → truncated SVD → k-means at several granularities. Every step has a
fixed seed, so ``marsad train ner`` writes the same table each time. The table (word → cluster
ids, then a log2 frequency bucket — rare words are more often names) is a small gzipped TSV
shipped beside the model; run time only reads it.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.text.normalize import normalize
from marsad.text.tokenize import iter_tokens

#: cluster counts of the shipped table, coarse to fine
GRANULARITIES: tuple[int, ...] = (64, 256, 1024)


def corpus_sentences(path: Path, *, limit: int | None = None) -> Iterator[list[str]]:
    """Normalized tokens of each line of text in a JSONL news corpus (``title`` and ``text``)."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            record = json.loads(line)
            for field in ("title", "text"):
                text = record.get(field) or ""
                for paragraph in text.splitlines():
                    tokens = [normalize(paragraph[s:e]) for s, e, _ in iter_tokens(paragraph)]
                    if tokens:
                        yield tokens


def learn_clusters(
    sentences: Iterable[list[str]],
    *,
    min_count: int = 3,
    n_contexts: int = 3000,
    dims: int = 100,
    granularities: tuple[int, ...] = GRANULARITIES,
    seed: int = 0,
) -> dict[str, tuple[int, ...]]:
    """Word → one cluster id per granularity, then the word's log2 frequency bucket
    (deterministic for a fixed ``seed``)."""
    # numpy/scipy/scikit-learn are needed only to train, so import them here.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # one thread: the same sums in the same order every run
        return _learn(sentences, min_count, n_contexts, dims, granularities, seed)


def _learn(
    sentences: Iterable[list[str]],
    min_count: int,
    n_contexts: int,
    dims: int,
    granularities: tuple[int, ...],
    seed: int,
) -> dict[str, tuple[int, ...]]:
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD

    sents = list(sentences)
    counts: Counter[str] = Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, w in enumerate(vocab[:n_contexts])}
    n_ctx = len(contexts)
    rows: list[int] = []
    cols: list[int] = []
    # four context slots: word at -2, -1, +1, +2 (position-aware, like Brown's bigram view)
    for sent in sents:
        ids = [index.get(w, -1) for w in sent]
        ctx = [contexts.get(w, -1) for w in sent]
        n = len(sent)
        for i, wid in enumerate(ids):
            if wid < 0:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                j = i + off
                if 0 <= j < n and ctx[j] >= 0:
                    rows.append(wid)
                    cols.append(slot * n_ctx + ctx[j])
    data = np.ones(len(rows), dtype=np.float64)
    m = sparse.csr_matrix((data, (rows, cols)), shape=(len(vocab), 4 * n_ctx))
    m.sum_duplicates()
    # positive pointwise mutual information with context-distribution smoothing (0.75)
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_p = col_sum / col_sum.sum()
    coo = m.tocoo()
    pmi = np.log((coo.data / total) / ((row_sum[coo.row] / total) * col_p[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape, dtype=np.float64
    )
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=7, random_state=seed)
    vectors = svd.fit_transform(ppmi)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    labels = []
    for k in granularities:
        km = KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=seed)
        labels.append(km.fit_predict(vectors))
    return {
        w: (*(int(lab[i]) for lab in labels), int(math.log2(counts[w])))
        for i, w in enumerate(vocab)
    }


def write_clusters(table: dict[str, tuple[int, ...]], path: Path) -> None:
    """Write the table as gzipped TSV (word, one id per granularity, frequency bucket)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical between runs
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        for word in sorted(table):
            ids = "\t".join(str(c) for c in table[word])
            gz.write(f"{word}\t{ids}\n".encode())


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """Word → cluster ids and frequency bucket as strings (ready to become feature values).
    Empty when the file is absent."""
    if not path.exists():
        return {}
    table: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, *ids = line.rstrip("\n").split("\t")
            if word and ids:
                table[word] = tuple(ids)
    return table
