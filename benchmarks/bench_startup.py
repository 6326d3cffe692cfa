"""Start-up of every top-level command, against ``natolab --help`` in the same run.

Two views per command: ``natolab CMD --help`` (what the command's module costs to import) and,
for the commands that answer from the store at once, the whole real command (``natolab status``
must answer in under 1.5 s). Each is timed as wall time and as CPU time (user + system of the
child): on this shared 2-core machine the wall time swings with other people's load (so its
target is a ratio to ``natolab --help`` timed alongside), the CPU time much less (so the
absolute targets, e.g. ``status`` < 1.5 s, are on CPU time). Private store in a temporary
NATOLAB_HOME.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Measurement

NATOLAB = str(Path(sys.executable).with_name("natolab"))
QUICK = [  # commands answered from the store with no simulation
    ["status"],
    ["compliance"],
    ["burden"],
    ["freeride"],
    ["trajectory", "DEU"],
    ["data", "sources"],
    ["sim", "list"],
    ["rules", "saceur"],
]


def run_time(argv: list[str], env: dict[str, str], repeat: int = 3) -> tuple[float, float]:
    """Median wall and CPU (user + sys) seconds of running ``natolab argv``."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([NATOLAB, *argv], check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def top_level_commands() -> list[str]:
    from typer.main import get_command

    from natolab.cli.main import app

    return sorted(getattr(get_command(app), "commands", {}))


def benchmark() -> list[Measurement]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "NATOLAB_HOME": home, "COLUMNS": "80"}
        subprocess.run([NATOLAB, "data", "build"], check=True, capture_output=True, env=env)
        base_wall, base_cpu = run_time(["--help"], env, repeat=5)
        results = []
        for command in top_level_commands():
            wall, cpu = run_time([command, "--help"], env)
            results.append(
                Measurement(f"natolab {command} --help (CPU) vs natolab --help", cpu, base_cpu,
                            "s", "< 1.5x", cpu < 1.5 * base_cpu)
            )  # fmt: skip
        for argv in QUICK:
            wall, cpu = run_time(argv, env)
            name = " ".join(argv)
            limit = 1.5 if argv == ["status"] else 3.0
            results.append(
                Measurement(f"natolab {name} (wall) vs natolab --help", wall, base_wall, "s",
                            "< 8x", wall < 8 * base_wall)
            )  # fmt: skip
            results.append(
                Measurement(f"natolab {name} (CPU) vs natolab --help", cpu, base_cpu, "s",
                            f"< {limit} s CPU", cpu < limit)
            )  # fmt: skip
        return results
