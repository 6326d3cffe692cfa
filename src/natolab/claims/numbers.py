"""Numbers as articles write them: digits, words, fractions, money with currency and scale.

Why a module of its own: "two-thirds", "fewer than a quarter", "twenty thousand", "$967
billion" and "€2.7tn" must all become one value before any comparison with natolab's data.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "dozen": 12,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "t": 1e12}
FRACTIONS = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
    "one-third": 1 / 3, "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25,
    "one quarter": 0.25, "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2,
    "one fifth": 0.2, "one-fifth": 0.2,
}  # fmt: skip
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "us$": "USD", "usd": "USD", "eur": "EUR"}

NUMBER_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
FRACTION_WORD = "|".join(sorted((re.escape(f) for f in FRACTIONS), key=len, reverse=True))
MONEY = re.compile(
    r"(?P<cur>US\$|\$|€|£)\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?"
    r"(?P<scale>trillion|billion|million|thousand|tn|bn|mn|m|k)?\b",
    re.IGNORECASE,
)


def word_number(text: str) -> float | None:
    """'twenty thousand' -> 20000, 'seventy-four' -> 74, '36,000' -> 36000; else None."""
    text = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", text):
        if word in ("and", "a"):
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def fraction(text: str) -> float | None:
    """'two-thirds' -> 0.667, 'a quarter' -> 0.25, '2/3' -> 0.667; else None."""
    text = text.strip().lower()
    if text in FRACTIONS:
        return FRACTIONS[text]
    match = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if match and int(match.group(2)):
        return int(match.group(1)) / int(match.group(2))
    return None


def money(text: str) -> tuple[float, str] | None:
    """'$967 billion' -> (9.67e11, 'USD'); '€2.7tn' -> (2.7e12, 'EUR'); else None."""
    match = MONEY.search(text)
    if not match:
        return None
    value = float(match.group("num").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    value *= SCALES.get(scale, SHORT_SCALES.get(scale, 1))
    return value, CURRENCIES[match.group("cur").lower()]
