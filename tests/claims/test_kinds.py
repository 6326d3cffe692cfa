"""Each claim kind on sentences of the kind news articles print, with public answers.

Expected verdicts come from public sources named beside each case (NATO's June 2024
defence-expenditure release, nato.int on Articles 4/5 and accessions, 22 U.S.C. 1928f, the
treaty), never from natolab's output.
"""

from __future__ import annotations

import pytest

from natolab.alliance import Alliance
from natolab.claims import check
from natolab.store import Store

JULY_2024 = "2024-07-01"  # after NATO's June 2024 release (PR/CP(2024)081)

CASES = [
    # NATO June 2024 release: Poland 4.12%, Germany 2.12%, Spain 1.28% (2024e); 23 allies at 2%.
    ("Poland spent 4.1% of GDP on defence in 2024.", "ally_share", "accurate (rounded)"),
    ("Poland spent 3% of GDP on defence in 2024.", "ally_share", "inaccurate"),
    ("Spain spends about 1.3% of GDP on its military in 2024.", "ally_share", "accurate (rounded)"),
    ("23 of 32 allies meet the 2% target in 2024.", "allies_meeting_target", "accurate"),
    ("In 2024, 28 allies met the 2% guideline.", "allies_meeting_target", "inaccurate"),
    # June 2024 release: 10 allies at 2% in 2023, 23 in 2024.
    ("23 of 32 allies met the 2% target in 2023.", "allies_meeting_target", "imprecise"),
    # nato.int, "Reasons for Article 4 consultations": invoked seven times (2003-2022).
    ("Article 4 has been invoked seven times.", "article4_invocation", "accurate"),
    # Eight allies (Poland and the Baltics among them) requested consultations on 24 Feb 2022;
    # Türkiye's requests: 2003, 2012, 2015, 2020.
    ("Poland and Lithuania invoked Article 4 in 2022.", "article4_invocation", "accurate"),
    ("Turkey invoked Article 4 in 2019.", "article4_invocation", "inaccurate"),
    # nato.int, "Collective defence and Article 5": invoked once, 12 September 2001.
    ("Article 5 has been invoked only once, after the 9/11 attacks.", "article5_invocation",
     "accurate"),
    ("Article 5 has never been invoked.", "article5_invocation", "false"),
    ("Article 5 has been invoked twice.", "article5_invocation", "inaccurate"),
    # Sweden: 32nd ally, 7 March 2024; Finland: 4 April 2023.
    ("Sweden joined NATO in 2024, becoming the 32nd member.", "membership", "accurate"),
    ("Finland joined NATO in 2022.", "membership", "inaccurate"),
    # Poland: member since 12 March 1999 (NATO member countries page).
    ("Poland has been a member of NATO since 1999.", "membership", "accurate"),
    ("Poland has been a member of NATO since 2004.", "membership", "inaccurate"),
    # North Atlantic Treaty signed 4 April 1949.
    ("NATO was founded in 1949 to deter the Soviet Union.", "event_date", "accurate"),
    ("NATO was founded in 1951.", "event_date", "inaccurate"),
    ("NATO's 31 members agreed on a new plan.", "member_count", "inaccurate"),
    ("The 32-member alliance meets in Washington.", "member_count", "accurate"),
    # Treaty Article 13: effective one year after notice of denunciation.
    ("Under Article 13, a member can withdraw one year after giving notice.", "treaty_article",
     "accurate"),
    ("Under Article 13, a member can leave six months after giving notice.", "treaty_article",
     "inaccurate"),
    # 22 U.S.C. 1928f: two-thirds of Senators present OR an Act of Congress; 180 days' notice.
    ("A 2023 law bars any president from withdrawing from NATO without two-thirds of the Senate.",
     "us_withdrawal_law", "imprecise"),
    ("The law requires 90 days notice to Congress before a withdrawal.", "us_withdrawal_law",
     "inaccurate"),
    ("Congress passed a law in 2021 requiring congressional approval to withdraw from NATO.",
     "us_withdrawal_law", "inaccurate"),
    # nato.int news_113404 (2014): Rasmussen's term ended 30 September 2014 after 5 years and
    # 2 months (from August 2009); de Hoop Scheffer served January 2004 - August 2009.
    ("Anders Fogh Rasmussen, the former Prime Minister of Denmark, who was NATO's "
     "secretary-general from 2009 to 2014, spoke.", "office_term", "accurate"),
    ("Anders Fogh Rasmussen, who was NATO's secretary-general from 2009 to 2012, spoke.",
     "office_term", "inaccurate"),
    ("Jaap de Hoop Scheffer, who was NATO's secretary-general from 2004 to 2009, spoke.",
     "office_term", "accurate"),
    # Mark Rutte took office on 1 October 2024 (govconexec.com, news.az, Oct 2024), succeeding
    # Jens Stoltenberg; judged as of JULY_2024, Stoltenberg was still in office.
    ("NATO Secretary General Jens Stoltenberg spoke in Washington.", "office_holder", "accurate"),
    ("NATO Secretary General Mark Rutte spoke in Washington.", "office_holder", "inaccurate"),
    ("NATO Secretary General John Smith spoke in Washington.", "office_holder", "false"),
    ("Former NATO Secretary General Anders Fogh Rasmussen spoke.", "office_holder", "accurate"),
    # NATO's London Leaders' Meeting was held on 3-4 December 2019 (nato.int).
    ("At the 2019 London summit in December, leaders agreed on space as a domain.", "event_date",
     "accurate"),
    ("At the summit held in March 2019, leaders agreed on space as a domain.", "event_date",
     "inaccurate"),
    # NATO June 2024 release (2024e): Poland highest share (4.12%); the US highest in dollars.
    ("Poland spends the most on defence as a share of GDP in 2024.", "rank", "accurate"),
    ("Estonia spends the most on defence as a share of GDP in 2024.", "rank", "inaccurate"),
    ("The United States spends the most on defence.", "rank", "accurate"),
    # Wales Summit Declaration (2014) para. 14: move towards 2% within a decade; Riga 2006.
    ("In 2014, at the Wales summit, allies pledged to move towards 2% of GDP within a decade.",
     "guideline", "accurate"),
    ("In 2016, allies agreed to spend 2% of GDP on defence by 2024.", "guideline", "inaccurate"),
    ("Allies agreed in 2014 to reach the 2% target by 2030.", "guideline", "inaccurate"),
    # NATO June 2024 release (2024e, current prices): total $1,474bn, US $967.7bn,
    # Europe and Canada $506.7bn, +17.9% in real terms; US about two-thirds of the total.
    ("NATO allies spent $1.47 trillion on defence in 2024.", "amount", "accurate"),
    ("NATO allies spent about $1.5 trillion on defence in 2024.", "amount", "accurate (rounded)"),
    ("NATO allies spent $1.2 trillion on defence in 2024.", "amount", "inaccurate"),
    ("The United States spent $967 billion on defence in 2024.", "amount", "accurate"),
    ("European allies and Canada spent $380 billion in 2024.", "amount", "inaccurate"),
    ("Defence spending by European allies and Canada rose 18% in real terms in 2024.", "growth",
     "accurate"),
    ("Defence spending by European allies and Canada rose 5% in real terms in 2024.", "growth",
     "inaccurate"),
    ("The US accounts for two-thirds of NATO's defence spending in 2024.", "us_share",
     "accurate (rounded)"),
    ("The US accounts for 90% of NATO defence spending.", "us_share", "inaccurate"),
    ("France spent EUR 50 billion on defence in 2024 (€50 billion).", "amount", "unverifiable"),
]  # fmt: skip


@pytest.fixture(scope="module")
def nato(built_store_file) -> Alliance:
    return Alliance(on=JULY_2024, store=Store(built_store_file))


@pytest.mark.parametrize(("sentence", "kind", "verdict"), CASES)
def test_kind_and_verdict(nato: Alliance, sentence: str, kind: str, verdict: str) -> None:
    report = check(sentence, JULY_2024, nato)
    found = [(c.claim.kind, c.finding.verdict.value) for c in report.claims]
    assert (kind, verdict) in found, found


def test_evidence_names_release_and_sources(nato: Alliance) -> None:
    claim = check("Poland spent 4.1% of GDP on defence in 2024.", JULY_2024, nato).claims[0]
    evidence = claim.finding.evidence[0]
    assert evidence.release == "nato-2024-06" and evidence.source_ids
    assert claim.claim.reading["subject"] == "POL" and claim.claim.reading["year"] == 2024


def test_quotes_and_predictions_are_not_judged(nato: Alliance) -> None:
    text = (
        '"Article 5 has been invoked twice," a senator said.\n'
        "Analysts say 30 of 32 allies would meet the 2% target in 2024 if budgets hold."
    )
    verdicts = [c.finding.verdict.value for c in check(text, JULY_2024, nato).claims]
    assert verdicts == ["not a factual claim", "not a factual claim"]


def test_no_claims_in_unrelated_text(nato: Alliance) -> None:
    text = "The weather in Brussels was mild. Leaders ate dinner and talked about football."
    assert check(text, JULY_2024, nato).claims == ()


def test_offsets_point_at_the_quote(nato: Alliance) -> None:
    text = "Intro line.\nArticle 4 has been invoked seven times, most recently in 2022."
    item = check(text, JULY_2024, nato).claims[0]
    assert text[item.claim.start : item.claim.end] == item.claim.quote
    assert item.claim.start == len("Intro line.\n")


def test_troop_levels_against_the_latest_count(built_store_file) -> None:
    """Pentagon, December 2025 (FY2026 NDAA debate): roughly 100,000 US troops in Europe."""
    day = "2026-01-15"
    nato = Alliance(on=day, store=Store(built_store_file))
    right = check("The US has about 100,000 troops stationed in Europe.", day, nato).claims[0]
    wrong = check("The US has 40,000 troops in Europe.", day, nato).claims[0]
    assert right.finding.verdict.value == "accurate"
    assert wrong.finding.verdict.value == "inaccurate"
    assert right.finding.evidence[0].source_ids


def test_nordic_accession_evidence_is_cited(nato: Alliance) -> None:
    """Finland applied on 18 May 2022 and joined on 4 April 2023 (nato.int, 4 April 2023)."""
    report = check("Finland joined NATO in 2023.", JULY_2024, nato)
    (item,) = report.claims
    assert item.finding.verdict.value == "accurate"
    (evidence,) = item.finding.evidence
    assert "2022-05-18" in evidence.says and "2023-04-04" in evidence.says
    assert "nordic_accession" in (evidence.citation or "") and "https://" in (
        evidence.citation or ""
    )
