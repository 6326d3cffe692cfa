"""The published studies a scenario compares its outputs with: one home for finding the study
and its figures, shared by every model that reproduces a study (capability, advance)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def study_figures(
    source: str, study: str | None, compare: Mapping[str, Any], record: Any
) -> dict[str, Any]:
    """The figures of the scenario's ``levers.study`` by id, from ``record.studies``; empty when the
    scenario names no study. ScenarioError (with the lever's path) for a comparison without a
    study or an unknown study, so each model only checks its own outputs and figure kinds."""
    from natolab.sim.problems import ScenarioError

    if study is None:
        if compare:
            raise ScenarioError(source, [("levers.compare", "give levers.study too")])
        return {}
    studies = {s.id: s for s in record.studies}
    if study not in studies:
        raise ScenarioError(
            source, [("levers.study", f"unknown study (known: {', '.join(studies)})")]
        )
    return {f.id: f for f in studies[study].figures}
