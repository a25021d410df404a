"""Answers as said: yes, no, not sure, rather not say, not asked; consent not known; dates without times.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:00:00

Issue 19: "not sure" about injury was stored as no, and a question never asked as no. Each
yes/no answer on a report becomes an Answer code; existing booleans map to yes or no, and an
unanswered one (NULL) to not_asked. A consent says whose word it is (its basis) and what a third
party reported of the victim's wishes. A report says whether its date came without a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SAFETY = (
    "injury",
    "children_affected",
    "threat_to_life",
    "feels_unsafe_at_home",
    "damage_needing_repair",
    "graffiti_to_remove",
)
ANSWERS = (
    *SAFETY,
    "responsible_known_to_victim",
    "responsible_lives_nearby",
    "responsible_is_tenant",
    "responsible_is_staff",
    "victim_aware_and_agrees",
)


def upgrade() -> None:
    for name in ANSWERS:
        op.add_column("reports", sa.Column(f"{name}_said", sa.String(16), nullable=False, server_default="not_asked"))
        said = f"CASE WHEN {name} IS NULL THEN 'not_asked' WHEN {name} THEN 'yes' ELSE 'no' END"
        op.execute(f"UPDATE reports SET {name}_said = {said}")  # noqa: S608 - names from ANSWERS above
        _replace_column(name, f"{name}_said")
    op.add_column("reports", sa.Column("occurred_date_only", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("consents", sa.Column("basis", sa.String(24), nullable=False, server_default="own"))
    op.add_column("consents", sa.Column("reported", sa.String(16), nullable=True))
    op.add_column("inferred_signals", sa.Column("answer_before", sa.String(16), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE inferred_signals DROP COLUMN answer_before")
    op.execute("ALTER TABLE consents DROP COLUMN reported")
    op.execute("ALTER TABLE consents DROP COLUMN basis")
    op.execute("ALTER TABLE reports DROP COLUMN occurred_date_only")
    for name in ANSWERS:
        flag = name in SAFETY  # the safety answers were booleans that could not be NULL
        op.add_column("reports", sa.Column(f"{name}_flag", sa.Boolean(), nullable=not flag, server_default=sa.false()))
        otherwise = "FALSE" if flag else "NULL"
        said = f"CASE {name} WHEN 'yes' THEN TRUE WHEN 'no' THEN FALSE ELSE {otherwise} END"
        op.execute(f"UPDATE reports SET {name}_flag = {said}")  # noqa: S608 - names from ANSWERS above
        _replace_column(name, f"{name}_flag")


def _replace_column(name: str, new: str) -> None:
    """Drop the old column and give the new one its name, in place: a batch copy of ``reports`` would
    trip SQLite's foreign keys from every table that points at a report (SQLite 3.35 or later)."""
    op.execute(f"ALTER TABLE reports DROP COLUMN {name}")
    op.execute(f"ALTER TABLE reports RENAME COLUMN {new} TO {name}")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("reports", name, server_default=None)
