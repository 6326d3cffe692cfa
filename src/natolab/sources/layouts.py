"""What NATO's "Defence Expenditure of NATO Countries" Excel tables look like, in every edition.

NATO prints the same eight tables every year but moves them around: the June 2024 edition has
sheets ``TABLE1``..``TABLE8b`` with the title in B4, one year header per sheet and ally names in
column C (Table 7 one column further right and lower); the 2025 and 2026 editions have sheets
``Table 1``..``Table 8b`` with the title in A1, a year header under every block and the names in
column A; the 2026 edition says "core defence expenditure" and prints ``..`` for "not available".
What does *not* move is the vocabulary: table titles and block headers. So the importer locates
things by their text and this module holds that text, one pattern per title and per block,
matched on :func:`fold`-ed labels so that case and spacing never matter but wording does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_CORE = r"(?:core )?"


def fold(text: str) -> str:
    """A label as compared: no case, no repeated or non-breaking spaces, no trailing blanks."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip().casefold()


@dataclass(frozen=True)
class Block:
    """One block of a table: the header printed above it (a pattern) and the measure it holds.

    A named group ``base`` in the pattern captures the constant-price base year, so the base year
    is read from the table ("Constant 2015 prices") and never assumed.
    """

    pattern: re.Pattern[str]
    measure: str
    example: str


@dataclass(frozen=True)
class Table:
    """One of NATO's tables: its number ('1', '8a'), title pattern and blocks, in print order."""

    number: str
    title: re.Pattern[str]
    title_example: str
    blocks: tuple[Block, ...]

    @property
    def sheet(self) -> str:
        """The sheet name as the newer editions print it (the 2024 edition says 'TABLE1')."""
        return f"Table {self.number}"

    def block_for(self, header: str) -> Block | None:
        """The block whose pattern matches a printed block header, if any."""
        folded = fold(header)
        return next((b for b in self.blocks if b.pattern.fullmatch(folded)), None)


def _block(pattern: str, measure: str, example: str) -> Block:
    return Block(re.compile(pattern), measure, example)


def _table(number: str, title: str, example: str, *blocks: Block) -> Table:
    return Table(number, re.compile(title), example, blocks)


_CURRENT_XR = r"current prices and exchange rates"
_CONSTANT_XR = r"constant (?P<base>\d{4}) prices and exchange rates"
_CATEGORY_TITLE = rf"distribution of {_CORE}defence expenditure by main category"

# Table 4 (a one-page summary of Tables 2 and 3) is not imported: it repeats other tables.
TABLES: tuple[Table, ...] = (
    _table(
        "1",
        rf"{_CORE}defence expenditure",
        "Table 1 : Defence expenditure",
        _block(r"current prices", "nac_current_m", "Current prices"),
        _block(r"constant (?P<base>\d{4}) prices", "nac_constant_m", "Constant 2015 prices"),
    ),
    _table(
        "2",
        rf"{_CORE}defence expenditure",
        "Table 2 : Defence expenditure",
        _block(_CURRENT_XR, "usd_current_m", "Current prices and exchange rates"),
        _block(_CONSTANT_XR, "usd_constant_m", "Constant 2015 prices and exchange rates"),
    ),
    _table(
        "3",
        rf"{_CORE}defence expenditure as a share of (?:real )?gdp and annual real change",
        "Table 3 : Defence expenditure as a share of GDP and annual real change",
        _block(r"share of real gdp(?: \(%\))?", "pct_gdp", "Share of real GDP (%)"),
        _block(r"annual real change(?: \(%\))?", "real_change_pct", "Annual real change (%)"),
    ),
    _table(
        "5",
        r"gdp",
        "Table 5 : GDP",
        _block(_CURRENT_XR, "gdp_usd_current_m", "Current prices and exchange rates"),
        _block(_CONSTANT_XR, "gdp_usd_constant_m", "Constant 2015 prices and exchange rates"),
    ),
    _table(
        "6",
        rf"gdp per capita and {_CORE}defence expenditure per capita",
        "Table 6 : GDP per capita and defence expenditure per capita",
        _block(
            r"gdp per capita \(thousand us dollars\)",
            "gdp_per_capita_usd_k_constant",
            "GDP per capita (thousand US dollars)",
        ),
        _block(
            rf"{_CORE}defence expenditure per capita \(us dollars\)",
            "defexp_per_capita_usd_constant",
            "Defence expenditure per capita (US dollars)",
        ),
    ),
    _table(
        "7",
        r"military personnel",
        "Table 7 : Military personnel",
        _block(r"thousands", "personnel_thousands", "Thousands"),
    ),
    _table(
        "8a",
        _CATEGORY_TITLE,
        "Table 8a : Distribution of defence expenditure by main category",
        _block(r"equipment(?: \(a\))?", "equipment_share_pct", "Equipment (a)"),
        _block(r"personnel(?: \(b\))?", "personnel_share_pct", "Personnel (b)"),
    ),
    _table(
        "8b",
        _CATEGORY_TITLE,
        "Table 8b : Distribution of defence expenditure by main category",
        _block(r"infrastructure(?: \(c\))?", "infrastructure_share_pct", "Infrastructure (c)"),
        _block(r"other(?: \(d\))?", "other_share_pct", "Other (d)"),
    ),
)

TITLE_PREFIX = re.compile(r"table ?(?P<number>\d+[a-z]?) ?: ?(?P<rest>.*)")
# A base year printed in a heading row rather than in the block header (Table 6: "2015 prices
# and exchange rates"; Table 3: "Based on 2015 prices").
BASE_IN_HEADING = re.compile(r"(?:^|\s)(?P<base>(?:19|20)\d{2}) prices\b")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2}) ?(?P<estimate>e?)")
_CURRENCY = re.compile(r"\((?P<currency>[^()]*)\)[\s*]*$")
MISSING_MARKS = frozenset({"", ".."})


def sheet_key(name: str) -> str:
    """Sheet names compared without case or spaces: 'TABLE1', 'Table 1' and 'table 1' agree."""
    return re.sub(r"\s+", "", name).casefold()


def parse_year(value: object) -> tuple[int, bool] | None:
    """(year, is_estimate) of a year header cell: 2019, '2019', '2024e'; None if not a year."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 1900 <= value <= 2099 and float(value).is_integer():
        return int(value), False
    if isinstance(value, str) and (match := _YEAR.fullmatch(fold(value))):
        return int(match["year"]), match["estimate"] == "e"
    return None


def is_number(value: object) -> bool:
    """A finite numeric cell (Excel's numbers arrive as int or float; booleans are not numbers).

    A 400-digit integer or an infinity is not a figure: it is refused as any other bad cell.
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def is_missing(value: object) -> bool:
    """An empty cell or NATO's ``..`` ("not available"): missing, never zero."""
    return value is None or (isinstance(value, str) and fold(value) in MISSING_MARKS)


def currency_in(label: str) -> str | None:
    """The currency Table 1 prints after an ally's name: 'Albania   (Leks)' -> 'Leks'."""
    match = _CURRENCY.search(label)
    if match is None:
        return None
    return match["currency"].strip(" *") or None


def is_notes(label: str) -> bool:
    """The notes below a table ('Notes: Figures for 2023 and 2024 are estimates.') end it."""
    return fold(label).startswith("note")
