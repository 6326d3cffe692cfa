"""The rules bound to one date and one set of reforms: what ``Alliance(on=...).rules`` returns.

Every procedure in :mod:`natolab.rules` has the one calling convention ``(subject, *, on,
reforms)``. :class:`Rules` is the bound form of exactly those functions: each method has the same
name and the same parameters minus ``on``, fills ``on`` in with its date, puts its reforms before
any given to the call, and forwards everything else unchanged. So
``Alliance(on="2026-06-01").rules.accede("UKR")`` is ``accede("UKR", on="2026-06-01")``, and a
withdrawal reads the law of its notice date (``notice``, defaulting to this date).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from natolab.parameter_tree import Reform
from natolab.rules.article4 import article4 as _article4
from natolab.rules.article5 import Attack
from natolab.rules.article5 import article5 as _article5
from natolab.rules.article6 import covered as _covered
from natolab.rules.article10 import accede as _accede
from natolab.rules.article13 import withdrawal as _withdrawal
from natolab.rules.council import decide as _decide
from natolab.rules.result import Result
from natolab.rules.us_law import saceur as _saceur
from natolab.rules.us_law import troop_floor as _troop_floor
from natolab.rules.us_law import withdrawal_bills as _withdrawal_bills


@dataclass(frozen=True)
class Rules:
    """The procedures on ``on`` with ``reforms`` applied; each returns a :class:`Result`."""

    on: date
    reforms: tuple[Reform | str, ...] = ()

    def _reforms(self, extra: Iterable[Reform | str]) -> tuple[Reform | str, ...]:
        """This binding's reforms, then the call's own (a later one overrides an earlier one)."""
        return (*self.reforms, *extra)

    def article4(
        self,
        requester: str,
        *,
        threatened: str | None = None,
        ground: str = "security",
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """:func:`natolab.rules.article4` on this date."""
        return _article4(
            requester,
            on=self.on,
            threatened=threatened,
            ground=ground,
            reforms=self._reforms(reforms),
        )

    def article5(
        self,
        event: Attack | str | Mapping[str, object],
        *,
        stances: Mapping[str, str] | None = None,
        others: str | None = None,
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """:func:`natolab.rules.article5` on this date."""
        return _article5(
            event, on=self.on, stances=stances, others=others, reforms=self._reforms(reforms)
        )

    def covered(
        self,
        place: str | None = None,
        *,
        lat: float | None = None,
        lon: float | None = None,
        what: str = "territory",
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """:func:`natolab.rules.covered` (the Article 6 area) on this date."""
        return _covered(
            place, lat=lat, lon=lon, what=what, on=self.on, reforms=self._reforms(reforms)
        )

    def accede(self, country: str, *, reforms: Iterable[Reform | str] = ()) -> Result:
        """:func:`natolab.rules.accede` (Article 10) on this date."""
        return _accede(country, on=self.on, reforms=self._reforms(reforms))

    def withdrawal(
        self,
        country: str,
        *,
        notice: date | str | None = None,
        senate_yeas: int | None = None,
        senators_present: int | None = None,
        act_of_congress: bool | None = None,
        congress_notified: date | str | None = None,
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """:func:`natolab.rules.withdrawal` (Article 13 + US law); ``notice`` defaults to this date."""
        return _withdrawal(
            country,
            notice=notice,
            on=self.on,
            senate_yeas=senate_yeas,
            senators_present=senators_present,
            act_of_congress=act_of_congress,
            congress_notified=congress_notified,
            reforms=self._reforms(reforms),
        )

    def decide(
        self,
        question: str,
        *,
        stances: Mapping[str, str] | None = None,
        others: str | None = None,
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """:func:`natolab.rules.decide` (a Council decision) on this date."""
        return _decide(
            question, on=self.on, stances=stances, others=others, reforms=self._reforms(reforms)
        )

    def troop_floor(
        self,
        troops: int | None = None,
        *,
        days_below: int | None = None,
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """:func:`natolab.rules.troop_floor` (NDAA FY2026) on this date."""
        return _troop_floor(
            troops, days_below=days_below, on=self.on, reforms=self._reforms(reforms)
        )

    def saceur(self, *, reforms: Iterable[Reform | str] = ()) -> Result:
        """:func:`natolab.rules.saceur` on this date."""
        return _saceur(on=self.on, reforms=self._reforms(reforms))

    def withdrawal_bills(
        self, *, enacted: date | str | None = None, reforms: Iterable[Reform | str] = ()
    ) -> Result:
        """:func:`natolab.rules.withdrawal_bills` introduced by this date."""
        return _withdrawal_bills(enacted=enacted, on=self.on, reforms=self._reforms(reforms))
