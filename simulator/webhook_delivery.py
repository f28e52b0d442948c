"""Webhook delivery: POST each pending update to the bot's URL, in order, with retries.

Like Telegram, the server sends the update as JSON with the `X-Telegram-Bot-Api-Secret-Token`
header (when a secret was set) and treats any 2xx answer as delivered. A failed delivery is
retried a few times after short pauses, recorded in getWebhookInfo's `last_error_*` fields and
then given up, so one broken update cannot block the queue forever.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp

from simulator.records import WebhookConfig
from simulator.state import SimState

logger = logging.getLogger(__name__)

WEBHOOK_RETRY_DELAYS_SECONDS = (0.1, 0.3, 1.0)
WEBHOOK_TIMEOUT_SECONDS = 10.0
IDLE_WAIT_SECONDS = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


async def _post_once(session: aiohttp.ClientSession, hook: WebhookConfig,
                     update: dict[str, Any]) -> str | None:
    """POST one update; return None on success or Telegram-style error text."""
    headers = {"Content-Type": "application/json"}
    if hook.secret_token:
        headers[SECRET_HEADER] = hook.secret_token
    try:
        async with session.post(hook.url, data=json.dumps(update), headers=headers,
                                timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_SECONDS),
                                allow_redirects=False) as response:
            await response.read()
            if 200 <= response.status <= 299:
                return None
            return f"Wrong response from the webhook: {response.status} {response.reason}"
    except (aiohttp.ClientError, TimeoutError) as error:
        return f"Connection failed: {type(error).__name__}"


async def _deliver(state: SimState, session: aiohttp.ClientSession, hook: WebhookConfig,
                   update: dict[str, Any]) -> bool:
    """Try to deliver one update; False if the webhook changed meanwhile (update kept)."""
    for attempt, delay in enumerate((0.0, *WEBHOOK_RETRY_DELAYS_SECONDS), start=1):
        if delay:
            await asyncio.sleep(delay)
        if state.webhook is not hook or state.closing:
            return False
        error = await _post_once(session, hook, update)
        if error is None:
            return True
        hook.last_error_date = state.now()
        hook.last_error_message = error
        logger.info("Webhook delivery of update %s failed (attempt %s): %s",
                    update["update_id"], attempt, error)
    logger.warning("Giving up on update %s after %s attempts", update["update_id"],
                   1 + len(WEBHOOK_RETRY_DELAYS_SECONDS))
    return True


async def deliver_webhooks(state: SimState, session: aiohttp.ClientSession) -> None:
    """Run until the state closes: deliver pending updates whenever a webhook is set."""
    while not state.closing:
        hook = state.webhook
        pending = state.deliverable() if hook is not None else []
        if hook is None or not pending:
            await state.update_signal.wait(IDLE_WAIT_SECONDS)
            continue
        update = pending[0]
        if await _deliver(state, session, hook, update):
            state.updates = [u for u in state.updates if u["update_id"] != update["update_id"]]
