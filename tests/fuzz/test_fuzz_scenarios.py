"""Fuzzing the scenario loader (issue 15): only NatolabError escapes, nothing hangs, and a key
the schema does not know is never accepted silently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natolab.errors import NatolabError
from natolab.sim.scenario import bundled_dir, load_scenario
from tests.fuzz.conftest import HANG_SECONDS, SCENARIOS, Clock, Tally
from tests.fuzz.mutations import SCENARIO_KINDS, SCENARIO_VALUES, ScenarioMutation, mutate_scenario

BASES = {path.stem: path.read_text(encoding="utf-8") for path in bundled_dir().glob("*.yaml")}
# Mappings whose keys are names the author chooses, not schema fields. A new advance axis is
# such a name: what it lacks (its distance, its red share) is refused when the run is prepared.
FREE_KEYS = (("levers", "parameters"), ("levers", "cases"), ("levers", "axes"))

mutation = st.builds(
    ScenarioMutation,
    kind=st.sampled_from(SCENARIO_KINDS),
    where=st.integers(0, 10**6),
    value=st.sampled_from(SCENARIO_VALUES),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-scenarios")


@settings(
    max_examples=SCENARIOS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(base=st.sampled_from(sorted(BASES)), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_the_scenario_loader_only_raises_natolab_errors(
    folder: Path, tally: Tally, base: str, mutations: list[ScenarioMutation]
) -> None:
    raw, unknown = mutate_scenario(BASES[base], mutations)
    path = folder / f"{base}.yaml"
    path.write_bytes(raw)
    clock = Clock()
    try:
        scenario = load_scenario(path)
        scenario.sha256()  # the run id: an alias bomb used to expand here
        outcome = "accepted"
    except NatolabError as exc:
        outcome = type(exc).__name__
    cpu, wall = clock.stop()
    tally.add("scenario", outcome, cpu, wall)
    assert cpu < HANG_SECONDS
    if len(mutations) == 1 and unknown and not _free(unknown[0]):
        assert outcome != "accepted", f"unknown key under {unknown[0]} accepted"


def _free(path: tuple[Any, ...]) -> bool:
    return any(path[: len(free)] == free for free in FREE_KEYS)


def test_the_bundled_scenarios_are_the_fuzz_bases() -> None:
    assert set(BASES) >= {"baltic-article5", "hague-2035", "us-withdrawal-2027"}
    for name in BASES:
        assert load_scenario(name).name == name
