"""Text-layer speed: marsad (tokens, clitic parts, sentences) vs spaCy blank("ar") tokenization.

Both run on the same documents in the same process: the first ``--docs`` articles of
``shared/data/unlabeled/ant_arabic_news.jsonl`` when present (``--shared`` or ``$MARSAD_SHARED``),
else sentences we generate. Each side runs twice: ``cold`` (first pass, caches empty — our clitic
cache fills here) and ``warm`` (second pass). Goal: marsad's time within 2x of spaCy's.

    .venv/bin/python benchmarks/bench_text.py [--docs 3000] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from unlabeled import corpus_path, iter_unlabeled  # noqa: E402

from marsad.text import split_sentences, tokenize  # noqa: E402
from marsad.text.clitics import CliticRules, CliticSplitter, load_lexicon  # noqa: E402


def load_documents(shared: Path, limit: int) -> tuple[list[str], str]:
    texts = list(islice(iter_unlabeled(shared), limit))
    if texts:
        return texts, f"{corpus_path(shared)} (first {len(texts)} articles)"
    return generated_documents(limit), f"{limit} generated documents"


def generated_documents(limit: int) -> list[str]:
    """News-like sentences of our own, combined at random (fixed seed)."""
    rng = random.Random(13)
    subjects = ["قوات النظام", "ميليشيا الحرس الثوري", "فصائل المعارضة", "قوات سوريا الديمقراطية"]
    verbs = ["قصفت", "استهدفت", "سيطرت على", "انسحبت من", "وصلت إلى"]
    places = ["بلدة الصالحية", "مدينة الميادين بريف دير الزور", "قرية الجنينة", "حي الحميدية"]
    tails = ["فجر اليوم.", "وبالتزامن مع ذلك قتل ٣ عناصر.", "بحسب شبكة SY24.", "وفق مصادر محلية؟"]
    docs = []
    for _ in range(limit):
        sentences = [
            f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(places)} {rng.choice(tails)}"
            for _ in range(rng.randint(5, 15))
        ]
        docs.append(" ".join(sentences))
    return docs


def timed(run: Callable[[], int]) -> tuple[float, int]:
    """CPU seconds of this process (the machine is shared, so wall time measures the others)."""
    gc.collect()
    start = time.process_time()
    count = run()
    return time.process_time() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))
    )
    args = parser.parse_args()
    texts, what = load_documents(args.shared, args.docs)
    chars = sum(len(t) for t in texts)

    import spacy

    nlp = spacy.blank("ar")
    splitter = CliticSplitter(rules=CliticRules.load(), lexicon=load_lexicon())

    def ours() -> int:
        n = 0
        for text in texts:
            tokens = tokenize(text, splitter=splitter)
            split_sentences(text, tokens)
            n += len(tokens)
        return n

    def spacy_tokens() -> int:
        return sum(len(nlp.make_doc(text)) for text in texts)

    rows = []
    for label in ("cold", "warm"):
        t_spacy, n_spacy = timed(spacy_tokens)
        t_ours, n_ours = timed(ours)
        rows.append((label, t_ours, n_ours, t_spacy, n_spacy))

    print(f"input: {what}; {chars / 1e6:.1f} M characters")
    print(f"{'pass':<6}{'system':<44}{'tokens':>10}{'cpu s':>9}{'tokens/s':>11}")
    for label, t_ours, n_ours, t_spacy, n_spacy in rows:
        print(
            f"{label:<6}{'marsad tokenize+clitics+sentences':<44}{n_ours:>10}{t_ours:>9.2f}"
            f"{n_ours / t_ours:>11,.0f}"
        )
        print(
            f"{'':<6}{'spaCy blank(ar) tokenizer':<44}{n_spacy:>10}{t_spacy:>9.2f}"
            f"{n_spacy / t_spacy:>11,.0f}"
        )
        print(f"{'':<6}time ratio marsad/spaCy: {t_ours / t_spacy:.2f}x (goal <= 2x)")


if __name__ == "__main__":
    main()
