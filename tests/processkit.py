"""`smartcity-bot run` as a real process: start it in simulator mode, ask, signal it, wait.

For tests (and scripts) of what only a whole process shows: stopping on SIGTERM/SIGINT, and what
is left behind for the next start. The chat goes through the simulator's HTTP API, as the chat
page does.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
START_GUARD_S = 20.0  # hang guards: a broken start or stop fails instead of hanging the suite
STOP_GUARD_S = 20.0


@dataclass
class BotProcess:
    """A running `python -m cli run` and the simulator page it printed."""

    process: asyncio.subprocess.Process
    url: str
    log: list[str] = field(default_factory=list)

    async def ask(self, text: str, chat_id: int = 1001) -> dict[str, Any]:
        """Send a question through the simulator and return the bot's first reply."""
        async with aiohttp.ClientSession() as http:
            return await sim_ask(http, self.url, text, chat_id)

    async def wait_for_log(self, text: str) -> None:
        """Read the process's log until a line contains `text` (hang-guarded)."""
        assert self.process.stderr is not None
        async with asyncio.timeout(START_GUARD_S):
            while not any(text in line for line in self.log):
                line = (await self.process.stderr.readline()).decode()
                assert line, "the bot exited early:\n" + "".join(self.log)
                self.log.append(line)

    async def stop(self, sig: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
        """Send `sig`; return the exit code and what the process logged after it."""
        assert self.process.stderr is not None
        self.process.send_signal(sig)
        async with asyncio.timeout(STOP_GUARD_S):
            rest = (await self.process.stderr.read()).decode()
            code = await self.process.wait()
        self.log.append(rest)
        return code, rest


async def sim_ask(http: aiohttp.ClientSession, url: str, text: str,
                  chat_id: int = 1001) -> dict[str, Any]:
    """Ask through the simulator's HTTP API, as the chat page does; return the bot's reply."""
    async with http.post(url + "sim/send", json={"chat_id": chat_id, "text": text}) as response:
        assert response.status == 200
        after = (await response.json())["result"]["seq"]
    for _ in range(50):
        async with http.get(f"{url}sim/chats/{chat_id}/messages",
                            params={"after": after, "wait": 5}) as response:
            changes = (await response.json())["result"]
        bot = [m for m in changes["messages"] if m["sender"] == "bot"]
        if bot:
            return bot[0]
        after = changes["seq"]
    raise AssertionError("the bot did not answer")


def bot_environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment of a simulator-mode bot with its log under tmp_path, plus `settings`."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL")}
    env.update(SIMULATOR_PORT="0", DATABASE_URL=f"sqlite:///{tmp_path / 'log.db'}",
               SPOOL_PATH=str(tmp_path / "spool.jsonl"), KNOWLEDGE_DIR=str(ROOT / "knowledge"),
               PYTHONPATH=str(ROOT))
    env.update(settings)
    return env


@asynccontextmanager
async def bot_process(tmp_path: Path, env: Mapping[str, str]) -> AsyncIterator[BotProcess]:
    """Start `python -m cli run` in tmp_path; kill it afterwards if it is still running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "run", cwd=tmp_path, env=dict(env),
        stderr=asyncio.subprocess.PIPE)
    assert process.stderr is not None
    log: list[str] = []
    try:
        async with asyncio.timeout(START_GUARD_S):
            while not any("Simulator ready" in line for line in log):
                line = (await process.stderr.readline()).decode()
                assert line, "the bot exited early:\n" + "".join(log)
                log.append(line)
        found = re.search(r"open (http://\S+/) in your browser", log[-1])
        assert found is not None
        yield BotProcess(process, found.group(1), log)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
