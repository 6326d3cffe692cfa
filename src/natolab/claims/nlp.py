"""The one spaCy pipeline: a blank English tokenizer, a sentencizer and natolab's matchers.

Blank on purpose: no statistical model is downloaded or loaded, so checking is offline,
fast and reproducible. Built once per process (it is the costly part of start-up).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from natolab.claims import lexicon

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher


@lru_cache(maxsize=1)
def pipeline() -> tuple[Language, PhraseMatcher, Matcher]:
    """The tokenizer + sentencizer, the phrase matcher (cues, allies, events), the token matcher."""
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 6_000_000
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, terms in lexicon.phrase_terms().items():
        phrases.add(label, [nlp.make_doc(term) for term in terms])
    tokens = Matcher(nlp.vocab)
    for label, patterns in lexicon.TOKEN_PATTERNS.items():
        tokens.add(label, patterns)
    return nlp, phrases, tokens
