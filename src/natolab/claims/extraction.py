"""Finding checkable claims: sentences with the cues of one claim kind, read into a structure.

Each detector looks at one sentence's matched cues (phrases, numbers, years) and either
returns a structured reading (subject, metric, year, comparator, value, unit) or nothing.
Sentences whose cues sit inside a quotation, or that speak in the conditional, are
reported as "not a factual claim" rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from natolab.claims import numbers
from natolab.claims.lexicon import ARTICLE_TOPICS
from natolab.claims.nlp import pipeline

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
NEAR = 90  # characters between an event's name and the date that dates it
COUNT_WORDS = rf"(?:\d+|{numbers.NUMBER_WORD})(?:[\s-](?:{numbers.NUMBER_WORD}))?"


@dataclass
class Sentence:
    """One sentence, where it is, the cue labels found in it and the years it names."""

    text: str
    start: int
    labels: dict[str, list[tuple[int, int]]]
    years: list[int]
    context_year: int | None

    def has(self, *labels: str) -> bool:
        return all(label in self.labels for label in labels)

    def any(self, *labels: str) -> bool:
        return any(label in self.labels for label in labels)

    def prefixed(self, prefix: str) -> list[str]:
        return [label.split(":", 1)[1] for label in self.labels if label.startswith(prefix)]


@dataclass
class Claim:
    """A checkable statement: verbatim quote with offsets, kind and structured reading."""

    quote: str
    start: int
    end: int
    kind: str
    reading: dict[str, Any] = field(default_factory=dict)


def sentences(text: str) -> list[Sentence]:
    """Split into sentences (also at line breaks) with their cue labels and years."""
    nlp, phrases, tokens = pipeline()
    doc = nlp(text)
    found: dict[int, dict[str, list[tuple[int, int]]]] = {}
    sent_of = [0] * len(doc)
    spans = _sentence_spans(doc)
    for index, (first, last) in enumerate(spans):
        for i in range(first, last):
            sent_of[i] = index
    for match_id, begin, end in [*phrases(doc), *tokens(doc)]:
        label = nlp.vocab.strings[match_id]
        span = doc[begin:end]
        found.setdefault(sent_of[begin], {}).setdefault(label, []).append(
            (span.start_char, span.end_char)
        )
    result: list[Sentence] = []
    last_year: int | None = None
    for index, (first, last) in enumerate(spans):
        span = doc[first:last]
        labels = found.get(index, {})
        years = [int(text[s:e]) for s, e in labels.get("YEAR", [])]
        result.append(Sentence(span.text, span.start_char, labels, years, last_year))
        last_year = years[-1] if years else last_year
    return result


def _sentence_spans(doc: Any) -> list[tuple[int, int]]:
    """Token ranges of sentences, cut again at newlines (bullets and headlines end sentences)."""
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        first = sent.start
        for token in sent:
            if "\n" in token.text and token.i > first:
                spans.append((first, token.i))
                first = token.i + 1
        if first < sent.end:
            spans.append((first, sent.end))
    return [s for s in spans if doc[s[0] : s[1]].text.strip()]


def extract(text: str) -> list[Claim]:
    """Every claim the detectors find, in text order."""
    claims: list[Claim] = []
    for sentence in sentences(text):
        for kind, detector in DETECTORS:
            reading = detector(sentence)
            if reading is None:
                continue
            quote = sentence.text.strip()
            start = sentence.start + sentence.text.index(quote)
            if _not_factual(sentence, kind):
                reading = {**reading, "not_factual": _why_not_factual(sentence)}
            claims.append(Claim(quote, start, start + len(quote), kind, reading))
    return claims


def _inside_quotes(text: str, offset: int) -> bool:
    """Whether ``offset`` (relative to the sentence) falls within quotation marks."""
    before = text[:offset]
    curly = before.count("“") > before.count("”")
    straight = before.count('"') % 2 == 1
    return curly or straight


def _not_factual(sentence: Sentence, kind: str) -> bool:
    """Cues quoted from a speaker, or a conditional sentence, make no checkable claim."""
    if kind in ("treaty_article",):
        return False
    text = sentence.text

    def outside(label: str) -> list[int]:
        places = sentence.labels.get(label, [])
        return [
            s - sentence.start for s, _ in places if not _inside_quotes(text, s - sentence.start)
        ]

    cues = [
        label
        for label in sentence.labels
        if label not in ("YEAR", "NATO", "QUOTE_VERB", "MODAL") and not label.startswith("ALLY")
    ]
    quoted = bool(cues) and not any(outside(label) for label in cues)
    modal = bool(outside("MODAL")) and kind != "event_date"
    return quoted or modal


def _why_not_factual(sentence: Sentence) -> str:
    return "a prediction or conditional" if sentence.has("MODAL") else "a quotation"


# --- detectors: one per claim kind -------------------------------------------------------


def article5_invocation(s: Sentence) -> dict[str, Any] | None:
    """ "Article 5 has been invoked once / for the first time (on 12 September 2001)"."""
    if not (s.has("ART5", "INVOKE")) or s.has("ART4"):
        return None
    low = s.text.lower()
    count: int | None = 1 if s.has("ONCE") else None
    if re.search(r"\btwice\b|\btwo times\b", low):
        count = 2
    if s.has("NEVER"):
        count = 0
    return {
        "subject": "Article 5",
        "metric": "invocations",
        "comparator": "=",
        "value": count,
        "unit": "times",
        "year": s.years[0] if s.years else None,
        "date": _date_in(s.text),
    }


def allies_meeting_target(s: Sentence) -> dict[str, Any] | None:
    """ "Only five of them were hitting the 2% target", "fewer than a quarter met 2%"."""
    low = s.text.lower()
    percents = [_percent(s, span) for span in s.labels.get("PERCENT", [])]
    if not (s.has("MEET") and 2.0 in percents):
        return None
    share = re.search(
        rf"(fewer than|less than|more than|over|under|nearly|almost|about)?\s*"
        rf"({numbers.FRACTION_WORD})\s+(?:of\s+)?(?:the\s+)?(?:nato|allies|members)",
        low,
    )
    if share:
        value = numbers.fraction(share.group(2))
        return _count_reading(s, _comparator(share.group(1)), value, "share of allies")
    count = re.search(
        rf"(only|just|fewer than|more than|at least|all but)?\s*\b({COUNT_WORDS}|all)\b\s+"
        rf"(?:of (?:them|the \d+|its|nato'?s?|\d+|the alliance'?s?)|(?:nato )?allies|members|"
        rf"countries|nations|member states)",
        low,
    )
    if not count:
        return None
    value = 32.0 if count.group(2) == "all" else numbers.word_number(count.group(2))
    if value is None or value > 40:
        return None
    return _count_reading(s, _comparator(count.group(1)), value, "allies")


def _count_reading(s: Sentence, comparator: str, value: float | None, unit: str) -> dict:
    year = s.years[0] if s.years else s.context_year
    return {
        "subject": "NATO allies",
        "metric": "allies at or above 2% of GDP",
        "year": year,
        "year_from_context": not s.years,
        "comparator": comparator,
        "value": value,
        "unit": unit,
        "target_pct_gdp": 2.0,
    }


def _comparator(word: str | None) -> str:
    word = (word or "").strip()
    if word in ("fewer than", "less than", "under"):
        return "<"
    if word in ("more than", "over"):
        return ">"
    if word == "at least":
        return ">="
    if word in ("nearly", "almost", "about"):
        return "~"
    return "="


def _percent(s: Sentence, span: tuple[int, int]) -> float | None:
    text = s.text[span[0] - s.start : span[1] - s.start].lower()
    head = re.split(r"\s|%", text)[0]
    return numbers.word_number(head)


def us_withdrawal_law(s: Sentence) -> dict[str, Any] | None:
    """US law on withdrawal: who must consent (two-thirds of the Senate, Congress), funds."""
    if not s.has("WITHDRAW"):
        return None
    paths = []
    if s.has("TWO_THIRDS", "SENATE"):
        paths.append("senate_two_thirds")
    if s.has("CONGRESS_OK"):
        paths.append("act_of_congress")
    funds = s.has("FUNDS") and bool(re.search(r"prevent|bar|prohibit|no funds|tighten", s.text))
    days = re.search(r"\b(\d{2,3})[\s-]days?\b", s.text)
    if (
        not paths
        and not funds
        and not (days and s.has("SENATE") or days and "congress" in s.text.lower())
    ):
        return None
    return {
        "subject": "US withdrawal from NATO",
        "metric": "conditions in US law",
        "paths": paths,
        "funds_barred": funds,
        "year": _law_year(s.text),
        "notice_days": int(days.group(1)) if days else None,
        "asserts_law": bool(re.search(r"\b(law|passed|enacted|signed|statute)\b", s.text)),
        "names_bill": "nato support act" in s.text.lower() or bool(re.search(r"\bNSA\b", s.text)),
    }


def article4_invocation(s: Sentence) -> dict[str, Any] | None:
    """ "Article 4 has been invoked seven times"."""
    if not (s.has("ART4", "INVOKE")):
        return None
    low = s.text.lower()
    match = re.search(rf"\b({COUNT_WORDS})\s+times\b", low)
    count = numbers.word_number(match.group(1)) if match else None
    if count is None and re.search(r"\btwice\b", low):
        count = 2
    if count is None and s.has("ONCE"):
        count = 1
    allies = sorted(set(s.prefixed("ALLY:")))
    if count is None and allies and s.years:
        return {"subject": "Article 4", "metric": "requested by", "requesters": allies,
                "year": s.years[0]}  # fmt: skip
    if count is None:
        return None
    return {"subject": "Article 4", "metric": "invocations", "comparator": "=",
            "value": count, "unit": "times"}  # fmt: skip


def ally_share(s: Sentence) -> dict[str, Any] | None:
    """ "Poland spent 4.1% of GDP on defence in 2024": one ally's share in a year."""
    allies = s.prefixed("ALLY:")
    if len(set(allies)) != 1 or not s.has("GDP", "SPEND") or not s.labels.get("PERCENT"):
        return None
    if s.has("CORE") or "target" in s.text.lower() or "pledge" in s.text.lower():
        return None
    low = s.text.lower()
    values = [v for v in (_percent(s, span) for span in s.labels["PERCENT"]) if v is not None]
    if len(values) != 1 or not 0.1 <= values[0] <= 10:
        return None
    approx = re.search(r"\b(about|around|roughly|nearly|almost|some|approximately)\b", low)
    return {
        "subject": allies[0],
        "metric": "defence expenditure, share of GDP",
        "year": s.years[-1] if s.years else s.context_year,
        "comparator": "~" if approx else "=",
        "value": values[0],
        "unit": "% of GDP",
    }


def member_count(s: Sentence) -> dict[str, Any] | None:
    """ "NATO's 32 members", "the 32-nation alliance": the number of allies on the date."""
    low = s.text.lower()
    match = re.search(
        rf"\b({COUNT_WORDS})[\s-](?:member|nation|country)[\s-]?(?:alliance|bloc|nato)\b", low
    ) or re.search(rf"\bnato'?s?\s+({COUNT_WORDS})\s+(?:members|allies|member states)\b", low)
    match = match or re.search(
        rf"\b(?:all|the)\s+({COUNT_WORDS})\s+(?:nato\s+)?(?:allies|member states)\b", low
    )
    if not match or (s.has("MEET") and "PERCENT" in s.labels):
        return None
    value = numbers.word_number(match.group(1))
    if value is None or not 12 <= value <= 40:
        return None
    return {"subject": "NATO", "metric": "members", "value": value, "unit": "allies"}


def rank(s: Sentence) -> dict[str, Any] | None:
    """ "Poland spends the most on defence as a share of GDP": an ally's rank among allies."""
    allies = s.prefixed("ALLY:")
    if len(set(allies)) != 1 or not s.has("MOST", "SPEND") or s.labels.get("PERCENT"):
        return None
    low = s.text.lower()
    top = not re.search(r"the (least|lowest|smallest)", low)
    measure = "pct_gdp" if s.has("GDP") or "share" in low else "usd_current_m"
    return {
        "subject": allies[0],
        "metric": f"rank by {measure}",
        "measure": measure,
        "value": "highest" if top else "lowest",
        "year": s.years[-1] if s.years else None,
    }


def guideline(s: Sentence) -> dict[str, Any] | None:
    """ "In 2014 allies agreed to move towards 2% within a decade": when and what was agreed."""
    percents = [_percent(s, span) for span in s.labels.get("PERCENT", [])]
    if 2.0 not in percents or not s.has("GUIDELINE") or allies_meeting_target(s) is not None:
        return None
    low = s.text.lower()
    agreed = [y for y in s.years if y <= 2023]
    deadline = re.search(r"\bby (20\d\d)\b", low)
    decade = "within a decade" in low or "within ten years" in low
    if not agreed and not deadline and not decade:
        return None
    return {
        "subject": "NATO spending guideline",
        "metric": "2% of GDP: agreed, deadline",
        "value": 2.0,
        "year": agreed[0] if agreed else None,
        "deadline": int(deadline.group(1))
        if deadline
        else (agreed[0] + 10 if decade and agreed else None),
        "wales": bool(s.labels.get("EVENT:wales_summit")),
    }


def _group(s: Sentence) -> str | None:
    """Whose money: one ally, Europe and Canada, or the alliance as a whole."""
    low = s.text.lower()
    if re.search(
        r"europe(an allies)? and canada|european allies|non-us allies|non-u\.s\. allies", low
    ):
        return "NATO_EUR_CAN"
    allies = set(s.prefixed("ALLY:"))
    if len(allies) == 1:
        return allies.pop()
    if not allies and (s.has("NATO") or re.search(r"\ballies\b", low)):
        return "NATO_TOTAL"
    return None


def amount(s: Sentence) -> dict[str, Any] | None:
    """ "NATO allies spent $1.47 trillion on defence in 2024": money spent by whom, when."""
    found = numbers.money(s.text)
    if found is None or not s.has("SPEND") or not s.years:
        return None
    group = _group(s)
    if group is None or numbers.MONEY.search(s.text) is None:
        return None
    value, currency = found
    approx = re.search(
        r"\b(about|around|roughly|nearly|almost|some|over|more than)\b", s.text.lower()
    )
    return {
        "subject": group,
        "metric": "defence expenditure, current US dollars",
        "year": s.years[-1],
        "value": value,
        "unit": currency,
        "comparator": "~" if approx else "=",
        "digits": _significant(numbers.MONEY.search(s.text).group("num")),  # type: ignore[union-attr]
    }


def _significant(number: str) -> int:
    digits = number.replace(",", "").replace(".", "").lstrip("0")
    return max(len(digits.rstrip("0")) if "." not in number else len(digits), 1)


def growth(s: Sentence) -> dict[str, Any] | None:
    """ "Spending by European allies and Canada rose 18% in real terms in 2024"."""
    low = s.text.lower()
    match = re.search(
        r"\b(?:rose|increased|grew|jumped|went up|rise|increase|growth|up)\b(?: of| by)?\s+"
        r"(\d+(?:\.\d+)?)\s?(?:%|per cent|percent)",
        low,
    )
    if (
        not match
        or not s.years
        or not re.search(r"real terms|constant|after inflation|real\b", low)
    ):
        return None
    group = _group(s)
    if group is None:
        return None
    return {
        "subject": group,
        "metric": "real growth of defence expenditure",
        "year": s.years[-1],
        "value": float(match.group(1)),
        "unit": "% a year, constant prices",
    }


def us_share(s: Sentence) -> dict[str, Any] | None:
    """ "The US accounts for two-thirds of NATO's defence spending"."""
    low = s.text.lower()
    if "ALLY:USA" not in s.labels or not s.has("SPEND") or not s.has("NATO"):
        return None
    match = re.search(
        rf"\b(?:accounts? for|makes? up|provides?|pays?|contributes?|represents?)\s+"
        rf"(?:about |around |roughly |nearly |almost |over |more than )?"
        rf"({numbers.FRACTION_WORD}|\d+(?:\.\d+)?\s?(?:%|per cent|percent))",
        low,
    )
    if not match:
        return None
    text = match.group(1)
    value = numbers.fraction(text)
    if value is None:
        value = float(re.match(r"\d+(?:\.\d+)?", text).group(0)) / 100  # type: ignore[union-attr]
    return {
        "subject": "USA",
        "metric": "US share of NATO defence spending",
        "year": s.years[-1] if s.years else None,
        "value": value,
        "unit": "share",
    }


def _law_year(text: str) -> int | None:
    """The year a law is said to have been passed or signed ("passed a law in 2023")."""
    match = re.search(
        r"\b(?:passed|enacted|signed|adopted|law)\b[^.;]{0,30}?\bin ((?:19|20)\d\d)", text
    )
    return int(match.group(1)) if match else None


def us_troop_floor(s: Sentence) -> dict[str, Any] | None:
    """ "A floor for the number of US troops in Europe" (NDAA FY2026)."""
    if not (s.has("FLOOR", "TROOPS")):
        return None
    value = _largest_number(s.text)
    return {"subject": "US forces in Europe", "metric": "statutory floor", "value": value}


def saceur(s: Sentence) -> dict[str, Any] | None:
    """SACEUR held by an American; US law bars relinquishing the post."""
    if not s.has("SACEUR") or re.search(r"\bfrom (19|20)\d\d to", s.text):
        return None
    if s.has("RELINQUISH"):
        return {"subject": "SACEUR", "metric": "US law bars relinquishing the post"}
    if s.has("AMERICAN") or "american" in s.text.lower():
        return {"subject": "SACEUR", "metric": "held by a US officer since 1951"}
    return None


def office_term(s: Sentence) -> dict[str, Any] | None:
    """ "X, who was NATO's supreme allied commander / secretary-general from 2009 to 2013"."""
    match = re.search(r"\bfrom ((?:19|20)\d\d) to ((?:19|20)\d\d)\b", s.text)
    if not match or not s.any("SACEUR", "SECGEN"):
        return None
    office = "SACEUR" if s.has("SACEUR") else "Secretary General"
    cue = min(a for label in ("SACEUR", "SECGEN") for a, _ in s.labels.get(label, [])) - s.start
    pattern = r"\b[A-Z][a-zà-ÿ]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-zà-ÿ]+)+"
    names = [m.group(0) for m in re.finditer(pattern, s.text) if m.end() <= cue]
    return {
        "subject": names[-1] if names else None,
        "names": names,
        "metric": office,
        "from_year": int(match.group(1)),
        "to_year": int(match.group(2)),
    }


SG_TITLE = re.compile(
    r"(?P<former>\b(?i:former|ex-)\s+)?(?:NATO(?:['’]s)?\s+|(?:its|the)\s+(?:current\s+)?)?"
    r"(?i:secretary[- ]general),?\s+(?P<name>[A-Z][a-zà-ÿ]+(?:\s+(?:de|van|von)?\s*[A-Z][a-zà-ÿ]+)+)"
)
SG_STARTED = re.compile(
    r"\btook (?:up|over) (?:the )?(?:job|post|office|role) in (?P<month>[A-Z][a-z]+)\b"
)


def office_holder(s: Sentence) -> dict[str, Any] | None:
    """ "NATO Secretary General Mark Rutte ...": who holds the office on the article's date."""
    match = SG_TITLE.search(s.text)
    if not match or re.search(r"\bfrom ((?:19|20)\d\d) to ((?:19|20)\d\d)\b", s.text):
        return None
    started = SG_STARTED.search(s.text[match.end() :])
    return {
        "subject": match.group("name"),
        "metric": "Secretary General",
        "tense": "former" if match.group("former") else "current",
        "started_month": started.group("month") if started else None,
    }


def spending_target(s: Sentence) -> dict[str, Any] | None:
    """The Hague pledge: 3.5% core + 1.5% related by 2035 (and Spain's position)."""
    percents = [_percent(s, span) for span in s.labels.get("PERCENT", [])]
    low = s.text.lower()
    hague = bool(re.search(r"\b2035\b|mid-2030s|the hague|hague summit", low))
    if not (3.5 in percents or (5.0 in percents and hague)):
        return None
    if not s.any("CORE", "NATO", "MEET", "GDP") and "defen" not in low:
        return None
    year = next((y for y in s.years if y >= 2026), None)
    if year is None and re.search(r"mid-2030s|mid 2030s", low):
        year = 2035
    return {
        "subject": "NATO spending pledge",
        "metric": "core defence share of GDP",
        "value": 3.5 if 3.5 in percents else None,
        "total": 5.0 if 5.0 in percents else None,
        "related": 1.5 if 1.5 in percents else None,
        "year": year,
        "year_approximate": year == 2035 and 2035 not in s.years,
        "unit": "% of GDP",
        "except_spain": "spain" in low,
    }


def duration(s: Sentence) -> dict[str, Any] | None:
    """ "For 74 years, NATO has ..." — evaluated at the article's date."""
    match = re.search(rf"\b(?:for|in its|over)\s+({COUNT_WORDS})\s+years\b", s.text.lower())
    if not match or not s.has("NATO"):
        return None
    value = numbers.word_number(match.group(1))
    if value is None or not 10 <= value <= 100:
        return None
    return {"subject": "NATO", "metric": "years since the treaty", "value": value, "unit": "years"}


def us_troops_europe(s: Sentence) -> dict[str, Any] | None:
    """US troop numbers in Europe or Germany, and shares of them."""
    low = s.text.lower()
    if not s.has("TROOPS") or not re.search(r"\beurope\b|\bgermany\b", low):
        return None
    value = _largest_number(s.text)
    if value is None or value < 1000:
        return None
    part = re.search(rf"({numbers.FRACTION_WORD}) of the", low)
    return {
        "subject": "US forces in Germany" if "germany" in low else "US forces in Europe",
        "metric": "added troops" if "additional" in low else "troops",
        "value": value,
        "fraction": numbers.fraction(part.group(1)) if part else None,
        "year": s.years[0] if s.years else s.context_year,
        "unit": "troops",
    }


def event_date(s: Sentence) -> dict[str, Any] | None:
    """A named event (summit, law, operation) with a date in the same sentence."""
    events = [label for label in s.labels if label.startswith("EVENT:")]
    months = _months(s.text)
    if not events and s.has("SUMMIT") and s.years and months:
        events = ["SUMMIT"]
    if not events or (not s.years and not months):
        return None
    anchor = s.labels[events[0]][0][0] - s.start
    near = [(int(s.text[a - s.start : b - s.start]), a - s.start)
            for a, b in s.labels.get("YEAR", []) if abs(a - s.start - anchor) <= NEAR]  # fmt: skip
    year = _nearest(near, anchor)
    month = _nearest([m for m in months if abs(m[1] - anchor) <= NEAR], anchor)
    if year is None and month is None:
        return None
    if year is None:  # "in June that year": the sentence's own earlier year, not a far one
        earlier = [int(s.text[a - s.start : b - s.start]) for a, b in s.labels.get("YEAR", [])
                   if a - s.start < anchor]  # fmt: skip
        year = earlier[-1] if earlier else None
    before = s.text[: anchor if year is None else s.text.find(str(year))].lower()
    relation = (
        "since" if "since" in before[-40:] else "by" if re.search(r"\bby\b", before[-40:]) else "in"
    )
    return {
        "subject": events[0].split(":", 1)[-1].lower(),
        "metric": "date",
        "year": year,
        "year_from_context": year is None,
        "context_year": s.context_year,
        "future": bool(re.search(r"\bwill\b", s.text)),
        "month": month,
        "relation": relation,
    }


def _nearest(found: list[tuple[int, int]], anchor: int) -> int | None:
    """The value whose position is closest to ``anchor`` (the event's cue)."""
    return min(found, key=lambda vp: abs(vp[1] - anchor))[0] if found else None


def _months(text: str) -> list[tuple[int, int]]:
    names = "|".join(m.capitalize() for m in MONTHS)
    return [
        (MONTHS.index(m.group(1).lower()) + 1, m.start())
        for m in re.finditer(rf"\b({names})\b", text)
    ]


def treaty_article(s: Sentence) -> dict[str, Any] | None:
    """ "Article 13 ... withdraw", "Article 5 ... such action as it deems necessary"."""
    match = re.search(r"\bArticle\s+(\d{1,2}|V|IV|X|XIII|VI)\b", s.text)
    if not match:
        return None
    roman = {"IV": 4, "V": 5, "VI": 6, "X": 10, "XIII": 13}
    number = roman.get(match.group(1)) or int(match.group(1))
    low = s.text.lower()
    own = any(w in low for w in ARTICLE_TOPICS.get(number, ()))
    others = [
        n for n, words in ARTICLE_TOPICS.items() if n != number and any(w in low for w in words)
    ]
    if not own and not others:
        return None
    if s.has("INVOKE") and number == 5:
        return None
    notice = re.search(
        rf"\b({COUNT_WORDS}|a|one)\s+(years?|months?)\s+(?:after|following|from)\s+"
        rf"(?:\w+\s+){{0,3}}(?:notice|notif|denunciation)",
        low,
    ) or re.search(rf"\bnotice(?: period)? of ({COUNT_WORDS}|a|one)\s+(years?|months?)\b", low)
    months = None
    if number == 13 and notice:
        amount = 1.0 if notice.group(1) in ("a", "one") else numbers.word_number(notice.group(1))
        months = amount * (12 if notice.group(2).startswith("year") else 1) if amount else None
    return {"subject": f"Article {number}", "metric": "what the article provides",
            "article": number, "own_topic": own, "other_topics": others,
            "notice_months": months}  # fmt: skip


def membership(s: Sentence) -> dict[str, Any] | None:
    """An ally called a new member, or said to have joined in a year."""
    allies = s.prefixed("ALLY:")
    joined = s.has("JOINED") and s.has("NATO")
    if len(set(allies)) != 1 or not (s.has("NEW_MEMBER") or joined):
        return None
    ordinal = re.search(r"\b(\d{2})(?:st|nd|rd|th) (?:member|ally)\b", s.text)
    return {
        "subject": allies[0],
        "metric": "accession",
        "year": s.years[0] if s.years and joined else None,
        "ordinal": int(ordinal.group(1)) if ordinal else None,
    }


def _largest_number(text: str) -> float | None:
    values = [numbers.word_number(m) for m in re.findall(r"\d[\d,]*\d|\d+", text)]
    words = re.findall(
        rf"\b(?:{numbers.NUMBER_WORD})(?:[\s-]+(?:thousand|hundred))+\b", text.lower()
    )
    values += [numbers.word_number(w) for w in words]
    plain = [v for v in values if v is not None and not 1900 <= v <= 2100]
    return max(plain) if plain else None


def _date_in(text: str) -> str | None:
    """A full date the rules found ("11 September 2001"), parsed by dateparser."""
    pattern = r"\b\d{1,2} (?:" + "|".join(m.capitalize() for m in MONTHS) + r") \d{4}\b"
    alt = r"\b(?:" + "|".join(m.capitalize() for m in MONTHS) + r") \d{1,2}, \d{4}\b"
    match = re.search(pattern, text) or re.search(alt, text)
    if not match:
        return None
    import dateparser

    parsed = dateparser.parse(match.group(0), languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


DETECTORS: list[tuple[str, Callable[[Sentence], dict[str, Any] | None]]] = [
    ("article5_invocation", article5_invocation),
    ("article4_invocation", article4_invocation),
    ("allies_meeting_target", allies_meeting_target),
    ("ally_share", ally_share),
    ("member_count", member_count),
    ("rank", rank),
    ("amount", amount),
    ("growth", growth),
    ("us_share", us_share),
    ("guideline", guideline),
    ("us_withdrawal_law", us_withdrawal_law),
    ("us_troop_floor", us_troop_floor),
    ("saceur", saceur),
    ("office_term", office_term),
    ("office_holder", office_holder),
    ("spending_target", spending_target),
    ("duration", duration),
    ("us_troops_europe", us_troops_europe),
    ("event_date", event_date),
    ("treaty_article", treaty_article),
    ("membership", membership),
]
