"""The counselor's workspace: review state of a thumbs-down, what the bot resolved for a gap
(refused or not covered), evaluation runs and question sets.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FEEDBACK = ("review", "question_id")
_GAPS = (
    ("kind", "refused"),
    ("request", "information"),
    ("roles", "[]"),
    ("others", "[]"),
    ("topics", "[]"),
    ("gaps", ""),
)


def upgrade() -> None:
    # batch mode: SQLite cannot alter a table in place, so Alembic copies it.
    with op.batch_alter_table("feedback") as table:
        for name in _FEEDBACK:
            table.add_column(sa.Column(name, sa.Text, nullable=True))
        table.add_column(sa.Column("reviewed", sa.Float, nullable=True))
    with op.batch_alter_table("refused") as table:
        for name, default in _GAPS:
            table.add_column(
                sa.Column(name, sa.Text, nullable=False, server_default=sa.text(f"'{default}'"))
            )

    op.create_table(
        "eval_runs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("questions_file", sa.Text, nullable=False),
        sa.Column("questions_hash", sa.String(64), nullable=False),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("kb_generation", sa.Text, nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("summaries", sa.Text, nullable=False),
        sa.Column("rows", sa.Text, nullable=False),
        sa.Column("markdown", sa.Text, nullable=False),
    )
    op.create_table(
        "question_sets",
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("question_sets")
    op.drop_table("eval_runs")
    with op.batch_alter_table("refused") as table:
        for name, _ in _GAPS:
            table.drop_column(name)
    with op.batch_alter_table("feedback") as table:
        for name in (*_FEEDBACK, "reviewed"):
            table.drop_column(name)
