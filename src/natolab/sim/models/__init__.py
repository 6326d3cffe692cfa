"""Which model runs which scenario ``family``: ``"module:Class"`` strings, imported on demand.

Kept as strings so that importing the registry imports no model (and no Numba) until used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.sim.model import Model

MODELS: dict[str, str] = {
    "advance": "natolab.sim.models.advance:AdvanceModel",
    "capability": "natolab.sim.models.capability:CapabilityModel",
    "spending": "natolab.sim.models.spending:SpendingModel",
    "crisis": "natolab.sim.models.crisis:CrisisModel",
    "withdrawal": "natolab.sim.models.withdrawal:WithdrawalModel",
}


def get_model(family: str) -> Model:
    """A fresh instance of the model registered for ``family``."""
    if family not in MODELS:
        known = ", ".join(sorted(MODELS))
        raise InputError(f"no model for scenario family {family!r} (known: {known})")
    module, _, name = MODELS[family].partition(":")
    model: Model = getattr(import_module(module), name)()
    return model
