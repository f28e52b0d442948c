"""Compact callback data for inline buttons, and deep-link payloads.

Telegram allows 64 bytes of `callback_data`. Entry ids can be long (region ids reach ~50
characters) and the question's record id (32 hex characters) must ride along so a feedback
press or a picked suggestion can be linked to its question, so buttons name entries by an
8-character code: a hash of the entry id, stable across restarts and knowledge reloads.

Callback data, one letter per action:

    e:<code>               open an entry from a menu (no question behind it)
    r:<record>:<code>      open a related entry under an answer
    s:<record>:<code>      pick a suggestion ("Maksud Anda:")
    f:<record>:u|d         feedback on the answer to question <record>
    m:<menu>               a menu: "bantuan" or "daerah"
    d:p:<page>             page <page> of the province list (at most three digits)
    d:a                    the cohort list
    h:y|n                  /hapusdata confirmed or cancelled

<record> is a record id (`bot.record_ids`): anything else is not the bot's, and `parse` refuses
it. Clients can forge callback data, so what the query log keeps of a press is checked again
(`loggable_record_id`, `loggable_event_value`): anything else is stored as FOREIGN_VALUE.

Deep links `https://t.me/<bot>?start=<payload>` carry the entry id with its dots written as
"_" (`pilar_daftar`, `daerah_kota-bandung`); ids never contain "_", so this reverses. The
8-character entry code is accepted as a payload too. Pure code: no `telegram` import.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from typing import Literal

from bot.record_ids import is_record_id
from bot.telegram_html import MAX_CALLBACK_DATA_BYTES

ENTRY_CODE_BYTES = 5  # 40 bits -> 8 base32 characters
MAX_START_PAYLOAD_CHARS = 64  # Telegram's limit for ?start=
_PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_PAGE_RE = re.compile(r"\d{1,3}")
# What the bot logs as a press's value: an entry id, "up"/"down", a menu, "provinsi:<page>".
_EVENT_VALUE_RE = re.compile(r"[a-z][a-z0-9.-]{0,99}(?::\d{1,3})?")
FOREIGN_VALUE = "[tidak dikenal]"  # stored instead of a value the bot did not make

EntryVia = Literal["menu", "related", "suggestion"]
MenuName = Literal["bantuan", "daerah"]
MENUS: tuple[MenuName, ...] = ("bantuan", "daerah")


def entry_code(entry_id: str) -> str:
    """The 8-character code of an entry id (lower-case base32 of a BLAKE2b hash)."""
    digest = hashlib.blake2b(entry_id.encode("utf-8"), digest_size=ENTRY_CODE_BYTES).digest()
    return base64.b32encode(digest).decode("ascii").lower()


class EntryCodes:
    """The code of every entry of one knowledge base, and back."""

    def __init__(self, entry_ids: Iterable[str]) -> None:
        """Compute the codes.

        Args:
            entry_ids: Every entry id of the knowledge base.

        Raises:
            ValueError: If two ids share a code (then the hash must grow).
        """
        self._ids: dict[str, str] = {}
        for entry_id in entry_ids:
            code = entry_code(entry_id)
            other = self._ids.setdefault(code, entry_id)
            if other != entry_id:
                raise ValueError(f"entries {other!r} and {entry_id!r} share the code {code!r}")

    def resolve(self, code: str) -> str | None:
        """The entry id of a code, or None if no entry has it (any more)."""
        return self._ids.get(code)


@dataclass(frozen=True)
class OpenEntry:
    """Show an entry; `record_id` is the question whose reply had the button, if any."""

    code: str
    via: EntryVia
    record_id: str | None = None


@dataclass(frozen=True)
class Feedback:
    """👍 or 👎 on the answer to question `record_id`."""

    record_id: str
    helpful: bool


@dataclass(frozen=True)
class Menu:
    """Open a menu."""

    name: MenuName


@dataclass(frozen=True)
class ProvincePage:
    """Show one page of the province list (0-based)."""

    page: int


@dataclass(frozen=True)
class CohortList:
    """Show the list of cohorts."""


@dataclass(frozen=True)
class DeleteData:
    """The answer to "delete my records?" (/hapusdata)."""

    confirmed: bool


Action = OpenEntry | Feedback | Menu | ProvincePage | CohortList | DeleteData


def _checked(data: str) -> str:
    """Refuse data Telegram would reject, so a bug shows in tests rather than in chats."""
    if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data {data!r} is longer than {MAX_CALLBACK_DATA_BYTES} bytes")
    return data


def open_entry(entry_id: str, via: EntryVia = "menu", record_id: str | None = None) -> str:
    """Callback data of a button that shows `entry_id`."""
    code = entry_code(entry_id)
    if via == "menu":
        return _checked(f"e:{code}")
    return _checked(f"{via[0]}:{record_id or ''}:{code}")


def feedback(record_id: str, helpful: bool) -> str:
    """Callback data of a 👍 (helpful) or 👎 button."""
    return _checked(f"f:{record_id}:{'u' if helpful else 'd'}")


def menu(name: MenuName) -> str:
    """Callback data of a menu button."""
    return _checked(f"m:{name}")


def province_page(page: int) -> str:
    """Callback data of a province-list page button."""
    return _checked(f"d:p:{page}")


def cohort_list() -> str:
    """Callback data of the cohort-list button."""
    return "d:a"


def delete_data(confirmed: bool) -> str:
    """Callback data of the /hapusdata confirmation buttons."""
    return "h:y" if confirmed else "h:n"


def parse(data: str | None) -> Action | None:
    """Decode callback data; None for anything this bot did not make (or no longer makes)."""
    if not data:
        return None
    kind, _, rest = data.partition(":")
    if kind == "e" and rest:
        return OpenEntry(rest, "menu")
    if kind in ("r", "s"):
        record, _, code = rest.partition(":")
        if code and (not record or is_record_id(record)):
            return OpenEntry(code, "related" if kind == "r" else "suggestion", record or None)
        return None
    if kind == "f":
        record, _, vote = rest.partition(":")
        if is_record_id(record) and vote in ("u", "d"):
            return Feedback(record, vote == "u")
        return None
    if kind == "m" and rest in MENUS:
        return Menu(rest)
    if kind == "h" and rest in ("y", "n"):
        return DeleteData(rest == "y")
    if kind == "d":
        if rest == "a":
            return CohortList()
        page = rest.removeprefix("p:")
        if page != rest and _PAGE_RE.fullmatch(page):
            return ProvincePage(int(page))
    return None


def loggable_record_id(value: str) -> str:
    """A record id as the query log may keep it: the id, or FOREIGN_VALUE if it is not one."""
    return value if is_record_id(value) else FOREIGN_VALUE


def loggable_event_value(value: str) -> str:
    """A press's value as the query log may keep it (see `_EVENT_VALUE_RE`), or FOREIGN_VALUE."""
    return value if _EVENT_VALUE_RE.fullmatch(value) else FOREIGN_VALUE


def loggable_payload(value: str) -> str:
    """A deep-link payload as the query log may keep it, or FOREIGN_VALUE."""
    return value if _PAYLOAD_RE.fullmatch(value) else FOREIGN_VALUE


def start_payload(entry_id: str) -> str:
    """The deep-link payload of an entry: its id with dots written as "_"."""
    payload = entry_id.replace(".", "_")
    if len(payload) > MAX_START_PAYLOAD_CHARS:
        return entry_code(entry_id)
    return payload


def entry_for_payload(payload: str, known: Container[str], codes: EntryCodes) -> str | None:
    """The entry a deep-link payload names, or None for anything else.

    Args:
        payload: The text after `/start `.
        known: The entry ids (a mapping of them works too).
        codes: The entry codes, for payloads written as a code.

    Returns:
        The entry id, or None if the payload is malformed or names no entry.
    """
    payload = payload.strip()
    if not _PAYLOAD_RE.fullmatch(payload):
        return None
    candidate = payload.lower().replace("_", ".")
    if candidate in known:
        return candidate
    return codes.resolve(payload.lower())


def deep_link(bot_username: str, entry_id: str) -> str:
    """The t.me link that opens a private chat with the bot on `entry_id`."""
    return f"https://t.me/{bot_username}?start={start_payload(entry_id)}"
