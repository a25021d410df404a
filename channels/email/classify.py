"""Auto-replies and bounces: recorded, never a report, never answered (DESIGN "Nothing lost").

Answering an out-of-office or a delivery failure would start a mail loop, and neither is
anyone reporting an incident. The signs are those of RFC 3834 and the usual mailer habits.
"""

from __future__ import annotations

import re

from channels.email.parse import ParsedEmail

BULK_PRECEDENCE = frozenset({"bulk", "junk", "list"})
SYSTEM_SENDERS = frozenset({"mailer-daemon", "postmaster"})


def automatic_reason(parsed: ParsedEmail) -> str | None:
    """Why this message is an auto-reply or a bounce, or None if a person seems to have written it."""
    found = parsed.classifying
    auto_submitted = found.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    if found.get("precedence", "").strip().lower() in BULK_PRECEDENCE:
        return "bulk precedence"
    if "x-autoreply" in found or "x-autorespond" in found:
        return "autoresponder header"
    if "return-path" in found and re.fullmatch(r"\s*<\s*>\s*", found["return-path"]):
        return "empty return path"
    if parsed.sender and parsed.sender.split("@")[0] in SYSTEM_SENDERS:
        return "mail system sender"
    if found.get("content-type", "").split(";")[0].strip().lower() == "multipart/report":
        return "delivery report"
    return None
