"""``Alliance(on=date)``: the alliance as it stood on a date, the object everything hangs off.

A snapshot holds the members on that date (by accession), the parameters in force then (with any
what-if reforms on top), and the data as published then: only releases out by that date are
visible, unless a release is named, which overrides the date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from natolab.data.allies import AGGREGATES, load_allies, members_on
from natolab.data.spending import check_release, read_measure, visible_releases
from natolab.dates import as_date
from natolab.parameter_tree import ParameterTree, Reform, parameters
from natolab.store import Store

if TYPE_CHECKING:
    from natolab.burden.compliance import ComplianceReport
    from natolab.rules import Rules
    from natolab.sim.scenario import Scenario
    from natolab.sim.simulate import SimulationResult


class Alliance:
    """NATO as of ``on`` (default today), optionally pinned to one ``release``, with ``reforms``."""

    def __init__(
        self,
        on: date | str | None = None,
        release: str | None = None,
        reforms: Iterable[Reform] = (),
        store: Store | None = None,
    ) -> None:
        self.on = as_date(on, "on")
        self.store = store if store is not None else Store.open()
        if release is not None:
            check_release(self.store, release)
        self.release = release
        self.reforms: tuple[Reform, ...] = tuple(reforms)

    def __repr__(self) -> str:
        pinned = f", release={self.release!r}" if self.release else ""
        reforms = f", reforms={[r.name for r in self.reforms]}" if self.reforms else ""
        return f"Alliance(on={self.on.isoformat()!r}{pinned}{reforms})"

    @cached_property
    def members(self) -> pd.DataFrame:
        """The allies on ``on``: iso3, name, accession_date, has_armed_forces, ..."""
        return members_on(self.on)

    @cached_property
    def parameters(self) -> ParameterTree:
        """The dated parameters in force on ``on``, reforms applied."""
        return parameters(self.on, self.reforms)

    @cached_property
    def rules(self) -> Rules:
        """The treaty and US-law procedures bound to ``on`` and this snapshot's reforms."""
        from natolab.rules import Rules

        return Rules(self.on, self.reforms)

    def compliance(
        self, year: int | Iterable[int] | None = None, target: float | str = "in force"
    ) -> ComplianceReport:
        """Who meets the spending target (in force, a named one or a number), gaps in dollars."""
        from natolab.burden.compliance import compliance

        return compliance(self, year, target)

    def simulate(self, scenario: Scenario | str | Path, **options: Any) -> SimulationResult:
        """Run a Monte Carlo scenario (a YAML path, a bundled name or a Scenario) on this snapshot.

        Options are those of :func:`natolab.sim.simulate.simulate` (runs, seed, workers, ...).
        """
        from natolab.sim.simulate import simulate

        return simulate(self, scenario, **options)

    def releases(self) -> pd.DataFrame:
        """The releases this snapshot may read: published by ``on`` (or the pinned one)."""
        if self.release is not None:
            frame = self.store.releases()
            return frame[frame["release"] == self.release].reset_index(drop=True)
        return visible_releases(self.store, self.on)

    def spending(
        self,
        measure: str = "share_of_gdp",
        release: str | None = None,
        years: Sequence[int] | None = None,
        allies: Sequence[str] | None = None,
        aggregates: bool = False,
    ) -> pd.DataFrame:
        """One measure per ally and year, each row naming its release and source.

        Only members on ``on`` are returned (NATO's tables list future allies from 2014 too);
        ``aggregates=True`` adds NATO's own "NATO Europe and Canada" and "NATO Total" rows.
        Missing values stay missing: an ally without a published figure has no row.
        """
        frame = read_measure(self.store, measure, self.on, release or self.release)
        wanted = set(self.members["iso3"]) if allies is None else set(allies)
        if aggregates:
            wanted |= set(AGGREGATES)
        frame = frame[frame["iso3"].isin(wanted)]
        if years is not None:
            frame = frame[frame["year"].isin(list(years))]
        names = dict(zip(load_allies()["iso3"], load_allies()["name"], strict=True))
        frame.insert(1, "name", frame["iso3"].map(names).fillna(frame["iso3"]))
        return frame.reset_index(drop=True)
