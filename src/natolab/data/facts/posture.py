"""US and NATO force posture in Europe: US troop levels, Germany, eFP, EDI funding, SACEURs.

The simulator uses troop levels (with their basis: permanent vs rotational counts differ), the
statutory floor, the eFP battlegroups and the SACEUR line. Reported figures such as ``>100000``
or a range are kept as bounds, never turned into a single invented number.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any, ClassVar

import pandas as pd
from pydantic import Field, model_validator

from natolab.data.facts._load import (
    FactsFile,
    FactsInput,
    FuzzyDate,
    IsoDate,
    Open,
    Sourced,
    Url,
    parse,
)
from natolab.errors import InputError

FILE = "posture.yaml"


class TroopLevel(Sourced):
    """US troops in Europe at a date: ``troops`` (``more_than`` for ``>N``) or a range."""

    date: FuzzyDate
    basis: str
    troops: int | None = None
    more_than: bool = False  # the source gives ">N"
    troops_range: tuple[int, int] | None = None

    @model_validator(mode="before")
    @classmethod
    def _lower_bound(cls, data: Any) -> Any:
        """``troops: ">450000"`` means at least 450,000."""
        if isinstance(data, dict) and isinstance(data.get("troops"), str):
            match = re.fullmatch(r">\s*(\d+)", data["troops"].strip())
            if match:
                return {**data, "troops": int(match[1]), "more_than": True}
        return data

    @property
    def low(self) -> int | None:
        return self.troops_range[0] if self.troops_range else self.troops

    @property
    def high(self) -> int | None:
        """Upper bound (None when only a lower bound is known)."""
        if self.troops_range:
            return self.troops_range[1]
        return None if self.more_than else self.troops


class StatutoryFloor(Open):
    value: int
    effective: IsoDate
    rule: str


class Adjustment(Sourced):
    date: IsoDate
    fact: str


class UsForcesEurope(Open):
    series: tuple[TroopLevel, ...]
    statutory_floor: StatutoryFloor
    adjustments: tuple[Adjustment, ...] = ()


class EsperPlan(Open):
    """The July 2020 plan to withdraw troops from Germany (never implemented)."""

    date: IsoDate
    withdraw: int
    from_: int = Field(alias="from")
    to: int
    return_to_us: int
    implemented: bool


class DrawdownPlan(Sourced):
    esper_plan: EsperPlan


class TroopLevelReported(Sourced):
    values_reported: tuple[int, ...]


class Germany(Open):
    troop_level_2020: TroopLevelReported
    drawdown_plan_2020: DrawdownPlan


class Battlegroup(Sourced):
    """One eFP battlegroup; ``framework_iso3`` may name two codes when sources conflict."""

    host: str
    host_iso3: str = Field(pattern=r"^[A-Z]{3}$")
    framework_iso3: str
    framework_nation: str
    location: str
    established: int
    troops: dict[str, int | str] = {}

    @property
    def framework_codes(self) -> tuple[str, ...]:
        """ISO codes named as framework nation (``("CZE", "ESP")`` for Slovakia)."""
        return tuple(re.findall(r"\b[A-Z]{3}\b", self.framework_iso3))


class Efp(Open):
    program: str
    origin: Sourced
    battlegroups: tuple[Battlegroup, ...]


class EdiYear(Sourced):
    """EDI/ERI funding in one fiscal year (or span); ``usd_m`` None where not verified."""

    fy: int | str
    usd_m: float | None = None
    type: str | None = None
    range_usd_m: tuple[float, float] | None = None
    enacted_or_authorized_usd_m: float | None = None


class EdiFunding(Sourced):
    """EDI/ERI funding; as a fact itself it is the ``enabled_forces`` statement."""

    url_keys: ClassVar[tuple[str, ...]] = ("enabled_forces_sources",)

    program: Sourced
    by_fiscal_year: tuple[EdiYear, ...]
    enabled_forces: str = ""
    enabled_forces_sources: tuple[Url, ...] = ()
    related_baltic_security_initiative: Sourced


class SaceurHolder(Open):
    n: int
    name: str
    service: str
    start: IsoDate
    end: IsoDate | None


class Saceur(Sourced):
    """The SACEUR rule (always a US officer) and the holders since 1951."""

    url_keys: ClassVar[tuple[str, ...]] = ("holders_sources",)

    rule: Sourced
    holders: tuple[SaceurHolder, ...]
    holders_sources: tuple[Url, ...] = ()

    def holder_on(self, on: date) -> SaceurHolder:
        """Who held the post on ``on`` (a handover day goes to the incoming holder)."""
        for holder in reversed(self.holders):
            if holder.start <= on and (holder.end is None or on < holder.end):
                return holder
        raise InputError(f"no SACEUR on {on} (first took office {self.holders[0].start})")


class PostureMeta(Sourced):
    """The file header: how troop counts are defined (permanent vs rotational) and where."""

    url_keys: ClassVar[tuple[str, ...]] = ("definitions_sources",)
    definitions_warning: str
    definitions_sources: tuple[Url, ...] = ()


class Posture(FactsFile):
    """The whole of posture.yaml."""

    meta: PostureMeta
    us_forces_europe: UsForcesEurope
    germany: Germany
    efp_battlegroups: Efp
    edi_funding: EdiFunding
    saceur: Saceur

    def us_troops_frame(self) -> pd.DataFrame:
        """US troops in Europe over time: start, end, low, high, more_than, basis, sources."""
        rows = [
            {
                "date_text": t.date.text,
                "start": t.date.earliest,
                "end": t.date.latest,
                "troops_low": t.low,
                "troops_high": t.high,
                "more_than": t.more_than,
                "basis": t.basis,
                "confidence": t.confidence,
                "source_ids": ";".join(t.source_ids),
            }
            for t in self.us_forces_europe.series
        ]
        frame = pd.DataFrame(rows)
        return frame.astype({"troops_low": "Int64", "troops_high": "Int64"})

    def battlegroup(self, host_iso3: str) -> Battlegroup:
        for group in self.efp_battlegroups.battlegroups:
            if group.host_iso3 == host_iso3:
                return group
        raise InputError(f"no eFP battlegroup hosted by {host_iso3!r}")


@cache
def load_posture(source: FactsInput = None) -> Posture:
    """Load posture.yaml (or a path / YAML text)."""
    return parse(Posture, FILE, source)
