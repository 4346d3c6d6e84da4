import pytest

from db import open_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.slow)])
def any_database(request, tmp_path):
    """The application database on SQLite (fast) and on a real PostgreSQL (slow)."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    database = open_database(url, tmp_path / "data")
    yield database
    database.dispose()
