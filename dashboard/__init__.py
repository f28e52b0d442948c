"""The staff dashboard (issue 8): the question log as pages, charts, JSON and CSV.

aiohttp + Jinja2, Indonesian, behind staff logins. It reads the log through the pure report
functions of `bot.reports` and the accounts of `bot.staff`; it never imports Telegram, the
handlers or the simulator. `dashboard.server.serving` starts it (from `smartcity-bot dashboard`
or beside the bot in `smartcity-bot run`).
"""
