"""What the bot says when a citizen asks to delete their records (`/hapusdata`).

UU PDP gives citizens the right to have their data erased. `/hapusdata` asks for a
confirmation (a button, so a stray command deletes nothing), then deletes every question and
button record stored under the citizen's pseudonymous key, also those still waiting to be
written, and says how many. Only in a private chat: in a group, anyone could press the button.
Pure code: no `telegram` import.
"""

from __future__ import annotations

from bot import callback_data
from bot.replies import Button, Reply, private_chat_button

CONFIRM_TOAST = "Sedang menghapus…"
GROUP_ONLY_TOAST = "Penghapusan data hanya bisa dilakukan di chat pribadi."


def confirm_deletion(retention_days: int) -> Reply:
    """The question before anything is deleted, with "yes" and "no" buttons."""
    return Reply(
        "Anda meminta penghapusan data. Semua catatan pertanyaan dan tekanan tombol yang "
        "tersimpan dengan kode pengguna Anda akan dihapus dan tidak dapat dikembalikan.\n\n"
        f"Tanpa permintaan ini pun, catatan dihapus otomatis setelah {retention_days} hari.\n\n"
        "Lanjutkan penghapusan?",
        ((Button("Ya, hapus data saya", callback_data.delete_data(True)),
          Button("Batal", callback_data.delete_data(False))),))


def deletion_done(count: int) -> Reply:
    """The report after the deletion."""
    if count == 0:
        return Reply("Selesai. Tidak ada catatan atas kode pengguna Anda yang tersimpan.")
    return Reply(f"Selesai. {count} catatan atas kode pengguna Anda telah dihapus. Pertanyaan "
                 "yang Anda kirim setelah ini akan dicatat lagi seperti biasa.")


def deletion_cancelled() -> Reply:
    """After "Batal"."""
    return Reply("Baik, penghapusan dibatalkan. Tidak ada data yang dihapus.")


def deletion_failed() -> Reply:
    """When the log cannot be reached: nothing is promised that did not happen."""
    return Reply("Maaf, penghapusan belum dapat diselesaikan karena penyimpanan data kami sedang "
                 "terganggu. Silakan kirim /hapusdata lagi beberapa saat lagi.")


def deletion_in_private_only(bot_username: str) -> Reply:
    """`/hapusdata` in a group: where to ask instead."""
    return Reply("Demi keamanan data Anda, penghapusan data hanya bisa diminta di chat pribadi "
                 "dengan saya. Kirim /hapusdata di sana.", private_chat_button(bot_username))
