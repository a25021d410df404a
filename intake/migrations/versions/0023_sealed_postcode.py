"""A report's postcode is sealed; its outward code stays plain, the whole is found by a blind index (issue 16).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 05:30:00

``reports.postcode_area`` is the outward code (``M14`` of ``M14 5TQ``), plain by design: the area
figures and the queue's area filter. ``reports.postcode_index`` is the keyed digest of the whole
postcode (no spaces, capitals): duplicate hints and repeat locations compare it. ``reports.postcode``
is sealed under the report's key, so it becomes text. Existing rows get their area here, from the
plain postcode; their postcode stays plain (it reads as it is) until ``flask encrypt-existing`` seals
it and fills its digest, which needs the keys a migration does not have.

The column is replaced in place (added, copied, the old one dropped, the new one renamed): a batch
copy of ``reports`` would trip SQLite's foreign keys (see 0012).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As intake.sealing.finding.postcode_area, copied so this migration never changes with the app.
FULL_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
OUTWARD_CODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def area(postcode: str | None) -> str | None:
    compact = "".join((postcode or "").split()).upper()
    full = FULL_POSTCODE.fullmatch(compact)
    if full:
        return full[1]
    return compact if OUTWARD_CODE.fullmatch(compact) else None


def upgrade() -> None:
    op.drop_index("ix_reports_postcode_received", table_name="reports")
    op.drop_index(op.f("ix_reports_postcode"), table_name="reports")
    op.add_column("reports", sa.Column("postcode_area", sa.String(length=8), nullable=True))
    op.add_column("reports", sa.Column("postcode_index", sa.String(length=80), nullable=True))
    op.add_column("reports", sa.Column("postcode_text", sa.Text(), nullable=True))
    op.execute("UPDATE reports SET postcode_text = postcode")
    _replace_column("postcode", "postcode_text")
    _fill_areas()
    op.create_index(op.f("ix_reports_postcode_area"), "reports", ["postcode_area"])
    op.create_index("ix_reports_postcode_index_received", "reports", ["postcode_index", "received_at"])


def _fill_areas() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, postcode FROM reports WHERE postcode IS NOT NULL")).all()
    areas = [{"id": row.id, "area": area(row.postcode)} for row in rows if area(row.postcode)]
    if areas:
        bind.execute(sa.text("UPDATE reports SET postcode_area = :area WHERE id = :id"), areas)


def downgrade() -> None:
    """A sealed postcode cannot be opened here: it goes back as its outward code (the plain ones as they are)."""
    op.drop_index("ix_reports_postcode_index_received", table_name="reports")
    op.drop_index(op.f("ix_reports_postcode_area"), table_name="reports")
    op.add_column("reports", sa.Column("postcode_plain", sa.String(length=10), nullable=True))
    op.execute(
        "UPDATE reports SET postcode_plain = CASE WHEN postcode LIKE 'sealed1:%' THEN postcode_area ELSE postcode END"
    )
    _replace_column("postcode", "postcode_plain")
    op.execute("ALTER TABLE reports DROP COLUMN postcode_index")
    op.execute("ALTER TABLE reports DROP COLUMN postcode_area")
    op.create_index(op.f("ix_reports_postcode"), "reports", ["postcode"])
    op.create_index("ix_reports_postcode_received", "reports", ["postcode", "received_at"])


def _replace_column(name: str, new: str) -> None:
    op.execute(f"ALTER TABLE reports DROP COLUMN {name}")
    op.execute(f"ALTER TABLE reports RENAME COLUMN {new} TO {name}")
