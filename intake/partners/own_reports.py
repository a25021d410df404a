"""The partner's read side: its own reports, reference, date, status and first response only.

Never staff notes, triage, contacts or another organisation's reports (policy 7.1): a partner
sees what it needs to follow up the reports it made, nothing more. Its message history holds
the messages it sent on a report and those staff sent to it, never a victim's or a witness's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Consent, Message, OutboxMessage, Report
from intake.partners.tables import PartnerApiToken, PartnerUser, partner_token_actor, partner_user_actor
from intake.vocabulary import Channel

PARTNER_LIST_SIZE = 200
PARTNER_MESSAGE_KIND = "partner_message"  # the outbox kind of a message staff send to a reporting partner


@dataclass(frozen=True)
class PartnerReportRow:
    reference: str
    received_at: datetime
    status: str
    first_response_made: bool
    partner_case_reference: str | None


@dataclass(frozen=True)
class PartnerConsentRow:
    id: int
    kind: str
    given: bool
    recorded_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class PartnerMessageRow:
    at: datetime
    from_landlord: bool
    text: str


@dataclass(frozen=True)
class PartnerReportView:
    report: PartnerReportRow
    consents: tuple[PartnerConsentRow, ...]
    messages: tuple[PartnerMessageRow, ...]


def organisation_reports(
    session: Session, organisation_id: int, limit: int = PARTNER_LIST_SIZE
) -> list[PartnerReportRow]:
    """The organisation's reports, newest first."""
    query = (
        select(Report)
        .where(Report.partner_organisation_id == organisation_id)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return [report_row(report) for report in session.scalars(query)]


def report_view(session: Session, report: Report, organisation_id: int) -> PartnerReportView:
    """One of the organisation's reports with the consents it recorded and its message history."""
    consents = tuple(_consent_row(consent) for consent in organisation_consents(session, report, organisation_id))
    return PartnerReportView(report_row(report), consents, message_history(session, report))


def message_history(session: Session, report: Report) -> tuple[PartnerMessageRow, ...]:
    """The partner's own messages on its report and staff's messages to it, oldest first.

    Only the partner channel's messages: on the partner's own report nobody else can add one
    there, while a text or email from the victim on the same report is not the partner's to read.
    """
    sent = session.scalars(select(Message).where(Message.report_id == report.id, Message.channel == Channel.PARTNER))
    replies = session.scalars(
        select(OutboxMessage).where(OutboxMessage.report_id == report.id, OutboxMessage.kind == PARTNER_MESSAGE_KIND)
    )
    rows = [PartnerMessageRow(message.received_at, False, message.text) for message in sent]
    rows += [PartnerMessageRow(reply.created_at, True, reply.body.strip()) for reply in replies]
    return tuple(sorted(rows, key=lambda row: row.at))


def organisation_consents(session: Session, report: Report, organisation_id: int) -> list[Consent]:
    """Consents recorded by the organisation's users or API tokens, never those staff recorded.

    Policy 5.2 to 5.4 and 7.1: a consent staff took from the victim is between the victim and
    the landlord; the partner neither sees it nor can withdraw it.
    """
    actors = organisation_actors(session, organisation_id)
    return [consent for consent in report.consents if consent.recorded_by in actors]


def live_organisation_consent(
    session: Session, report: Report, organisation_id: int, consent_id: int
) -> Consent | None:
    """The consent, if the organisation recorded it on this report and it still stands."""
    for consent in organisation_consents(session, report, organisation_id):
        if consent.id == consent_id and consent.withdrawn_at is None:
            return consent
    return None


def organisation_actors(session: Session, organisation_id: int) -> frozenset[str]:
    """Everyone who acts for the organisation, as ``recorded_by`` names them: its users and its tokens."""
    users = session.scalars(select(PartnerUser.id).where(PartnerUser.organisation_id == organisation_id))
    tokens = session.scalars(select(PartnerApiToken.id).where(PartnerApiToken.organisation_id == organisation_id))
    return frozenset([*map(partner_user_actor, users), *map(partner_token_actor, tokens)])


def report_row(report: Report) -> PartnerReportRow:
    """What a partner may see of one report: reference, date, status, first response, own reference."""
    return PartnerReportRow(
        reference=report.reference,
        received_at=report.received_at,
        status=report.status,
        first_response_made=report.first_response_at is not None,
        partner_case_reference=report.partner_case_reference,
    )


def _consent_row(consent: Consent) -> PartnerConsentRow:
    return PartnerConsentRow(consent.id, consent.kind, consent.given, consent.recorded_at, consent.withdrawn_at)
