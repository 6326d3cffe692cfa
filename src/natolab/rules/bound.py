"""The rules bound to one date and one set of reforms: what ``Alliance(on=...).rules`` returns.

Every procedure in :mod:`natolab.rules` takes ``on`` and ``reforms`` explicitly; this small
wrapper fills them in so that ``nato.rules.withdrawal("USA", notice="2027-01-20")`` reads the
law of the Alliance's date (for a withdrawal: the notice date, defaulting to that date).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from natolab.parameter_tree import Reform
from natolab.rules.article4 import article4 as _article4
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
        return (*self.reforms, *extra)

    def covered(
        self,
        place: str | None = None,
        *,
        lat: float | None = None,
        lon: float | None = None,
        what: str = "territory",
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """Article 6 area test on this date."""
        return _covered(
            place, lat=lat, lon=lon, what=what, on=self.on, reforms=self._reforms(reforms)
        )

    def article5(
        self,
        event: Any,
        stances: Mapping[str, str] | None = None,
        others: str | None = None,
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """Article 5 on this date."""
        return _article5(
            event, on=self.on, stances=stances, others=others, reforms=self._reforms(reforms)
        )

    def article4(
        self, requester: str, threatened: str | None = None, ground: str = "security"
    ) -> Result:
        """Article 4 on this date."""
        return _article4(
            requester, on=self.on, threatened=threatened, ground=ground, reforms=self.reforms
        )

    def accede(self, country: str, reforms: Iterable[Reform | str] = ()) -> Result:
        """Article 10 on this date."""
        return _accede(country, on=self.on, reforms=self._reforms(reforms))

    def withdrawal(
        self,
        country: str,
        notice: date | str | None = None,
        reforms: Iterable[Reform | str] = (),
        **congress: Any,
    ) -> Result:
        """Article 13 (+ US law) for a notice on ``notice`` (default: this date)."""
        return _withdrawal(
            country,
            notice if notice is not None else self.on,
            reforms=self._reforms(reforms),
            **congress,
        )

    def decide(
        self,
        question: str,
        stances: Mapping[str, str] | None = None,
        others: str | None = None,
        reforms: Iterable[Reform | str] = (),
    ) -> Result:
        """A Council decision on this date."""
        return _decide(question, self.on, stances, self._reforms(reforms), others)

    def troop_floor(self, troops: int | None = None, days_below: int | None = None) -> Result:
        """The NDAA FY2026 troop floor on this date."""
        return _troop_floor(self.on, troops, days_below, self.reforms)

    def saceur(self) -> Result:
        """The SACEUR provision on this date."""
        return _saceur(self.on, self.reforms)

    def withdrawal_bills(self, enacted: date | str | None = None) -> Result:
        """Bills to withdraw introduced by this date."""
        return _withdrawal_bills(self.on, enacted, self.reforms)
