"""The actor KB: data validity and lookups by Arabic alias and English name."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.actors.kb import INTER_CODES, KINDS, ActorKB, arabic_key


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def test_kb_is_valid(kb: ActorKB) -> None:
    assert kb.problems() == []


def test_kb_size_and_fields(kb: ActorKB) -> None:
    assert len(kb) >= 250
    for entry in kb:
        assert entry.inter is None or entry.inter in INTER_CODES
        assert entry.kind in KINDS
        assert entry.name and entry.name_ar


def test_every_alias_key_unique_or_declared(kb: ActorKB) -> None:
    for key, ids in kb.keys.items():
        if len(ids) > 1:
            amb = kb.ambiguity(key)
            assert amb is not None, key
            assert set(amb.actors) == set(ids)


def test_validation_catches_undeclared_shared_alias_and_cycles() -> None:
    from marsad.actors.kb import ActorEntry

    a = ActorEntry(id="a", name="A", name_ar="ألف", aliases=("قوات الألف",), patrons=("b",))
    b = ActorEntry(id="b", name="B", name_ar="باء", aliases=("قوات الألف",), patrons=("a",))
    c = ActorEntry(id="c", name="C", name_ar="جيم", patrons=("missing",), inter=9)
    problems = ActorKB([a, b, c]).problems()
    assert any("not declared" in p for p in problems)
    assert any("cycle" in p for p in problems)
    assert any("missing" in p for p in problems)
    assert any("inter 9" in p for p in problems)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Military Forces of Russia", "russia_military"),
        ("military forces of turkey", "turkey_military"),
        ("SDF: Syrian Democratic Forces", "sdf"),
        ("Islamic State (Syria)", "isis_syria"),
        ("Coalition (US-led)", "coalition"),
        ("Hezbollah", "hezbollah"),
        ("Islamic Revolutionary Guard Corps", "irgc"),
        ("PMF: Popular Mobilization Forces", "pmf"),
        ("Civilians (Syria)", "civilians_syria"),
        ("Unidentified Armed Group (Syria)", "unidentified_armed_group_syria"),
        ("Protesters (Syria)", "protesters_syria"),
        ("Military Forces of the United States", "us_military"),
        ("Military Forces of Syria", "syria_military_assad"),
        ("قسد", "sdf"),
        ("لقوات سوريا الديمقراطية", "sdf"),
        ("تنظيم داعش", "isis_syria"),
        ("وتنظيم الدولة", "isis_syria"),
        ("ميليشيا الحرس الثوري", "irgc"),
        ("قوات النظام", "syria_military_assad"),
        ("كتائب الأسد", "syria_military_assad"),
        ("قوات النظام السوري", "syria_military_assad"),
        ("جيش النظام", "syria_military_assad"),
        ("التحالف الدولي", "coalition"),
        ("الطيران التركي", "turkey_military"),
        ("الطيران الروسي", "russia_military"),
        ("القوات التركية", "turkey_military"),
        ("الطيران الحربي الأردني", "jordan_military"),
        ("الميليشيات الإيرانية", "iran_backed_militias"),
        ("ميليشيا فاطميون الأفغانية", "fatemiyoun"),
        ("الفوج 47", "regiment_47"),
        ("لواء الباقر", "liwa_al_baqir"),
        ("الدفاع الوطني", "ndf"),
        ("جهاد البناء", "jihad_al_binaa"),
        ("المرصد السوري لحقوق الإنسان", "sohr"),
        ("ديرالزور 24", "deir_ez_zor_24"),
        ("دير الزور 24", "deir_ez_zor_24"),
        ("SY24", "sy24"),
        ("وكالة سانا", "sana"),
        ("هيئة تحرير الشام", "hts"),
        ("الحشد الشعبي", "pmf"),
        ("المدنيين", "civilians_syria"),
        ("مسلحون مجهولون", "unidentified_armed_group_syria"),
    ],
)
def test_lookup(kb: ActorKB, name: str, expected: str) -> None:
    found = kb.lookup(name)
    assert found, name
    assert found[0].id == expected


def test_lookup_unknown_is_empty(kb: ActorKB) -> None:
    assert kb.lookup("جمعية مزارعي الزيتون") == []
    assert kb.lookup("") == []


@pytest.mark.parametrize(
    ("name", "country", "on", "expected"),
    [
        ("داعش", "Iraq", None, "isis_iraq"),
        ("داعش", None, None, "isis_syria"),
        ("الجيش السوري", None, date(2015, 3, 1), "syria_military_assad"),
        ("الجيش السوري", None, date(2025, 3, 1), "syria_military_2024"),
        ("الأمن العام", "Lebanon", None, "lebanon_general_security"),
        ("المدنيين", "Lebanon", None, "civilians_lebanon"),
    ],
)
def test_best_resolves_ambiguity(
    kb: ActorKB, name: str, country: str | None, on: date | None, expected: str
) -> None:
    entry = kb.best(name, country=country, on=on)
    assert entry is not None and entry.id == expected


def test_patron_chain_and_proxies(kb: ActorKB) -> None:
    assert kb.patron_chain("regiment_47")[0] == "irgc"
    assert "iran_military" in kb.patron_chain("fatemiyoun")
    assert kb.patron_chain("ndf")[0] == "syria_government_assad"
    assert kb.patron_chain("ypg") == ["sdf", "coalition"]
    proxies = kb.proxies_of("irgc")
    for client in ("fatemiyoun", "zainabiyoun", "regiment_47", "liwa_al_baqir", "quds_force"):
        assert client in proxies
    assert "hezbollah_radwan_force" in proxies  # through Hezbollah
    assert "sdf" not in proxies


@pytest.mark.parametrize(
    ("actor_id", "kind"),
    [
        ("fatemiyoun", "iran_backed_militias"),
        ("iran_backed_militias", "iran_backed_militias"),
        ("syria_4th_division", "syria_military_assad"),
        ("syria_government_assad", "syria_military_assad"),
        ("civilians_iraq", "civilians"),
        ("isis_syria", "islamic_state"),
        ("ypg", "sdf"),
    ],
)
def test_generic_kind(kb: ActorKB, actor_id: str, kind: str) -> None:
    assert kb.generic_kind(actor_id) == kind


def test_state_forces_abroad_are_external(kb: ActorKB) -> None:
    russia = kb.get("russia_military")
    assert russia is not None
    assert russia.inter_in("Syria") == 8 and russia.inter_in("Russia") == 1
    army = kb.get("syria_military_assad")
    assert army is not None and army.inter_in("Syria") == 1


def test_arabic_key_ignores_clitics_and_punctuation() -> None:
    assert arabic_key("«لميليشيا الحرس الثوري»") == arabic_key("ميليشيا الحرس الثوري")
