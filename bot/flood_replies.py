"""What the bot says when the flood limits stop a citizen or a busy group (`bot.flood`).

Each says how long to wait and that what is sent meanwhile is not answered: the guard drops
those messages, it does not queue them. Pure code: no `telegram` import.
"""

from __future__ import annotations

from bot.replies import Reply, private_chat_button

FLOOD_TOAST = "Mohon tunggu sebentar."  # a button pressed while muted (at most 200 characters)


def flood_warning(wait_seconds: float) -> Reply:
    """The one warning a citizen gets when sending too fast."""
    return Reply(f"Mohon tunggu sebentar. Anda mengirim banyak pesan dalam waktu singkat, jadi "
                 f"pesan yang Anda kirim dalam {round(wait_seconds)} detik ke depan tidak akan "
                 "saya jawab. Setelah itu, silakan kirim ulang pertanyaan Anda.")


def group_busy_notice(wait_seconds: float, bot_username: str) -> Reply:
    """The one notice a group gets when it asks more than the bot may answer there."""
    return Reply(f"Banyak sekali pertanyaan di grup ini dalam waktu singkat. Pertanyaan yang "
                 f"dikirim di grup ini dalam {round(wait_seconds)} detik ke depan tidak akan "
                 "saya jawab; silakan kirim ulang setelahnya, atau bertanya lewat chat pribadi.",
                 private_chat_button(bot_username))
