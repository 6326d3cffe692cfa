"""Per-block arrays kept from one block to the next, so a long run does not map memory anew.

A block's arrays are a few megabytes each (4,096 runs x 32 allies x days), above glibc's
threshold for serving an allocation with its own ``mmap``: each one freed at the end of a block
went back to the OS and the next block's copy was mapped and page-faulted in again (8.0M minor
faults and 16-17 s of kernel time at 10^7 runs, docs/performance.md). A model that writes its
per-block arrays into a workspace's buffers touches the same pages every block instead.

The engine gives its per-process model instance a workspace (the arrays a block returns are
consumed before the next block runs); any other caller gets fresh arrays, as before.
"""

from __future__ import annotations

import numpy as np


class Workspace:
    """Named buffers, reused while the shape (after the leading runs axis) and dtype match.

    ``array(name, shape)`` is valid until the next ``array(name, ...)`` call: a caller must not
    keep it past the block that asked for it. Its contents are not cleared (like
    ``numpy.empty``): the caller writes every element it reads."""

    def __init__(self) -> None:
        self._buffers: dict[str, np.ndarray] = {}

    def array(
        self, name: str, shape: tuple[int, ...], dtype: type | np.dtype = float
    ) -> np.ndarray:
        """An uninitialised array of ``shape``: the first ``shape[0]`` rows of the kept buffer
        (a shorter last block reuses the full-size one), a new buffer when it does not fit."""
        kept = self._buffers.get(name)
        if (
            kept is None
            or kept.dtype != np.dtype(dtype)
            or kept.shape[1:] != shape[1:]
            or kept.shape[0] < shape[0]
        ):
            kept = self._buffers[name] = np.empty(shape, dtype)
        return kept[: shape[0]]

    def clear(self) -> None:
        """Drop every buffer (a run is over: its memory goes back, the next run maps anew)."""
        self._buffers.clear()


class FreshArrays(Workspace):
    """A workspace that keeps nothing: every request is a new array (callers that hold a
    block's outputs, such as tests comparing two calls, or models run once)."""

    def array(
        self, name: str, shape: tuple[int, ...], dtype: type | np.dtype = float
    ) -> np.ndarray:
        return np.empty(shape, dtype)
