"""Real protocol peers on 127.0.0.1: Dovecot (IMAP over TLS) and an aiosmtpd sink.

Dovecot runs as root from a throwaway configuration in a temp folder, with a self-signed
certificate made by ``openssl``; every test gets its own mail user, so mailboxes never mix.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from imapclient import IMAPClient

DOVECOT = "/usr/sbin/dovecot"
ACCOUNTS = 200

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
# The wrong-password tests fail logins on purpose: no added delay.
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_certificate(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost; returns the certificate file."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "cert.pem"


@dataclass
class Dovecot:
    """A running Dovecot; ``new_account()`` gives each test an empty mailbox of its own."""

    root: Path
    imaps_port: int = 0
    imap_port: int = 0
    process_started: bool = False
    extra_config: str = ""
    _accounts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ca_file(self) -> Path:
        return self.root / "cert.pem"

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> None:
        if not Path(DOVECOT).exists():
            raise RuntimeError(f"{DOVECOT} is missing: run scripts/ensure-dovecot.sh (make services does)")
        self.root.chmod(0o755)  # Dovecot's auth and mail processes run as other users
        for folder in ("run", "state", "mail"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        shutil.chown(self.root / "mail", "nobody", "nogroup")
        make_certificate(self.root)
        self._accounts = [(f"u{secrets.token_hex(6)}", secrets.token_urlsafe(12)) for _ in range(ACCOUNTS)]
        (self.root / "users").write_text("".join(f"{user}:{{PLAIN}}{password}\n" for user, password in self._accounts))
        for _ in range(5):
            self.imaps_port, self.imap_port = free_port(), free_port()
            config = CONFIG.format(root=self.root, imap_port=self.imap_port, imaps_port=self.imaps_port)
            self.config.write_text(config + self.extra_config)
            if _run_quietly([DOVECOT, "-c", str(self.config)]) == 0:
                self.process_started = True
                if _wait_for_port(self.imaps_port):
                    return
                self.stop()
        raise RuntimeError(f"Dovecot did not start; see {self.root / 'dovecot.log'}")

    def stop(self) -> None:
        if self.process_started:
            _run_quietly([DOVECOT, "-c", str(self.config), "stop"])
            self.process_started = False

    @classmethod
    def started(cls, extra_config: str = "") -> Dovecot:
        """A new Dovecot in its own folder under the system temp dir (pytest's are private to root)."""
        dovecot = cls(Path(tempfile.mkdtemp(prefix="intake-dovecot-")), extra_config=extra_config)
        dovecot.start()
        return dovecot

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def new_account(self) -> Account:
        """An unused account: all are made before Dovecot starts (it re-reads its user file lazily)."""
        user, password = self._accounts.pop()
        return Account(self, user, password)


@dataclass
class Account:
    """One mail user on the test Dovecot, reached over TLS with the test certificate trusted."""

    server: Dovecot
    user: str
    password: str

    def settings(self, **extra: object) -> dict[str, object]:
        values: dict[str, object] = {
            "IMAP_HOST": "127.0.0.1",
            "IMAP_PORT": self.server.imaps_port,
            "IMAP_USER": self.user,
            "IMAP_PASSWORD": self.password,
            "IMAP_CA_FILE": str(self.server.ca_file),
        }
        values.update(extra)
        return values

    def connect(self) -> IMAPClient:
        context = ssl.create_default_context(cafile=str(self.server.ca_file))
        client = IMAPClient("127.0.0.1", port=self.server.imaps_port, ssl=True, ssl_context=context, timeout=30)
        client.login(self.user, self.password)
        return client

    def append(self, messages: Iterable[bytes], when: datetime | None = None, folder: str = "INBOX") -> None:
        """Deliver messages with IMAP APPEND, which also sets each one's INTERNALDATE."""
        with self.connect() as client:
            for raw in messages:
                client.append(folder, raw, msg_time=when)

    def uids(self, folder: str) -> list[int]:
        with self.connect() as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            return sorted(client.search(["ALL"]))

    def message_ids(self, folder: str) -> list[str]:
        """The Message-ID header of every message in a folder, sorted."""
        with self.connect() as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            fetched = client.fetch(client.search(["ALL"]), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            headers = (data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode() for data in fetched.values())
            return sorted(header.split(":", 1)[1].strip() for header in headers)


def _run_quietly(command: list[str]) -> int:
    """Dovecot's master daemonises and would hold a captured pipe open: send its output nowhere."""
    return subprocess.run(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).returncode


def _wait_for_port(port: int) -> bool:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


@dataclass
class Sink:
    """An SMTP sink that keeps every message it accepts, and can refuse the first attempts."""

    refuse_first: int = 0
    port: int = 0
    received: list[bytes] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    attempts: int = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.attempts += 1
        if self.attempts <= self.refuse_first:
            return "451 4.3.0 try again later"
        self.received.append(bytes(envelope.content or b""))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


def start_sink(sink: Sink) -> Controller:
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
