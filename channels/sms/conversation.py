"""What becomes of one text: a new report, a message on one, an enquiry or an opt-out.

The first text from a number starts a report. A later text within the conversation window
(``SMS_CONVERSATION_HOURS``) of the number's last, while that report is open, joins it. A text
quoting a reference joins that report only when the number is already a party on it;
otherwise it starts a new report marked as possibly related, and the reply says nothing of
the quoted one (policy 1.2: anything reported is treated confidentially).
"""

from __future__ import annotations

from collections.abc import Callable

from channels.sms import wording
from channels.sms.inbound_text import IncomingText
from channels.sms.keywords import Intent, intent_of, keyword_language
from channels.sms.records import SmsRecords
from channels.sms.settings import SmsSettings
from intake.public import (
    AutoReply,
    Contact,
    ContactMethod,
    InboundDisposition,
    Intake,
    Received,
    ReportDraft,
    ReporterRole,
    find_references,
    is_contact_on_report,
    is_safe_to_text_on_report,
    latest_report_with_contact,
    receive,
    record_inbound,
    record_opt_out,
    report_by_reference,
)


def handle_text(intake: Intake, settings: SmsSettings, text: IncomingText) -> str:
    """Store one text and decide the reply ('' for none); the same text again gets the same reply."""
    intent = intent_of(text.body, text.opt_out_type)
    records = SmsRecords(intake.keyring.index)
    # Pictures sent with a keyword belong to no report, but Twilio must not go on holding them:
    # their places are kept with the text, to be fetched and deleted there.
    if intent in (Intent.OPT_OUT, Intent.OPT_IN):
        opted_out = intent is Intent.OPT_OUT
        number = text.sender or ""
        record_opt_out(
            intake,
            text.inbound,
            ContactMethod.SMS.value,
            number,
            opted_out=opted_out,
            media=text.media,
            records=records,
        )
        return ""  # Twilio answers these itself
    if intent is Intent.PROVIDER_HELP:
        record_inbound(intake, text.inbound, InboundDisposition.ENQUIRY, media=text.media, records=records)
        return ""
    if intent in (Intent.HELP, Intent.STATUS):
        language = keyword_language(text.body)
        if intent is Intent.HELP:
            body = wording.help_text(settings.org_name, language)
        else:
            body = _status(intake, settings, text, language)
        answer = AutoReply(text.sender or "", ContactMethod.SMS.value, settings.reply_limit, lambda *_: body)
        disposition = InboundDisposition.ENQUIRY
        return record_inbound(intake, text.inbound, disposition, answer=answer, media=text.media, records=records).reply
    return receive(intake, received_text(settings, text, records)).reply


def received_text(settings: SmsSettings, text: IncomingText, records: SmsRecords) -> Received:
    """A text that tells of an incident, for the core to join to its report or to start one with.

    The number is the network's, so it counts as vouched for; a closed report is not continued
    by text (the number's next conversation starts a new report).
    """
    safe = (ContactMethod.SMS.value,) if text.sender else ()  # they texted us from this number
    sender = Contact(phone=text.sender, safe_methods=safe)
    draft = ReportDraft(
        inbound=text.inbound, reporter_role=ReporterRole.UNKNOWN.value, description=text.body, reporter=sender
    )
    return Received(
        report=draft,
        sender=sender,
        sender_authenticated=True,
        quotes=tuple(find_references(text.body, settings.reference_prefix)),
        conversation_window=settings.conversation_window,
        joins_closed=False,
        media=text.media,
        answer=AutoReply(text.sender or "", ContactMethod.SMS.value, settings.reply_limit, _wording(settings)),
        records=records,
    )


def _wording(settings: SmsSettings) -> Callable[[str | None, bool], str]:
    """The reply once the core has decided: the reference, and whether the text joined its report."""

    def reply(reference: str | None, joined: bool) -> str:
        if reference is None:
            return ""
        if joined:
            return wording.added(settings.org_name, reference)
        return wording.acknowledgement(settings.org_name, reference)

    return reply


def _status(intake: Intake, settings: SmsSettings, text: IncomingText, language: str | None) -> str:
    """Policy 1.2: only the number's own reports are ever described to it, and only where it marked
    texts safe for that report; otherwise the reply a stranger gets (the phone may not be theirs alone)."""
    with intake.db.read() as session:
        report = None
        for reference in find_references(text.body, settings.reference_prefix):
            quoted = report_by_reference(session, reference)
            if quoted is not None and is_contact_on_report(session, quoted.id, phone=text.sender):
                report = quoted
                break
        if report is None and text.sender is not None:
            report = latest_report_with_contact(session, phone=text.sender)
        if report is None or not is_safe_to_text_on_report(session, report.id, text.sender):
            return wording.status(settings.org_name, None, None, language)
        # In the keyword's language if not English's, else in the language the report was made in.
        return wording.status(settings.org_name, report.reference, report.status, language or report.language)
