"""natolab's own gazetteer for claims: cue phrases, allies and events, and token patterns.

Why a lexicon rather than a model: the claims natolab can settle are about a closed world
(32 allies, a treaty of 14 articles, a handful of statutes, dated events), so phrases from
that world plus number patterns find them without any download, and every match is explainable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

CUES: dict[str, tuple[str, ...]] = {
    "ART5": ("article 5", "article v", "collective-defense clause", "collective defense clause",
             "collective-defence clause", "collective defence clause", "mutual defence clause",
             "mutual defense clause"),
    "ART4": ("article 4", "article iv"),
    "GDP": ("gdp", "g.d.p.", "gross domestic product", "national income", "economic output"),
    "SPEND": ("spend", "spends", "spent", "spending", "expenditure", "budget", "invests",
              "devotes", "devoted"),
    "JOINED": ("joined", "acceded", "became a member", "became the", "admitted",
               "member since", "an ally since", "a member of nato since"),
    "MOST": ("the most", "the highest", "the largest share", "the biggest spender",
             "the top spender", "the least", "the lowest", "the smallest share"),
    "GUIDELINE": ("guideline", "target", "pledge", "pledged", "committed", "agreed",
                  "commitment"),
    "INVOKE": ("invoked", "invoke", "invokes", "invoking", "invocation", "triggered"),
    "ONCE": ("once", "sole instance", "only instance", "only time", "first time", "sole time",
             "only once", "first and only"),
    "NEVER": ("never",),
    "MEET": ("meeting", "meet", "meets", "met", "hitting", "hit", "hits", "reached", "reach",
             "reaching", "achieving", "achieved", "spending at least", "spend at least"),
    "WITHDRAW": ("withdraw", "withdrawal", "withdrawing", "withdrew", "exit", "leave nato",
                 "pull out", "denounce"),
    "TWO_THIRDS": ("two-thirds", "two thirds", "2/3"),
    "SENATE": ("senate", "senators"),
    "CONGRESS_OK": ("congressional approval", "act of congress", "approval of congress",
                    "consent of congress", "congressional consent", "congress's approval"),
    "FUNDS": ("appropriations", "appropriated funds", "federal funds", "funds", "funding"),
    "FLOOR": ("floor", "minimum number", "below 76,000"),
    "TROOPS": ("troops", "soldiers", "service members", "servicemembers", "forces"),
    "SACEUR": ("saceur", "supreme allied commander europe", "supreme allied commander"),
    "SECGEN": ("secretary-general", "secretary general"),
    "RELINQUISH": ("relinquish", "relinquishing", "give up", "cede"),
    "AMERICAN": ("an american", "a us officer", "a u.s. officer", "american officer",
                 "americans"),
    "CORE": ("core defence", "core defense", "core spending", "core defence spending",
             "core defense spending"),
    "NATO": ("nato", "the alliance", "north atlantic treaty organization", "atlantic alliance"),
    "NEW_MEMBER": ("new member", "newest member", "joined nato", "joined the alliance",
                   "became a member", "latest member"),
    "SUMMIT": ("summit",),
    "QUOTE_VERB": ("said", "says", "told", "argued", "claimed", "wrote", "declared"),
    "MODAL": ("would", "could", "might", "may", "should", "expected to", "likely to"),
}  # fmt: skip

# Event gazetteer: phrases that name one event in natolab's events facts (events.yaml ids).
EVENTS: dict[str, tuple[str, ...]] = {
    "hague_summit": ("summit in the hague", "hague summit", "summit of nato leaders in the hague",
                     "summit in the hague in june"),
    "warsaw_summit_efp": ("enhanced forward presence", "warsaw summit"),
    "sfor_to_eufor_althea": ("withdraw from bosnia", "left bosnia", "eufor althea"),
    "nato_support_act_house": ("nato support act",),
    "article5_eight_measures": ("eight measures",),
    "treaty_signed": ("north atlantic treaty", "washington treaty", "nato was founded",
                      "nato was formed", "nato was created", "alliance was founded",
                      "alliance was formed", "founding of nato", "nato's founding"),
    "madrid_summit": ("madrid summit", "summit in madrid"),
    "vilnius_summit": ("vilnius summit", "summit in vilnius"),
    "wales_summit": ("wales summit", "summit in wales", "newport summit", "in wales"),
    "washington_summit_2024": ("washington summit",),
    "purl_agreed": ("sell weapons to ukraine", "prioritised ukraine requirements list",
                    "prioritized ukraine requirements list", "purl"),
    "russia_full_scale_invasion": ("russian invasion of ukraine", "russia invaded ukraine",
                                   "full-scale invasion"),
    "eagle_assist_start": ("operation eagle assist",),
    "active_endeavour_start": ("operation active endeavour", "operation active endeavor"),
    "isaf_nato_command": ("isaf",),
}  # fmt: skip

# Article numbers and the words that name their subject (treaty.yaml titles, in our words).
ARTICLE_TOPICS: dict[int, tuple[str, ...]] = {
    3: ("self-help", "mutual aid", "capacity to resist"),
    4: ("consult", "consultation", "consultations"),
    5: ("attack against them all", "attack on all", "deems necessary", "collective defen"),
    6: ("tropic of cancer", "territory", "north of the tropic"),
    10: ("invite", "invitation", "unanimous", "accession"),
    13: ("withdraw", "withdrawal", "denounc", "notice", "leave"),
}

TOKEN_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "PERCENT": [
        [{"LIKE_NUM": True}, {"LOWER": {"IN": ["%", "percent"]}}],
        [{"LIKE_NUM": True}, {"LOWER": "per"}, {"LOWER": "cent"}],
        [{"TEXT": {"REGEX": r"^\d+(\.\d+)?%$"}}],
    ],
    "YEAR": [[{"TEXT": {"REGEX": r"^(19[4-9]\d|20[0-4]\d)$"}}]],
    "COUNT": [
        [{"LIKE_NUM": True}, {"LOWER": "of"}, {"LOWER": {"IN": ["them", "the", "its", "nato"]}}],
        [{"LIKE_NUM": True}, {"LOWER": {"IN": ["allies", "members", "countries", "nations"]}}],
        [{"LOWER": {"IN": ["all", "every"]}}, {"LOWER": {"IN": ["allies", "members"]}}],
    ],
}


@lru_cache(maxsize=1)
def ally_terms() -> dict[str, str]:
    """Name, short form and demonym of every ally -> ISO3, from natolab's allies data."""
    from natolab.data.allies import load_allies

    terms: dict[str, str] = {}
    for row in load_allies().itertuples():
        terms[str(row.name).lower()] = str(row.iso3)
    extra = {
        "the uk": "GBR", "britain": "GBR", "great britain": "GBR", "british": "GBR",
        "the us": "USA", "the u.s.": "USA", "america": "USA", "united states": "USA",
        "american": "USA", "turkey": "TUR", "türkiye": "TUR", "turkish": "TUR",
        "german": "DEU", "french": "FRA", "polish": "POL", "finnish": "FIN", "swedish": "SWE",
        "spanish": "ESP", "italian": "ITA", "dutch": "NLD", "the netherlands": "NLD",
        "canadian": "CAN", "norwegian": "NOR", "danish": "DNK", "estonian": "EST",
        "latvian": "LVA", "lithuanian": "LTU", "greek": "GRC", "czechia": "CZE",
        "north macedonia": "MKD", "montenegro": "MNE",
    }  # fmt: skip
    terms.update(extra)
    return terms


def phrase_terms() -> dict[str, list[str]]:
    """Every PhraseMatcher label and its terms: cues, ``EVENT:<id>`` and ``ALLY:<iso3>``."""
    terms: dict[str, list[str]] = {label: list(words) for label, words in CUES.items()}
    for event_id, words in EVENTS.items():
        terms[f"EVENT:{event_id}"] = list(words)
    for word, iso3 in ally_terms().items():
        terms.setdefault(f"ALLY:{iso3}", []).append(word)
    return terms
