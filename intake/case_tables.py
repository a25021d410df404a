"""What staff record: accounts, cases, and every decision, assessment and disclosure on a case.

Everything a regulator or the Housing Ombudsman may ask to follow is a row with who and when
(policy 8.1), beside the audit events that record who looked.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.credentials import AccountColumns
from intake.models import Base
from intake.sealing.keyring import DataKey, new_row_token
from intake.sealing.owners import KeyOwner, ReportRecord, SealedRow
from intake.sealing.sealed import SealedText, installed

if TYPE_CHECKING:
    from intake.models import Report


class StaffUser(AccountColumns, Base):
    """A member of the landlord's staff. Flask-Login knows them as ``staff:<id>``."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime]

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"staff:{self.id}"

    @property
    def actor(self) -> str:
        """How audit events and records name this person: an id, never a name."""
        return f"staff:{self.id}"


class StaffInvitation(Base):
    """A one-time, expiring link an admin gives a new member of staff. Only its hash is kept."""

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(24))
    invited_by: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Case(KeyOwner, Base):
    """One incident, however many reports of it arrive (victim, witness, agency).

    Its data key covers the case's own records; each linked report keeps its own (docs/encryption.md).
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # its first report's reference
    # The same first report by id: monitoring reads a period's cases with it through this index (issue 14).
    first_report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)  # open or closed
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(index=True)  # monitoring counts by period (issue 14)
    opened_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    outcome_rationale_sealed: Mapped[str | None] = mapped_column("outcome_rationale", Text)
    outcome_rationale = SealedText[str | None]("outcome_rationale_sealed")  # sealed under its own key

    officer: Mapped[StaffUser | None] = relationship()
    links: Mapped[list[CaseReport]] = relationship(back_populates="case", order_by="CaseReport.id")


class CaseRecord(SealedRow):
    """A record on a case whose free text is sealed under the case's data key (issue 16).

    Made with its case (``Record(case=case, ...)``): the case gets a key if it has none, and the
    row a ``seal_token`` binding each sealed value to it, before any value is set.
    """

    if TYPE_CHECKING:
        case: Case

    def __init__(self, *, case: Case, **values: Any) -> None:
        case.writable_key(installed())
        self.case = case
        self.seal_token = new_row_token()
        for name, value in values.items():
            setattr(self, name, value)

    def sealing_key(self) -> DataKey:
        return self.case.sealing_key()


class CaseReport(Base):
    """A report belongs to at most one case."""

    __tablename__ = "case_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    linked_at: Mapped[datetime]
    linked_by: Mapped[str] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="links")


class CategoryDecision(CaseRecord, Base):
    """Moving a case out of the serious/high-risk category: a reason and a manager (policy 4.3)."""

    __tablename__ = "category_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_category: Mapped[str] = mapped_column(String(32))
    to_category: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))
    explanation_sealed: Mapped[str] = mapped_column("explanation", Text)
    explanation = SealedText[str]("explanation_sealed")
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime]
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(index=True)

    case: Mapped[Case] = relationship(lazy="joined")  # its words open under the case's key


class FirstResponse(ReportRecord, Base):
    """Contact made or attempted: stops a report's one-working-day clock (policy 4.1)."""

    __tablename__ = "first_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    at: Mapped[datetime]
    contact: Mapped[str] = mapped_column(String(16))  # made, attempted, or no_safe_way
    method: Mapped[str] = mapped_column(String(32))  # "none" when there was no safe way to contact
    instead_sealed: Mapped[str | None] = mapped_column("instead", Text)
    instead = SealedText[str | None]("instead_sealed")  # what was done instead of contact: the report's key
    met: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(64))

    report: Mapped[Report] = relationship(lazy="joined")


class RiskAssessment(CaseRecord, Base):
    """A risk and vulnerability assessment (policy 4.4); the latest one counts."""

    __tablename__ = "risk_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[int] = mapped_column(Integer)
    scored_level: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))  # after any professional-judgement override
    override_reason_sealed: Mapped[str | None] = mapped_column("override_reason", Text)
    override_reason = SealedText[str | None]("override_reason_sealed")
    assessed_by: Mapped[str] = mapped_column(String(64))
    assessed_at: Mapped[datetime]

    case: Mapped[Case] = relationship(lazy="joined")  # its words open under the case's key


class ActionPlan(CaseRecord, Base):
    """A named officer and an agreed contact frequency (policy 4.4, 4.10); the latest one counts."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    contact_frequency: Mapped[str] = mapped_column(String(24))
    actions_sealed: Mapped[str] = mapped_column("actions", Text)
    actions = SealedText[str]("actions_sealed")
    agreed_by: Mapped[str] = mapped_column(String(64))
    agreed_at: Mapped[datetime]

    officer: Mapped[StaffUser] = relationship()
    case: Mapped[Case] = relationship(lazy="joined")  # its words open under the case's key


class Disclosure(CaseRecord, Base):
    """Information shared outside the landlord: what, to whom, why, and on what basis (policy 5.2-5.4)."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # police_report, multi_agency_panel, partner_sharing
    recipient_sealed: Mapped[str] = mapped_column("recipient", Text)  # at most 200 characters, as given
    recipient = SealedText[str]("recipient_sealed")
    what_sealed: Mapped[str] = mapped_column("what", Text)
    what = SealedText[str]("what_sealed")
    why_sealed: Mapped[str] = mapped_column("why", Text)
    why = SealedText[str]("why_sealed")
    basis: Mapped[str] = mapped_column(String(16))  # consent or safeguarding
    safeguarding_reason_sealed: Mapped[str | None] = mapped_column("safeguarding_reason", Text)
    safeguarding_reason = SealedText[str | None]("safeguarding_reason_sealed")
    disclosed_by: Mapped[str] = mapped_column(String(64))
    disclosed_at: Mapped[datetime] = mapped_column(index=True)

    case: Mapped[Case] = relationship(lazy="joined")  # its words open under the case's key


class CaseAction(CaseRecord, Base):
    """A referral or enforcement step: safeguarding, support for victim or perpetrator (policy 4.9),
    tenancy action (policy 4.7), security measures (policy 4.10)."""

    __tablename__ = "case_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str | None] = mapped_column(String(200))
    detail_sealed: Mapped[str] = mapped_column("detail", Text)
    detail = SealedText[str]("detail_sealed")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(index=True)

    case: Mapped[Case] = relationship(lazy="joined")  # its words open under the case's key


class CaseEntry(CaseRecord, Base):
    """A note, or an entry in the contact log (who was contacted, how, and what was said)."""

    __tablename__ = "case_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # note, contact, status
    method: Mapped[str | None] = mapped_column(String(32))
    text_sealed: Mapped[str] = mapped_column("text", Text)
    text = SealedText[str]("text_sealed")
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))  # a message we sent
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]

    case: Mapped[Case] = relationship(lazy="joined")  # its words open under the case's key
