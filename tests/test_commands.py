"""One command list: /bantuan, the command menu (setMyCommands) and the README agree with it."""

from __future__ import annotations

import re
from pathlib import Path

from botkit import BotHarness

from bot.commands import COMMANDS, command, menu_commands, readme_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_section(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", text, re.S)
    assert match, f"README.md has no {name} section"
    return match.group(1)


async def test_help_menu_and_readme_show_the_same_commands(bot: BotHarness) -> None:
    help_text = (await bot.ask("/bantuan")).text
    shown = [line.split(" — ")[0] for line in help_text.splitlines() if line.startswith("/")]
    assert shown == [item.usage for item in COMMANDS]
    [call] = bot.api.calls_to("setMyCommands")
    assert [(c["command"], c["description"]) for c in call.params["commands"]] == \
        menu_commands() == [(item.name, item.description) for item in COMMANDS]
    in_readme = re.findall(r"^\| `/(\w+)", readme_section("commands"), re.M)
    assert in_readme == [item.name for item in COMMANDS]


def test_the_readme_section_is_generated_from_the_list() -> None:
    assert readme_section("commands") == readme_markdown()


def test_every_command_is_answered_by_a_handler() -> None:
    from handlers import ordered_handlers

    registered = {name for handler in ordered_handlers()
                  for name in getattr(handler, "commands", ())}
    assert registered == {name for item in COMMANDS for name in item.names}


def test_lookup_by_alias() -> None:
    assert command("help") is command("bantuan")
