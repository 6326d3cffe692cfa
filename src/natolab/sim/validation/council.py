"""Model B's objection outcome scored on the Council episodes, leave one episode out.

Each episode is held out in turn (with any episode that started the same day): the hold rates (:mod:`natolab.sim.models.crisis_council`)
are fitted on the others, records are counted from the other episodes that started earlier,
and every ally at risk in the held-out episode gets a probability of holding it up. The
baseline is the base rate: the share of allies at risk that held up a training episode, the
same for every ally. Both are scored by Brier score per ally-episode (lower is better), and
per episode by the probability that anyone holds it up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from natolab.data.facts.council_episodes import Episode, load_council_episodes
from natolab.sim.models.crisis_council import episode_rows, fit
from natolab.sim.validation.scores import brier

#: Floors the test suite enforces (the measured level rounded against the model, see the card).
FLOORS = {"brier_ratio_to_base_rate": 1.0, "holders_in_top_5": 6.0}


@dataclass(frozen=True)
class CouncilValidation:
    """Per-episode scores, the held-out rows and the pooled summary."""

    by_episode: pd.DataFrame
    rows: pd.DataFrame
    summary: pd.DataFrame


def held_out(episodes: tuple[Episode, ...], episode: Episode) -> pd.DataFrame:
    """Rows of ``episode`` with the model's and the base rate's hold probabilities.

    Episodes that started the same day as ``episode`` are held out with it: Finland's and
    Sweden's accessions are one decision process, and one would otherwise teach the other.
    """
    train = tuple(e for e in episodes if e.start.earliest != episode.start.earliest)
    train_rows = episode_rows(train)
    rates = fit(train_rows).mean()
    test = episode_rows((*train, episode)).query("episode == @episode.id").copy()
    test["p_model"] = rates[test["record"].to_numpy(int)]
    test["p_base_rate"] = float(train_rows["held"].mean())
    return test


def validate() -> CouncilValidation:
    """Leave-one-episode-out over every recorded episode."""
    episodes = load_council_episodes().all()
    rows = pd.concat([held_out(episodes, e) for e in episodes], ignore_index=True)
    for name in ("model", "base_rate"):
        rows[f"brier_{name}"] = brier(rows[f"p_{name}"].to_numpy(), rows["held"].to_numpy())
    scores = {eid: _episode_scores(g) for eid, g in rows.groupby("episode", sort=False)}
    by_episode = pd.DataFrame.from_dict(scores, orient="index").rename_axis("episode")
    return CouncilValidation(by_episode.reset_index(), rows, _summary(rows, by_episode))


def _episode_scores(group: pd.DataFrame) -> pd.Series:
    """One held-out episode: holds seen and expected, Brier, P(anyone holds it up)."""
    return pd.Series(
        {
            "at_risk": len(group),
            "held_by": ", ".join(group.loc[group["held"], "iso3"]) or "-",
            "holds": int(group["held"].sum()),
            "expected_model": group["p_model"].sum(),
            "expected_base_rate": group["p_base_rate"].sum(),
            "p_any_model": 1 - np.prod(1 - group["p_model"].to_numpy()),
            "p_any_base_rate": 1 - np.prod(1 - group["p_base_rate"].to_numpy()),
            "brier_model": group["brier_model"].mean(),
            "brier_base_rate": group["brier_base_rate"].mean(),
        }
    )


def _summary(rows: pd.DataFrame, by_episode: pd.DataFrame) -> pd.DataFrame:
    """Pooled Brier per ally-episode and per episode (anyone holds it up), model vs base rate."""
    anyone = (by_episode["holds"] > 0).to_numpy()
    out = []
    for name, label in (("model", "record (hold rates by group)"), ("base_rate", "base rate")):
        out.append(
            {
                "forecaster": label,
                "brier_ally_episode": rows[f"brier_{name}"].mean(),
                "brier_anyone_holds": brier(by_episode[f"p_any_{name}"].to_numpy(), anyone).mean(),
                "holders_in_top_5": _top(rows, f"p_{name}"),
                "holders": int(rows["held"].sum()),
            }
        )
    frame = pd.DataFrame(out)
    frame["brier_ratio_to_base_rate"] = frame["brier_ally_episode"] / out[1]["brier_ally_episode"]
    return frame


def _top(rows: pd.DataFrame, column: str, k: int = 5) -> float:
    """Of each episode's allies ranked by ``column``, how many holders are among the first k.

    Ties (the base rate gives every ally the same probability) are counted at their expected
    share, so the base rate gets no credit for an arbitrary order.
    """
    hit = 0.0
    for _, group in rows.groupby("episode"):
        p, held = group[column].to_numpy(), group["held"].to_numpy(bool)
        cut = np.sort(p)[::-1][min(k, len(p)) - 1]
        above, tied = p > cut, p == cut
        free = min(k, len(p)) - above.sum()
        hit += held[above].sum() + free * held[tied].sum() / tied.sum()
    return round(float(hit), 2)
