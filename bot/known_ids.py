"""The knowledge entry ids the code relies on, in one place.

Commands, menus and generated entries link to these entries by id. `load_knowledge` refuses a
knowledge base that lacks any of them (file and line of the fix), so renaming one in a YAML
file fails the check instead of failing a command at run time.
"""

from __future__ import annotations

ABOUT = "bot.tentang"  # /tentang
PRIVACY = "bot.privasi"  # /privasi
PROGRAMME = "program.apa-itu"  # main menu, inline default
HOW_TO_JOIN = "program.cara-bergabung"  # main menu, inline default
PARTICIPANT_COUNT = "program.jumlah-peserta"
COST = "program.biaya"  # offered to a business asking how to sell to a pemda
HISTORY = "program.sejarah"  # related to every cohort entry
PILLARS = "pilar.daftar"  # /pilar, main menu, inline default
REGION_LIST = "daerah.daftar"  # /daerah, related to every province entry, inline default
GOODBYE = "smalltalk.pamit"  # thanks and a goodbye in one message end the conversation
# generated from the roster's area column (`bot.area_answers`); topic answers link to it
AREA_LIST = "kawasan.daftar"

REQUIRED: tuple[str, ...] = (ABOUT, PRIVACY, PROGRAMME, HOW_TO_JOIN, PARTICIPANT_COUNT,
                             COST, HISTORY, PILLARS, REGION_LIST, GOODBYE)

# Entries a question about a place or a year should not be diverted to: they answer "what is
# the programme" or "which regions", which the place's own entry answers better.
GENERIC: frozenset[str] = frozenset({REGION_LIST, PROGRAMME, PARTICIPANT_COUNT})


def cohort_id(year: int) -> str:
    """The generated entry of one cohort year."""
    return f"angkatan.{year}"
