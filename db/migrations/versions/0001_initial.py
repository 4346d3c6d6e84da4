"""The first schema: documents, feedback, refused questions, the ingest lock's holder.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

import time
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    identity = op.create_table(
        "careerbot_identity",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.bulk_insert(identity, [{"id": uuid.uuid4().hex, "created_at": time.time()}])
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("sidecar", sa.LargeBinary, nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("added_via", sa.String(32), nullable=False),
        sa.Column("uploaded_by", sa.String(200), nullable=False),
        sa.Column("uploaded_at", sa.Float, nullable=False),
        sa.Column("deleted_by", sa.String(200), nullable=True),
        sa.Column("deleted_at", sa.Float, nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.CheckConstraint("state IN ('live', 'deleted')", name="ck_documents_state"),
    )
    op.create_index(
        "ix_documents_live_name",
        "documents",
        ["name"],
        unique=True,
        sqlite_where=sa.text("state = 'live'"),
        postgresql_where=sa.text("state = 'live'"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.CheckConstraint("rating IN ('up', 'down')", name="ck_feedback_rating"),
    )
    op.create_table(
        "refused",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=True),
    )
    op.create_table(
        "ingest_lock",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("holder", sa.String(200), nullable=True),
        sa.Column("since", sa.Float, nullable=True),
    )
    op.create_table(
        "imports",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in ("imports", "ingest_lock", "refused", "feedback", "documents"):
        op.drop_table(table)
    op.drop_table("careerbot_identity")
