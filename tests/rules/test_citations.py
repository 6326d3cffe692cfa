"""Every reason a rule gives cites sources that the typed facts carry and the sources list knows.

The rules read the facts only through ``natolab.data.facts``, so a reason's ``source_ids`` are a
fact's own ``source_ids`` (or a dated parameter's reference, itself a fact's source): checked
here over every YAML legal case, together with the guard that no rule reads the YAML around the
loaders or hashes URLs by itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import natolab.rules
from natolab.data.facts import (
    load_article4_requests,
    load_commitments,
    load_events,
    load_posture,
    load_treaty,
    load_us_law,
)
from natolab.data.sources import resolve_all
from natolab.rules.result import Reason, Result
from tests.rules.test_legal_cases import _call, _load

ANSWERED = [case for case in _load() if "raises" not in case.values[1]]


@cache
def _fact_source_ids() -> frozenset[str]:
    """The source ids of every fact the typed loaders expose."""
    loaders = (
        load_treaty,
        load_us_law,
        load_events,
        load_posture,
        load_commitments,
        load_article4_requests,
    )
    return frozenset(
        sid for load in loaders for _, fact in load().facts() for sid in fact.source_ids
    )


def _reasons(result: Result) -> Iterator[Reason]:
    yield from result.because
    for part in (*result.steps, *result.gates):
        yield from part.because


@pytest.mark.parametrize(("rule", "case"), ANSWERED)
def test_every_reason_cites_typed_facts_that_resolve(rule: str, case: Mapping[str, Any]) -> None:
    result = _call(rule, case)
    cited = [sid for reason in _reasons(result) for sid in reason.source_ids]
    strays = sorted(set(cited) - _fact_source_ids())
    assert not strays, f"{result.rule}: ids not carried by any typed fact: {strays}"
    resolved = resolve_all(cited)  # raises DataError naming every unknown id
    assert {s.source_id for s in resolved} == set(cited)


def test_rules_read_facts_only_through_the_typed_loaders() -> None:
    """One way to read facts: no raw YAML reads, no URL hashing inside natolab.rules."""
    package = Path(natolab.rules.__file__).parent
    for module in sorted(package.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        for forbidden in ("read_yaml", "source_id_for_url", "yaml.safe_load"):
            assert forbidden not in text, f"{module.name} uses {forbidden}"
