"""Alliance(on=...): members by accession, spending by release and as published on a date."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from natolab import Alliance
from natolab.errors import InputError, UnknownReleaseError
from natolab.store import Store
from tests.conftest import FIXTURES

EDITION_RELEASE = {"E2024": "nato-2024-06", "E2025": "nato-2025-08", "E2026": "nato-2026-07"}


def at_or_above(frame: pd.DataFrame, year: int, threshold: float = 2.0) -> set[str]:
    rows = frame[(frame["year"] == year) & (frame["value"] >= threshold)]
    return set(rows["iso3"])


@pytest.mark.parametrize(("year", "expected"), [(2014, 3), (2016, 5), (2023, 10), (2024, 23)])
def test_counts_in_the_june_2024_release(store: Store, year: int, expected: int) -> None:
    # Expected counts: NATO's June 2024 release as reported (spending/SOURCES.md, S01 checks).
    shares = Alliance(release="nato-2024-06", store=store).spending("pct_gdp")
    assert len(at_or_above(shares, year)) == expected


def test_the_five_of_2016_are_named(store: Store) -> None:
    shares = Alliance(release="nato-2024-06", store=store).spending()
    assert at_or_above(shares, 2016) == {"USA", "GRC", "GBR", "EST", "POL"}
    assert len(shares[shares["year"] == 2024]) == 31  # Iceland has no armed forces: no figure


def test_as_of_sees_only_what_was_published(store: Store) -> None:
    # Read in late 2024, NATO's tables gave 5 allies at 2% in 2016 and 23 in 2024; after the
    # August 2025 edition revised GDP, the same years read 4 and 18 (TASS, spending/SOURCES.md).
    in_2024 = Alliance(on="2024-12-31", store=store).spending()
    in_2026 = Alliance(on="2026-01-01", store=store).spending()
    assert len(at_or_above(in_2024, 2016)) == 5
    assert len(at_or_above(in_2026, 2016)) == 4
    assert len(at_or_above(in_2024, 2024)) == 23
    assert len(at_or_above(in_2026, 2024)) == 18
    # The July 2026 edition ("core defence expenditure") reads 17 (spending/README.md).
    assert len(at_or_above(Alliance(on="2026-11-24", store=store).spending(), 2024)) == 17
    assert set(in_2024["release"]) <= {"nato-2019-06", "nato-2024-02", "nato-2024-06"}
    assert (in_2024["published"] <= date(2024, 12, 31)).all()


def test_a_named_release_overrides_the_latest_view(store: Store) -> None:
    pinned = Alliance(on="2026-11-24", release="nato-2025-08", store=store)
    assert set(pinned.spending()["release"]) == {"nato-2025-08"}


def test_a_named_release_overrides_the_date_in_python(store: Store) -> None:
    """DESIGN.md: a named release overrides the date (the CLI reports the contradiction)."""
    early = Alliance(on="2020-01-01", release="nato-2025-08", store=store)
    assert set(early.spending()["release"]) == {"nato-2025-08"}


def test_latest_view_reproduces_the_compiled_main_table(store: Store) -> None:
    """The derived latest view equals the data team's hand-compiled main table, cell by cell."""
    main = pd.read_csv(FIXTURES / "compiled_main_table.csv")
    main = main[main["pct_gdp"].notna()]
    shares = Alliance(on="2026-11-24", store=store).spending()
    shares = shares[shares["year"].between(2014, 2026)].set_index(["iso3", "year"])
    expected = main.set_index(["iso3", "year"])
    assert set(shares.index) == set(expected.index)
    joined = shares.join(expected, how="inner", suffixes=("", "_main"))
    assert (joined["value"] == joined["pct_gdp"]).all()
    assert (joined["release"] == joined["pct_gdp_edition"].map(EDITION_RELEASE)).all()
    assert (joined["source_id"] == joined["pct_gdp_source_id"]).all()


@pytest.mark.parametrize("column", ["usd_current_m", "nac_current_m", "personnel_thousands"])
def test_money_columns_reproduce_the_compiled_main_table(store: Store, column: str) -> None:
    """Money and personnel columns of the latest view equal the compiled main table's cells."""
    main = pd.read_csv(FIXTURES / "compiled_main_table.csv")
    main = main[main[column].notna()].set_index(["iso3", "year"])
    latest = Alliance(on="2026-11-24", store=store).spending(column)
    latest = latest[latest["year"].between(2014, 2026)].set_index(["iso3", "year"])
    assert set(latest.index) == set(main.index)
    joined = latest.join(main, how="inner", suffixes=("", "_main"))
    assert (joined["value"] == joined[column]).all()
    assert (joined["release"] == joined["edition"].map(EDITION_RELEASE)).all()


def test_bulgaria_counts_in_euros_from_the_2026_edition(store: Store) -> None:
    nac = Alliance(on="2026-11-24", store=store).spending("nac_current_m")
    bulgaria = nac[nac["iso3"] == "BGR"]
    assert set(bulgaria["currency"]) == {"Euros"}
    older = Alliance(release="nato-2024-06", store=store).spending("nac_current_m")
    assert set(older[older["iso3"] == "BGR"]["currency"]) == {"Leva"}


def test_constant_prices_never_mix_base_years(store: Store) -> None:
    constant = Alliance(on="2026-11-24", store=store).spending("usd_constant_m")
    assert constant["base_year"].nunique() == 1


def test_missing_values_stay_missing(store: Store) -> None:
    shares = Alliance(on="2026-11-24", store=store).spending()
    assert "ISL" not in set(shares["iso3"])  # no armed forces, no NATO share: no invented row
    assert shares["value"].notna().all()
    infra = Alliance(on="2026-11-24", store=store).spending("infrastructure_share_pct")
    in_2026 = set(infra[infra["year"] == 2026]["iso3"])
    assert not {"NLD", "PRT"} & in_2026  # not published for 2026 (spending/README.md)
    assert len(in_2026) == 29


def test_members_follow_accession_dates(store: Store) -> None:
    before = Alliance(on="2024-03-06", store=store).members
    after = Alliance(on="2024-03-07", store=store).members
    assert "SWE" not in set(before["iso3"]) and "SWE" in set(after["iso3"])
    assert len(Alliance(on="2016-06-01", store=store).members) == 28
    shares_2020 = Alliance(on="2020-06-01", store=store).spending()  # the June 2019 tables
    assert "FIN" not in set(shares_2020["iso3"]) and len(set(shares_2020["iso3"])) >= 28


def test_a_date_before_any_release_is_refused_not_answered_empty(store: Store) -> None:
    with pytest.raises(InputError, match="no release was published by 2016-06-01; the first"):
        Alliance(on="2016-06-01", store=store).spending()


def test_bad_input_is_refused(store: Store) -> None:
    with pytest.raises(UnknownReleaseError, match="nato-2024-06"):
        Alliance(release="nato-1999-01", store=store)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        Alliance(on="yesterday", store=store)
    with pytest.raises(InputError, match="unknown measure"):
        Alliance(store=store).spending("pct_of_gdp")


def test_rules_are_bound_to_the_snapshot_date_and_reforms(store: Store) -> None:
    from natolab.rules import repeal_sec_1250a

    before_law = Alliance(on="2023-06-01", store=store).rules.withdrawal("USA", notice="2023-06-01")
    after_law = Alliance(on="2027-01-20", store=store).rules.withdrawal("USA", notice="2027-01-20")
    gates_before = {gate.name for gate in before_law.gates}
    gates_after = {gate.name for gate in after_law.gates}
    assert "senate_advice_and_consent" not in gates_before  # sec. 1250A in force from 2023-12-22
    assert "senate_advice_and_consent" in gates_after
    reformed = Alliance(on="2027-01-20", reforms=[repeal_sec_1250a()], store=store)
    repealed = reformed.rules.withdrawal("USA", notice="2027-01-20")
    assert "senate_advice_and_consent" not in {gate.name for gate in repealed.gates}
    assert repealed.reforms


def test_unknown_allies_get_close_matches_by_name() -> None:
    from natolab.data.allies import ally
    from natolab.errors import UnknownAllyError

    with pytest.raises(UnknownAllyError, match=r"did you mean Germany \(DEU\)"):
        ally("Germny")
    assert ally("Türkiye") == ally("Turkey") == ally("tur") == "TUR"
    with pytest.raises(UnknownAllyError, match="aggregate"):
        ally("NATO Total")
