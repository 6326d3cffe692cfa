"""NATO's spending pledges: the 2% guideline, Wales 2014, Vilnius 2023, The Hague 2025, Spain.

These are political commitments, not treaty obligations; the money layer reads their
thresholds, deadlines and review years (typed here) and the contested points (``caveats``).
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from natolab.data.facts._load import (
    Cited,
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


class Pledge(Cited):
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

    url_keys: ClassVar[tuple[str, ...]] = ("legal_status_sources",)
    legal_status: str
    legal_status_sources: tuple[Url, ...] = ()


class Commitments(FactsFile):
    """The whole of commitments.yaml."""

    meta: CommitmentsMeta
    pledges: tuple[Pledge, ...]
    compliance_snapshots: tuple[ComplianceSnapshot, ...] = ()

    # The pledges the money layer names (one attribute each, read by id):
    two_percent_origin = Entry[Pledge]("pledge", "two_percent_guideline_origin")
    wales_2014 = Entry[Pledge]("pledge", "wales_2014_dip")
    vilnius_2023 = Entry[Pledge]("pledge", "vilnius_2023_floor")
    hague_2025 = Entry[Pledge]("pledge", "hague_2025_five_percent")
    spain_hague_2025 = Entry[Pledge]("pledge", "hague_2025_spain_position")

    def pledge(self, pledge_id: str) -> Pledge:
        """A pledge by id; an InputError listing the known ids."""
        return by_id(self.pledges, pledge_id, "pledge")


@cache
def load_commitments(source: FactsInput = None) -> Commitments:
    """Load commitments.yaml (or a path / YAML text)."""
    commitments = parse(Commitments, FILE, source)
    unique_ids(commitments.pledges, FILE, "pledges")
    return commitments
