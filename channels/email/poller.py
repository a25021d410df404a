"""The IMAP poller: every message stored once, a batch in one transaction, and only then moved.

The order is the point: fetch with ``BODY.PEEK[]`` (nothing marked read), store under
mailbox + UIDVALIDITY + UID and the Message-ID, each message in a savepoint of the batch's
transaction (a bad one rolls back alone and is kept for review), commit, and only then move
the batch's messages to the processed folder. A crash between the commit and the move leaves
the messages in the inbox; the next pass finds their keys already stored and only moves them.
Two pollers at once both try, and the database's unique keys let one of them store each.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from channels.email import mailbox
from channels.email.ingest import EmailSettings, ingest
from channels.email.mailbox import LoginRefused, MailboxSettings
from intake.public import Intake

log = logging.getLogger(__name__)

FETCH_ITEMS = ["BODY.PEEK[]", "INTERNALDATE", "RFC822.SIZE"]
SIZE = b"RFC822.SIZE"
CRASH_EXIT_CODE = 75


@dataclass
class Backoff:
    """Waits between reconnections: doubling, capped; much longer after a refused login."""

    failures: int = 0

    def after_failure(self) -> float:
        """1 s, 2 s, 4 s ... up to 5 minutes: a restarting server is back soon, a dead one is not hammered."""
        self.failures += 1
        return float(min(2 ** (self.failures - 1), 300))

    def after_login_refused(self) -> float:
        """A minute, doubling to an hour: a wrong password needs a person, and servers lock out retries."""
        self.failures += 1
        return float(min(60 * 2 ** (self.failures - 1), 3600))

    def reset(self) -> None:
        """Connected and logged in: the next failure starts the waits again from the shortest."""
        self.failures = 0


@dataclass
class Poller:
    """Watches one mailbox and feeds each message through the email pipeline."""

    intake: Intake
    email: EmailSettings
    settings: MailboxSettings
    batch_size: int = 50
    fetch_one_bytes: int = 1024 * 1024  # a message larger than this is fetched on its own
    idle_seconds: int = 540
    poll_seconds: int = 60
    after_batch: Callable[[], object] = lambda: None
    sleep: Callable[[float], None] = time.sleep
    exit_after_commit: bool = False  # for the crash test: die between the commit and the move
    backoff: Backoff = field(default_factory=Backoff)

    def run(self, *, once: bool = False) -> int:
        """Poll until stopped (or one pass with ``once``), reconnecting with back-off after failures."""
        while True:
            try:
                self._session(once)
                return 0
            except LoginRefused:
                # One line, naming the settings to check, never the account or the password.
                log.error("IMAP login refused: check IMAP_USER and IMAP_PASSWORD")
                delay = self.backoff.after_login_refused()
            except (OSError, ssl.SSLError, IMAPClientError) as error:
                log.warning("IMAP connection failed (%s)", type(error).__name__)
                delay = self.backoff.after_failure()
            if once:
                return 1
            log.info("reconnecting to IMAP in %.0f s", delay)
            self.sleep(delay)

    def _session(self, once: bool) -> None:
        client = mailbox.connect(self.settings)
        try:
            self.backoff.reset()
            mailbox.ensure_folder(client, self.settings.processed)
            while True:
                # Until a pass stores nothing, so that its SEARCH is the last command before IDLE:
                # mail arriving after it is announced when IDLE starts, not swallowed by a MOVE.
                while self.process_backlog(client):
                    pass
                if once:
                    return
                if not mailbox.wait_for_mail(client, self.idle_seconds):
                    self.sleep(self.poll_seconds)
        finally:
            client.shutdown()

    def process_backlog(self, client: IMAPClient) -> int:
        """Store and move every message now in the mailbox, a batch at a time; how many were stored."""
        selected = client.select_folder(self.settings.mailbox)
        uidvalidity = int(selected[b"UIDVALIDITY"])
        uids = sorted(int(uid) for uid in client.search(["UNDELETED"]))
        stored = 0
        for batch in _batches(uids, self.batch_size):
            with self.intake.db.batch():  # one transaction, a savepoint per message (issue 13)
                done = self._store_batch(client, uidvalidity, batch)
            if self.exit_after_commit:
                os._exit(CRASH_EXIT_CODE)
            mailbox.move(client, done, self.settings.processed)
            stored += len(done)
            self.after_batch()
        return stored

    def _store_batch(self, client: IMAPClient, uidvalidity: int, batch: Sequence[int]) -> list[int]:
        """Small messages fetched together; each large one on its own, so memory holds one at a time.

        Fifty 20 MB messages fetched in one command would all sit in memory at once; asking their
        sizes first costs one short round trip per batch.
        """
        sizes = client.fetch(list(batch), [SIZE.decode()])
        present = [uid for uid in batch if uid in sizes]  # the others were moved meanwhile by another poller
        small = [uid for uid in present if int(sizes[uid].get(SIZE, 0)) <= self.fetch_one_bytes]
        groups = [small, *([uid] for uid in present if uid not in small)]
        return sorted(uid for group in groups if group for uid in self._fetch_and_store(client, uidvalidity, group))

    def _fetch_and_store(self, client: IMAPClient, uidvalidity: int, uids: list[int]) -> list[int]:
        fetched = client.fetch(uids, FETCH_ITEMS)
        done = []
        for uid in uids:
            data = fetched.get(uid)
            if data is None or data.get(b"BODY[]") is None:
                continue  # moved meanwhile by another poller
            if self._store_one(uidvalidity, uid, data):
                done.append(uid)
        return done

    def _store_one(self, uidvalidity: int, uid: int, data: dict[bytes, Any]) -> bool:
        key = f"{self.settings.mailbox}:{uidvalidity}:{uid}"
        raw, internal_date = bytes(data[b"BODY[]"]), data.get(b"INTERNALDATE")
        try:
            ingested = ingest(self.intake, self.email, raw, key=key, received_at=internal_date)
        except Exception as error:  # noqa: BLE001 - one bad message never stops a batch; it stays in the inbox
            log.error("message uid %s could not be stored (%s); left in the mailbox", uid, type(error).__name__)
            return False
        log.info("message uid %s: %s %s", uid, ingested.label, ingested.submission.reference or "")
        return True


def _batches(uids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(uids), size):
        yield list(uids[start : start + size])
