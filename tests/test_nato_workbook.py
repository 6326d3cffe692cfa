"""The NATO workbook importer: the real June 2024 tables, reproductions of the 2025 and 2026
layouts, and malformed workbooks that must be refused with the sheet and cell named.

Expected values never come from the importer: they come from the bundled dataset (compiled
independently from the same NATO file), from NATO's published counts, or from the figures the
reproduction script plants in its workbooks.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.cell.cell import MergedCell

from natolab.data.bundle import bundle_path
from natolab.data.measures import CONSTANT_PRICE, MEASURES
from natolab.errors import ImplausibleDataError, InputError, SchemaChangedError
from natolab.sources.nato_workbook import ImportedRelease, read_workbook
from tests.fuzz.mutations import WorkbookMutation, mutate_workbook

FIXTURES = Path(__file__).parent / "fixtures" / "workbooks"
REAL = FIXTURES / "240617-def-exp-2024-TABLES-en.xlsx"
REPRO_2025 = FIXTURES / "repro-def-exp-2025-en.xlsx"
REPRO_2026 = FIXTURES / "repro-def-exp-2026-en.xlsx"
S01_SHA256 = "1897e2ead4be252c5c9a9d2f2696a65398c51375c88a2e7425339a8d368a600b"
AGGREGATES = {"NATO_EUR_CAN", "NATO_TOTAL"}
Key = tuple[str, int, str]


@pytest.fixture(scope="module")
def real() -> ImportedRelease:
    return read_workbook(REAL)


@pytest.fixture(scope="module")
def repro_2025() -> ImportedRelease:
    return read_workbook(REPRO_2025)


@pytest.fixture(scope="module")
def repro_2026() -> ImportedRelease:
    return read_workbook(REPRO_2026)


@pytest.fixture(scope="module")
def bundled_2024() -> pd.DataFrame:
    """The nato-2024-06 rows of the bundle: a verbatim copy of the compiled E2024 values."""
    rows = pd.read_csv(bundle_path("spending.csv"), keep_default_na=False, dtype=str)
    return rows[rows["release"] == "nato-2024-06"]


def by_cell(rows: pd.DataFrame, column: str) -> dict[Key, Any]:
    keys = zip(rows["iso3"], rows["year"].astype(int), rows["measure"], strict=True)
    return dict(zip(keys, rows[column], strict=True))


# --- the real June 2024 workbook ------------------------------------------------------------


def test_the_fixture_is_natos_file_byte_for_byte() -> None:
    assert hashlib.sha256(REAL.read_bytes()).hexdigest() == S01_SHA256


def test_real_workbook_reproduces_every_e2024_value(
    real: ImportedRelease, bundled_2024: pd.DataFrame
) -> None:
    expected = {k: float(v) for k, v in by_cell(bundled_2024, "value").items()}
    imported = by_cell(real.rows, "value")
    assert len(expected) == 5346
    assert set(imported) == set(expected)
    assert [k for k in expected if imported[k] != expected[k]] == []


def test_real_workbook_keeps_estimate_flags_base_year_and_currency(
    real: ImportedRelease, bundled_2024: pd.DataFrame
) -> None:
    flags = {k: v == "true" for k, v in by_cell(bundled_2024, "is_estimate").items()}
    assert by_cell(real.rows, "is_estimate") == flags
    assert {y for (_, y, _), e in flags.items() if e} == {2023, 2024}
    constant = real.rows["measure"].isin(CONSTANT_PRICE)
    assert (real.rows.loc[constant, "base_year"] == 2015).all()
    assert real.rows.loc[~constant, "base_year"].isna().all()
    nac = bundled_2024[bundled_2024["measure"].str.startswith("nac_")]
    imported_nac = real.rows[real.rows["measure"].str.startswith("nac_")]
    assert by_cell(imported_nac, "currency") == by_cell(nac, "currency")
    assert by_cell(imported_nac, "currency")[("POL", 2016, "nac_current_m")] == "Zlotys"


def test_real_workbook_release_metadata(real: ImportedRelease) -> None:
    releases = pd.read_csv(bundle_path("releases.csv"), keep_default_na=False)
    documented = releases.set_index("release").loc["nato-2024-06"]
    assert real.release == "nato-2024-06"
    assert real.published == date.fromisoformat(documented["published"]) == date(2024, 6, 17)
    assert real.title == documented["title"]
    assert real.base_year == 2015
    assert real.estimate_years == (2023, 2024)
    assert real.source_id == "S01"
    assert real.file_sha256 == S01_SHA256
    assert real.file_name == REAL.name


def test_rows_have_exactly_the_columns_of_the_bundled_table(real: ImportedRelease) -> None:
    header = bundle_path("spending.csv").read_text(encoding="utf-8").splitlines()[0]
    assert list(real.rows.columns) == header.split(",")
    assert (real.rows["release"] == "nato-2024-06").all()
    assert (real.rows["quality"] == "A").all()
    assert (real.rows["source_id"] == "S01").all()
    assert (real.rows["unit"] == real.rows["measure"].map(MEASURES)).all()
    assert not real.rows.duplicated(["iso3", "year", "measure"]).any()


def test_real_workbook_counts_allies_at_two_percent(real: ImportedRelease) -> None:
    share = real.rows[(real.rows["measure"] == "pct_gdp") & ~real.rows["iso3"].isin(AGGREGATES)]
    at_2pct = share[share["value"] >= 2.0]
    assert set(at_2pct.loc[at_2pct["year"] == 2016, "iso3"]) == {"USA", "GRC", "GBR", "EST", "POL"}
    assert (at_2pct["year"] == 2024).sum() == 23
    assert share.loc[share["year"] == 2024, "iso3"].nunique() == 31  # 32 allies, Iceland has none


def test_real_workbook_takes_iceland_from_the_gdp_tables_only(real: ImportedRelease) -> None:
    iceland = set(real.rows.loc[real.rows["iso3"] == "ISL", "measure"])
    assert iceland == {"gdp_usd_current_m", "gdp_usd_constant_m", "gdp_per_capita_usd_k_constant"}


# --- reproductions of the 2025 and 2026 layouts -------------------------------------------


def test_2025_reproduction(repro_2025: ImportedRelease) -> None:
    rows = repro_2025.rows
    assert repro_2025.release == "nato-2025-08"
    assert repro_2025.published == date(2025, 8, 28)
    assert repro_2025.title == "Defence Expenditure of NATO Countries (2014-2025)"
    assert repro_2025.base_year == 2021
    assert repro_2025.estimate_years == (2024, 2025)
    assert set(rows["year"]) == set(range(2014, 2026))
    assert set(rows.loc[rows["is_estimate"], "year"]) == {2024, 2025}
    assert (rows.loc[rows["measure"].isin(CONSTANT_PRICE), "base_year"] == 2021).all()
    assert by_cell(rows, "value")[("SWE", 2025, "equipment_share_pct")] == 35.82725060827251
    assert by_cell(rows, "currency")[("SWE", 2025, "nac_current_m")] == "Kronor"  # 'Sweden*'
    iceland = set(rows.loc[rows["iso3"] == "ISL", "measure"])
    assert iceland == {"gdp_usd_current_m", "gdp_usd_constant_m", "gdp_per_capita_usd_k_constant"}


def test_2026_reproduction(repro_2026: ImportedRelease) -> None:
    rows = repro_2026.rows
    values = by_cell(rows, "value")
    assert repro_2026.release == "nato-2026-07"
    assert repro_2026.title.endswith("(2014-2026): core defence expenditure")
    assert repro_2026.base_year == 2021
    assert repro_2026.estimate_years == (2025, 2026)
    assert set(rows.loc[rows["is_estimate"], "year"]) == {2025, 2026}
    assert "ISL" not in set(rows["iso3"])
    assert values[("SWE", 2026, "usd_current_m")] == 24186
    assert values[("SWE", 2026, "usd_constant_m")] == 21538
    assert values[("SWE", 2026, "pct_gdp")] == 3.22
    assert values[("SWE", 2024, "nac_current_m")] == 140549
    assert values[("USA", 2026, "usd_current_m")] == 1032849
    assert by_cell(rows, "is_estimate")[("SWE", 2026, "pct_gdp")]
    usd_2026 = rows[(rows["measure"] == "usd_current_m") & (rows["year"] == 2026)]
    assert set(usd_2026["iso3"]) - AGGREGATES == set(real_allies_with_forces())


def test_2026_not_available_cells_are_missing_never_zero(repro_2026: ImportedRelease) -> None:
    values = by_cell(repro_2026.rows, "value")
    for key in [
        ("MNE", 2014, "nac_constant_m"),
        ("MKD", 2016, "infrastructure_share_pct"),
        ("LUX", 2026, "personnel_thousands"),
        ("FIN", 2014, "real_change_pct"),
    ]:
        assert key not in values
    assert values[("MNE", 2016, "nac_constant_m")] > 0
    assert values[("MKD", 2017, "infrastructure_share_pct")] > 0
    assert values[("LUX", 2025, "personnel_thousands")] > 0
    assert repro_2026.rows["value"].notna().all()


def test_reproductions_are_labelled_and_imported_under_their_own_source() -> None:
    for path in (REPRO_2025, REPRO_2026):
        book = openpyxl.load_workbook(path, read_only=True)
        assert "REPRODUCTION" in book.properties.title
        imported = read_workbook(path)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        assert imported.source_id == f"import-{sha[:12]}"
        assert imported.file_sha256 == sha


def real_allies_with_forces() -> list[str]:
    allies = pd.read_csv(bundle_path("allies.csv"), keep_default_na=False, dtype=str)
    return list(allies.loc[allies["has_armed_forces"].str.lower() == "true", "iso3"])


# --- release ids and dates ------------------------------------------------------------------


def test_release_can_be_named(tmp_path: Path) -> None:
    imported = read_workbook(REPRO_2026, release="nato-2026-07-rev1")
    assert imported.release == "nato-2026-07-rev1"
    assert (imported.rows["release"] == "nato-2026-07-rev1").all()
    with pytest.raises(InputError):
        read_workbook(REPRO_2026, release="  ")


def test_a_date_prefix_in_the_file_name_wins_over_the_document_date(tmp_path: Path) -> None:
    copy = tmp_path / "260601-def-exp.xlsx"
    shutil.copyfile(REPRO_2026, copy)
    assert read_workbook(copy).release == "nato-2026-06"
    bad_prefix = tmp_path / "991399-def-exp.xlsx"  # not a date: the document date is used
    shutil.copyfile(REPRO_2026, bad_prefix)
    assert read_workbook(bad_prefix).release == "nato-2026-07"
    assert read_workbook(copy, published=date(2026, 9, 30)).release == "nato-2026-09"


def test_a_release_date_never_comes_from_a_file_name_alone(tmp_path: Path) -> None:
    """Issue 16: '681231-...' made release nato-2068-12; a date must fit the tables' years."""
    future = tmp_path / "681231-def-exp-2024.xlsx"
    shutil.copyfile(REAL, future)
    with pytest.raises(
        InputError, match="681231-def-exp-2024.xlsx: .*2068-12-31 lies in the future"
    ):
        read_workbook(future)
    stale = tmp_path / "250101-def-exp.xlsx"  # the tables run to 2026: not published in 2025
    shutil.copyfile(REPRO_2026, stale)
    with pytest.raises(InputError, match="2025-01-01 does not fit the tables, which end in 2026"):
        read_workbook(stale)
    with pytest.raises(InputError, match="lies in the future"):
        read_workbook(REPRO_2026, published=date.today() + timedelta(days=1))


def test_an_undated_workbook_needs_a_date(tmp_path: Path) -> None:
    undated = tmp_path / "undated.xlsx"
    undated.write_bytes(without_dates(REPRO_2026.read_bytes()))
    with pytest.raises(InputError, match="publication date"):
        read_workbook(undated)
    assert read_workbook(undated, published=date(2026, 7, 10)).release == "nato-2026-07"


def without_dates(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(
                    rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", payload
                )
            target.writestr(info, payload)
    return out.getvalue()


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="junk.xlsx"):
        read_workbook(junk)
    with pytest.raises(InputError):
        read_workbook(tmp_path / "absent.xlsx")


# --- layouts: tolerant of spacing and case, strict about wording ----------------------------


def changed(source: Path, tmp_path: Path, *changes: Callable[[Any], None]) -> Path:
    """A copy of ``source`` with some cells changed, saved by openpyxl under tmp_path."""
    book = openpyxl.load_workbook(source)
    for change in changes:
        change(book)
    out = tmp_path / "changed.xlsx"
    book.save(out)
    return out


def put(sheet: str, cell: str, value: object) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        book[sheet][cell] = value

    return change


def clear_row(sheet: str, row: int) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        for cell in book[sheet][row]:
            if not isinstance(cell, MergedCell):
                cell.value = None

    return change


def unhide(sheet: str, row: int) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        book[sheet].row_dimensions[row].hidden = False

    return change


def rename(sheet: str, new: str) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        book[sheet].title = new

    return change


def test_spacing_and_case_do_not_matter(tmp_path: Path, repro_2025: ImportedRelease) -> None:
    path = changed(
        REPRO_2025,
        tmp_path,
        put("Table 1", "A1", "TABLE 1 :   Defence  Expenditure "),
        put("Table 1", "A3", "  CURRENT\xa0PRICES "),
        put("Table 3", "A5", "  albania "),
        rename("Table 1", "TABLE1"),
        rename("Table 8b", "TABLE8B"),
    )
    imported = read_workbook(path)
    assert by_cell(imported.rows, "value") == by_cell(repro_2025.rows, "value")


def test_the_base_year_is_read_from_the_tables(tmp_path: Path) -> None:
    rebased = [
        put("Table 1", "A37", "constant 2019 prices"),
        put("Table 2", "A39", "constant 2019 prices and exchange rates"),
        put("Table 5", "A39", "constant 2019 prices and exchange rates"),
        put("Table 6", "A2", "2019 prices and exchange rates"),
    ]
    # Relabelled but not re-based: constant prices no longer equal current prices in the base
    # year read from the headers (2019), so the figures cannot be what the headers say.
    with pytest.raises(ImplausibleDataError, match="in the base year 2019") as caught:
        read_workbook(changed(REPRO_2026, tmp_path, *rebased))
    assert "sheet 'Table 1', cell " in str(caught.value)
    real = read_workbook(REAL)
    constant = real.rows["measure"].isin(CONSTANT_PRICE)
    assert real.base_year == 2015
    assert (real.rows.loc[constant, "base_year"] == 2015).all()


MALFORMED = {
    "renamed sheet": (REAL, [rename("TABLE5", "GDP")], "Table 5", ""),
    "changed title": (REAL, [put("TABLE2", "B4", "Table 2 : Defence budgets")], "TABLE2", "B4"),
    "title gone": (REAL, [put("TABLE3", "B4", None)], "TABLE3", "A1:F30"),
    "unknown block header": (REAL, [put("TABLE1", "B43", "Constant PPP prices")], "TABLE1", "B43"),
    "unknown country": (REAL, [put("TABLE3", "C20", "Francia")], "TABLE3", "C20"),
    "unknown country, Table 7": (REAL, [put("TABLE7", "D30", "Eesti")], "TABLE7", "D30"),
    "figures without a name": (REAL, [put("TABLE1", "C20", None)], "TABLE1", "C20"),
    "hidden #REF! row shown": (REAL, [unhide("TABLE1", 42)], "TABLE1", "C42"),
    "text in a number cell": (REAL, [put("TABLE5", "F12", "n/a")], "TABLE5", "F12"),
    "dash in a number cell": (REPRO_2026, [put("Table 3", "C7", "-")], "Table 3", "C7"),
    "missing year header": (REAL, [clear_row("TABLE8a", 8)], "TABLE8a", "B5"),
    "unparseable year": (REAL, [put("TABLE6", "I8", "2O19")], "TABLE6", "I8"),
    "repeated year": (REPRO_2026, [put("Table 2", "C4", "2014")], "Table 2", "C4"),
    "missing year header of a block": (REPRO_2026, [clear_row("Table 2", 40)], "Table 2", "B40"),
    "unknown block header, 2026": (
        REPRO_2026,
        [put("Table 3", "A3", "share of nominal GDP")],
        "Table 3",
        "A3",
    ),
    "block header gone": (REPRO_2026, [put("Table 7", "A3", None)], "Table 7", "A5"),
    "two base years": (
        REPRO_2026,
        [put("Table 5", "A39", "constant 2020 prices and exchange rates")],
        "Table 5",
        "A39",
    ),
    "missing currency": (REPRO_2026, [put("Table 1", "A9", "Croatia")], "Table 1", "A9"),
    "figure beside the years": (REPRO_2026, [put("Table 8a", "P7", 12.5)], "Table 8a", "P7"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_workbooks_are_refused_naming_sheet_and_cell(case: str, tmp_path: Path) -> None:
    source, changes, sheet, cell = MALFORMED[case]
    with pytest.raises(SchemaChangedError) as caught:
        read_workbook(changed(source, tmp_path, *changes))
    assert (caught.value.sheet, caught.value.cell) == (sheet, cell)
    assert repr(sheet) in str(caught.value)
    assert cell in str(caught.value)


def test_a_renamed_sheet_lists_the_sheets_found(tmp_path: Path) -> None:
    with pytest.raises(SchemaChangedError, match=r"'Table 5'.*'GDP'"):
        read_workbook(changed(REAL, tmp_path, rename("TABLE5", "GDP")))


# --- hostile and misplaced input (issues 15 and 16) -----------------------------------------


def test_swapped_estimate_year_headers_are_refused(tmp_path: Path) -> None:
    """Issue 16: swapping '2023e' and '2024e' made 10 allies at 2% in 2024 instead of 23."""
    swapped = changed(REAL, tmp_path, put("TABLE3", "M8", "2024e"), put("TABLE3", "N8", "2023e"))
    with pytest.raises(SchemaChangedError, match="increasing order") as caught:
        read_workbook(swapped, published=date(2024, 6, 17))
    assert (caught.value.sheet, caught.value.cell) == ("TABLE3", "N8")
    late = changed(REAL, tmp_path, put("TABLE3", "M8", "2023e"), put("TABLE3", "N8", 2024))
    with pytest.raises(SchemaChangedError, match="estimate years") as caught:
        read_workbook(late)
    assert caught.value.cell == "N8"


def test_swapped_price_basis_headers_are_refused(tmp_path: Path) -> None:
    swapped = changed(
        REAL,
        tmp_path,
        put("TABLE2", "B10", "Constant 2015 prices and exchange rates"),
        put("TABLE2", "B44", "Current prices and exchange rates"),
    )
    with pytest.raises(ImplausibleDataError, match="blocks swapped") as caught:
        read_workbook(swapped, published=date(2024, 6, 17))
    assert "usd_current_m below usd_constant_m" in str(caught.value)


def test_a_notes_row_inside_a_block_is_refused_not_truncating(tmp_path: Path) -> None:
    """Issue 16: a 'Note' row in Table 7 kept 14 of 33 rows without a word."""
    noted = changed(REAL, tmp_path, put("TABLE7", "D38", "Note: see below"))
    with pytest.raises(SchemaChangedError, match="below the notes in row 38") as caught:
        read_workbook(noted)
    assert (caught.value.sheet, caught.value.cell) == ("TABLE7", "D39")


def test_skipped_cells_are_reported(tmp_path: Path, real: ImportedRelease) -> None:
    def hide(book: Any) -> None:
        book["TABLE3"].row_dimensions[20].hidden = True  # France, share of GDP

    imported = read_workbook(
        changed(REAL, tmp_path, hide, put("TABLE5", "F12", "=SUM(1,2)")),
        published=date(2024, 6, 17),
    )
    assert "skipped hidden row 20 of sheet 'TABLE3'" in imported.warnings
    assert "skipped 'TABLE5'!F12: a formula without a saved value" in imported.warnings
    assert "no row for FRA in block 'Share of real GDP (%)' of sheet 'TABLE3'" in " ".join(
        imported.warnings
    )
    assert len(imported.rows) == len(real.rows) - 11 - 1  # France's 11 years and one GDP cell


def test_the_real_workbook_reports_its_known_oddity(real: ImportedRelease) -> None:
    assert len(real.rows) == 5346
    oddities = [w for w in real.warnings if w.startswith("known oddity")]
    assert len(oddities) == 1 and "LUX 2023" in oddities[0] and "S01" in oddities[0]
    assert not any(w.startswith("implausible") for w in real.warnings)


def test_impossible_figures_are_refused_with_every_cell(tmp_path: Path) -> None:
    hostile = changed(
        REAL,
        tmp_path,
        put("TABLE2", "F12", -5.0),  # negative spending
        put("TABLE5", "F12", 1e308),
        put("TABLE3", "F11", 150.0),  # a share of GDP above 100
    )
    with pytest.raises(ImplausibleDataError) as caught:
        read_workbook(hostile, published=date(2024, 6, 17))
    text = str(caught.value)
    for where in (
        "sheet 'TABLE2', cell F12",
        "sheet 'TABLE5', cell F12",
        "sheet 'TABLE3', cell F11",
    ):
        assert where in text
    assert len(caught.value.problems) >= 3


def test_category_shares_that_do_not_add_up_are_accepted_with_a_warning(
    repro_2026: ImportedRelease,
) -> None:
    assert "implausible, accepted: SWE 2026: category shares sum to 90.23" in repro_2026.warnings


def test_a_huge_number_is_refused_naming_its_cell(tmp_path: Path) -> None:
    """Issue 15: a 400-digit number cell crashed with OverflowError (openpyxl cannot write one,
    so a marker value is replaced in the saved XML)."""
    marked = changed(REPRO_2026, tmp_path, put("Table 3", "C7", 123456.789))
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(replace_in_parts(marked.read_bytes(), b"123456.789", b"9" * 400))
    with pytest.raises(SchemaChangedError) as caught:
        read_workbook(huge)
    assert (caught.value.sheet, caught.value.cell) == ("Table 3", "C7")


def test_a_stray_far_cell_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    """Issue 16: a value in XFD1048576 drove the import to a MemoryError at 5.4 GiB."""
    stray = changed(REPRO_2026, tmp_path, put("Table 2", "XFD1048576", 1))
    start = time.perf_counter()
    with pytest.raises(SchemaChangedError, match="natolab's read limit") as caught:
        read_workbook(stray)
    assert time.perf_counter() - start < 1.0
    assert (caught.value.sheet, caught.value.cell) == ("Table 2", "XFD1048576")


def test_oversized_parts_are_refused_before_they_are_parsed(tmp_path: Path) -> None:
    mutation = WorkbookMutation("many_rows", 2 * 16 + 1, "", "")  # 400,000 rows in one sheet
    big = tmp_path / "big.xlsx"
    big.write_bytes(mutate_workbook(REPRO_2026.read_bytes(), [mutation]))
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"over the limit of 2\.0 MiB per part"):
        read_workbook(big)
    assert time.perf_counter() - start < 1.0


def test_utf16_document_properties_are_read(tmp_path: Path) -> None:
    """Issue 15: a UTF-16 docProps/core.xml crashed with UnicodeDecodeError."""
    mutation = WorkbookMutation("utf16_core", 0, "", "")
    path = tmp_path / "utf16.xlsx"
    path.write_bytes(mutate_workbook(REPRO_2026.read_bytes(), [mutation]))
    assert read_workbook(path).release == "nato-2026-07"


def replace_in_parts(content: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename).replace(old, new))
    return out.getvalue()


def test_the_cli_takes_a_publication_date_and_shows_the_warnings(
    store: Any, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from natolab.cli.main import app

    resaved = str(changed(REAL, tmp_path))  # re-saved today: its saved date is not NATO's
    runner = CliRunner()
    refused = runner.invoke(app, ["data", "import", resaved])
    assert isinstance(refused.exception, InputError)  # the CLI's entry point: one line, exit 2
    assert "does not fit the tables, which end in 2024" in str(refused.exception)
    assert "--published" in str(refused.exception)
    args = ["data", "import", resaved, "--published", "2024-06-17", "--release", "resaved"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "warning: known oddity, accepted: LUX 2023" in done.output
    assert "release resaved: 5,346 rows" in done.output


def test_an_ally_missing_from_a_whole_table_is_reported(tmp_path: Path) -> None:
    """Table 7 has one block, so only the other tables show Luxembourg's row is gone."""
    cleared = changed(REAL, tmp_path, clear_row("TABLE7", 39))
    imported = read_workbook(cleared, published=date(2024, 6, 17))
    assert "no rows for LUX in sheets ['TABLE7'] (present in other tables)" in imported.warnings
    personnel = imported.rows[imported.rows["measure"] == "personnel_thousands"]
    assert "LUX" not in set(personnel["iso3"])
