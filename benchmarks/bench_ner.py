"""NER tagging throughput on one core (goal ≥ 100k tokens/s).

Input: sentences of the unlabeled news corpus in ../shared when present, else sentences we
generate from our own templates. Tokens come from ``marsad.text.tokenize`` (as in the pipeline);
the clock covers clitic splitting, feature extraction and CRF decoding (both stacked passes,
``tag_many``), first with cold caches (every distinct word split, given its features and scored
once: each tagger gets a clitic splitter of its own), then warm. Wall-clock and CPU time are
both shown: on a shared machine the CPU figure is the steadier one (it leaves out time spent
waiting for the core). Also times the whole ``ner`` pipeline component on the same text in
documents of 20 sentences (warm cache; mention building and forward-backward confidences
included).

    .venv/bin/python benchmarks/bench_ner.py --sentences 5000
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

from unlabeled import corpus_path, iter_unlabeled

from marsad.model import Document, Extraction
from marsad.ner import DEFAULT_MODEL, CrfTagger, NerComponent, StackedTagger
from marsad.ner.stacking import STACK_FILE
from marsad.text import TextComponent, split_sentences, tokenize
from marsad.text.clitics import CliticRules, CliticSplitter, load_lexicon

SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = corpus_path(SHARED)

_PEOPLE = ["محمد العلي", "خالد الأحمد", "سامر حداد", "ليلى حسن", "أحمد الجاسم", "فاطمة الزين"]
_PLACES = ["دير الزور", "البوكمال", "الميادين", "حلب", "بغداد", "الموصل", "بيروت", "حمص", "الرقة"]
_ORGS = ["وزارة الدفاع", "الهلال الأحمر", "مجلس الأمن", "قوات سوريا الديمقراطية", "حزب الله"]
_TEMPLATES = [
    "قال {p} إن {o} أرسلت تعزيزات عسكرية إلى {l} صباح اليوم.",
    "وصلت قافلة تابعة لـ{o} إلى مدينة {l} قادمة من {l2} بحسب مصادر محلية.",
    "أعلن {p} المتحدث باسم {o} أن الاشتباكات في ريف {l} أسفرت عن مقتل 4 عناصر.",
    "التقى {p} في {l} وفدا من {o} لبحث الأوضاع الإنسانية في {l2}.",
]


def generated_sentences(n: int, *, seed: int = 0) -> list[str]:
    """Our own template sentences (used when ../shared is absent)."""
    rng = random.Random(seed)
    return [
        rng.choice(_TEMPLATES).format(
            p=rng.choice(_PEOPLE),
            o=rng.choice(_ORGS),
            l=rng.choice(_PLACES),
            l2=rng.choice(_PLACES),
        )
        for _ in range(n)
    ]


def fresh_tagger(*, stacked: bool) -> CrfTagger | StackedTagger:
    """The shipped model (stacked: both CRF passes, as ``load_tagger``) with a clitic splitter
    of its own, so that "cold" is cold for the clitic splits too (the process-wide splitter
    has already split these words for the other run); its lexicon is prepared here, at load."""
    splitter = CliticSplitter(rules=CliticRules.load(), lexicon=load_lexicon())
    splitter.split_norm("")  # builds the matching-key lexicon (a one-time load cost)
    first = CrfTagger(DEFAULT_MODEL, splitter=splitter)
    if not stacked:
        return first
    return StackedTagger(
        first, CrfTagger(DEFAULT_MODEL.with_name(STACK_FILE), features=first.features)
    )


def corpus_sentences(n: int) -> list[str]:
    """The first ``n`` sentences of the unlabeled news corpus."""
    out: list[str] = []
    for text in iter_unlabeled(SHARED):
        tokens = tokenize(text)
        for sent in split_sentences(text, tokens):
            out.append(text[sent.start : sent.end])
            if len(out) >= n:
                return out
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--generated", action="store_true", help="Ignore ../shared.")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    use_corpus = CORPUS.exists() and not args.generated
    texts = corpus_sentences(args.sentences) if use_corpus else generated_sentences(args.sentences)
    source = f"{CORPUS.name}" if use_corpus else "generated sentences"
    token_lists = [[t.text for t in tokenize(s)] for s in texts]
    n_tokens = sum(len(t) for t in token_lists)

    print(f"input: {len(texts)} sentences, {n_tokens} tokens from {source}")
    for stacked in (False, True):
        t0 = time.perf_counter()
        tagger = fresh_tagger(stacked=stacked)
        t_load = time.perf_counter() - t0
        which = "two passes (shipped default)" if stacked else "first pass only"
        print(f"{which}: model load {t_load:.2f} s")
        for label in ("cold cache", "warm cache"):
            t0, c0 = time.perf_counter(), time.process_time()
            tagger.tag_many(token_lists)
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"  tag ({label}): {n_tokens / dt:,.0f} tokens/s ({dt:.2f} s; "
                f"CPU time {cpu:.2f} s = {n_tokens / cpu:,.0f} tokens per CPU second)"
            )

    component = NerComponent(tagger=tagger)  # the tagger whose word cache is now warm
    text_stage = TextComponent()
    # documents of 20 sentences, tokenized beforehand: time the ner stage alone
    docs = []
    for k in range(0, len(texts), 20):
        chunk = texts[k : k + 20]
        extraction = text_stage(Extraction(document=Document(text=" ".join(chunk))))
        docs.append(extraction)
    t0 = time.perf_counter()
    mentions = 0
    for e in docs:
        component(e)
        mentions += len(e.mentions)
    dt = time.perf_counter() - t0
    n_doc_tokens = sum(len(e.tokens) for e in docs)
    print(
        f"ner component: {n_doc_tokens / dt:,.0f} tokens/s "
        f"({len(docs)} documents, {mentions} mentions, {dt:.2f} s)"
    )


if __name__ == "__main__":
    main()
