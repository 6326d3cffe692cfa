"""Model C's gap in capabilities: what replacing the US forces in Europe takes, costs and lasts.

The rules are natolab's; every input is the scenario's (a declared uncertainty with its source,
or a judgement labelled as one) or the bundled data (NATO's GDP and spending figures, the US
forces supplement ``supplements/us_capability.yaml``). For each run:

* **US contribution**: the sum of the selected US capabilities' counts (``count_<id>``, drawn
  from the scenario; an undeclared one takes the supplement's ``central`` value).
* **Force requirement**: European troops = US troops x ``replacement_ratio`` (European troops
  needed per US troop of fighting capacity); brigades = troops / ``brigade_slice`` (troops per
  brigade including its share of support).
* **Equipment**: each selected capability that is not personnel (aircraft, ships, air defence
  systems, tanks ...) is replaced like for like: ``units_<id>`` = ``count_<id>``.
* **Time**: years to close = troops / ``recruits_per_year`` (net extra troops a year); for
  equipment, ``years_<id>`` = units / ``production_<id>`` (extra units Europe can add a year);
  ``years_all`` is the slowest of them.
* **Cost**: the extra defence spending that raises the allies from their NATO-reported share of
  GDP in ``year`` to ``target_share_pct``, shared out by a burden-sharing rule (``gdp``: every
  ally adds the same share of GDP; ``spending``: in proportion to current spending; ``target``:
  each ally below the target rises to it; ``exposure``: in proportion to GDP weighted by
  closeness to the adversary, ``exp(-distance / exposure_km)`` times ``border_factor`` for a
  land border), in the scenario's currency and price base year.
* **Equipment cost**: ``acquisition_<id>_bn`` = units x ``unit_cost_<id>`` restated from the
  price base its source states (``levers.unit_costs``) to the scenario's with NATO's rates and
  price index; the priced total in dollars and euros, and with the cost block its yearly
  operating and support cost.
* **Troops' pay** (``levers.personnel_cost: {from: nato, group: ...}``): NATO's personnel
  spending per military person per ally (dollars x personnel share / personnel, pensions
  included), the run's ``personnel_cost_quantile`` of the allies' personnel-weighted spread,
  times the troops needed: a yearly cost in dollars and euros, each ally's part by the burden rule.

A study's published results are compared with natolab's median and 90% band in the
``reproduction`` table; the study's figures never enter the computation except as the inputs
the scenario declares from them.
"""

from __future__ import annotations

from natolab.sim.models.capability.inputs import CapabilityPrepared
from natolab.sim.models.capability.levers import CapabilityLevers, parse_levers
from natolab.sim.models.capability.model import CapabilityModel, embedded
from natolab.sim.models.capability.rules import burden, compute, lifecycle

__all__ = [
    "CapabilityLevers",
    "CapabilityModel",
    "CapabilityPrepared",
    "burden",
    "compute",
    "embedded",
    "lifecycle",
    "parse_levers",
]
