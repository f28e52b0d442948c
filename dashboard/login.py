"""Logging in and out: the /login form, /logout, and the one-time link of the simulator.

A login checks the failed-login limits first (per name and per address), then the password
(argon2id, off the event loop); each outcome is audited. A session cookie is HttpOnly,
SameSite=Lax, Secure over HTTPS, and signed; the session itself lives in the database.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.staff import (
    UNKNOWN_NAME,
    AuditAction,
    Role,
    StaffAccount,
    authenticate,
    close_session,
    find_staff,
    open_session,
    record_audit,
)
from dashboard.context import dashboard_of, staff_of
from dashboard.login_limits import minutes
from dashboard.one_time import LOCAL_NAME, LOCAL_ROLE
from dashboard.render import is_https, page
from dashboard.security import safe_next
from dashboard.tokens import SESSION_COOKIE, sign_session, unsign_session

WRONG = "Nama atau kata sandi salah."
BLOCKED = ("Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi dalam "
           "{minutes} menit.")
LINK_USED = "Tautan masuk ini sudah dipakai atau tidak berlaku. Masuk dengan akun Anda."


def _address(request: web.Request) -> str:
    return request.remote or "-"


async def login_form(request: web.Request) -> web.Response:
    """GET /login: the form."""
    notice = "Anda telah keluar." if "keluar" in request.query else None
    return page(request, "login.html", error=None, notice=notice, name="",
                next=safe_next(request.query.get("next")))


async def login_submit(request: web.Request) -> web.StreamResponse:
    """POST /login: check the limits, then the password; start a session or say why not."""
    dashboard = dashboard_of(request)
    form = await request.post()
    name = str(form.get("name", "")).strip().lower()[:64]
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    now, address = dashboard.clock(), _address(request)
    wait = dashboard.logins.wait(name, address, now)
    account: StaffAccount | None = None
    if wait is None:
        account = await asyncio.to_thread(authenticate, dashboard.engine, name, password,
                                          hasher=dashboard.hasher)
    if account is None:
        if wait is None:
            dashboard.logins.failed(name, address, now)
        known = await asyncio.to_thread(find_staff, dashboard.engine, name)
        await asyncio.to_thread(record_audit, dashboard.engine, name if known else UNKNOWN_NAME,
                                AuditAction.LOGIN_FAILED, address=address, now=now,
                                detail="ditolak: terlalu banyak percobaan" if wait else None)
        error = BLOCKED.format(minutes=minutes(wait)) if wait else WRONG
        return page(request, "login.html", status=429 if wait else 401, error=error,
                    notice=None, name=name, next=target)
    dashboard.logins.succeeded(name)
    return await start_session(request, account.name, account.role, target)


async def start_session(request: web.Request, name: str, role: Role, target: str, *,
                        temporary: bool = False, detail: str | None = None
                        ) -> web.StreamResponse:
    """Open a session, audit the login, set the cookie and go to `target`."""
    dashboard = dashboard_of(request)
    now = dashboard.clock()
    token = await asyncio.to_thread(open_session, dashboard.engine, name, role, now=now,
                                    temporary=temporary)
    await asyncio.to_thread(record_audit, dashboard.engine, name, AuditAction.LOGIN,
                            address=_address(request), detail=detail, now=now)
    response = web.HTTPSeeOther(target)
    response.set_cookie(SESSION_COOKIE, sign_session(dashboard.secret, token), httponly=True,
                        samesite="Lax", path="/", secure=is_https(request),
                        max_age=int(dashboard.limits.absolute.total_seconds()))
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /logout: end the session (the CSRF guard has checked the form)."""
    dashboard = dashboard_of(request)
    staff = staff_of(request)
    token = unsign_session(dashboard.secret, request.cookies.get(SESSION_COOKIE))
    if token is not None:
        await asyncio.to_thread(close_session, dashboard.engine, token)
    await asyncio.to_thread(record_audit, dashboard.engine, staff.staff_name,
                            AuditAction.LOGOUT, address=_address(request), now=dashboard.clock())
    response = web.HTTPSeeOther("/login?keluar=1")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


async def one_time_login(request: web.Request) -> web.StreamResponse:
    """GET /masuk/{token}: the simulator's one-time link starts a temporary local session."""
    if not dashboard_of(request).one_time.redeem(request.match_info["token"]):
        return page(request, "login.html", status=403, error=LINK_USED, notice=None, name="",
                    next="/")
    return await start_session(request, LOCAL_NAME, LOCAL_ROLE, "/", temporary=True,
                               detail="tautan masuk sekali pakai (simulator)")
