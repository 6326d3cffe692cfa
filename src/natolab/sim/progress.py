"""Progress of long runs: a Rich bar on stderr for people, nothing at all with ``quiet``."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any


class RunProgress:
    """Counts runs as chunks finish. Use as a context manager; ``advance`` is an on_chunk hook."""

    def __init__(self, total_runs: int, label: str, quiet: bool = False, done: int = 0) -> None:
        self.total, self.label, self.quiet, self.done = total_runs, label, quiet, done
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> RunProgress:
        if not self.quiet:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total, completed=self.done)
        return self

    def advance(self, results: Sequence[Any]) -> None:
        """Engine hook: called with each finished chunk's block results."""
        runs = sum(int(r.runs) for r in results)
        self.done += runs
        if self._progress is not None:
            self._progress.update(self._task, advance=runs)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
