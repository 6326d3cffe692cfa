"""Typed loaders of the bundled facts (treaty, US law, commitments, posture, events, operations).

Also natolab's own supplements (``load_accessions``, ``load_article4_requests``,
``load_secretaries_general``, ``load_nordic_accession``, ``load_council_episodes``,
``load_summits``, ``load_us_capability``), loaded the same way.

Each loader is cached, takes an optional path or YAML text (for tests), and rejects a malformed
file with :class:`natolab.errors.FactsError` naming the file, the key and the problem. Import
the loader you need from its module (``from natolab.data.facts.treaty import load_treaty``) or
from here. Every fact is a :class:`Sourced`: its ``source_ids`` resolve in the sources list.
"""

from __future__ import annotations

from natolab.data.facts._load import PartialDate, Sourced, parse_partial_date
from natolab.data.facts.accessions import load_accessions
from natolab.data.facts.article4_requests import load_article4_requests
from natolab.data.facts.commitments import load_commitments
from natolab.data.facts.council_episodes import load_council_episodes
from natolab.data.facts.events import load_events
from natolab.data.facts.nordic_accession import load_nordic_accession
from natolab.data.facts.operations import load_operations
from natolab.data.facts.posture import load_posture
from natolab.data.facts.secretaries_general import load_secretaries_general
from natolab.data.facts.summits import load_summits
from natolab.data.facts.treaty import load_treaty
from natolab.data.facts.us_capability import load_us_capability
from natolab.data.facts.us_law import load_us_law

__all__ = [
    "PartialDate",
    "Sourced",
    "load_accessions",
    "load_article4_requests",
    "load_commitments",
    "load_council_episodes",
    "load_events",
    "load_nordic_accession",
    "load_operations",
    "load_posture",
    "load_secretaries_general",
    "load_summits",
    "load_treaty",
    "load_us_capability",
    "load_us_law",
    "parse_partial_date",
]
