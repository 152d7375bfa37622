"""Actor resolution: speed, and coverage of the real dev gold's actor strings.

(a) Speed of ``ActorResolver.resolve`` alone (tokens made beforehand) on the first ``--docs``
articles of ``shared/data/unlabeled/ant_arabic_news.jsonl`` when present, else on news-like
sentences of our own; printed as ms per 500-word report and words/s (one core).

(b) On ``shared/data/events/real_reports_dev_gold.jsonl`` (when present): every gold actor1/actor2
Arabic surface string found verbatim in the report's text is *covered* when a resolved actor
overlapping one of its occurrences agrees with the gold English name: the same KB id, or the same
generic kind (``ActorKB.generic_kind``). Documents run through the text, NER and geo stages first
so the resolver sees places (the report's country) as in the pipeline.

    .venv/bin/python benchmarks/bench_actors.py [--docs 300] [--shared ../shared] [--misses]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from unlabeled import corpus_path, iter_unlabeled  # noqa: E402

from marsad.actors import ActorKB  # noqa: E402
from marsad.actors.resolve import shipped_resolver  # noqa: E402
from marsad.model import Document  # noqa: E402
from marsad.text import tokenize  # noqa: E402


def load_texts(shared: Path, limit: int) -> tuple[list[str], str]:
    texts = list(islice(iter_unlabeled(shared), limit))
    if texts:
        return texts, f"{corpus_path(shared)} (first {len(texts)} articles)"
    rng = random.Random(7)
    subjects = ["قوات النظام", "لميليشيا الحرس الثوري", "الجيش الحر", "قسد", "طائرات روسية"]
    verbs = ["قصفت", "استهدفت", "سيطرت على", "انسحبت من", "اشتبكت مع"]
    objects = ["مواقع التنظيم", "المدنيين في البلدة", "الفوج 47", "عناصر من الأمن العسكري"]
    texts = [
        " ".join(
            f"{rng.choice(verbs)} {rng.choice(subjects)} {rng.choice(objects)}." for _ in range(60)
        )
        for _ in range(limit)
    ]
    return texts, f"{limit} generated documents"


def bench_speed(texts: list[str]) -> None:
    resolver = shipped_resolver()
    tokenized = [(t, tokenize(t)) for t in texts]
    words = sum(sum(1 for tok in toks if tok.is_word) for _, toks in tokenized)
    resolver.resolve(*tokenized[0])  # warm-up (caches)
    start = time.perf_counter()
    found = 0
    for text, toks in tokenized:
        found += len(resolver.resolve(text, toks, country="Syria"))
    seconds = time.perf_counter() - start
    print(f"speed: {len(texts)} documents, {words} words, {found} actors, {seconds:.2f} s")
    print(f"  {words / seconds:,.0f} words/s; {1000 * seconds * 500 / words:.2f} ms per 500 words")


def agrees(kb: ActorKB, actor_id: str | None, gold_en: str) -> bool:
    if not actor_id:
        return False
    gold_ids = [e.id for e in kb.lookup(gold_en)]
    if actor_id in gold_ids:
        return True
    kind = kb.generic_kind(actor_id)
    return any(kb.generic_kind(g) == kind for g in gold_ids)


def bench_gold(shared: Path, *, show_misses: bool) -> None:
    gold = shared / "data" / "events" / "real_reports_dev_gold.jsonl"
    if not gold.is_file():
        print(f"gold coverage: skipped ({gold} absent)")
        return
    from marsad.pipeline import Pipeline

    pipeline = Pipeline.default(stages=["text", "ner", "geo", "actors"])
    kb = ActorKB.load()
    total = covered = 0
    per_role = {"actor1": [0, 0], "actor2": [0, 0]}
    misses: list[str] = []
    with gold.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            text = doc["text"]
            published = date.fromisoformat(doc["published"]) if doc.get("published") else None
            extraction = pipeline(Document(text=text, published=published, id=doc["id"]))
            seen: set[tuple[str, str]] = set()
            for ev in doc["events"]:
                for role in ("actor1", "actor2"):
                    surface, gold_en = ev.get(role), ev.get(f"{role}_en")
                    if not surface or not gold_en or surface not in text:
                        continue
                    if (surface, gold_en) in seen:
                        continue
                    seen.add((surface, gold_en))
                    spans = []
                    at = text.find(surface)
                    while at >= 0:
                        spans.append((at, at + len(surface)))
                        at = text.find(surface, at + 1)
                    ok = any(
                        a.start < e and s < a.end and agrees(kb, a.id, gold_en)
                        for a in extraction.actors
                        for s, e in spans
                    )
                    total += 1
                    covered += ok
                    per_role[role][0] += 1
                    per_role[role][1] += ok
                    if not ok:
                        got = sorted(
                            {
                                f"{a.text}→{a.id}"
                                for a in extraction.actors
                                for s, e in spans
                                if a.start < e and s < a.end
                            }
                        )
                        misses.append(
                            f"  {doc['id']} {role}: {surface!r} gold {gold_en!r} got {got}"
                        )
    print(f"gold coverage ({gold.name}, distinct surface/name pairs found verbatim):")
    for role, (n, ok) in per_role.items():
        print(f"  {role}: {ok}/{n} = {ok / max(n, 1):.3f}")
    print(f"  all: {covered}/{total} = {covered / max(total, 1):.3f}")
    if show_misses:
        print("\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared"))
    )
    parser.add_argument("--misses", action="store_true", help="List uncovered gold strings.")
    args = parser.parse_args()
    texts, source = load_texts(args.shared, args.docs)
    print(f"corpus: {source}")
    bench_speed(texts)
    bench_gold(args.shared, show_misses=args.misses)


if __name__ == "__main__":
    main()
