"""Load the knowledge as it would be after a change, without touching the real folder.

The spreadsheet import and the dashboard's edits validate a change this way before writing a
byte: a copy of the knowledge folder gets the changed files and is loaded exactly as the bot
loads it, the regression files' ids included. The copy keeps the folder's name, so every
problem names its file as `knowledge check` would (`knowledge/program.yaml:12: ...`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bot.evaluate import check_eval_ids
from bot.knowledge import KnowledgeError, load_knowledge


def trial_load(root: Path, files: Mapping[Path, str]) -> None:
    """Load `root` with `files` (knowledge-relative path -> new text) in place of its own.

    Raises:
        KnowledgeError: With every problem the changed knowledge would have.
    """
    with tempfile.TemporaryDirectory(prefix="uji-pengetahuan-") as folder:
        copy = Path(folder) / root.name
        shutil.copytree(root, copy)
        for relative, text in files.items():
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        kb = load_knowledge(copy)
        problems = check_eval_ids(copy, kb.entries)
        if problems:
            raise KnowledgeError(problems)
