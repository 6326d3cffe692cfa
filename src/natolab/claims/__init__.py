"""The news claim checker: an article in, every checkable claim out with a verdict and evidence.

``check(text, date=None)`` reads the text, finds claims with spaCy's blank tokenizer and
natolab's own gazetteer, and checks each through ``Alliance(on=the article's date)``, the
rules and the facts. See docs/claims.md for the verdict scale, the kinds and the limits.
"""

from __future__ import annotations

from datetime import date as Date
from typing import TYPE_CHECKING

from natolab.claims.report import CheckedClaim, CheckReport

if TYPE_CHECKING:
    from natolab.alliance import Alliance

__all__ = ["CheckReport", "CheckedClaim", "check"]


def check(
    text: str,
    date: Date | str | None = None,
    alliance: Alliance | None = None,
    published: str | None = None,
) -> CheckReport:
    """Check an article's text as of ``date`` (else ``published``, its dateline, today)."""
    from natolab.claims.checking import Context
    from natolab.claims.checking import check as check_claim
    from natolab.claims.dating import article_date
    from natolab.claims.extraction import extract
    from natolab.claims.reading import clean
    from natolab.errors import InputError

    if not text or not text.strip():
        raise InputError("article: empty; nothing to check")
    text = clean(text)
    on, basis = article_date(text, date, published=published)
    ctx = Context(on, alliance)
    checked = tuple(CheckedClaim(c, check_claim(c, ctx)) for c in extract(text))
    return CheckReport(checked, on, basis, Date.today(), len(text))
