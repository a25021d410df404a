"""What becomes of one text: a new report, a message on one, an enquiry or an opt-out.

The first text from a number starts a report. A later text within the conversation window
(``SMS_CONVERSATION_HOURS``) of the number's last, while that report is open, joins it. A text
quoting a reference joins that report only when the number is already a party on it;
otherwise it starts a new report marked as possibly related, and the reply says nothing of
the quoted one (policy 1.2: anything reported is treated confidentially).
"""

from __future__ import annotations

from dataclasses import dataclass

from channels.sms import wording
from channels.sms.inbound_text import IncomingText
from channels.sms.keywords import Intent, intent_of
from channels.sms.options import SmsOptions
from intake.context import Intake
from intake.drafts import Contact, MessageDraft, ReportDraft
from intake.queries import (
    is_contact_on_report,
    is_safe_to_text_on_report,
    latest_report_with_contact,
    report_by_reference,
)
from intake.references import find_references
from intake.remote_media import record_remote_media
from intake.replies import ReplyRequest, last_conversation, reply_once
from intake.services import Outcome, Submission, add_message, record_inbound, record_opt_out, submit_report
from intake.vocabulary import Channel, ContactMethod, InboundDisposition, ReporterRole, Status


@dataclass(frozen=True)
class Route:
    """Where a text goes: onto an existing report, or a new one (maybe related to another)."""

    add_to: str | None = None
    possibly_related: str | None = None


def handle_text(intake: Intake, options: SmsOptions, text: IncomingText) -> str:
    """Store one text and decide the reply ('' for none); the same text again gets the same reply."""
    intent = intent_of(text.body, text.opt_out_type)
    if intent is not Intent.REPORT and text.media:
        # No report to keep them with, but Twilio must not go on holding them: fetched and deleted there.
        record_remote_media(intake, Channel.SMS.value, text.inbound.key, None, text.media)
    if intent in (Intent.OPT_OUT, Intent.OPT_IN):
        opted_out = intent is Intent.OPT_OUT
        record_opt_out(intake, text.inbound, ContactMethod.SMS.value, text.sender or "", opted_out=opted_out)
        return ""  # Twilio answers these itself
    if intent is Intent.PROVIDER_HELP:
        record_inbound(intake, text.inbound, InboundDisposition.ENQUIRY)
        return ""
    if intent in (Intent.HELP, Intent.STATUS):
        record_inbound(intake, text.inbound, InboundDisposition.ENQUIRY)
        body = wording.help_text(options.org_name) if intent is Intent.HELP else _status(intake, options, text)
        return _reply(intake, options, text, None, body)
    where = route(intake, options, text)
    submission = _store_report_text(intake, text, where)
    if text.media and submission.report_id is not None:
        record_remote_media(intake, Channel.SMS.value, text.inbound.key, submission.report_id, text.media)
    return _reply(intake, options, text, submission.report_id, _report_reply(options, submission, where))


def route(intake: Intake, options: SmsOptions, text: IncomingText) -> Route:
    """Decide where a text goes, from what is stored before it."""
    quoted = find_references(text.body, options.reference_prefix)
    with intake.db.read() as session:
        related = None
        for reference in quoted:
            report = report_by_reference(session, reference)
            if report is None:
                continue
            if report.status != Status.CLOSED and is_contact_on_report(session, report.id, phone=text.sender):
                return Route(add_to=report.reference)
            related = related or report.reference
        if related is not None or text.sender is None:
            return Route(possibly_related=related)  # no number: nothing to thread on
        last = last_conversation(session, Channel.SMS.value, text.sender)
    received_at = text.inbound.received_at or intake.clock()
    if last and last.status != Status.CLOSED and received_at - last.last_received_at <= options.conversation_window:
        return Route(add_to=last.reference)
    return Route()


def _store_report_text(intake: Intake, text: IncomingText, where: Route) -> Submission:
    safe = (ContactMethod.SMS.value,) if text.sender else ()  # they texted us from this number
    sender = Contact(phone=text.sender, safe_methods=safe)
    if where.add_to is not None:
        return add_message(
            intake, MessageDraft(inbound=text.inbound, report_reference=where.add_to, text=text.body, sender=sender)
        )
    draft = ReportDraft(
        inbound=text.inbound,
        reporter_role=ReporterRole.UNKNOWN.value,
        description=text.body,
        reporter=sender,
        possibly_related_reference=where.possibly_related,
    )
    return submit_report(intake, draft)


def _report_reply(options: SmsOptions, submission: Submission, where: Route) -> str:
    """From the stored report, so a retry whose first reply was never recorded is answered the same way."""
    if submission.reference is None:
        return ""
    joined = submission.outcome is Outcome.ADDED_TO_REPORT
    if joined or (submission.outcome is Outcome.DUPLICATE and where.add_to == submission.reference):
        return wording.added(options.org_name, submission.reference)
    return wording.acknowledgement(options.org_name, submission.reference)


def _status(intake: Intake, options: SmsOptions, text: IncomingText) -> str:
    """Policy 1.2: only the number's own reports are ever described to it, and only where it marked
    texts safe for that report; otherwise the reply a stranger gets (the phone may not be theirs alone)."""
    with intake.db.read() as session:
        report = None
        for reference in find_references(text.body, options.reference_prefix):
            quoted = report_by_reference(session, reference)
            if quoted is not None and is_contact_on_report(session, quoted.id, phone=text.sender):
                report = quoted
                break
        if report is None and text.sender is not None:
            report = latest_report_with_contact(session, phone=text.sender)
        if report is None or not is_safe_to_text_on_report(session, report.id, text.sender):
            return wording.status(options.org_name, None, None)
        return wording.status(options.org_name, report.reference, report.status)


def _reply(intake: Intake, options: SmsOptions, text: IncomingText, report_id: int | None, body: str) -> str:
    request = ReplyRequest(
        channel=Channel.SMS.value,
        inbound_key=text.inbound.key,
        address=text.sender or "",
        received_at=text.inbound.received_at or intake.clock(),
        report_id=report_id,
        body=body,
    )
    return reply_once(intake, request, limit=options.reply_limit, method=ContactMethod.SMS.value)
