"""`smartcity-bot report [unanswered]`: the reports printed for staff, read only."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from botkit import make_settings
from reportkit import NOW, asked, press, store

from bot.config import Settings
from bot.storage import create_engine, current_version, migrate
from cli import build_parser, main
from cli.report import run_report


def fill(settings: Settings) -> None:
    engine = create_engine(settings.database_url.get_secret_value())
    migrate(engine)
    answered = asked("apa itu smart city", "answer", entry_id="program.apa-itu",
                     created_at=NOW - timedelta(hours=1))
    store(engine, [answered, press(answered, "feedback", "up"),
                   asked("kapan bus listrik beroperasi", user="b", created_at=NOW),
                   asked("bus listrik kapan beroperasi?", user="c", created_at=NOW,
                         normalized="bus listrik kapan beroperasi"),
                   asked("resep rendang", created_at=NOW - timedelta(days=40))])
    engine.dispose()


def report(settings: Settings, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run_report(settings, build_parser().parse_args(["report", *argv]), out=out,
                      now=NOW)
    return code, out.getvalue()


def test_the_summary_as_indonesian_text(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    fill(settings)
    code, text = report(settings, "--since", "7d")
    assert code == 0
    assert text.startswith("Laporan log pertanyaan: 2026-03-04 s.d. sekarang (WIB)\n")
    assert "Pertanyaan: 3 dari 3 warga" in text
    assert "Umpan balik: 1 👍, 0 👎" in text
    assert "program.apa-itu" in text
    assert "2 pertanyaan dari 2 warga" in text  # the bus cluster
    assert "resep rendang" not in text  # 40 days ago
    assert "resep rendang" in report(settings)[1]


def test_json_and_csv_exports(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    fill(settings)
    data = json.loads(report(settings, "--from", "2026-03-01", "--to", "2026-03-10",
                             "--format", "json")[1])
    assert data["filter"] == {"from": "2026-03-01", "to": "2026-03-10"}
    assert data["overview"]["total_questions"] == 3
    assert data["unanswered_clusters"]["rows"][0]["size"] == 2
    rows = list(csv.reader(io.StringIO(report(settings, "--format", "csv")[1])))
    assert rows[0] == ["[overview]"] and rows[1] == ["figure", "value"]
    assert ["total_questions", "4"] in rows


def test_unanswered_clusters_with_snippets(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    fill(settings)
    code, text = report(settings, "unanswered", "--since", "30d")
    assert code == 0
    assert "Kelompok pertanyaan belum terjawab: 1 kelompok dari 2 pertanyaan" in text
    assert '"kapan bus listrik beroperasi"' in text
    assert "- kapan bus listrik beroperasi" in text  # the YAML snippet
    data = json.loads(report(settings, "unanswered", "--json")[1])
    assert [c["size"] for c in data["rows"]] == [2, 1]
    rows = list(csv.reader(io.StringIO(report(settings, "unanswered", "--format", "csv")[1])))
    assert rows[0][:3] == ["key", "size", "citizens"] and len(rows) == 3


def test_a_database_without_the_log_is_not_migrated(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path)
    code, text = report(settings)
    assert (code, text) == (1, "")
    assert "belum berisi log pertanyaan" in capsys.readouterr().err
    engine = create_engine(settings.database_url.get_secret_value())
    assert current_version(engine) == 0  # the reader created nothing
    engine.dispose()


def test_bad_dates_are_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(make_settings(tmp_path), "--from", "2026-13-01")[0] == 2
    assert "Tanggal 'from' tidak valid" in capsys.readouterr().err


def test_an_unreachable_database_is_exit_code_1(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path, database_url="postgresql://postgres:pw@127.0.0.1:1/x")
    assert report(settings)[0] == 1
    err = capsys.readouterr().err
    assert "tidak dapat dibaca" in err and "pw" not in err


def test_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path)
    fill(settings)
    monkeypatch.setenv("DATABASE_URL", settings.database_url.get_secret_value())
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main(["--knowledge", str(settings.knowledge_dir), "report", "unanswered",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_questions"] == 3
