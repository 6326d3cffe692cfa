"""Named what-ifs for the rules, and the one way every rule reads its dated parameters.

A reform is an overlay on the parameter tree (:class:`natolab.Reform`); it never changes the
law as it stands. The three reforms users ask about most are predefined: repeal the US statute
on withdrawal (sec. 1250A), decide in the Council by qualified majority instead of consensus,
and shorten the Article 13 notice period. Every rule accepts reforms as objects or by name and
reports which ones applied.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from natolab.errors import InputError
from natolab.parameter_tree import ParameterTree, Reform, parameters


def repeal_sec_1250a() -> Reform:
    """What if Congress repealed 22 U.S.C. 1928f (NDAA FY2024 sec. 1250A)?"""
    return Reform(
        "repeal_sec_1250A",
        {"us_sec1250a_in_force": False},
        "22 U.S.C. 1928f repealed: no Senate two-thirds or Act of Congress needed, no 180 days.",
    )


def qualified_majority(share: str = "2/3") -> Reform:
    """What if the Council decided by a qualified majority of allies instead of consensus?"""
    fraction = parse_fraction(share)
    return Reform(
        "qualified_majority",
        {
            "nac_decision_rule": f"majority:{fraction}",
            "article10_invitation_rule": f"majority:{fraction}",
        },
        f"Council decisions and Article 10 invitations need {fraction} of allies, not all.",
    )


def shorter_notice(months: int = 6) -> Reform:
    """What if the Article 13 notice period were shorter than one year?"""
    if months < 0:
        raise InputError(f"a notice period cannot be negative ({months} months)")
    return Reform(
        "shorter_notice",
        {"article13_notice_period_months": months},
        f"Article 13 denunciation takes effect {months} months after notice instead of 12.",
    )


NAMED = {
    "repeal_sec_1250A": repeal_sec_1250a,
    "qualified_majority": qualified_majority,
    "shorter_notice": shorter_notice,
}


def reform(name: str) -> Reform:
    """A predefined reform by name (case-insensitive); close matches suggested if unknown."""
    by_folded = {key.casefold(): key for key in NAMED}
    key = by_folded.get(name.strip().casefold())
    if key is None:
        close = difflib.get_close_matches(name.casefold(), list(by_folded), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(by_folded[c] for c in close)}?" if close else ""
        raise InputError(f"unknown reform {name!r} (known: {', '.join(NAMED)}){hint}")
    return NAMED[key]()


def resolve(reforms: Iterable[Reform | str]) -> tuple[Reform, ...]:
    """Reforms given as objects or names, as objects."""
    return tuple(r if isinstance(r, Reform) else reform(r) for r in reforms)


def tree(on: date, reforms: Iterable[Reform | str] = ()) -> ParameterTree:
    """The parameter tree in force on ``on`` with the reforms applied."""
    return parameters(on=on, reforms=resolve(reforms))


def parse_fraction(text: str) -> Fraction:
    """``"2/3"`` -> Fraction(2, 3); a share must lie in (0, 1]."""
    try:
        fraction = Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise InputError(f"{text!r} is not a fraction such as 2/3") from exc
    if not 0 < fraction <= 1:
        raise InputError(f"a share must be above 0 and at most 1, got {text!r}")
    return fraction


def add_months(start: date, months: int) -> date:
    """Calendar months later; the day is clipped to the month's end (29 Feb + 12 -> 28 Feb)."""
    total = start.year * 12 + start.month - 1 + months
    year, month = divmod(total, 12)
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")
