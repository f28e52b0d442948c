"""Admin commands on Telegram, against the local Bot API server: the real application, a copy
of the knowledge the test edits, two admins and a citizen.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botkit import BotHarness, make_settings
from storagekit import wait_until

from bot.app import build_application, open_services, polling
from bot.config import Settings
from bot.knowledge import load_knowledge
from bot.knowledge_types import EntryKind
from bot.knowledge_watch import (
    KnowledgeHolder,
    check_for_edits,
    fingerprint,
    load_state,
    reload_on_signal,
)
from bot.replies import unknown_command_reply
from bot.telegram_html import visible_text
from simulator import LocalBotApi

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
ADMIN, OTHER_ADMIN, CITIZEN = 5001, 5002, 1001
UNKNOWN = visible_text(unknown_command_reply().html)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    shutil.copytree(ROOT, tmp_path / "knowledge")
    return make_settings(tmp_path, knowledge_dir=tmp_path / "knowledge",
                         knowledge_reload_seconds=0, admin_user_ids=(ADMIN, OTHER_ADMIN))


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotHarness]:
    """The bot loading its knowledge from the test's copy (the watcher off: tests decide)."""
    async with LocalBotApi() as api, open_services(settings) as services:
        application = build_application(services, token=api.token, base_url=api.base_url)
        async with polling(application, poll_interval=0.0, poll_timeout=1):
            yield BotHarness(api, application, services, settings)


def edit(settings: Settings, relative: str, old: str, new: str) -> None:
    path = settings.knowledge_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def alerts(bot: BotHarness, chat_id: int) -> list[str]:
    return [m.text for m in bot.bot_messages(chat_id) if "Suntingan basis pengetahuan" in m.text]


async def test_versi_tells_the_version_its_load_time_and_entry_count(bot: BotHarness) -> None:
    kb = bot.services.knowledge.current.matcher.kb
    reply = await bot.ask("/versi", chat_id=ADMIN)
    topics = sum(1 for e in kb.entries.values() if e.kind is EntryKind.TOPIC)
    assert kb.version in reply.text
    assert f"{len(kb.entries)} entri ({topics} topik" in reply.text
    assert "Dimuat:" in reply.text and "WIB" in reply.text


async def test_muatulang_serves_a_valid_edit_at_once(bot: BotHarness) -> None:
    before = bot.services.knowledge.current.matcher.kb.version
    edit(bot.settings, "smalltalk.yaml", "answer: |\n", "answer: |\n      Salam dari admin.\n")
    reply = await bot.ask("/muatulang", chat_id=ADMIN)
    after = bot.services.knowledge.current.matcher.kb.version
    assert after != before and after in reply.text and "dimuat ulang" in reply.text
    assert (await bot.ask("halo", chat_id=CITIZEN)).text.startswith("Salam dari admin.")


async def test_muatulang_refuses_a_broken_edit_and_alerts_the_other_admins_once(
        bot: BotHarness) -> None:
    await bot.ask("/versi", chat_id=OTHER_ADMIN)  # the other admin has a chat with the bot
    served = bot.services.knowledge.current
    edit(bot.settings, "wilayah/angkatan.yaml", "    complete: false", "    complete: tidak")
    reply = await bot.ask("/muatulang", chat_id=ADMIN)
    assert "ditolak" in reply.text and served.matcher.kb.version in reply.text
    assert "knowledge/wilayah/angkatan.yaml:" in reply.text and "true atau false" in reply.text
    assert bot.services.knowledge.current is served
    [alert] = alerts(bot, OTHER_ADMIN)
    assert "knowledge/wilayah/angkatan.yaml:" in alert and "complete" in alert
    assert alerts(bot, ADMIN) == []  # the one who asked has the reply already

    again = await bot.ask("/muatulang", chat_id=ADMIN)  # the same broken version
    assert "ditolak" in again.text
    assert len(alerts(bot, OTHER_ADMIN)) == 1
    versi = await bot.ask("/versi", chat_id=OTHER_ADMIN)
    assert "Suntingan terakhir ditolak" in versi.text


async def test_a_live_reload_alerts_every_admin_once_per_broken_version(
        bot: BotHarness) -> None:
    for admin in (ADMIN, OTHER_ADMIN):
        await bot.ask("/versi", chat_id=admin)
    holder, settings = bot.services.knowledge, bot.settings
    seen = fingerprint(settings.knowledge_dir)
    edit(settings, "pilar.yaml", "updated: 2026-11-27", "updated: 2026-11-31")
    seen = await check_for_edits(holder, settings, seen)
    path = settings.knowledge_dir / "pilar.yaml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # saved again, same
    os.utime(path, ns=(1, 1))
    seen = await check_for_edits(holder, settings, seen)
    for admin in (ADMIN, OTHER_ADMIN):
        [alert] = alerts(bot, admin)
        assert "knowledge/pilar.yaml:" in alert and "tidak ada di kalender" in alert
    edit(settings, "pilar.yaml", "updated: 2026-11-31", "updated: 2026-11-3x")  # broken anew
    await check_for_edits(holder, settings, seen)
    assert [len(alerts(bot, admin)) for admin in (ADMIN, OTHER_ADMIN)] == [2, 2]


@pytest.mark.parametrize("command", ["/muatulang", "/versi"])
async def test_others_get_the_unknown_command_reply(bot: BotHarness, command: str) -> None:
    served = bot.services.knowledge.current
    edit(bot.settings, "smalltalk.yaml", "answer: |\n", "answer: |\n      Belum dimuat.\n")
    reply = await bot.ask(command, chat_id=CITIZEN)
    assert reply.text == UNKNOWN
    assert bot.services.knowledge.current is served


async def test_admin_commands_are_not_in_the_command_menu(bot: BotHarness) -> None:
    await wait_until(lambda: bool(bot.api.calls_to("setMyCommands")))
    menu = str(bot.api.calls_to("setMyCommands")[-1].params)
    assert "tentang" in menu
    assert "muatulang" not in menu and "versi" not in menu


async def test_sighup_reloads_the_knowledge(settings: Settings) -> None:
    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    async with reload_on_signal(holder, settings):
        edit(settings, "smalltalk.yaml", "answer: |\n", "answer: |\n      Dimuat lewat sinyal.\n")
        os.kill(os.getpid(), signal.SIGHUP)
        await wait_until(lambda: holder.current is not first)
    assert holder.current.matcher.match("halo").answer.startswith("Dimuat lewat sinyal.")
    assert holder.current.matcher.kb.version == load_knowledge(settings.knowledge_dir).version


async def test_statistik_counts_today_and_the_week(bot: BotHarness) -> None:
    answer = await bot.ask("apa itu smart city", chat_id=CITIZEN)
    await bot.ask("bandung", chat_id=CITIZEN)
    await bot.ask("jadwal kereta besok pagi", chat_id=CITIZEN + 1)
    await bot.ask("jadwal kereta besok siang", chat_id=CITIZEN + 2)
    query = await bot.press(answer, next(d for d in answer.callback_data if d.endswith(":u")),
                            user_id=CITIZEN)
    await bot.answered(query)
    await bot.rows("button_events")  # every record is in the log
    await bot.rows(expect=4)
    reply = await bot.ask("/statistik", chat_id=ADMIN)
    for period in ("Hari ini", "7 hari terakhir"):
        section = reply.text.split(period, 1)[1].split("\n\n", 1)[0]
        assert section.startswith(": 4 pertanyaan dari 3 warga"), section
        assert "dijawab: 1 (25%)" in section and "diberi pilihan: 1" in section
        assert "tidak terjawab: 2 (50%)" in section and "👍 1 · 👎 0" in section
    assert (await bot.ask("/statistik", chat_id=CITIZEN)).text == UNKNOWN


async def test_belumterjawab_groups_the_unanswered_questions(bot: BotHarness) -> None:
    await bot.ask("jadwal kereta besok pagi", chat_id=CITIZEN)
    await bot.ask("jadwal kereta besok siang", chat_id=CITIZEN + 1)
    await bot.ask("apa itu smart city", chat_id=CITIZEN)
    await bot.rows(expect=3)
    reply = await bot.ask("/belumterjawab", chat_id=ADMIN)
    assert "7 hari terakhir: 2 pertanyaan" in reply.text
    assert "“jadwal kereta besok pagi”" in reply.text
    assert "apa itu smart city" not in reply.text
    assert "smartcity-bot report unanswered --since 7d" in reply.text
    longer = await bot.ask("/belumterjawab 30", chat_id=ADMIN)
    assert "30 hari terakhir: 2 pertanyaan" in longer.text
    assert (await bot.ask("/belumterjawab", chat_id=CITIZEN)).text == UNKNOWN
