"""Article 4: any ally may call for consultations when any ally's security is threatened.

The threshold is the requesting ally's own opinion; the threatened ally need not be the one
asking; the only consequence is consultation (no further obligation). The historical requests
come from the events file; where it records none the result says the record is incomplete
rather than pretending there were none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from natolab.data.allies import ally, members_on
from natolab.data.facts import load_events, load_treaty
from natolab.errors import InputError
from natolab.parameter_tree import Reform
from natolab.rules.reforms import as_date, tree
from natolab.rules.result import Gate, Reason, Result, Step, treaty_article

GROUNDS = ("territorial_integrity", "political_independence", "security")


def historical_requests() -> list[dict[str, object]]:
    """Article 4 requests recorded in events.yaml (type ``article4_request``)."""
    return [
        {
            "id": e.id,
            "date": e.date.text,
            "actors": list(e.actors),
            "summary": e.summary,
            "source_ids": list(e.source_ids),
        }
        for e in load_events().of_type("article4_request")
    ]


def article4(
    requester: str,
    on: date | str | None = None,
    threatened: str | None = None,
    ground: str = "security",
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """May ``requester`` call Article 4 consultations on ``on`` about ``threatened``?"""
    when = as_date(on, "on") if on is not None else date.today()
    params = tree(when, reforms)
    asker, about = ally(requester), ally(threatened or requester)
    if ground not in GROUNDS:
        raise InputError(f"ground must be one of {', '.join(GROUNDS)}, got {ground!r}")
    members = set(members_on(when)["iso3"])
    art4 = treaty_article(
        4,
        "Whenever, in the opinion of any party, the territorial integrity, political "
        "independence or security of any party is threatened, the parties consult together.",
    )
    history = historical_requests()
    parties = {"asker": asker in members, "about": about in members}
    outcome = "consultations_due" if all(parties.values()) else "not_available"
    gates = (
        Gate(
            "requester_is_party",
            asker,
            "any party, in its own opinion",
            "passed" if parties["asker"] else "failed",
            f"{asker} on {when}",
            (art4,),
        ),
        Gate(
            "threatened_is_party",
            about,
            "the threatened state must be a party",
            "passed" if parties["about"] else "failed",
            f"{about} on {when}",
            (art4,),
        ),
    )
    summary = (
        f"{asker} may request consultations about the {ground.replace('_', ' ')} of "
        f"{about}; all allies then consult, with no further obligation."
        if outcome == "consultations_due"
        else f"Article 4 is open only to parties about parties on {when}."
    )
    return Result(
        rule="article4",
        on=when,
        question=f"May {asker} request Article 4 consultations?",
        outcome=outcome,
        summary=summary,
        gates=gates,
        because=(art4, _no_obligation()),
        steps=(
            Step("request", f"{asker} requests consultations", when),
            Step("consultation", "The North Atlantic Council consults"),
        ),
        uncertain=()
        if history
        else (
            "events.yaml records no Article 4 request, so the "
            "historical list here is empty: the record is incomplete.",
        ),
        reforms=params.reforms,
        values={"requester": asker, "threatened": about, "historical_requests": history},
    )


def _no_obligation() -> Reason:
    """Article 4 binds to consultation only: quoted from the facts' encoding of the article."""
    rule = load_treaty().article(4).rule
    return treaty_article(
        4,
        f"Consequence: {rule.consequence}; obligation beyond consultation: "
        f"{rule.obligation_beyond_consultation}.",
    )
