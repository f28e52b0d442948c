"""Messages for domain errors that several sub-commands turn into an exit code."""

from __future__ import annotations

import sys

from bot.knowledge import KnowledgeError


def knowledge_refused(exc: KnowledgeError) -> None:
    """Tell the admin the knowledge base is invalid and how to see every problem."""
    print("Basis pengetahuan bermasalah; jalankan `smartcity-bot knowledge check` untuk "
          f"melihat semua masalahnya:\n{exc}", file=sys.stderr)
