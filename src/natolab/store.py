"""The embedded DuckDB store: natolab's default home for data and results.

One file (``$NATOLAB_HOME/natolab.duckdb``, by default in the user's data directory) holds the
releases, the tidy spending table, the allies and the sources. It is created from the bundle on
first use. Every change is one transaction: an import that fails half-way, a malformed file or a
killed process leaves the store exactly as it was (DuckDB's write-ahead log discards an
uncommitted transaction on the next open).

Concurrency: DuckDB lets one process write a file, or many processes read it, never both at
once, and refuses (rather than waits for) a conflicting lock. natolab therefore holds a
connection only for one short query or one short transaction, opens readers read-only, and
*waits* for a busy file with jittered backoff (see :func:`_open_with_retry`), so readers and
writers in other processes queue instead of failing; only after ``NATOLAB_LOCK_TIMEOUT``
seconds (default 120) does a caller get :class:`StoreBusyError`, a clear "busy, retry".
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from natolab._version import __version__
from natolab.data.bundle import bundle_path, bundle_root
from natolab.data.manifest import MANIFEST, sha256_file
from natolab.data.measures import DEPRECATED_MEASURES, SPENDING_COLUMNS
from natolab.errors import DataError, StoreBusyError

if TYPE_CHECKING:
    from natolab.sources.nato_workbook import ImportedRelease

SCHEMA_VERSION = "3"  # 3: measure ids renamed (issue 9)
LOCK_TIMEOUT_S = 120.0
LOCK_CONFLICTS = (
    "Could not set lock",
    "Conflicting lock",
    "different configuration",  # in-process: reader vs writer
    "already attached",  # in-process: the same file opened twice at once
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS releases (
    release VARCHAR PRIMARY KEY, edition VARCHAR, title VARCHAR, published DATE,
    published_precision VARCHAR, base_year INTEGER, estimate_years VARCHAR,
    source_id VARCHAR, origin VARCHAR, file_sha256 VARCHAR, content_sha256 VARCHAR);
CREATE TABLE IF NOT EXISTS spending (
    release VARCHAR NOT NULL, iso3 VARCHAR NOT NULL, year INTEGER NOT NULL,
    measure VARCHAR NOT NULL, value DOUBLE, unit VARCHAR, currency VARCHAR, base_year INTEGER,
    is_estimate BOOLEAN, source_id VARCHAR NOT NULL, quality VARCHAR, precision VARCHAR,
    note VARCHAR);
CREATE TABLE IF NOT EXISTS sources (
    source_id VARCHAR PRIMARY KEY, dataset VARCHAR, title VARCHAR, url VARCHAR,
    tier_or_grade VARCHAR, note VARCHAR);
ALTER TABLE releases ADD COLUMN IF NOT EXISTS content_sha256 VARCHAR;
"""
# Simulation results (natolab.sim.results decides what they mean; this module only keeps them).
SIM_SCHEMA = """
CREATE TABLE IF NOT EXISTS sim_runs (
    run_id VARCHAR PRIMARY KEY, scenario_name VARCHAR, family VARCHAR, scenario_json VARCHAR,
    scenario_sha256 VARCHAR, parameters_json VARCHAR, seed UBIGINT, runs BIGINT,
    block_runs INTEGER, n_blocks INTEGER, samples BOOLEAN, as_of DATE, release VARCHAR,
    natolab_version VARCHAR, status VARCHAR, created TIMESTAMP, finished TIMESTAMP,
    data_sha256 VARCHAR, pid INTEGER, host VARCHAR, heartbeat TIMESTAMP, reason VARCHAR);
CREATE TABLE IF NOT EXISTS sim_blocks (
    run_id VARCHAR NOT NULL, block INTEGER NOT NULL, runs INTEGER, aggregates BLOB,
    PRIMARY KEY (run_id, block));
CREATE TABLE IF NOT EXISTS sim_progress (
    run_id VARCHAR PRIMARY KEY, merged INTEGER NOT NULL, totals BLOB);
CREATE TABLE IF NOT EXISTS sim_tables (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, data BLOB, PRIMARY KEY (run_id, name));
CREATE TABLE IF NOT EXISTS sim_samples (
    run_id VARCHAR NOT NULL, run_index BIGINT NOT NULL, block INTEGER, metric DOUBLE,
    draws VARCHAR);
ALTER TABLE sim_runs ADD COLUMN IF NOT EXISTS data_sha256 VARCHAR;
ALTER TABLE sim_runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE sim_runs ADD COLUMN IF NOT EXISTS host VARCHAR;
ALTER TABLE sim_runs ADD COLUMN IF NOT EXISTS heartbeat TIMESTAMP;
ALTER TABLE sim_runs ADD COLUMN IF NOT EXISTS reason VARCHAR;
"""
#: the columns a new sim_runs row is given (status, created, finished are set by the store)
SIM_RUN_FIELDS = (
    "run_id", "scenario_name", "family", "scenario_json", "scenario_sha256", "parameters_json",
    "seed", "runs", "block_runs", "n_blocks", "samples", "as_of", "release", "natolab_version",
    "data_sha256", "pid", "host",
)  # fmt: skip
SIM_RUN_ADDED_COLUMNS = {"data_sha256", "pid", "host", "heartbeat", "reason"}
SIM_TABLES = ("sim_samples", "sim_tables", "sim_blocks", "sim_progress", "sim_runs")
RELEASE_COLUMNS = (
    "release, edition, title, published, published_precision, base_year, estimate_years,"
    " source_id, origin, file_sha256"
)
# A release's content hash: every spending row, each rendered as text, in a fixed order, so the
# same figures give the same hash however they were inserted (see Store.data_fingerprint).
CONTENT_HASH_SQL = """
UPDATE releases SET content_sha256 = hashed.digest FROM (
    SELECT release, sha256(string_agg(CAST(s AS VARCHAR), chr(10) ORDER BY CAST(s AS VARCHAR)))
        AS digest
    FROM spending s WHERE release IN ({releases}) GROUP BY release) AS hashed
WHERE releases.release = hashed.release
"""
# Per thread: the connection a Store.session() keeps for its file (None until first used), by path.
_SESSIONS = threading.local()


def natolab_home() -> Path:
    """``NATOLAB_HOME`` if set, else the platform's user data directory."""
    configured = os.environ.get("NATOLAB_HOME")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("natolab", appauthor=False))


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: the release, rows before and after, and whether anything changed."""

    release: str
    rows_before: int
    rows_after: int
    changed: bool


def _bundle_frame(name: str) -> pd.DataFrame:
    return pd.read_csv(bundle_path(name), keep_default_na=False, na_values={"value": [""]})


def _nullable(frame: pd.DataFrame, column: str, kind: str) -> pd.Series:
    raw = frame[column].replace("", None)
    if kind == "bool":
        return raw.map({"true": True, "false": False, True: True, False: False})
    return pd.to_numeric(raw).astype("Int64")


def _spending_from_bundle() -> pd.DataFrame:
    frame = pd.read_csv(bundle_path("spending.csv"), keep_default_na=False, dtype=str)
    frame["value"] = pd.to_numeric(frame["value"].replace("", None))
    frame["year"] = frame["year"].astype(int)
    frame["base_year"] = _nullable(frame, "base_year", "int")
    frame["is_estimate"] = _nullable(frame, "is_estimate", "bool")
    return frame[list(SPENDING_COLUMNS)]


class Store:
    """A natolab DuckDB file. Open it with :meth:`open`; the bundle fills it on first use."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else natolab_home() / "natolab.duckdb"

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
        """The store at ``path`` (default location if None), built from the bundle if new.

        A store filled from an older bundle (another natolab version) is refreshed from the
        current one; imported releases and simulation results are kept.
        """
        store = cls(path)
        if store.needs_build():
            store.build()
        return store

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the file, waiting while another process holds it; closed on exit.

        Keep the block short: while it is open, other processes wait (readers wait for a
        writer, a writer for every reader).
        """
        if read_only and not self.path.exists():
            raise DataError(f"no natolab store at {self.path} (run `natolab data build`)")
        sessions = _sessions()
        key = str(self.path)
        if key in sessions:
            yield self._session_connection(sessions, key, read_only)
            return
        con = self._open(read_only)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Serve every query this thread makes on the file from one connection until the block
        ends (each costs tens of milliseconds to open under load; a run's set-up asks a dozen).

        The connection is read-only until the first write, which reopens it for writing: so a
        session holds the file like one long query, and belongs around short set-up work only.
        A session inside a session is the outer one.
        """
        sessions = _sessions()
        key = str(self.path)
        if key in sessions:
            yield
            return
        sessions[key] = None
        try:
            yield
        finally:
            held = sessions.pop(key)
            if held is not None:
                held[0].close()

    def _session_connection(
        self, sessions: dict[str, Any], key: str, read_only: bool
    ) -> duckdb.DuckDBPyConnection:
        """The session's connection, (re)opened for writing when a write first needs it (a
        process cannot hold a read-only and a writing connection to one file at once)."""
        held = sessions[key]
        if held is not None and (read_only or not held[1]):
            return held[0]
        if held is not None:
            sessions[key] = None
            held[0].close()
        con = self._open(read_only)
        sessions[key] = (con, read_only)
        return con

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # NATOLAB_HOME under a file, or not writable: one clear line
            raise DataError(f"cannot create the natolab home {self.path.parent}: {exc}") from exc
        return _open_with_retry(self.path, read_only)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One atomic change: committed on success, rolled back on any error."""
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def needs_build(self) -> bool:
        """True when the file is missing, has another schema version, or was filled from a
        bundle other than the installed one. One read-only connection: every command asks."""
        if not self.path.exists():
            return True
        with self.connect(read_only=True) as con:
            tables = {
                row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            }
            if "meta" not in tables:
                return True
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        return meta.get("schema_version") != SCHEMA_VERSION or meta.get(
            "bundle_manifest_sha256"
        ) != sha256_file(bundle_root() / MANIFEST)

    def build(self) -> int:
        """(Re)load every bundled release, the allies and the sources; imports are kept.

        Returns the number of spending rows loaded from the bundle.
        """
        spending = _spending_from_bundle()
        releases = _bundle_frame("releases.csv")
        releases["origin"], releases["file_sha256"] = "bundle", None
        releases["base_year"] = _nullable(releases, "base_year", "int")
        releases["published"] = pd.to_datetime(releases["published"]).dt.date
        sources = (
            _bundle_frame("sources.csv") if bundle_root().joinpath("sources.csv").exists() else None
        )
        with self.transaction() as con:
            con.execute(SCHEMA)
            con.execute(
                "DELETE FROM spending WHERE release IN (SELECT release FROM releases WHERE origin = 'bundle')"
            )
            con.execute("DELETE FROM releases WHERE origin = 'bundle'")
            con.register("new_releases", releases)
            con.execute(
                f"INSERT INTO releases ({RELEASE_COLUMNS}) SELECT {RELEASE_COLUMNS}"
                " FROM new_releases WHERE release NOT IN (SELECT release FROM releases)"
            )
            con.register("new_spending", spending)
            con.execute(
                "INSERT INTO spending SELECT * FROM new_spending"
                " WHERE release NOT IN (SELECT release FROM releases WHERE origin = 'import')"
            )
            if sources is not None:
                con.execute("DELETE FROM sources WHERE dataset <> 'import'")
                con.register("new_sources", sources)
                con.execute("INSERT INTO sources SELECT * FROM new_sources")
            # imported releases keep their rows across a rebuild: give them the new names
            for old, new in DEPRECATED_MEASURES.items():
                con.execute("UPDATE spending SET measure = ? WHERE measure = ?", [new, old])
            con.execute(CONTENT_HASH_SQL.format(releases="SELECT release FROM releases"))
            self._set_meta(con)
        return len(spending)

    def _set_meta(self, con: duckdb.DuckDBPyConnection) -> None:
        meta = {
            "schema_version": SCHEMA_VERSION,
            "natolab_version": __version__,
            "bundle_manifest_sha256": sha256_file(bundle_root() / MANIFEST),
        }
        for key, value in meta.items():
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def import_release(self, imported: ImportedRelease, replace: bool = False) -> ImportSummary:
        """Add (or refresh) one release in a single transaction; other releases untouched.

        A release already held from a *different* source (e.g. the bundled real figures vs a
        user's workbook with the same publication month) is only replaced with ``replace=True``,
        so an import never silently swaps real figures for others.
        """
        rows = imported.rows[list(SPENDING_COLUMNS)]
        self._check_replacement(imported, replace)
        before = self.query("SELECT * FROM spending WHERE release = ?", [imported.release])
        release_row = pd.DataFrame(
            [
                {
                    "release": imported.release,
                    "edition": "",
                    "title": imported.title,
                    "published": imported.published,
                    "published_precision": "day",
                    "base_year": imported.base_year,
                    "estimate_years": ";".join(str(y) for y in imported.estimate_years),
                    "source_id": imported.source_id,
                    "origin": "import",
                    "file_sha256": imported.file_sha256,
                }
            ]
        )
        with self.transaction() as con:
            con.execute("DELETE FROM spending WHERE release = ?", [imported.release])
            con.execute("DELETE FROM releases WHERE release = ?", [imported.release])
            con.register("new_release", release_row)
            con.execute(f"INSERT INTO releases ({RELEASE_COLUMNS}) SELECT * FROM new_release")
            con.register("new_rows", rows)
            con.execute("INSERT INTO spending SELECT * FROM new_rows")
            con.execute(CONTENT_HASH_SQL.format(releases="?"), [imported.release])
            self._register_source(con, imported)
        after = self.query("SELECT * FROM spending WHERE release = ?", [imported.release])
        return ImportSummary(
            imported.release, len(before), len(after), not _same_rows(before, after)
        )

    def _check_replacement(self, imported: ImportedRelease, replace: bool) -> None:
        held = self.query("SELECT source_id FROM releases WHERE release = ?", [imported.release])
        if replace or held.empty or held["source_id"].iloc[0] == imported.source_id:
            return
        raise DataError(
            f"release {imported.release} is already in the store from source "
            f"{held['source_id'].iloc[0]}; this file is source {imported.source_id}. File it "
            "under another id (--release) or replace it explicitly (--replace)"
        )

    @staticmethod
    def _register_source(con: duckdb.DuckDBPyConnection, imported: ImportedRelease) -> None:
        known = con.execute(
            "SELECT 1 FROM sources WHERE source_id = ?", [imported.source_id]
        ).fetchone()
        if known is None:
            con.execute(
                "INSERT INTO sources VALUES (?, 'import', ?, '', 'A', ?)",
                [
                    imported.source_id,
                    f"{imported.title} (imported from {imported.file_name})",
                    f"sha256 {imported.file_sha256}; imported {date.today().isoformat()}",
                ],
            )

    def query(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        """Run a read-only query and return a DataFrame."""
        with self.connect(read_only=True) as con:
            return con.execute(sql, params or []).df()

    def releases(self) -> pd.DataFrame:
        """Every release in the store with its publication date."""
        frame = self.query("SELECT * FROM releases ORDER BY published, release")
        frame["published"] = pd.to_datetime(frame["published"]).dt.date
        return frame

    def data_fingerprint(self, on: date, release: str | None = None) -> str:
        """A hash of every spending row a snapshot can read: ``release`` alone, or every release
        published by ``on``. Part of a simulation's run id, so changed data is never served
        from results computed on the old figures."""
        where, value = ("release = ?", release) if release is not None else ("published <= ?", on)
        frame = self.query(
            f"SELECT release, content_sha256 FROM releases WHERE {where} ORDER BY release", [value]
        )
        pairs = zip(frame["release"], frame["content_sha256"], strict=True)
        text = "\n".join(f"{name}:{digest}" for name, digest in pairs)
        return hashlib.sha256(text.encode()).hexdigest()

    def spending(self) -> pd.DataFrame:
        """The whole tidy spending table."""
        return self.query("SELECT * FROM spending ORDER BY release, iso3, measure, year")

    # --- named reads of the data (the one home of their SQL) -----------------------------------

    def sources(self) -> pd.DataFrame:
        """Every source a value can cite, by dataset and id."""
        return self.query("SELECT * FROM sources ORDER BY dataset, source_id")

    def spending_rows(
        self,
        releases: Sequence[str],
        qualities: Sequence[str],
        measures: Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The spending rows of ``releases`` graded ``qualities`` (and ``measures``, if given);
        ``columns`` picks the columns (all by default)."""
        if not releases or not qualities or (measures is not None and not measures):
            return pd.DataFrame(columns=list(columns or SPENDING_COLUMNS))
        wanted = ", ".join(columns) if columns else "*"
        unknown = set(columns or ()) - set(SPENDING_COLUMNS)
        if unknown:
            raise ValueError(f"not spending columns: {sorted(unknown)}")
        sql = (
            f"SELECT {wanted} FROM spending WHERE release IN ({_marks(releases)})"
            f" AND quality IN ({_marks(qualities)})"
        )
        params: list[object] = [*releases, *qualities]
        if measures is not None:
            sql += f" AND measure IN ({_marks(measures)})"
            params += list(measures)
        return self.query(sql, params)

    def release_coverage(self) -> pd.DataFrame:
        """Per release: cells, geographies, first and last year, measures and grades held."""
        return self.query(
            "SELECT release, count(*) AS cells, count(DISTINCT iso3) AS geographies,"
            " min(year) AS first_year, max(year) AS last_year,"
            " count(DISTINCT measure) AS measures,"
            " string_agg(DISTINCT quality, ';' ORDER BY quality) AS grades"
            " FROM spending GROUP BY release"
        )

    def cell_vintages(self, iso3: str, measure: str, year: int) -> pd.DataFrame:
        """Every release's value of one ally-measure-year cell, oldest publication first."""
        return self.query(
            "SELECT r.release, r.published, s.value, s.is_estimate, s.base_year, s.quality,"
            " s.source_id, s.note FROM spending s JOIN releases r USING (release)"
            " WHERE s.iso3 = ? AND s.measure = ? AND s.year = ? ORDER BY r.published, r.release",
            [iso3, measure, int(year)],
        )

    def rows_citing(self, source_id: str) -> pd.DataFrame:
        """How many spending rows of each release cite ``source_id`` (alone or among others)."""
        return self.query(
            "SELECT release, count(*) AS n FROM spending"
            " WHERE list_contains(string_split(source_id, ';'), ?)"
            " GROUP BY release ORDER BY release",
            [source_id],
        )

    # --- simulation runs: how they are kept (natolab.sim.results: what they mean) --------------

    def ensure_sim_tables(self) -> None:
        """Create or upgrade the run tables; a read-only check first, so readers of an
        up-to-date store never take the write lock."""
        with self.connect(read_only=True) as con:
            columns = con.execute(
                "SELECT table_name, column_name FROM duckdb_columns()"
                " WHERE database_name = current_database() AND table_name LIKE 'sim%'"
            ).fetchall()
        tables = {table for table, _ in columns}
        run_columns = {column for table, column in columns if table == "sim_runs"}
        if tables >= set(SIM_TABLES) and run_columns >= SIM_RUN_ADDED_COLUMNS:
            return
        with self.transaction() as con:
            con.execute(SIM_SCHEMA)

    def sim_run_status(self, run_id: str) -> str | None:
        """A stored run's recorded status, or None when there is no such run."""
        frame = self.query("SELECT status FROM sim_runs WHERE run_id = ?", [run_id])
        return None if frame.empty else str(frame["status"].iloc[0])

    def claim_sim_run(
        self, row: Mapping[str, Any], decide: Callable[[dict[str, Any] | None], str]
    ) -> str:
        """Register or take over the run ``row`` describes, in one transaction.

        ``decide`` sees the stored run (status, pid, host, heartbeat; None if new) and answers
        ``"complete"`` (leave it), ``"take"`` (mark it running under ``row``'s pid and host) or
        ``"new"`` (insert ``row``); it may raise to refuse, which changes nothing.
        """
        with self.transaction() as con:
            found = con.execute(
                "SELECT status, pid, host, heartbeat FROM sim_runs WHERE run_id = ?",
                [row["run_id"]],
            ).fetchone()
            held = (
                dict(zip(("status", "pid", "host", "heartbeat"), found, strict=True))
                if found
                else None
            )
            action = decide(held)
            if action == "take":
                con.execute(
                    "UPDATE sim_runs SET status = 'running', pid = ?, host = ?, heartbeat = now(),"
                    " reason = NULL WHERE run_id = ?",
                    [row["pid"], row["host"], row["run_id"]],
                )
            elif action == "new":
                con.execute(
                    f"INSERT INTO sim_runs ({', '.join(SIM_RUN_FIELDS)}, status, created, heartbeat)"
                    f" VALUES ({_marks(SIM_RUN_FIELDS)}, 'running', now(), now())",
                    [row[name] for name in SIM_RUN_FIELDS],
                )
        return action

    def end_sim_run(self, run_id: str, status: str, reason: str) -> None:
        """Mark a running run stopped (``failed``/``interrupted``) with its reason."""
        with self.transaction() as con:
            con.execute(
                "UPDATE sim_runs SET status = ?, reason = ?, heartbeat = now() WHERE run_id = ?"
                " AND status = 'running'",
                [status, reason, run_id],
            )

    def finish_sim_run(self, run_id: str, tables: Mapping[str, bytes]) -> None:
        """Store a run's result tables (Parquet bytes by name) and mark it complete, atomically."""
        with self.transaction() as con:
            con.execute("DELETE FROM sim_tables WHERE run_id = ?", [run_id])
            for name, data in tables.items():
                con.execute("INSERT INTO sim_tables VALUES (?, ?, ?)", [run_id, name, data])
            con.execute(
                "UPDATE sim_runs SET status = 'complete', finished = now(), heartbeat = now(),"
                " reason = NULL WHERE run_id = ?",
                [run_id],
            )

    def sim_progress(self, run_id: str) -> tuple[int, bytes | None, set[int]]:
        """A run's stored progress: blocks merged, their packed totals (None before the first
        chunk), and the blocks stored beyond them, waiting to be merged."""
        with self.connect(read_only=True) as con:
            row = con.execute(
                "SELECT merged, totals FROM sim_progress WHERE run_id = ?", [run_id]
            ).fetchone()
            waiting = con.execute("SELECT block FROM sim_blocks WHERE run_id = ?", [run_id])
            blocks = {int(b) for (b,) in waiting.fetchall()}
        if row is None:
            return 0, None, blocks
        return int(row[0]), bytes(row[1]), blocks

    def sim_block(self, run_id: str, block: int) -> bytes | None:
        """One stored block's packed aggregates (None if not stored)."""
        with self.connect(read_only=True) as con:
            row = con.execute(
                "SELECT aggregates FROM sim_blocks WHERE run_id = ? AND block = ?",
                [run_id, block],
            ).fetchone()
        return None if row is None else bytes(row[0])

    def add_sim_blocks(
        self,
        run_id: str,
        blocks: Sequence[tuple[int, int, bytes]],
        progress: tuple[int, bytes],
        samples: pd.DataFrame | None = None,
    ) -> None:
        """One chunk, in one transaction: the run's progress ``(blocks merged, packed totals)``
        replacing the last, the blocks ``(block, runs, packed aggregates)`` beyond it, the
        stored blocks it now covers removed, its per-run samples (rows of sim_samples), and
        the run's heartbeat."""
        merged, totals = progress
        with self.transaction() as con:
            if blocks:
                con.executemany(
                    "INSERT INTO sim_blocks VALUES (?, ?, ?, ?)", [(run_id, *b) for b in blocks]
                )
            con.execute("DELETE FROM sim_blocks WHERE run_id = ? AND block < ?", [run_id, merged])
            con.execute(
                "INSERT OR REPLACE INTO sim_progress VALUES (?, ?, ?)", [run_id, merged, totals]
            )
            con.execute("UPDATE sim_runs SET heartbeat = now() WHERE run_id = ?", [run_id])
            if samples is not None:
                con.register("new_samples", samples)
                con.execute("INSERT INTO sim_samples SELECT * FROM new_samples")
                con.unregister("new_samples")

    def sim_tables(self, run_id: str) -> list[tuple[str, bytes]]:
        """A finished run's result tables: (name, Parquet bytes)."""
        frame = self.query("SELECT name, data FROM sim_tables WHERE run_id = ?", [run_id])
        return [(str(n), bytes(d)) for n, d in zip(frame["name"], frame["data"], strict=True)]

    def sim_runs(self, id_prefix: str | None = None) -> pd.DataFrame:
        """Stored runs (those whose id starts with ``id_prefix``), oldest first,
        with ``blocks_done``; the scenario text is left out."""
        where, params = "", []
        if id_prefix is not None:  # natolab.sim.results checks it is hex (no LIKE wildcards)
            where, params = " WHERE r.run_id LIKE ?", [id_prefix + "%"]
        return self.query(
            "SELECT r.* EXCLUDE (scenario_json),"
            " coalesce((SELECT p.merged FROM sim_progress p WHERE p.run_id = r.run_id), 0)"
            " + (SELECT count(*) FROM sim_blocks b WHERE b.run_id = r.run_id) AS blocks_done"
            f" FROM sim_runs r{where} ORDER BY r.created",
            list(params),
        )

    def delete_sim_runs(self, run_ids: Sequence[str]) -> None:
        """Remove runs and everything they stored, in one transaction."""
        if not run_ids:
            return
        with self.transaction() as con:
            for table in SIM_TABLES:
                con.executemany(f"DELETE FROM {table} WHERE run_id = ?", [[i] for i in run_ids])

    def sim_samples(self, run_id: str) -> pd.DataFrame:
        """A run's per-run samples (run_index, metric, draws as JSON), in run order."""
        return self.query(
            "SELECT run_index, metric, draws FROM sim_samples WHERE run_id = ? ORDER BY run_index",
            [run_id],
        )


def _sessions() -> dict[str, Any]:
    """This thread's open sessions: path -> (connection, read_only), or None before first use."""
    if not hasattr(_SESSIONS, "held"):
        _SESSIONS.held = {}
    held: dict[str, Any] = _SESSIONS.held
    return held


def _marks(values: Sequence[object]) -> str:
    """``?, ?, ?``: one placeholder per value."""
    return ", ".join("?" * len(values))


def _same_rows(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    if len(before) != len(after):
        return False
    keys = ["iso3", "year", "measure"]
    a = before.sort_values(keys).reset_index(drop=True)
    b = after.sort_values(keys).reset_index(drop=True)
    return bool(a.astype(str).equals(b.astype(str)))


def lock_timeout() -> float:
    """Seconds to wait for a busy store: ``NATOLAB_LOCK_TIMEOUT`` or 120."""
    configured = os.environ.get("NATOLAB_LOCK_TIMEOUT", "")
    try:
        return max(0.0, float(configured)) if configured else LOCK_TIMEOUT_S
    except ValueError as exc:
        raise DataError(
            f"NATOLAB_LOCK_TIMEOUT must be a number of seconds, got {configured!r}"
        ) from exc


def _open_with_retry(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying with jittered exponential backoff while another process holds a
    conflicting lock (DuckDB fails at once instead of waiting); any other error, or a lock held
    past the timeout, is one clear :class:`DataError`."""
    deadline = time.monotonic() + lock_timeout()
    delay = 0.01
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise DataError(f"cannot open the store {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"the store {path} is busy (another natolab process is writing to it "
                    f"or reading it for more than {lock_timeout():g} s); retry in a moment"
                ) from exc
        time.sleep(min(delay * (1 + random.random()), max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.25)


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    """Another process's lock, or, in this process, a connection of the other kind (DuckDB keeps
    one instance per file per process: the web server's requests read while a simulation job in
    one of its threads writes, and a reader and a writer cannot be open at the same moment)."""
    return any(message in str(exc) for message in LOCK_CONFLICTS)
