"""The schema every value in the admin files is read through, and the limits the guide states.

The strict YAML reader (`bot.yaml_source`) leaves every value as text; `Fields` reads one
mapping's fields by the type the schema gives them (text, date, true/false, whole number, list,
sources) and records a `Problem` with the field's line, what is wrong and how to fix it, in
Indonesian. The limits below are the ones `knowledge/README.md` states; a test checks that the
guide states these very numbers, so the guide and the checker cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from bot.knowledge_types import Source
from bot.yaml_source import LineDict, LineList, Problem, item_line, key_line, line_of

MAX_TITLE_CHARS = 60  # titles are shown on suggestion buttons
MIN_QUESTIONS = 12  # example questions per entry
MAX_QUESTIONS = 25
MAX_ANSWER_CHARS = 900  # visible characters (tags not counted) of one answer
MIN_RELATED = 1  # related entries shown as buttons under an answer
MAX_RELATED = 4
MIN_SOURCES = 1
MAX_SOURCES = 6  # more than 4 makes the answer's source line long; the guide says so

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
URL_RE = re.compile(r"https?://[^\s/]+\S*")
DATE_FIX = "tulis tanggal yang benar dengan format TTTT-BB-HH, misalnya 2026-11-30"
BOOLEAN_WORDS = {"true": True, "false": False}
SOURCES_FIX = ("setiap sumber ditulis '- url: https://...' dengan 'read: TTTT-BB-HH' (tanggal "
               "dibaca) di bawahnya")


def parse_date(value: str) -> str | None:
    """`value` if it is a real date written YYYY-MM-DD, else None."""
    if not DATE_RE.fullmatch(value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


class Fields:
    """Reads the fields of one mapping by type, recording a Problem for each bad value.

    Args:
        raw: The mapping as loaded (a `LineDict`), or anything else (then every field is
            missing).
        file: The file's display name.
        problems: Where problems go.
        label: Names the thing in messages, e.g. "entri 'program.biaya'".
    """

    def __init__(self, raw: Any, file: str, problems: list[Problem], label: str = "") -> None:
        self.raw: LineDict = raw if isinstance(raw, LineDict) else LineDict()
        self.file = file
        self.problems = problems
        self.label = label
        self.line = line_of(raw)
        self._start = len(problems)

    @property
    def ok(self) -> bool:
        """No problem was recorded since these fields were opened."""
        return len(self.problems) == self._start

    def line_of(self, key: str) -> int:
        """The line of a field (the mapping's line when the field is missing)."""
        return key_line(self.raw, key, self.line)

    def report(self, line: int, message: str, fix: str) -> None:
        """Record one problem, prefixed with the label."""
        prefix = f"{self.label}: " if self.label else ""
        self.problems.append(Problem(self.file, line, prefix + message, fix))

    def unknown(self, allowed: Iterable[str]) -> None:
        """Report fields the schema does not know (a typo loses the value silently)."""
        allowed = tuple(allowed)
        for key in self.raw:
            if key not in allowed:
                self.report(self.line_of(key), f"kolom {key!r} tidak dikenal",
                            f"periksa ejaannya; kolom yang dikenal: {', '.join(allowed)}")

    def text(self, key: str, fix: str, *, max_chars: int | None = None,
             why_max: str = "") -> str | None:
        """A required piece of text (stripped)."""
        value = self.raw.get(key)
        if not isinstance(value, str) or not value.strip():
            what = "kosong" if isinstance(value, str) else \
                "tidak ada" if value is None else "harus berupa teks"
            self.report(self.line_of(key), f"kolom {key!r} {what}", fix)
            return None
        value = value.strip()
        if max_chars is not None and len(value) > max_chars:
            self.report(self.line_of(key), f"kolom {key!r} berisi {len(value)} karakter",
                        f"persingkat menjadi paling banyak {max_chars} karakter{why_max}")
            return None
        return value

    def date(self, key: str, what: str = "tanggal") -> str | None:
        """A real date written YYYY-MM-DD, returned as that text."""
        value = self.raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.report(self.line_of(key), f"kolom {key!r} ({what}) tidak ada atau kosong",
                        DATE_FIX)
            return None
        if parse_date(value.strip()) is None:
            reason = "tanggal itu tidak ada di kalender" if DATE_RE.fullmatch(value.strip()) \
                else "bukan tanggal berformat TTTT-BB-HH"
            self.report(self.line_of(key), f"kolom {key!r} berisi {value.strip()!r}: {reason}",
                        DATE_FIX)
            return None
        return value.strip()

    def boolean(self, key: str, fix: str) -> bool | None:
        """Only true or false (not yes/no, ya/tidak, on/off)."""
        value = self.raw.get(key)
        if isinstance(value, str) and value.strip() in BOOLEAN_WORDS:
            return BOOLEAN_WORDS[value.strip()]
        shown = repr(value.strip()) if isinstance(value, str) else "tidak ada"
        self.report(self.line_of(key), f"kolom {key!r} berisi {shown}; hanya true atau false "
                    "yang dimengerti", fix)
        return None

    def integer(self, key: str, fix: str, *, minimum: int = 0) -> int | None:
        """A whole number written with digits only."""
        value = self.raw.get(key)
        text = value.strip() if isinstance(value, str) else ""
        if not text.isdigit() or int(text) < minimum:
            shown = repr(text) if isinstance(value, str) else "tidak ada"
            self.report(self.line_of(key), f"kolom {key!r} berisi {shown}; harus bilangan bulat"
                        f"{f' paling kecil {minimum}' if minimum else ''}", fix)
            return None
        return int(text)

    def texts(self, key: str, fix: str, *, minimum: int = 0,
              maximum: int | None = None, noun: str = "butir") -> tuple[str, ...] | None:
        """A list of non-empty texts, with a count between `minimum` and `maximum`."""
        value = self.raw.get(key)
        if value is None or value == "":
            value = LineList()
        if not isinstance(value, list):
            self.report(self.line_of(key), f"kolom {key!r} harus berupa daftar", fix)
            return None
        good = True
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.report(item_line(value, index, self.line_of(key)),
                            f"butir ke-{index + 1} kolom {key!r} kosong atau bukan teks", fix)
                good = False
        if len(value) < minimum or (maximum is not None and len(value) > maximum):
            bound = f"{minimum} sampai {maximum}" if maximum is not None else \
                f"paling sedikit {minimum}"
            self.report(self.line_of(key), f"kolom {key!r} berisi {len(value)} {noun}",
                        f"tulis {bound} {noun}; {fix}")
            good = False
        return tuple(item.strip() for item in value) if good else None

    def sources(self, key: str, fix: str, *, minimum: int = MIN_SOURCES,
                maximum: int = MAX_SOURCES) -> tuple[Source, ...] | None:
        """A list of sources, each with `url` (http/https) and `read` (a date)."""
        value = self.raw.get(key)
        if not isinstance(value, list) or not minimum <= len(value) <= maximum:
            count = f"berisi {len(value)} sumber" if isinstance(value, list) else \
                "tidak ada atau bukan daftar"
            self.report(self.line_of(key), f"kolom {key!r} {count}",
                        f"cantumkan {minimum} sampai {maximum} sumber; {fix}")
            return None
        result = []
        for index, item in enumerate(value):
            source = Fields(item, self.file, self.problems, self.label)
            if not isinstance(item, LineDict):
                self.report(item_line(value, index, self.line_of(key)),
                            f"sumber ke-{index + 1} tidak lengkap", fix)
                continue
            source.unknown(("url", "read"))
            url = source.text("url", fix)
            if url is not None and not URL_RE.fullmatch(url):
                source.report(source.line_of("url"), f"alamat sumber {url!r} tidak sah",
                              "tulis alamat lengkap yang diawali https:// atau http://, tanpa "
                              "spasi")
            read = source.date("read", "tanggal sumber dibaca")
            if source.ok and url is not None and read is not None:
                result.append(Source(url=url, read=read))
        return tuple(result) if len(result) == len(value) else None
