"""Run every benchmark in this folder and report each measurement against its baseline.

    python benchmarks/run.py [NAME ...]

Each ``bench_*.py`` module exposes ``benchmark() -> list[Measurement]``: a measured time (or
memory) and a baseline measured in the same run on the same machine, so the ratio, not the
absolute number, is what is compared with the target. Results also go to
``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from harness import Measurement  # noqa: E402


def load(path: Path) -> list[Measurement]:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.benchmark())


def main(names: list[str]) -> int:
    from rich.console import Console
    from rich.table import Table

    paths = sorted(HERE.glob("bench_*.py"))
    if names:
        paths = [p for p in paths if any(n in p.stem for n in names)]
    results: list[Measurement] = []
    for path in paths:
        results += load(path)
    table = Table(title="natolab benchmarks (ratio = measured / baseline, same run)")
    for column in ("benchmark", "measured", "baseline", "ratio", "target", "ok"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r.name,
            r.measured_text,
            r.baseline_text,
            f"{r.ratio:.3g}",
            r.target,
            "yes" if r.ok else "NO",
        )
    Console().print(table)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
