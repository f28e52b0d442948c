"""The composition root of the Telegram bot: settings in, a running bot out.

`start_bot` builds the services (knowledge, query log, flood guard), the PTB application with
every handler, and runs it in one of two modes:

- no WEBHOOK_URL: long polling against Telegram (or TELEGRAM_API_BASE_URL, or the simulator's
  local Bot API server, which `cli.run` passes in when no token is set);
- WEBHOOK_URL: our own aiohttp receiver (`bot.webhook_receiver`) and setWebhook.

Each resource is one async context (services with the query log, the PTB application, the
webhook server), entered in order and left in reverse, so leaving the block stops polling,
flushes the query log and closes everything. Nothing is created at import time.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import (
    AbstractAsyncContextManager,
    AsyncExitStack,
    asynccontextmanager,
    nullcontext,
)
from dataclasses import dataclass

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

import handlers
from bot.callback_data import EntryCodes
from bot.commands import menu_commands
from bot.config import Settings
from bot.conversation import ConversationMemory
from bot.flood import FloodGuard, group_guard
from bot.knowledge_watch import KnowledgeHolder, LoadedKnowledge, load_state, watching
from bot.matcher import Matcher
from bot.purge_job import daily_purge
from bot.services import Services
from bot.storage import EngineFactory, QueryLog, create_engine
from bot.telegram_context import BotApplication, BotContext
from bot.update_processor import FairUpdateProcessor
from bot.webhook_receiver import create_webhook_app, serve, webhook_path

logger = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 3  # AIORateLimiter waits out a 429's retry_after this many times
POLL_TIMEOUT_SECONDS = 10  # long-polling getUpdates timeout
# Updates handled at once: while one reply waits on the network, others are matched. Handlers
# share no per-update state, and a citizen's own messages rarely overlap. One chat holds at
# most a few of them (`bot.update_processor`).
CONCURRENT_UPDATES = 32


@asynccontextmanager
async def open_services(settings: Settings, *, matcher: Matcher | None = None,
                        engine_factory: EngineFactory = create_engine,
                        clock: Callable[[], float] = time.monotonic,
                        ) -> AsyncIterator[Services]:
    """Build the services; the query log is flushed and closed when the block ends.

    While the block runs, the knowledge is reloaded when its files change (unless `matcher`
    is given) and records older than LOG_RETENTION_DAYS are purged daily.

    Args:
        settings: The settings.
        matcher: An already built matcher (tests share one). If None, the knowledge base is
            loaded from KNOWLEDGE_DIR and reloaded when its files change.
        engine_factory: Builds the query log's database engine (the storage test seam).
        clock: Monotonic seconds for the flood guard and the conversation memory (tests
            pass a fake one).
    """
    watcher: AbstractAsyncContextManager[None]
    if matcher is None:
        holder = KnowledgeHolder(load_state(settings))
        watcher = watching(holder, settings)
    else:
        holder = KnowledgeHolder(LoadedKnowledge(matcher, EntryCodes(matcher.kb.entries)))
        watcher = nullcontext()
    # Settings.validate() requires USER_KEY_SECRET with a token, so a random secret is only
    # ever used by the simulator: keys then link questions within one run, never across runs.
    secret = settings.user_key_secret.get_secret_value() or secrets.token_hex(32)
    async with QueryLog(settings.database_url.get_secret_value(), settings.spool_path,
                        engine_factory=engine_factory,
                        timeout=settings.database_timeout_seconds) as query_log, watcher, \
            daily_purge(query_log, settings.log_retention_days):
        yield Services(settings=settings, knowledge=holder, query_log=query_log,
                       flood=FloodGuard(settings.flood_max_messages,
                                        settings.flood_window_seconds, clock),
                       groups=group_guard(clock),
                       conversations=ConversationMemory(settings.followup_seconds, clock=clock),
                       user_key_secret=secret)


def file_url_for(base_url: str) -> str | None:
    """The file download URL that goes with a Bot API base URL (None: PTB's default)."""
    if base_url.endswith("/bot"):
        return base_url.removesuffix("/bot") + "/file/bot"
    return None


async def announce_commands(application: Application) -> None:
    """post_init: publish the command menu from the one command list."""
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in menu_commands()])


def build_application(services: Services, *, token: str, base_url: str,
                      base_file_url: str | None = None) -> BotApplication:
    """Build the PTB application with every handler registered (not started).

    Args:
        services: What handlers reach as `context.services`.
        token: The bot token.
        base_url: Bot API base URL; PTB appends the token and the method.
        base_file_url: File download base URL (None: derived from `base_url` or PTB's default).
    """
    builder = (
        ApplicationBuilder()
        .application_class(BotApplication, kwargs={"services": services})
        .token(token)
        .base_url(base_url)
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(AIORateLimiter(
            overall_max_rate=services.settings.telegram_max_messages_per_second,
            max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(FairUpdateProcessor(CONCURRENT_UPDATES))
        .post_init(announce_commands)
    )
    file_url = base_file_url or file_url_for(base_url)
    if file_url:
        builder = builder.base_file_url(file_url)
    application = builder.build()
    if not isinstance(application, BotApplication):  # pragma: no cover - builder guarantees it
        raise TypeError("ApplicationBuilder ignored application_class")
    handlers.register(application)
    return application


@asynccontextmanager
async def started(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Initialise and start the application (post_init included); stop and shut down after."""
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()


@asynccontextmanager
async def polling(application: BotApplication, *, poll_interval: float = 0.0,
                  poll_timeout: int = POLL_TIMEOUT_SECONDS) -> AsyncIterator[BotApplication]:
    """Run the application by long polling while the block runs."""
    async with started(application):
        updater = application.updater
        if updater is None:  # pragma: no cover - ApplicationBuilder always makes one
            raise RuntimeError("the application has no updater")
        await updater.start_polling(poll_interval=poll_interval, timeout=poll_timeout,
                                    allowed_updates=Update.ALL_TYPES)
        try:
            yield application
        finally:
            await updater.stop()


@asynccontextmanager
async def webhook(application: BotApplication, *, public_url: str, secret: str, listen: str,
                  port: int) -> AsyncIterator[str]:
    """Receive updates on our webhook server and register it with setWebhook.

    Yields:
        The local URL the receiver listens on (e.g. http://127.0.0.1:8443).
    """
    async with started(application):
        receiver = create_webhook_app(application, path=webhook_path(public_url), secret=secret)
        async with serve(receiver, listen, port) as local_url:
            await application.bot.set_webhook(public_url, secret_token=secret,
                                              allowed_updates=Update.ALL_TYPES)
            logger.info("Webhook receiver on %s%s for %s", local_url,
                        webhook_path(public_url), public_url)
            yield local_url


@dataclass(frozen=True)
class Running:
    """A started bot, as `start_bot` yields it."""

    application: BotApplication
    services: Services
    receiver_url: str | None = None  # where the webhook receiver listens, in webhook mode


@asynccontextmanager
async def start_bot(settings: Settings, *, token: str | None = None, base_url: str | None = None,
                    engine_factory: EngineFactory = create_engine,
                    ) -> AsyncIterator[Running]:
    """Start the bot: webhook mode when WEBHOOK_URL is set, long polling otherwise.

    Args:
        settings: The settings.
        token: The bot token (default TELEGRAM_BOT_TOKEN); with `base_url`, another Bot API
            server to poll, such as the simulator's.
        base_url: The Bot API base URL (default TELEGRAM_API_BASE_URL); when given, the bot
            long-polls it whatever WEBHOOK_URL says.
        engine_factory: Builds the query log's database engine (the storage test seam).
        clock: Monotonic seconds for the flood guard and the conversation memory (tests
            pass a fake one).
    """
    async with AsyncExitStack() as stack:
        services = await stack.enter_async_context(
            open_services(settings, engine_factory=engine_factory))
        application = build_application(
            services, token=token or settings.telegram_bot_token.get_secret_value(),
            base_url=base_url or settings.telegram_api_base_url)
        receiver_url = None
        if settings.webhook_url and base_url is None:
            receiver_url = await stack.enter_async_context(webhook(
                application, public_url=settings.webhook_url,
                secret=settings.webhook_secret.get_secret_value(),
                listen=settings.webhook_listen, port=settings.webhook_port))
        else:
            await stack.enter_async_context(polling(application))
        yield Running(application, services, receiver_url)
