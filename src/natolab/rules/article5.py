"""Article 5: an armed attack on one ally in the Article 6 area is an attack on all.

The chain the treaty and practice set: an armed attack; inside the Article 6 area; consultation;
the North Atlantic Council determines by consensus that Article 5 applies; each ally then takes
"such action as it deems necessary" (no automatic military obligation); the attack and the
measures are reported at once to the UN Security Council. The only invocation so far, on
12 September 2001, is part of every answer as the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from natolab.data.facts import load_events
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import Reform
from natolab.rules.article6 import covered
from natolab.rules.council import decide
from natolab.rules.result import (
    Article5Outcome,
    Gate,
    Reason,
    Result,
    Step,
    cite,
    treaty_article,
)

RECORD = (
    "article5_invoked_conditional",
    "article5_confirmed",
    "article5_eight_measures",
    "eagle_assist_start",
    "active_endeavour_start",
)


@dataclass(frozen=True)
class Attack:
    """What happened: the place (name/ISO code, or lat/lon), what was hit, and whether armed."""

    attacked: str | None = None
    lat: float | None = None
    lon: float | None = None
    what: str = "territory"
    armed: bool = True
    description: str = ""


def _event(event: Attack | str | Mapping[str, object]) -> Attack:
    if isinstance(event, Attack):
        return event
    if isinstance(event, str):
        return Attack(attacked=event)
    if isinstance(event, Mapping):
        return Attack(**event)  # type: ignore[arg-type]
    raise InputError("event must be an Attack, a place name or a mapping")


def article5(
    event: Attack | str | Mapping[str, object],
    *,
    on: date | str | None = None,
    stances: Mapping[str, str] | None = None,
    others: str | None = None,
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """Would Article 5 be invoked for ``event`` on ``on``, given the allies' stances?"""
    attack = _event(event)
    when = as_date(on, "on")
    area = covered(
        attack.attacked, lat=attack.lat, lon=attack.lon, what=attack.what, on=when, reforms=reforms
    )
    art5 = treaty_article(
        5,
        "An armed attack on one or more parties in Europe or North America is an attack "
        "on all; each assists by such action as it deems necessary, including armed "
        "force, and reports at once to the UN Security Council.",
    )
    label = area.values["place"]
    if not attack.armed:
        return _stop(
            when,
            label,
            "no_armed_attack",
            "Article 5 needs an armed attack; Article 4 consultation remains open.",
            (art5, *area.because),
            area,
        )
    if area.outcome != "covered":
        return _stop(
            when,
            label,
            "outside_area",
            f"{area.summary} Article 5 does not apply; Article 4 consultation remains open.",
            (art5, *area.because),
            area,
        )
    council = decide(
        f"Article 5 applies to the attack on {label}",
        on=when,
        stances=stances,
        others=others,
        reforms=reforms,
    )
    return _invocation(when, label, attack, area, council, art5)


#: The Council's decision on invoking Article 5, as the article's own outcome.
_INVOCATION: dict[str, Article5Outcome] = {
    "agreed": "invoked",
    "blocked": "blocked",
    "rejected": "blocked",
    "pending": "pending",
}


def _invocation(
    when: date, label: str, attack: Attack, area: Result, council: Result, art5: Reason
) -> Result:
    outcome = _INVOCATION[council.outcome]
    gate = council.gates[0]
    steps = (
        Step(
            "armed_attack", attack.description or f"armed attack on {attack.what} at {label}", when
        ),
        Step("article6_area", area.summary, because=area.because),
        Step("consultation", "Allies consult in the North Atlantic Council (Arts. 4 and 9)"),
        Step(
            "council_determination",
            f"The Council determines that Article 5 applies: {council.outcome}",
            because=gate.because,
        ),
        Step(
            "each_ally_acts",
            "Each ally takes such action as it deems necessary: no automatic military obligation",
            because=(art5,),
        ),
        Step(
            "report_to_unsc",
            "Attack and measures reported at once to the UN Security Council; "
            "measures end when it has acted",
            because=(art5,),
        ),
    )
    summary = {
        "invoked": f"Article 5 would be invoked for the attack on {label}; each ally then "
        "decides its own action.",
        "blocked": f"The attack on {label} is in the Article 6 area, but the Council is "
        f"blocked ({gate.detail}).",
        "pending": f"The attack on {label} is in the Article 6 area; invocation awaits "
        f"consensus ({gate.detail}).",
    }[outcome]
    return _answer(
        when,
        label,
        outcome,
        summary,
        {**area.values, **council.values},
        steps=steps,
        gates=(
            Gate(
                name="armed_attack_in_area",
                who="the facts",
                rule="armed attack within Article 6",
                status="passed",
                detail=area.values["clause"],
                because=area.because,
            ),
            gate,
        ),
        because=(art5, *_record()),
        would_change=council.would_change,
        uncertain=area.uncertain
        + (
            "Whether an event is an 'armed attack' (and, for 9/11, that it came from abroad) is "
            "itself a Council judgement.",
        ),
        reforms=council.reforms,
    )


def _stop(
    when: date,
    label: str,
    outcome: Article5Outcome,
    summary: str,
    because: tuple[Reason, ...],
    area: Result,
) -> Result:
    article4 = treaty_article(
        4,
        "Any ally may still request consultations when it considers the territorial "
        "integrity, political independence or security of any ally threatened.",
    )
    return _answer(
        when,
        label,
        outcome,
        summary,
        area.values,
        because=(*because, article4, *_record()),
        uncertain=area.uncertain,
        reforms=area.reforms,
        would_change=area.would_change,
    )


def _answer(
    when: date,
    label: str,
    outcome: Article5Outcome,
    summary: str,
    values: Mapping[str, Any],
    **fields: Any,
) -> Result:
    """Every Article 5 answer asks the same question and carries the record of 2001."""
    return Result(
        rule="article5",
        on=when,
        question=f"Would Article 5 apply to an attack on {label}?",
        outcome=outcome,
        summary=summary,
        values={**values, "record": _record_values()},
        **fields,
    )


def _record() -> tuple[Reason, ...]:
    """The one invocation (2001) and what followed, each citing its event's sources."""
    events = load_events()
    return tuple(
        cite(f"Record, {e.date}: {e.summary}", "events.yaml", e)
        for e in (events.event(i) for i in RECORD)
    )


def _record_values() -> list[dict[str, object]]:
    """The record as plain values (date as the events file writes it; measures if listed)."""
    events = load_events()
    return [
        {
            "id": e.id,
            "date": e.date.text,
            "summary": e.summary,
            **({"measures": list(e.measures)} if e.measures else {}),
        }
        for e in (events.event(i) for i in RECORD)
    ]
