"""Geo stage: gazetteer build/swap, descriptors, lists, neighbourhoods, disambiguation by context.

Sentences are our own. A small hand-made OCHA-style sheet gives villages and neighbourhoods so the
tests do not need ../shared; the full-source build is tested with the ``shared_dir`` fixture.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.geo import Gazetteer, GazetteerSourceError, GeoComponent, build_gazetteer
from marsad.model import Document, Extraction, Mention
from marsad.text import load as load_text

HEADER = (
    "admin0Name_en,admin0Name_ar,admin0Pcode,admin1Name_en,admin1Name_ar,admin1Pcode,"
    "admin2Name_en,admin2Name_ar,admin2Pcode,admin3Name_en,admin3Name_ar,admin3Pcode,"
    "admin4Name_en,admin4Name_ar,admin4Pcode,LocationName_en,LocationName_ar,Location_Pcode,"
    "location_type,LastUpdateDate,Latitude_y,Longitude_x"
)


def _row(
    a1: tuple[str, str, str],
    a2: tuple[str, str, str],
    name: tuple[str, str, str],
    kind: str,
    lat: float,
    lon: float,
    parent: str = "",
) -> str:
    return ",".join(
        [
            "Syria",
            "سوريا",
            "SY",
            *a1,
            *a2,
            a2[0],
            a2[1],
            a2[2] + "00",
            "x",
            "x",
            parent or name[2],
            *name,
            kind,
            "01/01/2020",
            str(lat),
            str(lon),
        ]
    )


DEZ = ("Deir-ez-Zor", "دير الزور", "SY09")
HOMS = ("Homs", "حمص", "SY04")
IDLIB = ("Idleb", "إدلب", "SY07")
ROWS = [
    _row(
        DEZ,
        ("Mayadin", "الميادين", "SY0903"),
        ("Mayadin", "الميادين", "C9001"),
        "Community",
        35.020,
        40.452,
    ),
    _row(
        DEZ,
        ("Mayadin", "الميادين", "SY0903"),
        ("Hay Al-Wadi", "حي الوادي", "N9001"),
        "Neighbourhood",
        35.010,
        40.450,
        parent="C9001",
    ),
    _row(
        DEZ,
        ("Deir-ez-Zor", "دير الزور", "SY0901"),
        ("Ayyash", "عياش", "C9002"),
        "Community",
        35.421,
        40.053,
    ),
    _row(
        DEZ,
        ("Deir-ez-Zor", "دير الزور", "SY0901"),
        ("Salhiyeh", "الصالحية", "C9003"),
        "Community",
        35.30,
        40.25,
    ),
    _row(
        IDLIB,
        ("Ariha", "أريحا", "SY0705"),
        ("Salhiyeh", "الصالحية", "C9004"),
        "Community",
        35.81,
        36.61,
    ),
    _row(
        IDLIB,
        ("Ariha", "أريحا", "SY0705"),
        ("Al-Malek", "الملك", "C9007"),
        "Community",
        35.70,
        36.50,
    ),
    _row(
        IDLIB,
        ("Ariha", "أريحا", "SY0705"),
        ("Kafr Sajna", "كفرسجنة", "C9005"),
        "Community",
        35.80,
        36.62,
    ),
    _row(
        HOMS, ("Homs", "حمص", "SY0401"), ("Sukhneh", "السخنة", "C9006"), "Community", 34.885, 38.871
    ),
    # a Daraa village named like the Lebanese city (Sidon)
    _row(
        ("Dar'a", "درعا", "SY12"),
        ("Dar'a", "درعا", "SY1201"),
        ("Sayda", "صيدا", "C9008"),
        "Community",
        32.629,
        36.224,
    ),
]


@pytest.fixture(scope="module")
def small_ocha(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ocha") / "locations.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory, small_ocha: Path) -> Gazetteer:
    path = tmp_path_factory.mktemp("gz") / "gazetteer.sqlite"
    build_gazetteer(path, ocha=[small_ocha])
    return Gazetteer.open(path)


@pytest.fixture(scope="module")
def geo(gazetteer: Gazetteer) -> GeoComponent:
    return GeoComponent(gazetteer)


def run(geo: GeoComponent, text: str, mentions: list[Mention] | None = None) -> Extraction:
    extraction = Extraction(document=Document(text=text))
    load_text()(extraction)
    extraction.mentions = mentions or []
    return geo(extraction)


def by_text(extraction: Extraction) -> dict[str, object]:
    return {p.text: p for p in extraction.places}


def test_default_sources_cover_the_region(gazetteer: Gazetteer) -> None:
    for name, cc in [
        ("الكويت", "KW"),
        ("حفر الباطن", "SA"),
        ("القاهرة", "EG"),
        ("بيروت", "LB"),
        ("إربد", "JO"),
        ("البوكمال", "SY"),
        ("أبو كمال", "SY"),
    ]:
        assert any(f.country_code == cc for f in gazetteer.lookup(name)), name


def test_joined_spelling_matches(gazetteer: Gazetteer) -> None:
    assert {f.id for f in gazetteer.lookup("ديرالزور")} == {
        f.id for f in gazetteer.lookup("دير الزور")
    }


@pytest.mark.parametrize(
    ("text", "span", "descriptor", "direction", "precision"),
    [
        (
            "قصفت الطائرات مواقع في ريف دير الزور الغربي أمس.",
            "ريف دير الزور الغربي",
            "rif",
            "west",
            2,
        ),
        ("انتشرت دوريات في بادية الميادين صباحاً.", "بادية الميادين", "badia", None, 2),
        ("وصل الرتل إلى شرق الميادين ليلاً.", "شرق الميادين", "near", "east", 2),
        ("دخلت القوات مدينة الميادين ظهراً.", "مدينة الميادين", None, None, 1),
    ],
)
def test_descriptors(
    geo: GeoComponent,
    text: str,
    span: str,
    descriptor: str | None,
    direction: str | None,
    precision: int,
) -> None:
    place = by_text(run(geo, text))[span]
    assert place.descriptor == descriptor  # type: ignore[attr-defined]
    assert place.direction == direction  # type: ignore[attr-defined]
    assert place.geo_precision == precision  # type: ignore[attr-defined]
    assert place.admin1_en == "Deir ez-Zor"  # type: ignore[attr-defined]


def test_list_of_governorates(geo: GeoComponent) -> None:
    places = run(geo, "شملت الحملة محافظات حلب وحمص وحماه خلال الأسبوع.").places
    assert [p.feature_type for p in places] == ["admin1"] * 3
    assert [p.admin1_en for p in places] == ["Aleppo", "Homs", "Hama"]
    assert all(p.geo_precision == 3 for p in places)


def test_bare_city_name_is_the_city(geo: GeoComponent) -> None:
    (place,) = run(geo, "عاد الهدوء إلى حمص بعد اشتباكات.").places
    assert place.feature_type == "place" and place.geo_precision == 1


def test_known_neighbourhood_in_named_town(geo: GeoComponent) -> None:
    places = by_text(run(geo, "دخلت سيارات إلى مدينة الميادين وتوقفت في حي الوادي مساءً."))
    hood = places["حي الوادي"]
    assert hood.feature_type == "neighbourhood" and hood.geo_precision == 1  # type: ignore[attr-defined]


def test_unknown_neighbourhood_falls_back_to_the_last_town(geo: GeoComponent) -> None:
    text = "توجهت الشاحنات إلى مدينة الميادين، حيث أفرغت حمولتها في حي الزهور جنوبي المدينة."
    hood = by_text(run(geo, text))["حي الزهور"]
    assert hood.descriptor == "hay" and hood.geo_precision == 2  # type: ignore[attr-defined]
    assert hood.name == "الزهور"  # type: ignore[attr-defined]
    assert abs(hood.latitude - 35.02) < 0.05  # type: ignore[attr-defined]


def test_unknown_village_takes_the_unit_it_is_said_to_be_in(geo: GeoComponent) -> None:
    text = "داهمت دورية بلدة المريعية الصغرى بريف دير الزور الشرقي."
    places = by_text(run(geo, text))
    village = next(p for t, p in places.items() if t.startswith("بلدة"))
    assert village.geo_precision >= 2  # type: ignore[attr-defined]
    assert village.admin1_en == "Deir ez-Zor"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "admin1_en"),
    [
        ("اشتباكات في بلدة الصالحية قرب الميادين وعياش بريف دير الزور.", "Deir ez-Zor"),
        ("قصف على قرية الصالحية وكفرسجنة في ريف إدلب الجنوبي.", "Idlib"),
    ],
)
def test_same_name_separated_by_context(geo: GeoComponent, text: str, admin1_en: str) -> None:
    place = next(p for p in run(geo, text).places if p.text.endswith("الصالحية"))
    assert place.admin1_en == admin1_en


def test_common_words_are_not_places(geo: GeoComponent) -> None:
    text = "قال المسؤول إن الوضع جديد وكان الخبر صادماً للشعب."
    assert run(geo, text).places == []


def test_adjective_is_not_the_country(geo: GeoComponent) -> None:
    places = run(geo, "أعلنت الحكومة السورية عن إجراءات في سوريا.").places
    assert [p.text for p in places] == ["سوريا"]


def test_ner_loc_mentions_are_used(geo: GeoComponent) -> None:
    text = "وقعت الحادثة في المعيصرة بريف الميادين."
    start = text.index("المعيصرة")
    mention = Mention(start, start + len("المعيصرة"), "المعيصرة", "LOC", source="ner")
    places = by_text(run(geo, text, [mention]))
    assert places["المعيصرة"].source == "ner"  # type: ignore[attr-defined]


def test_hashtags(geo: GeoComponent) -> None:
    spans = {p.text for p in run(geo, "سيول غزيرة #الكويت #امطار_الكويت").places}
    assert spans == {"الكويت"}


def test_malformed_source_keeps_old_gazetteer(tmp_path: Path, small_ocha: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    build_gazetteer(path, ocha=[small_ocha])
    before = len(Gazetteer.open(path))
    bad = tmp_path / "bad.csv"
    lines = small_ocha.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("35.421", "north")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerSourceError) as info:
        build_gazetteer(path, ocha=[bad])
    assert "bad.csv:4" in str(info.value) and "Latitude_y" in str(info.value)
    assert len(Gazetteer.open(path)) == before
    assert not list(tmp_path.glob(".gazetteer-*"))
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM features").fetchone()[0] == before


def test_cli_build_error_exit_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    bad = tmp_path / "x.txt"
    bad.write_text("1\t2\t3\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["gazetteer", "build", "--geonames", str(bad), "--home", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "x.txt:1" in result.output


@pytest.fixture(scope="session")
def full_gazetteer(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    geo_dir = shared_dir / "data" / "geo"
    ocha = sorted((geo_dir / "ocha_syria").glob("*.csv"))
    path = tmp_path_factory.mktemp("full") / "gazetteer.sqlite"
    build_gazetteer(
        path,
        ocha=ocha,
        opensyria=[geo_dir / "opensyria"],
        geonames=sorted((geo_dir / "geonames").glob("*.txt")),
    )
    return Gazetteer.open(path)


@pytest.mark.shared
def test_full_gazetteer_has_villages_and_pcodes(full_gazetteer: Gazetteer) -> None:
    salhiyeh = [f for f in full_gazetteer.lookup("الصالحية") if f.country_code == "SY"]
    assert len(salhiyeh) >= 5
    bukamal = [f for f in full_gazetteer.lookup("البوكمال") if f.type == "place"]
    assert bukamal and bukamal[0].pcode and bukamal[0].geonames_id
    counts = full_gazetteer.counts()
    assert counts["type"]["neighbourhood"] > 300 and counts["type"]["admin3"] >= 270


def test_definite_head_names_nothing(geo: GeoComponent) -> None:
    text = "وقعت اشتباكات في المنطقة ذاتها وفي المدينة نفسها صباحاً."
    assert run(geo, text).places == []


def test_ner_anaphora_and_adjectives_are_not_places(geo: GeoComponent) -> None:
    text = "وصلت التعزيزات إلى المدينة بعد أن غادرت المنطقة الشرقية والقوات السورية."
    mentions = []
    for word in ("المدينة", "السورية"):
        start = text.index(word)
        mentions.append(Mention(start, start + len(word), word, "LOC", source="ner"))
    assert run(geo, text, mentions).places == []


def test_learned_spans_keep_news_places(gazetteer: Gazetteer) -> None:
    from marsad.geo.lmr import MODEL_PATH, SpanTagger

    geo = GeoComponent(gazetteer, tagger=SpanTagger(MODEL_PATH))
    text = "انتشرت قوات في ريف دير الزور الغربي ووصل رتل إلى مدينة الميادين قادماً من حمص."
    spans = [p.text for p in run(geo, text).places]
    assert spans == ["ريف دير الزور الغربي", "مدينة الميادين", "حمص"]


# -- the document's focus stands in for local places the gazetteer lacks (IDRISI-style tweets)
def test_unknown_poi_takes_the_hashtag_country(geo: GeoComponent) -> None:
    places = by_text(run(geo, "غرق مستشفى العدان بعد السيول #امطار_الكويت"))
    hospital = places["مستشفى العدان"]
    assert hospital.country_code == "KW" and hospital.geo_precision >= 2  # type: ignore[attr-defined]


def test_far_namesake_gives_way_to_the_focus(geo: GeoComponent) -> None:
    text = "تجمعت المياه في الصالحية اليوم #امطار_الكويت"
    start = text.index("الصالحية")
    mention = Mention(start, start + len("الصالحية"), "الصالحية", "LOC", source="ner")
    place = by_text(run(geo, text, [mention]))["الصالحية"]
    assert place.country_code == "KW"  # type: ignore[attr-defined]


def test_poi_named_after_a_country_is_in_the_documents_town(geo: GeoComponent) -> None:
    street = by_text(run(geo, "غرق شارع تونس في حولي بعد المطر"))["شارع تونس"]
    assert street.country_code == "KW" and street.descriptor == "poi"  # type: ignore[attr-defined]


def test_collection_focus_places_a_tweet_naming_nothing(gazetteer: Gazetteer) -> None:
    geo = GeoComponent(gazetteer)
    tweets = ["انفجار قرب القاهرة مساء اليوم", "حريق كبير في القاهرة", "سيارات إسعاف في مصر"]
    extractions = [Extraction(document=Document(text=t)) for t in tweets]
    for extraction in extractions:
        load_text()(extraction)
    assert geo.learn_focus(extractions) is not None
    text = "انفجار في #المنيل الآن"
    start = text.index("المنيل")
    mention = Mention(start, start + len("المنيل"), "المنيل", "LOC", source="gold")
    place = by_text(run(geo, text, [mention]))["المنيل"]
    assert place.country_code == "EG"  # type: ignore[attr-defined]


# -- span conventions learnt from IDRISI train
@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("عاصفة رعدية جنوب #حفر_الباطن الآن", "حفر_الباطن"),
        ("أمطار غزيرة على مدينة #حفر_الباطن اليوم", "مدينة #حفر_الباطن"),
        ("إغلاق مطار الكويت الدولي بسبب الأمطار", "مطار الكويت الدولي"),
    ],
)
def test_span_conventions(geo: GeoComponent, text: str, span: str) -> None:
    spans = [p.text.lstrip("#") for p in run(geo, text).places]
    assert span.lstrip("#") in spans


def test_split_proclitic_does_not_make_a_place(geo: GeoComponent) -> None:
    assert run(geo, "خرجنا باكرا إلى العمل وكمام الوجه معنا").places == []


def test_show_errors_lists_fp_and_fn(geo: GeoComponent, tmp_path: Path) -> None:
    import json

    from marsad.eval.geo import eval_lmr

    text = "سيول في حولي والعدان اليوم"
    start = text.index("العدان")
    gold = [{"text": "العدان", "type": "DIST", "startIdx": start, "endIdx": start + 6}]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"text": text, "location_mentions": gold}) + "\n", "utf-8")
    errors: list[dict[str, object]] = []
    result = eval_lmr(geo, [path], errors=errors)
    kinds = {(e["kind"], e["text"]) for e in errors}
    assert ("FN", "والعدان") in kinds and ("FP", "حولي") in kinds  # widened to the token
    assert result["fp"] == 1 and result["fn"] == 1
    assert all(e["category"] for e in errors)


def test_ambiguous_name_prefers_the_documents_country(geo: GeoComponent) -> None:
    places = by_text(run(geo, "أمطار غزيرة في الأردن وسيول في عمان"))
    assert places["عمان"].country_code == "JO"  # type: ignore[attr-defined]


# -- points remembered from disambiguation train gold (marsad.geo.points)
def _items(name: str, points: list[tuple[float, float]], cc: str) -> list[dict[str, object]]:
    return [
        {
            "location_mentions": [
                {
                    "text": name,
                    "type": "Human-made Point-of-Interest",
                    "osm_json": {"lat": str(lat), "lon": str(lon), "address": {"country_code": cc}},
                }
            ]
        }
        for lat, lon in points
    ]


def test_learn_points_keeps_names_whose_gold_agrees() -> None:
    from marsad.geo.points import learn_points

    agree = _items("#مستشفى_النور", [(29.0, 47.0), (29.01, 47.0), (29.0, 47.02)], "kw")
    split = _items("مستشفى الأمل", [(29.0, 47.0), (24.0, 46.0)], "sa")
    once = _items("مستشفى السلام", [(29.0, 47.0)], "kw")
    points = {p.key: p for p in learn_points(agree + split + once)}
    assert list(points) == ["مستشفي نور"]
    assert points["مستشفي نور"].country_code == "KW" and points["مستشفي نور"].support == 3


def test_remembered_point_replaces_a_stand_in_in_its_country(gazetteer: Gazetteer) -> None:
    from marsad.geo.points import LearnedPoint

    lp = LearnedPoint("مستشفي نور", 28.5, 47.8, "KW", "poi", 3, 3)
    geo = GeoComponent(gazetteer, points={lp.key: lp})
    place = by_text(run(geo, "غرق مستشفى النور بعد السيول #امطار_الكويت"))["مستشفى النور"]
    assert (place.latitude, place.longitude, place.source) == (28.5, 47.8, "learned")  # type: ignore[attr-defined]
    # a document about another country keeps its own reading
    place = by_text(run(geo, "قصف قرب مستشفى النور في دير الزور"))["مستشفى النور"]
    assert place.country_code == "SY"  # type: ignore[attr-defined]


def test_word_statistics_buckets_and_folds(tmp_path: Path) -> None:
    from marsad.geo.lmr import _ratio, count_stats, load_stats, write_stats
    from marsad.geo.recognize import geo_tokens
    from marsad.text import tokenize

    toks = geo_tokens(tokenize("مطر في #حولي و حولي"))
    stats = count_stats([(toks, ["O", "O", "B", "O", "O"])])
    assert stats["#حولي"] == (1, 1) and stats["حولي"] == (0, 1) and stats["##حولي"] == (1, 1)
    assert _ratio(None) == "unk" and _ratio((1, 1)) == "unk"  # seen once: no statistic
    assert _ratio((0, 9)) == "0/many" and _ratio((3, 3)) == "4+/few"
    write_stats({"حولي": (3, 4), "#حولي": (2, 2), "نادر": (1, 1)}, tmp_path / "s.tsv")
    assert load_stats(tmp_path / "s.tsv") == {"حولي": (3, 4), "#حولي": (2, 2)}


def test_gold_offsets_are_first_occurrences(geo: GeoComponent, tmp_path: Path) -> None:
    """IDRISI offsets are str.find's: a name written twice is gold at its first place."""
    import json

    from marsad.eval.geo import _gold_offsets, eval_lmr
    from marsad.geo.lmr import occurrences

    text = "#سيول_حولي الآن والمياه تغمر شوارع حولي"
    first = text.index("حولي")
    assert _gold_offsets(text, text.rindex("حولي"), len(text)) == (first, first + 4)
    assert occurrences(text, [(first, first + 4)]) == [
        (first, first + 4),
        (text.rindex("حولي"), len(text)),
    ]
    gold = [{"text": "حولي", "type": "CITY", "startIdx": first, "endIdx": first + 4}]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"text": text, "location_mentions": gold}) + "\n", "utf-8")
    assert eval_lmr(geo, [path])["tp"] == 1  # «حولي» found at the end is the gold's «#سيول_حولي»
    assert eval_lmr(geo, [path], first=False)["tp"] == 0


def test_learn_names_from_recognition_gold() -> None:
    from marsad.geo.names import learn_names

    docs = []
    for text in ("غرق منطقة الوادي الأخضر بالكامل", "سيول في الوادي الأخضر اليوم"):
        start = text.index("الوادي") if "منطقة" not in text else text.index("منطقة")
        docs.append((text, [(start, text.index("الأخضر") + len("الأخضر"))]))
    docs.append(("الوادي الأخضر جميل", []))  # written, not tagged: 2 of 3
    docs.append(("الطقس في المدينة حار", [(10, 17)]))  # a bare head is no name
    rows = learn_names(docs)
    assert rows == [("وادي اخضر", 2, 3)]


def test_learnt_names_are_recognised_but_not_adjectives(gazetteer: Gazetteer) -> None:
    geo = GeoComponent(gazetteer, names=["وادي اخضر", "كويتيه"])
    places = by_text(run(geo, "سيول في الوادي الأخضر والخطوط الكويتية تلغي رحلاتها"))
    assert "الوادي الأخضر" in places and not any("الكويتية" in k for k in places)


def test_a_title_never_ends_a_name(gazetteer: Gazetteer) -> None:
    from marsad.geo.lmr import MODEL_PATH, SpanTagger

    geo = GeoComponent(gazetteer, tagger=SpanTagger(MODEL_PATH))
    spans = [p.text for p in run(geo, "إغلاق طريق الملك فهد بسبب السيول في حولي").places]
    assert "طريق الملك فهد" in spans
    # the name is the whole one: not a village called «الملك»
    place = by_text(run(geo, "قصفت الطائرات مطار الملك عبدالعزيز في حماة"))
    assert place["مطار الملك عبدالعزيز"].name == "الملك عبدالعزيز"  # type: ignore[attr-defined]


def test_neighbourhood_of_another_town_gives_way_to_the_named_town(geo: GeoComponent) -> None:
    text = "قصفت المدفعية بلدة عياش، وسقطت قذائف على حي الوادي جنوبي البلدة."
    hood = by_text(run(geo, text))["حي الوادي"]
    assert abs(hood.latitude - 35.421) < 0.05  # type: ignore[attr-defined]  # عياش, not الميادين


def test_a_repeated_name_does_not_vote_for_itself(geo: GeoComponent) -> None:
    # «صيدا» twice must not outvote the Daraa context for the Lebanese city
    ex = run(
        geo,
        "قصفت الطائرات بلدة المسيفرة ومدينة درعا، وخرج مستشفى صيدا عن الخدمة بعد قصف صيدا.",
    )
    saida = [p for p in ex.places if "صيدا" in p.text]
    assert len(saida) == 2
    assert all(p.country_code == "SY" for p in saida)
    assert all(abs((p.latitude or 0) - 32.629) < 0.01 for p in saida)


@pytest.mark.parametrize(
    "text",
    [
        "سيطرت القوات على مدينة الحسكة شمال شرقي البلاد أمس.",
        "وقع الهجوم في جنوب البلاد.",
        "ولفت الأنصاري إلى أن الفصائل ترصد التحركات.",
    ],
)
def test_common_words_and_family_names_are_no_places(geo: GeoComponent, text: str) -> None:
    places = run(geo, text).places
    assert not [p for p in places if "البلاد" in p.text or "الأنصاري" in p.text]


def test_a_plural_head_over_unknown_names_joined_by_wa(geo: GeoComponent) -> None:
    ex = run(geo, "شنت القوات هجوما على مناطق الحمدانيات والخوالدة في محافظة دير الزور.")
    names = [p.text for p in ex.places]
    assert "الخوالدة" in names
    assert not any("الحمدانيات والخوالدة" in n for n in names)


@pytest.mark.parametrize(
    ("text", "span", "cc", "lat", "lon"),
    [
        # a town the Syrian homonym would take without the document's country
        (
            "واصلت القوات العراقية تطهير ناحية الكرمة شرقي الفلوجة في محافظة الأنبار.",
            "ناحية الكرمة",
            "IQ",
            33.40,
            43.91,
        ),
        (
            "قتل ثلاثة مدنيين في بلدة خان بني سعد بمحافظة ديالى.",
            "بلدة خان بني سعد",
            "IQ",
            33.57,
            44.54,
        ),
        # the region, not the subdistrict that has it as an alias
        ("قصفت قوات النظام الغوطة الشرقية بريف دمشق.", "الغوطة الشرقية", "SY", 33.55, 36.42),
        ("دوى انفجار في بلدة رميلان بريف الحسكة.", "بلدة رميلان", "SY", 36.98, 41.95),
    ],
)
def test_curated_towns_and_regions(
    geo: GeoComponent, text: str, span: str, cc: str, lat: float, lon: float
) -> None:
    place = by_text(run(geo, text))[span]
    assert place.country_code == cc  # type: ignore[attr-defined]
    assert abs(place.latitude - lat) < 0.05  # type: ignore[attr-defined]
    assert abs(place.longitude - lon) < 0.05  # type: ignore[attr-defined]


def test_desert_of_a_town_is_badia(geo: GeoComponent) -> None:
    place = by_text(run(geo, "قصف التحالف مواقع للتنظيم في صحراء القائم غربي العراق."))[
        "صحراء القائم"
    ]
    assert place.descriptor == "badia"  # type: ignore[attr-defined]
    assert place.geo_precision == 2  # type: ignore[attr-defined]
    assert place.country_code == "IQ"  # type: ignore[attr-defined]


def test_a_town_head_inside_an_alias_is_read_as_a_head(geo: GeoComponent) -> None:
    # «مدينة العين» (Al Ain) indexed whole must not hide «عين العرب»
    place = by_text(run(geo, "قصفت الطائرات مدينة عين العرب في ريف حلب."))["مدينة عين العرب"]
    assert place.country_code == "SY"  # type: ignore[attr-defined]


def test_compass_before_a_country_names_the_country(geo: GeoComponent) -> None:
    place = by_text(run(geo, "انفجرت سيارة في مدينة سوروتش جنوب تركيا."))["جنوب تركيا"]
    assert place.feature_type == "country"  # type: ignore[attr-defined]
    assert place.country_code == "TR"  # type: ignore[attr-defined]


def test_a_far_namesake_gives_way_to_the_place_it_is_said_to_be_in(geo: GeoComponent) -> None:
    # the small-sheet «الصالحية» villages are in Deir ez-Zor and Idlib; said to be beside
    # al-Sukhnah (Homs, > 60 km from both) the village is placed at al-Sukhnah
    ex = run(geo, "وقعت اشتباكات في قرية الصالحية بالقرب من مدينة السخنة في ريف حمص.")
    place = by_text(ex)["قرية الصالحية"]
    assert place.geo_precision == 2  # type: ignore[attr-defined]
    assert abs(place.latitude - 34.885) < 0.05  # type: ignore[attr-defined]
    # a list is no containment: «حلب ودمشق» stay themselves
    ex = run(geo, "قصفت الطائرات حلب ودمشق.")
    assert {p.name_en for p in ex.places} >= {"Aleppo"}
    # «من قرية X في مدينة Y» names two places: «في» before a town is no containment
    ex = run(geo, "قتل شاب من قرية الصالحية في مدينة السخنة.")
    assert by_text(ex)["قرية الصالحية"].geo_precision == 1  # type: ignore[attr-defined]
    # «بريف دير الزور» is the whole governorate: a village of it far from the city stays
    ex = run(geo, "قصفت الطائرات بلدة الصالحية بريف دير الزور.")
    assert by_text(ex)["بلدة الصالحية"].geo_precision == 1  # type: ignore[attr-defined]


def test_hill_head_keeps_the_name(geo: GeoComponent) -> None:
    names = [p.text for p in run(geo, "اشتبك الطرفان في محيط تلة الشيخ يوسف شرقي حلب.").places]
    assert any(n.startswith("تلة") and "يوسف" in n for n in names)
    assert "تلة" not in names


def test_a_village_is_no_foreign_city(geo: GeoComponent) -> None:
    # «البسيط» is also an Arabic name of Albacete (Spain); «قرية» says it is a village here
    ex = run(geo, "نقلت القوات دبابات إلى بلدة صلنفة وقرية البسيط في ريف اللاذقية.")
    place = by_text(ex)["قرية البسيط"]
    assert place.country_code == "SY"  # type: ignore[attr-defined]
    assert place.geo_precision == 2  # type: ignore[attr-defined]


def test_an_unknown_name_does_not_run_into_a_prepositional_phrase(geo: GeoComponent) -> None:
    ex = run(geo, "تقدمت القوات في مدينة الميادين وفي حي الحويقة بالتوازي مع قصف مدفعي.")
    names = [p.text for p in ex.places]
    assert "حي الحويقة" in names
    assert not any("بالتوازي" in n for n in names)


def test_a_place_on_the_wrong_side_of_its_container_is_a_namesake() -> None:
    from marsad.geo.component import _wrong_side
    from marsad.geo.gazetteer import Feature

    town = Feature("t", "test", "place", "بلدة", lat=32.62, lon=36.10)
    west_hill = Feature("w", "test", "place", "تل", lat=32.85, lon=35.91)  # ~18 km west
    east_hill = Feature("e", "test", "place", "تل", lat=32.64, lon=36.36)
    # «تل X في ريف Y الشرقي»: a namesake west of Y is not the hill meant
    assert _wrong_side(west_hill, town, "east")
    assert not _wrong_side(east_hill, town, "east")
    assert not _wrong_side(west_hill, town, "west")
    assert not _wrong_side(west_hill, town, "north")  # 25 km north of it: on that side
    assert not _wrong_side(west_hill, town, None)


def test_qada_heads_only_iraqi_districts(geo: GeoComponent) -> None:
    # «قضاء» names an Iraqi district («قضاء الحضر»); «قضاء الصيف» is spending the summer
    place = by_text(run(geo, "قتل مسلحون سبعة أشخاص في قضاء الحضر جنوبي نينوى."))["قضاء الحضر"]
    assert place.country_code == "IQ"  # type: ignore[attr-defined]
    names = [p.text for p in run(geo, "فضل الناس قضاء الصيف في الجبال هذا العام.").places]
    assert not any("الصيف" in n for n in names)


def test_a_tagger_span_with_a_compass_phrase_is_read_by_its_first_name(
    gazetteer: Gazetteer,
) -> None:
    # the span «حصيبة شرقي الرمادي» is the place حصيبة beside Ramadi: GeoNames gives the name
    # to Al-Qaim (~250 km west), so Ramadi stands in; the span stays whole
    from marsad.geo.lmr import MODEL_PATH, SpanTagger

    geo = GeoComponent(gazetteer, tagger=SpanTagger(MODEL_PATH))
    ex = run(geo, "أعلن الجيش اليوم، عن صد هجوم شنه تنظيم /داعش/ في حصيبة شرقي الرمادي , وقتل 9")
    place = next(p for p in ex.places if p.text.startswith("حصيبة"))
    assert place.geo_precision == 2
    assert abs(place.longitude - 43.3) < 0.2  # type: ignore[operator]


def test_a_verb_with_a_pronoun_after_a_head_is_no_name(geo: GeoComponent) -> None:
    # «قرية تقطنها عائلات»: "a village that families live in", not a village called تقطنها
    names = [p.text for p in run(geo, "قصفت الطائرات قرية تقطنها عائلات نازحة قرب حماة.").places]
    assert not any("تقطنها" in n for n in names)
    names = [p.text for p in run(geo, "هاجم مسلحون بلدة يسكنها عمال قرب حماة.").places]
    assert not any("يسكنها" in n for n in names)
    # an unknown village name after a head still counts
    assert "بلدة عياش" in [p.text for p in run(geo, "قصفت الطائرات بلدة عياش قرب حماة.").places]


def test_an_unknown_village_said_again_lies_where_it_was_first_placed(geo: GeoComponent) -> None:
    # «قرية سديرة … قرية اسديرة»: one village (a prothetic alef), placed by its first mention
    text = (
        "انفجرت عبوة في قرية سديرة جنوب مدينة حماة. وفي وقت سابق قال مسؤول في دمشق إن مسلحين "
        "هاجموا قرية اسديرة."
    )
    places = run(geo, text).places
    first = next(p for p in places if p.text == "قرية سديرة")
    again = next(p for p in places if p.text == "قرية اسديرة")
    assert again.latitude == first.latitude
    assert again.longitude == first.longitude


def test_a_country_named_alone_does_not_keep_a_far_namesake(geo: GeoComponent) -> None:
    # an Iraqi report that mentions Syria only as a country: a village whose only namesakes
    # are Syrian is a village the gazetteer lacks, placed in Iraq
    text = (
        "قتل مسلحون خمسة أشخاص في كركوك وبغداد والموصل أمس. وقال مسؤول إن المسلحين هاجموا "
        "منزل مختار قرية الصالحية. ولجأ المتشددون إلى مناطق قرب الحدود مع سوريا."
    )
    place = by_text(run(geo, text))["قرية الصالحية"]
    assert place.country_code == "IQ"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("city", "code", "name_en"),
    [
        ("موسكو", "RU", "Moscow"),
        ("واشنطن", "US", "Washington, D.C."),
    ],
)
def test_foreign_capital_named_in_a_syrian_report_is_itself(
    geo: GeoComponent, city: str, code: str, name_en: str
) -> None:
    """A big city the NER stage found far from the report's places is that city, not an
    unknown local place put at the document's focus (a Syrian town); «واشنطن» is the US capital
    (curated), not one of GeoNames' small US towns of that name."""
    text = (
        f"قصفت قوات النظام مدينة دوما في الغوطة الشرقية. وقال مسؤول في {city} إن المحادثات مستمرة."
    )
    start = text.index(city)
    mention = Mention(start, start + len(city), city, "LOC", source="ner")
    place = by_text(run(geo, text, [mention]))[city]
    assert (place.country_code, place.name_en) == (code, name_en)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "name", "name_en"),
    [
        ("اعتقل الحوثيون عشرات الشبان في محافظة ريمة المجاورة للحديدة.", "محافظة ريمة", "Raymah"),
        ("دارت معارك عنيفة في محافظة البيضاء وسط اليمن.", "محافظة البيضاء", "Al Bayda"),
        ("وصلت تعزيزات إلى محافظة الجوف شمال صنعاء.", "محافظة الجوف", "Al Jawf Governorate"),
    ],
)
def test_yemeni_governorates_named_with_their_head(
    geo: GeoComponent, text: str, name: str, name_en: str
) -> None:
    """Every Yemeni governorate is known with its head: «محافظة ريمة» is not a Syrian village
    of that name, «محافظة البيضاء» not the Libyan town."""
    place = by_text(run(geo, text))[name]
    assert (place.country_code, place.name_en, place.geo_precision) == ("YE", name_en, 3)  # type: ignore[attr-defined]


def test_town_head_keeps_the_town_over_a_remembered_point(geo: GeoComponent) -> None:
    """«مدينة الرياض» is the city: a point remembered for the bare name (the region's, as the
    IDRISI gold placed it) does not replace the town its head names."""
    text = "سقطت شظايا صاروخ على أحياء سكنية في مدينة الرياض، وفق الدفاع المدني السعودي."
    place = by_text(run(geo, text))["مدينة الرياض"]
    assert place.name_en == "Riyadh"  # type: ignore[attr-defined]
    assert abs(place.latitude - 24.69) < 0.1  # type: ignore[attr-defined]


def test_place_names_inside_a_person_s_name_are_not_places(geo: GeoComponent) -> None:
    """«بشار» in «بشار الأسد» (a PERS mention of the NER stage) is not Béchar in Algeria; a
    place named beside the person stays."""
    text = "قال الرئيس السوري بشار الأسد إن الجيش سيستعيد مدينة درعا قريبا."
    start = text.index("بشار الأسد")
    person = Mention(start, start + len("بشار الأسد"), "بشار الأسد", "PERS", source="ner")
    assert list(by_text(run(geo, text, [person]))) == ["مدينة درعا"]


def test_al_tanf_bare_base_and_the_verb(geo: GeoComponent) -> None:
    """«التنف» alone is the 55 km zone, «قاعدة التنف» the garrison (a point, not the document's
    focus), and «تنف» without the article is the verb "deny", no place."""
    text = (
        "قصفت طائرات مجهولة مواقع قرب مدينة تدمر، ولم تؤكد أي جهة أو تنف مسؤوليتها. "
        "وتنتشر القوات الأمريكية في التنف، وأرسلت جنودا إلى قاعدة التنف."
    )
    places = by_text(run(geo, text))
    assert "تنف" not in places
    assert places["التنف"].name_en == "Al-Tanf 55 km zone"  # type: ignore[attr-defined]
    assert places["قاعدة التنف"].name_en == "Al-Tanf garrison"  # type: ignore[attr-defined]
