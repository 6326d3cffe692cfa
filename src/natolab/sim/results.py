"""Simulation results in the DuckDB store: one row per run, block aggregates, tables, samples.

Each chunk's blocks (and their optional per-run samples) are written in one transaction, so a
killed run leaves only whole chunks behind; running the same scenario again finds them and
computes only the rest. A run's id is a hash of everything that determines its results
(scenario, seed, runs, block size, as-of date, release, natolab version), so "the same run"
is recognised without the user keeping ids.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from natolab import __version__
from natolab.errors import InputError
from natolab.sim.engine import BlockResult, pack, unpack
from natolab.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS sim_runs (
    run_id VARCHAR PRIMARY KEY, scenario_name VARCHAR, family VARCHAR, scenario_json VARCHAR,
    scenario_sha256 VARCHAR, parameters_json VARCHAR, seed UBIGINT, runs BIGINT,
    block_runs INTEGER, n_blocks INTEGER, samples BOOLEAN, as_of DATE, release VARCHAR,
    natolab_version VARCHAR, status VARCHAR, created TIMESTAMP, finished TIMESTAMP);
CREATE TABLE IF NOT EXISTS sim_blocks (
    run_id VARCHAR NOT NULL, block INTEGER NOT NULL, runs INTEGER, aggregates BLOB,
    PRIMARY KEY (run_id, block));
CREATE TABLE IF NOT EXISTS sim_tables (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, data BLOB, PRIMARY KEY (run_id, name));
CREATE TABLE IF NOT EXISTS sim_samples (
    run_id VARCHAR NOT NULL, run_index BIGINT NOT NULL, block INTEGER, metric DOUBLE,
    draws VARCHAR);
"""


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
    status: str = "running"
    natolab_version: str = __version__


def run_id_for(
    scenario_json: str,
    block_runs: int,
    samples: bool,
    as_of: str,
    release: str | None,
    reforms: str = "",
) -> str:
    """A stable id from everything that determines a run's results, code included.

    The fingerprint of the simulator's code and the bundled data means a changed model never
    silently reuses tables stored by an older one, even at the same version number; ``reforms``
    (the snapshot's what-ifs, serialised) keeps a reformed run apart from the law as it stands.
    """
    key = [scenario_json, block_runs, samples, as_of, release, __version__, code_fingerprint()]
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
    with store.transaction() as con:
        con.execute(SCHEMA)


class StoreSink:
    """The engine's sink backed by the store: resumable, one transaction per chunk."""

    def __init__(self, store: Store, run_id: str) -> None:
        self.store, self.run_id = store, run_id

    def done_blocks(self) -> set[int]:
        frame = self.store.query("SELECT block FROM sim_blocks WHERE run_id = ?", [self.run_id])
        return set(int(b) for b in frame["block"])

    def load_block(self, block: int) -> dict[str, Any]:
        with self.store.connect(read_only=True) as con:
            row = con.execute(
                "SELECT aggregates FROM sim_blocks WHERE run_id = ? AND block = ?",
                [self.run_id, block],
            ).fetchone()
        if row is None:
            raise KeyError(block)
        return unpack(bytes(row[0]))

    def write_chunk(self, results: Sequence[BlockResult]) -> None:
        rows = [(self.run_id, r.block, r.runs, pack(r.aggregates)) for r in results]
        samples = [r.samples for r in results if r.samples is not None]
        with self.store.transaction() as con:
            con.executemany("INSERT INTO sim_blocks VALUES (?, ?, ?, ?)", rows)
            if samples:
                con.register("new_samples", _samples_frame(self.run_id, pd.concat(samples)))
                con.execute("INSERT INTO sim_samples SELECT * FROM new_samples")
                con.unregister("new_samples")


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
    """Register a run (or find it); returns its status: 'new', 'running' or 'complete'."""
    ensure_schema(store)
    with store.transaction() as con:
        row = con.execute(
            "SELECT status FROM sim_runs WHERE run_id = ?", [record.run_id]
        ).fetchone()
        if row is not None:
            return "complete" if row[0] == "complete" else "running"
        con.execute(
            "INSERT INTO sim_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " now(), NULL)",
            [
                record.run_id,
                record.scenario_name,
                record.family,
                record.scenario_json,
                hashlib.sha256(record.scenario_json.encode()).hexdigest(),
                json.dumps(parameters, default=str),
                record.seed,
                record.runs,
                record.block_runs,
                record.n_blocks,
                record.samples,
                record.as_of,
                record.release,
                record.natolab_version,
                "running",
            ],
        )
    return "new"


def finish_run(store: Store, run_id: str, tables: dict[str, pd.DataFrame]) -> None:
    """Store the summary tables and mark the run complete, atomically."""
    with store.transaction() as con:
        con.execute("DELETE FROM sim_tables WHERE run_id = ?", [run_id])
        for name, frame in tables.items():
            con.execute("INSERT INTO sim_tables VALUES (?, ?, ?)", [run_id, name, _parquet(frame)])
        con.execute(
            "UPDATE sim_runs SET status = 'complete', finished = now() WHERE run_id = ?", [run_id]
        )


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def load_tables(store: Store, run_id: str) -> dict[str, pd.DataFrame]:
    frame = store.query("SELECT name, data FROM sim_tables WHERE run_id = ?", [run_id])
    return {
        str(name): pd.read_parquet(io.BytesIO(bytes(data)))
        for name, data in zip(frame["name"], frame["data"], strict=True)
    }


def load_run(store: Store, run_id: str) -> dict[str, Any]:
    """A stored run's record (raises InputError if unknown; a unique prefix is enough)."""
    ensure_schema(store)
    frame = store.query(
        "SELECT * EXCLUDE (scenario_json) FROM sim_runs WHERE run_id LIKE ? ORDER BY created",
        [run_id + "%"],
    )
    if len(frame) != 1:
        problem = "no simulation run" if frame.empty else "more than one run matches"
        raise InputError(f"{problem} {run_id!r} (see `natolab sim list`)")
    record: dict[str, Any] = {str(k): v for k, v in frame.iloc[0].to_dict().items()}
    record["blocks_done"] = int(
        store.query("SELECT count(*) AS n FROM sim_blocks WHERE run_id = ?", [record["run_id"]])[
            "n"
        ].iloc[0]
    )
    return record


def list_runs(store: Store) -> pd.DataFrame:
    ensure_schema(store)
    return store.query(
        "SELECT run_id, scenario_name, family, runs, seed, status, natolab_version, created"
        " FROM sim_runs ORDER BY created"
    )


def load_samples(store: Store, run_id: str) -> pd.DataFrame:
    """Per-run samples of a run stored with ``samples=True``: metric and sampled parameters."""
    frame = store.query(
        "SELECT run_index, metric, draws FROM sim_samples WHERE run_id = ? ORDER BY run_index",
        [run_id],
    )
    draws = pd.DataFrame([json.loads(d) for d in frame["draws"]], index=frame.index)
    return pd.concat([frame[["run_index", "metric"]], draws], axis=1)
