"""The simulator: a local Telegram Bot API server, its citizen-side `/sim` API and chat page.

The real python-telegram-bot `Application` talks to it through `base_url`, so the bot runs
unchanged without reaching Telegram: `make run` without a token, and every end-to-end test.
It is a front end of its own, beside `bot/` and `handlers/`: only `cli.run`, the tests and
the benchmarks import it, never the bot. Modules:

- `state`: the shared in-memory world (bots, chats, messages, updates, faults, call log);
- `params`, `message_entities`, `validation`: Telegram's request parsing, message entities
  and checks;
- `method_context`, `api_bot`, `api_messages`, `methods`: the Bot API methods and their table;
- `citizen`, `user_api`: what a citizen does, in Python and over HTTP (`/sim/...`);
- `webhook_delivery`: delivery of updates to a webhook URL;
- `server`: the aiohttp application and the page in `static/`; `facade`: `LocalBotApi` for
  tests and `smartcity-bot run`.
"""

from simulator.citizen import SimError
from simulator.facade import LocalBotApi
from simulator.params import ApiError
from simulator.records import RecordedCall, SimMessage
from simulator.server import STATIC_DIR, create_app
from simulator.state import BOT_USERNAME, DEFAULT_TOKEN, DEFAULT_USER, STATE_KEY, SimState

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
