"""Benchmark a burst in one group against private questions asked during it.

Usage: python scripts/benchmark_group_burst.py [--members 10] [--each 10] [--private 5]

The bot is started by `bot.app.start_bot` against the local Bot API server with the shipped
limits (TELEGRAM_MAX_MESSAGES_PER_SECOND=30, Telegram's 20 messages a minute per group). Members
of one supergroup send `--each` `/tanya` each at once; right after, `--private` citizens ask
"apa itu smart city" in private chats, one after the other. Prints the private reply latency,
how many group questions were answered, how many notices the group got, and how long until the
notice was posted (Telegram's limit holds it back). Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bot.app  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.flood_replies import group_busy_notice  # noqa: E402
from simulator import LocalBotApi  # noqa: E402

TOKEN = "7000000003:benchmark-token"  # noqa: S105 - accepted only by the local server
GROUP = -1009000
FIRST_MEMBER, FIRST_CITIZEN = 900_001, 950_001
NOTICE = group_busy_notice(60, "x").html.split(".")[0]


async def run(members: int, each: int, private: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-burst-") as tmp:
        async with LocalBotApi(TOKEN, static_dir=None) as api:
            settings = Settings.load(
                env={}, env_file=Path(tmp) / "none.env", telegram_bot_token=TOKEN,
                telegram_api_base_url=api.base_url, user_key_secret="benchmark-key",
                database_url=f"sqlite:///{Path(tmp) / 'log.db'}",
                spool_path=Path(tmp) / "spool.jsonl", knowledge_dir=ROOT / "knowledge",
                log_level="WARNING")
            async with bot.app.start_bot(settings):
                started = time.perf_counter()
                for round_number in range(each):
                    for member in range(members):
                        await api.send_text(GROUP, f"/tanya apa itu smart city {round_number}",
                                            chat_type="supergroup", user_id=FIRST_MEMBER + member)
                latencies = []
                for number in range(private):
                    asked = time.perf_counter()
                    await api.send_text(FIRST_CITIZEN + number, "apa itu smart city")
                    await api.wait_for_bot_message(FIRST_CITIZEN + number, timeout=120)
                    latencies.append(time.perf_counter() - asked)
                await api.wait_for_bot_message(GROUP, after_seq=0, timeout=120,
                                               predicate=lambda m: m.text.startswith(NOTICE))
                drained = time.perf_counter() - started
            # Leaving start_bot lets the handlers still running finish before counting.
            sent = [m.text for m in api.messages(GROUP) if m.sender == "bot"]
    notices = sum(text.startswith(NOTICE) for text in sent)
    return {"p50": sorted(latencies)[len(latencies) // 2] * 1000,
            "max": max(latencies) * 1000, "answers": len(sent) - notices, "notices": notices,
            "drained": drained}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--each", type=int, default=10)
    parser.add_argument("--private", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(run(args.members, args.each, args.private))
    print(f"| group burst | private reply p50 | private reply max | group answers "
          f"| group notices | notice posted after |\n| --- | --- | --- | --- | --- | --- |\n"
          f"| {args.members} members x {args.each} /tanya | {figures['p50']:.0f} ms "
          f"| {figures['max']:.0f} ms | {figures['answers']} | {figures['notices']} "
          f"| {figures['drained']:.1f} s |")


if __name__ == "__main__":
    main()
