"""The Monte Carlo engine: blocks of runs, one RNG stream per block, merged in block order.

Why blocks and not chunks: a *block* is a fixed group of ``block_runs`` runs (4096 by default)
with its own stream ``SeedSequence(seed).spawn(n_blocks)[b]``; a *chunk* is just a batch of
consecutive blocks sent to one worker. A block's result depends only on its seed and inputs, and
the engine adds block aggregates together strictly in block order (floating-point addition is not
associative), so totals are bit-identical whatever the chunk size, the number of processes, the
backend, or whether the run was interrupted and resumed. Memory stays flat: at most a few chunks
are in flight and merged blocks are dropped at once. The sink keeps the same shape: the running
totals of the blocks merged so far, plus only the blocks that arrived before their predecessors,
so what a stored run holds does not grow with its number of blocks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import pandas as pd

from natolab.sim.finite import check_finite
from natolab.sim.models import get_model
from natolab.sim.scenario import Uncertainty
from natolab.sim.workspace import Workspace

BLOCK_RUNS = 4096
Mode = Literal["aggregate", "metric"]


def block_seed(seed: int, block: int) -> np.random.SeedSequence:
    """Block ``b``'s seed: the same as ``SeedSequence(seed).spawn(n)[b]`` for any ``n > b``."""
    return np.random.SeedSequence(seed, spawn_key=(block,))


def n_blocks(runs: int, block_runs: int = BLOCK_RUNS) -> int:
    return -(-runs // block_runs)


def block_size(block: int, runs: int, block_runs: int = BLOCK_RUNS) -> int:
    return min(block_runs, runs - block * block_runs)


@dataclass(frozen=True)
class ChunkTask:
    """One batch of blocks for a worker. ``design`` (metric mode) holds fixed parameter rows."""

    family: str
    seed: int
    blocks: tuple[int, ...]
    runs: int
    block_runs: int
    uncertainties: tuple[Uncertainty, ...]
    mode: Mode = "aggregate"
    samples: bool = False
    design: np.ndarray | None = None
    design_first_run: int = 0
    reps: int = 1


@dataclass
class BlockResult:
    """What one block produced: aggregates (aggregate mode) or per-run metric (metric mode)."""

    block: int
    runs: int
    aggregates: dict[str, np.ndarray] = field(default_factory=dict)
    metric: np.ndarray | None = None
    samples: pd.DataFrame | None = None


_MODELS: dict[str, Any] = {}


def _model(family: str) -> Any:
    """One model instance per process (workers reuse it across chunks). A model that can keep
    its per-block arrays between blocks gets a workspace: a block's outputs are consumed
    (reduced, or their metric copied) before the next block overwrites them."""
    if family not in _MODELS:
        model = get_model(family)
        if hasattr(model, "workspace"):
            model.workspace = Workspace()
        _MODELS[family] = model
    return _MODELS[family]


def _release_buffers(family: str) -> None:
    """A finished run's block buffers are not kept by this process's model (a web server runs
    many scenarios; workers in other processes exit with theirs)."""
    workspace = getattr(_MODELS.get(family), "workspace", None)
    if workspace is not None:
        workspace.clear()


def _draws(task: ChunkTask, block: int, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Sample the declared uncertainties from the block's stream, or read the fixed design."""
    if task.design is None:
        u = rng.random((len(task.uncertainties), n))
        return {unc.name: unc.ppf(u[i]) for i, unc in enumerate(task.uncertainties)}
    first = block * task.block_runs
    rows = (np.arange(first, first + n) // task.reps) - task.design_first_run // task.reps
    return {unc.name: task.design[rows, i] for i, unc in enumerate(task.uncertainties)}


def run_block(prepared: Any, task: ChunkTask, block: int) -> BlockResult:
    """Simulate one block from its own stream: the unit of reproducibility."""
    model = _model(task.family)
    n = block_size(block, task.runs, task.block_runs)
    rng = np.random.Generator(np.random.PCG64(block_seed(task.seed, block)))
    draws = _draws(task, block, n, rng)
    outputs = model.run_chunk(prepared, draws, rng, n)
    check_finite(outputs, draws, n, block * task.block_runs)
    if task.mode == "metric":
        return BlockResult(block, n, metric=np.array(model.metric(prepared, outputs)))
    result = BlockResult(block, n, aggregates=model.reduce(prepared, outputs))
    if task.samples:
        metric = np.array(model.metric(prepared, outputs), dtype=float)  # a copy: see _model
        result.samples = _samples(task, block, n, draws, metric)
    return result


def _samples(
    task: ChunkTask, block: int, n: int, draws: dict[str, np.ndarray], metric: np.ndarray
) -> pd.DataFrame:
    first = block * task.block_runs
    frame = pd.DataFrame({"run_index": np.arange(first, first + n), "block": block})
    frame["metric"] = np.asarray(metric, dtype=float)
    for name, values in draws.items():
        frame[name] = np.asarray(values, dtype=float)
    return frame


def run_chunk_task(prepared: Any, task: ChunkTask) -> list[BlockResult]:
    """A worker's entry point: every block of the chunk, in order."""
    return [run_block(prepared, task, b) for b in task.blocks]


class Backend(Protocol):
    """Runs chunk tasks somewhere and yields their results as they finish (any order)."""

    workers: int

    def map_unordered(
        self,
        fn: Callable[[Any, ChunkTask], list[BlockResult]],
        shared: Any,
        tasks: Iterable[ChunkTask],
    ) -> Iterator[list[BlockResult]]: ...


@dataclass(frozen=True)
class Progress:
    """How far a run got: the first ``merged`` blocks added up (in block order) to ``totals``."""

    merged: int = 0
    totals: dict[str, np.ndarray] = field(default_factory=dict)


class Sink(Protocol):
    """Where block results go: memory, or the store (which makes runs resumable).

    A sink keeps the merged prefix (:class:`Progress`) and the blocks beyond it that are done
    but not yet merged; ``done_blocks`` is both together."""

    def done_blocks(self) -> set[int]: ...

    def progress(self) -> Progress: ...

    def load_block(self, block: int) -> dict[str, np.ndarray]: ...

    def write_chunk(self, results: Sequence[BlockResult], progress: Progress) -> None: ...


class MemorySink:
    """No persistence: nothing is done before, nothing is kept after merging."""

    def done_blocks(self) -> set[int]:
        return set()

    def progress(self) -> Progress:
        return Progress()

    def load_block(self, block: int) -> dict[str, np.ndarray]:
        raise KeyError(block)

    def write_chunk(self, results: Sequence[BlockResult], progress: Progress) -> None:
        return None


class OrderedMerger:
    """Adds block aggregates in block order, holding only blocks that arrived early.

    It starts from a sink's :class:`Progress`, so a resumed run adds the remaining blocks to
    the very totals an uninterrupted run had at that point (bit-identical results)."""

    def __init__(
        self,
        n: int,
        load: Callable[[int], dict[str, np.ndarray]],
        done: set[int],
        start: Progress | None = None,
    ):
        start = start if start is not None else Progress()
        self.n, self.load, self.done = n, load, done
        self.next = start.merged
        self.pending: dict[int, dict[str, np.ndarray]] = {}
        self.totals: dict[str, np.ndarray] = dict(start.totals)

    def progress(self) -> Progress:
        """The merged prefix as it stands (the totals are not changed in place later)."""
        return Progress(self.next, dict(self.totals))

    def add(self, block: int, aggregates: dict[str, np.ndarray]) -> None:
        self.pending[block] = aggregates
        self.advance()

    def advance(self) -> None:
        while self.next < self.n:
            if self.next in self.pending:
                aggregates = self.pending.pop(self.next)
            elif self.next in self.done:
                aggregates = self.load(self.next)
            else:
                return
            for key, value in aggregates.items():
                self.totals[key] = self.totals[key] + value if key in self.totals else value.copy()
            self.next += 1


def chunk_tasks(template: ChunkTask, todo: Sequence[int], blocks_per_chunk: int) -> list[ChunkTask]:
    """Group the blocks still to do into chunks of consecutive blocks."""
    tasks, current = [], list[int]()
    for block in todo:
        if current and (block != current[-1] + 1 or len(current) == blocks_per_chunk):
            tasks.append(_with_blocks(template, current))
            current = []
        current.append(block)
    if current:
        tasks.append(_with_blocks(template, current))
    return tasks


def _with_blocks(template: ChunkTask, blocks: list[int]) -> ChunkTask:
    from dataclasses import replace

    return replace(template, blocks=tuple(blocks))


def default_blocks_per_chunk(n: int, workers: int) -> int:
    """About four chunks per worker, at most 64 blocks (256k runs) each, so progress stays live.

    Each chunk is one store transaction on a new connection (tens of milliseconds under
    load): on 2,500 blocks, when a row per block was stored, chunks of 64 instead of 16 ran
    2.1x faster (25 s against 52 s) (docs/performance.md)."""
    return max(1, min(64, n // max(1, 4 * workers)))


def execute(
    prepared: Any,
    template: ChunkTask,
    backend: Backend,
    sink: Sink | None = None,
    blocks_per_chunk: int | None = None,
    on_chunk: Callable[[Sequence[BlockResult]], None] | None = None,
    done: set[int] | None = None,
) -> dict[str, np.ndarray]:
    """Run every block not already in ``sink``; return the aggregates merged in block order.

    ``done``: the sink's finished blocks when the caller has just read them (a stored run reads
    them to report its resume state), so the store is not asked a second time."""
    sink = sink if sink is not None else MemorySink()
    total = n_blocks(template.runs, template.block_runs)
    done = sink.done_blocks() if done is None else done
    todo = [b for b in range(total) if b not in done]
    per_chunk = blocks_per_chunk or default_blocks_per_chunk(total, backend.workers)
    merger = OrderedMerger(total, sink.load_block, done, sink.progress())
    merger.advance()
    tasks = chunk_tasks(template, todo, per_chunk)
    for results in backend.map_unordered(run_chunk_task, prepared, tasks):
        for r in results:
            merger.add(r.block, r.aggregates)
        sink.write_chunk(results, merger.progress())
        if on_chunk is not None:
            on_chunk(results)
    merger.advance()
    _release_buffers(template.family)
    if merger.next != total:
        raise RuntimeError(f"engine merged {merger.next} of {total} blocks")
    return merger.totals


def execute_metric(
    prepared: Any, template: ChunkTask, backend: Backend, blocks_per_chunk: int | None = None
) -> np.ndarray:
    """Metric mode (sensitivity, discovery): one value per run, in run order."""
    total = n_blocks(template.runs, template.block_runs)
    per_chunk = blocks_per_chunk or default_blocks_per_chunk(total, backend.workers)
    out = np.empty(template.runs)
    for results in backend.map_unordered(
        run_chunk_task, prepared, _design_tasks(template, total, per_chunk)
    ):
        for r in results:
            start = r.block * template.block_runs
            out[start : start + r.runs] = np.asarray(r.metric)
    _release_buffers(template.family)
    return out


def _design_tasks(template: ChunkTask, total: int, per_chunk: int) -> Iterator[ChunkTask]:
    """Chunks that carry only the design rows they need (not the whole design matrix)."""
    from dataclasses import replace

    assert template.design is not None
    for first in range(0, total, per_chunk):
        blocks = tuple(range(first, min(total, first + per_chunk)))
        run0 = blocks[0] * template.block_runs
        run1 = run0 + sum(block_size(b, template.runs, template.block_runs) for b in blocks)
        rows = slice(run0 // template.reps, -(-run1 // template.reps))
        yield replace(template, blocks=blocks, design=template.design[rows], design_first_run=run0)


def pack(arrays: dict[str, np.ndarray]) -> bytes:
    """Aggregates as compressed ``.npz`` bytes (stored as a BLOB)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def unpack(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob)) as data:
        return {key: data[key] for key in data.files}
