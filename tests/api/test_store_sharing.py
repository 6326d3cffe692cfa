"""The store shared by requests and a job: a writer waits out a reader instead of failing."""

from __future__ import annotations

import threading
import time

import pytest

from natolab.errors import DataError
from natolab.store import Store


def test_a_writer_waits_for_an_open_reader(store: Store) -> None:
    opened = threading.Event()
    waited: list[float] = []

    def write() -> None:
        opened.wait()
        start = time.monotonic()
        with store.transaction() as con:
            con.execute("CREATE TABLE IF NOT EXISTS web_probe (x INTEGER)")
        waited.append(time.monotonic() - start)

    writer = threading.Thread(target=write)
    writer.start()
    with store.connect(read_only=True) as con:
        opened.set()
        time.sleep(0.3)  # DuckDB refuses the writer while this reader is open
        con.execute("SELECT 1").fetchall()
    writer.join(timeout=15)
    assert waited and waited[0] >= 0.25
    assert "web_probe" in set(store.query("SHOW TABLES")["name"])


def test_a_store_held_too_long_is_a_clear_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NATOLAB_LOCK_TIMEOUT", "0.2")
    refused = pytest.raises(DataError, match="is busy")
    with store.connect(read_only=True), refused, store.connect():
        pass
