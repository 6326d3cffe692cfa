"""The checker against the hand-labelled seed articles: recall, precision, agreement, safety.

The floors are stated in docs/claims.md; the numbers and the confusion matrix are printed
so a run shows where the checker stands, not only whether it passed.
"""

from __future__ import annotations

import pytest

from natolab.alliance import Alliance
from natolab.claims import check
from natolab.store import Store
from tests.claims.scoring import SEEDS, Score, labels_for, load, score_article

RECALL_FLOOR = 0.80
PRECISION_FLOOR = 0.85
AGREEMENT_FLOOR = 0.85
WRONG = {"inaccurate", "false"}


@pytest.fixture(scope="module")
def scored(built_store_file) -> Score:
    """Every seed article checked once, at its labelled date, scored against the labels."""
    store = Store(built_store_file)
    score = Score()
    for name, article in load().items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        report = check(text, article["date"], Alliance(on=article["date"], store=store))
        claims = report.to_dict()["claims"]
        score_article(score, labels_for(name, article, text), claims)
    print("\n" + score.summary() + "\n" + score.confusion())
    print("disagree:", *[f"{e} -> {g}: {q}" for e, g, q in score.pairs if e != g], sep="\n  ")
    print("missed:", *score.misses, sep="\n  ")
    print("not labelled:", *score.extras, sep="\n  ")
    return score


def test_every_label_quote_is_verbatim() -> None:
    for name, article in load().items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        assert labels_for(name, article, text), name


def test_extraction_recall_meets_floor(scored: Score) -> None:
    assert scored.recall >= RECALL_FLOOR, scored.summary()


def test_extraction_precision_meets_floor(scored: Score) -> None:
    assert scored.precision >= PRECISION_FLOOR, scored.summary()


def test_verdict_agreement_meets_floor(scored: Score) -> None:
    assert scored.agreement >= AGREEMENT_FLOOR, scored.summary() + "\n" + scored.confusion()


def test_never_calls_a_wrong_claim_accurate(scored: Score) -> None:
    unsafe = [q for expected, got, q in scored.pairs if expected in WRONG and got == "accurate"]
    assert not unsafe


def test_wrong_claims_are_in_the_set(scored: Score) -> None:
    """The safety test above must have something to bite on."""
    assert any(expected in WRONG for expected, _, _ in scored.pairs)
