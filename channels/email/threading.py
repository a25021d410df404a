"""Which report a message belongs to: a reference in its subject, or a reply to our acknowledgement.

Policy 5.5 and 7.1 (data protection): a reference or a reply header is not proof of who is
writing. Other helpdesks have leaked one person's case to another this way, so a message
joins a report only when it comes from an address already on it (the reporter, or a user the
report's partner organisation invited) and our mail server's Authentication-Results show that
address's domain passing and aligned (a From line is forgeable); from anyone else it starts a
new report, marked as possibly related. A reference failing its check character matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels.email.parse import ParsedEmail
from intake.context import Intake
from intake.models import OutboxMessage, Report
from intake.partner_domains import organisation_of_sender
from intake.queries import is_contact_on_report, report_by_reference
from intake.references import find_references


@dataclass(frozen=True)
class Thread:
    """The report a message names, and whether its sender is already a party to it."""

    reference: str
    from_party: bool


def find_thread(intake: Intake, parsed: ParsedEmail, *, authenticated: bool) -> Thread | None:
    """The existing report this message continues, if it names one.

    Its sender counts as the party on it only when our mail server vouched for the sender's
    domain (``authenticated``, see ``authentication.py``): a From address alone is forgeable.
    """
    quoted = find_references(parsed.subject, intake.reference_prefix)
    if not quoted and not parsed.answers:
        return None  # most mail names no report: no database round trip for it
    with intake.db.read() as session:
        report = _quoted(session, quoted) or _answered(session, parsed.answers)
        if report is None:
            return None
        return Thread(report.reference, authenticated and _is_party(session, report, parsed.sender))


def partner_for(intake: Intake, sender: str | None) -> int | None:
    """The partner organisation that invited the sender as one of its users (policy 4.5, 7.1).

    Never by domain alone: anyone can write from a shared or look-alike address, and the report
    would then be shown in that organisation's portal.
    """
    if not sender:
        return None
    with intake.db.read() as session:
        return organisation_of_sender(session, sender)


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
    return partner is not None and organisation_of_sender(session, sender) == partner
