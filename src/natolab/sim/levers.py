"""The levers each scenario family accepts: strict schemas checked when a scenario is loaded.

A lever the model does not know (``severty: 0.9``) or a value outside what it means
(``severity: -5``) would otherwise run silently with the default or produce nonsense, so every
family's levers are a pydantic model with ``extra="forbid"`` and a range on every number. The
models still read the levers as given; these schemas only decide whether a file is acceptable,
and report every problem with its ``levers.`` path.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

_ISO3 = r"^[A-Z]{3}$"
Stance = Literal["engaged", "ambivalent", "opposed", "absent"]
Branch = Literal["land", "air", "naval", "isr_enablers"]
Day = Annotated[int, Field(ge=1, le=3650)]
Share = Annotated[float, Field(ge=0, le=1)]


class _Levers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Event(_Levers):
    """Where the armed attack happens: an ally's territory, or a named point."""

    attacked: str | None = Field(default=None, pattern=_ISO3)
    name: str | None = Field(default=None, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    what: str | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _placed(self) -> Event:
        if self.attacked is None and (self.lat is None or self.lon is None):
            raise ValueError("give attacked: ISO3 or both lat and lon")
        return self


class Case(_Levers):
    """One case of a crisis run: the US stance and allies left out."""

    us_stance: Stance = "engaged"
    exclude: list[str] = Field(default_factory=list, max_length=40)


class CrisisLevers(_Levers):
    """Model C: the event, the adversary, its severity, the reporting days and the cases."""

    event: Event = Field(default_factory=lambda: Event(attacked="EST"))
    adversary: str = Field(default="RUS", pattern=_ISO3)
    severity: float = Field(default=0.5, ge=0, le=1)
    days: list[Day] = Field(default=[7, 30, 90], min_length=1, max_length=30)
    cases: dict[str, Case] | None = Field(default=None, min_length=1, max_length=12)
    us_stance: Stance = "engaged"
    exclude: list[str] = Field(default_factory=list, max_length=40)
    access_hosts: list[str] | None = Field(default=None, max_length=40)
    capacity_year: int | None = Field(default=None, ge=1949, le=2100)
    council: bool | None = None
    article5: bool | None = None
    in_article6_area: bool | None = None
    category_split: dict[Branch, Share] = Field(default_factory=dict)


class WithdrawalLevers(_Levers):
    """A US withdrawal: the notice, the Senate, the gap it leaves and a crisis after."""

    notice: date = date(2027, 1, 20)
    congress_notified: date | None = None
    senators_present: int = Field(default=100, ge=51, le=100)
    crisis: CrisisLevers | None = None
    #: the gap in troops, brigades and money (family capability's levers, checked by that model)
    capability: dict[str, Any] | None = None
    #: levers of the retired dollar gap: refused with a pointer, never silently ignored
    fill_years: None = None
    year: None = None

    @field_validator("fill_years", "year", mode="before")
    @classmethod
    def _retired(cls, value: Any) -> None:
        raise ValueError(
            "retired with the dollar gap: set the year and ramp_years in levers.capability"
        )


def lever_problems(family: str, levers: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every problem of a family's levers as (location, message); none for an unknown family.

    The spending family's schema lives with its model (it also resolves targets and windows).
    """
    schema: type[BaseModel]
    if family == "crisis":
        schema = CrisisLevers
    elif family == "withdrawal":
        schema = WithdrawalLevers
    elif family == "spending":
        from natolab.sim.models.spending import SpendingLevers

        schema = SpendingLevers
    elif family == "capability":
        from natolab.sim.models.capability import CapabilityLevers

        schema = CapabilityLevers
    elif family == "advance":
        from natolab.sim.models.advance_levers import AdvanceLevers

        schema = AdvanceLevers
    else:
        return []
    try:
        schema.model_validate(levers)
    except ValidationError as exc:
        return [(("levers", *err["loc"]), str(err["msg"])) for err in exc.errors()]
    return []
