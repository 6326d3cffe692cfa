"""NaN or inf in a run's outputs fails the run and names the draw that caused it (issue 15)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from natolab.errors import NatolabError, NonFiniteResultError
from natolab.sim import engine
from natolab.sim.scenario import Uncertainty


class Overflowing:
    """A model whose output overflows to inf for a growth draw above 0.9 (as compounding does)."""

    def run_chunk(self, prepared: Any, draws: dict[str, np.ndarray], rng: Any, n: int) -> Any:
        with np.errstate(over="ignore"):
            return {"total": np.power(10.0, np.where(draws["growth"] > 0.9, 400, 1)), "n": n}

    def reduce(self, prepared: Any, outputs: dict[str, Any]) -> dict[str, np.ndarray]:
        return {"total": np.array([outputs["total"].sum()])}

    def metric(self, prepared: Any, outputs: dict[str, Any]) -> np.ndarray:
        return np.asarray(outputs["total"])


def task(upper: float) -> engine.ChunkTask:
    growth = Uncertainty(
        name="growth",
        distribution="uniform",
        bounds={"lower": 0.0, "upper": upper},
        rationale="test",
        source="test",
    )
    return engine.ChunkTask("overflowing", 7, (0,), 64, 64, (growth,))


def test_a_run_that_overflows_fails_naming_its_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(engine._MODELS, "overflowing", Overflowing())
    with pytest.raises(NonFiniteResultError) as caught:
        engine.run_block(None, task(1.0), 0)
    assert isinstance(caught.value, NatolabError)
    message = str(caught.value)
    assert "output 'total' is inf in run " in message
    drawn = float(message.split("growth=")[1].split(":")[0])
    assert drawn > 0.9  # the draw named is one that overflows, not just any draw


def test_finite_runs_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(engine._MODELS, "overflowing", Overflowing())
    result = engine.run_block(None, task(0.5), 0)
    assert result.aggregates["total"][0] == pytest.approx(640.0)


class Undefined(Overflowing):
    """``bad`` (NaN or -inf) for a draw above 0.9, in single precision."""

    def __init__(self, bad: float) -> None:
        self.bad = bad

    def run_chunk(self, prepared: Any, draws: dict[str, np.ndarray], rng: Any, n: int) -> Any:
        total = np.where(draws["growth"] > 0.9, self.bad, 1.0).astype(np.float32)
        return {"total": total, "n": n}


@pytest.mark.parametrize(("bad", "shown"), [(np.nan, "nan"), (-np.inf, "-inf")])
def test_nan_and_minus_inf_fail_the_run(
    monkeypatch: pytest.MonkeyPatch, bad: float, shown: str
) -> None:
    monkeypatch.setitem(engine._MODELS, "overflowing", Undefined(bad))
    with pytest.raises(NonFiniteResultError) as caught:
        engine.run_block(None, task(1.0), 0)
    message = str(caught.value)
    assert f"output 'total' is {shown} in run " in message
    assert float(message.split("growth=")[1].split(":")[0]) > 0.9
