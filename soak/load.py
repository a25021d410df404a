"""The load: signed SMS webhooks, partner API calls, whole web-form reports and mail, at once.

Each client behaves as its real counterpart does: Twilio retries a webhook on a 5xx or a lost
connection and sometimes delivers the same one twice; a partner's system retries with the same
Idempotency-Key; a person whose page failed reloads it and sends again; mail is appended to the
inbox over IMAP and, if the connection drops mid-append, appended again (same Message-ID).
Every item is recorded with what happened to it, for the ledger.
"""

from __future__ import annotations

import random
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import requests
from twilio.request_validator import RequestValidator

from tests.email.peers import Account
from tests.partner.support import API_REPORT
from tests.sms.twilio_standin import TwilioStandIn
from tests.web.conftest import VICTIM_ANONYMOUS
from tests.web.files import png

ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "soak-auth-token-0123456789abcdef"
OUR_NUMBER = "+447400999999"
REPLAY_SHARE = 0.1  # delivered again after it was accepted: a Twilio retry, a partner's repeat
FOLLOW_UP_SHARE = 0.15  # a second text from the same phone: a message on the same report
MEDIA_SHARE = 0.1
MAX_ATTEMPTS = 12


@dataclass
class Item:
    channel: str
    key: str  # what the service stores it under (a MessageSid, an Idempotency-Key, a form token, a Message-ID)
    offered_at: float
    accepted_at: float | None = None
    attempts: int = 0
    replays: int = 0
    latency: float | None = None  # the accepted attempt's own time
    recipient: str | None = None  # where its acknowledgement goes, if any


@dataclass
class Record:
    started: float = field(default_factory=time.monotonic)
    items: list[Item] = field(default_factory=list)
    statuses: dict[str, Counter[str]] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new(self, channel: str, key: str, recipient: str | None = None) -> Item:
        item = Item(channel, key, time.monotonic() - self.started, recipient=recipient)
        with self.lock:
            self.items.append(item)
        return item

    def saw(self, channel: str, status: int | str, seconds: float) -> None:
        with self.lock:
            self.statuses.setdefault(channel, Counter())[str(status)] += 1
            self.latencies.setdefault(channel, []).append(seconds)

    def accepted(self, item: Item, seconds: float) -> None:
        item.accepted_at, item.latency = time.monotonic() - self.started, seconds


@dataclass
class Target:
    instances: list[str]
    public_base_url: str
    partner_token: str
    account: Account
    record: Record
    twilio: TwilioStandIn
    numbers: list[str] = field(default_factory=list)
    counter: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def base(self) -> str:
        return random.choice(self.instances)  # the load balancer's choice, per request

    def new_number(self) -> str:
        with self.lock:
            self.counter += 1
            return f"+4474{self.counter:08d}"


def attempt(record: Record, channel: str, send: Callable[[], requests.Response], ok: set[int]) -> tuple[Any, float]:
    """One try: the response if its status is one of ``ok``, else None; and its time."""
    started = time.monotonic()
    try:
        response = send()
        status: int | str = response.status_code
    except requests.RequestException as error:
        response, status = None, type(error).__name__
    seconds = time.monotonic() - started
    record.saw(channel, status, seconds)
    return (response if status in ok else None), seconds


def until_accepted(item: Item, record: Record, send: Callable[[], requests.Response], ok: set[int]) -> Any:
    """Retry on anything but acceptance, backing off from 1 s to 10 s, as Twilio and people do."""
    delay = 1.0
    for _ in range(MAX_ATTEMPTS):
        item.attempts += 1
        response, seconds = attempt(record, item.channel, send, ok)
        if response is not None:
            record.accepted(item, seconds)
            return response
        time.sleep(delay)
        delay = min(delay * 2, 10.0)
    return None


def send_sms(target: Target) -> None:
    """A text, signed with the account's token as Twilio signs it, retried and sometimes replayed."""
    with target.lock:
        follow_up = target.numbers and random.random() < FOLLOW_UP_SHARE
        number = random.choice(target.numbers) if follow_up else None
    number = number or target.new_number()
    with target.lock:
        target.numbers.append(number)
    form = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": ACCOUNT_SID,
        "From": number,
        "To": OUR_NUMBER,
        "Body": "Someone keeps shouting racist abuse at my door and wrote on my car",
        "NumMedia": "0",
    }
    if random.random() < MEDIA_SHARE:  # a picture by MMS, held at Twilio until the media job fetches it
        media = target.twilio.add_media(png(secrets.token_bytes(3)))
        form.update(NumMedia="1", MediaUrl0=media, MediaContentType0="image/png")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(target.public_base_url + "/sms/inbound", form)
    item = target.record.new("sms", form["MessageSid"], recipient=number)

    def post() -> requests.Response:
        headers = {"X-Twilio-Signature": signature}
        return requests.post(target.base() + "/sms/inbound", data=form, headers=headers, timeout=30)

    if until_accepted(item, target.record, post, {200}) is not None and random.random() < REPLAY_SHARE:
        item.replays += 1
        attempt(target.record, "sms", post, {200})


def send_api_report(target: Target) -> None:
    """A partner's case system reporting on a victim's behalf, under its own Idempotency-Key."""
    key, number = secrets.token_hex(16), target.new_number()
    body = {**API_REPORT, "victim": {"phone": number, "safe_methods": ["sms"]}}
    item = target.record.new("api", key, recipient=number)
    headers = {"Authorization": f"Bearer {target.partner_token}", "Idempotency-Key": key}

    def post() -> requests.Response:
        return requests.post(target.base() + "/api/v1/reports", json=body, headers=headers, timeout=30)

    if until_accepted(item, target.record, post, {200, 201}) is not None and random.random() < REPLAY_SHARE:
        item.replays += 1
        attempt(target.record, "api", post, {200, 201})


CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
TOKEN = re.compile(r'<input[^>]*name="token"[^>]*value="([^"]+)"')
UPLOAD = "photos-and-documents"


class WebFormFailed(Exception):
    pass


def send_web_report(target: Target) -> None:
    """A whole report through the web form, page by page, each request to either instance, with a photo."""
    browser, record = requests.Session(), target.record
    _step(record, lambda: browser.get(target.base() + "/report", allow_redirects=False, timeout=30), {302})
    try:
        for slug, answers in VICTIM_ANONYMOUS:
            if slug == UPLOAD:
                _answer(
                    target,
                    browser,
                    slug,
                    {"action": "add"},
                    {"files": ("door.png", png(secrets.token_bytes(3)), "image/png")},
                )
            _answer(target, browser, slug, answers)
        page = _step(record, lambda: browser.get(target.base() + "/report/check-your-answers", timeout=30), {200})
    except WebFormFailed:
        return
    form = {"csrf_token": _found(CSRF, page.text), "token": _found(TOKEN, page.text)}
    item = record.new("web", form["token"])

    def send() -> requests.Response:
        return browser.post(target.base() + "/report/check-your-answers", data=form, allow_redirects=False, timeout=30)

    until_accepted(item, record, send, {302})


def _answer(target: Target, browser: requests.Session, slug: str, answers: dict[str, Any], files: Any = None) -> None:
    """Open the page and answer it; on a failure, reload the page and answer again, as a person would."""
    url = f"/report/{slug}"
    for _ in range(MAX_ATTEMPTS):
        page, _ = attempt(target.record, "web", lambda: browser.get(target.base() + url, timeout=30), {200})
        if page is not None:
            data = {"csrf_token": _found(CSRF, page.text), **answers}

            def post(data: dict[str, Any] = data) -> requests.Response:
                return browser.post(target.base() + url, data=data, files=files, allow_redirects=False, timeout=30)

            posted, _ = attempt(target.record, "web", post, {302})
            if posted is not None:
                return
        time.sleep(1)
    raise WebFormFailed(slug)


def _step(record: Record, send: Callable[[], requests.Response], ok: set[int]) -> requests.Response:
    for _ in range(MAX_ATTEMPTS):
        response, _ = attempt(record, "web", send, ok)
        if response is not None:
            return response  # type: ignore[no-any-return]
        time.sleep(1)
    raise WebFormFailed("start")


def _found(pattern: re.Pattern[str], html: str) -> str:
    match = pattern.search(html)
    if match is None:
        raise WebFormFailed(pattern.pattern)
    return match[1]


class Mailer:
    """Appends mail to the inbox over one IMAP connection, reconnecting when it is cut."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.client: Any = None
        self.lock = threading.Lock()

    def send(self) -> None:
        key, sender = secrets.token_hex(16), f"r{secrets.token_hex(5)}@resident.example"
        raw = _mail(key, sender)
        item = self.target.record.new("email", f"<{key}@soak.example>", recipient=sender)
        for _ in range(MAX_ATTEMPTS):
            item.attempts += 1
            started = time.monotonic()
            try:
                with self.lock:
                    if self.client is None:
                        self.client = self.target.account.connect()
                    self.client.append("INBOX", raw)
            except Exception as error:  # noqa: BLE001 - a cut connection: reconnect, append again
                self.client = None
                self.target.record.saw("email", type(error).__name__, time.monotonic() - started)
                time.sleep(1)
                continue
            self.target.record.saw("email", "APPENDED", time.monotonic() - started)
            self.target.record.accepted(item, time.monotonic() - started)
            return


def _mail(key: str, sender: str) -> bytes:
    return (
        f"From: A Resident <{sender}>\r\n"
        "To: report-hate@landlord.example\r\n"
        "Subject: Abuse from a neighbour\r\n"
        f"Message-ID: <{key}@soak.example>\r\n"
        f"Date: {format_datetime(datetime.now(UTC))}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "My neighbour shouted homophobic abuse at me again and threatened to hurt me.\r\n"
    ).encode()
