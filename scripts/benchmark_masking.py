"""Benchmark masking: how many messages per second `mask_personal_data` handles.

Usage: python scripts/benchmark_masking.py [--seconds 2]

Every logged message is masked, so this must stay far below the matcher's cost. Three mixes:
the admins' regression questions (typical questions, mostly without personal data), the
personal-data corpus of the tests (every message has some), and a realistic mix of nine
questions to one message with personal data. Prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluate import read_items  # noqa: E402
from bot.privacy import mask_personal_data  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "personal_data_corpus.jsonl"


def per_second(texts: list[str], seconds: float) -> float:
    """Mask the texts round and round for about `seconds`; return masks per second."""
    for text in texts:  # warm caches (format-character table, compiled patterns)
        mask_personal_data(text)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            mask_personal_data(text)
        count += len(texts)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per mix")
    args = parser.parse_args()
    questions = [item["q"] for item in read_items(ROOT / "knowledge" / "eval" / "regresi.jsonl")]
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    personal = [item["text"] for item in corpus if item["kind"] != "keep"]
    rng = random.Random(7)
    mix = [rng.choice(personal) if rng.random() < 0.1 else rng.choice(questions)
           for _ in range(2000)]
    for name, texts in (("regression questions", questions), ("personal-data corpus", personal),
                        ("mix 90/10", mix)):
        rate = per_second(texts, args.seconds)
        print(f"{name:22} {len(texts):5} texts  {rate:10,.0f} masks/s  "
              f"{1e6 / rate:6.1f} µs/mask")


if __name__ == "__main__":
    main()
