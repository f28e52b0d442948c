"""Nothing personal reaches a stored column: the corpus through the query log writer.

Every message of the personal-data corpus is handed to the writer raw, as question, normalised
text and payload, on SQLite and PostgreSQL; every column read back must pass
`contains_personal_data`. Columns the bot fills itself are checked for their own format
instead: ids and user keys are hex, `created_at` a timestamp (whose digits form a long run).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import Engine
from storagekit import FAST, question, stored

from bot.privacy import contains_personal_data
from bot.storage import QueryLog

CORPUS_PATH = Path(__file__).parent / "data" / "personal_data_corpus.jsonl"
HEX_COLUMNS = {"id": 32, "user_key": 64}


def personal_texts() -> list[str]:
    items = [json.loads(line) for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines()]
    return [item["text"] for item in items if item["kind"] != "keep"]


async def test_no_stored_column_holds_personal_data(database_url: str, spool_path: Path,
                                                    engine: Engine) -> None:
    texts = personal_texts()
    async with QueryLog(database_url, spool_path, **FAST) as log:
        for text in texts:
            log.record(question(question=text, normalized=text.lower(), payload=text))
    rows = stored(engine)
    assert len(rows) == len(texts)
    for row in rows:
        for column, value in row.items():
            if column == "created_at":
                continue  # a timestamp (a string on SQLite), written by the writer
            if column in HEX_COLUMNS:
                assert re.fullmatch(rf"[0-9a-f]{{{HEX_COLUMNS[column]}}}|k{{64}}", value)
            elif isinstance(value, str):
                assert "@" not in value, (column, value)
                assert not contains_personal_data(value), (column, value)
