"""The pipeline for one raw message, shared by the IMAP poller and ``ingest-eml``.

parse -> auto-reply or bounce? -> one service call (``intake.receive``), which decides the report it
continues, if any. The
service stores the raw bytes under the message's keys in the same transaction, so running
this twice for one message (a crash before the IMAP move, two pollers) changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid

from channels.email.authentication import sender_authenticated
from channels.email.classify import automatic_reason
from channels.email.headers import domain_of
from channels.email.parse import ParsedEmail, parse_email
from intake.public import (
    Acknowledgement,
    Channel,
    Contact,
    ContactMethod,
    Inbound,
    InboundDisposition,
    Intake,
    Outcome,
    Received,
    ReportDraft,
    ReporterRole,
    Submission,
    find_references,
    organisation_of_sender,
    receive,
    record_inbound,
)

RAW_TYPE = "message/rfc822"  # how a stored message is kept: the bytes as they came


@dataclass(frozen=True)
class EmailSettings:
    """What the pipeline needs beyond the core: the size cap and who is never answered."""

    max_bytes: int
    do_not_reply: tuple[str, ...] = ()
    mail_from: str | None = None
    authserv_id: str | None = None  # our receiving server's id in Authentication-Results


@dataclass(frozen=True)
class Ingested:
    """What became of one message, in the words ``ingest-eml`` prints."""

    submission: Submission
    automatic: bool = False

    @property
    def label(self) -> str:
        """One of: new report, added to a report, duplicate, auto-reply, needs review (...)."""
        if self.automatic and self.submission.outcome is Outcome.RECORDED:
            return "auto-reply"
        if self.submission.needs_review and self.submission.outcome is not Outcome.DUPLICATE:
            return f"needs review ({self.submission.outcome.value})"
        return self.submission.outcome.value


def ingest(
    intake: Intake, settings: EmailSettings, raw: bytes, *, key: str | None = None, received_at: datetime | None = None
) -> Ingested:
    """Store one message once: as an auto-reply, a message on its report, or a new report.

    ``key`` is the mailbox's key for the message (IMAP); files are keyed by their bytes' hash.
    The Message-ID (with a digest of subject and body) is a second key, so the same message by
    another route is a duplicate.
    """
    parsed = parse_email(raw, max_bytes=settings.max_bytes)
    inbound = _inbound(raw, parsed, key, received_at)
    if automatic_reason(parsed) is not None:
        return Ingested(record_inbound(intake, inbound, InboundDisposition.AUTO_REPLY), automatic=True)
    return Ingested(receive(intake, _received(intake, settings, inbound, parsed)))


def raw_hash_key(raw: bytes) -> str:
    """The key of a message known only by its bytes: an imported file, or mail without a Message-ID."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _inbound(raw: bytes, parsed: ParsedEmail, key: str | None, received_at: datetime | None) -> Inbound:
    """Keys and receipt time: INTERNALDATE for IMAP; for files, the top Received header, else Date."""
    return Inbound(
        channel=Channel.EMAIL.value,
        key=key or raw_hash_key(raw),
        raw=raw,
        content_type=RAW_TYPE,
        received_at=received_at or parsed.top_received or parsed.date,
        also_keys=(_message_key(raw, parsed),),
    )


def _message_key(raw: bytes, parsed: ParsedEmail) -> str:
    """The same message by another route (a second UID, an exported file) has this key too.

    The Message-ID alone is not enough: real mailers reuse one for different messages (the
    shared corpus has a dozen), and folding those into another report would hide them. So the
    key is the Message-ID with a digest of the subject and the body as sent (line endings aside),
    which servers on the way leave alone; without a Message-ID, the hash of the raw bytes.
    """
    if parsed.message_id is None:
        return raw_hash_key(raw)
    digest = hashlib.sha256(parsed.subject.encode("utf-8", errors="surrogatepass"))
    digest.update(raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[-1])
    return f"{parsed.message_id} {digest.hexdigest()[:32]}"


def _received(intake: Intake, settings: EmailSettings, inbound: Inbound, parsed: ParsedEmail) -> Received:
    """The message for the core to join to the report it names, or to start one with.

    Its sender is vouched for only when our mail server's Authentication-Results show the
    sender's domain passing and aligned (``authentication.py``): a From line alone is forgeable.
    """
    partner = partner_for(intake, parsed.sender)
    return Received(
        report=_report(settings, inbound, parsed, partner),
        sender=Contact(name=parsed.sender_name, email=parsed.sender),
        sender_authenticated=sender_authenticated(parsed.authentication_results, parsed.sender, settings.authserv_id),
        sender_organisation_id=partner,
        quotes=tuple(find_references(parsed.subject, intake.reference_prefix)),
        replies_to=parsed.answers,
    )


def _report(settings: EmailSettings, inbound: Inbound, parsed: ParsedEmail, partner: int | None) -> ReportDraft:
    return ReportDraft(
        inbound=inbound,
        # Policy 4.5: an agency writing from its registered domain reports on someone's behalf.
        reporter_role=ReporterRole.THIRD_PARTY.value if partner is not None else ReporterRole.UNKNOWN.value,
        description=parsed.words,
        reporter=_reporter(parsed),
        attachments=parsed.attachments,
        partner_organisation_id=partner,
        review_reasons=parsed.review_reasons,
        acknowledgement=_acknowledgement(settings, parsed),
    )


def partner_for(intake: Intake, sender: str | None) -> int | None:
    """The partner organisation that invited the sender as one of its users (policy 4.5, 7.1).

    Never by domain alone: anyone can write from a shared or look-alike address, and the report
    would then be shown in that organisation's portal.
    """
    if not sender:
        return None
    with intake.db.read() as session:
        return organisation_of_sender(session, sender)


def _reporter(parsed: ParsedEmail) -> Contact | None:
    """They wrote to us by email, so email is a way they chose to be reached."""
    if parsed.sender is None:
        return None
    return Contact(name=parsed.sender_name, email=parsed.sender, safe_methods=(ContactMethod.EMAIL.value,))


def _acknowledgement(settings: EmailSettings, parsed: ParsedEmail) -> Acknowledgement | None:
    """The reference back by email, threaded on their message, unless the sender is never answered."""
    if parsed.sender is None or _never_answered(settings, parsed.sender):
        return None
    ours = make_msgid(domain=domain_of(settings.mail_from) if settings.mail_from else "localhost")
    headers = [("Message-ID", ours)]
    if parsed.message_id:
        headers += [("In-Reply-To", parsed.message_id), ("References", parsed.message_id)]
    return Acknowledgement(ContactMethod.EMAIL.value, parsed.sender, headers=tuple(headers), message_id=ours)


def _never_answered(settings: EmailSettings, sender: str) -> bool:
    """A do-not-reply address or domain, or our own address (a mail loop)."""
    if settings.mail_from and sender == settings.mail_from.lower():
        return True
    return sender in settings.do_not_reply or domain_of(sender) in settings.do_not_reply
