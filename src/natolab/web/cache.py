"""A response cache for pages and the API: the same question on the same data, answered once.

An answer depends on the request (path and query), the day (``on`` defaults to today) and the
store's contents. The store is a DuckDB file that changes only when written (a build, an import,
a simulation run), so its modification time stands for its contents: any write makes older
entries unreachable, without a signal between processes. Only successful GET answers are kept;
jobs, runs and the Scenarios page change by themselves and are never cached, and static files
are served from disk by Starlette already.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

NEVER = ("/api/v1/runs", "/api/v1/sensitivity", "/scenarios", "/static/", "/docs")
MAX_ENTRIES = 512
MAX_BODY = 4 * 1024 * 1024  # bigger answers are served fresh, not kept

Key = tuple[str, str, str, str, int]
Entry = tuple[bytes, dict[str, str]]  # body, headers (content type, disposition, ...)


class ResponseCache:
    """A bounded LRU of response bodies, keyed by store file and version, request and day."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    @staticmethod
    def cacheable(request: Request) -> bool:
        path = request.url.path
        return request.method == "GET" and not path.startswith(NEVER)

    @staticmethod
    def key(request: Request) -> Key:
        from natolab.store import Store

        path = Store().path
        try:
            version = os.stat(path).st_mtime_ns
        except OSError:
            version = 0
        return (str(path), request.url.path, request.url.query, date.today().isoformat(), version)

    def get(self, key: Key) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def put(self, key: Key, entry: Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Any]]
    ) -> Response:
        """HTTP middleware: answer from the cache, or compute, keep (if 200) and answer."""
        if not self.cacheable(request):
            return await call_next(request)
        key = self.key(request)
        entry = self.get(key)
        if entry is not None:
            return Response(entry[0], status_code=200, headers=entry[1])
        response = await call_next(request)
        if response.status_code != 200:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        if len(body) <= MAX_BODY:
            self.put(key, (body, headers))
        return Response(body, status_code=200, headers=headers)
