"""The knowledge base's data types, shared by the topic loader and the region loader.

`bot.knowledge` reads topic entries from YAML and `bot.regions` generates region, province and
cohort entries from CSV; both build the same `Entry` values, so the types live here, apart
from either loader, and neither loader needs the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class EntryKind(StrEnum):
    """Where an entry comes from: written by an admin, or generated from the region data."""

    TOPIC = "topic"  # an admin-written answer in a topic file (program.yaml, pilar.yaml, ...)
    REGION = "region"  # one kabupaten/kota, from knowledge/wilayah/
    PROVINCE = "province"  # the participants of one province
    COHORT = "cohort"  # the participants of one cohort year
    AREA = "area"  # the participants of each area (tourism areas, the new capital)


GENERATED_KINDS = frozenset({EntryKind.REGION, EntryKind.PROVINCE, EntryKind.COHORT,
                             EntryKind.AREA})
SMALLTALK_PREFIX = "smalltalk."


@dataclass(frozen=True)
class Source:
    """Where a fact comes from, and when it was read (YYYY-MM-DD)."""

    url: str
    read: str


@dataclass(frozen=True)
class Filled:
    """An admin's answer with its roster placeholders filled in (`bot.roster_fills`).

    Kept beside the admin's text, never instead of it: editors, the spreadsheet and the
    dashboard write `Entry.answer` back to the file, and a list written back there would stop
    following the roster.
    """

    answer: str
    sources: tuple[Source, ...]  # the roster rows and cohorts the filled-in lines rest on
    updated: str  # the roster's date: the answer changes when the roster does


@dataclass(frozen=True)
class Entry:
    """One answerable topic, with where it was written (for error messages)."""

    id: str
    title: str
    answer: str
    questions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    updated: str = ""
    kind: EntryKind = EntryKind.TOPIC
    file: str = ""
    line: int = 0
    # where each field and each example question is written, for the checker's messages
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    question_lines: tuple[int, ...] = field(default=(), compare=False)
    # what the sources line vouches for: "Sumber daftar peserta" under "not recorded"
    sources_label: str = "Sumber"
    # what citizens read when the answer holds roster placeholders ({peserta_kawasan:IKN})
    filled: Filled | None = field(default=None, compare=False)

    @property
    def shown_answer(self) -> str:
        """The answer as citizens read it (settings placeholders aside)."""
        return self.filled.answer if self.filled else self.answer

    @property
    def cited_sources(self) -> tuple[Source, ...]:
        """The entry's own sources, then those of the roster lines filled into it."""
        extra = self.filled.sources if self.filled else ()
        return tuple(dict.fromkeys((*self.sources, *extra)))

    @property
    def shown_updated(self) -> str:
        """The later of the entry's date and, for a filled answer, the roster's."""
        return max(self.updated, self.filled.updated) if self.filled else self.updated

    def line_of(self, name: str) -> int:
        """The line of one of the entry's fields (the entry's own line if unknown)."""
        return self.field_lines.get(name) or self.line

    @property
    def is_smalltalk(self) -> bool:
        """Greetings, thanks and goodbyes are answered without feedback buttons."""
        return self.id.startswith(SMALLTALK_PREFIX)
