"""Benchmark the whole stack: updates per second, reply latency, query log, peak memory.

Usage: python scripts/benchmark_stack.py [--updates 2000] [--mode polling|webhook|both]
           [--limiter production|off|both] [--citizens 200] [--api-latency-ms 0]

The bot is started by the composition root (`bot.app.start_bot`) against the local Bot API
server, either long polling it or receiving its webhook POSTs on 127.0.0.1, with the query log
in a temporary SQLite file. Citizens (distinct user ids, private chats) ask the admins'
regression questions (answers, suggestions and fallbacks), at most IN_FLIGHT unanswered at a
time; the clock runs from the first question to the last reply. The flood guard is raised out
of the way. `--limiter production` keeps `AIORateLimiter` as `bot.app` configures it
(TELEGRAM_MAX_MESSAGES_PER_SECOND=30, Telegram's limit); `off` sets it to 0, which keeps
the per-group limits and 429 retries but drops the overall cap.
`--api-latency-ms` makes every Bot API call take that long, like a real round trip to Telegram
(the local server answers in well under a millisecond).

Each run is a fresh process, so its peak RSS is its own. Prints figures; asserts nothing
(targets: >= 300 updates/s with logging on, peak RSS < 150 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import resource
import sqlite3
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bot.app  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.evaluate import read_items  # noqa: E402
from simulator import LocalBotApi  # noqa: E402

IN_FLIGHT = 50  # questions awaiting their reply at any moment
FIRST_CITIZEN = 700_000  # user id (= private chat id) of the first simulated citizen
TOKEN = "7000000002:benchmark-token"  # noqa: S105 - accepted only by the local server
SECRET = "benchmark-secret"  # noqa: S105 - webhook secret between two local servers
HOOK_PATH = "/telegram/hook"
REPLY_TIMEOUT_S = 60.0  # give up when no reply arrives for this long


def questions() -> list[str]:
    """The admins' regression questions: a realistic mix of answers, choices and fallbacks."""
    return [item["q"] for item in read_items(ROOT / "knowledge" / "eval" / "regresi.jsonl")]


def make_settings(tmp: Path, api: LocalBotApi, mode: str, limiter: str) -> Settings:
    hook: dict[str, Any] = {}
    if mode == "webhook":  # re-pointed at the local receiver once it listens (see run_once)
        hook = {"webhook_url": "https://bot.invalid" + HOOK_PATH, "webhook_secret": SECRET,
                "webhook_listen": "127.0.0.1", "webhook_port": 0}
    return Settings.load(
        env={}, env_file=tmp / "none.env", telegram_bot_token=TOKEN,
        telegram_api_base_url=api.base_url, user_key_secret="benchmark-key",
        database_url=f"sqlite:///{tmp / 'log.db'}", spool_path=tmp / "spool.jsonl",
        knowledge_dir=ROOT / "knowledge", flood_max_messages=10**9, log_level="WARNING",
        telegram_max_messages_per_second=30 if limiter == "production" else 0, **hook)


async def drive(api: LocalBotApi, qs: list[str], updates: int,
                citizens: int) -> tuple[float, list[float]]:
    """Ask `updates` questions, IN_FLIGHT at a time; return wall seconds and latencies (ms).

    One loop watches the chats of the pending questions instead of one
    `wait_for_bot_message` per question: that helper wakes every waiter (and sorts its chat)
    on every change, and in this one process its cost would be counted as the bot's time.
    """
    state = api.state
    free = [FIRST_CITIZEN + n for n in range(max(citizens, IN_FLIGHT))]
    pending: dict[int, tuple[float, int]] = {}  # chat id -> (sent at, citizen seq)
    latencies: list[float] = []
    sent = 0
    start = time.perf_counter()
    while len(latencies) < updates:
        while free and len(pending) < IN_FLIGHT and sent < updates:
            chat_id = free.pop(0)
            await api.send_text(chat_id, qs[sent % len(qs)])
            pending[chat_id] = (time.perf_counter(), state.chats[chat_id].citizen_seq)
            sent += 1
        if not await state.changed.wait(REPLY_TIMEOUT_S):
            raise TimeoutError(f"no reply for {REPLY_TIMEOUT_S} s; {len(pending)} pending")
        now = time.perf_counter()
        for chat_id, (sent_at, seq) in list(pending.items()):
            chat = state.chats[chat_id]
            last = chat.messages[chat.next_message_id - 1]
            if last.sender == "bot" and last.seq > seq:
                latencies.append((now - sent_at) * 1000)
                del pending[chat_id]
                free.append(chat_id)
    return time.perf_counter() - start, latencies


async def run_once(mode: str, limiter: str, updates: int, citizens: int,
                   latency_ms: float = 0.0) -> dict[str, Any]:
    """Start the bot in `mode`, run the load and return one row of figures."""
    with tempfile.TemporaryDirectory(prefix="bench-stack-") as tmp:
        async with LocalBotApi(TOKEN, static_dir=None) as api:
            if latency_ms:  # a scripted "fault" with status 200 only delays the answer
                await api.add_fault("*", 200, delay_seconds=latency_ms / 1000, times=10**9)
            settings = make_settings(Path(tmp), api, mode, limiter)
            async with bot.app.start_bot(settings) as running:
                if running.receiver_url:  # as the reverse proxy in front of it would
                    await running.application.bot.set_webhook(
                        running.receiver_url + HOOK_PATH, secret_token=SECRET)
                seconds, latencies = await drive(api, questions(), updates, citizens)
            # A handler logs after it replies; leaving start_bot lets the last handler finish,
            # then flushes and closes the query log.
            replies = sum(m.sender == "bot" for chat in api.state.chats.values()
                          for m in chat.messages.values())
        with closing(sqlite3.connect(Path(tmp) / "log.db")) as db:
            logged = db.execute("SELECT count(*) FROM questions").fetchone()[0]
    latencies.sort()
    return {"mode": mode, "limiter": limiter, "updates": updates, "seconds": seconds,
            "rate": updates / seconds, "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "replies": replies, "logged": logged,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_in_child(*args: Any) -> dict[str, Any]:
    """Entry point of the fresh process each run gets."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(run_once(*args))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--mode", choices=["polling", "webhook", "both"], default="both")
    parser.add_argument("--limiter", choices=["production", "off", "both"], default="both")
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--api-latency-ms", type=float, default=0.0)
    args = parser.parse_args()
    modes = ["polling", "webhook"] if args.mode == "both" else [args.mode]
    limiters = ["production", "off"] if args.limiter == "both" else [args.limiter]
    print(f"{'mode':<8} {'limiter':<10} {'updates':>7} {'seconds':>8} {'upd/s':>7} "
          f"{'p50 ms':>7} {'p99 ms':>8} {'replies':>7} {'logged':>7} {'peak RSS':>9}")
    context = multiprocessing.get_context("spawn")
    for mode in modes:
        for limiter in limiters:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                r = pool.submit(run_in_child, mode, limiter, args.updates, args.citizens,
                                args.api_latency_ms).result()
            print(f"{r['mode']:<8} {r['limiter']:<10} {r['updates']:>7} {r['seconds']:>8.2f} "
                  f"{r['rate']:>7.0f} {r['p50']:>7.1f} {r['p99']:>8.1f} {r['replies']:>7} "
                  f"{r['logged']:>7} {r['rss_mb']:>6.0f} MB", flush=True)
    print(f"{IN_FLIGHT} questions in flight, {max(args.citizens, IN_FLIGHT)} citizens, Bot API "
          f"latency {args.api_latency_ms:g} ms; limiter 'production' = "
          "TELEGRAM_MAX_MESSAGES_PER_SECOND=30, 'off' = 0 (no overall cap)")


if __name__ == "__main__":
    main()
