"""Bot-level Bot API methods: getMe, getUpdates, webhooks, commands, close and logOut."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

from simulator.method_context import MethodContext, MethodFn, Reply
from simulator.params import ApiError, Params, bad_request
from simulator.records import WebhookConfig
from simulator.state import ALL_UPDATE_TYPES, DEFAULT_UPDATE_TYPES, SimState
from simulator.validation import check_commands, commands_key

MAX_POLL_TIMEOUT_SECONDS = 50
MAX_UPDATES_LIMIT = 100
SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_CONFLICT = ("Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first")
POLL_CONFLICT = ("Conflict: terminated by other getUpdates request; make sure that only one "
                 "bot instance is running")


async def get_me(ctx: MethodContext, params: Params) -> Any:
    """GetMe: the bot's User object."""
    return dict(ctx.bot)


def _set_allowed_updates(state: SimState, params: Params) -> None:
    """Apply `allowed_updates` if sent; an empty list means Telegram's default set."""
    allowed = params.get_json("allowed_updates")
    if allowed is None:
        return
    if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
        raise bad_request("can't parse allowed updates")
    chosen = frozenset(allowed) & ALL_UPDATE_TYPES
    state.allowed_updates = chosen or DEFAULT_UPDATE_TYPES


async def get_updates(ctx: MethodContext, params: Params) -> Any:
    """GetUpdates: confirm by offset, then long-poll until an update arrives or time runs out."""
    state = ctx.state
    offset = params.get_int("offset", 0) or 0
    limit = min(max(params.get_int("limit", MAX_UPDATES_LIMIT) or 1, 1), MAX_UPDATES_LIMIT)
    timeout = min(max(params.get_float("timeout", 0.0) or 0.0, 0.0), MAX_POLL_TIMEOUT_SECONDS)
    if state.webhook is not None:
        raise ApiError(409, WEBHOOK_CONFLICT)
    _set_allowed_updates(state, params)
    state.confirm(offset)
    # A newer getUpdates ends a waiting one, as Telegram does with two running bot instances.
    state.poll_generation += 1
    generation = state.poll_generation
    state.update_signal.fire()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if state.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        if state.poll_generation != generation:
            raise ApiError(409, POLL_CONFLICT)
        pending = state.deliverable()
        remaining = deadline - loop.time()
        if pending or remaining <= 0 or state.closing:
            return pending[:limit]
        await state.update_signal.wait(remaining)


async def set_webhook(ctx: MethodContext, params: Params) -> Any:
    """SetWebhook: deliver updates by POST to `url` (http is allowed: this is a local server)."""
    state = ctx.state
    url = params.get_str("url", "") or ""
    if not url:
        return await delete_webhook(ctx, params)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get_str("secret_token")
    if secret is not None and not SECRET_TOKEN_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.get_int("max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    _set_allowed_updates(state, params)
    if params.get_bool("drop_pending_updates"):
        state.updates.clear()
    old = state.webhook
    state.webhook = WebhookConfig(url=url, secret_token=secret, max_connections=max_connections,
                                  ip_address=params.get_str("ip_address"))
    state.update_signal.fire()
    if old is not None and old.url == url and old.secret_token == secret:
        return Reply(True, "Webhook is already set")
    return Reply(True, "Webhook was set")


async def delete_webhook(ctx: MethodContext, params: Params) -> Any:
    """DeleteWebhook: back to getUpdates, optionally dropping pending updates."""
    state = ctx.state
    if params.get_bool("drop_pending_updates"):
        state.updates.clear()
    if state.webhook is None:
        return Reply(True, "Webhook is already deleted")
    state.webhook = None
    state.update_signal.fire()
    return Reply(True, "Webhook was deleted")


async def get_webhook_info(ctx: MethodContext, params: Params) -> Any:
    """GetWebhookInfo: the webhook and its delivery status."""
    state = ctx.state
    hook = state.webhook
    info: dict[str, Any] = {"url": hook.url if hook else "", "has_custom_certificate": False,
                            "pending_update_count": len(state.deliverable())}
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.ip_address:
            info["ip_address"] = hook.ip_address
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
        if state.allowed_updates != DEFAULT_UPDATE_TYPES:
            info["allowed_updates"] = sorted(state.allowed_updates)
    return info


async def set_my_commands(ctx: MethodContext, params: Params) -> Any:
    """SetMyCommands: store the command menu for a scope and language."""
    commands = check_commands(params)
    ctx.state.commands[commands_key(params)] = commands
    return True


async def get_my_commands(ctx: MethodContext, params: Params) -> Any:
    """GetMyCommands: the command menu for a scope and language (empty if none)."""
    return list(ctx.state.commands.get(commands_key(params), []))


async def delete_my_commands(ctx: MethodContext, params: Params) -> Any:
    """DeleteMyCommands: remove the command menu for a scope and language."""
    ctx.state.commands.pop(commands_key(params), None)
    return True


async def close_or_log_out(ctx: MethodContext, params: Params) -> Any:
    """Close and logOut: nothing to release in the simulator."""
    return True


METHODS: dict[str, MethodFn] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "close": close_or_log_out,
    "logOut": close_or_log_out,
}
