"""Shared pytest fixtures.

PostgreSQL: each test session (each xdist worker) creates its own database
`smartcity_test_<random>` on the server named by SMARTCITY_TEST_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test) and drops it at the end; `postgres_url` gives each
test a fresh, empty schema in it. Tests using it are marked `postgres`. When the server cannot
be reached they are skipped, except with CI=true, where they fail: CI must run them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import parse_url

# End-to-end bot fixtures (settings, matcher, query log outage, the running bot): tests/botkit.py.
# The local Bot API server (api, http, chat and the call/sim helpers): tests/simulatorkit.py.
# The query log (database_url on SQLite and PostgreSQL, engine, spool_path): tests/storagekit.py.
# Report tests (a migrated log filled with known records, at a fixed time): tests/reportkit.py.
# Silent outages (a black-holing proxy, a locked SQLite file): tests/netkit.py.
pytest_plugins = ("storagekit", "botkit", "simulatorkit", "reportkit", "netkit", "dashboardkit")

POSTGRES_ADMIN_URL = os.environ.get(
    "SMARTCITY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def _running_in_ci() -> bool:
    """CI sets CI=true; there PostgreSQL tests are mandatory."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _autocommit_engine(url: URL) -> sqlalchemy.Engine:
    """An engine for CREATE/DROP DATABASE, which cannot run inside a transaction."""
    return sqlalchemy.create_engine(
        url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """Create a database for this test session and drop it afterwards."""
    admin_url = parse_url(POSTGRES_ADMIN_URL)
    shown = admin_url.render_as_string(hide_password=True)
    admin = _autocommit_engine(admin_url)
    name = f"smartcity_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except SQLAlchemyError as exc:
        admin.dispose()
        cause = getattr(exc, "orig", None) or exc
        detail = " ".join(str(cause).split())
        reason = f"PostgreSQL at {shown} is unreachable ({type(cause).__name__}: {detail})"
        if _running_in_ci():
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(reason)
    try:
        yield admin_url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_database: URL) -> Iterator[str]:
    """A database URL whose connections see only a fresh schema of their own."""
    schema = f"test_{secrets.token_hex(6)}"
    admin = _autocommit_engine(postgres_database)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = postgres_database.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
