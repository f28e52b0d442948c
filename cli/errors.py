"""Messages for domain errors that several sub-commands turn into an exit code."""

from __future__ import annotations

import sys

from bot.knowledge import KnowledgeError


def knowledge_refused(exc: KnowledgeError) -> None:
    """Tell the admin the knowledge base is invalid and how to see every problem."""
    print("The knowledge base has errors; run `smartcity-bot knowledge check`:\n"
          f"{exc}", file=sys.stderr)
