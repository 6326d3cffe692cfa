"""Checksums that guard the bundled dataset.

``MANIFEST.sha256`` lists every bundled file with its SHA-256, in the format of ``sha256sum``
so it can also be checked with standard tools. ``natolab data verify`` recomputes them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "MANIFEST.sha256"


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _bundled_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)


def write_manifest(root: Path) -> Path:
    """Write the manifest for every file under ``root``."""
    lines = [f"{sha256_file(p)}  {p.relative_to(root).as_posix()}" for p in _bundled_files(root)]
    target = root / MANIFEST
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@dataclass(frozen=True)
class Verification:
    """Outcome of checking the bundle against its manifest."""

    checked: int
    mismatched: tuple[str, ...]
    missing: tuple[str, ...]
    unlisted: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.mismatched or self.missing or self.unlisted)


def verify_manifest(root: Path) -> Verification:
    """Compare every file under ``root`` with the manifest."""
    listed: dict[str, str] = {}
    lines = (root / MANIFEST).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            digest, name = _entry(line, number)
            listed[name] = digest
    present = {p.relative_to(root).as_posix(): p for p in _bundled_files(root)}
    mismatched = tuple(
        n for n, d in listed.items() if n in present and sha256_file(present[n]) != d
    )
    missing = tuple(n for n in listed if n not in present)
    unlisted = tuple(n for n in present if n not in listed)
    return Verification(len(listed), mismatched, missing, unlisted)


def _entry(line: str, number: int) -> tuple[str, str]:
    """One manifest line, ``<sha256>  <path>``; anything else (a hand edit, a merge conflict
    marker) is a DataError naming the line, never a traceback."""
    from natolab.errors import DataError

    digest, sep, name = line.partition("  ")
    if not sep or not name or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise DataError(
            f"{MANIFEST} line {number} is not '<sha256>  <path>': {line[:60]!r}; "
            "rebuild the bundle with `make bundle`"
        )
    return digest, name
