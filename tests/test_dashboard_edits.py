"""Editors turn unanswered clusters into knowledge on the dashboard; viewers cannot.

The dashboard serves a copy of the knowledge in tmp (loaded by `serving` itself, as
`smartcity-bot dashboard` does), on SQLite and PostgreSQL. Every POST needs its CSRF token.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from botkit import make_settings
from dashboardkit import FAST_HASHER, T0, Browser, Clock, add_account
from reportkit import asked, store

from bot.callback_data import FOREIGN_VALUE
from bot.config import Settings
from bot.staff import AuditAction, Role, recent_audit
from dashboard.roles import NOT_AN_EDITOR
from dashboard.security import BAD_FORM
from dashboard.server import RunningDashboard, serving

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
GAP = ("kecamatan boleh ikut sc?", "kecamatan boleh ikut sc ga")


@pytest.fixture
def edit_settings(tmp_path: Path, database_url: str) -> Settings:
    shutil.copytree(ROOT, tmp_path / "knowledge")
    return make_settings(tmp_path, database_url=database_url,
                         knowledge_dir=tmp_path / "knowledge", knowledge_reload_seconds=0)


@pytest.fixture
async def served(edit_settings: Settings, dashboard_clock: Clock
                 ) -> AsyncIterator[RunningDashboard]:
    add_account(edit_settings, "budi")
    add_account(edit_settings, "siti", Role.EDITOR)
    async with serving(edit_settings, port=0, clock=dashboard_clock,
                       hasher=FAST_HASHER) as running:
        store(running.dashboard.engine, [
            asked(text, "fallback", user=user, created_at=T0 - timedelta(hours=hours))
            for text, user, hours in ((GAP[0], "c", 3), (GAP[1], "d", 2), (GAP[0], "e", 1))])
        yield running


async def client(running: RunningDashboard, name: str) -> tuple[aiohttp.ClientSession, Browser]:
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    browser = Browser(running.url, session)
    assert (await browser.login(name)).status == 303
    return session, browser


@pytest.fixture
async def editor(served: RunningDashboard) -> AsyncIterator[Browser]:
    session, browser = await client(served, "siti")
    async with session:
        yield browser


@pytest.fixture
async def viewer(served: RunningDashboard) -> AsyncIterator[Browser]:
    session, browser = await client(served, "budi")
    async with session:
        yield browser


async def cluster_key(browser: Browser) -> str:
    response = await browser.get("/klaster.json")
    key: str = (await response.json())["rows"][0]["key"]
    return key


def program(settings: Settings) -> bytes:
    return (settings.knowledge_dir / "program.yaml").read_bytes()


def answered(running: RunningDashboard, question: str) -> str | None:
    result = running.dashboard.matcher().match(question)
    return result.entry_id if result.outcome == "answer" else None


async def test_viewers_see_no_edit_controls_and_are_refused(
        served: RunningDashboard, viewer: Browser, edit_settings: Settings) -> None:
    key = await cluster_key(viewer)
    before = program(edit_settings)
    clusters = await (await viewer.get("/klaster")).text()
    assert f'href="/klaster/{key}' not in clusters  # no "Jadikan pengetahuan" button
    page = await (await viewer.get(f"/klaster/{key}")).text()
    assert 'action="/klaster/' not in page and "Hanya staf dengan peran editor" in page
    refused = await viewer.post(f"/klaster/{key}/contoh",
                                {"entry_id": "program.cara-bergabung", "q0": GAP[0],
                                 "pilih": "0"}, token_from="/klaster")
    assert refused.status == 403 and await refused.text() == NOT_AN_EDITOR
    assert (await viewer.post("/suntingan/" + "a" * 32 + "/urungkan", {},
                              token_from="/klaster")).status == 403
    history = await (await viewer.get("/suntingan")).text()
    assert "Urungkan" not in history
    assert program(edit_settings) == before


async def test_a_post_without_the_csrf_token_changes_nothing(
        served: RunningDashboard, editor: Browser, edit_settings: Settings) -> None:
    key = await cluster_key(editor)
    before = program(edit_settings)
    response = await editor.post(f"/klaster/{key}/contoh",
                                 {"entry_id": "program.cara-bergabung", "q0": GAP[0],
                                  "pilih": "0"}, token_from=None)
    assert response.status == 403 and await response.text() == BAD_FORM
    assert program(edit_settings) == before


async def test_an_editor_adds_the_cluster_to_the_nearest_entry_and_can_undo(
        served: RunningDashboard, editor: Browser, edit_settings: Settings,
        dashboard_clock: Clock) -> None:
    key = await cluster_key(editor)
    original = program(edit_settings)
    assert f'href="/klaster/{key}?since=30d">Jadikan pengetahuan</a>' in \
        await (await editor.get("/klaster")).text()
    page = await (await editor.get(f"/klaster/{key}")).text()
    assert '<option value="program.cara-bergabung" selected>' in page
    assert f'name="q0" value="{GAP[0]}"' in page and 'value="0" id="pilih-0" checked' in page
    assert answered(served, GAP[0]) is None

    response = await editor.post(f"/klaster/{key}/contoh",
                                 {"entry_id": "program.cara-bergabung", "q0": GAP[0],
                                  "pilih": "0", "q1": "", "q2": ""}, token_from=f"/klaster/{key}")
    assert response.status == 303
    assert response.headers["Location"].startswith("/suntingan?baru=")
    assert answered(served, GAP[0]) == "program.cara-bergabung"  # live at once
    history = await (await editor.get(response.headers["Location"])).text()
    assert "Suntingan tersimpan di <code>program.yaml</code>" in history
    assert f'<span class="add">+      - {GAP[0]}</span>' in history
    clusters = await (await editor.get("/klaster")).text()
    assert "Sudah disunting oleh <strong>siti</strong>" in clusters
    [audit] = recent_audit(served.dashboard.engine, action=AuditAction.KNOWLEDGE_EDIT)
    assert audit.staff_name == "siti" and "add_examples program.yaml" in (audit.detail or "")

    edit_id = response.headers["Location"].rsplit("=", 1)[1]
    dashboard_clock.advance(minutes=1)
    undone = await editor.post(f"/suntingan/{edit_id}/urungkan", {}, token_from="/suntingan")
    assert undone.status == 303
    assert program(edit_settings) == original
    assert answered(served, GAP[0]) is None
    history = await (await editor.get(undone.headers["Location"])).text()
    assert "kembali persis seperti sebelumnya" in history
    assert "Diurungkan oleh <strong>siti</strong>" in history
    again = await editor.post(f"/suntingan/{edit_id}/urungkan", {}, token_from="/suntingan")
    assert again.status == 409 and "sudah diurungkan oleh siti" in await again.text()


async def test_undo_is_refused_after_the_file_changed(
        served: RunningDashboard, editor: Browser, edit_settings: Settings) -> None:
    key = await cluster_key(editor)
    response = await editor.post(f"/klaster/{key}/contoh",
                                 {"entry_id": "program.cara-bergabung", "q0": GAP[0],
                                  "pilih": "0"}, token_from="/klaster")
    path = edit_settings.knowledge_dir / "program.yaml"
    path.write_bytes(path.read_bytes() + b"# catatan admin\n")
    edit_id = response.headers["Location"].rsplit("=", 1)[1]
    refused = await editor.post(f"/suntingan/{edit_id}/urungkan", {}, token_from="/suntingan")
    text = await refused.text()
    assert refused.status == 409 and "sudah berubah sejak suntingan ini" in text
    assert path.read_bytes().endswith(b"# catatan admin\n")


@pytest.mark.parametrize(("question", "said"), [
    ("apa itu smart city", "sama dengan contoh pertanyaan entri program.apa-itu"),
    ("nama saya Budi Santoso, kecamatan boleh ikut?", "memuat data pribadi"),
])
async def test_refused_examples_are_explained_and_the_form_kept(
        served: RunningDashboard, editor: Browser, edit_settings: Settings, question: str,
        said: str) -> None:
    key = await cluster_key(editor)
    before = program(edit_settings)
    response = await editor.post(f"/klaster/{key}/contoh",
                                 {"entry_id": "program.cara-bergabung", "q0": question,
                                  "pilih": "0"}, token_from="/klaster")
    page = await response.text()
    assert response.status == 400 and said in page
    assert "Suntingan ditolak; berkas pengetahuan tidak diubah." in page
    assert f'name="q0" value="{question}"' in page  # nothing the editor typed is lost
    assert program(edit_settings) == before
    assert recent_audit(served.dashboard.engine, action=AuditAction.KNOWLEDGE_EDIT) == []


def new_entry_form(**changes: str) -> dict[str, str]:
    questions = [f"kecamatan {word} ikut smart city" for word in (
        "boleh", "bisa", "apakah boleh", "mana yang", "kapan", "cara", "syarat", "wajib",
        "di kota", "di kabupaten", "harus", "perlu")]
    form = {"file": "program.yaml", "id": "program.kecamatan", "title": "Kecamatan ikut?",
            "questions": "\r\n".join(questions),
            "answer": "Peserta program adalah <b>kabupaten/kota</b>, bukan kecamatan.",
            "url0": "https://aptika.kominfo.go.id/2019/08/6545/", "dibaca0": "2026-03-01",
            "url1": "", "dibaca1": "", "url2": "", "dibaca2": "",
            "related": "program.cara-bergabung, program.apa-itu"}
    form.update(changes)
    return form


async def test_a_new_entry_goes_live_or_gets_the_checker_message(
        served: RunningDashboard, editor: Browser, edit_settings: Settings) -> None:
    key = await cluster_key(editor)
    before = program(edit_settings)
    refused = await editor.post(f"/klaster/{key}/entri-baru",
                                new_entry_form(related="program.tidak-ada"),
                                token_from="/klaster")
    page = await refused.text()
    assert refused.status == 400
    assert "knowledge/program.yaml:" in page and "&#39;program.tidak-ada&#39; yang tidak ada" \
        in page
    assert 'value="program.tidak-ada"' in page and "kecamatan cara ikut smart city" in page
    assert program(edit_settings) == before

    accepted = await editor.post(f"/klaster/{key}/entri-baru", new_entry_form(),
                                 token_from="/klaster")
    assert accepted.status == 303
    assert answered(served, "kecamatan syarat ikut smart city") == "program.kecamatan"
    entry = served.dashboard.matcher().kb.entries["program.kecamatan"]
    assert entry.updated == "2026-03-02" and entry.related == ("program.cara-bergabung",
                                                               "program.apa-itu")


async def test_a_read_only_dashboard_offers_no_edits(dashboard: RunningDashboard,
                                                     browser: Browser) -> None:
    await browser.login("siti")
    store(dashboard.dashboard.engine, [asked(GAP[0], "fallback", created_at=T0)])
    key = await cluster_key(browser)
    page = await (await browser.get(f"/klaster/{key}")).text()
    assert "penyuntingan tidak tersedia di sini" in page and 'action="/klaster/' not in page
    response = await browser.post(f"/klaster/{key}/contoh", {"entry_id": "program.biaya"},
                                  token_from="/klaster")
    assert response.status == 409


async def test_deep_link_arrivals_per_payload(served: RunningDashboard, viewer: Browser) -> None:
    def arrival(user: str, payload: str, entry: str | None) -> Any:
        return asked(f"/start {payload}", "answer" if entry else "command", user=user,
                     channel="deeplink" if entry else "private", chat_type="private",
                     payload=payload, entry_id=entry, created_at=T0 - timedelta(days=1))

    store(served.dashboard.engine, [arrival("a", "pilar_daftar", "pilar.daftar"),
                                    arrival("a", "pilar_daftar", "pilar.daftar"),
                                    arrival("b", "pilar_daftar", "pilar.daftar"),
                                    arrival("c", FOREIGN_VALUE, None)])
    data = await (await viewer.get("/tautan.json")).json()
    assert [(r["payload"], r["entry_id"], r["arrivals"], r["citizens"]) for r in data["rows"]] \
        == [("pilar_daftar", "pilar.daftar", 3, 2), (FOREIGN_VALUE, None, 1, 1)]
    page = await (await viewer.get("/tautan")).text()
    title = served.dashboard.matcher().kb.entries["pilar.daftar"].title
    assert f">{title}</a>" in page and "poster lama atau tautan salah ketik" in page
    exported = await viewer.get("/tautan.csv?since=7d")
    rows = list(csv.reader(io.StringIO((await exported.text()).lstrip("\ufeff"))))
    assert rows[0][:4] == ["payload", "entry_id", "arrivals", "citizens"]
    assert rows[1][:4] == ["pilar_daftar", "pilar.daftar", "3", "2"]
    exports = recent_audit(served.dashboard.engine, action=AuditAction.EXPORT)
    assert [e.detail for e in exports] == ["tautan-langsung?since=7d"]
