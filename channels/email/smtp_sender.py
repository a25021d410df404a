"""Delivering outbox email by SMTP: the outbox claims each row first, so nothing is sent twice.

Every message we send is automatic, so it says so (RFC 3834 ``Auto-Submitted``, and
Exchange's ``X-Auto-Response-Suppress``) and other systems' autoresponders stay quiet, and
it carries the Message-ID stored with it, so a reply threads back to its report.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from channels.email.headers import domain_of
from intake.public import DeliveryFailed, Outgoing

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpSender:
    """The outbox's sender for the ``email`` method."""

    host: str | None
    port: int
    security: str  # starttls, tls, or none (a relay on this machine)
    mail_from: str | None
    user: str | None = None
    password: str | None = None

    def send(self, message: Outgoing) -> str | None:
        """Send one message; a refusal the server calls temporary is retried by the outbox."""
        if not self.host or not self.mail_from:
            raise DeliveryFailed("SMTP_HOST and MAIL_FROM are needed to send email")
        email = self.compose(message)
        try:
            with self._connect() as smtp:
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as refused:
            codes = [code for code, _ in refused.recipients.values()]
            raise DeliveryFailed("recipient refused", permanent=all(code >= 500 for code in codes)) from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryFailed(f"SMTP {error.smtp_code}", permanent=error.smtp_code >= 500) from None
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(type(error).__name__) from None
        return str(email["Message-ID"])

    def compose(self, message: Outgoing) -> EmailMessage:
        """The message as sent: our headers, then the ones stored with it (Message-ID, In-Reply-To)."""
        email = EmailMessage()
        email["From"] = self.mail_from or ""
        email["To"] = message.recipient
        email["Subject"] = message.subject or ""
        email["Date"] = formatdate(localtime=False)
        replying = "In-Reply-To" in message.headers
        email["Auto-Submitted"] = "auto-replied" if replying else "auto-generated"
        email["X-Auto-Response-Suppress"] = "All"
        for name, value in message.headers.items():
            email[name] = str(value)
        if email["Message-ID"] is None:
            email["Message-ID"] = make_msgid(domain=domain_of(parseaddr(self.mail_from or "")[1] or "@localhost"))
        email.set_content(message.body)
        return email

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host or "", self.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            smtp = smtplib.SMTP(self.host or "", self.port, timeout=TIMEOUT_SECONDS)
            if self.security == "starttls":
                smtp.starttls(context=context)
        if self.user and self.password:
            smtp.login(self.user, self.password)
        return smtp
