"""Import NATO's "Defence Expenditure of NATO Countries" Excel tables, whatever the edition.

One entry point, :func:`read_workbook`, turns a workbook into an :class:`ImportedRelease`: the
release id, its publication date and the tidy rows (the columns of the bundled
``spending.csv``), every value graded 'A' (read directly from NATO's Excel). The layouts differ
from edition to edition (see :mod:`natolab.sources.layouts`), so each sheet is *walked* rather
than read at fixed addresses: the title is found by its text, the year header by its years, each
block by the header printed above it, each ally through the one name table
(:func:`natolab.data.allies.iso3_for_name`). Anything the walk does not recognise raises
:class:`~natolab.errors.SchemaChangedError` naming the sheet, the cell and what was expected:
a wrong figure filed under the right name is worse than no import at all.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from natolab.data.allies import AGGREGATES, iso3_for_name
from natolab.data.measures import CONSTANT_PRICE, MEASURES, SPENDING_COLUMNS
from natolab.errors import InputError, SchemaChangedError, UnknownAllyError
from natolab.sources import sanity
from natolab.sources.archive import (
    MAX_COLUMNS,
    MAX_ROWS,
    WorkbookArchive,
    cell_address,
)
from natolab.sources.layouts import (
    BASE_IN_HEADING,
    TABLES,
    TITLE_PREFIX,
    Block,
    Table,
    currency_in,
    fold,
    is_missing,
    is_notes,
    is_number,
    parse_year,
    sheet_key,
)

# sha256 of NATO's June 2024 workbook as documented in the sources list (source S01).
S01_SHA256 = "1897e2ead4be252c5c9a9d2f2696a65398c51375c88a2e7425339a8d368a600b"
AGGREGATE_NOTE = "NATO aggregate row (not an ally)"
_TITLE_AREA = (30, 6)  # rows and columns searched for a table's title
_DATE_PREFIX = re.compile(r"(?P<date>\d{6})-")
_IS_NUMBER = np.vectorize(is_number, otypes=[bool])
_IS_MISSING = np.vectorize(is_missing, otypes=[bool])


@dataclass(frozen=True, eq=False)
class ImportedRelease:
    """One NATO release read from its workbook, ready for the store (one transaction)."""

    release: str
    title: str
    published: date
    base_year: int | None
    estimate_years: tuple[int, ...]
    file_sha256: str
    file_name: str
    source_id: str
    rows: pd.DataFrame
    warnings: tuple[str, ...] = ()


def read_workbook(
    path: str | Path, release: str | None = None, *, published: date | None = None
) -> ImportedRelease:
    """Read every imported table of a NATO workbook (Tables 1-3, 5-7, 8a, 8b; not Table 4).

    ``release`` overrides the id derived from the publication date (``nato-YYYY-MM``);
    ``published`` overrides the date, which otherwise comes from a ``YYMMDD-`` file name prefix
    (NATO's own naming, kept when a copy is re-saved) or else the document properties, and in
    both cases must agree with the tables: published in the last year they cover, or the next.
    Cells skipped on purpose (hidden rows, formulas without a cached value) and odd but possible
    figures are listed in ``warnings``; impossible figures refuse the import.
    """
    path = Path(path)
    archive = WorkbookArchive.open(path)
    book = archive.load()
    sheets = [_SheetReader(_find_sheet(book, table), table, archive) for table in TABLES]
    for sheet in sheets:
        sheet.read()
    frames = [s.frame() for s in sheets]
    years = [int(f["year"].max()) for f in frames if not f.empty]
    when = _publication_date(archive, path, published, max(years, default=None))
    release_id = _release_id(release, when)
    sha256 = hashlib.sha256(archive.content).hexdigest()
    source_id = "S01" if sha256 == S01_SHA256 else f"import-{sha256[:12]}"
    base_year = _common_base_year(sheets)
    checked = pd.concat(frames, ignore_index=True)
    warnings = [w for s in sheets for w in s.skipped] + _missing_allies(sheets)
    warnings += sanity.check_release(checked, base_year)
    rows = _assemble(frames, release_id, source_id)
    return ImportedRelease(
        release=release_id,
        title=_release_title(sheets[0].title, rows),
        published=when,
        base_year=base_year,
        estimate_years=tuple(sorted({y for s in sheets for y in s.estimate_years()})),
        file_sha256=sha256,
        file_name=path.name,
        source_id=source_id,
        rows=rows,
        warnings=tuple(warnings),
    )


def _find_sheet(book: Any, table: Table) -> Any:
    """The sheet of a table, whatever its case or spacing ('TABLE1', 'Table 1')."""
    matches = [ws for ws in book.worksheets if sheet_key(ws.title) == sheet_key(table.sheet)]
    if len(matches) != 1:
        expected = f"exactly one sheet named {table.sheet!r} (or 'TABLE{table.number}')"
        raise SchemaChangedError(table.sheet, "", expected, found=book.sheetnames)
    return matches[0]


def _publication_date(
    archive: WorkbookArchive, path: Path, given: date | None, last_year: int | None
) -> date:
    """The user's date, else NATO's ``YYMMDD-`` file name prefix, else the last-saved date.

    Whichever it is must agree with the tables' contents (NATO publishes a year's estimates in
    that year, so the date lies in the last year covered or the next) and must not lie in the
    future: a file name alone never makes a release (``681231-...`` is not 2068's).
    The saved date is read from ``docProps/core.xml`` itself: openpyxl's
    ``properties.modified`` falls back to *now* when the file has none, a date nobody published.
    """
    if given is not None:
        return _plausible(given, "the given date", path, last_year)
    prefix = _DATE_PREFIX.match(path.name)
    if prefix:
        try:
            named = datetime.strptime(prefix["date"], "%y%m%d").date()
        except ValueError:
            named = None
        if named is not None:
            return _plausible(named, "the file name's date prefix", path, last_year)
    saved = archive.modified()
    if saved is not None:
        return _plausible(saved, "the document's last-saved date", path, last_year)
    raise InputError(
        f"{path.name}: no publication date (no YYMMDD- file name prefix and no 'modified' "
        "date in the document properties); give the date (--published, or published= in Python)"
    )


def _plausible(when: date, origin: str, path: Path, last_year: int | None) -> date:
    """A publication date that neither lies in the future nor contradicts the tables' years."""
    if when > date.today():
        raise InputError(f"{path.name}: {origin} {when} lies in the future")
    if last_year is not None and not last_year <= when.year <= last_year + 1:
        raise InputError(
            f"{path.name}: {origin} {when} does not fit the tables, which end in {last_year} "
            f"(NATO publishes in {last_year} or {last_year + 1}); give the date (--published, or published= in Python)"
        )
    return when


def _missing_allies(sheets: list[_SheetReader]) -> list[str]:
    """Allies with rows in some tables but none in others: said, one line per ally.

    (Iceland, without armed forces, has GDP rows but no defence rows in NATO's own files.)
    """
    found = {s.name: {i for run in s.runs for i in run.iso3 if i not in AGGREGATES} for s in sheets}
    everyone = set().union(*found.values())
    lines = []
    for iso3 in sorted(everyone):
        absent = [name for name, allies in found.items() if iso3 not in allies]
        if absent:
            lines.append(f"no rows for {iso3} in sheets {absent} (present in other tables)")
    return lines


def _release_id(release: str | None, published: date) -> str:
    if release is None:
        return f"nato-{published:%Y-%m}"
    if not release.strip():
        raise InputError("a release id must not be empty")
    return release.strip()


def _release_title(table1_title: str, rows: pd.DataFrame) -> str:
    """The title NATO gives the release: 'Defence Expenditure of NATO Countries (2014-2024)'."""
    title = f"Defence Expenditure of NATO Countries ({rows['year'].min()}-{rows['year'].max()})"
    return title + ": core defence expenditure" if "core" in fold(table1_title) else title


def _common_base_year(sheets: list[_SheetReader]) -> int | None:
    """The one constant-price base year of the release: two bases in one workbook is a change."""
    first: tuple[int, str] | None = None
    for sheet in sheets:
        for run in sheet.runs:
            if run.base_year is None:
                continue
            if first is None:
                first = (run.base_year, f"{sheet.name}!{run.text_cell}")
            elif run.base_year != first[0]:
                expected = f"constant prices in {first[0]}, as in {first[1]}"
                raise SchemaChangedError(sheet.name, run.text_cell, expected, run.text)
    return None if first is None else first[0]


def _assemble(frames: list[pd.DataFrame], release: str, source_id: str) -> pd.DataFrame:
    """The tidy rows, with exactly the columns (and order) of the bundled spending table."""
    rows = pd.concat(frames, ignore_index=True).drop(columns=["sheet", "cell"])
    rows["release"] = release
    rows["unit"] = rows["measure"].map(MEASURES)
    rows["source_id"] = source_id
    rows["quality"] = "A"
    rows["precision"] = "full"
    rows = rows.astype({"year": "int64", "base_year": "Int64", "is_estimate": "bool"})
    rows = rows.sort_values(["iso3", "measure", "year"], kind="stable", ignore_index=True)
    return rows[list(SPENDING_COLUMNS)]


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell(row: int, col: int) -> str:
    """A0-style address of 0-based (row, col): (3, 1) -> 'B4'."""
    return cell_address(row, col)


@dataclass(frozen=True)
class _Header:
    """A row of year headers: the columns it spans, their years and estimate flags."""

    row: int
    columns: tuple[int, ...]
    years: tuple[int, ...]
    estimates: tuple[bool, ...]


@dataclass
class _Run:
    """The rows of one block: consecutive ally and aggregate rows under one block header."""

    block: Block
    text: str
    text_cell: str
    header: _Header
    below: bool  # whether the year header sits below the block header (2025+) or above (2024)
    base_year: int | None
    rows: list[int] = field(default_factory=list)
    iso3: list[str] = field(default_factory=list)
    currencies: list[str] = field(default_factory=list)
    cells: list[tuple[object, ...]] = field(default_factory=list)


class _SheetReader:
    """Walks one sheet top to bottom: title, year headers, block headers, ally rows, notes."""

    def __init__(self, sheet: Any, table: Table, archive: WorkbookArchive) -> None:
        self.name: str = sheet.title
        self.table = table
        self._check_extent(sheet)
        self.rows: list[tuple[object, ...]] = list(sheet.iter_rows(values_only=True))
        self.hidden = {row - 1 for row, dim in sheet.row_dimensions.items() if dim.hidden}
        self.formulas = archive.formulas_without_values(self.name)
        self.skipped: list[str] = []
        self.title_row, self.title_col, self.title = self._find_title()
        first = self._first_header()
        self.label_cols = range(self.title_col, first.columns[0])
        self.header: _Header | None = None
        self.text: tuple[int, int, str] | None = None
        self.headings: list[str] = [self.title]
        self.runs: list[_Run] = []
        self.run: _Run | None = None

    def fail(self, row: int, col: int, expected: str, found: object = None) -> NoReturn:
        raise SchemaChangedError(self.name, _cell(row, col), expected, found)

    def _check_extent(self, sheet: Any) -> None:
        """Refuse a sheet reaching beyond the limit before a single row is walked.

        openpyxl knows the furthest cell once loaded; walking to ``XFD1048576`` would build
        17 billion empty cells, so the limit is checked first (NATO's tables end near row 100).
        """
        if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
            far = max(sheet._cells, key=lambda rc: (rc[0] > MAX_ROWS or rc[1] > MAX_COLUMNS, rc))
            limit = f"cells within {_cell(MAX_ROWS - 1, MAX_COLUMNS - 1)} (natolab's read limit)"
            raise SchemaChangedError(self.name, _cell(far[0] - 1, far[1] - 1), limit)

    def _find_title(self) -> tuple[int, int, str]:
        """The 'Table N: ...' cell near the top left (B4 in 2024, C16 for Table 7, A1 later)."""
        texts = []
        for r, row in enumerate(self.rows[: _TITLE_AREA[0]]):
            for c, value in enumerate(row[: _TITLE_AREA[1]]):
                if not isinstance(value, str):
                    continue
                texts.append(value)
                match = TITLE_PREFIX.fullmatch(fold(value))
                if match and match["number"] == self.table.number.casefold():
                    if not self.table.title.fullmatch(match["rest"]):
                        self.fail(r, c, f"the title {self.table.title_example!r}", value)
                    return r, c, value
        area = f"A1:{_cell(_TITLE_AREA[0] - 1, _TITLE_AREA[1] - 1)}"
        expected = f"a title such as {self.table.title_example!r}"
        raise SchemaChangedError(self.name, area, expected, texts[0] if texts else None)

    def _first_header(self) -> _Header:
        """The first row of years below the title; its first column is where figures start."""
        for r in range(self.title_row + 1, len(self.rows)):
            row = self.rows[r]
            if r in self.hidden or any(_filled(v) for v in row[: self.title_col + 1]):
                continue
            start = next((c for c in range(self.title_col + 1, len(row)) if _filled(row[c])), None)
            if start is not None and parse_year(row[start]) is not None:
                return self._header(r, start)
        below = _cell(self.title_row + 1, self.title_col)
        raise SchemaChangedError(
            self.name, below, "a row of year headers (2014, 2015, ..., '2024e') below the title"
        )

    def _header(self, r: int, start: int) -> _Header:
        """Parse a year header row: years strictly increasing, estimates ('2024e') last.

        The order is checked because swapped headers ('2024e' before '2023e') would file every
        figure of two columns under the other year without any other sign.
        """
        row = self.rows[r]
        end = max(c for c in range(start, len(row)) if _filled(row[c])) + 1
        years: list[int] = []
        estimates: list[bool] = []
        for c in range(start, end):
            parsed = parse_year(row[c])
            if parsed is None:
                self.fail(r, c, "a year such as 2019, '2019' or '2024e'", row[c])
            if parsed[0] in years:
                self.fail(r, c, "each year once in the year header", row[c])
            if years and parsed[0] < years[-1]:
                self.fail(r, c, f"years in increasing order (after {years[-1]})", row[c])
            if estimates and estimates[-1] and not parsed[1]:
                self.fail(r, c, "estimate years ('2024e') after all the final years", row[c])
            years.append(parsed[0])
            estimates.append(parsed[1])
        return _Header(r, tuple(range(start, end)), tuple(years), tuple(estimates))

    def read(self) -> None:
        """Walk the rows below the title until the notes; hidden rows (#REF! debris) skipped."""
        for r in range(self.title_row + 1, len(self.rows)):
            if r in self.hidden:
                self._skip_hidden(r)
                continue
            label = self._label(r)
            if label is not None and is_notes(label[1]):
                self._check_below_notes(r)
                break
            figures = self.rows[r][self.label_cols.stop :]
            if label is None:
                self._unlabelled(r, figures)
            elif not any(_filled(v) for v in figures) and not _is_name(label[1]):
                self._text(r, *label)
            else:
                self._data(r, *label)
        missing = [b.example for b in self.table.blocks if all(x.block is not b for x in self.runs)]
        if missing:
            self.fail(self.title_row, self.title_col, f"the blocks {missing} in this table")
        self._check_same_allies()

    def _skip_hidden(self, r: int) -> None:
        """Hidden rows hold NATO's #REF! debris: skipped, and said so when they hold anything."""
        if any(_filled(v) for v in self.rows[r]):
            self.skipped.append(f"skipped hidden row {r + 1} of sheet {self.name!r}")

    def _check_below_notes(self, notes: int) -> None:
        """Notes end a table, so an ally's figures below them mean a stray notes row."""
        for r in range(notes + 1, len(self.rows)):
            label = self._label_or_none(r)
            figures = self.rows[r][self.label_cols.stop :]
            if label and _is_name(label[1]) and any(is_number(v) for v in figures):
                expected = f"no ally figures below the notes in row {notes + 1}"
                self.fail(r, label[0], expected, label[1])

    def _label_or_none(self, r: int) -> tuple[int, str] | None:
        row = self.rows[r]
        found = [(c, row[c]) for c in self.label_cols if c < len(row) and _filled(row[c])]
        if len(found) != 1 or not isinstance(found[0][1], str):
            return None
        return found[0][0], found[0][1]

    def _check_same_allies(self) -> None:
        """Every block of a table lists the same allies, or the difference is reported.

        Not refused: NATO leaves Iceland (no armed forces) out of per-capita defence blocks.
        """
        everyone = {iso3 for run in self.runs for iso3 in run.iso3}
        for run in self.runs:
            for iso3 in sorted(everyone - set(run.iso3)):
                self.skipped.append(
                    f"no row for {iso3} in block {run.text.strip()!r} of sheet {self.name!r} "
                    "(present in another block of the table)"
                )

    def _label(self, r: int) -> tuple[int, str] | None:
        """The one label of a row (ally, aggregate, block header or notes), left of the figures."""
        row = self.rows[r]
        found = [(c, row[c]) for c in self.label_cols if c < len(row) and _filled(row[c])]
        if not found:
            return None
        if len(found) > 1:
            self.fail(r, found[1][0], "one label per row", found[1][1])
        col, value = found[0]
        if not isinstance(value, str):
            self.fail(r, col, "a text label (an ally name or a block header)", value)
        return col, value

    def _unlabelled(self, r: int, figures: tuple[object, ...]) -> None:
        """A blank row, a row of year headers, or figures without a name (refused)."""
        filled = [i for i, v in enumerate(figures) if _filled(v)]
        if not filled:
            return
        start = self.label_cols.stop + filled[0]
        if parse_year(self.rows[r][start]) is None:
            self.fail(r, self.label_cols[-1], "an ally name for the figures in this row")
        self.header, self.run = self._header(r, start), None

    def _text(self, r: int, col: int, text: str) -> None:
        """A block header (or, above the first block, a heading such as the unit)."""
        self.text, self.run = (r, col, text), None
        if not self.runs:
            self.headings.append(text)

    def _data(self, r: int, col: int, label: str) -> None:
        run = self.run or self._start_run(r, col)
        iso3 = _iso3(label)
        if iso3 is None:
            self.fail(r, col, "an ally or NATO aggregate name natolab knows", label)
        if iso3 in run.iso3:
            self.fail(r, col, f"each ally once per block ({run.text!r})", label)
        currency = currency_in(label) if run.block.measure.startswith("nac_") else ""
        if currency is None:
            self.fail(r, col, "the national currency after the name, e.g. 'Albania (Leks)'", label)
        self._check_outside_years(r, run.header)
        run.rows.append(r)
        run.iso3.append(iso3)
        run.currencies.append(currency)
        row = self.rows[r]
        run.cells.append(tuple(row[c] if c < len(row) else None for c in run.header.columns))

    def _check_outside_years(self, r: int, header: _Header) -> None:
        """A figure in a column without a year above it means the header is not what it seems."""
        row = self.rows[r]
        for c in range(self.label_cols.stop, len(row)):
            if c not in header.columns and _filled(row[c]):
                self.fail(r, c, f"no figure outside the year columns (header row {header.row + 1})")

    def _start_run(self, r: int, col: int) -> _Run:
        """Open a block at its first ally row: checks its header, year header and base year."""
        if self.text is None:
            self.fail(r, col, f"a block header above, e.g. {self.table.blocks[0].example!r}")
        t_row, t_col, text = self.text
        block = self.table.block_for(text)
        if block is None:
            examples = ", ".join(repr(b.example) for b in self.table.blocks)
            self.fail(t_row, t_col, f"a block header of this table ({examples})", text)
        if any(run.block is block for run in self.runs):
            self.fail(t_row, t_col, "each block once per table", text)
        header = self.header
        if header is None:
            self.fail(r, self.label_cols.stop, "a row of year headers above the figures")
        below = header.row > t_row
        if self.runs and below != self.runs[0].below:
            where = "below the block header" if self.runs[0].below else "above the blocks"
            self.fail(t_row + 1, self.label_cols.stop, f"a row of year headers {where}", text)
        base = self._base_year(block, t_row, t_col, text)
        self.run = _Run(block, text, _cell(t_row, t_col), header, below, base)
        self.runs.append(self.run)
        return self.run

    def _base_year(self, block: Block, t_row: int, t_col: int, text: str) -> int | None:
        """The base year printed in the block header, else in the table's headings."""
        if block.measure not in CONSTANT_PRICE:
            return None
        match = block.pattern.fullmatch(fold(text))
        if match and match.groupdict().get("base"):
            return int(match["base"])
        for heading in self.headings:
            found = BASE_IN_HEADING.search(fold(heading))
            if found:
                return int(found["base"])
        expected = (
            "a base year in the block header or heading, e.g. '2015 prices and exchange rates'"
        )
        self.fail(t_row, t_col, expected, text)

    def estimate_years(self) -> set[int]:
        """Years the sheet marks as estimates ('2024e')."""
        pairs = (zip(run.header.years, run.header.estimates, strict=True) for run in self.runs)
        return {year for pair in pairs for year, estimate in pair if estimate}

    def frame(self) -> pd.DataFrame:
        """All blocks of the sheet as long rows (missing figures left out, never zero)."""
        return pd.concat([self._run_frame(run) for run in self.runs], ignore_index=True)

    def _run_frame(self, run: _Run) -> pd.DataFrame:
        """One block as long rows, built with whole-array operations rather than cell by cell."""
        cells = np.empty((len(run.cells), len(run.header.columns)), dtype=object)
        cells[:] = run.cells
        numeric = _IS_NUMBER(cells)
        bad = ~(numeric | _IS_MISSING(cells))
        if bad.any():
            i, j = np.argwhere(bad)[0]
            self.fail(
                run.rows[i], run.header.columns[j], "a number, '..' or an empty cell", cells[i, j]
            )
        values = np.where(numeric, cells, np.nan).astype(float)
        self._skip_formulas(run, cells)
        width = values.shape[1]
        letters = [_cell(0, c)[:-1] for c in run.header.columns]
        iso3 = np.repeat(np.array(run.iso3, dtype=object), width)
        frame = pd.DataFrame(
            {
                "iso3": iso3,
                "year": np.tile(run.header.years, len(run.iso3)),
                "measure": run.block.measure,
                "value": values.ravel(),
                "currency": np.repeat(np.array(run.currencies, dtype=object), width),
                "base_year": run.base_year,
                "is_estimate": np.tile(run.header.estimates, len(run.iso3)),
                "note": np.where(np.isin(iso3, AGGREGATES), AGGREGATE_NOTE, ""),
                "sheet": self.name,
                "cell": [f"{col}{row + 1}" for row in run.rows for col in letters],
            }
        )
        return frame[np.isfinite(values.ravel())]

    def _skip_formulas(self, run: _Run, cells: np.ndarray) -> None:
        """A formula saved without its result reads as empty: report it, never take it as '..'."""
        for i, row in enumerate(run.rows):
            for j, col in enumerate(run.header.columns):
                address = _cell(row, col)
                if cells[i, j] is None and address in self.formulas:
                    self.skipped.append(
                        f"skipped {self.name!r}!{address}: a formula without a saved value"
                    )


def _iso3(label: str) -> str | None:
    try:
        return iso3_for_name(label)
    except UnknownAllyError:
        return None


def _is_name(label: str) -> bool:
    """An ally row whose figures are all blank is still an ally row, not a block header."""
    return _iso3(label) is not None
