"""Benchmark the matcher: load+index time, p50/p99 latency of one `ask`, peak memory.

Usage: python scripts/benchmark.py [--examples 20000] [--repeat 5]

Runs on the shipped knowledge base and on a synthetic one with N extra example questions
(added as generated entries beside the real ones), using the admin regression questions.
Prints figures; it asserts nothing (targets: p99 <= 2 ms shipped, <= 10 ms with 20,000
examples, load+index < 1 s).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluate import read_items  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402


def questions() -> list[str]:
    """The admins' regression questions: a realistic mix of answers, choices and fallbacks."""
    return [item["q"] for item in read_items(ROOT / "knowledge" / "eval" / "regresi.jsonl")]


def measure(root: Path, qs: list[str], repeat: int) -> dict[str, float]:
    start = time.perf_counter()
    matcher = Matcher(load_knowledge(root))
    load_s = time.perf_counter() - start
    for q in qs:  # warm the typo cache as a running bot would be
        matcher.match(q)
    samples = []
    for _ in range(repeat):
        for q in qs:
            t0 = time.perf_counter()
            matcher.match(q)
            samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {"load_index_s": load_s, "p50_ms": statistics.median(samples),
            "p99_ms": samples[int(len(samples) * 0.99) - 1], "max_ms": samples[-1],
            "n": len(samples), "entries": len(matcher.kb.entries)}


def synthetic(root: Path, examples: int) -> Path:
    """Copy the knowledge base and add entries holding `examples` generated questions."""
    target = Path(tempfile.mkdtemp(prefix="bench-kb-")) / "knowledge"
    shutil.copytree(root, target)
    rng = random.Random(7)
    words = sorted({w for line in questions() for w in line.lower().split() if w.isalpha()})
    words += [f"istilah{i}" for i in range(3000)]
    per_entry = 12  # the fewest example questions an entry may have
    lines = ["entries:"]
    seen: set[str] = set()
    for number in range(examples // per_entry):
        lines += [f"  - id: sintetis.e{number}", f"    title: Entri sintetis {number}",
                  "    questions:"]
        count = 0
        while count < per_entry:
            q = " ".join(rng.sample(words, rng.randint(3, 7))) + f" istilah{number}"
            if q not in seen:
                seen.add(q)
                lines.append(f"      - {q}")
                count += 1
        lines += ["    answer: Jawaban sintetis.", "    related: [program.apa-itu]",
                  "    sources:",
                  "      - url: https://example.org/", "        read: 2026-11-27",
                  "    updated: 2026-11-27"]
    (target / "sintetis.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    qs = questions()
    rows = [("shipped knowledge", measure(ROOT / "knowledge", qs, args.repeat))]
    big = synthetic(ROOT / "knowledge", args.examples)
    try:
        rows.append((f"+{args.examples:,} synthetic examples", measure(big, qs, args.repeat)))
    finally:
        shutil.rmtree(big.parent, ignore_errors=True)
    print(f"{'knowledge base':<30} {'entries':>8} {'load+index':>11} {'p50':>9} {'p99':>9} "
          f"{'max':>9}")
    for name, r in rows:
        print(f"{name:<30} {r['entries']:>8} {r['load_index_s']:>10.3f}s "
              f"{r['p50_ms']:>7.3f}ms {r['p99_ms']:>7.3f}ms {r['max_ms']:>7.2f}ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"questions per run: {rows[0][1]['n']}; peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
