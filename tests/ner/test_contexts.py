"""Corpus contexts: shares of a word's occurrences after titles, organisation heads, places."""

from __future__ import annotations

from pathlib import Path

from marsad.ner.contexts import learn_contexts, read_contexts, write_contexts
from marsad.ner.features import FeatureExtractor
from marsad.ner.lexicons import NerLexicons

# our own sentences: "كرمل" follows a title every time, "نهرين" follows an organisation head once
# in four, "خبز" never follows a cue, "نادر" is seen too rarely to count
CORPUS = [
    ["قال", "الرئيس", "كرمل", "إن", "الاجتماع", "انتهى"],
    ["واستقبل", "الرئيس", "كرمل", "الوفد"],
    ["وصرح", "الشيخ", "كرمل", "للصحفيين"],
    ["أعلن", "نادي", "نهرين", "فوزه"],
    ["فاز", "نهرين", "أمس"],
    ["خسر", "نهرين", "اليوم"],
    ["تعادل", "نهرين", "مع", "خبز"],
    ["أكل", "خبز"],
    ["اشترى", "خبز"],
    ["قال", "الرئيس", "نادر"],
]


def extractor(contexts: dict[str, tuple[str, ...]] | None = None) -> FeatureExtractor:
    return FeatureExtractor(lexicons=NerLexicons.load(), clusters={}, contexts=contexts)


def test_shares_become_bucketed_attributes(tmp_path: Path) -> None:
    table = learn_contexts(CORPUS, extractor())
    assert table["كرمل"] == ("cx:pt3",)  # 3 of 3 after a title
    assert table["نهرين"] == ("cx:po2",)  # 1 of 4 after an organisation head: 10–30 %
    assert "خبز" not in table  # no cue context at all
    assert "نادر" not in table  # seen once
    path = tmp_path / "contexts.tsv.gz"
    write_contexts(table, path)
    again = tmp_path / "again.tsv.gz"
    write_contexts(learn_contexts(CORPUS, extractor()), again)
    assert path.read_bytes() == again.read_bytes()  # deterministic
    assert read_contexts(path) == table
    assert read_contexts(tmp_path / "absent.tsv.gz") == {}


def test_context_attributes_reach_the_word_and_its_neighbours() -> None:
    feats = extractor({"كرمل": ("cx:pt3",)}).sentence(["وصل", "كرمل", "أمس"])
    assert "cx:pt3" in feats[1]  # with its clitics split: the stem is the key
    assert "-1:cx:pt3" in feats[2] and "1:cx:pt3" in feats[0]
