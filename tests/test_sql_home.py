"""SQL lives in the store and the data layer only (issue 9).

Every other module asks the store by name (``store.spending_rows(...)``,
``store.claim_sim_run(...)``), so a change of schema is made in one place and the rest of
natolab never depends on DuckDB. Checked on the syntax tree of every module: no import of
``duckdb``, no SQL statement in a string, no call of a connection's ``execute``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import natolab

ROOT = Path(natolab.__file__).parent
HOMES = (ROOT / "store.py", ROOT / "data")
SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE"
    r"|ALTER\s+TABLE|DROP\s+TABLE|WITH\s+\w+\s+AS\s*\()",
    re.S,
)
# a DB-API connection's way in (``atexit.register``, ``DataFrame.query`` and the like are not)
CONNECTION_CALLS = {"execute", "executemany"}


def _outside_homes() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if p != HOMES[0] and HOMES[1] not in p.parents]


def _strings(node: ast.AST) -> list[str]:
    """Literal text, f-strings joined from their literal parts (what a query would be built of)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    return []


def violations(path: Path) -> list[str]:
    """What in one module breaks the rule, each with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "duckdb" for a in node.names
        ):
            found.append(f"{node.lineno}: import duckdb")
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "duckdb":
            found.append(f"{node.lineno}: from duckdb import")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CONNECTION_CALLS
        ):
            found.append(f"{node.lineno}: .{node.func.attr}(...) on a connection")
        for text in _strings(node):
            if SQL.match(text):
                found.append(f"{node.lineno}: SQL text {text[:40]!r}")
    return found


def test_no_module_outside_the_store_and_the_data_layer_touches_sql() -> None:
    offenders = {str(p.relative_to(ROOT)): v for p in _outside_homes() if (v := violations(p))}
    assert offenders == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import duckdb\n", "import duckdb"),
        ("from duckdb import connect\n", "from duckdb import"),
        ("x = 'SELECT a FROM t'\n", "SQL text"),
        ("x = f'DELETE FROM {t} WHERE a = ?'\n", "SQL text"),
        ("x = 'UPDATE sim_runs SET a = 1'\n", "SQL text"),
        ("con.execute(q)\n", ".execute(...)"),
        ("store.connect().executemany(q, rows)\n", ".executemany(...)"),
    ],
)
def test_the_scan_sees_each_kind_of_sql(tmp_path: Path, source: str, expected: str) -> None:
    """The scan is not vacuous: each way a module could run SQL is caught."""
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    assert any(expected in v for v in violations(module))


def test_english_text_is_not_taken_for_sql(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("x = 'Select an ally from the list'\ny = frame.query('a > 1')\n")
    assert violations(module) == []


def test_the_store_and_the_data_layer_are_where_the_sql_is() -> None:
    """The rule has a home: the store's own module does hold the queries moved into it."""
    assert violations(HOMES[0])
