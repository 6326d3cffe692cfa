"""One error family for natolab.

Every error a user can cause or meet derives from :class:`NatolabError`, so the CLI and the
web layer can turn any of them into one clear line (exit code 2, HTTP 4xx) instead of a
traceback. Subclasses say *which* layer refused and carry the details needed to fix the input.
"""

from __future__ import annotations


class NatolabError(Exception):
    """Base class of every error natolab raises on purpose."""


class DataError(NatolabError):
    """The bundled data or the store is missing, malformed or fails its checksums."""


class FactsError(DataError):
    """A facts file (treaty, law, commitments, ...) is malformed: names the file, key and problem."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}")


class SchemaChangedError(DataError):
    """A workbook's layout is not one natolab recognises: names the sheet, cell and expectation."""

    def __init__(self, sheet: str, cell: str, expected: str, found: object = None) -> None:
        self.sheet, self.cell, self.expected, self.found = sheet, cell, expected, found
        where = f"sheet {sheet!r}, cell {cell}" if cell else f"sheet {sheet!r}"
        got = "" if found is None else f", found {found!r}"
        super().__init__(f"unrecognised NATO workbook layout at {where}: expected {expected}{got}")


class InputError(NatolabError):
    """A request is out of range or inconsistent (a year outside the data, a target <= 0, ...).

    Every error caused by what the user asked (rather than by the data) is an ``InputError``.
    """


class UnknownReleaseError(InputError):
    """A named release is not in the store (or not yet published on the 'as of' date)."""


class UnknownAllyError(InputError):
    """A country code or name is not an ally; suggests close matches."""


class ImplausibleDataError(DataError):
    """Imported figures no real release can hold: ``problems`` lists each with sheet and cell."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:20])
        more = f"; and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"implausible figures, import refused ({len(problems)}): {shown}{more}")


class NonFiniteResultError(NatolabError):
    """A simulation produced NaN or inf: the run fails, naming the parameter draw behind it."""


class StoreBusyError(DataError):
    """Another process held the store's lock for longer than natolab waits: retry later."""
