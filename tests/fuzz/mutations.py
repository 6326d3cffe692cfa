"""The mutation kinds of issue 15, kept as code so every fuzz run (and regression) reuses them.

Workbooks are mutated at the level of their zip and XML parts, not through openpyxl, so that
damage openpyxl would never write (a 400-digit number, a UTF-16 property file, a cell at
XFD1048576, a formula without its cached value, a truncated archive) is produced as well, and a
mutated file costs milliseconds to make. Scenarios are mutated both as data (a value replaced,
a key misspelled or removed) and as text (another encoding, an alias bomb, deep nesting).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import yaml

# --- workbooks -------------------------------------------------------------------------------

WORKBOOK_KINDS = (
    "number",
    "text",
    "swap",
    "hide_row",
    "drop_row",
    "stray_cell",
    "many_rows",
    "formula_no_value",
    "notes_row",
    "utf16_core",
    "future_date",
    "rename_sheet",
    "truncate",
    "flip_bytes",
    "drop_part",
)
NUMBERS = (
    "1" + "0" * 400,
    "-" + "9" * 400,
    "1e308",
    "-1e308",
    "-5",
    "-0.001",
    "150",
    "1e20",
    "0",
    "NaN",
    "INF",
    "2024",
    "3.5",
)
TEXTS = (
    "Notes: figures are estimates",
    "Note",
    "2023e",
    "2024e",
    "..",
    "-",
    "Current prices",
    "Constant 2015 prices",
    "Germany",
    "France",
    "\u202e\u0000\ufffd ally",
    "\U0001f600" * 50,
    "x" * 5000,
    "",
)
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
_ROW = re.compile(rb"<row\b[^>]*>.*?</row>|<row\b[^>]*/>", re.DOTALL)


@dataclass(frozen=True)
class WorkbookMutation:
    """One change: its kind, a number choosing where, and a value when it needs one."""

    kind: str
    where: int
    number: str
    text: str


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in parts.items():
            archive.writestr(name, payload)
    return out.getvalue()


def _sheet(parts: dict[str, bytes], where: int) -> str:
    sheets = sorted(n for n in parts if n.startswith("xl/worksheets/sheet"))
    return sheets[where % len(sheets)]


def _inline(ref: bytes, text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
    return b'<c r="' + ref + b'" t="inlineStr"><is><t>' + escaped.encode() + b"</t></is></c>"


def _replace_cell(xml: bytes, where: int, new: bytes | None, numeric: bool = True) -> bytes:
    cells = [m for m in _CELL.finditer(xml) if b"<v>" in m[0]] if numeric else []
    cells = cells or list(_CELL.finditer(xml))
    if not cells:
        return xml
    m = cells[where % len(cells)]
    ref = m[1] + m[2]
    return xml[: m.start()] + (new or b"").replace(b"REF", ref) + xml[m.end() :]


def mutate_workbook(content: bytes, mutations: list[WorkbookMutation]) -> bytes:
    """The workbook ``content`` with every mutation applied, in order."""
    for mutation in mutations:
        content = _apply(content, mutation)
    return content


def _apply(content: bytes, m: WorkbookMutation) -> bytes:
    if m.kind == "truncate":
        return content[: m.where % max(len(content), 1)]
    if m.kind == "flip_bytes":
        data = bytearray(content)
        for i in range(8):
            data[(m.where * 7919 + i * 104729) % len(data)] ^= 0xFF
        return bytes(data)
    try:
        parts = _parts(content)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        return content  # already damaged beyond part-level edits
    except Exception:  # zlib errors from an earlier flip
        return content
    if m.kind == "drop_part":
        names = sorted(parts)
        parts.pop(names[m.where % len(names)])
    elif m.kind in ("utf16_core", "future_date"):
        core = parts.get("docProps/core.xml", b"")
        if m.kind == "future_date":
            core = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2068-12-31T00:00:00Z", core)
            parts["docProps/core.xml"] = core
        else:
            text = core.decode("utf-8", "replace").replace('encoding="UTF-8"', 'encoding="UTF-16"')
            parts["docProps/core.xml"] = text.encode("utf-16")
    elif m.kind == "rename_sheet":
        book = parts.get("xl/workbook.xml", b"")
        names = re.findall(rb'<sheet name="([^"]*)"', book)
        if names:
            old = names[m.where % len(names)]
            parts["xl/workbook.xml"] = book.replace(b'name="' + old + b'"', b'name="GDP"', 1)
    else:
        name = _sheet(parts, m.where)
        parts[name] = _sheet_mutation(parts[name], m)
    return _zip(parts)


def _sheet_mutation(xml: bytes, m: WorkbookMutation) -> bytes:
    where = m.where // 16  # the low bits chose the sheet
    if m.kind == "number":
        return _replace_cell(xml, where, b'<c r="REF"><v>' + m.number.encode() + b"</v></c>")
    if m.kind == "text":
        return _replace_cell(xml, where, _inline(b"REF", m.text), numeric=False)
    if m.kind == "formula_no_value":
        return _replace_cell(xml, where, b'<c r="REF"><f>SUM(A1:A2)</f></c>')
    if m.kind == "notes_row":
        return _replace_cell(xml, where, _inline(b"REF", "Note"), numeric=False)
    if m.kind == "swap":
        cells = [c for c in _CELL.finditer(xml) if b"<v>" in c[0]]
        if len(cells) < 2:
            return xml
        a = cells[where % len(cells)]
        b = cells[(where * 31 + 1) % len(cells)]
        if a.start() == b.start():
            return xml
        first, second = sorted((a, b), key=lambda c: c.start())
        body_a = first[0].replace(
            b'r="' + first[1] + first[2] + b'"', b'r="' + second[1] + second[2] + b'"'
        )
        body_b = second[0].replace(
            b'r="' + second[1] + second[2] + b'"', b'r="' + first[1] + first[2] + b'"'
        )
        return (
            xml[: first.start()]
            + body_b
            + xml[first.end() : second.start()]
            + body_a
            + xml[second.end() :]
        )
    rows = list(_ROW.finditer(xml))
    if not rows:
        return xml
    row = rows[where % len(rows)]
    if m.kind == "hide_row":
        return (
            xml[: row.start()] + row[0].replace(b"<row ", b'<row hidden="1" ', 1) + xml[row.end() :]
        )
    if m.kind == "drop_row":
        return xml[: row.start()] + xml[row.end() :]
    end = xml.rfind(b"</sheetData>")
    if end < 0:
        return xml
    if m.kind == "stray_cell":
        far = (b"XFD1048576", b"A400000", b"ZZ99")[where % 3]
        row_number = re.sub(rb"[A-Z]", b"", far)
        extra = b'<row r="' + row_number + b'"><c r="' + far + b'"><v>1</v></c></row>'
        return xml[:end] + extra + xml[end:]
    if m.kind == "many_rows":
        count = (2_500, 30_000, 400_000)[where % 3]
        start = 5000
        extra = b"".join(
            b'<row r="%d"><c r="B%d"><v>1</v></c></row>' % (r, r)
            for r in range(start, start + count)
        )
        return xml[:end] + extra + xml[end:]
    raise ValueError(f"unknown mutation {m.kind}")


# --- scenarios -------------------------------------------------------------------------------

SCENARIO_KINDS = (
    "set",
    "delete",
    "misspell",
    "add_key",
    "latin1",
    "alias_bomb",
    "deep",
    "truncate",
)
SCENARIO_VALUES: tuple[Any, ...] = (
    None,
    -5,
    0,
    2**64,
    -(2**63),
    1e308,
    float("nan"),
    float("inf"),
    "",
    "severity",
    "défense",
    [],
    ["a"],
    {},
    {"x": 1},
    True,
    1949,
    2200,
    0.9,
    "2027-13-45",
)


@dataclass(frozen=True)
class ScenarioMutation:
    kind: str
    where: int
    value: Any


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a parsed document, depth first."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def mutate_scenario(
    text: str, mutations: list[ScenarioMutation]
) -> tuple[bytes, list[tuple[Any, ...]]]:
    """The scenario ``text`` with the mutations applied, as the bytes of a file.

    Also returns the paths where a key unknown to the schema was introduced.
    """
    data = yaml.safe_load(text)
    raw: bytes | None = None
    unknown: list[tuple[Any, ...]] = []
    for m in mutations:
        paths = _paths(data)
        path = paths[m.where % len(paths)]
        parent = _parent(data, path)
        if m.kind == "set":
            parent[path[-1]] = copy.deepcopy(m.value)  # values are shared between examples
        elif m.kind == "delete":
            parent.pop(path[-1])
        elif m.kind == "misspell" and isinstance(parent, dict):
            parent[f"{path[-1]}x"[1:] if len(str(path[-1])) > 2 else "xx"] = parent.pop(path[-1])
            unknown.append(path[:-1])
        elif m.kind == "add_key" and isinstance(parent, dict):
            parent[f"unknown_{m.where % 7}"] = copy.deepcopy(m.value)
            unknown.append(path[:-1])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for m in mutations:
        if m.kind == "latin1":
            raw = ("# défense\n" + text).encode("latin-1", "replace")
        elif m.kind == "alias_bomb":
            bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
            text += "bomb:\n" + "".join(f"  {line}\n" for line in bomb)
        elif m.kind == "deep":
            depth = (25, 5000, 100_000)[m.where % 3]
            text += "deep: " + "[" * depth + "]" * depth + "\n"
        elif m.kind == "truncate":
            text = text[: m.where % max(len(text), 1)]
    return (raw if raw is not None else text.encode("utf-8")), unknown
