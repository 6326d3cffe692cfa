"""NATO's spending pledges: the 2% guideline, Wales 2014, Vilnius 2023, The Hague 2025, Spain.

These are political commitments, not treaty obligations; the money layer reads their
thresholds, deadlines and review years (typed here) and the contested points (``caveats``).
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from natolab.data.facts._load import (
    Confidence,
    FactsInput,
    IsoDate,
    Open,
    Sourced,
    Url,
    by_id,
    read_facts,
    unique_ids,
    validate,
    walk_facts,
)

FILE = "commitments.yaml"


class PledgeRule(Open):
    """Numbers of a pledge as shares of GDP (0.02 = 2%) and years."""

    threshold: float | None = None
    gdp_target: float | None = None
    gdp_floor: float | None = None
    equipment_share_target: float | None = None
    total_target_gdp_share: float | None = None
    core_min_gdp_share: float | None = None
    related_max_gdp_share: float | None = None
    deadline_year: int | None = None
    review_year: int | None = None
    binding: bool | None = None
    new_target_adopted: bool | None = None
    ukraine_direct_contributions_count: bool | None = None


class Summit(Open):
    place: str | None = None
    dates: tuple[IsoDate, ...] = ()
    allies: int | None = None


class TimelineEntry(Open):
    """A dated step of a dispute (Spain and The Hague pledge)."""

    date: IsoDate
    date_end: IsoDate | None = None
    fact: str


class Pledge(Sourced):
    """One pledge or summit outcome; ``date`` absent where sources disagree (2% origin)."""

    id: str
    name: str
    date: IsoDate | None = None
    dates: tuple[IsoDate, ...] = ()
    summit_dates: tuple[IsoDate, ...] = ()
    dates_reported: tuple[int, ...] = ()
    summit: Summit | None = None
    rule: PledgeRule | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    sources: tuple[Url, ...] = Field(min_length=1)
    confidence: Confidence


class ComplianceSnapshot(Sourced):
    """How many allies met 2% in a year, as reported (counts may be text: ``"5-6"``)."""

    year: int
    allies_at_2pct: int | str
    of: int
    which: tuple[str, ...] = ()

    @property
    def exact_count(self) -> int | None:
        """The count when the source gives one number, else None."""
        return self.allies_at_2pct if isinstance(self.allies_at_2pct, int) else None


class CommitmentsMeta(Sourced):
    """The legal status of the pledges (political, citing Article 3)."""

    legal_status: str
    legal_status_sources: tuple[Url, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        return self.legal_status_sources


class Commitments(Open):
    """The whole of commitments.yaml."""

    meta: CommitmentsMeta
    pledges: tuple[Pledge, ...]
    compliance_snapshots: tuple[ComplianceSnapshot, ...] = ()

    def pledge(self, pledge_id: str) -> Pledge:
        return by_id(self.pledges, pledge_id, "pledge")

    @property
    def two_percent_origin(self) -> Pledge:
        return self.pledge("two_percent_guideline_origin")

    @property
    def wales_2014(self) -> Pledge:
        return self.pledge("wales_2014_dip")

    @property
    def vilnius_2023(self) -> Pledge:
        return self.pledge("vilnius_2023_floor")

    @property
    def hague_2025(self) -> Pledge:
        return self.pledge("hague_2025_five_percent")

    @property
    def spain_hague_2025(self) -> Pledge:
        return self.pledge("hague_2025_spain_position")

    def facts(self) -> list[tuple[str, Sourced]]:
        return walk_facts(self)


@cache
def load_commitments(source: FactsInput = None) -> Commitments:
    """Load commitments.yaml (or a path / YAML text)."""
    commitments = validate(Commitments, FILE, read_facts(FILE, source))
    unique_ids(commitments.pledges, FILE, "pledges")
    return commitments
