"""Where chunks run: in this process, in local worker processes, or on a Dask cluster.

All three yield chunk results as they finish and keep only a few chunks in flight, so the
caller's memory stays flat however many runs there are. The engine makes results independent
of which backend ran them (one stream per block, merged in block order).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from natolab.errors import InputError

Fn = Callable[[Any, Any], Any]


class InProcessBackend:
    """Run chunks one after another here: no start-up cost, easiest to debug."""

    workers = 1

    def map_unordered(self, fn: Fn, shared: Any, tasks: Iterable[Any]) -> Iterator[Any]:
        for task in tasks:
            yield fn(shared, task)


def _warm(family_modules: tuple[str, ...]) -> None:
    """Import the models once per worker so the first chunk does not pay for it."""
    from importlib import import_module

    for module in family_modules:
        import_module(module)


class ProcessBackend:
    """A local pool of worker processes (``forkserver``: safe with threads in the parent)."""

    def __init__(self, workers: int, preload: tuple[str, ...] = ()) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_warm,
            initargs=(preload,),
        )

    def map_unordered(self, fn: Fn, shared: Any, tasks: Iterable[Any]) -> Iterator[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        pending: set[Any] = set()
        for task in tasks:
            pending.add(self.pool.submit(fn, shared, task))
            if len(pending) >= 2 * self.workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in finished)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in finished)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskBackend:
    """Dask distributed: an existing scheduler (``--scheduler``) or a LocalCluster (``--workers``)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler is None:
            self.cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,  # nanny chatter is not the user's business
            )
            self.client = Client(self.cluster)
        else:
            self.client = _connect(Client, scheduler)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map_unordered(self, fn: Fn, shared: Any, tasks: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        shared_future = self.client.scatter(shared, broadcast=True)
        queue = as_completed()
        in_flight = 0
        for task in tasks:
            queue.add(self.client.submit(fn, shared_future, task, pure=False))
            in_flight += 1
            if in_flight >= 2 * self.workers:
                yield next(queue).result()
                in_flight -= 1
        for future in queue:
            yield future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


SCHEDULER_TIMEOUT_S = 5


def _connect(client: Any, scheduler: str) -> Any:
    """A client of a running scheduler, or one clear error within a few seconds (not 30 s)."""
    try:
        return client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler} within {SCHEDULER_TIMEOUT_S} s "
            f"({type(exc).__name__}); start one (dask scheduler) or use --workers N"
        ) from exc


def or_in_process(backend: Any) -> Any:
    """``backend``, or this process when none is given: the default of every caller that takes an
    already-open backend (sensitivity analysis, scenario discovery)."""
    return backend if backend is not None else InProcessBackend()


@contextmanager
def open_backend(
    workers: int | None = None,
    scheduler: str | None = None,
    dask: bool = False,
    preload: tuple[str, ...] = (),
) -> Iterator[InProcessBackend | ProcessBackend | DaskBackend]:
    """The backend the options ask for; closed on exit.

    ``scheduler`` -> Dask client to that address; ``dask`` with ``workers`` -> a Dask
    LocalCluster; ``workers`` > 1 -> local processes; otherwise in-process.
    """
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be >= 1, got {workers}")
    if scheduler is not None and workers is not None:
        raise InputError("give either --workers or --scheduler, not both")
    backend: InProcessBackend | ProcessBackend | DaskBackend
    if scheduler is not None or dask:
        backend = DaskBackend(scheduler, workers)
    elif workers is not None and workers > 1:
        backend = ProcessBackend(workers, preload)
    else:
        backend = InProcessBackend()
    try:
        yield backend
    finally:
        if not isinstance(backend, InProcessBackend):
            backend.close()
