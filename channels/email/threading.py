"""Which report a message belongs to: a reference in its subject, or a reply to our acknowledgement.

Policy 5.5 and 7.1 (data protection): a reference or a reply header is not proof of who is
writing. Other helpdesks have leaked one person's case to another this way, so a message
joins a report only when it comes from an address already on it (the reporter, or the
partner organisation's domain); from anyone else it starts a new report, marked as
possibly related. A reference failing its check character matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels.email.headers import domain_of
from channels.email.parse import ParsedEmail
from intake.context import Intake
from intake.models import OutboxMessage, PartnerOrganisation, Report
from intake.queries import is_contact_on_report, report_by_reference
from intake.references import find_references


@dataclass(frozen=True)
class Thread:
    """The report a message names, and whether its sender is already a party to it."""

    reference: str
    from_party: bool


def find_thread(intake: Intake, parsed: ParsedEmail) -> Thread | None:
    """The existing report this message continues, if it names one."""
    quoted = find_references(parsed.subject, intake.reference_prefix)
    if not quoted and not parsed.answers:
        return None  # most mail names no report: no database round trip for it
    with intake.db.read() as session:
        report = _quoted(session, quoted) or _answered(session, parsed.answers)
        if report is None:
            return None
        return Thread(report.reference, _is_party(session, report, parsed.sender))


def partner_for(intake: Intake, sender: str | None) -> int | None:
    """The partner organisation whose registered email domain the sender writes from (policy 4.5)."""
    if not sender:
        return None
    with intake.db.read() as session:
        return _partner_by_domain(session, domain_of(sender))


def _quoted(session: Session, references: list[str]) -> Report | None:
    for reference in references:
        report = report_by_reference(session, reference)
        if report is not None:
            return report
    return None


def _answered(session: Session, answers: tuple[str, ...]) -> Report | None:
    """The report one of our acknowledgements was about, when this message replies to it."""
    if not answers:
        return None
    query = select(OutboxMessage.report_id).where(
        OutboxMessage.provider_id.in_(answers), OutboxMessage.report_id.is_not(None)
    )
    report_id = session.scalar(query.limit(1))
    return session.get(Report, report_id) if report_id is not None else None


def _is_party(session: Session, report: Report, sender: str | None) -> bool:
    if not sender:
        return False
    if is_contact_on_report(session, report.id, email=sender):
        return True
    partner = report.partner_organisation_id
    return partner is not None and _partner_by_domain(session, domain_of(sender)) == partner


def _partner_by_domain(session: Session, domain: str) -> int | None:
    for partner in session.scalars(select(PartnerOrganisation).order_by(PartnerOrganisation.id)):
        if domain in {registered.strip().lower().lstrip("@") for registered in partner.email_domains}:
            return partner.id
    return None
