"""The ``ner`` pipeline stage with the shipped model on sentences we wrote ourselves."""

from __future__ import annotations

import pytest

from marsad.model import Document, Sentence
from marsad.ner import NerComponent, load
from marsad.pipeline import Pipeline


@pytest.fixture(scope="module")
def ner() -> NerComponent:
    return load()


def mentions(ner: NerComponent, text: str) -> dict[str, str]:
    extraction = Pipeline.default(stages=("text",))(Document(text=text))
    ner(extraction)
    for m in extraction.mentions:
        assert text[m.start : m.end] == m.text  # exact original offsets
        assert m.source == "ner"
        assert m.label in {"PERS", "LOC", "ORG", "MISC"}
        assert m.score is not None and 0.0 < m.score <= 1.0
    return {m.text: m.label for m in extraction.mentions}


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        (
            "قال الرئيس الأمريكي جورج بوش في مؤتمر صحفي إن المحادثات كانت مفيدة .",
            "جورج بوش",
            "PERS",
        ),
        ("وصل وزير الخارجية الفرنسي إلى دمشق صباح اليوم في زيارة رسمية .", "دمشق", "LOC"),
        ("أعلنت الأمم المتحدة أنها سترسل مساعدات إنسانية إلى المنطقة .", "الأمم المتحدة", "ORG"),
        ("وأكد المتحدث باسم وزارة الخارجية الروسية أن موسكو ترفض القرار .", "موسكو", "LOC"),
    ],
)
def test_recognises_entities_with_exact_offsets(
    ner: NerComponent, text: str, entity: str, label: str
) -> None:
    found = mentions(ner, text)
    assert found.get(entity) == label, found


def test_offsets_survive_harakat_and_clitics(ner: NerComponent) -> None:
    text = "وقال الرئيس الأمريكي جورج بوش إنّ القوات ستبقى في بغدادَ ."
    extraction = Pipeline.default(stages=("text",))(Document(text=text))
    ner(extraction)
    spans = {(m.start, m.end): m for m in extraction.mentions}
    start = text.index("جورج")
    assert (start, start + len("جورج بوش")) in spans
    assert all(text[s:e] == m.text for (s, e), m in spans.items())


def test_norm_is_clitic_free_stem_key(ner: NerComponent) -> None:
    text = "وصل الوفد إلى بيروت أمس ."
    extraction = Pipeline.default(stages=("text",))(Document(text=text))
    ner(extraction)
    beirut = [m for m in extraction.mentions if m.text == "بيروت"]
    assert beirut and beirut[0].norm == "بيروت"


def test_without_text_stage_and_empty_input(ner: NerComponent) -> None:
    from marsad.model import Extraction

    empty = ner(Extraction(document=Document(text="   ")))
    assert empty.mentions == []
    direct = ner(Extraction(document=Document(text="زار الوزير القاهرة .")))
    assert direct.tokens  # tokenized on demand
    assert all(direct.text[m.start : m.end] == m.text for m in direct.mentions)


def test_pipeline_default_includes_ner() -> None:
    assert "ner" in Pipeline.default(stages=("text", "ner")).names


def test_tokens_are_grouped_by_sentence() -> None:
    """Each sentence gets the tokens inside it; tokens outside every sentence are skipped,
    and those after the last sentence form a group of their own."""
    text = "وصل سامر . غادر خالد ؟ ثم عاد"
    extraction = Pipeline.default(stages=("text",))(Document(text=text))
    tokens = extraction.tokens
    extraction.sentences = [Sentence(0, 9), Sentence(13, 22)]  # "غ" of غادر is outside
    groups = NerComponent._sentence_tokens(extraction)
    assert [[t.text for t in g] for g in groups] == [
        ["وصل", "سامر"],
        ["خالد", "؟"],
        ["ثم", "عاد"],
    ]
    assert groups[0][0] is tokens[0]
    extraction.sentences = []
    assert NerComponent._sentence_tokens(extraction) == [tokens]
