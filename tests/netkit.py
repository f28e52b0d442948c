"""Silent database outages for tests and scripts: a black-holing TCP proxy, a locked SQLite file.

`BlackHoleProxy` sits between the bot and PostgreSQL on 127.0.0.1:0. While it is a black hole it
keeps accepting connections and keeps them open, but forwards nothing in either direction and
never resets anything: what a paused proxy or a network partition does, the case no connection
error reports. `restore()` forwards what was held back, so a write the bot gave up on may still
commit afterwards (the bot must then not store it twice). `SqliteLock` holds the write lock of a
SQLite file from another connection, as a long transaction of another process would.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

CHUNK_BYTES = 65536


class BlackHoleProxy:
    """A TCP proxy to host:port that can stop forwarding without closing anything."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.listen_port = 0
        self.connections = 0  # accepted so far, during an outage too
        self._open = asyncio.Event()
        self._open.set()
        self._server: asyncio.Server | None = None
        self._pumps: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port (`listen_port`)."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.listen_port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        self._open.set()
        if self._server is not None:
            self._server.close()
        for task in list(self._pumps):
            task.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            await self._server.wait_closed()

    def black_hole(self) -> None:
        """Forward nothing from now on; connections stay open and new ones are accepted."""
        self._open.clear()

    def restore(self) -> None:
        """Forward again, starting with what was held back."""
        self._open.set()

    @property
    def is_black_hole(self) -> bool:
        """Whether the proxy holds everything back now."""
        return not self._open.is_set()

    def url(self, database_url: str) -> str:
        """`database_url` with its host and port replaced by the proxy's."""
        url = make_url(database_url).set(host="127.0.0.1", port=self.listen_port)
        return url.render_as_string(hide_password=False)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            writer.close()
            return
        self._writers.append(upstream_writer)
        for source, target in ((reader, upstream_writer), (upstream_reader, writer)):
            task = asyncio.create_task(self._pump(source, target))
            self._pumps.add(task)
            task.add_done_callback(self._pumps.discard)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Copy one direction, holding data back while the proxy is a black hole."""
        try:
            while True:
                await self._open.wait()
                data = await reader.read(CHUNK_BYTES)
                if not data:
                    break
                await self._open.wait()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def black_hole_proxy(database_url: str) -> AsyncIterator[BlackHoleProxy]:
    """A started proxy in front of the PostgreSQL server of `database_url`."""
    url = make_url(database_url)
    proxy = BlackHoleProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()


class SqliteLock:
    """Holds (or releases) the write lock of a SQLite file from a connection of its own."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=0)

    def hold(self) -> None:
        """Take the write lock: other connections now wait for their busy timeout, then fail."""
        self._connection.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        """Let the others write again."""
        if self._connection.in_transaction:
            self._connection.execute("ROLLBACK")

    def close(self) -> None:
        """Release the lock and close the connection."""
        self.release()
        self._connection.close()


class SilentOutage:
    """A database the bot reaches at `url`, which `begin()` silences and `end()` brings back.

    PostgreSQL goes through a `BlackHoleProxy`; a SQLite file gets a `SqliteLock`. Tests read
    what was stored through `direct_url`, which no outage affects.
    """

    def __init__(self, url: str, direct_url: str, proxy: BlackHoleProxy | None = None,
                 sqlite_path: Path | None = None) -> None:
        self.url, self.direct_url = url, direct_url
        self._proxy, self._sqlite_path = proxy, sqlite_path
        self._lock: SqliteLock | None = None

    def begin(self) -> None:
        """Silence the database (the SQLite file must exist: let the bot create it first)."""
        if self._proxy is not None:
            self._proxy.black_hole()
        elif self._sqlite_path is not None:
            self._lock = SqliteLock(self._sqlite_path)
            self._lock.hold()

    def end(self) -> None:
        """Bring the database back."""
        if self._proxy is not None:
            self._proxy.restore()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


@contextlib.asynccontextmanager
async def silent_outage_of(database_url: str) -> AsyncIterator[SilentOutage]:
    """A `SilentOutage` for a SQLite file or (through a proxy) a PostgreSQL server."""
    if database_url.startswith("sqlite"):
        path = Path(make_url(database_url).database or "")
        outage = SilentOutage(database_url, database_url, sqlite_path=path)
        try:
            yield outage
        finally:
            outage.end()
        return
    async with black_hole_proxy(database_url) as proxy:
        outage = SilentOutage(proxy.url(database_url), database_url, proxy=proxy)
        try:
            yield outage
        finally:
            outage.end()


@pytest.fixture
async def silent_outage(database_url: str) -> AsyncIterator[SilentOutage]:
    """A silent outage of the test database (SQLite locked, PostgreSQL black-holed)."""
    async with silent_outage_of(database_url) as outage:
        yield outage
