"""``Alliance(on=date)``: the alliance as it stood on a date, the object everything hangs off.

A snapshot holds the members on that date (by accession), the parameters in force then (with any
what-if reforms on top), and the data as published then: only releases out by that date are
visible, unless a release is named, which overrides the latest view (it must have been published
by that date: a later one contradicts it and is refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from natolab.data.allies import AGGREGATES, ally, load_allies, members_on
from natolab.data.spending import check_release, read_measure, visible_releases
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import ParameterTree, Reform, parameters
from natolab.store import Store

if TYPE_CHECKING:
    from natolab.burden.compliance import ComplianceReport
    from natolab.rules import Rules
    from natolab.sim.scenario import Scenario
    from natolab.sim.simulate import SimulationResult


class Alliance:
    """NATO as it stood on a date: its members, its rules in force and the data published by then.

    Arguments:

    * ``on`` -- the as-of date (``"2024-12-31"``, a ``datetime.date``; default today). Only NATO
      releases published by then are read, so an answer is what one could know on that day.
    * ``release`` -- read one named release instead (e.g. ``"nato-2024-06"``; see
      :meth:`releases`). It must have been published by ``on`` if both are given.
    * ``reforms`` -- what-ifs layered on the parameters in force: :class:`natolab.Reform` objects
      or the names of predefined reforms (``"qualified_majority"``, ``"repeal_sec_1250A"``...).

    Measures for :meth:`spending`: ``pct_gdp`` (default), ``usd_current_m``,
    ``usd_constant_m``, ``gdp_usd_current_m``, ``equipment_share_pct``, ``personnel_thousands``
    and more (``natolab.data.measures.MEASURES`` lists each with its unit). Every row names its
    ``release`` and ``source_id``.

    Example::

        >>> import natolab
        >>> nato = natolab.Alliance(on="2024-12-31")
        >>> nato.spending("pct_gdp", allies=["Germany", "pol"], years=2024)
        >>> nato.compliance(2024).table
        >>> natolab.Alliance(reforms=["qualified_majority"]).rules

    Bad input raises :class:`natolab.InputError` (an unknown ally: :class:`UnknownAllyError`,
    with suggestions; an unknown release: :class:`UnknownReleaseError`).
    """

    def __init__(
        self,
        on: date | str | None = None,
        release: str | None = None,
        reforms: Iterable[Reform | str] = (),
        store: Store | None = None,
    ) -> None:
        self.on = as_date(on, "on")
        self._store = store
        if release is not None:  # a named release is checked at once, so a typo fails here
            check_release(self.store, release)
        self.release = release
        self.reforms: tuple[Reform, ...] = _reforms(reforms)

    def __repr__(self) -> str:
        pinned = f", release={self.release!r}" if self.release else ""
        reforms = f", reforms={[r.name for r in self.reforms]}" if self.reforms else ""
        return f"Alliance(on={self.on.isoformat()!r}{pinned}{reforms})"

    def _repr_html_(self) -> str:
        """A one-line summary for notebooks (the members and releases are a call away)."""
        from html import escape

        return f"<code>{escape(repr(self))}</code>"

    @property
    def store(self) -> Store:
        """The DuckDB store, opened (built from the bundle if new) on first use, not before.

        Only the data (spending, compliance, releases, simulations) needs it; the members, the
        parameters and the rules come from the bundled files, so ``natolab rules ...`` and
        ``Alliance(on=...).rules`` work without a writable natolab home.
        """
        if self._store is None:
            self._store = Store.open()
        return self._store

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
        measure: str = "pct_gdp",
        release: str | None = None,
        years: int | Iterable[int] | None = None,
        allies: str | Iterable[str] | None = None,
        aggregates: bool = False,
    ) -> pd.DataFrame:
        """One measure per ally and year, each row naming its release and source.

        Only members on ``on`` are returned (NATO's tables list future allies from 2014 too);
        ``aggregates=True`` adds NATO's own "NATO Europe and Canada" and "NATO Total" rows.
        Missing values stay missing: an ally without a published figure has no row.
        ``allies`` takes codes or names, in any case (``"DEU"``, ``["germany", "pol"]``); an
        unknown one raises :class:`UnknownAllyError`. ``years`` is a year or several.
        """
        if release is not None and release != self.release:
            check_release(self.store, release)
        frame = read_measure(self.store, measure, self.on, release or self.release)
        wanted = set(self.members["iso3"]) if allies is None else set(_ally_codes(allies))
        if aggregates:
            wanted |= set(AGGREGATES)
        frame = frame[frame["iso3"].isin(wanted)]
        if years is not None:
            frame = frame[frame["year"].isin(_years(years))]
        names = dict(zip(load_allies()["iso3"], load_allies()["name"], strict=True))
        frame.insert(1, "name", frame["iso3"].map(names).fillna(frame["iso3"]))
        return frame.reset_index(drop=True)


def _reforms(reforms: Iterable[Reform | str]) -> tuple[Reform, ...]:
    """Reforms as objects; names (as the rules take them) are looked up, typos refused."""
    if isinstance(reforms, str | Reform):
        reforms = [reforms]
    chosen = tuple(reforms)
    if all(isinstance(r, Reform) for r in chosen):
        return chosen  # type: ignore[return-value]
    from natolab.rules.reforms import resolve

    return resolve(chosen)


def _ally_codes(allies: str | Iterable[str]) -> list[str]:
    """ISO codes for allies given by code or name, in any case, as the CLI resolves them."""
    names = [allies] if isinstance(allies, str) else list(allies)
    if not all(isinstance(name, str) for name in names):
        raise InputError(f"allies must be codes or names (strings), got {allies!r}")
    return [ally(name) for name in names]


def _years(years: int | Iterable[int]) -> list[int]:
    """One year or several, as ints; anything else is refused rather than matching nothing."""
    chosen = [years] if isinstance(years, int) else list(years)
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in chosen):
        raise InputError(f"years must be a year or a list of years (ints), got {years!r}")
    return chosen


def check_published_by(store: Store, release: str, on: date) -> None:
    """Refuse a release published after the as-of date, when a user gave both (the CLI, the web).

    In Python a named release overrides the date (DESIGN.md: backtests pin an old release and
    cut it at an origin); a user who typed both options most likely made a mistake.
    """
    releases = store.releases()
    published = releases.loc[releases["release"] == release, "published"].iloc[0]
    if published > on:
        raise InputError(
            f"release {release!r} was published on {published}, after the as-of date "
            f"{on.isoformat()}: give --on {published} or later, or drop one of the two"
        )
