"""The calibration fit is saved next to the store, so a fresh process reads it instead of fitting."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from natolab.alliance import Alliance
from natolab.sim import calibration
from natolab.store import Store


def _key(nato: Alliance) -> tuple[tuple[str, int, float], ...]:
    spend = nato.spending("usd_constant_m")
    return tuple(
        zip(spend["iso3"], spend["year"].astype(int), spend["value"].astype(float), strict=True)
    )


def test_a_saved_fit_reads_back_equal_to_the_fit(store: Store) -> None:
    nato = Alliance(on="2026-11-24", store=store)
    folder = store.path.parent / "cache"
    calibration._calibrate_cached.cache_clear()
    calibration.calibrate(nato)
    saved = list(folder.glob("calibration-*.json"))
    assert len(saved) == 1
    fitted = calibration._calibrate(_key(nato))  # fitted afresh, not read
    read = calibration._from_json(json.loads(saved[0].read_text()))
    assert set(read.fits) == set(fitted.fits) == {"forces", "access"}
    for name, fit in fitted.fits.items():
        assert np.array_equal(read.fits[name].fit.coef, fit.fit.coef)
        assert np.array_equal(read.fits[name].fit.se, fit.fit.se)
        assert read.fits[name].coef == fit.coef and read.fits[name].tau == fit.tau
        assert read.fits[name].operations == fit.operations
        pd.testing.assert_series_equal(read.rates[name], fitted.rates[name])


def test_a_fresh_process_reads_the_saved_fit_and_other_data_refits(store: Store) -> None:
    nato = Alliance(on="2026-11-24", store=store)
    folder = store.path.parent / "cache"
    calibration._calibrate_cached.cache_clear()
    first = calibration.calibrate(nato)
    (path,) = folder.glob("calibration-*.json")
    data = json.loads(path.read_text())
    data["fits"]["forces"]["tau"] = 1e3  # a mark only the file holds
    path.write_text(json.dumps(data))
    calibration._calibrate_cached.cache_clear()  # as a new process: only the file remains
    marked = calibration.calibrate(nato)
    assert marked.fits["forces"].tau == 1e3  # read from the file, not refitted
    other = _key(nato)[:-1]  # one spending figure fewer: another fingerprint, a new fit
    assert calibration._fit_fingerprint(other) != calibration._fit_fingerprint(_key(nato))
    path.write_text("{not json")
    calibration._calibrate_cached.cache_clear()
    again = calibration.calibrate(nato)  # an unreadable file is fitted again, not an error
    assert {n: f.tau for n, f in again.fits.items()} == {n: f.tau for n, f in first.fits.items()}
