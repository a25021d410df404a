"""Partner email domains in their own table, each registered to one organisation only.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:00:00

The JSON list on ``partner_organisations`` could hold one domain for two organisations, and
an email from it became the lower id's report. A domain is now a primary key. Where two
organisations already share one, the lower id keeps it (what email intake already did) and
the downgrade puts the lists back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_email_domains",
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_email_domains_organisation_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_partner_email_domains")),
    )
    with op.batch_alter_table("partner_email_domains", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_email_domains_organisation_id"), ["organisation_id"], unique=False)
    _copy_domains_out()
    # Not a batch (copy-and-rename) on SQLite: that drops a table other rows' foreign keys name.
    op.drop_column("partner_organisations", "email_domains")


def downgrade() -> None:
    op.add_column("partner_organisations", sa.Column("email_domains", sa.JSON(), nullable=False, server_default="[]"))
    _copy_domains_back()
    with op.batch_alter_table("partner_email_domains", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_email_domains_organisation_id"))
    op.drop_table("partner_email_domains")


def _copy_domains_out() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, email_domains FROM partner_organisations ORDER BY id"))
    taken: dict[str, int] = {}
    for organisation_id, domains in rows:
        listed = json.loads(domains) if isinstance(domains, str) else domains
        for domain in listed or []:
            taken.setdefault(str(domain).strip().lower().lstrip("@"), organisation_id)
    for domain, organisation_id in taken.items():
        connection.execute(
            sa.text("INSERT INTO partner_email_domains (domain, organisation_id) VALUES (:domain, :id)"),
            {"domain": domain, "id": organisation_id},
        )


def _copy_domains_back() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT organisation_id, domain FROM partner_email_domains ORDER BY domain"))
    lists: dict[int, list[str]] = {}
    for organisation_id, domain in rows:
        lists.setdefault(organisation_id, []).append(domain)
    for organisation_id, domains in lists.items():
        connection.execute(
            sa.text("UPDATE partner_organisations SET email_domains = :domains WHERE id = :id"),
            {"domains": json.dumps(domains), "id": organisation_id},
        )
