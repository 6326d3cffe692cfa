"""The money ledger: compliance, trajectories, burden sharing, fair shares, free riding, charts.

Every function takes an :class:`natolab.Alliance` snapshot (its date fixes the releases it may
read and the parameters in force) and returns DataFrames or small frozen dataclasses whose rows
name the release of their data and the parameter (with its source id) they used::

    from natolab import Alliance
    from natolab.burden import compliance, trajectory

    nato = Alliance(release="nato-2024-06")
    compliance(nato, 2016).counts              # 5 allies at or above 2%
    trajectory(nato, "Germany", "hague core")  # real growth a year to reach 3.5% by 2035

The functions are imported here eagerly on purpose: several share their module's name
(``compliance``, ``trajectory``, ``fair_share``), and only an eager import guarantees that
``natolab.burden.compliance`` is the function whatever was imported before.
"""

from __future__ import annotations

from natolab.burden.compliance import ComplianceReport, compliance
from natolab.burden.fair_share import apportion, fair_share
from natolab.burden.freeride import exploitation_test, partial_rank_correlation
from natolab.burden.sharing import burden_sharing, per_capita, us_share
from natolab.burden.trajectory import Trajectory, required_growth, trajectory

__all__ = [
    "ComplianceReport",
    "Trajectory",
    "apportion",
    "burden_sharing",
    "compliance",
    "exploitation_test",
    "fair_share",
    "partial_rank_correlation",
    "per_capita",
    "required_growth",
    "trajectory",
    "us_share",
]
