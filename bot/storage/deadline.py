"""Run a blocking database call in a thread the event loop can walk away from.

A database behind a paused proxy or a network partition can leave a driver waiting in `poll`
forever: the kernel acknowledged what was sent, so no socket timeout ever fires.
`asyncio.to_thread` would then hold a pool thread that `asyncio.run` and the interpreter wait
for at exit, and the process would never stop. `call_with_deadline` runs the call in its own
daemon thread instead and stops waiting after the given number of seconds; the thread is
abandoned (it finishes, or dies with the process). A write the caller gave up on may still
commit later, which is why records carry their own primary key and every insert skips ids
already stored.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from bot.storage.errors import StorageUnavailable

T = TypeVar("T")


class DeadlineExceeded(StorageUnavailable):
    """The database did not answer in time; the call was abandoned, not cancelled."""


class Abandoned:
    """The threads still running calls that their callers gave up on."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def add(self, thread: threading.Thread) -> None:
        """Remember a thread whose call timed out."""
        self._threads.append(thread)

    @property
    def alive(self) -> int:
        """How many abandoned calls are still blocked (finished ones are forgotten)."""
        self._threads = [thread for thread in self._threads if thread.is_alive()]
        return len(self._threads)

    async def settled(self, seconds: float) -> bool:
        """Wait up to `seconds` for every abandoned call to end; return whether they have."""
        if not self.alive:
            return True
        threads = list(self._threads)

        def join_all() -> None:
            deadline = time.monotonic() + seconds
            for thread in threads:
                thread.join(max(0.0, deadline - time.monotonic()))

        await asyncio.to_thread(join_all)  # returns within `seconds`, so a pool thread is fine
        return not self.alive


async def call_with_deadline(function: Callable[[], T], seconds: float, *,
                             abandoned: Abandoned | None = None, name: str = "db-call") -> T:
    """Run `function()` in a new daemon thread; return its result or raise what it raised.

    Args:
        function: The blocking call (takes no arguments: bind them with a lambda or partial).
        seconds: How long to wait for it.
        abandoned: Where to remember the thread if the deadline passes.
        name: The thread's name, for debugging.

    Raises:
        DeadlineExceeded: If the call did not return within `seconds`.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        """Hand the outcome to the loop; the loop may be gone if the call was abandoned."""
        try:
            loop.call_soon_threadsafe(outcome)
        except RuntimeError:  # the event loop is closed: nobody is waiting any more
            pass

    def work() -> None:
        try:
            result = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the waiting task
            error = exc
            settle(lambda: None if future.done() else future.set_exception(error))
        else:
            settle(lambda: None if future.done() else future.set_result(result))

    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    # asyncio.wait neither cancels the future nor mistakes a TimeoutError raised by the call
    # (socket timeouts are TimeoutError) for the deadline.
    done, _pending = await asyncio.wait({future}, timeout=seconds)
    if not done:
        if abandoned is not None:
            abandoned.add(thread)
        future.cancel()  # its outcome, if it ever comes, is dropped
        raise DeadlineExceeded(f"no answer within {seconds:g} s")
    return future.result()
