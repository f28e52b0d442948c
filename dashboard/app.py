"""The dashboard's aiohttp application: middlewares, the route table and static files.

`create_app` only wires what `dashboard.server` built; it starts nothing. Routes with a
`{fmt}` suffix answer the page, its JSON twin (`.json`) or its CSV export (`.csv`).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Middleware

from dashboard import login
from dashboard.context import DASHBOARD, Dashboard
from dashboard.pages import (
    cluster_edit,
    clusters,
    deep_links,
    edits,
    entry,
    exports,
    log,
    overview,
)
from dashboard.security import (
    LOOPBACK_HOSTS,
    csrf_guard,
    host_guard,
    require_staff,
    security_headers,
    storage_errors,
)

STATIC_DIR = Path(__file__).resolve().parent / "static"


async def healthz(_request: web.Request) -> web.Response:
    """GET /healthz: the process answers (for monitoring; tells nothing else)."""
    return web.Response(text="ok")


async def home(_request: web.Request) -> web.Response:
    """GET /: the overview."""
    raise web.HTTPSeeOther("/ringkasan")


def routes() -> list[web.RouteDef]:
    """The route table."""
    return [
        web.get("/", home),
        web.get("/healthz", healthz),
        web.get("/login", login.login_form),
        web.post("/login", login.login_submit),
        web.post("/logout", login.logout),
        web.get("/masuk/{token}", login.one_time_login),
        web.get(r"/ringkasan{fmt:(\.json|\.csv)?}", overview.show),
        web.get(r"/klaster{fmt:(\.json|\.csv)?}", clusters.show),
        web.get(r"/klaster/{key:[0-9a-f]{1,64}}", cluster_edit.show),
        web.post(r"/klaster/{key:[0-9a-f]{1,64}}/contoh", cluster_edit.add_examples),
        web.post(r"/klaster/{key:[0-9a-f]{1,64}}/entri-baru", cluster_edit.add_entry),
        web.get(r"/tautan{fmt:(\.json|\.csv)?}", deep_links.show),
        web.get(r"/suntingan{fmt:(\.json)?}", edits.show),
        web.post(r"/suntingan/{id:[0-9a-f]{1,64}}/urungkan", edits.undo),
        web.get(r"/log{fmt:(\.json|\.csv)?}", log.show),
        web.get(r"/log/{id:[0-9a-f]{1,64}}{fmt:(\.json)?}", log.presses),
        web.get(r"/entri/{entry_id:[^{}/]+?}{fmt:(\.json|\.csv)?}", entry.show),
        web.get(r"/ekspor/{name:[a-z-]+}.csv", exports.export),
    ]


def create_app(dashboard: Dashboard, *,
               allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS) -> web.Application:
    """Build the dashboard application.

    Args:
        dashboard: Its services (database, secret, templates, knowledge, clock).
        allowed_hosts: The Host names it answers (when it listens on a loopback address);
            None answers any (behind a reverse proxy that checks them).
    """
    middlewares: list[Middleware] = [security_headers, storage_errors, csrf_guard,
                                     require_staff]
    if allowed_hosts is not None:
        middlewares.insert(0, host_guard(allowed_hosts))
    app = web.Application(middlewares=middlewares)
    app[DASHBOARD] = dashboard
    app.add_routes(routes())
    app.router.add_static("/static", STATIC_DIR)
    return app
