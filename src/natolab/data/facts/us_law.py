"""US law around NATO: sec. 1250A (22 U.S.C. 1928f), the NDAA FY2026 Europe provisions, bills.

The withdrawal procedure (two-thirds of the Senate or an Act of Congress; 180-day notice to
committees) and the 76,000 troop floor / SACEUR retention are what the rules layer and the
US-drawdown simulation use; their numbers and dates are typed here.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, ClassVar

from natolab.data.facts._load import (
    Cited,
    Confidence,
    Entry,
    FactsFile,
    FactsInput,
    IsoDate,
    Open,
    Sourced,
    Url,
    by_id,
    parse,
    unique_ids,
)
from natolab.errors import InputError

FILE = "us_law.yaml"


class Vote(Open):
    """A recorded vote (``vote`` as printed, e.g. ``"87-13"``; absent for voice/unstated)."""

    date: IsoDate
    vote: str | None = None


class Provision(Open):
    """One provision; the numbers (troop floor, funding) and the texts the rules quote are typed.

    ``rule`` is prose (the troop floor) or a structured encoding (sec. 1250A); the rules quote
    ``paraphrase``, ``rule``, ``reporting_variance`` and ``what_sources_say`` (unverified parts).
    """

    paraphrase: str | None = None
    rule: str | dict[str, Any] | None = None
    reporting_variance: str | None = None
    what_sources_say: str | None = None
    section: str | None = None
    floor: int | None = None
    grace_period_days: int | None = None
    usd_m_per_year: float | None = None
    authorized_usd_m: float | None = None
    fiscal_years: tuple[int, ...] = ()


class Statute(Cited):
    """An enacted law (or section of one)."""

    id: str
    name: str
    signed: IsoDate
    codified_at: str | None = None
    public_law: str | None = None
    final_votes: dict[str, Vote] = {}
    votes: dict[str, Vote] = {}
    provisions: dict[str, Provision | str] = {}
    facts: dict[str, float] = {}

    def provision(self, name: str) -> Provision:
        """A structured provision by key (e.g. ``europe_troop_floor``)."""
        found = self.provisions.get(name)
        if not isinstance(found, Provision):
            known = ", ".join(k for k, v in self.provisions.items() if isinstance(v, Provision))
            raise InputError(f"{self.id} has no provision {name!r}; known: {known}")
        return found


class PrecursorBill(Sourced):
    """An earlier bill of the same family, citing one URL under ``source``."""

    url_keys: ClassVar[tuple[str, ...]] = ("source", "sources")
    number: str
    date: IsoDate
    source: Url


class Bill(Sourced):
    """A bill that did not become law (or a group of them under ``items``).

    ``content`` is one text, a list of points or points by section; ``date_issue`` and
    ``date_conflict`` say where the sources disagree on its dates.
    """

    id: str
    number: str | None = None
    short_title: str | None = None
    sponsor: str | None = None
    introduced: IsoDate | None = None
    house_passed: Vote | None = None
    status: str | None = None
    content: str | tuple[str, ...] | dict[str, str] = ""
    date_issue: str | None = None
    date_conflict: str | None = None
    items: tuple[PrecursorBill, ...] = ()
    confidence: Confidence

    @property
    def text(self) -> str:
        """The content as one text (points joined in order), for quoting in a reason."""
        if isinstance(self.content, str):
            return self.content
        points = self.content.values() if isinstance(self.content, dict) else self.content
        return " ".join(points)


class Litigation(Open):
    """A court challenge to a treaty termination."""

    case: str
    decided: IsoDate
    result: str


class PrecedentFacts(Open):
    """The dated facts of a treaty-termination precedent."""

    notice_date: IsoDate | None = None
    effective: IsoDate | None = None
    termination_effective: IsoDate | None = None
    congressional_authorization_sought: bool | None = None


class Precedent(Cited):
    """A US treaty termination without Congress (Taiwan 1978-80, ABM 2001-02)."""

    id: str
    facts: PrecedentFacts
    litigation: Litigation


class ExecutiveClaim(Sourced):
    """A president's public claim about withdrawing."""

    date: IsoDate
    fact: str


class ConstitutionalDebate(Open):
    """Who may terminate a treaty: the clause, precedents and executive claims."""

    treaty_clause: Sourced
    precedents: tuple[Precedent, ...]
    executive_claims: tuple[ExecutiveClaim, ...] = ()


class UsLaw(FactsFile):
    """The whole of us_law.yaml."""

    statutes: tuple[Statute, ...]
    bills_not_enacted: tuple[Bill, ...]
    constitutional_debate: ConstitutionalDebate

    #: NDAA FY2024 sec. 1250A (22 U.S.C. 1928f): no exit without 2/3 Senate or an Act.
    withdrawal_limitation = Entry[Statute]("statute", "ndaa_fy2024_s1250A")
    #: NDAA FY2026's Europe provisions: the troop floor and SACEUR retention.
    europe_posture_act = Entry[Statute]("statute", "ndaa_fy2026_europe")

    def statute(self, statute_id: str) -> Statute:
        """A statute by id (``ndaa_fy2024_s1250A``, ``ndaa_fy2026_europe``, ...)."""
        return by_id(self.statutes, statute_id, "statute")

    def bill(self, bill_id: str) -> Bill:
        """A bill by id (``nato_support_act_2019``, ``massie_nato_act_hr6508``, ...)."""
        return by_id(self.bills_not_enacted, bill_id, "bill")

    def precedent(self, precedent_id: str) -> Precedent:
        return by_id(self.constitutional_debate.precedents, precedent_id, "precedent")

    @property
    def europe_troop_floor(self) -> Provision:
        """NDAA FY2026: not below ``floor`` troops in EUCOM for more than ``grace_period_days``."""
        return self.europe_posture_act.provision("europe_troop_floor")

    @property
    def saceur_retention(self) -> Provision:
        """NDAA FY2026: DoD may not relinquish the SACEUR post."""
        return self.europe_posture_act.provision("saceur_retention")

    def in_force_on(self, on: date) -> tuple[Statute, ...]:
        """Statutes signed on or before ``on``."""
        return tuple(s for s in self.statutes if s.signed <= on)


def _checked(law: UsLaw) -> UsLaw:
    unique_ids(law.statutes, FILE, "statutes")
    unique_ids(law.bills_not_enacted, FILE, "bills_not_enacted")
    return law


@cache
def load_us_law(source: FactsInput = None) -> UsLaw:
    """Load us_law.yaml (or a path / YAML text)."""
    return _checked(parse(UsLaw, FILE, source))
