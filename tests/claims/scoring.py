"""Scoring the checker against the hand-labelled seed articles (labelled.yaml).

A checker's claim matches a labelled claim when their character spans overlap; each
labelled claim is matched at most once. Claims the checker reports as "not a factual claim"
are not counted as extractions (they are reported, not judged).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
LABELS = HERE / "labelled.yaml"
SEEDS = HERE / "seeds"
NOT_A_CLAIM = "not a factual claim"


@dataclass
class Label:
    article: str
    quote: str
    verdict: str
    settleable: bool
    start: int
    end: int


@dataclass
class Score:
    """Counts over all articles, and the (expected, got) verdict pairs."""

    extracted: int = 0
    matched_extracted: int = 0
    settleable: int = 0
    found_settleable: int = 0
    pairs: list[tuple[str, str, str]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found_settleable / self.settleable if self.settleable else 0.0

    @property
    def agreement(self) -> float:
        settled = [(e, g) for e, g, _ in self.pairs]
        return sum(e == g for e, g in settled) / len(settled) if settled else 0.0

    def confusion(self) -> str:
        """Expected (rows) against got (columns), as text."""
        counts = Counter((e, g) for e, g, _ in self.pairs)
        names = sorted({n for pair in counts for n in pair})
        width = max(len(n) for n in names) + 2
        head = "expected \\ got".ljust(width) + "".join(n[:12].rjust(14) for n in names)
        rows = [
            e.ljust(width) + "".join(str(counts.get((e, g), 0)).rjust(14) for g in names)
            for e in names
        ]
        return "\n".join([head, *rows])

    def summary(self) -> str:
        return (
            f"extraction recall {self.recall:.0%} ({self.found_settleable}/{self.settleable}), "
            f"precision {self.precision:.0%} ({self.matched_extracted}/{self.extracted}), "
            f"verdict agreement {self.agreement:.0%} ({len(self.pairs)} matched)"
        )


def load() -> dict[str, Any]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))["articles"]


def labels_for(name: str, article: dict[str, Any], text: str) -> list[Label]:
    """Labels with their spans located in the article's text (the quote must be verbatim)."""
    found = []
    for item in article["claims"]:
        start = text.find(item["quote"])
        if start < 0:
            raise AssertionError(f"{name}: label quote not in the article: {item['quote'][:60]}")
        end = start + len(item["quote"])
        found.append(Label(name, item["quote"], item["verdict"], item["settleable"], start, end))
    return found


def score_article(score: Score, labels: list[Label], claims: list[dict[str, Any]]) -> None:
    """Add one article's matches to ``score``."""
    free = list(labels)
    for claim in claims:
        if claim["verdict"] == NOT_A_CLAIM:
            continue
        score.extracted += 1
        hit = next((lb for lb in free if claim["start"] < lb.end and lb.start < claim["end"]), None)
        if hit is None:
            score.extras.append(claim["quote"][:80])
            continue
        free.remove(hit)
        score.matched_extracted += 1
        if hit.settleable:
            score.pairs.append((hit.verdict, claim["verdict"], hit.quote[:60]))
    for label in labels:
        if label.settleable:
            score.settleable += 1
            if label not in free:
                score.found_settleable += 1
            else:
                score.misses.append(label.quote[:80])
