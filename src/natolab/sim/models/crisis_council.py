"""Model B's objection outcome: who holds up a contested Council decision, fitted on episodes.

The Council decides by consensus, so what matters is not whether an ally likes an action but
whether it *holds it up*. The recorded episodes (:mod:`natolab.data.facts.council_episodes`)
show holds that have little to do with the action itself (Turkey's hold on the Baltic plans
over the YPG, Hungary's over its minority in Ukraine) and that come from a few allies again
and again. So the model has one declared, sourced feature, the ally's **record**: it objected
to or delayed a decision in an earlier episode. Each group's hold rate has a Beta posterior
(Jeffreys prior) from the episodes; a run draws the rate from it (a declared uncertainty, wide
because there are seven episodes) and each ally holds with its group's rate.

What the rate means: the share of allies holding up a decision *that someone contests*. The
episodes are selected on that (every one has a hold or an abstention), so the crisis model
applies it only in runs where the decision is contested: some present ally is opposed (its
support utility below ``-block_margin``). Requesters of a decision are not at risk of holding
it up and are left out of the fit. The simulation fits on every recorded episode, whatever the
scenario's date; the validation (:mod:`natolab.sim.validation.council`) holds episodes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from natolab.data.facts.council_episodes import HOLDS, Episode, load_council_episodes
from natolab.sim.workspace import FreshArrays, Workspace

PRIOR = (0.5, 0.5)  # Jeffreys: no pseudo-data beyond half a hold and half a non-hold


def episode_rows(episodes: Sequence[Episode]) -> pd.DataFrame:
    """One row per ally at risk in each episode: ``held`` (objected/delayed) and ``record``.

    ``record`` is True when the ally held up an episode among ``episodes`` that started
    strictly earlier (so leaving an episode out also drops it from every later record).
    Unknown positions and the requesters are left out (no outcome, or none at risk).
    """
    rows = []
    for episode in episodes:
        earlier = [e for e in episodes if e.start.earliest < episode.start.earliest]
        holders = {a for e in earlier for a in e.held_up_by()}
        for ally, position in episode.positions.items():
            if position == "unknown" or ally in episode.requesters:
                continue
            rows.append((episode.id, ally, position in HOLDS, ally in holders))
    return pd.DataFrame(rows, columns=["episode", "iso3", "held", "record"])


@dataclass(frozen=True)
class HoldRates:
    """Holds and allies at risk for allies without (index 0) and with (1) a record."""

    holds: tuple[int, int]
    at_risk: tuple[int, int]

    def mean(self) -> np.ndarray:
        """Posterior mean hold rate per group (what validation scores)."""
        holds, at_risk = np.array(self.holds), np.array(self.at_risk)
        return (holds + PRIOR[0]) / (at_risk + PRIOR[0] + PRIOR[1])

    def draw(self, rng: np.random.Generator, runs: int) -> np.ndarray:
        """(runs, 2) hold rates drawn from the Beta posteriors: the parameter uncertainty."""
        holds, at_risk = np.array(self.holds), np.array(self.at_risk)
        return rng.beta(holds + PRIOR[0], at_risk - holds + PRIOR[1], size=(runs, 2))


def fit(rows: pd.DataFrame) -> HoldRates:
    """Count holds and allies at risk in each record group of ``rows``."""
    held = rows["held"].to_numpy(bool)
    rec = rows["record"].to_numpy(bool)
    return HoldRates(
        (int(held[~rec].sum()), int(held[rec].sum())), (int((~rec).sum()), int(rec.sum()))
    )


@cache
def _fitted() -> tuple[HoldRates, frozenset[str]]:
    """The rates fitted on every episode and the allies with a record after the last one."""
    episodes = load_council_episodes().all()
    holders = frozenset(a for e in episodes for a in e.held_up_by())
    return fit(episode_rows(episodes)), holders


def record(allies: Iterable[str]) -> np.ndarray:
    """Which of ``allies`` have held up a Council decision in a recorded episode."""
    holders = _fitted()[1]
    return np.array([a in holders for a in allies], dtype=bool)


def holds(
    allies: Sequence[str], rng: np.random.Generator, runs: int, ws: Workspace | None = None
) -> np.ndarray:
    """(runs, allies) bool: would each ally hold up a contested decision in each run?

    Drawn once per chunk and shared by every case, so cases differ by their stances only.
    ``ws``: the engine's buffers reused from block to block (sim/workspace.py).
    """
    ws = ws if ws is not None else FreshArrays()
    shape = (runs, len(allies))
    rates = _fitted()[0].draw(rng, runs)
    index = record(allies).astype(int)  # 0 or 1: "clip" never clips, and needs no temporary
    per_ally = np.take(rates, index, axis=1, out=ws.array("hold_rate", shape), mode="clip")
    uniform = rng.random(out=ws.array("hold_draw", shape))
    return np.less(uniform, per_ally, out=ws.array("hold", shape, bool))


def objections(opposed: np.ndarray, hold: np.ndarray) -> np.ndarray:
    """Formal objections per run and ally: the allies that hold up a contested decision.

    A run's decision is contested when any ally is ``opposed`` (runs, allies); then each ally
    objects if its ``hold`` draw says so. Uncontested runs have no objection.
    """
    contested = opposed.any(axis=1, keepdims=True)
    return np.asarray(hold & contested)
