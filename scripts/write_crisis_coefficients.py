"""Rewrite the crisis scenarios' forces coefficients from the current calibration.

The bundled crisis scenarios declare the forces model's coefficients (``beta_*``) as normal
uncertainties: mean = the fit, sd = its standard error, bounds +-2 sd. When the operations
data or the fitting code change, ``natolab.sim.calibration.calibrate()`` fits other values and
the declared ones go stale (``tests/sim/test_scenario_coefficients.py`` then fails). This
script rewrites exactly those entries and leaves every other line of the files as it is: it
regenerates the text of each ``- name: beta_...`` item of ``uncertainties`` in place and
checks that the rest of the file parses to the same data as before.

The fit uses the bundled data (a store built from the bundle in a temporary NATOLAB_HOME, so
a developer's own store and imports never change the bundled scenarios).

Usage (``make coefficients`` runs the first)::

    python scripts/write_crisis_coefficients.py          # rewrite the files
    python scripts/write_crisis_coefficients.py --check  # exit 1 if a file would change
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from natolab.sim.calibration import Calibration

ROOT = Path(__file__).resolve().parents[1]
#: the bundled scenarios (the repository's ``scenarios/`` is a link to this folder)
SCENARIOS = ROOT / "src" / "natolab" / "sim" / "scenarios"
#: the scenarios whose forces coefficients are declared uncertainties
FILES = ("baltic-article5.yaml", "hormuz-request.yaml", "us-withdrawal-2027.yaml")
DIGITS = 3  # the precision the files carry (the test compares at this rounding)
WIDTH = 100  # PyYAML's line folding, as the files were first written
_ITEM = re.compile(r"^- name: (\S+)\s*$")


def entry(cal: Calibration, feature: str) -> dict[str, Any]:
    """One ``beta_<feature>`` uncertainty: the fit, its standard error and +-2 sd bounds, with
    the operation and row counts of the fit written into the rationale and the source."""
    fit = cal.fits["forces"]
    mean, sd = fit.coef[feature], fit.se[feature]
    n_ops, n_rows = len(fit.operations), fit.fit.n
    return {
        "name": f"beta_{feature}",
        "distribution": "normal",
        "params": {"mean": round(mean, DIGITS), "sd": round(sd, DIGITS)},
        "bounds": {"lower": round(mean - 2 * sd, DIGITS), "upper": round(mean + 2 * sd, DIGITS)},
        "unit": "logit",
        "rationale": f"forces-model coefficient on {feature} (hierarchical logit with one baseline"
        " per operation), fitted on past operations; the spread is the estimation uncertainty"
        f" ({n_ops} operations)",
        "source": "natolab.sim.calibration.calibrate(): forces outcome of"
        f" natolab.data.facts.operations.outcomes() ({n_ops} operations, {n_rows} ally-operation"
        " rows with a known answer); mean and sd are the fit and its standard error, bounds +-2 sd",
    }


def render(item: dict[str, Any]) -> list[str]:
    """One list item as the files write it (block style, keys in order, folded at WIDTH)."""
    text = yaml.safe_dump([item], sort_keys=False, width=WIDTH, allow_unicode=True)
    return text.splitlines(keepends=True)


def items(lines: list[str]) -> list[tuple[str, int, int]]:
    """(name, first line, end line) of every top-level ``uncertainties`` item."""
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "uncertainties:")
    found: list[tuple[str, int, int]] = []
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.startswith("- "):
            match = _ITEM.match(line)
            if match is None:
                raise ValueError(f"line {i + 1}: an uncertainty that does not start with its name")
            found.append((match.group(1), i, i + 1))
        elif line[:1] not in (" ", "\n", "#", ""):  # the next top-level key: the list ended
            break
        if found:
            found[-1] = (found[-1][0], found[-1][1], i + 1)
    return found


def rewrite(text: str, cal: Calibration) -> str:
    """``text`` with each ``beta_<feature>`` item regenerated from ``cal``; nothing else moves.

    A file must declare either every forces coefficient or none (a partial set would draw
    some terms and fix others at the fit, silently).
    """
    from natolab.sim.calibration import FEATURES

    lines = text.splitlines(keepends=True)
    wanted = {f"beta_{f}": f for f in FEATURES}
    spans = [(name, a, b) for name, a, b in items(lines) if name in wanted]
    declared = {name for name, _, _ in spans}
    if declared and declared != set(wanted):
        raise ValueError(
            f"declares only some coefficients: missing {sorted(set(wanted) - declared)}"
        )
    for name, a, b in reversed(spans):
        lines[a:b] = render(entry(cal, wanted[name]))
    out = "".join(lines)
    _check_rest_unchanged(text, out, set(wanted))
    return out


def _check_rest_unchanged(before: str, after: str, names: set[str]) -> None:
    """Why: a text edit must not alter anything but the coefficients; compare the parsed data."""

    def rest(text: str) -> dict[str, Any]:
        data = yaml.safe_load(text)
        data["uncertainties"] = [u for u in data["uncertainties"] if u["name"] not in names]
        return data

    if rest(before) != rest(after):
        raise RuntimeError("rewriting the coefficients changed other content: not written")


def current_calibration() -> Calibration:
    """The fit on the bundled data, in a throwaway store (never the user's)."""
    from natolab.alliance import Alliance
    from natolab.sim.calibration import calibrate
    from natolab.store import Store

    before = os.environ.get("NATOLAB_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["NATOLAB_HOME"] = home
        try:
            store = Store(Path(home) / "natolab.duckdb")
            store.build()
            return calibrate(Alliance(store=store))
        finally:  # a caller (a test) keeps its own home
            if before is None:
                del os.environ["NATOLAB_HOME"]
            else:
                os.environ["NATOLAB_HOME"] = before


def main(argv: list[str]) -> int:
    check = "--check" in argv
    cal = current_calibration()
    stale = []
    for path in (SCENARIOS / name for name in FILES):
        old = path.read_text()
        new = rewrite(old, cal)
        if new != old:
            stale.append(str(path.relative_to(ROOT)))
            if not check:
                path.write_text(new)
    verb = "stale" if check else "rewritten"
    print(f"{verb}: {', '.join(stale)}" if stale else "coefficients up to date")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
