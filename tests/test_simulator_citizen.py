"""What the citizen does through `/sim` (citizen.py): texts with entities, group privacy,
replies, media, edits and channel posts.
"""

from __future__ import annotations

import aiohttp
import pytest
from simulatorkit import CHAT, GROUP, call, send, sim

from simulator import LocalBotApi
from simulator.message_entities import entity_text


async def test_sim_send_adds_command_and_mention_entities(api: LocalBotApi,
                                                          http: aiohttp.ClientSession) -> None:
    text = "/tanya@smartcity_sim_bot apa itu smart city? 🏙️ @smartcity_sim_bot"
    status, body = await sim(http, "send", chat_id=GROUP, text=text, chat_type="supergroup",
                             chat_title="Grup RT 05", user={"id": 2002, "first_name": "Sari"})
    assert (status, body["result"]["delivered"]) == (200, True)
    _, updates = await call(http, "getUpdates")
    message = updates["result"][0]["message"]
    assert message["chat"] == {"id": GROUP, "title": "Grup RT 05", "type": "supergroup"}
    assert message["from"]["first_name"] == "Sari"
    assert [(e["type"], entity_text(text, e)) for e in message["entities"]] == [
        ("bot_command", "/tanya@smartcity_sim_bot"), ("mention", "@smartcity_sim_bot")]


@pytest.mark.parametrize(("text", "reply_to_bot", "delivered"), [
    ("halo semua", False, False),
    ("@smartcity_sim_bot apa itu GMSC?", False, True),
    ("/tanya jadwal posyandu", False, True),
    ("/tanya@bot_lain jadwal", False, False),
    ("terima kasih", True, True),
])
async def test_group_privacy_mode(api: LocalBotApi, http: aiohttp.ClientSession, text: str,
                                  reply_to_bot: bool, delivered: bool) -> None:
    await api.send_text(GROUP, "/start", chat_type="supergroup")
    bot_message = await send(http, chat_id=GROUP, text="Halo, warga!")
    api.state.updates.clear()
    update_id = await api.send_text(GROUP, text, chat_type="supergroup",
                                    reply_to=bot_message["message_id"] if reply_to_bot else None)
    assert (update_id is not None) == delivered
    assert api.messages(GROUP)[-1].delivered == delivered
    assert bool(api.state.updates) == delivered


async def test_reply_to_bot_message_sets_reply_to_message(api: LocalBotApi,
                                                          http: aiohttp.ClientSession,
                                                          chat: int) -> None:
    sent = await send(http, chat_id=chat, text="Ada yang bisa dibantu?")
    await sim(http, "send", chat_id=chat, text="Ya", reply_to_message_id=sent["message_id"])
    _, updates = await call(http, "getUpdates")
    assert updates["result"][0]["message"]["reply_to_message"]["text"] == "Ada yang bisa dibantu?"


@pytest.mark.parametrize(("kind", "fields"), [
    ("sticker", {"file_id", "file_unique_id", "type", "width", "height", "is_animated",
                 "is_video", "emoji"}),
    ("voice", {"file_id", "file_unique_id", "duration"}),
    ("location", {"latitude", "longitude"}),
    ("document", {"file_id", "file_unique_id", "file_name", "mime_type"}),
])
async def test_sim_send_media(http: aiohttp.ClientSession, kind: str, fields: set[str]) -> None:
    status, _ = await sim(http, "send_media", chat_id=CHAT, kind=kind)
    assert status == 200
    _, updates = await call(http, "getUpdates")
    message = updates["result"][0]["message"]
    assert fields <= set(message[kind])
    assert "text" not in message


async def test_sim_photo_has_sizes(api: LocalBotApi) -> None:
    await api.send_media(CHAT, "photo", caption="Jalan rusak")
    message = api.state.updates[0]["message"]
    assert [size["width"] for size in message["photo"]] == [90, 320, 800]
    assert message["caption"] == "Jalan rusak"


async def test_sim_edit_and_channel_post(http: aiohttp.ClientSession, chat: int) -> None:
    status, body = await sim(http, "edit", chat_id=chat, message_id=1, text="halo lagi")
    assert status == 200
    status, _ = await sim(http, "channel_post", chat_id=-100300, text="Pengumuman")
    assert status == 200
    _, updates = await call(http, "getUpdates")
    kinds = [(list(u)[1], u[list(u)[1]]["text"]) for u in updates["result"]]
    assert kinds == [("edited_message", "halo lagi"), ("channel_post", "Pengumuman")]
    assert "edit_date" in updates["result"][0]["edited_message"]
    assert updates["result"][1]["channel_post"]["chat"]["type"] == "channel"
