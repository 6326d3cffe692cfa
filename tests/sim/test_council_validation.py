"""Objection scored on the Council episodes: held out honestly, against the base rate, floors."""

from __future__ import annotations

import numpy as np
import pytest

from natolab.data.facts import load_council_episodes
from natolab.sim.validation import council as co


@pytest.fixture(scope="module")
def result() -> co.CouncilValidation:
    return co.validate()


def test_every_ally_at_risk_in_every_episode_is_scored_once(result: co.CouncilValidation) -> None:
    episodes = load_council_episodes().all()
    expected = sum(
        1
        for e in episodes
        for a, p in e.positions.items()
        if p != "unknown" and a not in e.requesters
    )
    assert len(result.rows) == expected
    assert not result.rows.duplicated(["episode", "iso3"]).any()


def test_base_rate_is_the_training_share_without_the_held_out_episode(
    result: co.CouncilValidation,
) -> None:
    episodes = load_council_episodes().all()
    held = [
        (e, a in e.held_up_by())
        for e in episodes
        for a, p in e.positions.items()
        if p != "unknown" and a not in e.requesters
    ]
    nuc = next(e for e in episodes if e.id == "hun_2017_nuc")
    train = [h for e, h in held if e.start.earliest != nuc.start.earliest]
    got = result.rows.query("episode == 'hun_2017_nuc'")["p_base_rate"].unique()
    assert got.tolist() == pytest.approx([np.mean(train)])


def test_accessions_are_held_out_together(result: co.CouncilValidation) -> None:
    """Finland's and Sweden's accessions started the same day: neither may teach the other."""
    from natolab.sim.models.crisis_council import episode_rows

    episodes = load_council_episodes().all()
    train = tuple(e for e in episodes if e.id not in ("fin_accession", "swe_accession"))
    counts = episode_rows(train).groupby("record")["held"].agg(["sum", "count"])
    k, n = counts.loc[True, "sum"], counts.loc[True, "count"]
    fin = result.rows.query("episode == 'fin_accession'").set_index("iso3")
    assert fin.loc["TUR", "record"]
    assert fin.loc["TUR", "p_model"] == pytest.approx((k + 0.5) / (n + 1.0))
    swe = result.rows.query("episode == 'swe_accession'")
    assert fin["p_base_rate"].iloc[0] == swe["p_base_rate"].iloc[0]


def test_brier_scores_are_recomputed_from_the_probabilities(result: co.CouncilValidation) -> None:
    rows = result.rows
    held = rows["held"].to_numpy(float)
    for name in ("model", "base_rate"):
        manual = np.mean((rows[f"p_{name}"].to_numpy() - held) ** 2)
        row = result.summary.query(
            "forecaster != 'base rate'" if name == "model" else "forecaster == 'base rate'"
        )
        assert row["brier_ally_episode"].item() == pytest.approx(manual)


def test_objection_model_stays_above_the_floors_the_card_states(
    result: co.CouncilValidation,
) -> None:
    model = result.summary.iloc[0]
    assert model["brier_ratio_to_base_rate"] <= co.FLOORS["brier_ratio_to_base_rate"]
    assert model["holders_in_top_5"] >= co.FLOORS["holders_in_top_5"]
    base = result.summary.iloc[1]
    assert model["holders_in_top_5"] > base["holders_in_top_5"]


def test_card_section_is_its_own_and_states_the_measured_numbers(
    result: co.CouncilValidation, tmp_path
) -> None:
    from natolab.sim.validation import card

    (tmp_path / "validation.md").write_text(
        "# card\n\n<!-- model:crisis -->\nkept\n<!-- /model:crisis -->\n"
    )
    text = card.write(tmp_path, {"council": card.council_section(result)}).read_text()
    assert "<!-- model:crisis -->\nkept\n<!-- /model:crisis -->" in text
    section = text.split("<!-- model:council -->", 1)[1]
    ratio = result.summary.iloc[0]["brier_ratio_to_base_rate"]
    assert f"ratio {ratio:.3f}" in section
    assert f"{len(result.by_episode)} episodes, {len(result.rows)} ally-episode rows" in section
    assert "selected on the outcome" in section
