"""The Council's rule applied to many stance sets at once agrees with the scalar rule."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from natolab.data.allies import members_on
from natolab.errors import InputError
from natolab.rules.council import decide, decide_runs

ON = "2026-11-24"


def stance_sets(allies: list[str], runs: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random stances: support, object or abstain, with many near the thresholds."""
    rng = np.random.default_rng(seed)
    draw = rng.choice(3, size=(runs, len(allies)), p=[0.72, 0.08, 0.20])
    return draw == 0, draw == 1


def scalar(allies: list[str], support: np.ndarray, objecting: np.ndarray, reforms: list[str]):
    stances = {
        a: "support" if s else ("object" if o else "abstain")
        for a, s, o in zip(allies, support, objecting, strict=True)
    }
    return decide("act", on=ON, stances=stances, reforms=reforms)


@pytest.mark.parametrize("reforms", [[], ["qualified_majority"]])
def test_vectorised_rule_agrees_with_decide_stance_set_by_stance_set(reforms: list[str]) -> None:
    allies = list(members_on(date.fromisoformat(ON))["iso3"])
    support, objecting = stance_sets(allies, 60, seed=3)
    rule = scalar(allies, support[0], objecting[0], reforms).gates[0].rule
    ours = decide_runs(rule, support, objecting, len(allies))
    verdicts = [
        scalar(allies, support[r], objecting[r], reforms).outcome for r in range(len(support))
    ]
    assert [v == "agreed" for v in verdicts] == list(ours)
    assert 0 < ours.sum() < len(ours)  # both outcomes occur, so the comparison has teeth


def test_majority_counts_supporters_not_objectors() -> None:
    support = np.array([[True] * 22 + [False] * 10, [True] * 21 + [False] * 11])
    objecting = ~support
    agreed = decide_runs("majority:2/3", support, objecting, 32)
    assert agreed.tolist() == [True, False]  # ceil(2/3 * 32) = 22
    assert not decide_runs("consensus", support, objecting, 32).any()


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(InputError, match="unknown decision rule"):
        decide_runs("unanimity", np.ones((1, 3), bool), np.zeros((1, 3), bool), 3)
