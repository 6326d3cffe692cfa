"""The dated timeline: accessions, Article 5 invocation (2001), summits, laws, disputes, wars.

Dates may be partial (``1990``, ``2019-01``, ``2001-2021``), so each event keeps its date as a
:class:`PartialDate` with the earliest and latest day it allows; filters compare periods.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Literal, get_args

import pandas as pd
from pydantic import StringConstraints

from natolab.data.facts._load import (
    Cited,
    FactsFile,
    FactsInput,
    FuzzyDate,
    IsoDate,
    by_id,
    parse,
    unique_ids,
)
from natolab.errors import FactsError, InputError

FILE = "events.yaml"

EventType = Literal[
    "treaty_signature", "entry_into_force", "institution", "accession", "accession_protocol",
    "membership_change", "summit", "article5_invocation", "article5_measures", "operation_start",
    "operation_end", "operation_handover", "legislation", "bill_introduced", "withdrawal_threat",
    "posture_change", "dispute", "war", "ceasefire", "airspace_basing_restriction", "initiative",
    "appointment", "diplomatic_meeting", "statement", "article4_request",
]  # fmt: skip
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Event(Cited):
    """One dated event; ``iso3`` and ``member_count_after`` are set on accessions."""

    id: str
    date: FuzzyDate
    date_end: FuzzyDate | None = None
    date_before: IsoDate | None = None
    type: EventType
    actors: tuple[str, ...]
    summary: str
    iso3: tuple[Iso3, ...] = ()
    member_count_after: int | None = None
    measures: tuple[str, ...] = ()

    @property
    def start(self) -> dt.date:
        """Earliest day the event's date allows."""
        return self.date.earliest

    @property
    def end(self) -> dt.date:
        """Latest day of the event (its ``date_end`` if any, else the end of its date)."""
        return (self.date_end or self.date).latest


class Events(FactsFile):
    """The whole of events.yaml, in file order."""

    events: tuple[Event, ...]

    def event(self, event_id: str) -> Event:
        return by_id(self.events, event_id, "event")

    def of_type(self, *types: str) -> tuple[Event, ...]:
        """Events of these types (``"accession"``, ``"article5_invocation"``, ...)."""
        unknown = set(types) - set(get_args(EventType))
        if unknown:
            raise InputError(
                f"unknown event type(s) {sorted(unknown)}; known: {get_args(EventType)}"
            )
        return tuple(e for e in self.events if e.type in types)

    of_kind = of_type

    def with_prefix(self, prefix: str) -> tuple[Event, ...]:
        """Events whose id starts with ``prefix`` (``"accession_"``, ``"greenland_"``)."""
        return tuple(e for e in self.events if e.id.startswith(prefix))

    def between(self, start: dt.date, end: dt.date) -> tuple[Event, ...]:
        """Events whose period overlaps ``[start, end]``."""
        return tuple(e for e in self.events if e.start <= end and e.end >= start)

    def accessions(self) -> tuple[Event, ...]:
        """Accession events in date order (founders first)."""
        return tuple(sorted(self.of_type("accession"), key=lambda e: e.start))

    def to_frame(self) -> pd.DataFrame:
        """One row per event: id, type, start, end, date_text, precision, summary, source_ids."""
        rows = [
            {
                "id": e.id,
                "type": e.type,
                "start": e.start,
                "end": e.end,
                "date_text": e.date.text,
                "precision": e.date.precision,
                "iso3": ";".join(e.iso3),
                "summary": e.summary,
                "confidence": e.confidence,
                "source_ids": ";".join(e.source_ids),
            }
            for e in self.events
        ]
        return pd.DataFrame(rows)


@cache
def load_events(source: FactsInput = None) -> Events:
    """Load events.yaml (or a path / YAML text); ids unique, ends not before starts."""
    events = parse(Events, FILE, source)
    unique_ids(events.events, FILE, "events")
    for e in events.events:
        if e.date_end is not None and e.date_end.latest < e.date.earliest:
            raise FactsError(FILE, f"events.{e.id}.date_end", f"{e.date_end} is before {e.date}")
    return events
