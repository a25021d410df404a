"""Answers as said: yes, no, not sure, rather not say, not asked; consent not known; dates without times.

Revision ID: 0011
Revises: 0010
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

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERS = (
    "injury",
    "children_affected",
    "threat_to_life",
    "feels_unsafe_at_home",
    "damage_needing_repair",
    "graffiti_to_remove",
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
    with op.batch_alter_table("reports") as batch:
        for name in ANSWERS:
            batch.drop_column(name)
            batch.alter_column(f"{name}_said", new_column_name=name, server_default=None)
        batch.add_column(sa.Column("occurred_date_only", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("basis", sa.String(24), nullable=False, server_default="own"))
        batch.add_column(sa.Column("reported", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("reported")
        batch.drop_column("basis")
    for name in ANSWERS:
        op.add_column("reports", sa.Column(f"{name}_flag", sa.Boolean(), nullable=True))
        op.execute(f"UPDATE reports SET {name}_flag = CASE {name} WHEN 'yes' THEN TRUE WHEN 'no' THEN FALSE END")  # noqa: S608
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("occurred_date_only")
        for name in ANSWERS:
            batch.drop_column(name)
            batch.alter_column(f"{name}_flag", new_column_name=name)
