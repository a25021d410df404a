"""Every reply we text fits two SMS segments (issue 4, item 3) and names the emergency number."""

from __future__ import annotations

import pytest

from channels.sms import wording
from channels.sms.segments import segments

ORG = "Housing Plus Group"
REFERENCE = "HPG-7KQ4-M9XC"


@pytest.mark.parametrize(
    "reply",
    [
        wording.acknowledgement(ORG, REFERENCE),
        wording.added(ORG, REFERENCE),
        wording.help_text(ORG),
        wording.status(ORG, REFERENCE, "new"),
        wording.status(ORG, None, None),
    ],
)
def test_each_reply_fits_two_segments_and_mentions_999(reply: str) -> None:
    assert segments(reply) <= 2
    assert "999" in reply


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("€" * 80, 1), ("é" * 70, 1), ("ł" * 71, 2)],
)
def test_segments_are_counted_as_twilio_bills_them(text: str, expected: int) -> None:
    assert segments(text) == expected
