"""Reports for staff: pure, read-only query functions over the question log.

The CLI (`smartcity-bot report`), the dashboard and the admin commands all show the same
figures because they call the same functions here, each taking a `ReportFilter`; none of them
writes to the log or changes its schema. Every report is a frozen dataclass with `as_dict()`
(JSON) and `table()` (CSV and text, see `export`).
"""

from bot.reports.breakdowns import (
    ChannelRow,
    Channels,
    EntryCount,
    EntryFeedback,
    EntryFeedbackReport,
    Latency,
    PlaceCount,
    Places,
    SuggestionPick,
    SuggestionPicks,
    TopEntries,
    channels,
    feedback_by_entry,
    latency,
    places,
    suggestion_picks,
    top_entries,
)
from bot.reports.clusters import Cluster, Clusters, unanswered_clusters
from bot.reports.deep_links import DeepLinkRow, DeepLinks, deep_links
from bot.reports.export import csv_rows, write_csv
from bot.reports.filters import WIB, ReportFilter
from bot.reports.log import (
    ButtonPresses,
    EntryDetail,
    EntryQuestion,
    LogPage,
    LogRow,
    Press,
    VersionCount,
    button_presses,
    entry_detail,
    question_log,
)
from bot.reports.overview import Overview, overview
from bot.reports.query import Report, SchemaMissing
from bot.reports.series import MixPoint, OutcomeMix, Point, Volume, outcome_mix, volume

__all__ = [
    "WIB", "ButtonPresses", "ChannelRow", "Channels", "Cluster", "Clusters", "DeepLinkRow",
    "DeepLinks", "EntryCount", "EntryDetail", "EntryFeedback", "EntryFeedbackReport",
    "EntryQuestion", "Latency", "LogPage", "LogRow", "MixPoint", "OutcomeMix", "Overview",
    "PlaceCount", "Places", "Point", "Press", "Report", "ReportFilter", "SchemaMissing",
    "SuggestionPick", "SuggestionPicks", "TopEntries", "VersionCount", "Volume",
    "button_presses", "channels", "csv_rows", "deep_links", "entry_detail",
    "feedback_by_entry", "latency", "outcome_mix", "overview", "places", "question_log",
    "suggestion_picks", "top_entries", "unanswered_clusters", "volume", "write_csv",
]
