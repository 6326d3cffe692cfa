"""`natolab data import` of NATO's real June 2024 workbook, against openpyxl reading it alone.

Any importer must at least open the workbook and read every cell; openpyxl doing just that in a
fresh interpreter is the floor. The command adds the limits checked before openpyxl, the layout
and structure checks, the sanity checks, the name-to-ISO matching and one store transaction.
(This used to be a wall-clock unit test; timings belong here, measured against a baseline.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from harness import Measurement, command_time

os.environ.setdefault("NATOLAB_HOME", os.path.join(tempfile.gettempdir(), "natolab-bench-home"))
NATOLAB = str(Path(sys.executable).with_name("natolab"))
REAL = Path(__file__).parents[1] / "tests/fixtures/workbooks/240617-def-exp-2024-TABLES-en.xlsx"
READ_ALL = (
    "import openpyxl, sys\n"
    "book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
    "sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row)\n"
)


def benchmark() -> list[Measurement]:
    command_time([NATOLAB, "data", "build"], repeat=1)  # the store exists before timing
    floor = command_time([sys.executable, "-c", READ_ALL, str(REAL)])
    imported = command_time([NATOLAB, "data", "import", str(REAL)])  # same file again: no change
    return [
        Measurement(
            "natolab data import (real June 2024 workbook) vs openpyxl reading every cell",
            imported,
            floor,
            "s",
            "< 2 s (ratio reported)",
            imported < 2.0,
        )
    ]
