"""Seed a question log with realistic rows, for the report and dashboard benchmarks.

Usage: python scripts/seed_log.py DATABASE_URL [--rows 100000] [--seed 1]
       (or import it: `seed(engine, rows)`, as scripts/benchmark_reports.py does)

The rows look like a year of a busy bot: questions from the shipped knowledge's example
questions (with typos, slang particles and shuffled words), region questions, deep links,
commands and stickers; unanswered questions on a few dozen topics the knowledge lacks (each
asked in many spellings) plus a long tail of one-off questions; 👍/👎 on some answers,
picked suggestions, related and menu presses; more traffic by day (WIB) than by night; a few
heavy users among many occasional ones; three knowledge versions over time. The same seed
gives the same rows. Rows are inserted in batches straight into the tables (the texts hold
no personal data, so the writer's masking is skipped for speed).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine  # noqa: E402

from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge_types import EntryKind  # noqa: E402
from bot.storage import create_engine, migrate  # noqa: E402
from bot.storage.models import EventRow, QuestionRow  # noqa: E402

END = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 365
BATCH = 5000
VERSIONS = ("a1b2c3d4e5f6", "b2c3d4e5f6a1", "c3d4e5f6a1b2")
OUTCOMES = (("answer", 0.55), ("suggest", 0.09), ("fallback", 0.14), ("smalltalk", 0.08),
            ("command", 0.11), ("non_text", 0.03))
CHANNELS = (("private", 0.72), ("group", 0.14), ("inline", 0.09), ("deeplink", 0.05))
# WIB hour of day -> relative traffic (quiet at night, busy in office hours and evenings)
HOURLY = (1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 8, 9, 10, 9, 8, 7, 8, 9, 8, 6, 4, 2)
GAPS = (  # questions the knowledge cannot answer; each is asked in many spellings
    "kapan bus listrik mulai beroperasi di kota saya", "cara membuat ktp elektronik online",
    "jadwal posyandu bulan ini", "lowongan kerja di diskominfo", "harga tiket masuk museum kota",
    "cara lapor jalan rusak ke pemda", "wifi gratis taman kota passwordnya apa",
    "cara daftar umkm digital", "berapa gaji pegawai smart city", "cctv kota bisa diakses warga",
    "aplikasi parkir online kota", "cara bayar pbb lewat aplikasi",
    "sampah tidak diangkut lapor ke mana",
    "banjir di perumahan saya siapa yang urus", "cara mengurus izin usaha online",
    "jam buka mal pelayanan publik", "kapan pendaftaran beasiswa pemkot dibuka",
    "lampu jalan mati lapor ke mana", "cara cek bansos online", "vaksin gratis di puskesmas mana",
    "kenapa aplikasi kota sering error", "data penduduk kota bisa diminta di mana",
    "smart city itu bikin pajak naik ya", "apakah desa bisa jadi smart village",
    "berapa anggaran smart city kota saya tahun ini", "siapa vendor aplikasi smart city",
    "cara jadi relawan tik", "kapan transportasi umum terintegrasi",
    "apakah ada lomba aplikasi kota", "lapor pungli di kelurahan ke mana",
)
PARTICLES = ("dong", "kak", "min", "ya", "sih", "nih", "gan")
TAIL_WORDS = tuple("""
tolong info gimana kenapa kok kapan dimana saya mau tanya bisa tidak harga jalan anak sekolah
pasar air listrik motor rumah kantor online antri surat desa kelurahan kecamatan camat lurah
rt rw ktp kk akta nikah cerai pajak tilang sim stnk bpjs rumah sakit dokter obat apotek bidan
posyandu imunisasi gizi stunting banjir longsor gempa kebakaran damkar polisi satpol pedagang
kaki lima parkir liar macet angkot ojek kereta bandara pelabuhan kapal feri tol bensin solar
gas elpiji minyak beras cabai bawang gula telur harga naik turun subsidi bantuan sembako
beasiswa kuliah guru honorer ppdb zonasi ujian libur lebaran natal imlek mudik festival konser
taman kota alun alun museum perpustakaan masjid gereja pura vihara makam pemakaman sampah
selokan got drainase pdam pln token wifi sinyal internet lambat hilang rusak bocor mati
""".split())
STICKERS = ("[stiker]", "[foto]", "[dokumen]", "[suara]")
COMMANDS = ("/start", "/bantuan", "/pilar", "/daerah", "/tentang", "/privasi")


@dataclass(frozen=True)
class Seeded:
    """What was inserted."""

    questions: int
    events: int
    seconds: float


def seed(engine: Engine, rows: int, *, seed_value: int = 1, end: datetime = END,
         days: int = DAYS, knowledge_dir: Path = ROOT / "knowledge") -> Seeded:
    """Migrate the database and insert `rows` questions (and their button presses)."""
    migrate(engine)
    started = time.perf_counter()
    questions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    counts = [0, 0]
    for table, row in generate(rows, seed_value=seed_value, end=end, days=days,
                               knowledge_dir=knowledge_dir):
        (questions if table == "q" else events).append(row)
        if len(questions) + len(events) >= BATCH:
            _flush(engine, questions, events, counts)
    _flush(engine, questions, events, counts)
    return Seeded(counts[0], counts[1], time.perf_counter() - started)


def _flush(engine: Engine, questions: list[dict[str, Any]], events: list[dict[str, Any]],
           counts: list[int]) -> None:
    with engine.begin() as connection:
        if questions:
            connection.execute(QuestionRow.__table__.insert(), questions)  # type: ignore[attr-defined]
        if events:
            connection.execute(EventRow.__table__.insert(), events)  # type: ignore[attr-defined]
    counts[0] += len(questions)
    counts[1] += len(events)
    questions.clear()
    events.clear()


def generate(rows: int, *, seed_value: int = 1, end: datetime = END, days: int = DAYS,
             knowledge_dir: Path = ROOT / "knowledge") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ("q", question row) and ("e", event row) pairs, oldest questions first."""
    rng = random.Random(seed_value)
    kb = load_knowledge(knowledge_dir)
    topics = [(e.id, q) for e in kb.entries.values()
              if e.kind is EntryKind.TOPIC and not e.is_smalltalk for q in e.questions]
    smalltalk = [(e.id, q) for e in kb.entries.values() if e.is_smalltalk for q in e.questions]
    regions = [(e.id, e.title) for e in kb.entries.values() if e.kind is EntryKind.REGION]
    topic_ids = sorted({entry for entry, _ in topics})
    users = [uuid.UUID(int=rng.getrandbits(128)).hex * 2 for _ in range(max(rows // 6, 1))]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(users))]  # a few heavy users
    start = end - timedelta(days=days)
    moments = sorted(_moment(rng, start, days) for _ in range(rows))
    chosen_users = rng.choices(users, weights, k=rows)
    outcomes = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES], k=rows)
    for number, (created, user, outcome) in enumerate(zip(moments, chosen_users, outcomes,
                                                          strict=True)):
        row = _question(rng, created, user, outcome, topics, smalltalk, regions, topic_ids)
        row["knowledge_version"] = VERSIONS[min(number * len(VERSIONS) // rows, 2)]
        yield "q", row
        yield from (("e", event) for event in _presses(rng, row))


def _moment(rng: random.Random, start: datetime, days: int) -> datetime:
    """A moment in the range, more likely in busy WIB hours and in recent weeks."""
    day = int(days * rng.random() ** 0.8)  # the bot grows: more traffic lately
    hour = rng.choices(range(24), HOURLY)[0]
    utc_hour = (hour - 7) % 24
    return start + timedelta(days=day, hours=utc_hour, seconds=rng.randrange(3600))


def _question(rng: random.Random, created: datetime, user: str, outcome: str,
              topics: list[tuple[str, str]], smalltalk: list[tuple[str, str]],
              regions: list[tuple[str, str]], topic_ids: list[str]) -> dict[str, Any]:
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    entry_id: str | None = None
    payload: str | None = None
    suggestions: list[str] = []
    score: float | None = round(rng.uniform(0.45, 0.95), 3)
    if outcome == "answer" and channel == "deeplink":
        entry_id, _ = rng.choice(topics)
        payload = entry_id.replace(".", "_")
        text = f"/start {payload}"
    elif outcome == "answer" and rng.random() < 0.2:
        entry_id, name = rng.choice(regions)
        text = _noisy(rng, f"{rng.choice(('smart city', 'apakah', 'peserta'))} {name.lower()}")
    elif outcome == "answer":
        entry_id, text = rng.choice(topics)
        text = _noisy(rng, text)
    elif outcome == "smalltalk":
        entry_id, text = rng.choice(smalltalk)
    elif outcome == "suggest":
        suggestions = rng.sample(topic_ids, 2)
        text = _noisy(rng, rng.choice(topics)[1] + " " + rng.choice(topics)[1].split()[0])
        score = round(rng.uniform(0.45, 0.6), 3)
    elif outcome == "fallback":
        text = _noisy(rng, rng.choice(GAPS)) if rng.random() < 0.7 else _one_off(rng)
        score = round(rng.uniform(0.0, 0.44), 3)
    elif outcome == "command":
        text, score = rng.choice(COMMANDS), None
    else:
        text, score = rng.choice(STICKERS), None
    if channel == "deeplink" and payload is None:
        channel = "private"
    text_outcome = outcome in ("answer", "suggest", "fallback", "smalltalk")
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex, "created_at": created, "user_key": user,
        "chat_type": {"group": "supergroup", "inline": "inline"}.get(channel, "private"),
        "channel": channel, "payload": payload, "question": text,
        "normalized": _fold(text) if text_outcome and payload is None else None,
        "outcome": outcome, "entry_id": entry_id, "score": score,
        "margin": round(rng.uniform(0, 0.3), 3) if score is not None else None,
        "suggestions": json.dumps(suggestions),
        "latency_ms": max(1, int(rng.lognormvariate(2.6, 0.6))),
    }


def _presses(rng: random.Random, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The buttons a citizen might press under this reply."""
    def event(kind: str, value: str | None, after_s: int) -> dict[str, Any]:
        return {"id": uuid.UUID(int=rng.getrandbits(128)).hex, "user_key": row["user_key"],
                "created_at": row["created_at"] + timedelta(seconds=after_s),
                "query_id": row["id"], "kind": kind, "value": value}

    draw = rng.random()
    if row["outcome"] == "answer" and row["channel"] != "group" and draw < 0.18:
        yield event("feedback", "up" if rng.random() < 0.78 else "down", rng.randrange(5, 90))
    elif row["outcome"] == "answer" and draw < 0.25:
        yield event("related", rng.choice(("program.tujuan", "pilar.daftar")), 20)
    elif row["outcome"] == "suggest" and draw < 0.45:
        picked = rng.choice(json.loads(row["suggestions"]))
        yield event("suggestion", picked, rng.randrange(3, 40))
        if rng.random() < 0.25:
            yield event("feedback", "up" if rng.random() < 0.6 else "down", 60)
    elif row["outcome"] == "command" and draw < 0.3:
        yield event("menu", rng.choice(("bantuan", "daerah")), 10)


def _noisy(rng: random.Random, text: str) -> str:
    """A citizen's spelling of a question: typos, particles, word order, case, punctuation."""
    words = text.lower().rstrip("?").split()
    if len(words) > 2 and rng.random() < 0.2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        i = rng.randrange(len(words))
        words[i] = _typo(rng, words[i])
    if rng.random() < 0.3:
        words.append(rng.choice(PARTICLES))
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.capitalize()
    return text + ("?" if rng.random() < 0.4 else "")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def _one_off(rng: random.Random) -> str:
    """A question nobody else asks: the long tail of the unanswered."""
    return " ".join(rng.sample(TAIL_WORDS, rng.randrange(3, 7)))


def _fold(text: str) -> str:
    """A stand-in for the matcher's normalised text: lower case, letters and digits only."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    engine = create_engine(args.database_url)
    done = seed(engine, args.rows, seed_value=args.seed)
    engine.dispose()
    print(f"{done.questions} questions, {done.events} presses in {done.seconds:.1f} s")


if __name__ == "__main__":
    main()
