"""Service functions: one per use case, each owning its transaction.

A channel calls exactly one of these with what arrived. Each stores the raw inbound item
under its unique key first, in the same transaction as everything it causes, so a retry or a
crash never makes a second report and nothing that arrived is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.context import Intake
from intake.db_helpers import insert_or_ignore
from intake.drafts import AttachmentDraft, AutoReply, Inbound, Media, MessageDraft, ReportDraft
from intake.follow_ups import notice_follow_up
from intake.inbound import store_inbound
from intake.models import ContactOptOut, DeliveryEvent, Message, Report
from intake.normalise import Checked, check_inbound, check_report, clean_text
from intake.outbox import contact_index, matching_contact
from intake.ports import ChannelRecords, answer_item, keep_media
from intake.reading.retriage import read_message
from intake.recording import add_attachments, create_report, queue_acknowledgement, queue_staff_alert
from intake.references import parse_reference
from intake.sealing import BlindIndex
from intake.storable import column_limit, storable
from intake.vocabulary import InboundDisposition

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    NEW_REPORT = "new report"
    ADDED_TO_REPORT = "added to a report"
    DUPLICATE = "duplicate"
    RECORDED = "recorded"  # stored, deliberately not a report (auto-reply, opt-out, enquiry)


@dataclass(frozen=True)
class Submission:
    """What became of one inbound item."""

    outcome: Outcome
    reference: str | None = None
    report_id: int | None = None
    needs_review: bool = False
    status: str | None = None  # the report's, so a channel need not read it back
    received_at: datetime | None = None  # when the report was received (its clocks run from it)
    language: str | None = None  # the language the report was made in, for a reply about it
    reply: str = ""  # what to answer the sender ("" for nothing), recorded with the item


def submission_of(outcome: Outcome, report: Report) -> Submission:
    """What a channel is told about the report an item made or joined."""
    return Submission(
        outcome, report.reference, report.id, report.needs_review, report.status, report.received_at, report.language
    )


def submit_report(intake: Intake, draft: ReportDraft, *, actor: str | None = None) -> Submission:
    """Store the inbound item and create its report, triaged, audited, with its outbox messages.

    The same inbound key again returns the first report and creates nothing. ``actor`` names who
    is audited as creating it when that is more than the channel (a partner user). Should the
    report still fail to be created, the raw item is kept with a report for review instead.
    """
    checked = check_report(draft)
    try:
        return _submit_checked(intake, checked, actor)
    except Exception as error:  # noqa: BLE001 - nothing lost: kept for a person instead
        return kept_for_review(intake, checked.draft.inbound, error)


def _submit_checked(intake: Intake, checked: Checked, actor: str | None) -> Submission:
    draft = checked.draft
    received_at = draft.inbound.received_at or intake.clock()
    with intake.db.begin() as session:
        created = create_report(session, intake, checked, received_at, actor=actor)
        if created.report is None or created.triage is None:
            return duplicate_of(session, created.stored.existing_report_id)
        report = created.report
        queue_acknowledgement(session, intake, report, checked.draft)
        queue_staff_alert(session, intake, report, alert_staff=created.triage.alert_staff)
        submission = submission_of(Outcome.NEW_REPORT, report)
    log.info("report %s created from %s", submission.reference, draft.inbound.channel)
    return submission


def add_message(intake: Intake, draft: MessageDraft, *, actor: str | None = None) -> Submission:
    """Add a later message to the report it quotes, in the same transaction as its raw item.

    A reference that does not parse or names no report still loses nothing: the message
    becomes a new report flagged for review. ``actor`` is audited as for ``submit_report``.
    Should adding it fail, the raw item is kept with a report for review, as there.
    """
    draft = replace(draft, inbound=check_inbound(draft.inbound))
    try:
        return _add_message(intake, draft, actor)
    except Exception as error:  # noqa: BLE001 - nothing lost: kept for a person instead
        return kept_for_review(intake, draft.inbound, error)


def _add_message(intake: Intake, draft: MessageDraft, actor: str | None) -> Submission:
    received_at = draft.inbound.received_at or intake.clock()
    with intake.db.begin() as session:
        report = report_by_reference(session, intake, draft.report_reference)
        if report is not None:
            inbound = draft.inbound
            stored = store_inbound(
                session, intake.keyring, inbound, received_at, InboundDisposition.ADDED_TO_REPORT, report.id
            )
            if stored.duplicate:
                return duplicate_of(session, stored.existing_report_id)
            add_message_to(session, intake, report, draft, stored.item_id, received_at, actor)
            submission = submission_of(Outcome.ADDED_TO_REPORT, report)
    if report is None:
        return submit_report(intake, _orphan_as_report(draft), actor=actor)
    log.info("message added to report %s from %s", submission.reference, draft.inbound.channel)
    return submission


def record_inbound(
    intake: Intake,
    inbound: Inbound,
    disposition: InboundDisposition,
    *,
    answer: AutoReply | None = None,
    media: Media = (),
    records: ChannelRecords | None = None,
) -> Submission:
    """Keep an inbound item that is deliberately not a report: an auto-reply, a bounce, an enquiry.

    ``answer`` (a HELP text's reply) is recorded in the same transaction, and so are the places of
    any ``media`` the provider holds: they belong to no report but must still be fetched and
    deleted there. Both are kept by the channel's ``records`` (``intake.ports``).
    """
    inbound = check_inbound(inbound)
    received_at = inbound.received_at or intake.clock()
    with intake.db.begin() as session:
        stored = store_inbound(session, intake.keyring, inbound, received_at, disposition)
        if stored.duplicate:
            reply = answer_item(records, session, inbound, answer, at=received_at)
            return replace(duplicate_of(session, stored.existing_report_id), reply=reply)
        keep_media(records, session, intake.clock(), inbound, None, media)
        return Submission(Outcome.RECORDED, reply=answer_item(records, session, inbound, answer, at=received_at))


def record_opt_out(
    intake: Intake,
    inbound: Inbound,
    method: str,
    address: str,
    *,
    opted_out: bool,
    media: Media = (),
    records: ChannelRecords | None = None,
) -> Submission:
    """Keep an opt-out or opt-in message and set the address's state; never a report."""
    inbound = check_inbound(inbound)
    address = storable(address)[: column_limit(ContactOptOut.address)]
    now = intake.clock()
    with intake.db.begin() as session:
        stored = store_inbound(session, intake.keyring, inbound, inbound.received_at or now, InboundDisposition.OPT_OUT)
        if stored.duplicate:
            return duplicate_of(session, stored.existing_report_id)
        keep_media(records, session, now, inbound, None, media)
        _set_opt_out(session, intake.keyring.index, method, address, opted_out, now)
    return Submission(Outcome.RECORDED)


def record_delivery_event(intake: Intake, provider_id: str, status: str) -> bool:
    """Keep one delivery status a provider reported for a message it sent; the same one again adds nothing."""
    values = dict(provider_id=storable(provider_id)[:255], status=storable(status)[:32], at=intake.clock())
    with intake.db.begin() as session:
        return insert_or_ignore(session, DeliveryEvent, values, ["provider_id", "status"]) is not None


def _set_opt_out(
    session: Session, index: BlindIndex, method: str, address: str, opted_out: bool, now: datetime
) -> None:
    """Set the address's state, stored under its blind index (issue 16); a row from before, plain, is found too."""
    stored = contact_index(index, method, address) or address
    matching = matching_contact(index, method, address)
    states = list(
        session.scalars(
            select(ContactOptOut).where(ContactOptOut.method == method, ContactOptOut.address.in_(matching))
        )
    )
    if not states:
        session.add(ContactOptOut(method=method, address=stored, opted_out=opted_out, updated_at=now))
    for state in states:
        state.opted_out, state.updated_at = opted_out, now
    if len(states) == 1:
        states[0].address = stored  # a plain row, or one under an older index key, now under the newest


def duplicate_of(session: Session, report_id: int | None) -> Submission:
    report = session.get(Report, report_id) if report_id is not None else None
    if report is None:
        return Submission(Outcome.DUPLICATE)
    return submission_of(Outcome.DUPLICATE, report)


def report_by_reference(session: Session, intake: Intake, typed: str) -> Report | None:
    reference = parse_reference(typed, intake.reference_prefix)
    if reference is None:
        return None
    return session.scalar(select(Report).where(Report.reference == reference))


def add_message_to(
    session: Session,
    intake: Intake,
    report: Report,
    draft: MessageDraft,
    item_id: int | None,
    received_at: datetime,
    actor: str | None = None,
) -> None:
    reasons: list[str] = list(draft.review_reasons)
    message = Message(report=report, inbound_item_id=item_id, channel=draft.inbound.channel, received_at=received_at)
    message.ready_to_seal(intake.keyring)
    message.text = clean_text(draft.text, "message", reasons)  # sealed under the report's key (issue 16)
    session.add(message)
    session.flush()
    add_attachments(session, intake, report, draft.attachments, message.id)
    if reasons:
        report.needs_review = True
        report.review_reasons = [*report.review_reasons, *reasons]
    audit.record(
        session,
        at=received_at,
        actor=actor or f"channel:{draft.inbound.channel}",
        action="message_added",
        report_id=report.id,
    )
    notice_follow_up(session, report, received_at, actor or f"channel:{draft.inbound.channel}")
    _retriage(session, intake, report, message)


def _retriage(session: Session, intake: Intake, report: Report, message: Message) -> None:
    """Issue 11: a later message's words re-triage the report, whatever its state (policy 4.4, 4.10)."""
    if read_message(session, report, message):
        cause = f"message:{message.id}"
        queue_staff_alert(session, intake, report, alert_staff=True, now=message.received_at, cause=cause)


def kept_for_review(intake: Intake, inbound: Inbound, error: Exception) -> Submission:
    """The raw item and a report saying why, in a transaction of their own: nothing is lost.

    Reached only when creating the report or adding the message failed (a value the database
    refused, a fault of ours). The item is then stored, so a poller moves the message on rather
    than retrying it for ever, and staff read it on the report's page (raw input is shown there).
    """
    log.error("inbound item from %s kept for review: %s", inbound.channel, type(error).__name__)
    reason = f"the report could not be created as usual ({type(error).__name__}): read the raw input"
    checked = check_report(ReportDraft(inbound=inbound, review_reasons=(reason,)))
    received_at = inbound.received_at or intake.clock()
    with intake.db.begin() as session:
        created = create_report(session, intake, checked, received_at)
        if created.report is None:
            return duplicate_of(session, created.stored.existing_report_id)
        return submission_of(Outcome.NEW_REPORT, created.report)


def _orphan_as_report(draft: MessageDraft) -> ReportDraft:
    attachments: tuple[AttachmentDraft, ...] = draft.attachments
    return ReportDraft(
        inbound=draft.inbound,
        description=draft.text,
        reporter=draft.sender,
        attachments=attachments,
        review_reasons=(*draft.review_reasons, "quoted a reference that matches no report"),
    )
