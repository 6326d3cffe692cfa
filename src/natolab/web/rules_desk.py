"""The rules desk: a form per procedure of the treaty and US law, answered with its reasons.

Forms are plain GET forms (they work without JavaScript and their answers can be linked);
with htmx only the result is swapped in. The answer is the rules layer's
:class:`~natolab.rules.result.Result` — outcome, gates, dated steps and the ``because`` chain,
whose source ids link to the sources page. A bad input is shown in place with status 400.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from natolab.errors import InputError, NatolabError
from natolab.web.context import Snapshot, render
from natolab.web.params import number, text

if TYPE_CHECKING:
    from natolab.rules.bound import Rules
    from natolab.rules.result import Result

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Field:
    """One form field: name, label, input type, default, help."""

    name: str
    label: str
    kind: str = "text"
    default: str = ""
    hint: str = ""


def _article6(rules: Rules, p: Mapping[str, str], reforms: list[str]) -> Result:
    lat, lon = (
        number(p, "lat", float, "a number of degrees"),
        number(p, "lon", float, "a number of degrees"),
    )
    place = text(p, "place") if lat is None and lon is None else None
    if place is None and (lat is None or lon is None):
        raise InputError("place: required (or give both latitude and longitude)")
    return rules.covered(
        place, lat=lat, lon=lon, what=p.get("what") or "territory", reforms=reforms
    )


def _required(params: Mapping[str, str], name: str) -> str:
    raw = text(params, name)
    if raw is None:
        raise InputError(f"{name}: required")
    return raw


def _act(params: Mapping[str, str]) -> bool | None:
    return {"yes": True, "no": False}.get(params.get("act_of_congress", ""))


def _article5(rules: Rules, p: Mapping[str, str], reforms: list[str]) -> Result:
    from natolab.rules import Attack

    stances = dict.fromkeys(
        [s.strip() for s in p.get("objecting", "").split(",") if s.strip()], "object"
    )
    event = Attack(attacked=_required(p, "attacked"), what=p.get("what", "territory"))
    return rules.article5(event, stances=stances, others=text(p, "others"), reforms=reforms)


def _withdrawal(rules: Rules, p: Mapping[str, str], reforms: list[str]) -> Result:
    return rules.withdrawal(
        _required(p, "country"),
        notice=text(p, "notice"),
        reforms=reforms,
        senate_yeas=number(p, "senate_yeas", int),
        senators_present=number(p, "senators_present", int),
        act_of_congress=_act(p),
    )


@dataclass(frozen=True)
class Form:
    """A procedure on the desk: its question, fields and how to ask the rules layer."""

    name: str
    title: str
    question: str
    fields: tuple[Field, ...]
    ask: Callable[[Rules, Mapping[str, str], list[str]], Result]
    reforms: bool = True


WHAT = "territory, forces, vessel or aircraft"
FORMS: dict[str, Form] = {
    form.name: form
    for form in (
        Form(
            "article6",
            "Article 6: the treaty area",
            "Would an armed attack there fall within the area of Article 6?",
            (Field("place", "Place", default="Hawaii", hint="ISO code, state or named place"),
             Field("lat", "or latitude", kind="text", hint="degrees north, e.g. 26.6"),
             Field("lon", "and longitude", kind="text", hint="degrees east, e.g. 56.3"),
             Field("what", "What is attacked", default="territory", hint=WHAT)),
            _article6,
        ),
        Form(
            "article5",
            "Article 5: collective defence",
            "Would Article 5 be invoked: area, consultation, consensus, each ally's action?",
            (Field("attacked", "Attacked ally or place", default="Estonia"),
             Field("what", "What is attacked", default="territory", hint=WHAT),
             Field("objecting", "Allies objecting", hint="comma-separated codes or names"),
             Field("others", "Every other ally", hint="support, object or abstain")),
            _article5,
        ),
        Form(
            "article4",
            "Article 4: consultations",
            "May an ally request consultations, and what follows?",
            (Field("requester", "Requesting ally", default="Poland"),
             Field("threatened", "Threatened ally")),
            lambda r, p, f: r.article4(_required(p, "requester"), threatened=text(p, "threatened")),
            reforms=False,
        ),
        Form(
            "accede",
            "Article 10: accession",
            "Can a state join, and how long has joining taken?",
            (Field("country", "Candidate state", default="Ukraine"),),
            lambda r, p, f: r.accede(_required(p, "country"), reforms=f),
        ),
        Form(
            "withdrawal",
            "Article 13 and US law: withdrawal",
            "Earliest date an ally could leave, and every gate on the way",
            (Field("country", "Ally leaving", default="USA"),
             Field("notice", "Notice of denunciation", kind="date", hint="default: the as-of date"),
             Field("senate_yeas", "Senate yeas", kind="number"),
             Field("senators_present", "Senators present", kind="number"),
             Field("act_of_congress", "Act of Congress", kind="yesno")),
            _withdrawal,
        ),
        Form(
            "troop_floor",
            "US troop floor in Europe",
            "The NDAA FY2026 troop floor, and whether a force level respects it",
            (Field("troops", "US troops in the EUCOM area", kind="number"),
             Field("days_below", "Days below the floor", kind="number")),
            lambda r, p, f: r.troop_floor(
                number(p, "troops", int), days_below=number(p, "days_below", int)
            ),
            reforms=False,
        ),
        Form(
            "saceur",
            "SACEUR",
            "May the US give up the SACEUR post?",
            (),
            lambda r, p, f: r.saceur(),
            reforms=False,
        ),
        Form(
            "bills",
            "Withdrawal bills",
            "Bills to withdraw the US, and what H.R. 6508 would set in motion if enacted",
            (Field("enacted", "What-if: enacted on", kind="date"),),
            lambda r, p, f: r.withdrawal_bills(enacted=text(p, "enacted")),
            reforms=False,
        ),
    )
}  # fmt: skip


def _reform_names() -> dict[str, str]:
    from natolab.rules.reforms import NAMED

    return {name: make().description for name, make in NAMED.items()}


def _chain(result: Result) -> list[Any]:
    """The result's reasons then each gate's, once each (the ``because`` chain to show)."""
    chain = list(result.because)
    for gate in result.gates:
        chain += [r for r in gate.because if r not in chain]
    return chain


def _answer(
    form: Form, snap: Snapshot, params: Mapping[str, str]
) -> tuple[Result | None, str | None]:
    reforms = [r for r in params.getlist("reform")] if hasattr(params, "getlist") else []
    try:
        return form.ask(snap.alliance().rules, params, reforms if form.reforms else []), None
    except NatolabError as exc:
        return None, str(exc)


@router.get("/rules")
def desk(request: Request) -> Response:
    """Every form, no answer yet."""
    snap = Snapshot.from_request(request)
    return render(
        request,
        "rules.html",
        snap,
        "/rules",
        forms=FORMS,
        reforms=_reform_names(),
        chosen=None,
        result=None,
        error=None,
        chain=[],
        values={},
    )


@router.get("/rules/{name}")
def answer(name: str, request: Request) -> Response:
    """One procedure answered (the whole desk, or only the answer for htmx)."""
    form = FORMS.get(name)
    if form is None:
        raise InputError(f"no rule {name!r} on the desk; one of {', '.join(FORMS)}")
    snap = Snapshot.from_request(request)
    result, error = _answer(form, snap, request.query_params)
    template = "rules_result.html" if request.headers.get("HX-Request") else "rules.html"
    response = render(
        request, template, snap, "/rules", forms=FORMS, reforms=_reform_names(), chosen=form,
        result=result, error=error, chain=_chain(result) if result else [],
        values=dict(request.query_params), chosen_reforms=request.query_params.getlist("reform"),
    )  # fmt: skip
    response.status_code = 400 if error else 200
    return response
