"""`smartcity-bot knowledge check`: validate the knowledge base the way the bot loads it.

Besides what the bot loads, the check covers the admins' regression files in
`knowledge/eval/`: an entry id they name must exist.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.evaluate import check_eval_ids
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge_types import EntryKind
from bot.yaml_source import Problem


def check(directory: Path, *, as_json: bool) -> int:
    """Print every problem with file and line (exit 1), or a one-line summary (exit 0)."""
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        return _refused(exc.problems, as_json=as_json)
    problems = check_eval_ids(kb.root, kb.entries)
    if problems:
        return _refused(problems, as_json=as_json)
    topics = sum(1 for e in kb.entries.values() if e.kind is EntryKind.TOPIC)
    if as_json:
        print(json.dumps({"ok": True, "entries": len(kb.entries), "topics": topics,
                          "version": kb.version}, ensure_ascii=False))
    else:
        print(f"OK: {len(kb.entries)} entri ({topics} topik, {len(kb.entries) - topics} dibuat "
              f"dari data wilayah), versi {kb.version}")
    return 0


def _refused(problems: list[Problem], *, as_json: bool) -> int:
    """Print the problems; the exit code of a refused knowledge base."""
    if as_json:
        print(json.dumps({"ok": False, "problems": [
            {"file": p.file, "line": p.line, "message": p.message, "fix": p.fix}
            for p in problems]}, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"Ditemukan {len(problems)} masalah. Bot tetap memakai versi valid terakhir "
              "sampai semuanya diperbaiki.", file=sys.stderr)
    return 1
