"""The North Atlantic Council decides by consensus: any one ally blocks.

There is no vote at NATO; a decision exists when no ally objects. Abstaining ("agreeing to
disagree") does not block. A what-if reform can swap consensus for a qualified majority, so the
same stances can be replayed under another rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from math import ceil

import numpy as np

from natolab.data.allies import ally, members_on
from natolab.data.facts import load_treaty
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import Reform
from natolab.rules.reforms import parse_fraction, tree
from natolab.rules.result import (
    CouncilOutcome,
    Gate,
    GateStatus,
    Reason,
    Result,
    cite,
    from_parameter,
)

STANCES = ("support", "object", "abstain")
_ALIASES = {
    "yes": "support",
    "for": "support",
    "no": "object",
    "against": "object",
    "block": "object",
}


@dataclass(frozen=True)
class Tally:
    """Who stands where among the allies on a date (unknown = no stance given)."""

    members: tuple[str, ...]
    support: tuple[str, ...]
    objecting: tuple[str, ...]
    abstain: tuple[str, ...]
    unknown: tuple[str, ...]


def tally(on: date, stances: Mapping[str, str] | None, others: str | None = None) -> Tally:
    """Sort the allies on ``on`` by their stance; codes or names accepted, non-allies refused.

    ``others`` is the stance of every ally not named in ``stances`` (default: unknown).
    """
    members = tuple(members_on(on)["iso3"])
    given: dict[str, str] = {m: _stance(others) for m in members} if others else {}
    for who, stance in (stances or {}).items():
        code = ally(who)
        if code not in members:
            raise InputError(f"{code} is not an ally on {on.isoformat()}")
        given[code] = _stance(stance)
    pick = {s: tuple(m for m in members if given.get(m) == s) for s in STANCES}
    unknown = tuple(m for m in members if m not in given)
    return Tally(members, pick["support"], pick["object"], pick["abstain"], unknown)


def _stance(raw: str) -> str:
    stance = _ALIASES.get(str(raw).strip().casefold(), str(raw).strip().casefold())
    if stance not in STANCES:
        raise InputError(f"stance {raw!r} is not one of {', '.join(STANCES)} (or yes/no)")
    return stance


def consensus_reason() -> Reason:
    """Why one ally can block: the consensus rule as the facts record it."""
    return cite(
        "All NATO decisions are taken by consensus after consultation; there is no voting, so "
        "any single ally's objection blocks a decision.",
        "NAC practice (Article 9 body; consensus rule)",
        load_treaty().nac_consensus_rule,
    )


def decide(
    question: str,
    *,
    on: date | str | None = None,
    stances: Mapping[str, str] | None = None,
    others: str | None = None,
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """Would the Council agree ``question`` on ``on`` given each ally's stance?

    ``others`` gives the stance of every ally not listed (e.g. "support"); unlisted allies are
    otherwise unknown, and under consensus an unknown stance keeps the decision pending.
    """
    when = as_date(on, "on")
    params = tree(when, reforms)
    rule = params.get("nac_decision_rule")
    counts = tally(when, stances, others)
    outcome, detail = _apply(str(rule.value), counts)
    because: tuple[Reason, ...] = (
        from_parameter(f"Decision rule in force: {rule.value}.", "NAC decision rule", rule),
    )
    if rule.value == "consensus":
        because = (consensus_reason(), *because)
    gate = Gate(
        name="north_atlantic_council",
        who="North Atlantic Council",
        rule=str(rule.value),
        status=_GATE[outcome],
        detail=detail,
        because=because,
    )
    return Result(
        rule="council.decide",
        on=when,
        question=question,
        outcome=outcome,
        summary=f"{question}: {outcome} ({detail})",
        gates=(gate,),
        because=because,
        would_change=_would_change(outcome, counts, str(rule.value)),
        reforms=params.reforms,
        values={
            "members": list(counts.members),
            "support": list(counts.support),
            "object": list(counts.objecting),
            "abstain": list(counts.abstain),
            "unknown": list(counts.unknown),
            "blockers": list(counts.objecting) if rule.value == "consensus" else [],
        },
    )


_GATE: dict[CouncilOutcome, GateStatus] = {
    "agreed": "passed",
    "blocked": "failed",
    "rejected": "failed",
    "pending": "pending",
}


def _apply(rule: str, counts: Tally) -> tuple[CouncilOutcome, str]:
    """Outcome label and a one-line detail under ``rule`` (consensus or majority:P/Q)."""
    n = len(counts.members)
    if rule == "consensus":
        if counts.objecting:
            return "blocked", f"objection by {', '.join(counts.objecting)}"
        if counts.unknown:
            return "pending", f"{len(counts.unknown)} of {n} allies have not stated a stance"
        return "agreed", f"no objection among {n} allies"
    if rule.startswith("majority:"):
        needed = needed_for(rule, n)
        if len(counts.support) >= needed:
            return "agreed", f"{len(counts.support)} of {n} support; {needed} needed"
        if len(counts.support) + len(counts.unknown) < needed:
            return (
                "rejected",
                f"at most {len(counts.support) + len(counts.unknown)} of {n} can support; {needed} needed",
            )
        return "pending", f"{len(counts.support)} of {n} support so far; {needed} needed"
    raise InputError(f"unknown decision rule {rule!r} (use consensus or majority:P/Q)")


def needed_for(rule: str, members: int) -> int:
    """Supporters a ``majority:P/Q`` rule needs among ``members`` allies (P/Q rounded up)."""
    return ceil(parse_fraction(rule.split(":", 1)[1]) * members)


def decide_runs(rule: str, support: np.ndarray, objecting: np.ndarray, members: int) -> np.ndarray:
    """:func:`decide`'s rule over many stance sets at once: agreed or not, one bool per row.

    ``support`` and ``objecting`` are (runs, allies) booleans; every ally has a stance (an ally
    neither supporting nor objecting abstains), so no row is pending. The crisis model applies
    this to every simulated run; ``tests/rules/test_council_runs.py`` checks it agrees with
    :func:`decide` stance set by stance set, so there is one Council rule, not two.
    """
    if rule == "consensus":
        return np.asarray(~objecting.any(axis=1))
    if rule.startswith("majority:"):
        return np.asarray(support.sum(axis=1) >= needed_for(rule, members))
    raise InputError(f"unknown decision rule {rule!r} (use consensus or majority:P/Q)")


def _would_change(outcome: str, counts: Tally, rule: str) -> tuple[str, ...]:
    if outcome == "blocked":
        return (
            f"{', '.join(counts.objecting)} withdrawing the objection (or abstaining)",
            "a qualified-majority rule (reform 'qualified_majority')",
        )
    if outcome == "pending":
        return (f"stances of {', '.join(counts.unknown)}",)
    if outcome == "agreed" and rule == "consensus":
        return ("any one ally objecting",)
    return ()
