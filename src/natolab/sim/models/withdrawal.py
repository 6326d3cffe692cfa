"""Model C, a US withdrawal: the legal path, the gap it leaves, and the crisis re-run without the US.

* **Legal path**: :func:`natolab.rules.article13.withdrawal` is the law (Article 13 dates, the
  sec. 1250A gates). It is evaluated once per possible Senate tally in ``prepare`` (a lookup
  table), so each run only draws the votes: the Senate's yea share (a declared uncertainty,
  plus per-vote noise) and whether an Act of Congress passes (a declared probability).
* **Gap**: the capability model (:mod:`natolab.sim.models.capability`, ``levers.capability``,
  required) on the same draws: the US forces to replace, the European troops, brigades and
  equipment that replace them, the years it takes, and the extra spending in the scenario's
  currency (and euros and dollars where priced), each with a 90% band. It replaced a dollar gap
  drawn as a judgement share of US spending, which could not be wrong and said little; a
  scenario still declaring that share is refused with its path (:data:`RETIRED`).
* **Crisis without the US**: model B with the same event and draws, once with the US engaged and
  once with the US gone (not a member, not counted in the Council, no forces).

The levers are read as a validated :class:`~natolab.sim.levers.WithdrawalLevers`; its defaults
(the notice, the Senate, the crisis, the parameters' fixed values) are declared there, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from natolab.sim import aggregate
from natolab.sim.levers import (
    Case,
    CrisisLevers,
    WithdrawalLevers,
    WithdrawalParameters,
    withdrawal_levers,
)
from natolab.sim.model import Arrays
from natolab.sim.models.capability import CapabilityModel, CapabilityPrepared, embedded
from natolab.sim.models.crisis import (
    CrisisModel,
    CrisisPrepared,
    parameters_table,
    reduce_crisis,
    summarise_crisis,
)
from natolab.sim.scenario import Scenario

if TYPE_CHECKING:
    from natolab.alliance import Alliance

#: parameters of the retired judgement gap, refused rather than silently ignored
RETIRED: dict[str, str] = {
    "us_europe_spending_share": "the dollar gap is no longer a share of US spending",
    "us_enabler_share": "enablers are capabilities of levers.capability.us_forces",
}


@dataclass
class WithdrawalPrepared:
    """Lookup tables and data for the runs."""

    senators_present: int
    lawful_by_yeas: np.ndarray  # (present + 1,) bool: does this Senate tally authorise it?
    lawful_with_act: bool
    needed_yeas: int
    legal: pd.DataFrame  # the rules' gates and dates for the notice given
    crisis: CrisisPrepared
    defaults: dict[str, float]
    capability: CapabilityPrepared  # the gap: levers.capability, on the same draws
    drawn: tuple[str, ...] = ()  # the parameters the scenario declares as uncertainties


def _legal_table(
    levers: WithdrawalLevers, reforms: tuple[Any, ...] = ()
) -> tuple[np.ndarray, bool, pd.DataFrame]:
    """The rules layer's verdict for every Senate tally, and with an Act of Congress.

    The gates table shows both routes of sec. 1250A(a): the Senate path at the smallest tally
    that authorises withdrawal (every Senator present if none does) and the Act-of-Congress path.
    """
    from natolab.rules.article13 import withdrawal

    notice, notified, present = levers.notice, levers.congress_notified, levers.senators_present

    def verdict(yeas: int | None, act: bool) -> Any:
        return withdrawal(
            "USA",
            notice=notice,
            senate_yeas=yeas,
            act_of_congress=act,
            senators_present=present if yeas is not None else None,
            congress_notified=notified,
            reforms=reforms,
        )

    ok = {"effective", "pending"}
    lawful = np.array([verdict(y, False).outcome in ok for y in range(present + 1)])
    yeas = int(np.argmax(lawful)) if lawful.any() else present
    with_act = verdict(None, True)
    table = pd.concat(
        [_gates("senate", verdict(yeas, False)), _gates("act_of_congress", with_act)],
        ignore_index=True,
    )
    return lawful, with_act.outcome in ok, table


def _gates(path: str, result: Any) -> pd.DataFrame:
    """One path's gates, its outcome and its dates, one row per gate."""
    rows = [
        {"path": path, "outcome": result.outcome, "gate": g.name, "who": g.who, "rule": g.rule}
        | {"status": g.status, "detail": g.detail}
        for g in result.gates
    ]
    dates = {f"date_{k}": v.isoformat() for k, v in result.dates.items()}
    return pd.DataFrame(rows).assign(**dates)


def crisis_levers(levers: WithdrawalLevers) -> CrisisLevers:
    """The crisis half of a withdrawal: the levers of ``levers.crisis`` (model B's defaults when
    not given) with two cases, the US engaged and gone.

    The crisis declares no uncertainties of its own: the withdrawal run's draws reach the crisis
    runs through ``run_chunk``, so the crisis sees the very values the legal and gap parts saw.
    """
    cases = {"with_us": Case(us_stance="engaged"), "without_us": Case(us_stance="absent")}
    return levers.crisis.model_copy(update={"cases": cases})


class WithdrawalModel:
    """Model C: the engine's :class:`~natolab.sim.model.Model` for family ``withdrawal``."""

    family = "withdrawal"

    def prepare(self, scenario: Scenario, nato: Alliance) -> WithdrawalPrepared:
        """Rules lookup, the capability gap, and model B prepared with and without the US."""
        levers = withdrawal_levers(scenario)
        present = levers.senators_present
        capability = _capability(scenario, nato)
        lawful, with_act, legal = _legal_table(levers, nato.reforms)
        crisis = CrisisModel().prepare_levers(crisis_levers(levers), nato)
        crisis.drawn = drawn = tuple(u.name for u in scenario.uncertainties)
        needed = int(np.argmax(lawful)) if lawful.any() else present + 1
        return WithdrawalPrepared(
            present,
            lawful,
            with_act,
            needed,
            legal,
            crisis,
            {**levers.parameters.model_dump(), **crisis.defaults},
            capability,
            drawn,
        )

    def run_chunk(
        self, prepared: WithdrawalPrepared, draws: Arrays, rng: np.random.Generator, runs: int
    ) -> dict[str, np.ndarray]:
        """Votes, legal outcome, gaps and the crisis pair for ``runs`` runs."""
        p = {
            k: (np.asarray(draws[k], dtype=float).reshape(runs) if k in draws else np.full(runs, v))
            for k, v in prepared.defaults.items()
        }
        vote_rng, crisis_rng = rng.spawn(2)
        noise = vote_rng.normal(0.0, 1.0, runs) * p["senate_vote_noise"]
        yeas = np.clip(
            np.rint(prepared.senators_present * p["senate_yea_share"] + noise),
            0,
            prepared.senators_present,
        ).astype(int)
        act = vote_rng.random(runs) < p["p_act_of_congress"]
        senate_ok = prepared.lawful_by_yeas[yeas]
        lawful = senate_ok | (act & prepared.lawful_with_act)
        crisis = CrisisModel().run_chunk(prepared.crisis, draws, crisis_rng, runs)
        gap = CapabilityModel().run_chunk(prepared.capability, draws, rng, runs)
        return {
            **{f"capability.{k}": v for k, v in gap.items()},
            "yeas": yeas,
            "senate_ok": senate_ok,
            "act": act,
            "lawful": lawful,
            **{f"crisis.{k}": v for k, v in crisis.items()},
        }

    def reduce(self, prepared: WithdrawalPrepared, outputs: Arrays) -> dict[str, np.ndarray]:
        """Counts of the legal outputs; the capability and crisis models' own aggregates."""
        out: dict[str, np.ndarray] = {
            "lawful": np.asarray(outputs["lawful"].sum()),
            "senate_ok": np.asarray(outputs["senate_ok"].sum()),
            "act": np.asarray(outputs["act"].sum()),
            "yeas_hist": aggregate.value_counts(outputs["yeas"], prepared.senators_present),
        }
        crisis = {
            k.removeprefix("crisis."): v for k, v in outputs.items() if k.startswith("crisis.")
        }
        out.update({f"crisis.{k}": v for k, v in reduce_crisis(prepared.crisis, crisis).items()})
        reduced = CapabilityModel().reduce(prepared.capability, _part(outputs, "capability."))
        out.update({f"capability.{k}": v for k, v in reduced.items()})
        return out

    def summarise(
        self, prepared: WithdrawalPrepared, totals: Arrays, runs: int
    ) -> dict[str, pd.DataFrame]:
        """The legal path, the gap (the capability model's tables), the crisis with/without the US."""
        legal = pd.DataFrame(
            [
                {
                    "p_lawful": float(totals["lawful"]) / runs,
                    "p_senate_two_thirds": float(totals["senate_ok"]) / runs,
                    "p_act_of_congress": float(totals["act"]) / runs,
                    "senate_yeas_needed": prepared.needed_yeas,
                    "senators_present": prepared.senators_present,
                    "mean_yeas": float(
                        (totals["yeas_hist"] * np.arange(len(totals["yeas_hist"]))).sum() / runs
                    ),
                    "runs": runs,
                }
            ]
        )
        crisis = {
            k.removeprefix("crisis."): v for k, v in totals.items() if k.startswith("crisis.")
        }
        tables = {
            f"crisis_{k}": v for k, v in summarise_crisis(prepared.crisis, crisis, runs).items()
        }
        gap = CapabilityModel().summarise(prepared.capability, _part(totals, "capability."), runs)
        gap = {
            k: gap[k] for k in ("gap", "allies", "path", "context", "personnel_cost") if k in gap
        }
        own = {k: prepared.defaults[k] for k in WithdrawalParameters.model_fields}
        parameters = parameters_table(own, prepared.drawn, WithdrawalParameters)
        return {"legal": legal, "gates": prepared.legal, **gap, **tables, "parameters": parameters}

    def metric(self, prepared: WithdrawalPrepared, outputs: Arrays) -> np.ndarray:
        """Points of GDP the allies of ``levers.capability`` add to replace the US forces."""
        return np.asarray(outputs["capability.extra_share_pp"], dtype=float)


def _capability(scenario: Scenario, nato: Alliance) -> CapabilityPrepared:
    """The capability model prepared from ``levers.capability``, or every problem at once: the
    lever missing, a retired parameter of the judgement gap, and the capability model's own."""
    from natolab.sim.problems import ScenarioError

    problems = [
        (f"uncertainties[{i}].name", f"{u.name} is retired: {RETIRED[u.name]}; model C's gap "
         "comes from levers.capability (docs/capability.md)")
        for i, u in enumerate(scenario.uncertainties)
        if u.name in RETIRED
    ]  # fmt: skip
    prepared = None
    try:
        prepared = embedded(scenario, nato)
    except ScenarioError as exc:
        problems += exc.problems
    if prepared is None and not problems:
        problems.append(
            ("levers.capability", "required: model C's gap comes from the capability model")
        )
    if problems or prepared is None:
        raise ScenarioError(scenario.name, problems)
    return prepared


def _part(arrays: Arrays, prefix: str) -> dict[str, np.ndarray]:
    """The arrays whose key starts with ``prefix``, without it."""
    return {k.removeprefix(prefix): v for k, v in arrays.items() if k.startswith(prefix)}
