"""Options shared by every command that reads spending: what was published, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
