"""One calling convention for every rule, and ``Rules`` as exactly its bound form.

Every public rule of :mod:`natolab.rules` is ``(subject, *, on, reforms)``; ``Rules`` (what
``Alliance(...).rules`` returns) has a method of the same name with the same parameters minus
``on``, and returns what the free function returns for the same date and reforms. Each rule's
outcome belongs to its own declared Literal.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any, get_args

import pytest

from natolab import rules
from natolab.errors import InputError
from natolab.rules.result import (
    OUTCOMES,
    RULE_OUTCOMES,
    Article13Outcome,
    CouncilOutcome,
    Outcome,
    Result,
)

ON = date(2026, 6, 1)
BOUND_REFORMS = ("qualified_majority",)
CALL_REFORMS = ("shorter_notice",)

#: Arguments for each rule: (positional, keyword) as a user would pass them.
ARGUMENTS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "article4": (("POL",), {"threatened": "EST"}),
    "article5": (("EST",), {"stances": {"HUN": "abstain"}, "others": "support"}),
    "covered": (("Canary Islands",), {"what": "forces"}),
    "accede": (("UKR",), {}),
    "withdrawal": (("USA",), {"notice": "2027-01-20", "senate_yeas": 70, "senators_present": 100}),
    "decide": (("invoke Article 5",), {"stances": {"HUN": "object"}, "others": "support"}),
    "troop_floor": ((70000,), {"days_below": 60}),
    "saceur": ((), {}),
    "withdrawal_bills": ((), {"enacted": "2026-03-01"}),
}


def rule_functions() -> dict[str, Callable[..., Result]]:
    """Every public function of natolab.rules that answers with a Result: the rules."""
    found = {}
    for name in rules.__all__:
        value = getattr(rules, name)
        if inspect.isfunction(value) and inspect.signature(value).return_annotation == "Result":
            found[name] = value
    return found


def test_every_rule_has_arguments_here() -> None:
    """A new rule must be added to ARGUMENTS, so the tests below cover it."""
    assert set(rule_functions()) == set(ARGUMENTS)


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_subject_positional_everything_else_keyword_only(name: str) -> None:
    params = inspect.signature(rule_functions()[name]).parameters
    positional = tuple(p.name for p in params.values() if p.kind is not p.KEYWORD_ONLY)
    assert len(positional) <= 1, positional
    assert all(params[p].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in positional)
    for keyword, default in (("on", None), ("reforms", ())):
        assert params[keyword].kind is inspect.Parameter.KEYWORD_ONLY, keyword
        assert params[keyword].default == default, keyword


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_bound_method_has_the_same_parameters_minus_on(name: str) -> None:
    free = inspect.signature(rule_functions()[name]).parameters
    method = inspect.signature(getattr(rules.Rules, name)).parameters
    expected = [p for p in free.values() if p.name != "on"]
    assert list(method.values())[1:] == expected


def test_rules_has_no_method_that_is_not_a_rule() -> None:
    public = {n for n, v in vars(rules.Rules).items() if callable(v) and not n.startswith("_")}
    assert public == set(rule_functions())


#: Article 4 reads no dated parameter: it refuses every reform (tested below).
REFORMABLE = sorted(set(ARGUMENTS) - {"article4"})


def test_article4_bound_equals_free_without_reforms() -> None:
    args, kwargs = ARGUMENTS["article4"]
    bound = rules.Rules(on=ON).article4(*args, **kwargs)
    assert bound == rules.article4(*args, **kwargs, on=ON)
    assert (bound.on, bound.outcome, bound.reforms) == (ON, "consultations_due", ())


@pytest.mark.parametrize("name", REFORMABLE)
def test_bound_result_equals_the_free_function_on_its_date(name: str) -> None:
    args, kwargs = ARGUMENTS[name]
    bound = getattr(rules.Rules(on=ON, reforms=BOUND_REFORMS), name)(
        *args, **kwargs, reforms=CALL_REFORMS
    )
    free = rule_functions()[name](*args, **kwargs, on=ON, reforms=(*BOUND_REFORMS, *CALL_REFORMS))
    assert bound == free
    assert bound.reforms == (*BOUND_REFORMS, *CALL_REFORMS)
    # the date reaches the rule: the same question asked of the free function today differs
    # in its date (withdrawal reads its notice date, which was given)
    if name != "withdrawal":
        assert bound.on == ON
    assert bound.outcome in RULE_OUTCOMES[bound.rule]


def test_binding_reforms_change_the_answer_as_the_free_function_does() -> None:
    """A qualified majority lets the Council act over one objection; bound or free alike."""
    args, kwargs = ARGUMENTS["decide"]
    assert rules.decide(*args, **kwargs, on=ON).outcome == "blocked"
    assert rules.Rules(on=ON).decide(*args, **kwargs).outcome == "blocked"
    assert rules.Rules(on=ON, reforms=BOUND_REFORMS).decide(*args, **kwargs).outcome == "agreed"


def test_the_alliance_rules_are_the_bound_rules() -> None:
    from natolab import Alliance

    nato = Alliance(on=ON, reforms=["qualified_majority"])
    assert nato.rules.accede("UKR") == rules.accede("UKR", on=ON, reforms=["qualified_majority"])
    assert nato.rules.accede("UKR").reforms == ("qualified_majority",)


def test_article4_refuses_any_reform_free_or_bound() -> None:
    """No reform applies to Article 4, so none is reported as applied: it is refused."""
    with pytest.raises(InputError, match="no reform applies to Article 4"):
        rules.article4("POL", on=ON, reforms=["qualified_majority"])
    with pytest.raises(InputError, match="no reform applies to Article 4"):
        rules.Rules(on=ON, reforms=BOUND_REFORMS).article4("POL")
    with pytest.raises(InputError, match="unknown reform 'qualified_majorty'"):
        rules.article4("POL", on=ON, reforms=["qualified_majorty"])


def test_each_rule_literal_is_part_of_the_result_type() -> None:
    declared = set(get_args(Outcome))
    for outcomes in RULE_OUTCOMES.values():
        assert set(outcomes) <= declared
    assert set(OUTCOMES) == declared
    assert RULE_OUTCOMES["article13.withdrawal"] == get_args(Article13Outcome)
    assert "unlawful_under_us_law" not in get_args(CouncilOutcome)


def test_a_result_refuses_an_outcome_its_rule_does_not_define() -> None:
    with pytest.raises(ValueError, match="council.decide: outcome 'effective'"):
        Result(rule="council.decide", on=ON, question="q", outcome="effective", summary="s")
    with pytest.raises(ValueError, match="'efective'"):
        Result(rule="article13.withdrawal", on=ON, question="q", outcome="efective", summary="")  # type: ignore[arg-type]
    ok = Result(rule="council.decide", on=ON, question="q", outcome="agreed", summary="s")
    assert ok.outcome == "agreed"
