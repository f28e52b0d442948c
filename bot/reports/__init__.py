"""Reports for staff: pure, read-only query functions over the question log.

The CLI (`smartcity-bot report`), the dashboard and the admin commands all show the same
figures because they call the same functions here; none of them writes to the log.
"""

from bot.reports.summary import EntryStat, RecentQuestion, Summary, Unanswered, summary

__all__ = ["EntryStat", "RecentQuestion", "Summary", "Unanswered", "summary"]
