"""ReportFilter: parameters from the dashboard, CLI and admin commands, and back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from reportkit import NOW

from bot.reports import ReportFilter


def test_since_counts_today_as_the_last_wib_day() -> None:
    late = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # already 11 March, 01:30 WIB
    flt = ReportFilter.from_params({"since": "7d"}, now=late)
    assert flt.start == datetime(2026, 3, 4, 17, 0, tzinfo=UTC)  # 5 March 00:00 WIB
    assert flt.end is None
    weeks = ReportFilter.from_params({"since": "2w"}, now=NOW)
    assert weeks.start == datetime(2026, 2, 24, 17, 0, tzinfo=UTC)


def test_dates_are_inclusive_wib_days_and_round_trip() -> None:
    params = {"from": "2026-03-01", "to": "2026-03-10", "outcome": "fallback,suggest",
              "channel": "group", "entry": "program.biaya", "feedback": "down",
              "q": "  bus   listrik "}
    flt = ReportFilter.from_params(params, now=NOW)
    assert flt.start == datetime(2026, 2, 28, 17, 0, tzinfo=UTC)
    assert flt.end == datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
    assert flt.outcomes == {"fallback", "suggest"} and flt.search == "bus listrik"
    assert flt.as_params() == {**params, "q": "bus listrik", "outcome": "fallback,suggest"}
    assert ReportFilter.from_params(flt.as_params(), now=NOW) == flt
    exact = ReportFilter(start=datetime(2026, 3, 1, 3, 15, tzinfo=UTC))
    assert ReportFilter.from_params(exact.as_params(), now=NOW) == exact
    assert ReportFilter.from_params({}, now=NOW) == ReportFilter()


class MultiDict(dict[str, str]):
    """A query string with repeated keys, as aiohttp gives it."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.pairs = pairs

    def getall(self, key: str, default: list[str]) -> list[str]:
        return [v for k, v in self.pairs if k == key] or default


def test_repeated_parameters() -> None:
    flt = ReportFilter.from_params(MultiDict([("outcome", "answer"), ("outcome", "fallback")]),
                                   now=NOW)
    assert flt.outcomes == {"answer", "fallback"}


@pytest.mark.parametrize("params, message", [
    ({"since": "7x"}, "Rentang 'since' tidak dikenal"),
    ({"since": "0d"}, "Rentang 'since' tidak dikenal"),
    ({"since": "7d", "from": "2026-03-01"}, "Pilih salah satu"),
    ({"from": "2026-02-30"}, "Tanggal 'from' tidak valid"),
    ({"from": "2026-03-05", "to": "2026-03-01"}, "harus sebelum"),
    ({"to": "2026-03-01T10:00"}, "zona waktunya"),
    ({"outcome": "answer,jawab"}, "Nilai 'outcome' tidak dikenal: jawab"),
    ({"channel": "email"}, "Nilai 'channel' tidak dikenal"),
    ({"feedback": "meh"}, "Nilai 'feedback' tidak dikenal"),
    ({"q": "x" * 201}, "terlalu panjang"),
])
def test_bad_parameters_get_an_indonesian_message(params: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReportFilter.from_params(params, now=NOW)
