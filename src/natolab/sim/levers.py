"""The levers each scenario family accepts: strict schemas, and the one home of their defaults.

A lever the model does not know (``severty: 0.9``) or a value outside what it means
(``severity: -5``) would otherwise run silently with the default or produce nonsense, so every
family's levers are a pydantic model with ``extra="forbid"`` and a range on every number. The
schemas are checked when a scenario is loaded (every problem reported with its ``levers.`` path)
and validated once more where the model prepares the scenario (:func:`crisis_levers`,
:func:`withdrawal_levers`): the models read the validated objects' attributes, so a default
lives here, with the reason for its value, and nowhere in the model code.

The parameters a run may draw (the ``uncertainties``) have their fixed values here too
(:class:`CrisisParameters`, :class:`WithdrawalParameters`, each field described with its basis:
calibrated, sourced, or judgement); a scenario may fix another value under
``levers.parameters``, and a declared uncertainty of the same name is drawn instead.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

if TYPE_CHECKING:
    from natolab.sim.scenario import Scenario

_ISO3 = r"^[A-Z]{3}$"
Stance = Literal["engaged", "ambivalent", "opposed", "absent"]
Branch = Literal["land", "air", "naval", "isr_enablers"]
Day = Annotated[int, Field(ge=1, le=3650)]
Share = Annotated[float, Field(ge=0, le=1)]
_Schema = TypeVar("_Schema", bound=BaseModel)


class _Levers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Event(_Levers):
    """Where the armed attack happens: an ally's territory, or a named point.

    ``what`` is what the rules layer's Article 6 test is asked about (:func:`natolab.rules.covered`);
    left out it is ``territory`` for an attacked ally and ``forces`` at coordinates (an attack on
    allied forces, vessels or aircraft there: what a point at sea or abroad usually hosts).
    """

    attacked: str | None = Field(
        default=None, pattern=_ISO3, description="the attacked ally (its capital places the event)"
    )
    name: str = Field(
        default="event", max_length=200, description="the label of an event at coordinates"
    )
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    what: str | None = Field(
        default=None, max_length=50, description="what is attacked; None: see the docstring"
    )

    @model_validator(mode="after")
    def _placed(self) -> Event:
        if self.attacked is None and (self.lat is None or self.lon is None):
            raise ValueError("give attacked: ISO3 or both lat and lon")
        return self

    @property
    def target(self) -> str:
        """What the Article 6 test is asked about: ``what``, else the default for the place."""
        return self.what or ("territory" if self.attacked is not None else "forces")


class Case(_Levers):
    """One case of a crisis run: the US stance and allies left out (each, when not given, the
    scenario's top-level ``us_stance`` / ``exclude``)."""

    us_stance: Stance | None = Field(default=None, description="None: levers.us_stance")
    exclude: list[str] | None = Field(
        default=None, max_length=40, description="None: levers.exclude"
    )


class CategorySplit(_Levers):
    """How each ally's forces split into branches (shares, normalised to sum to 1; a landlocked
    ally's naval share goes to land). Judgement: a stylised land-heavy split of a European
    force package; natolab has no sourced per-ally split (docs/simulation.md, limits). A scenario
    giving some branches keeps these values for the others."""

    land: Share = Field(default=0.5, description="judgement")
    air: Share = Field(default=0.2, description="judgement")
    naval: Share = Field(default=0.2, description="judgement")
    isr_enablers: Share = Field(default=0.1, description="judgement")

    @model_validator(mode="after")
    def _some(self) -> CategorySplit:
        if self.land + self.air + self.naval + self.isr_enablers <= 0:
            raise ValueError("at least one branch needs a share above 0")
        return self


class CrisisParameters(_Levers):
    """Model B's uncertain parameters with the value a run uses unless the scenario declares the
    parameter as an uncertainty (then it is drawn). Every bundled crisis scenario declares them
    all; these values are the centres of those ranges (docs/simulation.md, declared uncertainties).

    The participation coefficients (``beta_*``, ``beta_access_*``) and the operation-baseline
    spreads (``baseline_sd``, ``access_baseline_sd``) are not here: they come from the calibration
    on the operations data (:func:`natolab.sim.models.crisis.calibrated_defaults`).
    """

    severity_weight: float = Field(
        default=2.0,
        ge=0,
        le=10,
        description="logit per unit of severity above 0.5. Judgement: the operations carry no "
        "severity score",
    )
    us_follow_weight: float = Field(
        default=2.0,
        ge=0,
        le=10,
        description="logit an ally loses per unit of US disengagement. Judgement: the US sent "
        "forces to 11 of the 13 operations where its answer is known, so it is not identifiable",
    )
    us_self_weight: float = Field(
        default=4.0,
        ge=0,
        le=20,
        description="logit the US itself loses per unit of disengagement. Judgement",
    )
    common_shock_sd: float = Field(
        default=0.5,
        ge=0,
        le=5,
        description="sd (logit) of the shock shared by all allies in a run. Judgement",
    )
    block_margin: float = Field(
        default=2.5,
        ge=0,
        le=10,
        description="logit below 0 at which an ally opposes. Sourced in part: operations.csv "
        "IRAQ_2003 (formal blocks are rare); judgement",
    )
    deployable_share: float = Field(
        default=0.1, gt=0, le=1, description="share of personnel deployable. Judgement"
    )
    generation_days: float = Field(
        default=20.0,
        gt=0,
        le=365,
        description="days to generate forces at the capital (grows with distance). Judgement",
    )
    distance_decay_km: float = Field(
        default=4000.0,
        gt=0,
        le=40_000,
        description="km over which the forces reaching the event fall by 1/e. Judgement",
    )
    quality_elasticity: float = Field(
        default=0.5,
        ge=0,
        le=2,
        description="elasticity of forces to spending per person (relative to the median). "
        "Judgement",
    )
    adversary_force_thousands: float = Field(
        default=100.0,
        gt=0,
        le=10_000,
        description="thousand personnel the force ratio divides by. Judgement",
    )
    coalition_factor: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="effort of a coalition of the willing relative to a NATO decision. Judgement",
    )


class CrisisLevers(_Levers):
    """Model B: the event, the adversary, its severity, the reporting days and the cases."""

    event: Event = Field(
        default_factory=lambda: Event(attacked="EST"),
        description="an attack on Estonia: the Baltic case the bundled scenarios study",
    )
    adversary: str = Field(
        default="RUS", pattern=_ISO3, description="Russia: the adversary of the default event"
    )
    severity: float = Field(
        default=0.5, ge=0, le=1, description="0.5: the reference severity (no severity term)"
    )
    days: list[Day] = Field(
        default=[7, 30, 90],
        min_length=1,
        max_length=30,
        description="the days forces are reported on: a week, a month, a quarter (judgement)",
    )
    cases: dict[str, Case] | None = Field(
        default=None,
        min_length=1,
        max_length=12,
        description="None: one case named base from the top-level us_stance and exclude",
    )
    us_stance: Stance = Field(
        default="engaged", description="engaged: as in the operations the model is fitted on"
    )
    exclude: list[str] = Field(
        default_factory=list, max_length=40, description="allies left out: none"
    )
    access_hosts: list[str] | None = Field(
        default=None, max_length=40, description="None: every ally's access counts"
    )
    capacity_year: int | None = Field(
        default=None, ge=1949, le=2100, description="None: the latest year with personnel data"
    )
    council: bool | None = Field(
        default=None, description="None: sought when the rules' Article 6 answer is covered"
    )
    article5: bool | None = Field(default=None, description="None: the rules' Article 6 answer")
    in_article6_area: bool | None = Field(
        default=None, description="None: the rules decide; a value overrides them (reported)"
    )
    category_split: CategorySplit = Field(
        default_factory=CategorySplit, description="branch shares (see CategorySplit)"
    )
    parameters: CrisisParameters = Field(
        default_factory=CrisisParameters,
        description="fixed values of the parameters not declared as uncertainties",
    )

    def named_cases(self) -> dict[str, Case]:
        """The cases a run has: ``cases`` as given, or one case ``base`` that takes the top-level
        ``us_stance`` and ``exclude`` (the one home of that default)."""
        return dict(self.cases) if self.cases else {"base": Case()}


class WithdrawalParameters(_Levers):
    """Model C's own uncertain parameters with the value a run uses unless the scenario declares
    them as uncertainties (the bundled withdrawal scenario declares all three)."""

    senate_yea_share: float = Field(
        default=0.45,
        ge=0,
        le=1,
        description="share of Senators present voting to withdraw. Judgement (the two-thirds "
        "threshold itself is sourced: us_law.yaml ndaa_fy2024_s1250A)",
    )
    senate_vote_noise: float = Field(
        default=3.0,
        ge=0,
        le=50,
        description="sd of the tally around the share, Senators. Judgement",
    )
    p_act_of_congress: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="probability an Act of Congress authorises withdrawal. Judgement",
    )


class WithdrawalLevers(_Levers):
    """A US withdrawal: the notice, the Senate, the gap it leaves and a crisis after."""

    notice: date = Field(
        default=date(2027, 1, 20),
        description="the day notice is given. Judgement: an illustrative date, no source",
    )
    congress_notified: date | None = Field(
        default=None,
        description="None: no date given (the rules judge the sec. 1250A notice gate without one)",
    )
    senators_present: int = Field(default=100, ge=51, le=100, description="the full Senate")
    crisis: CrisisLevers = Field(
        default_factory=CrisisLevers,
        description="the crisis re-run with and without the US: model B's defaults",
    )
    parameters: WithdrawalParameters = Field(
        default_factory=WithdrawalParameters,
        description="fixed values of the parameters not declared as uncertainties",
    )
    capability: dict[str, Any] | None = Field(
        default=None,
        description="the gap in troops, brigades and money: family capability's levers, checked "
        "by that model (required there: no default gap)",
    )
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


def parameter_basis(schema: type[BaseModel]) -> dict[str, str]:
    """Each parameter's documented basis, its field's description: results quote the schema."""
    return {name: info.description or "" for name, info in schema.model_fields.items()}


def crisis_levers(scenario: Scenario) -> CrisisLevers:
    """A crisis scenario's levers, validated (ScenarioError with ``levers.`` paths otherwise)."""
    return _validated(CrisisLevers, scenario)


def withdrawal_levers(scenario: Scenario) -> WithdrawalLevers:
    """A withdrawal scenario's levers, validated (ScenarioError with ``levers.`` paths otherwise)."""
    return _validated(WithdrawalLevers, scenario)


def _validated(schema: type[_Schema], scenario: Scenario) -> _Schema:
    from natolab.sim.problems import ScenarioError, validation_problems

    try:
        return schema.model_validate(scenario.levers)
    except ValidationError as exc:
        problems = [(f"levers.{path}", msg) for path, msg in validation_problems(exc)]
        raise ScenarioError(scenario.name, problems) from exc
