"""natolab: the North Atlantic alliance as data, rules and simulation, every answer sourced.

The public surface is small on purpose::

    import natolab
    nato = natolab.Alliance(on="2024-12-31")
    nato.spending("pct_gdp")

Heavy modules (pandas, DuckDB) load only when first used, so ``import natolab`` and
``natolab --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from natolab._version import __version__
from natolab.errors import (
    DataError,
    InputError,
    NatolabError,
    SchemaChangedError,
    StoreBusyError,
    UnknownAllyError,
    UnknownReleaseError,
)

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.claims import check
    from natolab.parameter_tree import Reform, parameters

_LAZY = {
    "Alliance": "natolab.alliance",
    "check": "natolab.claims",
    "Reform": "natolab.parameter_tree",
    "parameters": "natolab.parameter_tree",
}

__all__ = [
    "Alliance",
    "DataError",
    "InputError",
    "NatolabError",
    "Reform",
    "SchemaChangedError",
    "StoreBusyError",
    "UnknownAllyError",
    "UnknownReleaseError",
    "__version__",
    "check",
    "parameters",
]


def __getattr__(name: str) -> Any:
    """Import public names on first use (PEP 562) to keep start-up light."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'natolab' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, including the lazily imported ones (for ``dir()`` and completion)."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
