"""`smartcity-bot knowledge check`: validate the knowledge base the way the bot loads it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge_types import EntryKind


def check(directory: Path, *, as_json: bool) -> int:
    """Print every problem with file and line (exit 1), or a one-line summary (exit 0)."""
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        if as_json:
            print(json.dumps({"ok": False, "problems": [
                {"file": p.file, "line": p.line, "message": p.message} for p in exc.problems]},
                ensure_ascii=False, indent=2))
        else:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"{len(exc.problems)} problem(s) found; the bot keeps serving the last "
                  "valid knowledge until they are fixed.", file=sys.stderr)
        return 1
    topics = sum(1 for e in kb.entries.values() if e.kind is EntryKind.TOPIC)
    if as_json:
        print(json.dumps({"ok": True, "entries": len(kb.entries), "topics": topics,
                          "version": kb.version,
                          "warnings": [str(w) for w in kb.warnings]}, ensure_ascii=False))
    else:
        for warning in kb.warnings:
            print(f"warning: {warning}")
        print(f"OK: {len(kb.entries)} entries ({topics} topics, "
              f"{len(kb.entries) - topics} generated from region data), version {kb.version}")
    return 0
