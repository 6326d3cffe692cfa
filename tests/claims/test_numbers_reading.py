"""Numbers as articles write them, reading rules, and the report as one JSON document."""

from __future__ import annotations

import json
from datetime import date

import pytest

from natolab.claims import numbers
from natolab.claims.dating import article_date
from natolab.claims.reading import article_text, clean, decode
from natolab.errors import InputError


@pytest.mark.parametrize(
    ("text", "value"),
    [("five", 5), ("twenty thousand", 20_000), ("seventy-four", 74), ("36,000", 36_000),
     ("a hundred and fifty", 150), ("twenty-nine", 29), ("4.12", 4.12)],
)  # fmt: skip
def test_word_numbers(text: str, value: float) -> None:
    assert numbers.word_number(text) == pytest.approx(value)


def test_word_numbers_refuse_other_words() -> None:
    assert numbers.word_number("several") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("two-thirds", 2 / 3), ("a quarter", 0.25), ("one-third", 1 / 3), ("2/3", 2 / 3)],
)
def test_fractions(text: str, value: float) -> None:
    assert numbers.fraction(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [("$967 billion", 967e9, "USD"), ("€2.7tn", 2.7e12, "EUR"), ("£54.8bn", 54.8e9, "GBP"),
     ("US$1.47 trillion", 1.47e12, "USD"), ("$106.5 million", 106.5e6, "USD")],
)  # fmt: skip
def test_money(text: str, value: float, currency: str) -> None:
    assert numbers.money(text) == (pytest.approx(value), currency)


def test_cleaning_keeps_offsets() -> None:
    text = "Article 5.\nCLICK HERE TO READ MORE FROM US\nMore text."
    cleaned = clean(text)
    assert len(cleaned) == len(text) and "CLICK" not in cleaned
    assert cleaned.index("More text.") == text.index("More text.")


def test_utf16_with_bom_is_read() -> None:
    assert decode("NATO has 32 allies.".encode("utf-16")) == "NATO has 32 allies."


def test_plain_text_has_no_page_date() -> None:
    assert article_text(b"NATO has 32 allies.") == ("NATO has 32 allies.", None)


def test_date_order_given_page_dateline_today() -> None:
    text = "WASHINGTON, Dec. 7, 2023 - NATO ..."
    today = date(2026, 1, 1)
    assert article_date(text, "2024-01-02", today) == (date(2024, 1, 2), "given")
    assert article_date(text, None, today, "2023-12-09")[1] == "page metadata"
    assert article_date(text, None, today) == (date(2023, 12, 7), "dateline")
    assert article_date("No date here.", None, today)[0] == today
    with pytest.raises(InputError, match="future"):
        article_date(text, "2026-01-02", today)


def test_report_is_one_json_document(built_store_file) -> None:
    from natolab.alliance import Alliance
    from natolab.claims import check
    from natolab.serialise import dumps
    from natolab.store import Store

    nato = Alliance(on="2024-07-01", store=Store(built_store_file))
    report = check("Poland spent 4.1% of GDP on defence in 2024.", "2024-07-01", nato)
    doc = json.loads(dumps(report.to_dict()))
    assert doc["counts"]["accurate (rounded)"] == 1 and sum(doc["counts"].values()) == 1
    claim = doc["claims"][0]
    assert claim["answer"]["pct_gdp"] == pytest.approx(4.12, abs=0.005)
    assert claim["evidence"][0]["release"] == "nato-2024-06"
