"""Article 10: joining the alliance, and how long it has taken.

The parties may, by unanimous agreement, invite any other European state able to further the
treaty's principles and contribute to North Atlantic security; the invitee becomes a party on
depositing its instrument of accession with the US Government. In practice every ally first
ratifies an accession protocol. The time this takes is not one number: natolab computes the
historical durations from the dated enlargement rounds (``supplements/accessions.yaml``:
invitation or protocol signature to deposit) and reports them as a distribution, with each
date's precision carried as a range.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from natolab.data.allies import load_allies, members_on
from natolab.data.facts import load_accessions
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import ParameterValue, Reform
from natolab.rules.gazetteer import find_place, state
from natolab.rules.reforms import tree
from natolab.rules.result import (
    Article10Outcome,
    Gate,
    Reason,
    Result,
    Step,
    from_parameter,
    treaty_article,
)

#: States astride Europe and Asia: eligibility under Article 10 is arguable, not excluded.
TRANSCONTINENTAL = {"TUR", "CYP", "CYN", "GEO", "ARM", "AZE", "KAZ"}


@dataclass(frozen=True)
class Span:
    """A historical duration from a start (invitation or protocol) to membership, in days."""

    countries: tuple[str, ...]
    stage: str  # invitation | protocol
    start: str  # as the supplement states it (day, month or year precision)
    joined: date
    shortest: int
    longest: int
    round_id: str  # the row of supplements/accessions.yaml

    @property
    def days(self) -> float:
        return (self.shortest + self.longest) / 2


def historical_spans() -> tuple[Span, ...]:
    """Every start-to-membership duration the enlargement rounds date, one per round and stage.

    Read from the structured supplement (``load_accessions``): a round without a dated start
    for a stage has no span for it, rather than a guessed one.
    """
    spans = []
    for item in load_accessions().rounds:
        for stage in ("invitation", "protocol"):
            start = item.start(stage)
            if start is None:
                continue
            shortest, longest = (
                (item.joined - start.latest).days,
                (item.joined - start.earliest).days,
            )
            spans.append(
                Span(item.invited, stage, start.text, item.joined, shortest, longest, item.id)
            )
    return tuple(sorted(spans, key=lambda s: (s.stage, s.joined)))


def distribution(stage: str) -> dict[str, object]:
    """Summary of the historical durations from ``stage`` to membership (days)."""
    spans = [s for s in historical_spans() if s.stage == stage]
    if not spans:
        return {"rounds": 0}
    days = sorted(s.days for s in spans)
    return {
        "rounds": len(spans),
        "min_days": days[0],
        "median_days": statistics.median(days),
        "max_days": days[-1],
        "samples": [
            {
                "countries": list(s.countries),
                "start": s.start,
                "joined": s.joined.isoformat(),
                "days": s.days,
                "range_days": [s.shortest, s.longest],
            }
            for s in spans
        ],
    }


def _country(country: str) -> tuple[str, str]:
    """ISO3 code and name of any state (ally or not); close matches if unknown."""
    place = find_place(country)
    if place.kind != "state":
        raise InputError(f"{place.name} is not a state; Article 10 invites states only")
    return place.note, place.name


#: Whether the state is European (yes / arguable / no), as the Article 10 outcome.
_ELIGIBILITY: dict[str, Article10Outcome] = {
    "yes": "eligible",
    "arguable": "eligibility_arguable",
    "no": "not_eligible",
}


def accede(
    country: str, *, on: date | str | None = None, reforms: Iterable[Reform | str] = ()
) -> Result:
    """Can ``country`` join on ``on``, through which gates, and how long has joining taken?"""
    when = as_date(on, "on")
    params = tree(when, reforms)
    code, name = _country(country)
    art10 = treaty_article(
        10,
        "The parties may, by unanimous agreement, invite any other European state able "
        "to further the treaty's principles and contribute to North Atlantic security; it "
        "becomes a party on depositing its instrument of accession with the US Government.",
    )
    accessions: dict[str, date] = dict(
        zip(load_allies()["iso3"], load_allies()["accession_date"], strict=True)
    )
    joined = accessions.get(code)
    if joined is not None and joined <= when:
        return Result(
            "article10.accede",
            when,
            f"Can {name} join NATO?",
            "already_member",
            f"{name} has been an ally since {joined}.",
            because=(art10,),
            reforms=params.reforms,
            dates={"joined": joined},
            values={"country": code},
        )
    european, reason = _european(code, name)
    members = list(members_on(when)["iso3"])
    rule = params.get("article10_invitation_rule")
    gates = _gates(name, members, str(rule.value), rule)
    outcome = _ELIGIBILITY[european]
    timing = {
        "protocol_to_membership": distribution("protocol"),
        "invitation_to_membership": distribution("invitation"),
    }
    return Result(
        rule="article10.accede",
        on=when,
        question=f"Can {name} join NATO?",
        outcome=outcome,
        summary=_summary(name, outcome, len(members), timing),
        steps=_steps(name, len(members)),
        gates=gates if european != "no" else (),
        because=(art10, reason, *_timing_reasons()),
        would_change=_would_change(outcome),
        uncertain=_uncertain(european, timing),
        reforms=params.reforms,
        values={"country": code, "allies_to_agree": len(members), **timing},
    )


def _european(code: str, name: str) -> tuple[str, Reason]:
    continent = state(code).note and _continent(code)
    if code in TRANSCONTINENTAL:
        verdict, why = (
            "arguable",
            f"{name} lies astride Europe and Asia; whether it is a European state is a political judgement.",
        )
    elif continent == "Europe":
        verdict, why = "yes", f"{name} is a European state (Natural Earth: Europe)."
    else:
        verdict, why = (
            "no",
            f"{name} is not a European state (Natural Earth: {continent}); Article 10 cannot invite it.",
        )
    return verdict, treaty_article(10, why)


def _continent(code: str) -> str:
    from natolab.rules.gazetteer import _land

    for props, _ in _land():
        if props["iso3"] == code:
            return str(props["continent"])
    return "unknown"


def _gates(name: str, members: list[str], rule: str, parameter: ParameterValue) -> tuple[Gate, ...]:
    why = (from_parameter(f"Invitation rule: {rule}.", "Art. 10", parameter),)
    n = len(members)
    return (
        Gate(
            name="invitation",
            who=f"all {n} allies",
            rule=rule,
            status="pending",
            detail=f"every one of {n} allies must agree" if rule == "unanimity" else rule,
            because=why,
        ),
        Gate(
            name="protocol_ratification",
            who=f"each of {n} allies",
            rule="ratification by each ally's own procedure",
            status="pending",
            detail="practice: an accession protocol ratified by every ally",
        ),
        Gate(
            name="deposit",
            who=name,
            rule="instrument of accession deposited with the US Government",
            status="pending",
        ),
    )


def _steps(name: str, n: int) -> tuple[Step, ...]:
    return (
        Step("invitation", f"The {n} allies invite {name}"),
        Step("accession_protocol", "Allies sign an accession protocol"),
        Step("ratification", f"Each of the {n} allies ratifies the protocol"),
        Step(
            "deposit", f"{name} deposits its instrument with the US Government and becomes a party"
        ),
    )


def _timing_reasons() -> tuple[Reason, ...]:
    """Why the durations are what they are: the dated rounds behind them, with their sources."""
    round_ids = sorted({s.round_id for s in historical_spans()})
    accessions = load_accessions()
    cited = (sid for r in round_ids for sid in accessions.round(r).source_ids)
    return (
        Reason(
            f"Durations computed from the dated enlargement rounds {', '.join(round_ids)}.",
            "supplements/accessions.yaml (invitations, protocols, accessions)",
            tuple(dict.fromkeys(cited)),
        ),
    )


def _summary(name: str, outcome: str, n: int, timing: dict[str, dict[str, object]]) -> str:
    if outcome == "not_eligible":
        return f"{name} cannot be invited under Article 10: it is not a European state."
    protocol = timing["protocol_to_membership"]
    span = (
        f" Historically {protocol['min_days']:.0f}-{protocol['max_days']:.0f} days (median "
        f"{protocol['median_days']:.0f}) from protocol signature to membership."
        if protocol.get("rounds")
        else ""
    )
    lead = "may be invited" if outcome == "eligible" else "may arguably be invited"
    return f"{name} {lead} if all {n} allies agree; each must then ratify.{span}"


def _would_change(outcome: str) -> tuple[str, ...]:
    if outcome == "not_eligible":
        return ("amending Article 10 (only European states may be invited)",)
    return (
        "any one ally withholding agreement or ratification blocks accession",
        "a qualified-majority invitation rule (reform 'qualified_majority')",
    )


def _uncertain(european: str, timing: dict[str, dict[str, object]]) -> tuple[str, ...]:
    notes = [
        "Few enlargement rounds are dated in the events file, so the distribution rests on "
        f"{timing['protocol_to_membership'].get('rounds', 0)} protocol and "
        f"{timing['invitation_to_membership'].get('rounds', 0)} invitation samples; dates "
        "given only to the month or year are carried as ranges."
    ]
    if european == "arguable":
        notes.append("Eligibility as a 'European state' is a political judgement of the allies.")
    return tuple(notes)
