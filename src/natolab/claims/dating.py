"""The date an article is judged at: given, else its dateline, else today (and which one).

Claims are time-relative ("for 74 years", "23 of 32 allies meet 2%"), so the report must say
which date it used and why. dateparser reads only the spans the rules found: a dateline
near the top ("Dec. 7, 2023", "7 December 2023", "2023-12-07").
"""

from __future__ import annotations

import re
from datetime import date

from natolab.dates import as_date
from natolab.errors import InputError

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATELINE = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}}|\d{{4}}-\d\d-\d\d)\b"
)
HEAD_CHARS = 1500


def article_date(
    text: str,
    given: date | str | None,
    today: date | None = None,
    published: str | None = None,
) -> tuple[date, str]:
    """(date, basis): ``given`` (never in the future), else the page's date, a dateline, today."""
    today = today or date.today()
    if given is not None:
        day = as_date(given, "--date")
        if day > today:
            raise InputError(f"--date {day} is in the future; an article cannot be judged then")
        return day, "given"
    page = _iso(published)
    if page is not None and page <= today:
        return page, "page metadata"
    found = dateline(text[:HEAD_CHARS])
    if found is not None and found <= today:
        return found, "dateline"
    return today, "today (no date given and no dateline found)"


def dateline(head: str) -> date | None:
    """The first full date in the article's opening, parsed by dateparser."""
    match = DATELINE.search(head)
    if not match:
        return None
    import dateparser

    parsed = dateparser.parse(
        match.group(0), languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def _iso(text: str | None) -> date | None:
    """An ISO date from page metadata, or None when absent or malformed."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
