"""`smartcity-bot run`: the bot, the staff dashboard, and the simulator when no token is set.

`start` enters each front end as one async context: without TELEGRAM_BOT_TOKEN the simulator's
local Bot API server and chat page start on SIMULATOR_HOST:SIMULATOR_PORT and the bot polls
it; with a token the bot talks to Telegram (polling or webhook, see `bot.app`). The dashboard
listens on DASHBOARD_HOST:DASHBOARD_PORT (unless the port is 0) and reads the knowledge the bot
serves; in simulator mode the console shows its address and a one-time login link. `run`
serves until SIGINT or SIGTERM (SIGHUP reloads the knowledge at once) and turns start-up
failures into a message and exit code 1.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from telegram.error import InvalidToken, TelegramError

from bot.app import Running, start_bot
from bot.config import Settings, is_loopback
from bot.knowledge import KnowledgeError
from bot.knowledge_watch import reload_on_signal
from bot.storage import EngineFactory, StorageUnavailable, create_engine
from cli.errors import knowledge_refused
from cli.serving import serve_until_stopped
from dashboard.server import RunningDashboard, serving
from simulator import DEFAULT_TOKEN, LocalBotApi

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Started:
    """What `start` started: the bot, the dashboard and the simulator page when there are."""

    bot: Running
    simulator_url: str | None = None  # the chat page, in simulator mode
    dashboard: RunningDashboard | None = None  # None with DASHBOARD_PORT=0


@asynccontextmanager
async def start(settings: Settings, *, engine_factory: EngineFactory = create_engine,
                ) -> AsyncIterator[Started]:
    """Start everything the settings ask for; stop it all when the block ends."""
    async with AsyncExitStack() as stack:
        simulator_url = None
        token = base_url = None
        if settings.simulator_mode:
            if not is_loopback(settings.simulator_host):
                logger.warning("The simulator listens on %s (SIMULATOR_ALLOW_REMOTE=true): anyone "
                               "who reaches it can post as any citizen and inject faults",
                               settings.simulator_host)
            api = LocalBotApi(DEFAULT_TOKEN)
            await api.start(settings.simulator_host, settings.simulator_port)
            stack.push_async_callback(api.stop)
            simulator_url = api.url + "/"
            token, base_url = api.token, api.base_url
        running = await stack.enter_async_context(
            start_bot(settings, token=token, base_url=base_url, engine_factory=engine_factory))
        dashboard = None
        if settings.dashboard_port:
            dashboard = await stack.enter_async_context(
                serving(settings, knowledge=running.services.knowledge))
        if simulator_url:
            logger.info("Simulator ready: open %s in your browser (no Telegram token set, "
                        "so nothing reaches Telegram)", simulator_url)
            if dashboard is not None:
                # Printed, not logged: the link is a credential, if only a local one-time one.
                print(f"Dasbor staf: {dashboard.url}/ — masuk sekali pakai (tanpa akun): "
                      f"{dashboard.one_time_link()}", flush=True)
        else:
            logger.info("Bot @%s is running (%s)", running.application.bot.username,
                        "webhook" if running.receiver_url else "long polling")
            if dashboard is not None:
                logger.info("Staff dashboard on %s/ (accounts: smartcity-bot staff add NAME)",
                            dashboard.url)
        yield Started(running, simulator_url, dashboard)
        logger.info("Stopping")


@asynccontextmanager
async def reloading(settings: Settings) -> AsyncIterator[Started]:
    """Everything `start` starts, with SIGHUP reloading the knowledge."""
    async with start(settings) as started, \
            reload_on_signal(started.bot.services.knowledge, settings):
        yield started


def run(settings: Settings) -> int:
    """Run the bot; return the process exit code (0 after a clean stop)."""
    token = settings.telegram_bot_token.get_secret_value()
    try:
        asyncio.run(serve_until_stopped(reloading(settings)))
    except KnowledgeError as exc:
        knowledge_refused(exc)
        return 1
    except InvalidToken as exc:
        # PTB's message quotes the rejected token: name the error and the setting instead.
        logger.error("Cannot start the bot: Telegram refused the token (%s); check "
                     "TELEGRAM_BOT_TOKEN", type(exc).__name__)
        return 1
    except StorageUnavailable as exc:
        logger.error("Cannot start the dashboard: %s", exc)
        return 1
    except (OSError, TelegramError) as exc:
        logger.error("Cannot start the bot: %s: %s", type(exc).__name__,
                     str(exc).replace(token, "***") if token else str(exc))
        return 1
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    return 0
