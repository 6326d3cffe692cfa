"""Article 4: any ally may call for consultations when any ally's security is threatened.

The threshold is the requesting ally's own opinion; the threatened ally need not be the one
asking; the only consequence is consultation (no further obligation). The historical requests
come from natolab's supplement ``supplements/article4_requests.yaml`` (compiled from stored
public pages, each request with its sources), plus any ``article4_request`` event the shared
events file may record. The result says the history covers the requests those sources show,
not necessarily all, and carries each request's conflict notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from natolab.data.allies import ally, members_on
from natolab.data.facts import load_article4_requests, load_events, load_treaty
from natolab.data.facts.article4_requests import Article4Request
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import Reform
from natolab.rules.reforms import resolve, tree
from natolab.rules.result import (
    Article4Outcome,
    Gate,
    Reason,
    Result,
    Step,
    cite,
    treaty_article,
)

GROUNDS = ("territorial_integrity", "political_independence", "security")


def historical_requests(up_to: date | None = None) -> list[dict[str, object]]:
    """Article 4 requests on record (up to ``up_to`` if given), oldest first.

    From natolab's supplement (each with its sources and caveats) and from events.yaml (type
    ``article4_request``, none so far); ``origin`` says which.
    """
    record = load_article4_requests()
    requests = record.up_to(up_to) if up_to is not None else record.requests
    rows: list[dict[str, object]] = [
        {
            "id": r.id,
            "date": r.date.text,
            "meeting_date": r.meeting_date.text if r.meeting_date else None,
            "requesters": list(r.requesters),
            "trigger": r.trigger,
            "outcome": r.outcome,
            "confidence": r.confidence,
            "caveats": dict(r.caveats),
            "source_ids": list(r.source_ids),
            "origin": "supplements/article4_requests.yaml",
        }
        for r in requests
    ]
    rows += [
        {
            "id": e.id,
            "date": e.date.text,
            "requesters": list(e.iso3),
            "actors": list(e.actors),
            "summary": e.summary,
            "confidence": e.confidence,
            "source_ids": list(e.source_ids),
            "origin": "facts/events.yaml",
        }
        for e in load_events().of_type("article4_request")
        if up_to is None or e.start <= up_to
    ]
    return rows


def article4(
    requester: str,
    *,
    on: date | str | None = None,
    threatened: str | None = None,
    ground: str = "security",
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """May ``requester`` call Article 4 consultations on ``on`` about ``threatened``?

    Article 4 reads no dated parameter, so no reform can change its answer: ``reforms`` is
    taken for the one calling convention, and any reform given is refused (InputError) rather
    than reported as applied to an answer it did not touch.
    """
    when = as_date(on, "on")
    given = resolve(reforms)  # an unknown name is refused as by every rule
    if given:
        names = ", ".join(r.name for r in given)
        raise InputError(
            f"no reform applies to Article 4, which reads no dated parameter (got {names}); "
            "ask without reforms"
        )
    params = tree(when)
    asker, about = ally(requester), ally(threatened or requester)
    if ground not in GROUNDS:
        raise InputError(f"ground must be one of {', '.join(GROUNDS)}, got {ground!r}")
    members = set(members_on(when)["iso3"])
    art4 = treaty_article(
        4,
        "Whenever, in the opinion of any party, the territorial integrity, political "
        "independence or security of any party is threatened, the parties consult together.",
    )
    history = historical_requests(up_to=when)
    record = load_article4_requests()
    own = [r for r in record.by(asker) if r.start <= when]
    parties = {"asker": asker in members, "about": about in members}
    outcome: Article4Outcome = "consultations_due" if all(parties.values()) else "not_available"
    gates = (
        Gate(
            name="requester_is_party",
            who=asker,
            rule="any party, in its own opinion",
            status="passed" if parties["asker"] else "failed",
            detail=f"{asker} on {when}",
            because=(art4,),
        ),
        Gate(
            name="threatened_is_party",
            who=about,
            rule="the threatened state must be a party",
            status="passed" if parties["about"] else "failed",
            detail=f"{about} on {when}",
            because=(art4,),
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
        because=(art4, _no_obligation(), _record(asker, when, len(history)), *map(_cite, own)),
        steps=(
            Step("request", f"{asker} requests consultations", when),
            Step("consultation", "The North Atlantic Council consults"),
        ),
        uncertain=(
            f"The history lists the {len(history)} Article 4 request(s) up to {when} that "
            "natolab's stored public sources show (supplements/article4_requests.yaml), "
            "not necessarily all requests ever made.",
            *(f"{r.id}: {note}" for r in own for note in r.caveats.values()),
        ),
        reforms=params.reforms,
        values={
            "requester": asker,
            "threatened": about,
            "historical_requests": history,
            "historical_request_ids": [row["id"] for row in history],
            "requests_by_requester": [r.id for r in own],
        },
    )


def _no_obligation() -> Reason:
    """Article 4 binds to consultation only: quoted from the facts' encoding of the article."""
    rule = load_treaty().article(4).rule
    return treaty_article(
        4,
        f"Consequence: {rule.consequence}; obligation beyond consultation: "
        f"{rule.obligation_beyond_consultation}.",
    )


def _record(asker: str, when: date, total: int) -> Reason:
    """What the bundled record shows, resting on the published counts of invocations."""
    record = load_article4_requests()
    counts = [c for c in record.counts if c.as_of.earliest <= when]
    tallies = "; ".join(f"{c.invocations} invocations by {c.as_of}" for c in counts)
    own = [r for r in record.by(asker) if r.start <= when]
    mine = (
        f"{asker} requested {len(own)} time(s): {', '.join(r.date.text for r in own)}."
        if own
        else f"{asker} made none of them."
    )
    checked = f" Published counts: {tallies}." if tallies else ""
    return Reason(
        f"The record bundled with natolab shows {total} Article 4 request(s) up to {when}; "
        f"{mine}{checked}",
        "North Atlantic Treaty, Art. 4 (practice)",
        tuple(dict.fromkeys(sid for c in record.counts for sid in c.source_ids)),
        confidence="medium",
    )


def _cite(request: Article4Request) -> Reason:
    """One historical request of the requester, with the pages that show it."""
    met = f"; the Council met {request.meeting_date}" if request.meeting_date else ""
    joint = f" (jointly: {', '.join(request.requesters)})" if len(request.requesters) > 1 else ""
    outcome = f" Outcome: {' '.join(request.outcome.split())}" if request.outcome else ""
    trigger = " ".join(request.trigger.split()).rstrip(".")
    return cite(
        f"{request.date}: request{joint} after: {trigger}{met}.{outcome}",
        f"North Atlantic Treaty, Art. 4 (request {request.id})",
        request,
    )
