"""Personal data sent through the real bot never reaches a stored column (SQLite, PostgreSQL).

Every personal-data form is sent the ways a citizen (or a modified client) can send it: a
private message, `/tanya` in a group, an inline query whose answer is shared, a deep link
(`/start <payload>`, typed or shaped like a link), and button presses (real ones, and one with
forged callback data per item, of a shape that changes from item to item).
Then EVERY column of both tables is read back: no run of nine or more digits, no "@", none of
the item's secrets (an e-mail's local part, a name, the digits of a NIK). Columns the bot fills
with its own identifiers are checked for their format instead (a user key is a hex HMAC and may
hold digit runs by chance; a record id never does).

The forms come from tests/data/personal_data_corpus.jsonl when it exists (one JSON object per
line: "kind", "text", "must_not_contain"; kind "keep" lines hold no personal data and are
skipped), else from CORPUS below.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from botkit import BotHarness, all_handled, make_settings, stored
from storagekit import wait_until

from bot import callback_data
from bot.config import Settings
from bot.record_ids import is_record_id
from simulator.records import CallbackQueryRecord

CORPUS_PATH = Path(__file__).parent / "data" / "personal_data_corpus.jsonl"
CORPUS: list[dict[str, Any]] = [
    {"kind": "nik", "text": "NIK saya 3171012345670001, apakah Kota Bandung ikut smart city?",
     "must_not_contain": ["3171012345670001"]},
    {"kind": "nik", "text": "nik: 3171 0123 4567 0001", "must_not_contain": ["3171012345670001"]},
    {"kind": "mobile", "text": "hp saya 0812-3456-7890 tolong hubungi",
     "must_not_contain": ["081234567890"]},
    {"kind": "mobile", "text": "wa +62 812 3456 7890 ya kak",
     "must_not_contain": ["6281234567890"]},
    {"kind": "mobile", "text": "081234567890", "must_not_contain": ["081234567890"]},
    {"kind": "landline", "text": "telp kantor (021) 555-1234 smart city",
     "must_not_contain": ["0215551234"]},
    {"kind": "email", "text": "email saya budi.santoso@gmail.com, apa itu smart city?",
     "must_not_contain": ["budi.santoso", "budi", "santoso", "gmail"]},
    {"kind": "email", "text": "kirim ke siti_aminah@kominfo.go.id",
     "must_not_contain": ["siti_aminah", "siti", "aminah"]},
    {"kind": "mixed", "text": "NIK 3171012345670001 dan HP 081234567890, email a.b@x.co.id",
     "must_not_contain": ["3171012345670001", "081234567890", "a.b"]},
]
LONG_DIGITS = re.compile(r"\d{9,}")
AT_SIGNS = ("@", "\uff20", "\ufe6b")  # "@", full-width "＠", small "﹫"
USER_KEY = re.compile(r"[0-9a-f]{64}")
FIRST_USER, FIRST_GROUP = 60_000, -1_000_600_000


def corpus() -> list[dict[str, Any]]:
    """The personal-data forms: the shared corpus file if there is one, else CORPUS."""
    if not CORPUS_PATH.exists():
        return CORPUS
    items = [json.loads(line) for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    return [item for item in items if item["kind"] != "keep"]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    # Many citizens at once: no overall send cap, no flood limit in the way.
    return make_settings(tmp_path, database_url=database_url, flood_max_messages=10_000,
                         telegram_max_messages_per_second=0)


def link_payload(text: str) -> str:
    """The text shaped like a deep-link payload ([A-Za-z0-9_-], at most 64 characters)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:64] or "_"


def forged_callback(number: int, text: str) -> str:
    """Callback data a modified client could send, carrying the text (64 bytes at most).

    Each item gets one of the shapes in turn, so every shape meets many forms.
    """
    digits = re.sub(r"\D", "", text) or "0"
    squeezed = "".join(text.split())
    shapes = [f"f:{squeezed}:u", f"f:{digits}:d", f"r:{digits}:abcdefgh", f"d:p:{digits}",
              f"e:{text}", f"m:{text}", f"s:{squeezed}:x", f"h:{text}"]
    return shapes[number % len(shapes)].encode("utf-8")[:64].decode("utf-8", errors="ignore")


async def send_everywhere(bot: BotHarness, number: int, text: str) -> None:
    """One citizen sends `text` on every channel the query log records."""
    user, group = FIRST_USER + number, FIRST_GROUP - number
    await bot.api.send_text(user, text)
    await bot.api.send_text(group, f"/tanya {text}", chat_type="group", user_id=user)
    # A deep link as a link would carry it, or as typed after /start (every other item).
    await bot.api.send_text(user, f"/start {link_payload(text) if number % 2 else text}")
    # Telegram reports the inline query behind an answer a citizen shared.
    bot.api.state.push_update("chosen_inline_result", {
        "result_id": callback_data.entry_code("program.apa-itu"), "query": text[:256],
        "from": {"id": user, "is_bot": False, "first_name": "Warga"}})


async def press_buttons(bot: BotHarness, number: int, text: str) -> list[CallbackQueryRecord]:
    """Press the citizen's first answer with its first real button, then with forged data."""
    user = FIRST_USER + number
    answer = next(m for m in bot.bot_messages(user))
    presses = [await bot.api.press(user, answer.message_id, data, user_id=user)
               for data in answer.callback_data[:1]]
    return [*presses, await bot.api.press(user, answer.message_id, forged_callback(number, text),
                                          user_id=user, forged=True)]


def leaks(column: str, value: Any, secrets: list[str]) -> list[str]:
    """What is wrong with one stored value (empty when nothing is)."""
    if column in ("id", "query_id"):
        ok = value is None or is_record_id(value) or \
            (column == "query_id" and value == callback_data.FOREIGN_VALUE)
        return [] if ok else ["not a record id"]
    if column == "user_key":
        return [] if USER_KEY.fullmatch(value) else ["not a user key"]
    if column == "created_at" or not isinstance(value, str):
        return []  # written by the writer, never from a message
    found = []
    if LONG_DIGITS.search(value):
        found.append("a run of 9+ digits")
    if any(sign in value for sign in AT_SIGNS):
        found.append('an "@"')
    value_digits, lowered = re.sub(r"\D", "", value), value.lower()
    for secret in secrets:
        secret_digits = re.sub(r"\D", "", secret)
        if len(secret_digits) >= 9:
            if secret_digits in value_digits:
                found.append(f"the digits of {secret!r}")
        elif re.search(rf"(?<![a-z0-9]){re.escape(secret.lower())}(?![a-z0-9])", lowered):
            found.append(f"{secret!r}")
    return found


async def test_no_stored_column_holds_personal_data_sent_through_the_bot(
        bot: BotHarness) -> None:
    items = corpus()
    for number, item in enumerate(items):
        await send_everywhere(bot, number, item["text"])
    await bot.idle(seconds=60)
    presses = [press for number, item in enumerate(items)
               for press in await press_buttons(bot, number, item["text"])]
    await wait_until(lambda: all(press.answered for press in presses), seconds=60)
    await all_handled(bot.application, seconds=60)
    await bot.services.query_log.flush()

    url = bot.settings.database_url.get_secret_value()
    questions, events = stored(url, "questions"), stored(url, "button_events")
    assert len(questions) == 4 * len(items)  # every channel of every item was logged
    assert events  # the real buttons were
    # Each citizen sent one item, so a row's user key says whose secrets it must not hold.
    secrets = {bot.services.user_key(FIRST_USER + number): item["must_not_contain"]
               for number, item in enumerate(items)}
    problems = [(table, column, value, found)
                for table, rows in (("questions", questions), ("button_events", events))
                for row in rows for column, value in row.items()
                if (found := leaks(column, value, secrets[row["user_key"]]))]
    assert problems == []
