"""Model B's Article 6 test: does Article 5 apply to the event, and on what legal basis?

The rules layer decides (:func:`natolab.rules.covered`): an attacked ally given by code is asked
about its territory; an event given by coordinates is asked about ``event.what`` at that point
(default ``forces``, declared in :class:`natolab.sim.levers.Event`: an attack on allied forces,
vessels or aircraft there). The scenario's
``in_article6_area`` lever, when present, is an explicit override and is reported as such, so a
result table always says whether the law or the scenario's author decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.sim.levers import CrisisLevers


@dataclass(frozen=True)
class Coverage:
    """The Article 6 answer the model acts on, with the rules' reasons (picklable, plain data)."""

    in_area: bool
    outcome: str  # the rules' label: covered / not_covered
    basis: str  # "rules" or "override: levers.in_article6_area"
    question: str
    summary: str
    reasons: tuple[tuple[str, str, str], ...]  # (kind, text, citation or source ids)

    def table(self) -> pd.DataFrame:
        """One row for the verdict, then one per reason and per stated uncertainty."""
        head = {
            "kind": "verdict",
            "text": self.summary,
            "citation": self.question,
            "outcome": self.outcome,
            "in_article6_area": self.in_area,
            "basis": self.basis,
        }
        rows = [head] + [
            {"kind": kind, "text": text, "citation": cite, "outcome": self.outcome}
            for kind, text, cite in self.reasons
        ]
        return pd.DataFrame(rows)


def coverage(
    levers: CrisisLevers, attacked: str | None, lat: float, lon: float, nato: Alliance
) -> Coverage:
    """Ask the rules layer whether the event is in the Article 6 area; apply the override."""
    from natolab.rules import covered

    on, reforms = getattr(nato, "on", None), tuple(getattr(nato, "reforms", ()))
    what = levers.event.target
    try:
        if attacked is not None:
            result = covered(attacked, what=what, on=on, reforms=reforms)
        else:
            result = covered(lat=lat, lon=lon, what=what, on=on, reforms=reforms)
    except InputError as exc:  # say which lever to fix, not which argument of covered()
        raise InputError(f"levers.event: {exc}") from exc
    reasons = tuple(
        ("because", r.text, f"{r.citation} [{', '.join(r.source_ids)}]") for r in result.because
    ) + tuple(("uncertain", note, "") for note in result.uncertain)
    in_area, basis = result.outcome == "covered", "rules"
    if levers.in_article6_area is not None:
        in_area, basis = levers.in_article6_area, "override: levers.in_article6_area"
    return Coverage(in_area, result.outcome, basis, result.question, result.summary, reasons)
