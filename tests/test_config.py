"""Settings: every one documented in .env.example and the README; bad values fail by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dotenv import dotenv_values

from bot.config import SETTINGS, Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def readme_settings() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("<!-- settings:start -->")[1].split("<!-- settings:end -->")[0]
    return {m.group(1): m.group(2).strip() for m in
            re.finditer(r"^\| `([A-Z_]+)` \| ([^|]*) \|", section, re.M)}


def test_every_setting_is_in_env_example_with_a_comment() -> None:
    path = ROOT / ".env.example"
    values = dotenv_values(path)
    assert list(values) == [spec.name for spec in SETTINGS]
    lines = path.read_text(encoding="utf-8").splitlines()
    for spec in SETTINGS:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{spec.name}="))
        assert lines[index - 1].startswith("# "), f"{spec.name} needs a comment above it"
        if spec.secret:  # no secret values; a default without credentials may stay
            assert values[spec.name] in ("", spec.default)
            assert "@" not in values[spec.name] and ":" not in values[spec.name].split("//")[-1]
        else:
            assert values[spec.name] == spec.default


def test_env_example_works_as_a_dot_env(tmp_path: Path) -> None:
    settings = Settings.load(env={}, env_file=ROOT / ".env.example")
    assert settings.simulator_mode
    assert settings == Settings.load(env={}, env_file=tmp_path / "none")


def test_every_setting_is_in_the_readme_table_with_its_default() -> None:
    table = readme_settings()
    assert list(table) == [spec.name for spec in SETTINGS]
    for spec in SETTINGS:
        assert table[spec.name] == (f"`{spec.default}`" if spec.default else "(empty)")


@pytest.mark.parametrize(("name", "value"), [
    ("WEBHOOK_PORT", "port"),
    ("SIMULATOR_PORT", "70000"),
    ("FLOOD_MAX_MESSAGES", "banyak"),
    ("FLOOD_MAX_MESSAGES", "0"),
    ("FLOOD_WINDOW_SECONDS", "-1"),
    ("FLOOD_WINDOW_SECONDS", "inf"),
    ("FLOOD_WINDOW_SECONDS", "nan"),
    ("KNOWLEDGE_RELOAD_SECONDS", "nan"),
    ("KNOWLEDGE_RELOAD_SECONDS", "Infinity"),
    ("KNOWLEDGE_RELOAD_SECONDS", "-inf"),
    ("LOG_LEVEL", "VERBOSE"),
    ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot"),
    ("WEBHOOK_URL", "http://bot.example.org/hook"),
    ("DATABASE_URL", "mysql://localhost/db"),
])
def test_a_bad_value_fails_naming_the_setting(tmp_path: Path, name: str, value: str) -> None:
    env = {name: value}
    if name == "WEBHOOK_URL":
        env["WEBHOOK_SECRET"] = "rahasia"
    with pytest.raises(SettingsError, match=name):
        Settings.load(env=env, env_file=tmp_path / "none")


@pytest.mark.parametrize(("name", "value", "allowed"), [
    ("WEBHOOK_PORT", "70000", "65535"),
    ("SIMULATOR_PORT", "-1", "0"),
    ("FLOOD_MAX_MESSAGES", "0", "1"),
    ("FLOOD_WINDOW_SECONDS", "0", "0"),
    ("KNOWLEDGE_RELOAD_SECONDS", "-5", "0"),
    ("TELEGRAM_MAX_MESSAGES_PER_SECOND", "-1", "0"),
])
def test_an_out_of_range_value_says_the_range(tmp_path: Path, name: str, value: str,
                                              allowed: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.load(env={name: value}, env_file=tmp_path / "none")
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and allowed in message and value in message
    assert "expected int" not in message


def test_inline_comments_in_the_env_file_are_not_part_of_the_value(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "LOG_LEVEL=WARNING # only problems\n"
        "export FLOOD_MAX_MESSAGES=12   # per window\n"
        "BOT_OPERATOR='Diskominfo # Kota Contoh'  # the quotes keep the hash\n"
        "# SIMULATOR_PORT=9999\n", encoding="utf-8")
    settings = Settings.load(env={}, env_file=env_file)
    assert settings.log_level == "WARNING"
    assert settings.flood_max_messages == 12
    assert settings.bot_operator == "Diskominfo # Kota Contoh"
    assert settings.simulator_port == 8080


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("FLOOD_MAX_MESSAGES=12\nLOG_LEVEL=debug\n", encoding="utf-8")
    settings = Settings.load(env={"FLOOD_MAX_MESSAGES": "20"}, env_file=env_file)
    assert settings.flood_max_messages == 20
    assert settings.log_level == "DEBUG"


def test_a_token_needs_a_user_key_secret(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="USER_KEY_SECRET"):
        Settings.load(env={"TELEGRAM_BOT_TOKEN": "123:abc"}, env_file=tmp_path / "none")


def test_secrets_never_appear_in_repr(tmp_path: Path) -> None:
    settings = Settings.load(env={"TELEGRAM_BOT_TOKEN": "123:token-rahasia",
                                  "USER_KEY_SECRET": "kunci-rahasia",
                                  "WEBHOOK_URL": "https://bot.example.org/hook",
                                  "WEBHOOK_SECRET": "rahasia-webhook"},
                             env_file=tmp_path / "none")
    shown = repr(settings) + str(settings) + settings.model_dump_json()
    for secret in ("token-rahasia", "kunci-rahasia", "rahasia-webhook"):
        assert secret not in shown
    assert settings.telegram_bot_token.get_secret_value() == "123:token-rahasia"


def test_an_invalid_secret_is_never_echoed(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.load(env={"WEBHOOK_URL": "https://bot.example.org/hook",
                           "WEBHOOK_SECRET": "rahasia webhook!"}, env_file=tmp_path / "none")
    assert "WEBHOOK_SECRET" in str(caught.value) and "rahasia" not in str(caught.value)


def test_a_malformed_env_line_is_located_but_not_echoed(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LOG_LEVEL=INFO\n123456:pasted-token-without-a-name\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        Settings.load(env={}, env_file=env_file)
    assert f"{env_file}:2: expected KEY=VALUE" in str(caught.value)
    assert "pasted-token" not in str(caught.value)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "bot.example.org"])
def test_a_simulator_reachable_from_outside_needs_consent(tmp_path: Path, host: str) -> None:
    with pytest.raises(SettingsError, match="SIMULATOR_ALLOW_REMOTE=true"):
        Settings.load(env={"SIMULATOR_HOST": host}, env_file=tmp_path / "none")
    allowed = Settings.load(env={"SIMULATOR_HOST": host, "SIMULATOR_ALLOW_REMOTE": "true"},
                            env_file=tmp_path / "none")
    assert allowed.simulator_allow_remote
    with_token = Settings.load(env={"SIMULATOR_HOST": host, "TELEGRAM_BOT_TOKEN": "1:x",
                                    "USER_KEY_SECRET": "k"}, env_file=tmp_path / "none")
    assert not with_token.simulator_mode  # no simulator runs, so the host does not matter


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_a_loopback_simulator_needs_nothing(tmp_path: Path, host: str) -> None:
    assert Settings.load(env={"SIMULATOR_HOST": host}, env_file=tmp_path / "none")
