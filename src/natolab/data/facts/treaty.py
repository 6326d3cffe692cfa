"""The North Atlantic Treaty (articles 1-14), its key dates and the Council's consensus rule.

The rules layer reads Articles 4, 5, 6, 10 and 13 from here: the operative ``rule`` of each
article stays a mapping (its keys differ per article), but the dates and the Article 6 coverage
examples that procedures compute with are typed.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, ClassVar

from pydantic import Field

from natolab.data.facts._load import (
    Cited,
    FactsFile,
    FactsInput,
    IsoDate,
    Open,
    Sourced,
    Url,
    by_id,
    parse,
)
from natolab.errors import FactsError

FILE = "treaty.yaml"


class TreatyMeta(Sourced):
    """Header of the file; cites the pages where the treaty text was read."""

    url_keys: ClassVar[tuple[str, ...]] = ("text_sources_consulted",)
    text_sources_consulted: tuple[Url, ...] = ()


class DatedFact(Sourced):
    """A dated milestone (signature, entry into force, Senate consent, ...)."""

    date: IsoDate


class TreatyDates(Open):
    """The treaty's dates; ``withdrawal_available_from`` is derived (in force + 20 years)."""

    signed: DatedFact
    entered_into_force: DatedFact
    us_senate_advice_and_consent: DatedFact
    us_became_party: DatedFact
    withdrawal_available_from: DatedFact
    depositary: str
    authentic_languages: tuple[str, ...]
    article6_amendment: Sourced
    algerian_departments: Sourced


class Invocation(Open):
    """One invocation of an article (Article 5: 12 September 2001, the only one)."""

    date: IsoDate
    note: str = ""


class CoverageExample(Sourced):
    """Whether a place falls under Article 6; ``covered`` is text when the answer is contested."""

    place: str
    covered: bool | str
    why: str = ""

    @property
    def settled(self) -> bool:
        """True when the sources give a yes/no answer rather than a contested one."""
        return isinstance(self.covered, bool)


class ArticleRule(Open):
    """Machine-usable encoding of an article; keys vary per article, dates typed.

    Article 4's ``consequence`` and ``obligation_beyond_consultation`` are typed because the
    rules quote them.
    """

    available_from: IsoDate | None = None
    first_session: IsoDate | None = None
    actual_entry_into_force: IsoDate | None = None
    invocations: tuple[Invocation, ...] = ()
    coverage_examples: tuple[CoverageExample, ...] = ()
    consequence: str | None = None
    obligation_beyond_consultation: str | None = None


class Article(Cited):
    """One article: our paraphrase (not treaty text), its rule and where it was read."""

    number: int = Field(ge=1, le=14)
    title: str
    summary: str
    rule: ArticleRule


class ConsensusRule(Cited):
    """NAC decisions by consensus: practice since 1949, not treaty text."""

    summary: str
    rule: dict[str, Any]


class Treaty(FactsFile):
    """The whole of treaty.yaml."""

    meta: TreatyMeta
    dates: TreatyDates
    articles: tuple[Article, ...]
    nac_consensus_rule: ConsensusRule

    def article(self, number: int) -> Article:
        """Article ``number`` (1-14)."""
        return by_id(self.articles, number, "article", key="number")

    @property
    def signed(self) -> date:
        return self.dates.signed.date

    @property
    def entered_into_force(self) -> date:
        return self.dates.entered_into_force.date

    @property
    def withdrawal_available_from(self) -> date:
        """First day a party may give notice under Article 13."""
        return self.dates.withdrawal_available_from.date

    @property
    def article5_invocations(self) -> tuple[Invocation, ...]:
        return self.article(5).rule.invocations

    @property
    def coverage_examples(self) -> tuple[CoverageExample, ...]:
        """Article 6 examples (Canary Islands, Ceuta and Melilla, Greenland, Hawaii, ...)."""
        return self.article(6).rule.coverage_examples

    def coverage_example(self, place: str) -> CoverageExample:
        """The Article 6 example whose place starts with ``place`` (``"Canary"``, ``"Hawaii"``)."""
        for example in self.coverage_examples:
            if example.place.startswith(place):
                return example
        known = ", ".join(e.place for e in self.coverage_examples)
        raise FactsError(FILE, "articles.6.rule.coverage_examples", f"no {place!r}; has {known}")


@cache
def load_treaty(source: FactsInput = None) -> Treaty:
    """Load treaty.yaml (or a path / YAML text); articles 1-14 must each appear once."""
    treaty = parse(Treaty, FILE, source)
    numbers = [a.number for a in treaty.articles]
    if sorted(numbers) != list(range(1, 15)):
        raise FactsError(FILE, "articles", f"expected articles 1-14 once each, got {numbers}")
    return treaty
