"""Options shared by every command that reads spending: what was published, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from natolab.alliance import Alliance

ON = typer.Option(
    None,
    "--on",
    help="As-of date (YYYY-MM-DD): only releases published by then are read. Default: today.",
)
RELEASE = typer.Option(
    None, "--release", help="Read one named release (e.g. nato-2024-06); overrides --on."
)


def alliance(on: str | None, release: str | None) -> Alliance:
    """The Alliance snapshot a command works on."""
    from natolab.alliance import Alliance

    return Alliance(on=on, release=release)


# Plausible ranges, checked by Typer before any work starts: a value outside is refused with the
# range in the message (exit code 2), never passed on to fail deep inside a library.
FIRST_YEAR, LAST_YEAR = 1949, 2100  # the Treaty's year; a horizon no projection here reaches
MAX_RUNS_WITHOUT_YES = 1_000_000
MAX_RUNS = 100_000_000
MAX_SEED = 2**63 - 1


def year_option(flag: str, help: str) -> Any:
    """An optional year between the Treaty (1949) and 2100."""
    return typer.Option(
        None, flag, min=FIRST_YEAR, max=LAST_YEAR, help=f"{help} ({FIRST_YEAR}-{LAST_YEAR})"
    )


def check_order(first: int | None, last: int | None, names: str) -> None:
    """Two bounds given in the wrong order contradict each other: say so."""
    from natolab.errors import InputError

    if first is not None and last is not None and first > last:
        raise InputError(f"{names}: the first ({first}) is after the last ({last})")
