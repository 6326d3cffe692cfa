"""Model A: adherence fitted on years with a deadline in force is netted of that deadline's pull.

Behaviour, not scores: the fit window's deadline pace comes from the dated parameter, the
netting is the closed form of the model's own step, it does nothing without honour or without
a deadline in the window (bit for bit), and the netted adherence falls as the honour rises.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from natolab.parameter_tree import parameters
from natolab.sim.models.spending import Window, fit_pace
from natolab.sim.models.spending_kernels import net_adherence
from natolab.sim.validation import spending as sp
from natolab.store import Store

from .test_spending_deadline import YEARS, _paths

WALES_PAST = np.array([1 / 10, 1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 0.0])


def test_the_fit_window_pace_is_the_dated_deadline_then_in_force() -> None:
    tree = parameters(date(2025, 1, 1))
    # Wales (September 2014): 2024 in force on 1 January 2015-2023; Vilnius (2023) ended it
    past = fit_pace(tree, Window(start=2014, end=2024))
    assert past == pytest.approx(WALES_PAST)
    # a window before Wales had no deadline: nothing to net
    assert not fit_pace(tree, Window(start=2006, end=2014)).any()


def test_netting_is_the_model_step_solved_for_adherence() -> None:
    # one year, pace 0.5, honour 1: the gap kept is (1 - a)(1 - 0.5); observed closing 0.7
    # keeps 0.3 of the gap, so a = 1 - 0.3 / 0.5 = 0.4
    assert net_adherence(0.7, 1.0, np.array([0.5])) == pytest.approx(0.4)
    # two years of pace 0.5 at honour 0.5: kept (0.75)^2 by the deadline, 0.8^2 observed
    # -> (1 - a) = 0.8 / 0.75
    assert net_adherence(1 - 0.8, 0.5, np.array([0.5, 0.5])) == pytest.approx(1 - 0.8 / 0.75)


def test_no_honour_or_no_deadline_in_the_window_changes_nothing() -> None:
    assert net_adherence(0.23, 0.0, WALES_PAST) == 0.23
    assert net_adherence(0.23, 0.8, np.zeros(10)) == 0.23
    assert net_adherence(0.23, 0.8, np.zeros(0)) == 0.23
    pace = np.zeros(len(YEARS))
    s0 = [1.2, 1.5, 1.9]
    # bit for bit: honour 0 with a deadline in the window, or honour with none in it
    assert np.array_equal(_paths(0.0, pace, s0, WALES_PAST), _paths(0.0, pace, s0))
    assert np.array_equal(_paths(0.7, pace, s0, np.zeros(10)), _paths(0.7, pace, s0))


def test_the_netted_adherence_falls_as_the_honour_rises() -> None:
    netted = [net_adherence(0.2, h, WALES_PAST) for h in (0.0, 0.25, 0.5, 0.75)]
    assert np.all(np.diff(netted) < 0)
    # ... and the simulated paths close less of the gap from the same draws
    pace = np.zeros(len(YEARS))
    s0 = [1.2, 1.5]
    plain, netted_paths = _paths(0.3, pace, s0), _paths(0.3, pace, s0, WALES_PAST)
    assert np.all(netted_paths[:, -1] < plain[:, -1])


def test_the_backtest_nets_only_windows_with_the_deadline(built_store_file: Path) -> None:
    store = Store(built_store_file)
    # origin 2017: window 2014-2017, Wales in force from 2015
    assert sp.origin_fit_pace(sp.vintage(store, 2017)) == pytest.approx([1 / 10, 1 / 9, 1 / 8])
    # origin 2013: window is all the data up to 2013, before any deadline
    assert not sp.origin_fit_pace(sp.vintage(store, 2013)).any()
