"""`natolab data diff` (the user's command) against reading the raw bundled table with pandas.

Any release comparison must at least read the bundled spending table; a plain
``pandas.read_csv`` of it in a fresh interpreter is that floor. The command adds the store
query, the cell-by-cell comparison, the crossings and the counts, and prints all of it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from harness import Measurement, command_time

os.environ.setdefault("NATOLAB_HOME", os.path.join(tempfile.gettempdir(), "natolab-bench-home"))
NATOLAB = str(Path(sys.executable).with_name("natolab"))
DIFF = [NATOLAB, "data", "diff", "nato-2024-06", "nato-2025-08", "--measure", "pct_gdp"]


def benchmark() -> list[Measurement]:
    from natolab.data.bundle import bundle_path

    spending = bundle_path("spending.csv")
    command_time([NATOLAB, "data", "build"], repeat=1)  # the store exists before timing
    floor = command_time(
        [sys.executable, "-c", f"import pandas; pandas.read_csv({str(spending)!r})"]
    )
    diff = command_time([*DIFF, "--format", "json"])
    return [
        Measurement(
            "natolab data diff (json) vs pandas.read_csv of the bundle",
            diff,
            floor,
            "s",
            "< 3x",
            diff < 3 * floor,
        )
    ]
