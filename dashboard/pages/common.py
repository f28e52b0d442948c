"""What every report page shares: the filter read from the URL, and links that keep it.

The time range and filters live in the query string (`since=30d`, `from`/`to`, `outcome`,
`channel`, `entry`, `feedback`, `q`), so a page can be bookmarked, shared with a colleague and
exported as it is shown. Without a range a page shows the last 30 days; `since=all` shows
everything; dates (`from`, `to`) win over `since`. A bad value keeps the page usable: it
shows the message and the default range.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDict

from bot.reports import ReportFilter
from bot.reports.filters import since_start
from bot.reports.series import Bucket
from dashboard.context import dashboard_of

DEFAULT_SINCE = "30d"
ALL_TIME = "all"
SINCE_CHOICES = (("7d", "7 hari terakhir"), ("30d", "30 hari terakhir"),
                 ("12w", "12 minggu terakhir"), ("52w", "52 minggu terakhir"),
                 (ALL_TIME, "Semua waktu"))
FILTER_KEYS = ("since", "from", "to", "outcome", "channel", "entry", "feedback", "q")
WEEKLY_AFTER_DAYS = 92  # longer ranges are charted per week


@dataclass(frozen=True)
class PageFilter:
    """The filter of a request, what the form shows, and the error if the URL was bad."""

    report: ReportFilter
    form: dict[str, str] = field(default_factory=dict)  # the values as the staff chose them
    error: str | None = None

    def query(self, **overrides: str | int | None) -> str:
        """The query string of this filter (plus overrides), for links and exports."""
        values: dict[str, str] = {k: v for k, v in self.form.items() if v}
        for key, value in overrides.items():
            if value is None or value == "":
                values.pop(key, None)
            else:
                values[key] = str(value)
        return urlencode(values)

    def bucket(self, now: datetime) -> Bucket:
        """"day" for ranges up to three months, "week" for longer ones and for all time."""
        if self.report.start is None:
            return "week"
        end = self.report.end or now
        return "week" if (end - self.report.start).days > WEEKLY_AFTER_DAYS else "day"


def read_filter(request: web.Request, *, entry_id: str | None = None) -> PageFilter:
    """The request's filter; the default range when it names none."""
    now = dashboard_of(request).clock()
    params: MultiDict[str] = MultiDict()
    for key in FILTER_KEYS:
        for value in request.query.getall(key, []):
            if value.strip():
                params.add(key, value.strip())
    if entry_id is not None:
        params["entry"] = entry_id
    if "from" in params or "to" in params:
        params.popall("since", None)  # dates chosen in the form win over the range menu
    elif "since" not in params:
        params["since"] = DEFAULT_SINCE
    form = {key: ",".join(params.getall(key)) for key in FILTER_KEYS if key in params}
    chosen = MultiDict((k, v) for k, v in params.items() if not (k == "since" and v == ALL_TIME))
    try:
        return PageFilter(ReportFilter.from_params(chosen, now=now), form)
    except ValueError as exc:
        fallback = ReportFilter(start=since_start(DEFAULT_SINCE, now))
        return PageFilter(fallback, {"since": DEFAULT_SINCE}, str(exc))


def exports_of(names: Mapping[str, str], flt: PageFilter) -> list[tuple[str, str]]:
    """Links to the CSV exports of a page's reports, with its filter."""
    query = flt.query()
    return [(label, f"/ekspor/{name}.csv" + (f"?{query}" if query else ""))
            for name, label in names.items()]
