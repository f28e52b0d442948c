"""A local Telegram Bot API server, its citizen-side `/sim` API and the browser simulator.

The real python-telegram-bot `Application` talks to it through `base_url`, so the bot runs
unchanged without reaching Telegram. Modules:

- `state`: the shared in-memory world (bots, chats, messages, updates, faults, call log);
- `params`, `entities`, `validation`: Telegram's request parsing, entities and checks;
- `api_bot`, `api_messages`, `methods`: the Bot API methods and their table;
- `citizen`, `user_api`: what a citizen does, in Python and over HTTP (`/sim/...`);
- `webhook`: delivery of updates to a webhook URL;
- `server`: the aiohttp application; `facade`: `LocalBotApi` for tests and the run command.
"""

from bot.local_api.citizen import SimError
from bot.local_api.facade import LocalBotApi
from bot.local_api.params import ApiError
from bot.local_api.records import RecordedCall, SimMessage
from bot.local_api.server import STATIC_DIR, create_app
from bot.local_api.state import BOT_USERNAME, DEFAULT_TOKEN, DEFAULT_USER, STATE_KEY, SimState

__all__ = [
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "DEFAULT_USER",
    "STATE_KEY",
    "STATIC_DIR",
    "ApiError",
    "LocalBotApi",
    "RecordedCall",
    "SimError",
    "SimMessage",
    "SimState",
    "create_app",
]
