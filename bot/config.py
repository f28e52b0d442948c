"""Settings: one frozen object read from the environment and an optional `.env` file.

Every setting is declared once in `SETTINGS` (name, default, description, secret flag); a test
checks that each one appears in `.env.example` and in the README table. A bad value fails at
start with the setting's name, and secrets never appear in `repr()` or logs.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A setting is missing or has a value we cannot use."""


@dataclass(frozen=True)
class SettingSpec:
    """Documentation of one environment variable."""

    name: str
    default: str
    description: str
    secret: bool = False


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("TELEGRAM_BOT_TOKEN", "", "Token from @BotFather. Empty: run the local simulator.",
                secret=True),
    SettingSpec("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot",
                "Bot API base URL; the token and method are appended (self-hosted Bot API)."),
    SettingSpec("WEBHOOK_URL", "", "Public HTTPS URL for webhook mode. Empty: long polling."),
    SettingSpec("WEBHOOK_SECRET", "", "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token "
                "(required in webhook mode).", secret=True),
    SettingSpec("WEBHOOK_LISTEN", "127.0.0.1", "Address the webhook server listens on."),
    SettingSpec("WEBHOOK_PORT", "8443", "Port the webhook server listens on."),
    SettingSpec("SIMULATOR_HOST", "127.0.0.1", "Address of the simulator web page."),
    SettingSpec("SIMULATOR_PORT", "8080", "Port of the simulator web page (0 picks a free one)."),
    SettingSpec("DATABASE_URL", "sqlite:///data/smartcity.db",
                "Query log database (SQLite file or postgresql://...).", secret=True),
    SettingSpec("SPOOL_PATH", "data/spool.jsonl",
                "Where log records wait while the database is down."),
    SettingSpec("USER_KEY_SECRET", "", "HMAC secret that pseudonymises Telegram ids in the log "
                "(required with a token; random per run in the simulator).", secret=True),
    SettingSpec("KNOWLEDGE_DIR", "knowledge", "Folder of the knowledge base (YAML and CSV)."),
    SettingSpec("KNOWLEDGE_RELOAD_SECONDS", "5", "How often the running bot looks for edited "
                "knowledge files and reloads them if valid (0: never)."),
    SettingSpec("BOT_OPERATOR", "tim relawan smartcity-bot",
                "Who runs this bot, shown in /tentang."),
    SettingSpec("TELEGRAM_MAX_MESSAGES_PER_SECOND", "30", "Cap on messages the bot sends per "
                "second over all chats (Telegram's limit; 0: no overall cap, e.g. with paid "
                "broadcasts)."),
    SettingSpec("FLOOD_MAX_MESSAGES", "8", "Messages a user may send per flood window."),
    SettingSpec("FLOOD_WINDOW_SECONDS", "30", "Length of the flood window, in seconds."),
    SettingSpec("LOG_LEVEL", "INFO", "Python logging level."),
)

_LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a `.env` file: KEY=VALUE lines, `#` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):]
        key, sep, value = line.partition("=")
        if not sep:
            # Never echo the line: it may be a secret pasted without its name.
            raise SettingsError(f"{path}:{number}: expected KEY=VALUE (a name, '=', a value)")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


@dataclass(frozen=True)
class Settings:
    """All runtime settings. Build with `Settings.load()`; secrets are hidden in repr."""

    telegram_bot_token: str = field(default="", repr=False)
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    simulator_host: str = "127.0.0.1"
    simulator_port: int = 8080
    database_url: str = field(default="sqlite:///data/smartcity.db", repr=False)
    spool_path: Path = Path("data/spool.jsonl")
    user_key_secret: str = field(default="", repr=False)
    knowledge_dir: Path = Path("knowledge")
    knowledge_reload_seconds: float = 5.0
    bot_operator: str = "tim relawan smartcity-bot"
    telegram_max_messages_per_second: int = 30
    flood_max_messages: int = 8
    flood_window_seconds: float = 30.0
    log_level: str = "INFO"

    @classmethod
    def load(cls, env: dict[str, str] | None = None, env_file: Path | None = None,
             **overrides: Any) -> Settings:
        """Read settings from `.env` (if present), then the environment, then overrides."""
        merged: dict[str, str] = {}
        merged.update(read_env_file(env_file if env_file is not None else Path(".env")))
        source = os.environ if env is None else env
        merged.update({spec.name: source[spec.name] for spec in SETTINGS if spec.name in source})
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for spec in SETTINGS:
            attr = spec.name.lower()
            raw = merged.get(spec.name, spec.default).strip()
            values[attr] = _convert(spec.name, raw, str(types[attr]))
        values.update(overrides)
        settings = cls(**values)
        settings.validate()
        return settings

    @property
    def simulator_mode(self) -> bool:
        """Without a token the bot runs against the built-in local Bot API server."""
        return not self.telegram_bot_token

    def validate(self) -> None:
        """Check combinations of values; raise SettingsError naming the setting."""
        if self.log_level.upper() not in _LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {sorted(_LOG_LEVELS)}, "
                                f"not {self.log_level!r}")
        if not self.telegram_api_base_url.startswith(("http://", "https://")):
            raise SettingsError("TELEGRAM_API_BASE_URL must start with http:// or https://")
        if self.webhook_url and not self.webhook_url.startswith("https://"):
            raise SettingsError("WEBHOOK_URL must be an https:// URL (Telegram requires TLS)")
        if self.webhook_url and not self.webhook_secret:
            raise SettingsError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        if self.webhook_secret and not all(
                c.isalnum() or c in "_-" for c in self.webhook_secret):
            raise SettingsError("WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and -")
        if self.telegram_bot_token and not self.user_key_secret:
            raise SettingsError("USER_KEY_SECRET is required when TELEGRAM_BOT_TOKEN is set "
                                "(it pseudonymises user ids in the query log)")
        if not self.database_url.startswith(("sqlite", "postgresql")):
            raise SettingsError("DATABASE_URL must start with sqlite:// or postgresql://")
        if not (math.isfinite(self.knowledge_reload_seconds)
                and math.isfinite(self.flood_window_seconds)):
            raise SettingsError("KNOWLEDGE_RELOAD_SECONDS and FLOOD_WINDOW_SECONDS must be "
                                "finite numbers")
        if self.knowledge_reload_seconds < 0:
            raise SettingsError("KNOWLEDGE_RELOAD_SECONDS must be 0 (off) or positive")
        if self.flood_max_messages < 1 or self.flood_window_seconds <= 0:
            raise SettingsError("FLOOD_MAX_MESSAGES and FLOOD_WINDOW_SECONDS must be positive")


def _convert(name: str, raw: str, type_name: str) -> Any:
    """Turn the raw string into the field's type, naming the setting on failure."""
    try:
        if type_name == "int":
            value = int(raw)
            if value < 0 or (value > 65535 and name.endswith("PORT")):
                raise ValueError(raw)
            return value
        if type_name == "float":
            number = float(raw)
            if not math.isfinite(number):  # float() accepts "nan" and "inf"
                raise ValueError(raw)
            return number
        if type_name == "Path":
            return Path(raw)
    except ValueError:
        expected = "a finite number" if type_name == "float" else type_name
        raise SettingsError(
            f"{name} has an invalid value {raw!r} (expected {expected})") from None
    return raw
