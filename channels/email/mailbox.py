"""The IMAP connection: TLS (or STARTTLS) only, certificate checked, login failures told apart.

Plain text is never used, not even as a fallback: a server that offers no STARTTLS is an
error. The poller's words for IMAP (UIDVALIDITY, UIDs, MOVE) stay in this channel.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientError, LoginError

DELETED = b"\\Deleted"
EXPUNGED = "EXPUNGEISSUED"  # RFC 5530: another session removed some of the messages named


class LoginRefused(Exception):
    """The server refused the configured user name and password: retrying soon will not help."""


@dataclass(frozen=True)
class MailboxSettings:
    """One IMAP account and its two folders, from the IMAP_* settings."""

    host: str
    port: int
    security: str  # tls or starttls
    user: str
    password: str
    ca_file: str | None
    mailbox: str
    processed: str
    timeout_seconds: int


def connect(settings: MailboxSettings) -> IMAPClient:
    """A logged-in client over TLS, trusting ``ca_file`` if given, else the system's store."""
    context = ssl.create_default_context(cafile=settings.ca_file)
    timeout = SocketTimeout(connect=settings.timeout_seconds, read=settings.timeout_seconds)
    tls = settings.security == "tls"
    client = IMAPClient(settings.host, settings.port, ssl=tls, ssl_context=context, timeout=timeout)
    try:
        if not tls:
            client.starttls(context)  # raises when not offered: never log in over plain text
        client.login(settings.user, settings.password)
    except LoginError:
        client.shutdown()
        raise LoginRefused from None
    except BaseException:
        client.shutdown()
        raise
    client.normalise_times = False  # INTERNALDATE as an aware datetime, as the server gave it
    return client


def ensure_folder(client: IMAPClient, folder: str) -> None:
    """Create the processed folder once; another poller creating it first is fine."""
    if client.folder_exists(folder):
        return
    try:
        client.create_folder(folder)
    except IMAPClientError:
        if not client.folder_exists(folder):
            raise


def move(client: IMAPClient, uids: Sequence[int], folder: str) -> None:
    """Move messages out of the inbox; those another poller moved first are skipped."""
    try:
        _move(client, uids, folder)
    except IMAPClientError as error:
        if EXPUNGED not in str(error):
            raise
        for uid in uids:  # one by one, so the others still move
            _move_if_there(client, uid, folder)


def _move_if_there(client: IMAPClient, uid: int, folder: str) -> None:
    try:
        _move(client, [uid], folder)
    except IMAPClientError as error:
        if EXPUNGED not in str(error):
            raise


def _move(client: IMAPClient, uids: Sequence[int], folder: str) -> None:
    """MOVE where offered, else COPY, flag deleted, UID EXPUNGE."""
    if not uids:
        return
    if client.has_capability("MOVE"):
        client.move(list(uids), folder)
        return
    client.copy(list(uids), folder)
    client.add_flags(list(uids), [DELETED])
    client.uid_expunge(list(uids))


def wait_for_mail(client: IMAPClient, idle_seconds: int) -> bool:
    """Block until the server reports a change or ``idle_seconds`` pass; False without IDLE."""
    if not client.has_capability("IDLE"):
        return False
    client.idle()
    try:
        if not _announced_before_idle(client):
            client.idle_check(timeout=idle_seconds)
    finally:
        client.idle_done()
    return True


def _announced_before_idle(client: IMAPClient) -> bool:
    """Whether new mail was announced before IDLE began (after a SEARCH, or before "+ idling").

    imapclient files such untagged EXISTS responses away where ``idle_check`` never sees them,
    so mail arriving between the last pass and IDLE would otherwise wait for the next re-issue.
    """
    pending = client._imap.untagged_responses
    return bool(pending.pop("EXISTS", None)) | bool(pending.pop("RECENT", None))
