"""Receiving an item that may continue a report: the one place that decides which report it joins.

Policy 5.5 and 7.1 (data protection): a quoted reference, a reply header or a conversation is
not proof of who is writing. Other helpdesks have leaked one person's case to another this way,
so an item joins a report only when its sender is already a party to it (the reporter, or a
user of the report's partner organisation) and the channel vouches for the sender's address;
otherwise it starts a new report marked as possibly related, and nothing is said of the other
(policy 1.2). A reference failing its check character matches nothing.

Deciding and writing happen in one transaction, serialised per sender (an advisory lock on
PostgreSQL; on SQLite the writer's ``BEGIN IMMEDIATE`` already serialises), so two first texts
from one number arriving at once on two workers make one report with two messages.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from intake.context import Intake
from intake.drafts import Contact, MessageDraft, Received
from intake.inbound import store_inbound
from intake.models import OutboxMessage, Report
from intake.normalise import Checked, check_inbound, check_report
from intake.ports import About, MissingRecords, answer_item, keep_media
from intake.queries import is_contact_on_report
from intake.recording import create_report, queue_acknowledgement, queue_staff_alert
from intake.services import (
    Outcome,
    Submission,
    add_message_to,
    duplicate_of,
    kept_for_review,
    report_by_reference,
    submission_of,
)
from intake.vocabulary import InboundDisposition, Status

log = logging.getLogger(__name__)


def receive(intake: Intake, received: Received) -> Submission:
    """Store the item once, on the report its sender is a party to, or as a new report; answer it.

    The same item again changes nothing and is answered as the first time. Should storing it
    fail, the raw item is kept with a report for review, as ``submit_report`` does.
    """
    checked = check_report(received.report)
    try:
        return _receive(intake, received, checked)
    except Exception as error:  # noqa: BLE001 - nothing lost: kept for a person instead
        kept = kept_for_review(intake, checked.draft.inbound, error)
        return replace(kept, reply=_answer_apart(intake, received, kept))


def _receive(intake: Intake, received: Received, checked: Checked) -> Submission:
    inbound = checked.draft.inbound
    received_at = inbound.received_at or intake.clock()
    with intake.db.begin() as session:
        _serialise_sender(session, received.sender)
        joined, related = _continues(session, intake, received, received_at)
        if joined is not None:
            submission = _join(session, intake, received, checked, joined, received_at)
        else:
            submission = _start(session, intake, checked, related, received_at)
        if submission.outcome is not Outcome.DUPLICATE:
            keep_media(received.records, session, intake.clock(), inbound, submission.report_id, received.media)
        continued = joined is not None and joined.id == submission.report_id
        about = About(submission.reference, submission.report_id, submission.language)
        reply = answer_item(
            received.records, session, inbound, received.answer, at=received_at, about=about, joined=continued
        )
        submission = replace(submission, reply=reply)
    log.info("%s from %s: %s", submission.outcome.value, inbound.channel, submission.reference)
    return submission


def _serialise_sender(session: Session, sender: Contact) -> None:
    """One sender's items are decided one at a time (SQLite's write lock already does this)."""
    address = sender.phone or (sender.email or "").lower()
    if address and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"sender:{address}"})


def _continues(
    session: Session, intake: Intake, received: Received, received_at: datetime
) -> tuple[Report | None, str | None]:
    """The report the item joins, or else the reference of one it is possibly related to."""
    named = _named(session, intake, received)
    for report in named:
        if _may_join(session, received, report):
            return report, None
    if named:
        return None, named[0].reference
    return _conversation(session, received, received_at), None


def _named(session: Session, intake: Intake, received: Received) -> list[Report]:
    """Reports the item quotes by reference, then the one whose message of ours it answers."""
    found = [report_by_reference(session, intake, quoted) for quoted in received.quotes]
    if received.replies_to:
        query = select(OutboxMessage.report_id).where(
            OutboxMessage.provider_id.in_(received.replies_to), OutboxMessage.report_id.is_not(None)
        )
        report_id = session.scalar(query.limit(1))
        found.append(session.get(Report, report_id) if report_id is not None else None)
    return [report for report in found if report is not None]


def _may_join(session: Session, received: Received, report: Report) -> bool:
    if not received.sender_authenticated or not _open_to(received, report):
        return False
    sender = received.sender
    if is_contact_on_report(session, report.id, phone=sender.phone, email=sender.email):
        return True
    partner = report.partner_organisation_id
    return sender.email is not None and partner is not None and received.sender_organisation_id == partner


def _open_to(received: Received, report: Report) -> bool:
    return received.joins_closed or report.status != Status.CLOSED.value


def _conversation(session: Session, received: Received, received_at: datetime) -> Report | None:
    """The report of the sender's last item on this channel, if it came within the window."""
    address = received.sender.phone or received.sender.email
    if received.conversation_window is None or not address:
        return None
    if received.records is None:
        raise MissingRecords("a conversation window needs the channel's records")
    last = received.records.last_conversation(session, received.report.inbound.channel, address)
    if last is None or received_at - last.last_received_at > received.conversation_window:
        return None
    report = session.scalar(select(Report).where(Report.reference == last.reference))
    return report if report is not None and _open_to(received, report) else None


def _join(
    session: Session,
    intake: Intake,
    received: Received,
    checked: Checked,
    report: Report,
    at: datetime,
) -> Submission:
    """As ``add_message``: the words are cleaned there, so its own review reasons are kept."""
    stored = store_inbound(
        session, intake.keyring, checked.draft.inbound, at, InboundDisposition.ADDED_TO_REPORT, report.id
    )
    if stored.duplicate:
        return duplicate_of(session, stored.existing_report_id)
    draft = received.report
    message = MessageDraft(
        inbound=checked.draft.inbound,
        report_reference=report.reference,
        text=draft.description,
        sender=received.sender,
        attachments=draft.attachments,
        review_reasons=draft.review_reasons,
    )
    add_message_to(session, intake, report, message, stored.item_id, at)
    return submission_of(Outcome.ADDED_TO_REPORT, report)


def _start(session: Session, intake: Intake, checked: Checked, related: str | None, at: datetime) -> Submission:
    checked = replace(checked, draft=replace(checked.draft, possibly_related_reference=related))
    created = create_report(session, intake, checked, at)
    if created.report is None or created.triage is None:
        return duplicate_of(session, created.stored.existing_report_id)
    report = created.report
    queue_acknowledgement(session, intake, report, checked.draft)
    queue_staff_alert(session, intake, report, alert_staff=created.triage.alert_staff)
    return submission_of(Outcome.NEW_REPORT, report)


def _answer_apart(intake: Intake, received: Received, submission: Submission) -> str:
    """The reply to an item kept for review, in a transaction of its own."""
    at = received.report.inbound.received_at or intake.clock()
    about = About(submission.reference, submission.report_id, submission.language)
    with intake.db.begin() as session:
        inbound = check_inbound(received.report.inbound)
        return answer_item(received.records, session, inbound, received.answer, at=at, about=about)
