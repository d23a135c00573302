"""Country names → ISO3: pycountry's Russian names plus the explicit override tables."""

from __future__ import annotations

import pycountry
import pytest
from python_calamine import CalamineWorkbook

from tradeviz.countries import (
    ENGLISH_NAME_OVERRIDES,
    EXTRA_TERRITORIES,
    RUSSIAN_AGGREGATES,
    RUSSIAN_NAME_OVERRIDES,
    Partner,
    UnknownPartnerError,
    is_iso3,
    normalise_name,
    resolve_code,
    resolve_partner,
)
from tradeviz.schema import AGGREGATE_CODES


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Китай", "CHN"),
        ("Россия", "RUS"),
        ("Тайвань (Китай)", "TWN"),
        ("Республика Корея", "KOR"),
        ("Иран, Исламская Республика", "IRN"),
        ("Антигуа И Барбуда", "ATG"),
        ("Антигуа и Барбуда", "ATG"),
        ("Кыргызстан", "KGZ"),
        ("Гонконг", "HKG"),
        ("Папуа-новая Гвинея", "PNG"),
        ("Виргинские Острова, Сша", "VIR"),
        ("Korea, Rep.", "KOR"),
    ],
)
def test_known_names(name, code):
    assert resolve_partner(name) == Partner(code, "country")


@pytest.mark.parametrize(
    ("name", "code", "kind"),
    [
        ("Всего", "WLD", "world"),
        ("Всего\nв том числе", "WLD", "world"),
        ("Страны СНГ", "CIS", "aggregate"),
        (" Страны ЕАЭС", "EAEU", "aggregate"),
        ("  Страны вне ЕС", "NON_EU", "aggregate"),
        ("Австралия и Океания", "OCEANIA", "aggregate"),
        ("Остальные страны мира", "OTHER", "aggregate"),
    ],
)
def test_aggregates(name, code, kind):
    assert resolve_partner(name) == Partner(code, kind)


def test_override_tables_point_at_real_codes():
    assert all(is_iso3(code) for code in RUSSIAN_NAME_OVERRIDES.values())
    assert set(RUSSIAN_AGGREGATES.values()) <= set(AGGREGATE_CODES)
    assert set(ENGLISH_NAME_OVERRIDES.values()) <= {c.alpha_3 for c in pycountry.countries} | set(
        EXTRA_TERRITORIES
    ) | set(AGGREGATE_CODES)
    # keys are stored normalised, or they could never match
    for table in (RUSSIAN_NAME_OVERRIDES, RUSSIAN_AGGREGATES, ENGLISH_NAME_OVERRIDES):
        assert all(normalise_name(key) == key for key in table)


def test_aggregate_codes_do_not_collide_with_iso3():
    assert not any(is_iso3(code) for code in AGGREGATE_CODES)


def test_every_name_in_every_bns_workbook_resolves(project_root):
    names = set()
    for path in sorted((project_root / "data/raw/bns").glob("*.xls")):
        book = CalamineWorkbook.from_path(str(path))
        for sheet in book.sheet_names:
            rows = book.get_sheet_by_name(sheet).to_python()
            start = next(i for i, row in enumerate(rows) if str(row[0]).strip().startswith("Всего"))
            names.update(str(row[0]) for row in rows[start:] if str(row[0]).strip())
    resolved = {name: resolve_partner(name) for name in names}
    assert len(names) > 250
    assert sum(p.kind == "country" for p in resolved.values()) > 230


def test_unknown_name_is_an_error_naming_it():
    with pytest.raises(UnknownPartnerError) as caught:
        resolve_partner("Атлантида")
    assert caught.value.name == "Атлантида"


def test_codes():
    assert resolve_code("chn") == Partner("CHN", "country")
    assert resolve_code("WLD") == Partner("WLD", "world")
    with pytest.raises(UnknownPartnerError):
        resolve_code("XXX")
