"""Unanswered clusters on a seeded log: who shares a cluster, sizes, nearest entry, snippets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from reportkit import NOW, asked, press, store
from sqlalchemy import Engine

from bot.matcher import Matcher
from bot.reports import ReportFilter, unanswered_clusters
from bot.reports.clusters import clear_cache
from bot.reports.grouping import TextGroups
from bot.reports.snippets import example_questions

DAY = timedelta(days=1)
TODAY = date(2026, 3, 10)

BUS = [asked("kapan bus listrik beroperasi", user="a", created_at=NOW - 3 * DAY),
       asked("Bus listrik kapan beroprasi?", user="b", created_at=NOW - 2 * DAY,
             normalized="bus listrik kapan beroprasi"),
       asked("kapan bus listrik beroperasi?", user="a", created_at=NOW - DAY,
             normalized="kapan bus listrik beroperasi"),
       asked("kapan bus listrik beroperasi", user="c", created_at=NOW)]
COST = [asked("berapa biaya ikut smart city", "suggest", user="d", created_at=NOW - DAY),
        asked("biaya ikut smart city berapa", "answer", user="e", entry_id="program.biaya",
              created_at=NOW - DAY)]
MUSEUM = asked("harga tiket museum", user="f", created_at=NOW - 5 * DAY)
HAPPY = asked("biaya smart city berapa ya", "answer", user="g", entry_id="program.biaya",
              created_at=NOW)  # answered and liked: not a gap


@pytest.fixture
def log(log_engine: Engine) -> Engine:
    clear_cache()
    store(log_engine, [*BUS, *COST, MUSEUM, HAPPY, press(COST[1], "feedback", "down"),
                       press(HAPPY, "feedback", "up")])
    return log_engine


def test_similar_questions_share_a_cluster_largest_first(log: Engine, matcher: Matcher) -> None:
    result = unanswered_clusters(log, ReportFilter(), matcher, today=TODAY)
    assert (result.total_clusters, result.total_questions) == (3, 7)
    bus, cost, museum = result.rows
    assert (bus.size, bus.citizens) == (4, 3)
    assert (bus.first_seen, bus.last_seen) == (BUS[0].created_at, NOW)
    assert bus.examples[0] == "kapan bus listrik beroperasi"  # the most frequent spelling
    # one spelling per citizen and normalised text: the aggregate keeps the first
    assert set(bus.examples) == {"kapan bus listrik beroperasi", "Bus listrik kapan beroprasi?"}
    assert (cost.size, cost.citizens) == (2, 2)  # a suggestion and a 👎-rated answer
    assert museum.size == 1
    assert len({bus.key, cost.key, museum.key}) == 3


def test_nearest_entry_and_snippets(log: Engine, matcher: Matcher) -> None:
    cost, = [c for c in unanswered_clusters(log, ReportFilter(), matcher, today=TODAY).rows
             if c.size == 2]
    assert (cost.nearest_entry_id, cost.kind) == ("program.biaya", "add_examples")
    assert cost.nearest_title == matcher.kb.entries["program.biaya"].title
    assert "program.biaya" in cost.snippet.splitlines()[0]
    assert yaml.safe_load(cost.snippet) == list(cost.questions)
    assert set(cost.questions) == {"berapa biaya ikut smart city", "biaya ikut smart city berapa"}
    museum = unanswered_clusters(log, ReportFilter(), matcher, today=TODAY).rows[-1]
    assert museum.kind == "new_entry"
    skeleton, = yaml.safe_load(museum.snippet)
    assert skeleton["questions"] == ["harga tiket museum"]
    assert skeleton["id"] not in matcher.kb.entries
    assert (skeleton["updated"], skeleton["sources"][0]["read"]) == (TODAY, TODAY)
    assert skeleton["related"][0] in matcher.kb.entries


def test_snippet_questions_skip_known_examples_typos_and_personal_data(
        matcher: Matcher) -> None:
    entry = matcher.kb.entries["program.biaya"]
    counted = [(entry.questions[0], 5), ("berapa biaya ikut smart city", 4),
               ("Berapa biaya ikut smart city?", 3), ("berapa biayya ikut smart city", 1),
               ("biaya ikut smart city berapa", 2), ("biaya smart city hubungi [TELEPON]", 2),
               ("/start", 9)]
    # typos ("biayya": a word few questions use) come last, and only when few remain
    assert example_questions(matcher, counted, entry) == (
        "berapa biaya ikut smart city", "biaya ikut smart city berapa",
        "berapa biayya ikut smart city")
    assert "berapa biayya ikut smart city" not in example_questions(
        matcher, [*counted, ("smart city ikut biaya berapa", 1)], entry)
    assert example_questions(matcher, counted[:4], entry) == (
        "berapa biaya ikut smart city", "berapa biayya ikut smart city")


def test_filters_and_stable_keys(log: Engine, matcher: Matcher) -> None:
    first = unanswered_clusters(log, ReportFilter(), matcher, today=TODAY)
    recent = unanswered_clusters(log, ReportFilter(start=NOW - DAY), matcher, today=TODAY)
    assert {(c.key, c.size) for c in recent.rows} == {(first.rows[0].key, 2),
                                                      (first.rows[1].key, 2)}
    private = unanswered_clusters(log, ReportFilter(channels=frozenset({"group"})), matcher)
    assert private.rows == ()
    clear_cache()  # a fresh process finds the same clusters under the same keys
    assert unanswered_clusters(log, ReportFilter(), matcher, today=TODAY) == first


def test_one_cluster_by_its_key(log: Engine, matcher: Matcher) -> None:
    every = unanswered_clusters(log, ReportFilter(), matcher, today=TODAY)
    museum = every.rows[2]
    found = unanswered_clusters(log, ReportFilter(), matcher, 1, today=TODAY, key=museum.key)
    assert found.rows == (museum,) and found.total_clusters == every.total_clusters
    assert unanswered_clusters(log, ReportFilter(), matcher, key="0" * 12).rows == ()


def test_new_questions_join_the_clusters_as_a_fresh_build_would(log: Engine,
                                                                matcher: Matcher) -> None:
    unanswered_clusters(log, ReportFilter(), matcher)
    later = [asked("kapan bis listrik beroperasi", user="h", created_at=NOW + DAY),
             asked("harga tiket museum kota", user="i", created_at=NOW + DAY)]
    store(log, [*later, press(HAPPY, "feedback", "down", created_at=NOW + DAY)])
    grown = unanswered_clusters(log, ReportFilter(), matcher, today=TODAY)
    assert [c.size for c in grown.rows] == [5, 3, 2]  # cost gained the 👎-rated HAPPY
    clear_cache()
    assert unanswered_clusters(log, ReportFilter(), matcher, today=TODAY) == grown


def test_grouping_ignores_word_order_and_typos_and_keeps_topics_apart() -> None:
    texts = ["kapan bus listrik beroperasi", "harga tiket museum", "bus listrik kapan beroprasi",
             "wifi gratis taman kota", "taman kota wifi gratiss", "kapan bus listrik"]
    groups = TextGroups()
    groups.add_all(texts)
    numbers = [groups.group_of(t) for t in texts]
    assert numbers == [0, 1, 0, 2, 2, 3]
    one_by_one = TextGroups()
    for text in texts:
        one_by_one.add(text)
    assert one_by_one.leaders == groups.leaders
