"""The geo stage's word lists come from its data files (words.toml, heads.toml) and keep the
spellings and normalization the rules match with."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.geo import component, gazetteer, lmr, recognize
from marsad.geo.words import HEADS_PATH, WORDS_PATH, directions, word_list
from marsad.text import normalize, phrase_key


def test_word_list_reads_a_table_in_file_order() -> None:
    assert word_list("nisba") == ("يين", "يون", "يه", "ي")
    assert "مستشفى" in word_list("poi_heads")


def test_every_table_is_a_non_empty_list_of_words() -> None:
    import tomllib

    with WORDS_PATH.open("rb") as fh:
        raw = tomllib.load(fh)
    assert raw, "words.toml is empty"
    for name in raw:
        assert word_list(name), name


def test_missing_table_and_bad_words_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text('[good]\nwords = ["قرية"]\n[bad]\nwords = [""]\n', encoding="utf-8")
    assert word_list("good", path=path) == ("قرية",)
    with pytest.raises(KeyError, match="no \\[missing\\]"):
        word_list("missing", path=path)
    with pytest.raises(ValueError, match="non-empty"):
        word_list("bad", path=path)


def test_directions_are_public_and_match_the_recognizer() -> None:
    dirs = directions()
    assert set(dirs) == {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    }
    assert "شرقي" in dirs["east"] and "الشمالية الشرقية" in dirs["northeast"]
    rules = recognize.HeadRules.load(HEADS_PATH)
    keyed = {tuple(phrase_key(w).split()): name for name, ws in dirs.items() for w in ws}
    assert keyed == rules.directions


def test_modules_normalize_the_lists_as_they_match_them() -> None:
    assert normalize("إلى") in lmr._CLOSED_CLASS and "w" not in lmr._CLOSED_CLASS
    assert normalize("الذين") in recognize._FUNCTION_WORDS
    # titles are kept as stems: «الملك» → «ملك»
    assert normalize("الملك")[2:] in recognize.TITLES
    assert normalize("دولي") in component.POI_EPITHETS
    assert {"SY", "IQ", "KW"} <= component.ARABIC_SPEAKING and "FR" not in component.ARABIC_SPEAKING
    assert phrase_key("مستشفى") in recognize.HeadRules.load().poi


def test_name_heads_and_joined_spellings_index_names() -> None:
    keys = gazetteer.name_keys("حي الوادي الأخضر")
    # without its head word, and with the second article joined to the first word
    assert phrase_key("الوادي الأخضر") in keys
    assert phrase_key("الواديالأخضر") in keys
    assert phrase_key("ابوكمال") in gazetteer.name_keys("أبو كمال")
