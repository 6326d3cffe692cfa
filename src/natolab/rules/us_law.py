"""The US law that binds a US president on NATO: sec. 1250A, the troop floor, SACEUR, the bills.

22 U.S.C. 1928f (NDAA FY2024 sec. 1250A, from 2023-12-22) adds domestic gates to an Article 13
notice by the United States: the advice and consent of two-thirds of the Senators present **or**
an Act of Congress, no funds for a withdrawal otherwise, and written notice to the
foreign-affairs committees at least 180 days before acting (:func:`us_gates`, used by
:mod:`natolab.rules.article13`). The NDAA FY2026 adds a troop floor in Europe and bars giving up
SACEUR; bills to leave NATO are listed with what they would set in motion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from natolab.data.facts import load_posture, load_us_law
from natolab.data.facts.us_law import Bill
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import ParameterTree, ParameterValue, Reform
from natolab.rules.reforms import add_months, parse_fraction, tree
from natolab.rules.result import (
    BillsOutcome,
    Gate,
    GateStatus,
    Reason,
    Result,
    SaceurOutcome,
    TroopFloorOutcome,
    cite,
    from_parameter,
)

STATUTE = "22 U.S.C. 1928f (NDAA FY2024 sec. 1250A)"


@dataclass(frozen=True)
class UsVote:
    """What Congress has done: Senate yeas and Senators present, and an Act of Congress."""

    senate_yeas: int | None = None
    senators_present: int | None = None
    act_of_congress: bool | None = None
    congress_notified: date | None = None

    def __post_init__(self) -> None:
        yeas, present = self.senate_yeas, self.senators_present
        if (yeas is None) != (present is None):
            raise InputError("give both senate_yeas and senators_present, or neither")
        if yeas is not None and present is not None and not 0 <= yeas <= present <= 100:
            raise InputError(f"need 0 <= yeas <= present <= 100, got {yeas} of {present}")


def us_gates(
    when: date, vote: UsVote, params: ParameterTree
) -> tuple[tuple[Gate, ...], dict[str, date]]:
    """The US statute's gates: Senate two-thirds of those present OR an Act of Congress; 180 days."""
    senate, act = _senate_gate(vote, params), _act_gate(vote)
    either = _either(senate, act)
    if either.status == "passed":  # one path suffices: the other is no longer needed
        senate, act = (_moot(g) for g in (senate, act))
    days = params.get("us_sec1250a_congress_notice_days")
    deadline = when - timedelta(days=int(days.value))
    notice_gate, dates = _notice_gate(when, vote.congress_notified, deadline, days)
    return (senate, act, either, notice_gate), dates


def _paraphrase(provision: str) -> str:
    """Our paraphrase of a subsection of sec. 1250A, as the facts file words it."""
    return (load_us_law().withdrawal_limitation.provision(provision).paraphrase or "").strip()


def _statute_reason(text: str, subsection: str) -> Reason:
    """A reason citing sec. 1250A(``subsection``) and the statute's sources."""
    return cite(text, f"{STATUTE}({subsection})", load_us_law().withdrawal_limitation)


def _senate_gate(vote: UsVote, params: ParameterTree) -> Gate:
    share = params.get("us_sec1250a_senate_fraction")
    fraction = parse_fraction(str(share.value))
    why = (
        from_parameter(
            f"Advice and consent needs {fraction} of the Senators present.",
            f"{STATUTE}(a)(1)",
            share,
        ),
    )
    if vote.senate_yeas is None or vote.senators_present is None:
        return Gate(
            name="senate_advice_and_consent",
            who="US Senate",
            rule=f"{fraction} of Senators present",
            status="pending",
            detail="no Senate vote given",
            because=why,
        )
    needed = ceil(fraction * vote.senators_present)
    status: GateStatus = "passed" if vote.senate_yeas >= needed else "failed"
    detail = f"{vote.senate_yeas} yeas of {vote.senators_present} present; {needed} needed"
    return Gate(
        name="senate_advice_and_consent",
        who="US Senate",
        rule=f"{fraction} of Senators present",
        status=status,
        detail=detail,
        because=why,
    )


def _act_gate(vote: UsVote) -> Gate:
    statuses: dict[bool | None, GateStatus] = {None: "pending", True: "passed", False: "failed"}
    status = statuses[vote.act_of_congress]
    detail = {
        None: "no Act given",
        True: "an Act of Congress authorises withdrawal",
        False: "no Act of Congress authorises withdrawal",
    }[vote.act_of_congress]
    why = _statute_reason(
        "Alternatively an Act of Congress (both chambers, and the President's "
        "signature or a veto override) may authorise withdrawal.",
        "a)(2",
    )
    return Gate(
        name="act_of_congress",
        who="US Congress",
        rule="an Act of Congress",
        status=status,
        detail=detail,
        because=(why,),
    )


def _moot(gate: Gate) -> Gate:
    if gate.status == "passed":
        return gate
    return Gate(
        name=gate.name,
        who=gate.who,
        rule=gate.rule,
        status="not_required",
        detail=f"{gate.detail}; not needed, the other path passed",
        because=gate.because,
    )


def _either(senate: Gate, act: Gate) -> Gate:
    statuses = {senate.status, act.status}
    status: GateStatus = (
        "passed" if "passed" in statuses else ("failed" if statuses == {"failed"} else "pending")
    )
    why = _statute_reason(_paraphrase("a_no_unilateral_withdrawal"), "a")
    funds = _statute_reason(_paraphrase("b_funding_limitation"), "b")
    return Gate(
        name="sec1250a_authorisation",
        who="US Senate or Congress",
        rule="either path of sec. 1250A(a)",
        status=status,
        detail=f"Senate: {senate.status}; Act: {act.status}",
        because=(why, funds),
    )


def _notice_gate(
    when: date, notified: date | None, deadline: date, days: ParameterValue
) -> tuple[Gate, dict[str, date]]:
    why = (
        from_parameter(_paraphrase("c2_notification_180_days"), f"{STATUTE}(c)", days),
        _statute_reason(_paraphrase("c1_consultation"), "c)(1"),
    )
    rule = f"written notice to SFRC and HFAC >= {days.value} days before acting"
    dates = {"congress_notice_deadline": deadline}
    if notified is None:
        return Gate(
            name="congress_notice",
            who="President to SFRC and HFAC",
            rule=rule,
            status="pending",
            detail=f"notify by {deadline} for a notice on {when}",
            because=why,
        ), dates
    dates["congress_notified"] = notified
    lawful_from = notified + timedelta(days=int(days.value))
    status: GateStatus = "passed" if notified <= deadline else "failed"
    detail = f"notified {notified}; the notice may be given from {lawful_from}"
    dates["earliest_lawful_notice"] = lawful_from
    return Gate(
        name="congress_notice",
        who="President to SFRC and HFAC",
        rule=rule,
        status=status,
        detail=detail,
        because=why,
    ), dates


def us_because(code: str, params: ParameterTree, us: bool) -> tuple[Reason, ...]:
    if code != "USA":
        return ()
    in_force = params.get("us_sec1250a_in_force")
    if us:
        return (from_parameter(f"{STATUTE} binds the President on this date.", STATUTE, in_force),)
    return (
        from_parameter(f"{STATUTE} does not apply on this date.", STATUTE, in_force),
        cite(
            "Without the statute the Constitution is silent on who may end a treaty; "
            "Goldwater v. Carter (1979) left the question undecided.",
            "US Const. art. II s.2; Goldwater v. Carter, 444 U.S. 996",
            load_us_law().precedent("carter_taiwan_1978"),
        ),
    )


def troop_floor(
    troops: int | None = None,
    *,
    days_below: int | None = None,
    on: date | str | None = None,
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """Is a US force level in the EUCOM area lawful under the NDAA FY2026 floor, and how sure?

    The subject is the force level (``troops``, with the days spent below the floor); without
    it the answer is the floor in force on ``on``.
    """
    when = as_date(on, "on")
    params = tree(when, reforms)
    floor, grace = (
        params.get("us_europe_troop_floor"),
        params.get("us_europe_troop_floor_grace_days"),
    )
    law = load_us_law()
    if floor.value is None:
        return Result(
            "us.troop_floor",
            when,
            "Is there a US troop floor in Europe?",
            "no_floor",
            f"No statutory US troop floor in Europe on {when}.",
            reforms=params.reforms,
            because=(
                from_parameter("The NDAA FY2026 floor starts 2025-12-18.", "NDAA FY2026", floor),
            ),
        )
    rule = law.europe_troop_floor
    because = (
        from_parameter(
            f"Floor of {floor.value:,} in the EUCOM area.", "NDAA FY2026 sec. 1249", floor
        ),
        from_parameter(
            f"At most {grace.value} days below it without certification.",
            "NDAA FY2026 sec. 1249",
            grace,
        ),
        cite(str(rule.rule), "NDAA FY2026 sec. 1249", law.europe_posture_act),
    )
    outcome = _floor_outcome(troops, days_below, int(floor.value), int(grace.value))
    return Result(
        "us.troop_floor",
        when,
        f"Is {troops if troops is not None else 'a'} US troop level lawful?",
        outcome,
        f"US troop floor in Europe: {floor.value:,} ({outcome.replace('_', ' ')}).",
        because=because,
        reforms=params.reforms,
        uncertain=(floor.uncertainty, (rule.reporting_variance or "").strip()),
        would_change=(
            "a certification to Congress as the statute requires",
            "a reform setting us_europe_troop_floor",
        ),
        values={"floor": floor.value, "grace_days": grace.value},
    )


def _floor_outcome(
    troops: int | None, days_below: int | None, floor: int, grace: int
) -> TroopFloorOutcome:
    if troops is None:
        return "floor_in_force"
    if troops >= floor:
        return "at_or_above_floor"
    if days_below is not None and days_below <= grace:
        return "below_floor_within_grace"
    return "below_floor_needs_certification"


def saceur(*, on: date | str | None = None, reforms: Iterable[Reform | str] = ()) -> Result:
    """May the US give up the SACEUR post? Practice since 1951, statute from the FY2026 NDAA.

    There is no subject to pass: the question is about the one post, so only ``on`` and
    ``reforms`` are taken (keywords, like every rule's).
    """
    when = as_date(on, "on")
    params = tree(when, reforms)
    retention = params.get("us_saceur_retention")
    barred = bool(retention.value)
    because = (
        cite(
            "SACEUR has always been a US officer since 1951, dual-hatted as commander of US "
            "European Command, appointed by the North Atlantic Council.",
            "NATO practice",
            load_posture().saceur.rule,
        ),
        from_parameter(
            "The FY2026 NDAA bars DoD from relinquishing the post."
            if barred
            else "No statute bars the US from giving up the post on this date.",
            "NDAA FY2026",
            retention,
        ),
    )
    outcome: SaceurOutcome = "statutory_bar" if barred else "practice_only"
    return Result(
        "us.saceur",
        when,
        "May the US relinquish the SACEUR post?",
        outcome,
        "US law bars relinquishing SACEUR."
        if barred
        else "Only practice keeps SACEUR American on this date.",
        because=because,
        uncertain=(retention.uncertainty,),
        reforms=params.reforms,
    )


WITHDRAWAL_BILLS = ("lee_nato_act_s2174", "massie_nato_act_hr6508", "lee_s4649_ukraine_trigger")


def withdrawal_bills(
    *,
    enacted: date | str | None = None,
    on: date | str | None = None,
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """Bills to take the US out, as introduced by ``on``; what H.R. 6508 would set in motion.

    There is no subject to pass (the bills are those in the facts), so every argument is a
    keyword. ``enacted`` is a what-if: the day H.R. 6508 became law. Its sec. 3 requires notice of
    denunciation within 30 days, so the exit follows one Article 13 notice period later.
    """
    when = as_date(on, "on")
    params = tree(when, reforms)
    bills = [load_us_law().bill(b) for b in WITHDRAWAL_BILLS]
    listed = [b for b in bills if (_introduced(b) or date.min) <= when]
    because = tuple(
        cite(f"{b.number}: {b.text} Status: {b.status or 'not enacted'}", b.number or b.id, b)
        for b in listed
    )
    dates: dict[str, date] = {}
    notes = [b.date_issue for b in listed if b.date_issue]
    notes += [b.date_conflict for b in listed if b.date_conflict]
    if enacted is not None:
        law = as_date(enacted, "enacted")
        deadline = law + timedelta(days=_notice_days(law, reforms))
        months = int(params.value("article13_notice_period_months"))
        dates = {
            "enacted": law,
            "notice_deadline": deadline,
            "effective_if_notice_on_deadline": add_months(deadline, months),
        }
        notes.append(
            "As an Act of Congress the bill would satisfy sec. 1250A(a)(2); whether its "
            "30-day notice overrides the 180-day committee notice of sec. 1250A(c) is "
            "for the later statute's wording, not verified here."
        )
    outcome: BillsOutcome = "bills_introduced" if listed else "none_introduced"
    summary = (
        f"{len(listed)} bill(s) to withdraw introduced by {when}; none enacted."
        if listed
        else f"No bill to withdraw introduced by {when} in the facts."
    )
    if enacted is not None:
        summary += (
            f" If H.R. 6508 were enacted {dates['enacted']}, notice is due by "
            f"{dates['notice_deadline']} and the US would leave on "
            f"{dates['effective_if_notice_on_deadline']}."
        )
    return Result(
        "us.withdrawal_bills",
        when,
        "Which bills would take the US out of NATO?",
        outcome,
        summary,
        because=because
        or (
            _statute_reason(
                "The statute on withdrawal stands; no repeal or withdrawal bill is listed.", "a"
            ),
        ),
        uncertain=tuple(notes),
        reforms=params.reforms,
        dates=dates,
        values={"bills": [b.number for b in listed]},
    )


def _notice_days(enacted: date, reforms: Iterable[Reform | str]) -> int:
    """H.R. 6508 sec. 3's notice period, read from the dated parameter on the enactment day."""
    days = tree(enacted, reforms).value("us_hr6508_denunciation_notice_days")
    if days is None:
        raise InputError(
            f"H.R. 6508 was not yet introduced on {enacted}; it cannot be enacted then"
        )
    return int(days)


def _introduced(bill: Bill) -> date | None:
    """Introduction date; if the facts lack it, the first day its Congress could sit."""
    if bill.introduced:
        return bill.introduced
    congress = re.search(r"\((\d+)(?:st|nd|rd|th) Congress\)", bill.number or "")
    return date(1789 + 2 * (int(congress.group(1)) - 1), 1, 3) if congress else None
