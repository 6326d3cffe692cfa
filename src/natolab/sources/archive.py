"""An .xlsx file as a zip archive, checked against natolab's limits before openpyxl builds it.

A workbook is a zip of XML parts, and a hostile or damaged one can stall or exhaust the importer
long before any cell is read: a sheet of a million rows, a part that inflates to gigabytes, a
property file in an unexpected encoding. So the archive is opened here first: its size and the
inflated size of every part are checked against stated limits (NATO's real tables are a few
hundred kilobytes), every library error becomes an :class:`~natolab.errors.InputError` naming
the file, and the document properties and formulas are read from the XML defensively.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from natolab.errors import InputError

MAX_FILE_BYTES = 20 * 2**20  # NATO's June 2024 workbook: 0.2 MiB
MAX_PART_BYTES = 2 * 2**20  # inflated size of one XML part (NATO's largest sheet: 0.09 MiB)
MAX_TOTAL_BYTES = 32 * 2**20  # inflated size of all parts together
MAX_PARTS = 500
MAX_ROWS = 2_000  # rows and columns read per sheet (NATO's tables end near row 100, column AU)
MAX_COLUMNS = 200
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def cell_address(row: int, col: int) -> str:
    """A1-style address of 0-based (row, col): (3, 1) -> 'B4'."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


@dataclass(frozen=True)
class WorkbookArchive:
    """The bytes of a workbook whose parts passed the size limits."""

    name: str
    content: bytes

    @classmethod
    def open(cls, path: Path) -> WorkbookArchive:
        """Read and check a workbook file: refused in milliseconds when over a limit."""
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InputError(
                    f"{path.name}: {_mib(size)} is over the limit of {_mib(MAX_FILE_BYTES)} "
                    "for a workbook"
                )
            content = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        archive = cls(path.name, content)
        archive._check_parts()
        return archive

    def _zip(self) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(io.BytesIO(self.content))
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise InputError(f"{self.name} is not a readable .xlsx workbook: {exc}") from exc

    def _check_parts(self) -> None:
        with self._zip() as archive:
            infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise InputError(f"{self.name}: {len(infos)} parts, over the limit of {MAX_PARTS}")
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise InputError(
                    f"{self.name}: part {info.filename} inflates to {_mib(info.file_size)}, "
                    f"over the limit of {_mib(MAX_PART_BYTES)} per part"
                )
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise InputError(
                f"{self.name}: inflates to {_mib(total)}, over the limit of {_mib(MAX_TOTAL_BYTES)}"
            )

    def load(self) -> Any:
        """The openpyxl workbook with cached values (``data_only``): NATO ships figures."""
        import openpyxl

        try:
            return openpyxl.load_workbook(io.BytesIO(self.content), data_only=True)
        except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... for bad files
            raise InputError(f"{self.name} is not a readable .xlsx workbook: {exc}") from exc

    def _part(self, name: str) -> bytes | None:
        try:
            with self._zip() as archive:
                return archive.read(name) if name in archive.namelist() else None
        except (InputError, zipfile.BadZipFile, OSError, EOFError, ValueError):
            return None
        except Exception:  # zlib.error and friends from a damaged part: treated as absent
            return None

    def _xml(self, name: str) -> ElementTree.Element | None:
        """A part parsed whatever its declared encoding (UTF-16 included); None if unreadable."""
        part = self._part(name)
        if part is None:
            return None
        try:
            return ElementTree.fromstring(part)
        except (ElementTree.ParseError, ValueError, LookupError):
            return None

    def modified(self) -> date | None:
        """The last-saved date from ``docProps/core.xml``, None if absent or unparseable."""
        core = self._xml("docProps/core.xml")
        if core is None:
            return None
        for element in core.iter():
            if element.tag.endswith("}modified") and element.text:
                try:
                    return date.fromisoformat(element.text.strip()[:10])
                except ValueError:
                    return None
        return None

    def formulas_without_values(self, sheet: str) -> frozenset[str]:
        """Addresses of a sheet's formula cells saved without a result (read as empty)."""
        part = self._sheet_parts().get(sheet)
        xml = self._part(part) if part else None
        if xml is None or b"<f" not in xml:
            return frozenset()
        found = set()
        for match in _CELL.finditer(xml):
            inner = match[2] or b""
            ref = _REF.search(match[1])
            if ref and b"<f" in inner and not _VALUE.search(inner):
                found.add(ref[1].decode())
        return frozenset(found)

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> zip part, from the workbook and its relationships."""
        book = self._xml("xl/workbook.xml")
        rels = self._xml("xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            return {}
        targets = {
            r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")
        }
        parts = {}
        for sheet in book.iter(f"{_MAIN_NS}sheet"):
            target = targets.get(sheet.get(f"{_REL_NS}id"), "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[sheet.get("name", "")] = path
        return parts
