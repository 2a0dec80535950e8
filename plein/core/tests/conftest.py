from collections.abc import Iterator
from pathlib import Path

import pytest

from plein.core.tests.processes import SharedDatabase, postgres_url, shared_database


@pytest.fixture(
    params=[
        pytest.param("sqlite", marks=pytest.mark.own_sqlite),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def shared_db(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[SharedDatabase]:
    """A database that real worker and scheduler processes share, on SQLite and PostgreSQL."""
    if request.param == "postgres" and postgres_url() is None:
        pytest.skip("PostgreSQL: run with DATABASE_URL=postgres://…")
    with shared_database(request.param, tmp_path) as database:
        yield database
