"""`smartcity-bot dashboard` and `smartcity-bot run` as a person starts them in a terminal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_dashboard_browser import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'log.db'}", SIMULATOR_PORT="0",
               DASHBOARD_PORT=str(free_port()), SPOOL_PATH=str(tmp_path / "spool.jsonl"),
               KNOWLEDGE_DIR=str(ROOT / "knowledge"), KNOWLEDGE_RELOAD_SECONDS="0")
    return env


@contextmanager
def started(command: str, env: dict[str, str], cwd: Path,
            exit_codes: list[int]) -> Iterator[str]:
    """Run the command; yield its first line of output; stop it with SIGTERM afterwards."""
    process = subprocess.Popen([sys.executable, "-m", "cli", command], env=env, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline()  # blocks until the dashboard listens (or exits)
    finally:
        process.send_signal(signal.SIGTERM)
        exit_codes.append(process.wait(timeout=30))


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_dashboard_command_prints_its_address(environment: dict[str, str],
                                                  tmp_path: Path) -> None:
    exit_codes: list[int] = []
    with started("dashboard", environment, tmp_path, exit_codes) as line:
        port = environment["DASHBOARD_PORT"]
        assert line.startswith(f"Dasbor staf: http://127.0.0.1:{port}/"), line
        assert "smartcity-bot staff add" in line
        assert status(f"http://127.0.0.1:{port}/login") == 200
        assert status(f"http://127.0.0.1:{port}/ringkasan.json") == 401
    assert exit_codes == [0]


def test_run_without_a_token_prints_the_dashboard_and_a_one_time_link(
        environment: dict[str, str], tmp_path: Path) -> None:
    exit_codes: list[int] = []
    with started("run", environment, tmp_path, exit_codes) as line:
        port = environment["DASHBOARD_PORT"]
        found = re.fullmatch(rf"Dasbor staf: http://127\.0\.0\.1:{port}/ — masuk sekali pakai "
                             rf"\(tanpa akun\): (http://127\.0\.0\.1:{port}/masuk/\S+)\n", line)
        assert found, line
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(found.group(1), timeout=10) as page:  # follows to the overview
            assert "lokal (editor)" in page.read().decode()
        assert status(found.group(1)) == 403  # used up
    assert exit_codes == [0]
