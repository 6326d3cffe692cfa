"""The spending measures natolab knows, with their units.

One catalogue maps the field names of the compiled sources (and of NATO's tables) to natolab's
measure ids, so importers and the bundle speak one vocabulary.
"""

from __future__ import annotations

# measure id -> unit (as NATO's tables state it)
MEASURES: dict[str, str] = {
    "pct_gdp": "percent of GDP (NATO 'share of real GDP')",
    "usd_current_m": "million US dollars, current prices and exchange rates",
    "usd_constant_m": "million US dollars, constant prices and exchange rates (base_year)",
    "nac_current_m": "million national currency, current prices",
    "nac_constant_m": "million national currency, constant prices (base_year)",
    "gdp_usd_current_m": "GDP, million US dollars, current prices and exchange rates",
    "gdp_usd_constant_m": "GDP, million US dollars, constant prices and exchange rates (base_year)",
    "real_change_pct": "percent, annual real change of defence expenditure",
    "equipment_share_pct": "percent of defence expenditure: major equipment incl. related R&D",
    "personnel_share_pct": "percent of defence expenditure: personnel incl. pensions",
    "infrastructure_share_pct": "percent of defence expenditure: infrastructure",
    "other_share_pct": "percent of defence expenditure: other (O&M, other R&D, unallocated)",
    "personnel_thousands": "thousand military personnel",
    "gdp_per_capita_usd_k_constant": "thousand US dollars per capita, constant prices (base_year)",
    "defexp_per_capita_usd_constant": "US dollars per capita, constant prices (base_year)",
}

# old measure names still accepted (deprecated), each with the measure id that replaced it
DEPRECATED_MEASURES: dict[str, str] = {"share_of_gdp": "pct_gdp"}  # deprecated name


class MeasureDeprecationWarning(FutureWarning):
    """An old measure name was used: it still works, under its new id. A FutureWarning, so
    Python shows it to users by default (a DeprecationWarning is hidden outside __main__)."""


def deprecation_note(old: str) -> str:
    """The one line telling a user which name replaces a deprecated one."""
    return f"measure {old!r} is deprecated; use {DEPRECATED_MEASURES[old]!r}"


def canonical_measure(name: str) -> str:
    """The measure id for ``name`` (an old name's replacement), without a second warning: for
    code behind an entry point that already called ``check_measure``."""
    return DEPRECATED_MEASURES.get(name, name)


# measures whose values are in constant prices: they carry a base year and must not be mixed
CONSTANT_PRICE = frozenset(
    {
        "usd_constant_m",
        "nac_constant_m",
        "gdp_usd_constant_m",
        "gdp_per_capita_usd_k_constant",
        "defexp_per_capita_usd_constant",
    }
)

# field names in the compiled by-edition file -> measure ids
FIELD_TO_MEASURE: dict[str, str] = {
    **{m: m for m in MEASURES},
    "personnel_exp_share_pct": "personnel_share_pct",
}

# columns of the tidy spending table: the bundle's spending.csv, the store and every importer
SPENDING_COLUMNS = (
    "release",
    "iso3",
    "year",
    "measure",
    "value",
    "unit",
    "currency",
    "base_year",
    "is_estimate",
    "source_id",
    "quality",
    "precision",
    "note",
)
