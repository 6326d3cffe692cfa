"""The crisis scenarios declare the forces coefficients the current calibration fits.

A scenario's ``beta_*`` uncertainties are drawn in every run while the access coefficients and
the baselines' spreads come from the fit at run time; a file left at an older fit mixes two
calibrations. These tests fail when the operations data or the fitting code move the fit, and
say which command rewrites the files.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from natolab.alliance import Alliance
from natolab.sim import calibration
from natolab.sim.scenario import Scenario, bundled_dir, load_scenario

ROOT = Path(__file__).resolve().parents[2]
FIX = "make coefficients` (or `python scripts/write_crisis_coefficients.py"
TOLERANCE = 0.0005 + 1e-9  # the files carry 3 decimals


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "write_crisis_coefficients", ROOT / "scripts" / "write_crisis_coefficients.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _declaring() -> dict[str, Scenario]:
    """Every bundled scenario that declares a forces coefficient (found, not listed by hand)."""
    out = {}
    for path in sorted(bundled_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        if any(u.name.startswith("beta_") for u in scenario.uncertainties):
            out[path.name] = scenario
    return out


def test_the_script_covers_every_scenario_that_declares_coefficients() -> None:
    declaring = _declaring()
    assert set(declaring) == set(_script().FILES)
    assert {"baltic-article5.yaml", "hormuz-request.yaml", "us-withdrawal-2027.yaml"} <= set(
        declaring
    )


def test_declared_coefficients_are_the_current_fit(nato: Alliance) -> None:
    """Mean = fit, sd = standard error, bounds +-2 sd, counts in the source: each scenario."""
    fit = calibration.calibrate(nato).fits["forces"]
    counts = f"({len(fit.operations)} operations, {fit.fit.n} ally-operation rows"
    stale = []
    for file, scenario in _declaring().items():
        declared = {u.name: u for u in scenario.uncertainties}
        for feature in calibration.FEATURES:
            name = f"beta_{feature}"
            if name not in declared:
                stale.append(f"{file}: {name} is not declared")
                continue
            u = declared[name]
            mean, sd = fit.coef[feature], fit.se[feature]
            assert u.distribution == "normal" and u.bounds is not None
            pairs = {
                "mean": (u.params["mean"], mean),
                "sd": (u.params["sd"], sd),
                "bounds.lower": (u.bounds.lower, mean - 2 * sd),
                "bounds.upper": (u.bounds.upper, mean + 2 * sd),
            }
            stale += [
                f"{file}: {name} {key} {have} but the calibration fits {want:.3f}"
                for key, (have, want) in pairs.items()
                if abs(have - want) > TOLERANCE
            ]
            if counts not in u.source:
                stale.append(f"{file}: {name} source does not say {counts}")
    assert not stale, "\n".join(stale) + f"\nrun `{FIX}` to rewrite them"


def test_the_fit_the_files_carry_has_more_operations_than_the_first_calibration(
    nato: Alliance,
) -> None:
    """Why: the files once carried a fit on 10 operations and 182 rows; the supplement added
    forces decisions, so the fit the files must follow is on more of both."""
    fit = calibration.calibrate(nato).fits["forces"]
    assert len(fit.operations) > 10 and fit.fit.n > 182


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _script()


def _stale_copy(text: str) -> str:
    """The file with every forces coefficient's mean and sd set to values no fit gives."""
    lines = text.splitlines(keepends=True)
    inside = False
    for i, line in enumerate(lines):
        if line.startswith("- name: "):
            inside = line.startswith("- name: beta_")
        if inside and re.match(r"^    (mean|sd): ", line):
            lines[i] = re.sub(r": .*$", ": 9.999", line)
    return "".join(lines)


def test_rewrite_changes_only_the_coefficient_entries(script: ModuleType, nato: Alliance) -> None:
    cal = calibration.calibrate(nato)
    path = bundled_dir() / "us-withdrawal-2027.yaml"  # model B's block between model C's
    stale = _stale_copy(path.read_text())
    assert stale.count("9.999") == 2 * len(calibration.FEATURES)
    new = script.rewrite(stale, cal)
    assert "9.999" not in new

    # every line outside the beta_* items is kept, in order, comment included
    def outside(text: str) -> list[str]:
        keep, inside = [], False
        for line in text.splitlines():
            if line.startswith("- ") or not line.startswith(" "):
                inside = line.startswith("- name: beta_")
            if not inside:
                keep.append(line)
        return keep

    assert outside(new) == outside(stale)
    assert new.splitlines()[0].startswith("# us-withdrawal-2027:")
    data = {u["name"]: u for u in yaml.safe_load(new)["uncertainties"]}
    for feature in calibration.FEATURES:
        params = data[f"beta_{feature}"]["params"]
        assert params["mean"] == round(cal.fits["forces"].coef[feature], 3)
        assert params["sd"] == round(cal.fits["forces"].se[feature], 3)


def test_rewrite_refuses_a_partial_set_of_coefficients(script: ModuleType, nato: Alliance) -> None:
    text = (bundled_dir() / "baltic-article5.yaml").read_text()
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("- name: beta_border"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("- "))
    partial = "".join(lines[:start] + lines[end:])
    with pytest.raises(ValueError, match="beta_border"):
        script.rewrite(partial, calibration.calibrate(nato))


def test_check_mode_passes_on_the_bundled_files(
    script: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """The script end to end (its own store from the bundle): nothing to rewrite."""
    assert script.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out
