"""Run the YAML legal cases in ``tests/rules/cases/``: one pytest test per case.

Each file names a ``rule`` and lists ``cases``; a case has a ``name``, an ``input`` (keyword
arguments of the rule), optional ``on`` and ``reforms``, and either ``expected`` (outcome, dates,
gates, values, reforms, text the summary or uncertainty must contain, sources that must be
cited) or ``raises`` (error class and text). Expected values come from the treaty, the statute
and the facts files, never from running the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import natolab.errors
from natolab import rules
from natolab.rules.result import Result

CASES = Path(__file__).parent / "cases"

RULES: dict[str, Callable[..., Result]] = {
    "withdrawal": rules.withdrawal,
    "decide": rules.decide,
    "troop_floor": rules.troop_floor,
    "saceur": rules.saceur,
    "withdrawal_bills": rules.withdrawal_bills,
}
for _name in ("covered", "article5", "article4", "accede"):
    if hasattr(rules, _name):
        RULES[_name] = getattr(rules, _name)


class CaseLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so ``on:``, ``no`` and ``yes`` stay strings."""


CaseLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader)  # noqa: S506
        for case in doc["cases"]:
            case_id = f"{path.stem}::{case['name']}"
            params.append(pytest.param(doc["rule"], case, id=case_id))
    return params


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _call(rule: str, case: Mapping[str, Any]) -> Result:
    if rule not in RULES:
        pytest.skip(f"rule {rule!r} not built yet")
    kwargs = {key: _iso(value) for key, value in dict(case.get("input") or {}).items()}
    if "on" in case:
        kwargs["on"] = _iso(case["on"])
    if case.get("reforms"):
        kwargs["reforms"] = case["reforms"]
    return RULES[rule](**kwargs)


@pytest.mark.parametrize(("rule", "case"), _load())
def test_legal_case(rule: str, case: Mapping[str, Any]) -> None:
    if "raises" in case:
        error = getattr(natolab.errors, case["raises"]["error"])
        with pytest.raises(error, match=case["raises"].get("match", "")):
            _call(rule, case)
        return
    result = _call(rule, case)
    _check(result, case["expected"])


def _check(result: Result, expected: Mapping[str, Any]) -> None:
    """Compare only what the case states; say which part of the case failed."""
    if "outcome" in expected:
        assert result.outcome == expected["outcome"], result.summary
    for key, value in (expected.get("dates") or {}).items():
        got = result.dates.get(key)
        assert _iso(got) == _iso(value), f"dates.{key}: {got} != {value}"
    for name, status in (expected.get("gates") or {}).items():
        assert result.gate(name).status == status, f"gate {name}: {result.gate(name)}"
    for key, value in (expected.get("values") or {}).items():
        assert result.values.get(key) == value, f"values.{key}: {result.values.get(key)!r}"
    if "reforms" in expected:
        assert list(result.reforms) == expected["reforms"]
    for text in expected.get("summary_contains", []):
        assert text in result.summary, f"{text!r} not in {result.summary!r}"
    for text in expected.get("uncertain_contains", []):
        assert any(text in note for note in result.uncertain), f"{text!r} not in {result.uncertain}"
    if expected.get("certain"):
        assert not result.uncertain, result.uncertain
    for source_id in expected.get("cites", []):
        assert source_id in result.source_ids(), f"{source_id} not cited"
    _every_reason_cites(result)


def _every_reason_cites(result: Result) -> None:
    """Every reason names its provision; every cited id looks like a source id."""
    chains = [
        result.because,
        *(s.because for s in result.steps),
        *(g.because for g in result.gates),
    ]
    for reason in (r for chain in chains for r in chain):
        assert reason.citation, reason
        assert all(i.startswith("src-") for i in reason.source_ids), reason
    assert result.because, "a result without reasons"
