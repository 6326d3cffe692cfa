"""The bundled scenarios as tables, for the API and the Scenarios page alike (one home)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from natolab.sim.scenario import Scenario


def scenario_table() -> pd.DataFrame:
    """One row per bundled scenario: what it simulates, over which years, how many runs."""
    import pandas as pd

    from natolab.web.jobs import bundled_scenarios, scenario_by_name

    rows = []
    for name in bundled_scenarios():
        scn = scenario_by_name(name)
        rows.append(
            {
                "name": scn.name,
                "family": scn.family,
                "description": scn.description.strip(),
                "horizon_start": scn.horizon.start,
                "horizon_end": scn.horizon.end,
                "runs": scn.runs,
                "seed": scn.seed,
                "uncertainties": len(scn.uncertainties),
                "metric": scn.metric,
            }
        )
    return pd.DataFrame(rows)


def uncertainty_table(scn: Scenario) -> pd.DataFrame:
    """The scenario's declared uncertainties: distribution, bounds, unit, rationale, source."""
    import pandas as pd

    columns = [
        "name", "distribution", "lower", "upper", "params", "unit", "rationale", "source",
    ]  # fmt: skip
    rows = [
        {
            "name": u.name,
            "distribution": u.distribution,
            "lower": u.bounds.lower if u.bounds else None,
            "upper": u.bounds.upper if u.bounds else None,
            "params": ", ".join(f"{k}={v:g}" for k, v in u.params.items()),
            "unit": u.unit,
            "rationale": u.rationale,
            "source": u.source,
        }
        for u in scn.uncertainties
    ]
    return pd.DataFrame(rows, columns=columns)
