"""The tables of the application database, as SQLAlchemy Core sees them now.

The migrations in db/migrations/versions create and change them; a change here goes with a
new migration (see docs/deploy.md, "Schema migrations"). Times are seconds since the epoch
(float), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})

# One row: this database's id. The Chroma store records the id of the database it is fed
# from, so that a replica pointed at another database never prunes documents it cannot see.
identity = Table(
    "careerbot_identity",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", Float, nullable=False),
)

# Every document careerbot answers from, with its original bytes. A deleted document keeps
# its row (state 'deleted', content emptied) so that no replica's kb/ folder brings it back.
documents = Table(
    "documents",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("name", String(255), nullable=False),  # the file name it is stored under
    Column("media_type", String(100), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("sidecar", LargeBinary, nullable=True),  # the <stem>.meta.yaml beside a kb/ file
    Column("content_hash", String(64), nullable=False),  # sha256 of content and sidecar
    Column("size", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("added_via", String(32), nullable=False),  # 'upload' or 'kb folder'
    Column("uploaded_by", String(200), nullable=False),
    Column("uploaded_at", Float, nullable=False),
    Column("deleted_by", String(200), nullable=True),
    Column("deleted_at", Float, nullable=True),
    Column("revision", Integer, nullable=False),
    CheckConstraint("state IN ('live', 'deleted')", name="state"),
    # Two live documents never share a file name (uploads of one name replace each other).
    Index(
        "ix_documents_live_name",
        "name",
        unique=True,
        sqlite_where=text("state = 'live'"),
        postgresql_where=text("state = 'live'"),
    ),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", Float, nullable=False),
    Column("rating", String(8), nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),  # JSON
    Column("role", Text, nullable=True),
    Column("reason", Text, nullable=True),  # why a thumbs down, when the user said
    Column("review", Text, nullable=True),  # None, 'reviewed' or 'added to question set'
    Column("reviewed", Float, nullable=True),  # when a counselor reviewed it
    Column("question_id", Text, nullable=True),  # the question-set row it became
    CheckConstraint("rating IN ('up', 'down')", name="rating"),
)

refused = Table(
    "refused",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", Float, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("role", Text, nullable=True),
    # A gap of the knowledge base: 'refused', or 'not covered' (answered with what the
    # documents do not state), with what the bot resolved (the lists as JSON).
    Column("kind", Text, nullable=False, server_default="refused"),
    Column("request", Text, nullable=False, server_default="information"),  # bot.guard's kinds
    Column("roles", Text, nullable=False, server_default="[]"),
    Column("others", Text, nullable=False, server_default="[]"),  # occupations not held
    Column("topics", Text, nullable=False, server_default="[]"),
    Column("gaps", Text, nullable=False, server_default=""),  # what the documents do not state
)

# Every evaluation run kept (eval/runs.py): what it ran on, its summary, its rows and report.
eval_runs = Table(
    "eval_runs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("created", String(32), nullable=False),  # ISO 8601, UTC: sorts as it reads
    Column("questions_file", Text, nullable=False),
    Column("questions_hash", String(64), nullable=False),
    Column("questions", Integer, nullable=False),
    Column("kb_generation", Text, nullable=False),
    Column("settings", Text, nullable=False),  # JSON
    Column("summaries", Text, nullable=False),  # JSON
    Column("rows", Text, nullable=False),  # JSON
    Column("markdown", Text, nullable=False),
)

# The question sets counselors keep (uploaded, drafted from gaps, their own), by file name.
question_sets = Table(
    "question_sets",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("updated", Float, nullable=False),
)

# Who holds an ingest lock, for the messages of those who wait. Informational: the lock
# itself is a PostgreSQL advisory lock or, on SQLite, a file lock (db/lock.py).
ingest_lock = Table(
    "ingest_lock",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(200), nullable=True),
    Column("since", Float, nullable=True),
)

# Files imported once into the database (a replica's old feedback.sqlite), by content hash.
imports = Table(
    "imports",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("imported_at", Float, nullable=False),
)
