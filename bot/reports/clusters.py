"""Unanswered clusters: what citizens keep asking that the knowledge does not answer.

Fallback, suggest and 👎-rated questions are grouped by the similarity of their normalised
(already masked) text (`bot.reports.grouping`). Each cluster says how many questions and
citizens it holds, when it was first and last asked, a few examples, the nearest entry (the
matcher's best candidate, even below its threshold) and a YAML snippet that turns the gap into
a knowledge edit.

Speed: the grouping covers the whole log and is kept per database in memory; each call only
adds the texts that entered the unanswered set since the last call (new questions, new 👎), in
the order they entered it, which gives the same groups as a fresh build. The report itself is
one aggregate query over the filtered rows, mapped onto those groups.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, type_coerce, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import NullType
from sqlmodel import col

from bot.matcher import Matcher
from bot.outcome import Outcome
from bot.reports.filters import ReportFilter, wib_date
from bot.reports.grouping import TextGroups, group_key
from bot.reports.query import Report, Row, rated, reading, where
from bot.reports.snippets import (
    add_examples_snippet,
    example_questions,
    new_entry_snippet,
)
from bot.storage.models import EventKind, EventRow, QuestionRow

UNANSWERED_OUTCOMES = (Outcome.FALLBACK.value, Outcome.SUGGEST.value)
MAX_EXAMPLES = 5
GOOD_NEAREST_SCORE = 0.40  # below this the snippet proposes a new entry instead
ADD_EXAMPLES = "add_examples"
NEW_ENTRY = "new_entry"


@dataclass(frozen=True)
class Cluster(Row):
    """One gap in the knowledge: similar unanswered questions."""

    key: str  # stable: the same leading text always has the same key
    size: int  # questions
    citizens: int  # distinct user keys
    first_seen: datetime
    last_seen: datetime
    examples: tuple[str, ...]  # masked questions as typed, most frequent first
    questions: tuple[str, ...]  # the distinct clean questions in the snippet
    nearest_entry_id: str | None
    nearest_title: str | None
    nearest_score: float | None
    kind: str  # "add_examples" or "new_entry"
    snippet: str  # YAML to paste into the knowledge


@dataclass(frozen=True)
class Clusters(Report):
    """The largest clusters in the filtered log."""

    rows: tuple[Cluster, ...]
    total_clusters: int  # before the limit
    total_questions: int  # unanswered questions in the filter
    knowledge_version: str

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """One row per cluster (examples joined by " | ")."""
        return (["key", "size", "citizens", "first_seen", "last_seen", "examples",
                 "nearest_entry_id", "nearest_score", "kind"],
                [[c.key, c.size, c.citizens, c.first_seen, c.last_seen, " | ".join(c.examples),
                  c.nearest_entry_id, c.nearest_score, c.kind] for c in self.rows])


def unanswered_clusters(engine: Engine, flt: ReportFilter, matcher: Matcher, limit: int = 50,
                        *, today: date | None = None, key: str | None = None) -> Clusters:
    """Group the filtered unanswered questions; largest clusters first.

    Args:
        engine: The query log.
        flt: Which questions count (the time range, channels, ...).
        matcher: The current knowledge, for the nearest entries and snippets.
        limit: How many clusters to return.
        today: The date a new entry skeleton carries (default: today in WIB).
        key: Only the cluster with this key (the dashboard's edit page of one cluster);
            the totals still count every cluster.
    """
    text = _text()
    created = col(QuestionRow.created_at)
    # min/max come back unconverted (text on SQLite): parsing 2 x 25,000 timestamps would
    # cost more than the query; only each cluster's first and last are converted.
    columns = (text, col(QuestionRow.user_key), func.count(col(QuestionRow.id)),
               type_coerce(func.min(created), NullType()),
               type_coerce(func.max(created), NullType()), func.min(col(QuestionRow.question)))
    # Two aggregates instead of one with "OR EXISTS": each can use its index.
    asked = (select(*columns)
             .where(where(flt), col(QuestionRow.outcome).in_(UNANSWERED_OUTCOMES))
             .group_by(text, col(QuestionRow.user_key)))
    disliked = (select(*columns)
                .where(where(flt), col(QuestionRow.outcome).not_in(UNANSWERED_OUTCOMES),
                       col(QuestionRow.id).in_(rated("down")))
                .group_by(text, col(QuestionRow.user_key)))
    with reading(engine, "unanswered questions") as db:
        rows = [*db.execute(asked).all(), *db.execute(disliked).all()]
    groups = _GROUPS.refreshed(engine)
    tallies: dict[int, _Tally] = {}
    for normalized, user, number, first, last, example in rows:
        tally = tallies.setdefault(groups.add(str(normalized)), _Tally())
        tally.count(str(normalized), str(user), int(number), first, last, str(example))
    ranked = sorted(tallies.items(), key=lambda item: (-item[1].size, item[1].first,
                                                       groups.leaders[item[0]]))
    total = len(ranked)
    if key is not None:
        ranked = [item for item in ranked if group_key(groups.leaders[item[0]]) == key]
    day = today or wib_date(datetime.now().astimezone())
    clusters = tuple(_cluster(groups.leaders[number], tally, matcher, day)
                     for number, tally in ranked[:limit])
    return Clusters(clusters, total, sum(t.size for t in tallies.values()),
                    matcher.kb.version)


@dataclass
class _Tally:
    """What one cluster gathers from the aggregate rows."""

    size: int = 0
    users: set[str] = field(default_factory=set)
    first: Any = None  # raw timestamps, compared as they come (ISO text sorts like time)
    last: Any = None
    texts: Counter[str] = field(default_factory=Counter)
    typed: Counter[str] = field(default_factory=Counter)

    def count(self, normalized: str, user: str, number: int, first: Any, last: Any,
              example: str) -> None:
        self.size += number
        self.users.add(user)
        self.first = first if self.first is None else min(self.first, first)
        self.last = last if self.last is None else max(self.last, last)
        self.texts[normalized] += number
        self.typed[example] += number


def _cluster(leader: str, tally: _Tally, matcher: Matcher, today: date) -> Cluster:
    """Describe one cluster: figures, examples, nearest entry, snippet."""
    counted = tuple(sorted(tally.typed.items(), key=lambda item: (-item[1], item[0])))
    central = min(tally.texts.items(), key=lambda item: (-item[1], item[0]))[0]
    cache_key = (matcher.kb.version, today, central, counted[:MAX_TYPED_CONSIDERED])
    with _CACHE_LOCK:
        described = _DESCRIBED.get(cache_key)
    if described is None:
        described = _describe(matcher, central, counted[:MAX_TYPED_CONSIDERED], today)
        with _CACHE_LOCK:
            if len(_DESCRIBED) > MAX_CACHED:
                _DESCRIBED.clear()
            _DESCRIBED[cache_key] = described
    return Cluster(group_key(leader), tally.size, len(tally.users), _utc(tally.first),
                   _utc(tally.last), tuple(text for text, _ in counted[:MAX_EXAMPLES]),
                   *described)


def _describe(matcher: Matcher, central: str, counted: tuple[tuple[str, int], ...],
              today: date) -> tuple[Any, ...]:
    """Questions, nearest entry (id, title, score), kind and snippet of a cluster."""
    found = matcher.candidates(central, 1)
    nearest = found[0] if found else None
    entry = matcher.entry(nearest.entry_id) if nearest else None
    good = entry is not None and nearest is not None and nearest.score >= GOOD_NEAREST_SCORE
    questions = example_questions(matcher, counted, entry if good else None)
    if good and entry is not None:
        snippet, kind = add_examples_snippet(entry, questions), ADD_EXAMPLES
    else:
        snippet = new_entry_snippet(questions, nearest.entry_id if nearest else None, today,
                                    matcher.kb.entries)
        kind = NEW_ENTRY
    return (questions, nearest.entry_id if nearest else None,
            nearest.title if nearest else None,
            round(nearest.score, 4) if nearest else None, kind, snippet)


MAX_TYPED_CONSIDERED = 40  # spellings of a cluster looked at for its snippet
MAX_CACHED = 5000
_DESCRIBED: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_CACHE_LOCK = threading.Lock()


def _utc(value: Any) -> datetime:
    """A raw timestamp (text on SQLite, naive on PostgreSQL) as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _text() -> ColumnElement[str]:
    """The text clustered: the normalised question (the question itself if there is none)."""
    return func.coalesce(col(QuestionRow.normalized), func.lower(col(QuestionRow.question)))


class _GroupCache:
    """The grouping of every unanswered text of each database, kept up to date on demand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, tuple[TextGroups, datetime | None]] = {}

    def refreshed(self, engine: Engine) -> TextGroups:
        """The groups of `engine`'s log, with the texts added since the last call."""
        name = engine.url.render_as_string(hide_password=True)
        with self._lock:
            groups, mark = self._states.get(name) or (TextGroups(), None)
            newer = _entered_since(engine, mark)
            groups.add_all(text for text, _ in newer)
            if newer:
                mark = newer[-1][1]
            self._states[name] = (groups, mark)
            return groups

    def clear(self) -> None:
        """Forget every grouping (tests; after a purge the next call rebuilds)."""
        with self._lock:
            self._states.clear()


def _entered_since(engine: Engine, mark: datetime | None) -> list[tuple[str, datetime]]:
    """Texts that entered the unanswered set after `mark`, in the order they entered.

    A fallback or suggest question enters when it is asked; an answered one when it is rated
    👎. Ordered by that moment, then text, so every build adds texts in the same order.
    """
    text = _text()
    asked: Any = (select(text.label("text"), col(QuestionRow.created_at).label("entered"))
             .where(col(QuestionRow.outcome).in_(UNANSWERED_OUTCOMES)))
    rated: Any = (select(text.label("text"), col(EventRow.created_at).label("entered"))
             .join(EventRow, col(EventRow.query_id) == col(QuestionRow.id))
             .where(col(EventRow.kind) == EventKind.FEEDBACK.value, col(EventRow.value) == "down",
                    col(QuestionRow.outcome).not_in(UNANSWERED_OUTCOMES)))
    if mark is not None:
        # >=: a row stored later with the very same time is still seen (known texts skip)
        asked = asked.where(col(QuestionRow.created_at) >= mark)
        rated = rated.where(col(EventRow.created_at) >= mark)
    both = union_all(asked, rated).subquery()
    entered = func.min(both.c.entered)
    query = (select(both.c.text, entered).group_by(both.c.text)
             .order_by(entered, both.c.text))
    with reading(engine, "unanswered texts") as db:
        return [(str(t), moment) for t, moment in db.execute(query).all()]


_GROUPS = _GroupCache()
clear_cache = _GROUPS.clear
