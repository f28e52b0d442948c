"""The composition roots (`bot.app`, `cli.run`): each run mode starts, serves, stops cleanly."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest
from botkit import USER, make_settings, shows, stored
from processkit import bot_environment, bot_process, sim_ask

from bot.app import file_url_for, start_bot
from bot.matcher import Matcher
from cli.run import run, start
from simulator import LocalBotApi


async def test_simulator_mode_serves_the_page_and_the_bot(tmp_path: Path,
                                                           matcher: Matcher) -> None:
    settings = make_settings(tmp_path, simulator_port=0)
    async with start(settings) as running, aiohttp.ClientSession() as http:
        url = running.simulator_url
        assert url is not None and re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        async with http.get(url) as response:
            assert response.status == 200
            assert "<html" in (await response.text()).lower()
        reply = await sim_ask(http, url, "apa itu smart city")
        assert shows(reply["text"], matcher, "program.apa-itu")
    # Leaving the block flushed the query log.
    rows = stored(settings.database_url.get_secret_value(), "questions")
    assert [r["entry_id"] for r in rows] == ["program.apa-itu"]


async def test_a_token_polls_the_configured_bot_api(tmp_path: Path) -> None:
    token = "123456:self-hosted-token"
    async with LocalBotApi(token, static_dir=None) as api:
        settings = make_settings(tmp_path, telegram_bot_token=token, user_key_secret="kunci",
                                 telegram_api_base_url=api.base_url)
        async with start_bot(settings) as running:
            assert running.receiver_url is None
            await api.send_text(USER, "/start")
            reply = await api.wait_for_bot_message(USER)
            assert reply.text.startswith("Halo")
        assert api.calls_to("getUpdates")


async def test_webhook_mode_sets_the_webhook_and_receives(tmp_path: Path) -> None:
    token = "123456:webhook-token"
    async with LocalBotApi(token, static_dir=None) as api, aiohttp.ClientSession() as http:
        settings = make_settings(
            tmp_path, telegram_bot_token=token, user_key_secret="kunci",
            telegram_api_base_url=api.base_url, webhook_url="https://bot.example.test/tg",
            webhook_secret="rahasia", webhook_port=0)
        async with start_bot(settings) as running:
            assert running.receiver_url is not None
            [call] = api.calls_to("setWebhook")
            assert call.params["url"] == "https://bot.example.test/tg"
            assert not api.calls_to("getUpdates")
            async with http.get(running.receiver_url + "/healthz") as response:
                assert response.status == 200
            async with http.post(running.receiver_url + "/tg", data="{}") as response:
                assert response.status == 403


async def test_a_remote_simulator_starts_with_a_warning(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="cli.run")
    settings = make_settings(tmp_path, simulator_port=0, simulator_host="0.0.0.0",
                             simulator_allow_remote=True)
    async with start(settings) as running:
        assert running.simulator_url is not None
    [warning] = [r.getMessage() for r in caplog.records if r.name == "cli.run"]
    assert "0.0.0.0" in warning and "any citizen" in warning


def test_file_url_for() -> None:
    assert file_url_for("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url_for("http://127.0.0.1:8081/custom/") is None


@contextmanager
def api_in_thread(token: str) -> Iterator[LocalBotApi]:
    """A local Bot API server on its own event loop, for tests of the synchronous `run`."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    api = LocalBotApi(token, static_dir=None)
    asyncio.run_coroutine_threadsafe(api.start(), loop).result(5)
    try:
        yield api
    finally:
        asyncio.run_coroutine_threadsafe(api.stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


def test_a_refused_token_is_named_but_never_logged(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    secret = "222:SECRETSECRET"
    caplog.set_level(logging.INFO, logger="cli.run")
    with api_in_thread("111:accepted") as api:
        settings = make_settings(tmp_path, telegram_bot_token=secret, user_key_secret="kunci",
                                 telegram_api_base_url=api.base_url)
        assert run(settings) == 1
    logged = [r.getMessage() for r in caplog.records if r.name == "cli.run"]
    assert any("InvalidToken" in m and "TELEGRAM_BOT_TOKEN" in m for m in logged)
    assert not [m for m in logged if "SECRET" in m]


def test_a_broken_knowledge_base_stops_the_start(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kosong").mkdir()
    assert run(make_settings(tmp_path, knowledge_dir=tmp_path / "kosong")) == 1
    assert "Basis pengetahuan bermasalah" in capsys.readouterr().err


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_the_run_command_reloads_on_sighup_and_stops_cleanly_on_a_signal(
        tmp_path: Path, stop: signal.Signals, matcher: Matcher) -> None:
    async with bot_process(tmp_path, bot_environment(tmp_path)) as running:
        reply = await running.ask("apa itu smart city")
        assert shows(reply["text"], matcher, "program.apa-itu")
        running.process.send_signal(signal.SIGHUP)
        await running.wait_for_log("Knowledge reloaded")
        code, rest = await running.stop(stop)
    assert code == 0
    assert "Stopping" in rest and "Traceback" not in rest
    # The record of the question was flushed before the process exited.
    assert len(stored(f"sqlite:///{tmp_path / 'log.db'}", "questions")) == 1
