"""Gazetteer build time/size (default and full) and geoparsing throughput.

Run: .venv/bin/python benchmarks/bench_geo.py [--shared ../shared]
Throughput is measured on IDRISI dev tweets and on news articles (≥ 200 words) of the
unlabeled corpus (both from ../shared when present), after warm-up, geo stage only (text stage
excluded), with the shipped span tagger and, for comparison, rules only.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from itertools import islice
from pathlib import Path

from unlabeled import iter_unlabeled

from marsad.geo import Gazetteer, GeoComponent, build_gazetteer
from marsad.geo.lmr import MODEL_PATH, SpanTagger
from marsad.model import Document, Extraction
from marsad.text import load as load_text


def build(path: Path, shared: Path | None) -> tuple[float, Gazetteer]:
    kwargs: dict[str, list[Path]] = {}
    if shared is not None:
        geo = shared / "data" / "geo"
        kwargs = {
            "ocha": sorted((geo / "ocha_syria").glob("*.csv")),
            "opensyria": [geo / "opensyria"],
            "geonames": sorted((geo / "geonames").glob("*.txt")),
        }
    t = time.perf_counter()
    build_gazetteer(path, **kwargs)
    return time.perf_counter() - t, Gazetteer.open(path)


def throughput(component: GeoComponent, texts: list[str]) -> dict[str, float]:
    text_stage = load_text()
    prepared = []
    for text in texts:
        e = Extraction(document=Document(text=text))
        text_stage(e)
        prepared.append(e)
    for e in prepared[:20]:
        component(e)
    t = time.perf_counter()
    mentions = 0
    words = 0
    for e in prepared:
        component(e)
        mentions += len(e.places)
        words += len(e.text.split())
    dt = time.perf_counter() - t
    return {
        "docs": len(prepared),
        "seconds": round(dt, 3),
        "docs_per_s": round(len(prepared) / dt, 1),
        "mentions_per_s": round(mentions / dt, 1),
        "ms_per_500_words": round(dt / words * 500 * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared"
    )
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    shared = args.shared if (args.shared / "data").is_dir() else None
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[str, object] = {}
        for label, src in (("default", None), ("full", shared)):
            if label == "full" and src is None:
                continue
            path = Path(tmp) / f"{label}.sqlite"
            seconds, gaz = build(path, src)
            t = time.perf_counter()
            component = GeoComponent(gaz, tagger=SpanTagger(MODEL_PATH))
            load_s = time.perf_counter() - t
            entry: dict[str, object] = {
                "build_s": round(seconds, 2),
                "size_mb": round(path.stat().st_size / 1e6, 2),
                "features": len(gaz),
                "keys": len(gaz.keys),
                "component_load_s": round(load_s, 2),
            }
            if shared is not None:
                tweets = []
                for f in sorted((shared / "data/geo/idrisi_ar/lmr_json").glob("*_dev.jsonl")):
                    tweets += [json.loads(line)["text"] for line in f.open(encoding="utf-8")]
                entry["tweets"] = throughput(component, tweets)
                long_articles = (t for t in iter_unlabeled(shared) if len(t.split()) >= 200)
                news = list(islice(long_articles, args.articles))
                entry["news"] = throughput(component, news)
                entry["news_rules_only"] = throughput(GeoComponent(gaz), news)
            results[label] = entry
        print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
