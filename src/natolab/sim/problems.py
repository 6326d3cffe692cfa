"""How a scenario's problems are reported: every ``(path, message)`` at once, with the author's paths.

A leaf module (it imports nothing of the simulator), so the scenario schema, the levers and the
models can all raise :class:`ScenarioError` without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from natolab.errors import InputError


class ScenarioError(InputError):
    """A scenario is malformed: ``problems`` lists every ``(path, message)`` found."""

    def __init__(self, source: str, problems: Sequence[tuple[str, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {path}: {message}" for path, message in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}")


def dotted_path(loc: Sequence[int | str]) -> str:
    """``('uncertainties', 2, 'bounds')`` -> ``uncertainties[2].bounds``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Pydantic's errors as ``(path, message)`` in the author's terms (no ``function-`` steps,
    no "Value error, " prefix)."""
    problems = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append((dotted_path(loc), message))
    return problems
