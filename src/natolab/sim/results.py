"""Simulation results in the DuckDB store: one row per run, block aggregates, tables, samples.

Each chunk is written in one transaction, so a killed run leaves only whole chunks behind;
running the same scenario again finds them and computes only the rest. What is written is the
run's progress (the totals of the blocks merged so far, in block order) and only those blocks
that finished before a block they follow, plus the optional per-run samples: a run's stored
state stays one small row however many blocks it has (a row per block grew the store and the
peak memory of a 10^7-run process with its 2,442 blocks, docs/performance.md). A run's id is a hash of everything that determines its results
(scenario, seed, runs, block size, as-of date, release, natolab version, the code, and the
content of every release the snapshot reads), so "the same run" is recognised without the user
keeping ids, and changed data is never answered from results computed on the old figures.

A run records its owner (pid, host) and a heartbeat (refreshed with every chunk), so a run whose
process died shows as ``interrupted`` rather than ``running`` forever; a run that raised shows
as ``failed`` with the reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from natolab._version import __version__
from natolab.errors import InputError, StoreBusyError
from natolab.sim.engine import BlockResult, Progress, pack, unpack
from natolab.store import Store

# A run owned by another host whose heartbeat is older than this is taken as dead.
STALE_HEARTBEAT_MINUTES = 30


@dataclass(frozen=True)
class RunRecord:
    """What identifies and describes a stored run."""

    run_id: str
    scenario_name: str
    family: str
    scenario_json: str
    seed: int
    runs: int
    block_runs: int
    n_blocks: int
    samples: bool
    as_of: str
    release: str | None
    data_sha256: str = ""
    status: str = "running"
    natolab_version: str = __version__


def run_id_for(
    scenario_json: str,
    block_runs: int,
    samples: bool,
    as_of: str,
    release: str | None,
    reforms: str = "",
    data: str = "",
) -> str:
    """A stable id from everything that determines a run's results, code and data included.

    The fingerprint of the simulator's code and the bundled data means a changed model never
    silently reuses tables stored by an older one, even at the same version number; ``data``
    (:meth:`Store.data_fingerprint`: the content of every release the snapshot reads) means an
    import that changes a figure gives a new run; ``reforms`` (the snapshot's what-ifs,
    serialised) keeps a reformed run apart from the law as it stands.
    """
    key = [scenario_json, block_runs, samples, as_of, release, __version__, code_fingerprint()]
    key.append(data)
    if reforms:
        key.append(reforms)
    key_text = json.dumps(key)
    return hashlib.sha256(key_text.encode()).hexdigest()[:16]


def reforms_key(reforms: Any) -> str:
    """The reforms of a snapshot as stable text: names and changes (empty for none)."""
    items = [[r.name, dict(r.changes)] for r in reforms or ()]
    return json.dumps(items, sort_keys=True, default=str) if items else ""


@cache
def code_fingerprint() -> str:
    """SHA-256 over the simulator's source, the dated parameters and the bundle manifest."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(package.joinpath("sim").rglob("*.py"))
    files += sorted(package.joinpath("parameters").glob("*.yaml"))
    files.append(package / "data" / "files" / "MANIFEST.sha256")
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_schema(store: Store) -> None:
    """Create or upgrade the run tables (cheap when they are current)."""
    store.ensure_sim_tables()


def run_status(store: Store, run_id: str) -> str | None:
    """A stored run's recorded status ('running', 'complete', ...), None if never stored."""
    ensure_schema(store)
    return store.sim_run_status(run_id)


class StoreSink:
    """The engine's sink backed by the store: resumable, one transaction per chunk.

    A run stored before progress was kept (a row for every block, no progress row) reads as
    progress 0 with every block waiting to be merged, so it resumes too."""

    def __init__(self, store: Store, run_id: str) -> None:
        self.store, self.run_id = store, run_id
        self._progress: Progress | None = None

    def done_blocks(self) -> set[int]:
        merged, totals, waiting = self.store.sim_progress(self.run_id)
        self._progress = Progress(merged, unpack(totals) if totals is not None else {})
        return set(range(merged)) | waiting

    def progress(self) -> Progress:
        if self._progress is None:
            self.done_blocks()
        assert self._progress is not None
        return self._progress

    def load_block(self, block: int) -> dict[str, Any]:
        packed = self.store.sim_block(self.run_id, block)
        if packed is None:
            raise KeyError(block)
        return unpack(packed)

    def write_chunk(self, results: Sequence[BlockResult], progress: Progress) -> None:
        """The new progress, and the chunk's blocks it does not cover yet (they arrived before
        a block they follow: another worker's chunk is still running)."""
        waiting = [
            (r.block, r.runs, pack(r.aggregates)) for r in results if r.block >= progress.merged
        ]
        samples = [r.samples for r in results if r.samples is not None]
        frame = _samples_frame(self.run_id, pd.concat(samples)) if samples else None
        totals = pack(progress.totals)
        self.store.add_sim_blocks(self.run_id, waiting, (progress.merged, totals), frame)


def _samples_frame(run_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Per-run samples: the metric and every sampled parameter (as a JSON object)."""
    names = [c for c in frame.columns if c not in ("run_index", "block", "metric")]
    draws = [json.dumps(dict(zip(names, row, strict=True))) for row in frame[names].to_numpy()]
    return pd.DataFrame(
        {
            "run_id": run_id,
            "run_index": frame["run_index"].to_numpy(),
            "block": frame["block"].to_numpy(),
            "metric": frame["metric"].to_numpy(),
            "draws": draws,
        }
    )


def begin_run(store: Store, record: RunRecord, parameters: dict[str, Any]) -> str:
    """Register a run (or find it); returns its status: 'new', 'running' or 'complete'.

    A run left failed or interrupted is taken over (it resumes); one still being computed by a
    live process is refused, so two processes never write the same run's blocks.
    """
    ensure_schema(store)
    row = {
        "run_id": record.run_id,
        "scenario_name": record.scenario_name,
        "family": record.family,
        "scenario_json": record.scenario_json,
        "scenario_sha256": hashlib.sha256(record.scenario_json.encode()).hexdigest(),
        "parameters_json": json.dumps(parameters, default=str),
        "seed": record.seed,
        "runs": record.runs,
        "block_runs": record.block_runs,
        "n_blocks": record.n_blocks,
        "samples": record.samples,
        "as_of": record.as_of,
        "release": record.release,
        "natolab_version": record.natolab_version,
        "data_sha256": record.data_sha256,
        "pid": os.getpid(),
        "host": socket.gethostname(),
    }

    def decide(held: dict[str, Any] | None) -> str:
        if held is None:
            return "new"
        if held["status"] == "complete":
            return "complete"
        if held["status"] == "running" and owner_alive(
            held["pid"], held["host"], held["heartbeat"]
        ):
            raise StoreBusyError(
                f"run {record.run_id} is being computed by process {held['pid']} on "
                f"{held['host']}; wait for it to finish (see `natolab sim list`)"
            )
        return "take"

    action = store.claim_sim_run(row, decide)
    return "running" if action == "take" else action


def end_run(store: Store, run_id: str, status: str, reason: str) -> None:
    """Record that a run stopped before finishing: ``failed`` or ``interrupted``, and why."""
    store.end_sim_run(run_id, status, reason[:500])


def owner_alive(pid: Any, host: Any, heartbeat: Any) -> bool:
    """Whether the process that owns a running run still lives: by pid on this host (a pid
    whose process started after the owner's last heartbeat was reused: the owner is gone), by a
    recent heartbeat elsewhere (a pid means nothing on another machine)."""
    beat = None if heartbeat is None or pd.isna(heartbeat) else pd.Timestamp(heartbeat)
    if host == socket.gethostname() and pid is not None and not pd.isna(pid):
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        started = _process_started(int(pid))
        return beat is None or started is None or started <= beat + pd.Timedelta(seconds=1)
    if beat is None:
        return False
    return bool(pd.Timestamp.now() - beat < pd.Timedelta(minutes=STALE_HEARTBEAT_MINUTES))


def _process_started(pid: int) -> pd.Timestamp | None:
    """When a process started (local time, like the heartbeats), from Linux's /proc; None
    where there is no /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError):
        return None
    ticks = float(stat.rsplit(")", 1)[1].split()[19])  # field 22: start time since boot
    started = boot + ticks / os.sysconf("SC_CLK_TCK")
    return pd.Timestamp.fromtimestamp(started)


def finish_run(store: Store, run_id: str, tables: dict[str, pd.DataFrame]) -> None:
    """Store the summary tables and mark the run complete, atomically."""
    store.finish_sim_run(run_id, {name: _parquet(frame) for name, frame in tables.items()})


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def load_tables(store: Store, run_id: str) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(io.BytesIO(data)) for name, data in store.sim_tables(run_id)}


def load_run(store: Store, run_id: str) -> dict[str, Any]:
    """A stored run's record (raises InputError if unknown; a unique prefix is enough)."""
    ensure_schema(store)
    frame = store.sim_runs(_prefix(run_id))
    if len(frame) != 1:
        problem = "no simulation run" if frame.empty else "more than one run matches"
        raise InputError(f"{problem} {run_id!r} (see `natolab sim list`)")
    frame = _with_effective_status(frame)
    record: dict[str, Any] = {str(k): v for k, v in frame.iloc[0].to_dict().items()}
    record["blocks_done"] = int(record["blocks_done"])
    return record


def _prefix(run_id: str) -> str:
    """An id prefix, lower case; ids are hex, so anything else is refused."""
    if not run_id or any(c not in "0123456789abcdef" for c in run_id.lower()):
        raise InputError(f"{run_id!r} is not a run id (hex digits; see `natolab sim list`)")
    return run_id.lower()


def list_runs(store: Store) -> pd.DataFrame:
    """Every stored run with its status as it really is (a dead owner's run: interrupted),
    blocks done of blocks, and the reason a run stopped."""
    ensure_schema(store)
    frame = store.sim_runs()
    frame["blocks"] = [
        f"{d}/{n}" for d, n in zip(frame["blocks_done"], frame["n_blocks"], strict=True)
    ]
    columns = ["run_id", "scenario_name", "family", "runs", "seed", "status", "blocks", "created"]
    frame = _with_effective_status(frame[[*columns, "reason", "pid", "host", "heartbeat"]])
    frame = frame.drop(columns=["pid", "host", "heartbeat"])
    frame["created"] = pd.to_datetime(frame["created"]).dt.strftime("%Y-%m-%d %H:%M")
    return frame.rename(columns={"scenario_name": "scenario"})


def _with_effective_status(frame: pd.DataFrame) -> pd.DataFrame:
    """'running' only while the owner lives; otherwise 'interrupted', saying so."""
    frame = frame.copy()
    for i, row in frame.iterrows():
        if row["status"] == "running" and not owner_alive(
            row["pid"], row["host"], row["heartbeat"]
        ):
            frame.loc[i, "status"] = "interrupted"
            frame.loc[i, "reason"] = (
                f"process {row['pid']} on {row['host']} ended without finishing"
                " (killed?); `natolab sim run` resumes it"
            )
    return frame


def delete_run(store: Store, run_id: str) -> str:
    """Remove one run (a unique prefix is enough) and all it stored; refuses a live run."""
    record = load_run(store, run_id)
    if record["status"] == "running":
        raise StoreBusyError(
            f"run {record['run_id']} is still being computed by process {record['pid']}; "
            "stop it first"
        )
    store.delete_sim_runs([str(record["run_id"])])
    return str(record["run_id"])


def prune_runs(store: Store, everything: bool = False) -> list[str]:
    """Remove every failed or interrupted run (``everything``: complete ones too); live runs
    are never touched. Returns the ids removed."""
    frame = list_runs(store)
    keep = {"running"} if everything else {"running", "complete"}
    ids = [str(r) for r, s in zip(frame["run_id"], frame["status"], strict=True) if s not in keep]
    store.delete_sim_runs(ids)
    return ids


def load_samples(store: Store, run_id: str) -> pd.DataFrame:
    """Per-run samples of a run stored with ``samples=True``: metric and sampled parameters."""
    frame = store.sim_samples(run_id)
    draws = pd.DataFrame([json.loads(d) for d in frame["draws"]], index=frame.index)
    return pd.concat([frame[["run_index", "metric"]], draws], axis=1)
