"""Article 13: leaving the alliance, for every ally (with the US statute for the United States).

Once the treaty has been in force for twenty years, any party may give notice of denunciation to
the US Government and stops being a party one year later; nobody else must consent. For the
United States the gates of 22 U.S.C. 1928f come from :mod:`natolab.rules.us_law`. Every deadline
here is computed from the dates given.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from natolab.data.allies import ally, members_on
from natolab.data.facts import load_treaty, load_us_law
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import ParameterTree, Reform
from natolab.rules.reforms import add_months, tree
from natolab.rules.result import (
    Article13Outcome,
    Gate,
    Reason,
    Result,
    Step,
    from_parameter,
    treaty_article,
)
from natolab.rules.us_law import STATUTE, UsVote, us_because, us_gates


def withdrawal(
    country: str,
    *,
    notice: date | str | None = None,
    on: date | str | None = None,
    senate_yeas: int | None = None,
    senators_present: int | None = None,
    act_of_congress: bool | None = None,
    congress_notified: date | str | None = None,
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """When could ``country`` leave if it gave notice on ``notice``, and through which gates?

    The law applied is the law in force on the notice date; ``notice`` defaults to ``on``, so
    ``withdrawal("USA", on="2027-01-20")`` asks about a notice given that day. ``notice`` may
    still be given second by position, the form the withdrawal model and older scripts use;
    every other argument is a keyword.
    """
    if notice is None and on is None:
        raise InputError("give the notice date (or on=) of the notice of denunciation")
    when = as_date(notice if notice is not None else on, "notice")
    notified = as_date(congress_notified, "congress_notified") if congress_notified else None
    vote = UsVote(senate_yeas, senators_present, act_of_congress, notified)
    code = ally(country)
    params = tree(when, reforms)
    treaty_gates, treaty_dates, because = _treaty(code, when, params)
    us = code == "USA" and bool(params.value("us_sec1250a_in_force"))
    statute_gates, us_dates = us_gates(when, vote, params) if us else ((), {})
    dates = {**treaty_dates, **us_dates}
    gates = treaty_gates + statute_gates
    outcome = _outcome(gates)
    dates.update(_earliest(outcome, dates))
    return Result(
        rule="article13.withdrawal",
        on=when,
        question=f"Can {code} leave the North Atlantic Treaty by a notice given {when}?",
        outcome=outcome,
        summary=_summary(code, outcome, dates, gates),
        steps=_steps(code, dates),
        gates=gates,
        because=because + us_because(code, params, us),
        would_change=_changes(code, outcome, us, gates),
        uncertain=_uncertain(code, params, us, dates),
        reforms=params.reforms,
        dates=dates,
        values={"country": code, "us_statute_applies": "yes" if us else "no"},
    )


def _treaty(
    code: str, when: date, params: ParameterTree
) -> tuple[tuple[Gate, ...], dict[str, date], tuple[Reason, ...]]:
    """Article 13's own gates: twenty years in force, party on the day, one year's notice."""
    years, months = (
        params.get("article13_years_in_force_before_denunciation"),
        params.get("article13_notice_period_months"),
    )
    in_force = load_treaty().entered_into_force
    if years.value is None or months.value is None:
        raise InputError(f"the North Atlantic Treaty was not in force on {when} (from {in_force})")
    opens = add_months(in_force, 12 * int(years.value))
    effective = add_months(when, int(months.value))
    art13 = treaty_article(
        13,
        "Any party may denounce the treaty once it has been in force twenty years; it "
        "ceases to be a party one year after notice to the US Government, which informs "
        "the others. No other party must consent.",
    )
    member = code in set(members_on(when)["iso3"])
    gates = (
        Gate(
            name="article13_available",
            who="the treaty",
            rule=f"{years.value} years in force (from {opens})",
            status="passed" if when >= opens else "failed",
            detail=f"notice {when}; open from {opens}",
            because=(
                from_parameter(
                    f"Notice possible {years.value} years after entry into force "
                    f"({in_force}), i.e. from {opens}.",
                    "Art. 13",
                    years,
                ),
            ),
        ),
        Gate(
            name="party_on_notice_date",
            who=code,
            rule="must be a party when giving notice",
            status="passed" if member else "failed",
            detail=f"{code} {'is' if member else 'is not'} an ally on {when}",
        ),
        Gate(
            name="notice_to_depositary",
            who="Government of the United States",
            rule="written notice of denunciation",
            status="passed",
            detail="the notice date given is taken as the day the depositary received it",
            because=(art13,),
        ),
    )
    period = from_parameter(
        f"Effective {months.value} months after notice: {effective}.", "Art. 13", months
    )
    return (
        gates,
        {"available_from": opens, "notice": when, "treaty_effective": effective},
        (art13, period),
    )


def _outcome(gates: tuple[Gate, ...]) -> Article13Outcome:
    by_name = {g.name: g.status for g in gates}
    if by_name["article13_available"] == "failed" or by_name["party_on_notice_date"] == "failed":
        return "not_available"
    if (
        by_name.get("sec1250a_authorisation") == "failed"
        or by_name.get("congress_notice") == "failed"
    ):
        return "unlawful_under_us_law"
    return "pending" if any(g.status == "pending" for g in gates) else "effective"


def _earliest(outcome: str, dates: dict[str, date]) -> dict[str, date]:
    """The earliest day the country stops being a party, where the inputs fix it."""
    if outcome == "not_available":
        return {}
    if outcome in ("effective", "pending"):
        return {"earliest_effective": dates["treaty_effective"]}
    lawful = dates.get("earliest_lawful_notice")
    if lawful and lawful > dates["notice"]:
        months = _months_between(dates["notice"], dates["treaty_effective"])
        return {"earliest_effective": add_months(lawful, months)}
    return {}


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _summary(code: str, outcome: str, dates: dict[str, date], gates: tuple[Gate, ...]) -> str:
    effective = dates.get("earliest_effective")
    open_gates = ", ".join(
        g.name for g in gates if g.status == "pending" and g.name != "sec1250a_authorisation"
    )
    failed = ", ".join(g.name for g in gates if g.status == "failed")
    tail = (f" Open: {open_gates}." if open_gates else "") + (
        f" Failed: {failed}." if failed else ""
    )
    return {
        "not_available": f"{code} cannot give notice then: Article 13 opens {dates['available_from']}"
        " and only a party can denounce.",
        "effective": f"{code} ceases to be a party on {effective}.",
        "pending": f"{code} would cease to be a party on {effective} if the open gates pass.",
        "unlawful_under_us_law": f"Under {STATUTE} the US may not withdraw on these facts"
        + (f"; earliest lawful exit {effective}" if effective else "")
        + ".",
    }[outcome] + tail


def _steps(code: str, dates: dict[str, date]) -> tuple[Step, ...]:
    steps = []
    if "congress_notice_deadline" in dates:
        steps.append(
            Step(
                "notify_congress",
                "Consult, then notify SFRC and HFAC in writing",
                dates.get("congress_notified", dates["congress_notice_deadline"]),
            )
        )
    steps.append(
        Step("notice_of_denunciation", f"{code} gives notice to the US Government", dates["notice"])
    )
    steps.append(Step("depositary_informs_parties", "The US Government informs the other parties"))
    steps.append(
        Step(
            "ceases_to_be_party",
            f"{code} ceases to be a party",
            dates.get("earliest_effective", dates["treaty_effective"]),
        )
    )
    return tuple(steps)


def _changes(code: str, outcome: str, us: bool, gates: tuple[Gate, ...]) -> tuple[str, ...]:
    changes = ["a shorter or longer Article 13 notice period (reform 'shorter_notice')"]
    if us:
        changes.append("repeal of sec. 1250A (reform 'repeal_sec_1250A')")
        if outcome != "effective":
            changes.append("two-thirds of Senators present consenting, or an Act of Congress")
    if outcome == "not_available":
        changes = ["giving notice on or after the day Article 13 opens, as a party"]
    return tuple(changes)


def _uncertain(
    code: str, params: ParameterTree, us: bool, dates: dict[str, date]
) -> tuple[str, ...]:
    notes = ["No party has ever denounced the treaty; the procedure has never been tested."]
    if code == "USA" and not us:
        notes.append("Whether a President may denounce a treaty without Congress is unsettled.")
    if us:
        days = int(params.value("us_sec1250a_congress_notice_days"))
        deadline = dates["congress_notice_deadline"]
        later = max(deadline + timedelta(days=days), dates["treaty_effective"])
        notes.append(
            f"Reading 'taking the action' as the exit itself (us_law.yaml model_rule) the 180 days "
            f"run to the exit instead: max(notification + {days} d, notice + 1 y), e.g. {later} if "
            "Congress was notified by the deadline; natolab applies the stricter reading."
        )
        notes.append(
            "Whether a President could start the Article 13 clock in defiance of the "
            "statute, and who could sue, is contested (no court has ruled)."
        )
        counsel = load_us_law().withdrawal_limitation.provision("e_congressional_legal_counsel")
        notes.append((counsel.what_sources_say or "").strip())
    return tuple(notes)
