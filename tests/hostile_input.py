"""Hostile input for the property-based tests of issue 10, item 3 (docs/hostile-input.md).

SQLite stores anything; PostgreSQL refuses a NUL byte, a lone surrogate and a string longer than its
column. Every channel's test throws these at it, on both databases: each input must end as a
report, a report flagged for review, a recognised auto-reply or a clear refusal (4xx), never a
500 and never an inbound item left unstored.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Moderate counts keep the suite quick; derandomized so every run of `make test` tries the same inputs.
EXAMPLES = 40
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters PostgreSQL or a mail reader trips on: NUL, other controls, bidi overrides, a BOM, non-BMP.
AWKWARD = ["\x00", "\x01", "\x1b", "\x7f", "\r\n", "\t", "\u202e", "\ufeff", "\u200b", "😀", "é", "\ufffd", "%00"]

awkward_chars = st.one_of(st.sampled_from(AWKWARD), st.characters(codec="utf-8"))

# Longer than the columns the values end in (parties.name 200, emails 320, keys 255), and far longer.
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "é", "\x00", "😀", "x\u202e", "Ab "]),
    st.integers(190, 1200),
)

mixed_text = st.lists(awkward_chars, max_size=60).map("".join)
hostile_text = st.one_of(mixed_text, long_text, st.sampled_from(AWKWARD))

# Lone surrogates arrive through JSON escapes ("\ud800"), never through a UTF-8 form.
with_surrogates = st.one_of(hostile_text, st.text(st.characters(exclude_categories=()), max_size=40))

CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "x-klingon-9", "utf-16", "utf-7", "iso-2022-jp", ""]
charset = st.one_of(st.sampled_from(CHARSETS), st.lists(awkward_chars, max_size=20).map("".join))


def header_bytes(text: str) -> bytes:
    """A header value as a careless mailer writes it: raw UTF-8, broken surrogates and all."""
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def hostile_email(draw: st.DrawFn) -> bytes:
    """One message with hostile From name and address, Message-ID, Subject, charset and body bytes."""
    name = draw(with_surrogates)
    local = draw(st.one_of(st.sampled_from(["sam", "a\x00b", ""]), st.builds(lambda n: "x" * n, st.integers(1, 600))))
    message_id = draw(st.one_of(st.sampled_from(["<a\x00b@x>", "<>", "", "<" + "m" * 300 + "@x>"]), hostile_text))
    head = [
        b"From: " + header_bytes(name) + b" <" + header_bytes(local) + b"@resident.example>",
        b"To: report@landlord.example",
        b"Subject: " + header_bytes(draw(hostile_text)),
        b"Message-ID: " + header_bytes(message_id),
        b"In-Reply-To: " + header_bytes(draw(st.sampled_from(["", "<r\x00@x>", "<" + "r" * 400 + "@x>"]))),
        b"Content-Type: text/plain; charset=" + header_bytes(draw(charset)),
        b"Content-Transfer-Encoding: " + draw(st.sampled_from([b"8bit", b"base64", b"quoted-printable", b"x-uue"])),
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + draw(st.binary(max_size=400))
