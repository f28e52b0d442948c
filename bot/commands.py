"""The bot's commands, listed once.

This one tuple feeds `/bantuan`, the command menu set with `setMyCommands` at start-up and the
`## Commands` section of the README (a test keeps all of them in step). Pure code: no
`telegram` import.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram_html import escape


@dataclass(frozen=True)
class Command:
    """One bot command as citizens see it.

    Attributes:
        name: The command without the slash, e.g. "daerah".
        description: One line for the command menu and `/bantuan` (Indonesian).
        args: How to write its argument, e.g. "[nama]"; empty when it takes none.
        aliases: Other names handled the same way but not shown in the menu.
    """

    name: str
    description: str
    args: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name and its aliases, for registering the handler."""
        return (self.name, *self.aliases)

    @property
    def usage(self) -> str:
        """How to type it, e.g. "/daerah [nama]"."""
        return f"/{self.name} {self.args}".rstrip()


COMMANDS: tuple[Command, ...] = (
    Command("start", "Mulai dan tampilkan menu utama"),
    Command("bantuan", "Apa yang bisa ditanyakan, dengan contoh", aliases=("help",)),
    Command("tanya", "Ajukan pertanyaan (juga di grup)", args="<pertanyaan>"),
    Command("pilar", "Enam pilar smart city"),
    Command("daerah", "Cek daerah peserta per nama, provinsi, atau angkatan", args="[nama]"),
    Command("tentang", "Tentang bot ini dan pengelolanya"),
    Command("privasi", "Data apa yang dicatat dan untuk apa"),
    Command("hapusdata", "Hapus semua catatan pertanyaan Anda"),
)

EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "Apa itu Gerakan Menuju Smart City?",
    "Apa saja pilar smart city?",
    "Apakah Kota Bandung ikut smart city?",
    "Bagaimana daerah bisa bergabung?",
)


def command(name: str) -> Command:
    """Look a command up by its name or alias.

    Args:
        name: The command without the slash.

    Returns:
        The command.

    Raises:
        KeyError: If no command has that name.
    """
    for item in COMMANDS:
        if name in item.names:
            return item
    raise KeyError(name)


def menu_commands() -> list[tuple[str, str]]:
    """The (command, description) pairs for `setMyCommands`, in menu order."""
    return [(item.name, item.description) for item in COMMANDS]


def help_html() -> str:
    """The `/bantuan` message (Telegram HTML)."""
    lines = [
        "Saya menjawab pertanyaan seputar <b>Gerakan Menuju Smart City</b>: programnya, enam "
        "pilarnya, daerah pesertanya, dan cara daerah bergabung.",
        "",
        "<b>Perintah</b>",
    ]
    lines += [f"{escape(item.usage)} — {escape(item.description)}" for item in COMMANDS]
    lines += ["", "<b>Contoh pertanyaan</b>"]
    lines += [f"• {escape(question)}" for question in EXAMPLE_QUESTIONS]
    lines += [
        "",
        "Di grup, panggil saya dengan /tanya &lt;pertanyaan&gt;, sebut @nama bot saya, atau "
        "balas pesan saya. Di chat mana pun Anda juga bisa mengetik @nama bot saya diikuti "
        "pertanyaan untuk membagikan jawaban.",
    ]
    return "\n".join(lines)


def readme_markdown() -> str:
    """The README's commands section (between the `commands` marker comments)."""
    rows = ["| Command | What it does |", "| --- | --- |"]
    for item in COMMANDS:
        also = "".join(f" (also /{alias})" for alias in item.aliases)
        rows.append(f"| `{item.usage}`{also} | {item.description} |")
    rows += ["", "Deep links `https://t.me/<bot>?start=<payload>` open one answer directly: the "
             "payload is the entry id with its dots written as `_` (`pilar_daftar`, "
             "`daerah_kota-bandung`) or the entry's 8-character button code. Any other payload "
             "gets the normal greeting."]
    return "\n".join(rows)
