"""The schema is made and migrated by Alembic when careerbot opens the database."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from db import DatabaseError, open_database
from db.migrate import current_revision, head_revision
from db.schema import metadata


def test_a_new_database_gets_the_current_schema(any_database):
    assert current_revision(any_database.engine) == head_revision()
    tables = set(inspect(any_database.engine).get_table_names())
    assert {"documents", "feedback", "refused", "ingest_lock"} <= tables


def test_the_schema_module_matches_the_migrations(any_database):
    """db/schema.py and db/migrations describe the same tables: no change without a migration."""
    with any_database.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_opening_again_keeps_the_database_and_its_id(tmp_path):
    first = open_database(None, tmp_path)
    again = open_database(None, tmp_path)
    assert first.id == again.id and len(first.id) == 32


def test_a_database_migrated_by_a_newer_careerbot_is_refused(tmp_path):
    database = open_database(None, tmp_path)
    with database.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseError, match="migrated by a newer careerbot.*9999_future"):
        open_database(None, tmp_path)


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://u@h/db", "Unsupported database 'mysql'"),
        ("not a url", "must look like postgresql://"),
        ("sqlite://", "in-memory SQLite"),
    ],
)
def test_a_bad_database_url_is_a_one_line_error(tmp_path, url, message):
    with pytest.raises(DatabaseError, match=message):
        open_database(url, tmp_path)


def test_an_unreachable_server_is_a_message_without_the_password(tmp_path):
    from tests.chroma_server import free_port

    url = f"postgresql://careerbot:s3cret@127.0.0.1:{free_port()}/careerbot"
    with pytest.raises(DatabaseError, match="is not answering") as err:
        open_database(url, tmp_path)
    assert "s3cret" not in str(err.value) and "careerbot:***@127.0.0.1" in str(err.value)
