"""`smartcity-bot staff`: accounts made and changed from a terminal or a script."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.staff import authenticate
from bot.storage import create_engine
from cli.staff import run_staff

ROOT = Path(__file__).resolve().parent.parent


def staff(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'log.db'}"
    return subprocess.run([sys.executable, "-m", "cli", "staff", *args], input=stdin,
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60,
                          check=False)


def can_log_in(tmp_path: Path, name: str, password: str) -> bool:
    engine = create_engine(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        return authenticate(engine, name, password) is not None
    finally:
        engine.dispose()


def test_an_admin_manages_accounts_from_a_script(tmp_path: Path) -> None:
    added = staff(tmp_path, "add", "Siti", "--role", "editor", stdin="sandi-panjang-sekali\n")
    assert added.returncode == 0, added.stderr
    assert "siti (editor) dibuat" in added.stdout
    assert "sandi-panjang-sekali" not in added.stdout + added.stderr
    assert can_log_in(tmp_path, "siti", "sandi-panjang-sekali")
    assert staff(tmp_path, "add", "budi", stdin="sandi-budi-1234\n").returncode == 0
    listed = staff(tmp_path, "list").stdout.splitlines()
    assert [line.split()[:2] for line in listed] == [["budi", "viewer"], ["siti", "editor"]]
    assert staff(tmp_path, "password", "siti", stdin="sandi-baru-sekali\n").returncode == 0
    assert not can_log_in(tmp_path, "siti", "sandi-panjang-sekali")
    assert can_log_in(tmp_path, "siti", "sandi-baru-sekali")
    assert staff(tmp_path, "remove", "budi").returncode == 0
    assert [line.split()[0] for line in staff(tmp_path, "list").stdout.splitlines()] == ["siti"]
    audit = staff(tmp_path, "audit").stdout
    assert [line.split()[3] for line in audit.splitlines()] == [
        "staff_added", "staff_added", "password_changed", "staff_removed"]


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("add", "budi"), "", "Tidak ada kata sandi"),
    (("add", "budi"), "pendek\n", "minimal 10"),
    (("add", "budi santoso"), "sandi-panjang-sekali\n", "Nama akun"),
    (("remove", "tidak-ada"), "", "tidak ada"),
    (("password", "tidak-ada"), "sandi-panjang-sekali\n", "tidak ada"),
])
def test_a_refused_command_says_why_and_exits_1(tmp_path: Path, args: tuple[str, ...],
                                                stdin: str, message: str) -> None:
    result = staff(tmp_path, *args, stdin=stdin)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_list_says_how_to_add_an_account(tmp_path: Path) -> None:
    assert "smartcity-bot staff add" in staff(tmp_path, "list").stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_password_is_asked_twice(tmp_path: Path) -> None:
    settings = Settings.load(env={}, env_file=tmp_path / "none",
                             database_url=f"sqlite:///{tmp_path / 'log.db'}")
    args = argparse.Namespace(staff_command="add", name="budi", role="viewer")
    answers = iter(["sandi-panjang-sekali", "sandi-panjang-sekalI"])
    prompts: list[str] = []

    def prompt(text: str) -> str:
        prompts.append(text)
        return next(answers)

    out = io.StringIO()
    assert run_staff(settings, args, stdin=Terminal(), out=out, prompt=prompt) == 1
    assert prompts == ["Kata sandi baru: ", "Ulangi kata sandi: "]
    answers = iter(["sandi-panjang-sekali"] * 2)
    assert run_staff(settings, args, stdin=Terminal(), out=out, prompt=prompt) == 0
    assert can_log_in(tmp_path, "budi", "sandi-panjang-sekali")
