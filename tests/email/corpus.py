"""Tricky messages the tests write themselves: every case the email issue lists, as raw bytes.

Each builder returns the bytes a mail server would hand us. Message-IDs are random so that
every test (and every benchmark message) is a new message.
"""

from __future__ import annotations

import base64
import secrets

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
WORDS = "My neighbour shouted racist abuse at me on the stairs again"


AUTHSERV_ID = "mx.landlord.example"  # our receiving server, as EMAIL_AUTHSERV_ID names it


def authenticated(domain: str, result: str = "dmarc=pass header.from={domain}", server: str = AUTHSERV_ID) -> str:
    """The Authentication-Results header our mail server adds when the sender's domain passed DMARC."""
    return f"Authentication-Results: {server}; {result.format(domain=domain)}\r\n"


def new_id() -> str:
    return f"<{secrets.token_hex(8)}@resident.example>"


def message(
    body: bytes | str = WORDS,
    *,
    subject: str = "Abuse on the stairs",
    sender: str = "Sam Resident <sam@resident.example>",
    content_type: str = "text/plain; charset=utf-8",
    extra: str = "",
    message_id: str | None = None,
    encoding: str = "8bit",
    date: str = "Wed, 25 Nov 2026 09:30:00 +0000",
) -> bytes:
    """One message with the given headers and body; ``extra`` lines go in the header block."""
    head = (
        f"From: {sender}\r\nTo: report@landlord.example\r\nSubject: {subject}\r\nDate: {date}\r\n"
        f"Message-ID: {message_id or new_id()}\r\nMIME-Version: 1.0\r\n{extra}"
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n"
    )
    data = body.encode("utf-8") if isinstance(body, str) else body
    return head.encode("utf-8") + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + b"\r\n"


def multipart(parts: list[bytes], *, kind: str = "mixed", boundary: str = "b0undary", **headers: str) -> bytes:
    """A multipart message of already-built parts (each its own headers and body)."""
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    return message(body, content_type=f'multipart/{kind}; boundary="{boundary}"', encoding="7bit", **headers)


def part(content_type: str, body: bytes | str, *, encoding: str = "8bit", extra: str = "") -> bytes:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n{extra}\r\n".encode() + data


def attachment(filename_params: str, content: bytes, content_type: str = "image/jpeg") -> bytes:
    """A base64 attachment; ``filename_params`` is the raw disposition parameters (RFC 2231 etc.)."""
    encoded = base64.encodebytes(content).replace(b"\n", b"\r\n")
    return part(
        content_type, encoded, encoding="base64", extra=f"Content-Disposition: attachment; {filename_params}\r\n"
    )


# Section 3 of the issue: parsing that survives real mail.
def plain_utf8() -> bytes:
    return message("Ünïcödé résident: they wrote “go home” on my door ✋")


def windows_1252_labelled_latin1() -> bytes:
    return message(
        "“Go home” they said \u2013 it cost me €300".encode("cp1252"),
        content_type="text/plain; charset=iso-8859-1",
    )


def iso_8859_2() -> bytes:
    return message("Zażółć gęślą jaźń".encode("iso-8859-2"), content_type="text/plain; charset=iso-8859-2")


def iso_2022_jp() -> bytes:
    return message(
        "隣人に暴言を吐かれました".encode("iso-2022-jp"),
        content_type="text/plain; charset=ISO-2022-JP",
        encoding="7bit",
    )


def koi8_r() -> bytes:
    return message("Сосед оскорблял меня".encode("koi8-r"), content_type="text/plain; charset=koi8-r")


def unknown_charset() -> bytes:
    return message("They shouted at me café".encode(), content_type="text/plain; charset=x-klingon-9")


def rfc2047_subject() -> bytes:
    return message(WORDS, subject="=?utf-8?B?w4lsw6huZSBuZWlnaGJvdXIg4oCUIGFidXNl?= =?iso-8859-1?Q?_caf=E9?=")


def html_only() -> bytes:
    html = (
        "<html><head><title>ignored title</title><style>p { color: red }</style></head><body>"
        "<p>First line &amp; more</p><script>alert('x')</script><div>Second&nbsp;line &lt;b&gt;</div>"
        "<ul><li>one</li><li>two</li></ul></body></html>"
    )
    return message(html, content_type="text/html; charset=utf-8")


def alternative() -> bytes:
    return multipart(
        [
            part("text/plain; charset=utf-8", "the plain words"),
            part("text/html; charset=utf-8", "<p>the html words</p>"),
        ],
        kind="alternative",
    )


def forwarded() -> bytes:
    inner = message("I am frightened to go out, please help", subject="Help", sender="Resident <r@home.example>")
    note = part("text/plain; charset=utf-8", "Forwarding a resident's message with their agreement.")
    return multipart([note, b"Content-Type: message/rfc822\r\n\r\n" + inner], subject="Fwd: Help")


def attachments() -> bytes:
    return multipart(
        [
            part("text/plain; charset=utf-8", "Photos of the graffiti attached."),
            attachment("filename*=UTF-8''%C3%A9tage%20photo.png", PNG, "image/png"),
            attachment('filename="=?utf-8?Q?gr=C3=A4ffiti?= ../../etc/passwd"', b"%PDF-1.4 fake", "application/pdf"),
        ]
    )


def lone_quote_in_to() -> bytes:
    return message(WORDS, extra='Cc: "\r\n').replace(b"To: report@landlord.example", b'To: "report@landlord.example')


def exchange_message_id() -> bytes:
    return message(WORDS, message_id=f"<[{secrets.token_hex(6)}]@exchange.example>")


def missing_boundary() -> bytes:
    body = b"--other\r\nContent-Type: text/plain\r\n\r\nThe words that must survive\r\n--other--\r\n"
    return message(body, content_type='multipart/mixed; boundary="never-appears"', encoding="7bit")


def broken_base64() -> bytes:
    return multipart(
        [
            part("text/plain; charset=utf-8", "Readable words before the broken part."),
            part("text/plain; charset=utf-8", b"VGhpcyBpcyB!!!@@@\r\nbm90IHZhbGlk=a=b", encoding="base64"),
        ]
    )


def pasted_diary(size: int = 2_000_000) -> bytes:
    line = "Monday: they banged on my door and shouted abuse. "
    return message((line * (size // len(line) + 1))[:size])


# Section 4: auto-replies and bounces.
def auto_replies() -> dict[str, bytes]:
    return {
        "auto-submitted": message("I am out of the office", extra="Auto-Submitted: auto-replied\r\n"),
        "precedence bulk": message("Newsletter", extra="Precedence: bulk\r\n"),
        "precedence list": message("List mail", extra="Precedence: list\r\n"),
        "x-autoreply": message("Away", extra="X-Autoreply: yes\r\n"),
        "x-autorespond": message("Away", extra="X-Autorespond: Away until Monday\r\n"),
        "empty return-path": message("Bounce", extra="Return-Path: <>\r\n"),
        "mailer-daemon": message("Undeliverable", sender="MAILER-DAEMON@mx.example"),
        "postmaster": message("Undeliverable", sender="Postmaster <postmaster@mx.example>"),
        "delivery report": multipart(
            [part("text/plain", "Delivery failed"), part("message/delivery-status", "Status: 5.1.1\r\n")],
            kind="report; report-type=delivery-status",
        ),
    }


def auto_submitted_no() -> bytes:
    return message(WORDS, extra="Auto-Submitted: no\r\n")
