"""Staff casework: accounts, invitations, cases and everything decided and recorded on them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 10:13:26.099353
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("created_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_signed_in_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_users_email")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("outcome_rationale", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["officer_id"], ["staff_users.id"], name=op.f("fk_cases_officer_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
    )
    op.create_index(op.f("ix_cases_officer_id"), "cases", ["officer_id"], unique=False)

    op.create_table(
        "staff_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("created_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by"], ["staff_users.id"], name=op.f("fk_staff_invitations_invited_by_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_invitations_token_hash")),
    )
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("contact_frequency", sa.String(length=24), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("agreed_by", sa.String(length=64), nullable=False),
        sa.Column("agreed_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_action_plans_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["staff_users.id"], name=op.f("fk_action_plans_officer_id_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
    )
    op.create_index(op.f("ix_action_plans_case_id"), "action_plans", ["case_id"], unique=False)

    op.create_table(
        "case_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_actions_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_actions")),
    )
    op.create_index(op.f("ix_case_actions_case_id"), "case_actions", ["case_id"], unique=False)

    op.create_table(
        "case_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_entries_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_entries")),
    )
    op.create_index(op.f("ix_case_entries_case_id"), "case_entries", ["case_id"], unique=False)

    op.create_table(
        "case_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("linked_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_reports_case_id_cases")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_case_reports_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_reports")),
        sa.UniqueConstraint("report_id", name=op.f("uq_case_reports_report_id")),
    )
    op.create_index(op.f("ix_case_reports_case_id"), "case_reports", ["case_id"], unique=False)

    op.create_table(
        "category_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_category", sa.String(length=32), nullable=False),
        sa.Column("to_category", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_category_decisions_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category_decisions")),
    )
    op.create_index(op.f("ix_category_decisions_case_id"), "category_decisions", ["case_id"], unique=False)

    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("safeguarding_reason", sa.Text(), nullable=True),
        sa.Column("disclosed_by", sa.String(length=64), nullable=False),
        sa.Column("disclosed_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_disclosures_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    op.create_index(op.f("ix_disclosures_case_id"), "disclosures", ["case_id"], unique=False)

    op.create_table(
        "first_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("contact", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_first_responses_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_first_responses")),
        sa.UniqueConstraint("report_id", name=op.f("uq_first_responses_report_id")),
    )
    op.create_table(
        "risk_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("scored_level", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("assessed_by", sa.String(length=64), nullable=False),
        sa.Column("assessed_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_risk_assessments_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessments")),
    )
    op.create_index(op.f("ix_risk_assessments_case_id"), "risk_assessments", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_risk_assessments_case_id"), table_name="risk_assessments")

    op.drop_table("risk_assessments")
    op.drop_table("first_responses")
    op.drop_index(op.f("ix_disclosures_case_id"), table_name="disclosures")

    op.drop_table("disclosures")
    op.drop_index(op.f("ix_category_decisions_case_id"), table_name="category_decisions")

    op.drop_table("category_decisions")
    op.drop_index(op.f("ix_case_reports_case_id"), table_name="case_reports")

    op.drop_table("case_reports")
    op.drop_index(op.f("ix_case_entries_case_id"), table_name="case_entries")

    op.drop_table("case_entries")
    op.drop_index(op.f("ix_case_actions_case_id"), table_name="case_actions")

    op.drop_table("case_actions")
    op.drop_index(op.f("ix_action_plans_case_id"), table_name="action_plans")

    op.drop_table("action_plans")
    op.drop_table("staff_invitations")
    op.drop_index(op.f("ix_cases_officer_id"), table_name="cases")

    op.drop_table("cases")
    op.drop_table("staff_users")
