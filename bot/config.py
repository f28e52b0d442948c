"""Settings: one frozen object read from the environment and an optional `.env` file.

Each setting is a field of `Settings` (pydantic-settings), declared once with its default, its
range and its description; `SETTINGS` derives the documentation table from those fields, and a
test checks that each one appears in `.env.example` and in the README. The `.env` file is parsed
by python-dotenv (quotes, `export`, inline comments); the environment wins over it. A bad value
fails at start with the setting's name and what is allowed, and secrets (`SecretStr`) never
appear in `repr()`, logs or error messages.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Self

from dotenv.parser import parse_stream
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_PORT = 65535
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# The environment `Settings.load` reads: os.environ, or the mapping a test passes in.
_ENVIRONMENT: ContextVar[Mapping[str, str] | None] = ContextVar("settings_environment",
                                                                default=None)


class SettingsError(ValueError):
    """A setting is missing or has a value we cannot use."""


class _Environment(EnvSettingsSource):
    """The process environment, or the mapping `Settings.load(env=...)` was given."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        chosen = _ENVIRONMENT.get()
        if chosen is None:
            return super()._load_env_vars()
        return {key.lower(): value for key, value in chosen.items()}


def _setting(default: Any, description: str, **constraints: Any) -> Any:
    """A field with its documentation (the description feeds the README table)."""
    return Field(default, description=description, **constraints)


class Settings(BaseSettings):
    """All runtime settings. Build with `Settings.load()`; secrets are `SecretStr`."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_file_encoding="utf-8",
                                      validate_default=True)

    telegram_bot_token: SecretStr = _setting(
        SecretStr(""), "Token from @BotFather. Empty: run the local simulator.")
    telegram_api_base_url: str = _setting(
        "https://api.telegram.org/bot",
        "Bot API base URL; the token and method are appended (self-hosted Bot API).")
    webhook_url: str = _setting("", "Public HTTPS URL for webhook mode. Empty: long polling.")
    webhook_secret: SecretStr = _setting(
        SecretStr(""), "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (required in "
        "webhook mode).")
    webhook_listen: str = _setting("127.0.0.1", "Address the webhook server listens on.")
    webhook_port: int = _setting(8443, "Port the webhook server listens on.", ge=0, le=MAX_PORT)
    simulator_host: str = _setting("127.0.0.1", "Address of the simulator web page.")
    simulator_port: int = _setting(
        8080, "Port of the simulator web page (0 picks a free one).", ge=0, le=MAX_PORT)
    simulator_allow_remote: bool = _setting(
        False, "Allow SIMULATOR_HOST to be other than loopback: anyone who reaches the port can "
        "post as any citizen and inject faults.")
    database_url: SecretStr = _setting(
        SecretStr("sqlite:///data/smartcity.db"),
        "Query log database (SQLite file or postgresql://...).")
    spool_path: Path = _setting(Path("data/spool.jsonl"),
                                "Where log records wait while the database is down.")
    database_timeout_seconds: float = _setting(
        5.0, "How long one query log database call may take before its records go to the spool "
        "(also the PostgreSQL statement timeout; locks are waited for half as long).",
        gt=0, le=30, allow_inf_nan=False)
    log_retention_days: int = _setting(
        365, "Days question and button records are kept; older ones are deleted daily (also "
        "stated in /privasi).", ge=1, le=3650)
    user_key_secret: SecretStr = _setting(
        SecretStr(""), "HMAC secret that pseudonymises Telegram ids in the log (required with a "
        "token; random per run in the simulator).")
    knowledge_dir: Path = _setting(Path("knowledge"),
                                   "Folder of the knowledge base (YAML and CSV).")
    knowledge_reload_seconds: float = _setting(
        5.0, "How often the running bot looks for edited knowledge files and reloads them if "
        "valid (0: never).", ge=0, allow_inf_nan=False)
    bot_operator: str = _setting("tim relawan smartcity-bot",
                                 "Who runs this bot, shown in /tentang.")
    admin_user_ids: Annotated[tuple[int, ...], NoDecode] = _setting(
        (), "Telegram user ids of the knowledge admins, comma-separated: they may use "
        "/muatulang, /versi, /statistik and /belumterjawab in a private chat and are told "
        "when an edit is refused. Empty: no admins.")
    bot_username: str = _setting(
        "", "The bot's @username without @, for deep links on posters. Empty: asked from "
        "Telegram (getMe) when a token is set.")
    telegram_max_messages_per_second: int = _setting(
        30, "Cap on messages the bot sends per second over all chats (Telegram's limit; 0: no "
        "overall cap, e.g. with paid broadcasts).", ge=0)
    flood_max_messages: int = _setting(
        10, "Messages a citizen may send in a row before the flood guard steps in (a button "
        "press counts half); the allowance refills over FLOOD_WINDOW_SECONDS.", ge=1)
    flood_window_seconds: float = _setting(
        30.0, "Seconds to refill the whole flood allowance, and how long a citizen who used it "
        "up is not answered (the warning says so).", gt=0, allow_inf_nan=False)
    followup_seconds: float = _setting(
        300.0, "How long the bot remembers the topic of a citizen's last answer, in memory "
        "only, to read a short follow-up question such as \"syaratnya apa?\" (0: never).",
        ge=0, allow_inf_nan=False)
    dashboard_host: str = _setting("127.0.0.1", "Address the staff dashboard listens on.")
    dashboard_port: int = _setting(
        8090, "Port of the staff dashboard (0: `run` starts none; `smartcity-bot dashboard` "
        "then picks a free port).", ge=0, le=MAX_PORT)
    dashboard_secret: SecretStr = _setting(
        SecretStr(""), "Signs the dashboard's session cookies and form tokens. Empty: random "
        "per run, so staff must log in again after every restart.")
    dashboard_idle_minutes: int = _setting(
        30, "A dashboard session ends after this many minutes without a request.", ge=1)
    dashboard_session_hours: int = _setting(
        12, "A dashboard session ends this many hours after login, however busy.", ge=1)
    log_level: str = _setting("INFO", "Python logging level.")

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Overrides first, then the environment (or a test's mapping), then `.env`."""
        return init_settings, _Environment(settings_cls), dotenv_settings

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, env_file: Path | None = None,
             **overrides: Any) -> Settings:
        """Read settings from `.env` (if present), then the environment, then overrides.

        Args:
            env: The environment to read instead of `os.environ` (tests pass their own).
            env_file: The `.env` file (default: `.env` in the working directory).
            **overrides: Values that win over both, by field name.

        Raises:
            SettingsError: Naming the setting and what is wrong with it.
        """
        path = env_file if env_file is not None else Path(".env")
        _check_env_file(path)
        token = _ENVIRONMENT.set(env)
        try:
            return cls(_env_file=path, **overrides)  # type: ignore[call-arg]
        except ValidationError as exc:
            raise SettingsError(_describe(exc)) from None
        finally:
            _ENVIRONMENT.reset(token)

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _user_ids(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise ValueError("must be Telegram user ids (digits) separated by commas")
        return tuple(int(part) for part in parts)

    @field_validator("bot_username")
    @classmethod
    def _username(cls, value: str) -> str:
        value = value.strip().removeprefix("@")
        if value and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", value):
            raise ValueError("must be a Telegram username: 5-32 letters, digits or _")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str) -> str:
        if value and not value.startswith("https://"):
            raise ValueError("must be an https:// URL (Telegram requires TLS)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _header_safe(cls, value: SecretStr) -> SecretStr:
        if not all(c.isalnum() or c in "_-" for c in value.get_secret_value()):
            raise ValueError("may only contain A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql://")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.webhook_url and not self.webhook_secret.get_secret_value():
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        if self.telegram_bot_token.get_secret_value() and \
                not self.user_key_secret.get_secret_value():
            raise ValueError("USER_KEY_SECRET is required when TELEGRAM_BOT_TOKEN is set (it "
                             "pseudonymises user ids in the query log)")
        return self

    @model_validator(mode="after")
    def _private_simulator(self) -> Self:
        if self.simulator_mode and not is_loopback(self.simulator_host) and \
                not self.simulator_allow_remote:
            raise ValueError(
                f"SIMULATOR_HOST={self.simulator_host} would let anyone who reaches it post as "
                "any citizen and inject faults through /sim; use 127.0.0.1, or set "
                "SIMULATOR_ALLOW_REMOTE=true if you really mean it")
        return self

    @property
    def simulator_mode(self) -> bool:
        """Without a token the bot runs against the built-in local Bot API server."""
        return not self.telegram_bot_token.get_secret_value()


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_env_file(path: Path) -> None:
    """Refuse a `.env` line that is not NAME=VALUE (python-dotenv would skip or keep it)."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as stream:
        for binding in parse_stream(stream):
            malformed = binding.key is not None and (
                binding.value is None or not _NAME_RE.fullmatch(binding.key))
            if binding.error or malformed:
                # Never echo the line: it may be a secret pasted without its name.
                raise SettingsError(f"{path}:{binding.original.line}: expected KEY=VALUE "
                                    "(a name, '=', a value)")


def _describe(error: ValidationError) -> str:
    """One line per invalid setting: its name, what is allowed, and the value if not secret."""
    lines = []
    for problem in error.errors():
        location = problem.get("loc") or ()
        name = str(location[0]).upper() if location else ""
        message = problem["msg"].removeprefix("Value error, ")
        field = Settings.model_fields.get(name.lower())
        shown = ""
        if field is not None and field.annotation is not SecretStr and "input" in problem:
            shown = f" (got {problem['input']!r})"
        lines.append(f"{name}: {message}{shown}" if name else message)
    return "; ".join(lines)


@dataclass(frozen=True)
class SettingSpec:
    """Documentation of one environment variable, derived from its field."""

    name: str
    default: str
    description: str
    secret: bool = False


def _shown_default(field: FieldInfo) -> str:
    """The default as it is written in `.env.example` and the README."""
    value = field.default
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)
    return str(value)


SETTINGS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(name.upper(), _shown_default(field), field.description or "",
                secret=field.annotation is SecretStr)
    for name, field in Settings.model_fields.items())
