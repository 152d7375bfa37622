"""ACLED geo_precision of places: a gazetteer entry's own precision (a region inside one province
is 2, not a large region's 3) and a district head's («ناحية X», «منطقة X»: the area, 2).

Sentences are our own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.geo import Gazetteer, GazetteerSourceError, GeoComponent, build_gazetteer
from marsad.geo.build import GazetteerBuilder
from marsad.geo.sources import import_curated
from marsad.model import Document, Extraction, Place
from marsad.text import load as load_text


@pytest.fixture(scope="module")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gz_precision") / "gazetteer.sqlite"
    build_gazetteer(path)
    return path


@pytest.fixture(scope="module")
def geo(gazetteer_path: Path) -> GeoComponent:
    return GeoComponent(Gazetteer.open(gazetteer_path))


def place(geo: GeoComponent, text: str, span: str) -> Place:
    extraction = Extraction(document=Document(text=text))
    load_text()(extraction)
    places = {p.text: p for p in geo(extraction).places}
    assert span in places, sorted(places)
    return places[span]


@pytest.mark.parametrize(
    ("text", "span", "precision"),
    [
        # a curated region inside one province: «a small part of a region»
        ("اندلعت اشتباكات عنيفة في الغوطة الشرقية فجر اليوم.", "الغوطة الشرقية", 2),
        ("تقدمت الفصائل نحو وادي بردى بعد ظهر أمس.", "وادي بردى", 2),
        # a region spanning several provinces keeps its type's 3
        ("تنتشر خلايا التنظيم في البادية السورية منذ أشهر.", "البادية السورية", 3),
        # a district head names the area around the town; a town head the town
        ("سيطرت القوات على منطقة الميادين بعد معارك عنيفة.", "منطقة الميادين", 2),
        ("دخلت القوات مدينة الميادين ظهراً.", "مدينة الميادين", 1),
        # a province stays a province whatever head names it
        ("وصلت التعزيزات إلى محافظة حمص مساء الأحد.", "محافظة حمص", 3),
    ],
)
def test_precision_by_entry_and_head(
    geo: GeoComponent, text: str, span: str, precision: int
) -> None:
    assert place(geo, text, span).geo_precision == precision


def test_entry_precision_is_stored_in_the_gazetteer(gazetteer_path: Path) -> None:
    gz = Gazetteer.open(gazetteer_path)
    (ghouta,) = [f for f in gz.lookup("الغوطة الشرقية") if f.type == "region"]
    assert ghouta.precision == 2
    assert all(f.precision is None for f in gz.lookup("الميادين"))


def test_a_file_built_before_the_precision_column_still_opens(
    gazetteer_path: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.sqlite"
    old.write_bytes(gazetteer_path.read_bytes())
    con = sqlite3.connect(old)
    con.execute("ALTER TABLE features DROP COLUMN precision")
    con.commit()
    con.close()
    gz = Gazetteer.open(old)
    assert len(gz) == len(Gazetteer.open(gazetteer_path))
    assert all(f.precision is None for f in gz)
    # the type's precision applies: an old file places the region at 3 as before
    assert (
        place(GeoComponent(gz), "قصفت الطائرات الغوطة الشرقية.", "الغوطة الشرقية").geo_precision
        == 3
    )


@pytest.mark.parametrize("value", ["5", "0", '"2"', "true"])
def test_a_bad_entry_precision_is_a_source_error(tmp_path: Path, value: str) -> None:
    curated = tmp_path / "curated.toml"
    curated.write_text(
        'attribution = "test"\n[[region]]\ntype = "region"\ncc = "SY"\nar = ["سهل التجربة"]\n'
        f"at = [35.0, 36.0]\nprecision = {value}\n",
        encoding="utf-8",
    )
    with pytest.raises(GazetteerSourceError, match="precision must be 1, 2 or 3"):
        import_curated(GazetteerBuilder(), curated)
