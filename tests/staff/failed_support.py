"""Things that failed for good, as the outbox and the media fetcher leave them after their last try."""

from __future__ import annotations

from sqlalchemy import select

from channels.sms.remote_media import record_remote_media, remote_media_failed
from channels.sms.tables import RemoteMedia
from intake import outbox
from intake.context import Intake
from intake.models import OutboxMessage, Report
from intake.vocabulary import OutboxStatus

RECIPIENT = "amina.khan@example.org"
BODY = "Your report about the broken window at 12 Mill Lane"
REFUSAL = f"550 5.1.1 <{RECIPIENT}>: Recipient address rejected"


def fail_for_good(intake: Intake, reference: str) -> None:
    """An email to the reporter that was refused, and a picture Twilio would not give us."""
    with intake.db.begin() as session:
        report_id = session.scalar(select(Report.id).where(Report.reference == reference))
        outbox.enqueue(
            session,
            now=intake.clock(),
            dedupe_key=f"failed:{reference}",
            kind="staff_message",
            method="email",
            recipient=RECIPIENT,
            body=BODY,
            report_id=report_id,
        )
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key == f"failed:{reference}")).one()
        message.status, message.attempts, message.last_error = OutboxStatus.FAILED.value, 8, REFUSAL
    record_remote_media(intake, "sms", f"SM-{reference}", report_id, [("https://api.twilio.com/media/1", "image/jpeg")])
    with intake.db.read() as session:
        media_id = session.scalars(select(RemoteMedia.id).where(RemoteMedia.inbound_key == f"SM-{reference}")).one()
    remote_media_failed(intake, media_id, "HTTPError 404", permanent=True)
