"""schema.org ClaimReview JSON-LD: the form search engines and fact-check archives read.

Derived from the report (never restated): the rating is the verdict's place on natolab's
scale, 5 best, 1 worst; unverifiable claims and non-claims carry the verdict name only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from natolab.claims.verdicts import RATING

if TYPE_CHECKING:
    from natolab.claims.report import CheckedClaim, CheckReport


def claim_review(item: CheckedClaim, report: CheckReport) -> dict[str, Any]:
    """One ClaimReview object for one checked claim."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": item.finding.verdict.value}
    if item.finding.verdict in RATING:
        rating |= {"ratingValue": RATING[item.finding.verdict], "bestRating": 5, "worstRating": 1}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "datePublished": report.checked_on.isoformat(),
        "claimReviewed": item.claim.quote,
        "author": {"@type": "Organization", "name": "natolab"},
        "reviewRating": rating,
        "itemReviewed": {"@type": "Claim", "datePublished": report.date.isoformat()},
        "reviewBody": item.finding.explanation,
        "citation": sorted({sid for e in item.finding.evidence for sid in e.source_ids}),
    }


def claim_reviews(report: CheckReport) -> list[dict[str, Any]]:
    """ClaimReview objects for every claim of a report."""
    return [claim_review(item, report) for item in report.claims]
