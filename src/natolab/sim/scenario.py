"""Scenario files: what to simulate, validated by pydantic, every problem reported with its path.

A scenario declares its model ``family``, the horizon, how many runs and the seed, the uncertain
parameters (each with a distribution, bounds or parameters, a rationale and a source, so that
sensitivity analysis and scenario discovery can vary them), the levers (deterministic policy
settings the model reads) and the metric. A malformed file is refused as a whole with *every*
problem listed, each with its path (``uncertainties[2].bounds: upper < lower``), so the author
fixes everything in one pass.

Files are read defensively, because a scenario may come from anyone: UTF-8 only (the error
names the byte), at most :data:`MAX_FILE_BYTES`, nesting at most :data:`MAX_DEPTH` deep and at
most :data:`MAX_NODES` values once YAML aliases are expanded -- all checked on the parser's event
stream before a single object is built, so an alias bomb or a 5,000-deep nesting costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from natolab.sim.levers import lever_problems
from natolab.sim.problems import ScenarioError, dotted_path, validation_problems

MAX_FILE_BYTES = 1_000_000  # the bundled scenarios are under 20 kB
MAX_DEPTH = 20  # nested mappings and lists (the bundled scenarios: 4)
MAX_NODES = 100_000  # values after YAML aliases are expanded
MAX_SEED = 2**63 - 1  # the store keeps seeds as 64-bit integers

Distribution = Literal["uniform", "normal", "triangular", "beta", "lognormal", "loguniform"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Bounds(_Strict):
    """A closed interval; for ``normal``/``lognormal`` it truncates the distribution."""

    lower: float
    upper: float

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if not self.upper > self.lower:
            raise ValueError("upper < lower" if self.upper < self.lower else "upper == lower")
        return self


_REQUIRED = {
    "uniform": ((), True),
    "loguniform": ((), True),
    "triangular": (("mode",), True),
    "normal": (("mean", "sd"), False),
    "lognormal": (("mu", "sigma"), False),
    "beta": (("alpha", "beta"), False),
}


class Uncertainty(_Strict):
    """One declared uncertain parameter: sampled per run, varied by sensitivity analysis."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)
    distribution: Distribution
    bounds: Bounds | None = None
    params: dict[str, float] = Field(default_factory=dict, max_length=10)
    unit: str = ""
    rationale: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Uncertainty:
        """Why here: each distribution needs its own parameters; say exactly which is missing."""
        needed, needs_bounds = _REQUIRED[self.distribution]
        missing = [p for p in needed if p not in self.params]
        if missing:
            raise ValueError(f"{self.distribution} needs params {', '.join(missing)}")
        unknown = sorted(set(self.params) - set(needed))
        if unknown:
            takes = ", ".join(needed) or "none"
            raise ValueError(f"{self.distribution} takes no params {unknown} (takes: {takes})")
        if needs_bounds and self.bounds is None:
            raise ValueError(f"{self.distribution} needs bounds (lower, upper)")
        if any(not math.isfinite(v) for v in self.params.values()):
            raise ValueError("params must be finite numbers")
        for key in ("sd", "sigma", "alpha", "beta"):
            if key in self.params and not self.params[key] > 0:
                raise ValueError(f"params.{key} must be > 0")
        if self.distribution == "loguniform" and self.bounds and self.bounds.lower <= 0:
            raise ValueError("loguniform needs bounds.lower > 0")
        if self.distribution == "triangular" and self.bounds:
            mode = self.params["mode"]
            if not self.bounds.lower <= mode <= self.bounds.upper:
                raise ValueError("params.mode must lie within bounds")
        return self

    def support(self) -> tuple[float, float]:
        """The interval sensitivity analysis may explore (finite: 0.1%-99.9% when unbounded)."""
        return float(self.ppf(np.array([0.0]))[0]), float(self.ppf(np.array([1.0]))[0])

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at quantiles ``u`` in [0, 1]: one path for Monte Carlo, Sobol and Morris."""
        from scipy import special

        lo, hi = (self.bounds.lower, self.bounds.upper) if self.bounds else (None, None)
        p = self.params
        if self.distribution == "uniform":
            return lo + (hi - lo) * u  # type: ignore[operator]
        if self.distribution == "loguniform":
            return np.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * u)  # type: ignore[arg-type]
        if self.distribution == "triangular":
            return _triangular_ppf(u, lo, p["mode"], hi)  # type: ignore[arg-type]
        if self.distribution == "beta":
            x = special.betaincinv(p["alpha"], p["beta"], u)
            return x if lo is None else lo + (hi - lo) * x  # type: ignore[operator]
        mean, sd = (p["mean"], p["sd"]) if self.distribution == "normal" else (p["mu"], p["sigma"])
        z = _truncated_normal_ppf(u, mean, sd, lo, hi, log=self.distribution == "lognormal")
        return np.exp(z) if self.distribution == "lognormal" else z


def _triangular_ppf(u: np.ndarray, lo: float, mode: float, hi: float) -> np.ndarray:
    cut = (mode - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
    right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode))
    return np.where(u < cut, left, right)


def _truncated_normal_ppf(
    u: np.ndarray, mean: float, sd: float, lo: float | None, hi: float | None, log: bool
) -> np.ndarray:
    """Normal quantiles restricted to [lo, hi] (on the log scale for lognormal).

    Unbounded sides are cut at 0.1% / 99.9% so every draw, and every Sobol sample, is finite.
    """
    from scipy import special

    def cdf(x: float | None, default: float) -> float:
        if x is None:
            return default
        x = math.log(x) if log and x > 0 else (-math.inf if log else x)
        return float(special.ndtr((x - mean) / sd))

    a, b = cdf(lo, 0.001), cdf(hi, 0.999)
    return mean + sd * special.ndtri(a + (b - a) * np.clip(u, 0.0, 1.0))


class Horizon(_Strict):
    """Simulated years ``start..end`` inclusive (crisis models may use days in levers)."""

    start: int = Field(ge=1949, le=2100)
    end: int = Field(ge=1949, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end < self.start:
            raise ValueError("end < start")
        return self


class Scenario(_Strict):
    """A validated scenario; ``levers`` are checked by the family's model in ``prepare``."""

    name: str = Field(min_length=1, max_length=200)
    family: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=20_000)
    horizon: Horizon
    runs: int = Field(default=10_000, ge=1, le=10**10)
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    uncertainties: list[Uncertainty] = Field(default_factory=list, max_length=200)
    levers: dict[str, Any] = Field(default_factory=dict)
    metric: str | None = Field(default=None, max_length=500)

    @field_validator("uncertainties")
    @classmethod
    def _unique(cls, value: list[Uncertainty]) -> list[Uncertainty]:
        names = [u.name for u in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate names: {', '.join(dupes)}")
        return value

    def uncertainty(self, name: str) -> Uncertainty | None:
        return next((u for u in self.uncertainties if u.name == name), None)

    def with_overrides(self, runs: int | None = None, seed: int | None = None) -> Scenario:
        """A copy with ``runs``/``seed`` replaced (CLI ``--runs``/``--seed``)."""
        update = {k: v for k, v in {"runs": runs, "seed": seed}.items() if v is not None}
        return self.model_copy(update=update)

    def canonical_json(self) -> str:
        """A stable text form: the scenario part of a run's identity."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))

    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


def parse_scenario(data: Any, source: str = "scenario") -> Scenario:
    """Validate a mapping (parsed YAML/JSON) into a :class:`Scenario`, or raise ScenarioError.

    The family's levers are checked too (unknown levers and out-of-range values refused), so
    every problem of a file is listed at once.
    """
    if not isinstance(data, dict):
        raise ScenarioError(source, [("(top level)", "expected a mapping of keys to values")])
    problems: list[tuple[str, str]] = []
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc)
    family, levers = data.get("family"), data.get("levers")
    if isinstance(family, str) and isinstance(levers, dict):
        problems += [
            (dotted_path(_clean(loc)), message.removeprefix("Value error, "))
            for loc, message in lever_problems(family, levers)
        ]
    if problems or scenario is None:
        raise ScenarioError(source, problems)
    return scenario


def _clean(loc: Sequence[Any]) -> list[int | str]:
    return [p if isinstance(p, int) else str(p) for p in loc if not str(p).startswith("function-")]


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file (a bundled name such as ``hague-2035`` works too)."""
    file = resolve_path(path)
    return parse_scenario(read_yaml(file), str(file))


def read_yaml(file: Path) -> Any:
    """A scenario file's data, refused before it is built if too big, too deep or not UTF-8."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            problem = f"{size:,} bytes, over the limit of {MAX_FILE_BYTES:,} for a scenario"
            raise ScenarioError(str(file), [("(file)", problem)])
        raw = file.read_bytes()
    except OSError as exc:
        raise ScenarioError(str(file), [("(file)", f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02x}; save the file as UTF-8"
        raise ScenarioError(str(file), [("(file)", problem)]) from None
    try:
        _check_shape(text)
        return yaml.safe_load(text)
    except _TooLarge as exc:
        raise ScenarioError(str(file), [("(file)", str(exc))]) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # YAML errors, and constructors' own (an impossible date such as 2027-13-45)
        raise ScenarioError(str(file), [("(file)", f"not valid YAML: {exc}")]) from None


class _TooLarge(Exception):
    """A YAML document over the depth or expanded-size limit."""


def _check_shape(text: str) -> None:
    """Depth and expanded size from the event stream, aliases counted at their full size.

    Each open collection counts its values; an alias adds the size its anchor had when it
    closed, so ``[*a, *a, ...]`` nine levels deep counts its billion values without building one.
    """
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = [(None, 0)]
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, 1))
            if len(stack) - 1 > MAX_DEPTH:
                raise _TooLarge(f"nested more than {MAX_DEPTH} levels deep (line {_line(event)})")
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, count = stack.pop()
            if anchor is not None:
                sizes[anchor] = count
        elif isinstance(event, yaml.ScalarEvent):
            count = 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count = sizes.get(str(event.anchor), 1)
        else:
            continue
        anchor, total = stack[-1]
        stack[-1] = (anchor, total + count)
        if stack[0][1] + sum(n for _, n in stack[1:]) > MAX_NODES:
            raise _TooLarge(
                f"more than {MAX_NODES:,} values once YAML aliases are expanded "
                f"(line {_line(event)})"
            )


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1 if event.start_mark else 0


def resolve_path(path: str | Path) -> Path:
    """A file path, or the name of a bundled scenario (``hague-2035``)."""
    file = Path(path)
    if file.exists():
        return file
    bundled = bundled_dir() / f"{Path(path).stem}.yaml"
    if bundled.exists():
        return bundled
    raise ScenarioError(
        str(path), [("(file)", "no such file, and no bundled scenario by that name")]
    )


def bundled_dir() -> Path:
    """Where the bundled scenarios live: package data (the repository's ``scenarios/`` links here)."""
    return Path(__file__).resolve().parent / "scenarios"
