"""NaN or inf in a run's outputs fails the run, naming the parameter draw that caused it.

A model that overflows (a growth draw compounding over decades, a division by a zero draw)
otherwise leaves only NumPy warnings while the NaN spreads into every aggregate; checking each
block's outputs as they come out stops it at the source and says which draw to look at.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from natolab.errors import NonFiniteResultError


def check_finite(
    outputs: Mapping[str, object], draws: Mapping[str, np.ndarray], n: int, first_run: int
) -> None:
    """Raise :class:`NonFiniteResultError` at the first output holding NaN or inf."""
    for name, value in outputs.items():
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "fc":
            continue
        if value.dtype.kind == "f" and _all_finite(value):
            continue
        bad = ~np.isfinite(value)
        if not bad.any():
            continue
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        axis = next((a for a, size in enumerate(value.shape) if size == n), None)
        run = where[axis] if axis is not None else None
        drawn = {k: float(v[run]) for k, v in draws.items() if run is not None and len(v) == n}
        shown = ", ".join(f"{k}={v:.6g}" for k, v in drawn.items()) or "no uncertain parameters"
        at = f"run {first_run + run}" if run is not None else "a run of this block"
        raise NonFiniteResultError(
            f"output {name!r} is {value[where]} in {at}, with the draw {shown}: "
            "the model overflowed or divided by zero for these parameters"
        )


def _all_finite(value: np.ndarray) -> bool:
    """Whether a float array holds no NaN or inf, without a mask as large as the array (min and
    max propagate NaN, and an inf is one of them): checked every block, where a block-sized
    temporary is mapped and faulted in afresh each time (docs/performance.md)."""
    return value.size == 0 or bool(np.isfinite(value.min()) and np.isfinite(value.max()))
