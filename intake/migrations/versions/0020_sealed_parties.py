"""The people on a report are sealed (issue 16, stage 2): names, contacts, addresses, found by blind indexes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 03:30:00

``parties.seal_token`` binds each sealed value to its row. Sealed values are longer than the plain
ones, so the bounded columns become text (the core still bounds what it is given). Equality look-ups
(threading, STATUS, duplicates, subject access) move from the plain columns' indexes to keyed digests:
``phone_index``, ``email_index``, ``name_index``, ``named_person_index`` and ``postcode_index`` (the
first postcode written in the address). Existing values stay plain until ``encrypt-existing``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = {"name": sa.String(length=200), "phone": sa.String(length=32), "email": sa.String(length=320)}
INDEXES = ("phone_index", "email_index", "name_index", "named_person_index", "postcode_index")


def upgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_parties_phone"))
        batch_op.drop_index(op.f("ix_parties_email"))
        for name, narrow in WIDENED.items():
            batch_op.alter_column(name, existing_type=narrow, type_=sa.Text(), existing_nullable=True)
        batch_op.add_column(sa.Column("seal_token", sa.String(length=32), nullable=True))
        for name in INDEXES:
            batch_op.add_column(sa.Column(name, sa.String(length=80), nullable=True))
            batch_op.create_index(op.f(f"ix_parties_{name}"), [name])


def downgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(op.f(f"ix_parties_{name}"))
            batch_op.drop_column(name)
        batch_op.drop_column("seal_token")
        for name, narrow in WIDENED.items():
            batch_op.alter_column(name, existing_type=sa.Text(), type_=narrow, existing_nullable=True)
        batch_op.create_index(op.f("ix_parties_email"), ["email"])
        batch_op.create_index(op.f("ix_parties_phone"), ["phone"])
