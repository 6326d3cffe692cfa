"""Where the bundled dataset lives and how to open its files.

The bundle is package data under ``natolab/data/files``; nothing is read from outside the
package at run time.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from natolab.errors import DataError


def bundle_root() -> Path:
    """Folder of the bundled files (with MANIFEST.sha256)."""
    return Path(str(files("natolab.data").joinpath("files")))


def bundle_path(*parts: str) -> Path:
    """Path of one bundled file; a clear error if the bundle lacks it."""
    path = bundle_root().joinpath(*parts)
    if not path.exists():
        raise DataError(f"bundled file missing: {'/'.join(parts)} (run `natolab data verify`)")
    return path
