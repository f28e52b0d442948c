"""The smartcity-bot command as admins and our checks use it (run as a real subprocess)."""

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=60,
                          check=False)


def test_ask_prints_a_readable_answer() -> None:
    result = run("ask", "apa itu smart city")
    assert result.returncode == 0
    assert result.stdout.startswith("[answer] program.apa-itu")
    assert "<b>" not in result.stdout


def test_ask_json() -> None:
    data = json.loads(run("ask", "kab siak ikut sc gak?", "--json").stdout)
    assert data["outcome"] == "answer" and data["entry_id"] == "daerah.kabupaten-siak"
    assert "2017" in data["answer"]


def test_ask_jsonl_from_stdin_keeps_one_line_per_question() -> None:
    questions = ["halo", "", "bandung ikut smart city?", "resep rendang", "x" * 4096]
    result = run("ask", "--jsonl", "-", stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == questions
    assert [line["outcome"] for line in lines] == [
        "smalltalk", "fallback", "suggest", "fallback", "fallback"]
    assert {"entry_id", "score", "answer", "suggestions"} <= set(lines[0])
    assert {s["entry_id"] for s in lines[2]["suggestions"]} == {
        "daerah.kota-bandung", "daerah.kabupaten-bandung"}


@pytest.mark.parametrize(("path", "right", "wrong", "declined"), [
    ("knowledge/eval/regresi.jsonl", 90, 3, 95), ("tests/data/uji.jsonl", 90, 3, 95),
    # the tuning sets of other writers, at the service's targets (issue 10); uji-4 was the
    # first held-out set, measured once before it became tuning data
    ("tests/data/uji-2.jsonl", 95, 1, 98), ("tests/data/uji-3.jsonl", 95, 1, 98),
    ("tests/data/uji-4.jsonl", 95, 1, 98),
    # uji-5, the second held-out set, at the bar the fourth round of matching reached
    ("tests/data/uji-5.jsonl", 97, 0.5, 99),
    # the third held-out set and two tuning sets of long, informal and regional messages,
    # written for the fifth and sixth rounds, at the service's targets
    ("tests/data/heldout-final.jsonl", 95, 1, 98), ("tests/data/uji-6.jsonl", 95, 1, 98),
    ("tests/data/uji-7.jsonl", 95, 1, 98), ("tests/data/uji-8.jsonl", 95, 1, 98),
    # uji-9: off-topic questions written to share the programme's words
    ("tests/data/uji-9.jsonl", 95, 1, 98),
    # the fourth held-out set, measured once at the end of the sixth round (README)
    ("tests/data/heldout-final-2.jsonl", 95, 1, 98),
])
def test_eval_sets_meet_the_bar(path: str, right: float, wrong: float, declined: float) -> None:
    result = run("eval", path, "--json")
    data = json.loads(result.stdout)
    assert data["in_scope_pct"] >= right
    assert data["wrong_pct"] <= wrong
    assert data["out_scope_pct"] >= declined


def test_knowledge_check_ok() -> None:
    result = run("knowledge", "check")
    assert result.returncode == 0 and result.stdout.startswith("OK:")


def test_knowledge_check_reports_file_line_and_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    path = target / "program.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: program.tujuan",
                                                             "  - id program.tujuan", 1),
                    encoding="utf-8")
    result = run("knowledge", "check", str(target))
    assert result.returncode == 1
    assert "program.yaml:" in result.stderr
    assert "tetap memakai versi valid terakhir" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert run("ask").returncode == 2


@pytest.mark.parametrize("path", ["nope.jsonl"])
def test_eval_missing_file(path: str) -> None:
    result = run("eval", path)
    assert result.returncode == 2 and "Cannot read" in result.stderr


@pytest.fixture
def logger_levels() -> Iterator[None]:
    """Restore the levels `cli.main` sets on library loggers (it runs in this process)."""
    names = ("telegram", "httpx")
    saved = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("logger_levels")
def test_debug_logging_keeps_the_token_bearing_library_logs_out(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    # In-process: basicConfig leaves pytest's root handlers alone, so set the root level the
    # way it would, then check what main() does to the library loggers.
    caplog.set_level(logging.DEBUG)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    assert cli.main(["--knowledge", str(ROOT / "knowledge"), "knowledge", "check"]) == 0
    assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("telegram").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("telegram.ext").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
