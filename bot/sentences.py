"""Sentences and clauses of a message, as a reader would see them.

"Saya staf Diskominfo Kab. Sintang. Bagaimana cara bergabung?" has two sentences, not three:
the dot of an abbreviation ("Kab.", "Kec.", "No.") or of a number ("Society 5.0") ends no
sentence. Pure text functions, so every reader of a long message splits it the same way.
"""

from __future__ import annotations

import re

END_RE = re.compile(r"[.!?;:\n]+")
CLAUSE_SPLIT_RE = re.compile(r"[,;:\n]+")
ABBREVIATIONS = frozenset({"kab", "kec", "kel", "prov", "kep", "no", "dr", "ir", "drs", "jl",
                           "yth", "bpk", "sdr", "st", "h", "hj", "dll", "dsb", "dkk"})


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its end marks ("apa itu?")."""
    sentences: list[str] = []
    start = 0
    for mark in END_RE.finditer(text):
        if mark.group() == "." and _not_an_end(text, mark.start()):
            continue
        sentences.append(text[start:mark.end()])
        start = mark.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def split_clauses(text: str) -> list[str]:
    """The clauses of `text`: its sentences cut at commas, without their end marks."""
    return [c.strip() for s in split_sentences(text)
            for c in CLAUSE_SPLIT_RE.split(s.strip().rstrip(".!?")) if c.strip()]


def _not_an_end(text: str, dot: int) -> bool:
    """Whether the dot at `dot` belongs to an abbreviation ("Kab.") or a number ("5.0")."""
    after = text[dot + 1:dot + 2]
    if after.isdigit() and text[dot - 1:dot].isdigit():
        return True
    words = text[:dot].split()
    return bool(words) and words[-1].lower() in ABBREVIATIONS
