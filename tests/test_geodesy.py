"""The one great-circle distance, checked against arcs whose length follows from geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from natolab.geodesy import EARTH_RADIUS_KM, great_circle_km


def test_a_degree_along_the_equator_is_one_360th_of_the_circumference() -> None:
    assert great_circle_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(2 * math.pi * 6371.0 / 360)


def test_pole_to_pole_is_half_the_circumference_and_a_scalar_stays_a_float() -> None:
    distance = great_circle_km(90.0, 0.0, -90.0, 0.0)
    assert isinstance(distance, float)
    assert distance == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_arrays_give_one_distance_per_point() -> None:
    lats, lons = np.array([0.0, 0.0, 45.0]), np.array([0.0, 90.0, 0.0])
    distances = great_circle_km(lats, lons, 0.0, 0.0)
    quarter = math.pi * 6371.0 / 2
    assert distances == pytest.approx([0.0, quarter, quarter / 2])
