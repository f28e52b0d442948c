"""Formal spellings of colloquial (Jakarta-style) verb forms, for the normaliser.

Chat Indonesian nasalises a verb without the formal "me-" ("nyelenggarain", "ngelola",
"nanya"), ends it with "-in" instead of "-kan" or "-i" ("siapin", "diajuin") and makes an
accidental passive with "ke-" where the formal language has "ter-" ("kepilih", "kedaftar"),
and says "e" for the "a" of a last syllable ("bosen", "deket", "seneng").
No stemmer knows these forms; spelt formally, the stemmer finds their root and the normaliser
the form of that root the knowledge base uses ("menyelenggarakan", "terpilih"). Pure string
rules: which candidate is a real word is decided by the caller.
"""

from __future__ import annotations

VOWELS = frozenset("aeiou")
MIN_ROOT = 3  # letters left after taking an affix off ("ngurus" -> "urus")
# colloquial suffix -> formal ones, most likely first ("siapin" -> "siapkan")
SUFFIXES = (("innya", ("kannya", "inya")), ("in", ("kan", "i")))


def formal_spellings(token: str) -> tuple[str, ...]:
    """Formal spellings a colloquial verb may stand for, most likely first.

    "nyelenggarain" -> "menyelenggarakan", "ngelola" -> "mengelola", "ngasilin" ->
    "menghasilkan" (among others), "siapin" -> "siapkan", "nanya" -> "tanya".
    """
    bodies = [token]
    for suffix, formals in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) > MIN_ROOT:
            bodies.extend(token[:-len(suffix)] + f for f in formals)
            break
    found: list[str] = []
    for body in bodies:
        found.extend(_formal_prefixes(body))
        if body != token:
            found.append(body)  # "siapkan", "diajukan"
    return tuple(dict.fromkeys(f for f in found if f != token))


def _formal_prefixes(body: str) -> list[str]:
    """The formal verbs a nasalised colloquial verb stands for ("ngurus" -> "mengurus")."""
    if len(body) < MIN_ROOT + 2:
        return []
    head, rest = body[:2], body[2:]
    if head == "ny" and rest[0] in VOWELS:  # "nyusun" -> "menyusun" (root "susun")
        return ["meny" + rest]
    if head == "ng" and rest[0] in VOWELS:  # "ngelola" -> "mengelola", "ngasilin" -> "hasil"
        roots = [body[3:]] if rest[0] == "e" and body[3] not in VOWELS else []  # "ngecek"
        return ["meng" + rest, "mengh" + rest, *roots]
    if body[0] == "n" and body[1] in VOWELS:  # "nanya" -> "tanya"
        return ["t" + body[1:]]
    if body[0] == "m" and body[1] in VOWELS:  # "makai" -> "pakai"
        return ["p" + body[1:]]
    return []


def formal_passive(token: str) -> str | None:
    """The "ter-" form of a colloquial "ke-" passive ("kepilih" -> "terpilih")."""
    if token.startswith("ke") and len(token) >= MIN_ROOT + 2 and token[2] not in VOWELS:
        return "ter" + token[2:]
    return None


def formal_vowel(token: str) -> str | None:
    """The formal spelling of a word whose last syllable says "e" for "a" ("bosen" -> "bosan").

    Only a candidate: "dosen" -> "dosan" is no word, which the caller checks.
    """
    last = token.rfind("e")
    if last < 1 or len(token) < MIN_ROOT + 2 or any(c in VOWELS for c in token[last + 1:]) \
            or token[last - 1] in VOWELS:
        return None
    return f"{token[:last]}a{token[last + 1:]}"
