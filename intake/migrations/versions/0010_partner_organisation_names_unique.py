"""Partner organisation names: one organisation each, whatever the case.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:30:00

Two organisations named alike leave an admin guessing whose users and tokens they change.
Names are trimmed, and a unique index on ``lower(name)`` refuses a second. Where two already
share a name, every one but the lowest id gets " (duplicate N)" after it (N its id), so the
index can be built and an admin can see which to rename or retire.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_partner_organisations_lower_name"


def upgrade() -> None:
    _rename_duplicates()
    op.create_index(INDEX, "partner_organisations", [sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="partner_organisations")


def _rename_duplicates() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, name FROM partner_organisations ORDER BY id"))
    seen: set[str] = set()
    for organisation_id, name in rows.all():
        tidy = name.strip()
        renamed = tidy if tidy.lower() not in seen else f"{tidy[:180]} (duplicate {organisation_id})"
        seen.add(renamed.lower())
        if renamed != name:
            connection.execute(
                sa.text("UPDATE partner_organisations SET name = :name WHERE id = :id"),
                {"name": renamed, "id": organisation_id},
            )
