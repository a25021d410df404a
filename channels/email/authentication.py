"""Whether our own mail server vouched for the sender: its ``Authentication-Results`` (RFC 8601).

A From address is typed by whoever sends the message. Before a message joins an existing report
(policy 1.2: anything reported is treated confidentially), the receiving server, named by the
configured ``EMAIL_AUTHSERV_ID``, must have seen the From domain pass and aligned: ``dmarc=pass``,
or ``spf=pass`` or ``dkim=pass`` for that domain or one inside it. Headers naming any other server
id are ignored: anyone can write one. Only our server's topmost header counts: it is the one it
stamped itself, above anything that arrived with the message.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"\([^()]*\)")


def sender_authenticated(results: tuple[str, ...], sender: str | None, authserv_id: str | None) -> bool:
    """True only when our server's own header shows the sender's domain aligned and passing."""
    if not authserv_id or not sender or "@" not in sender:
        return False
    from_domain = sender.rsplit("@", 1)[1].lower()
    for header in results:
        server, methods = _split(header)
        if server == authserv_id.lower():
            return any(_passes_aligned(method, from_domain) for method in methods)
    return False


def _split(header: str) -> tuple[str, list[dict[str, str]]]:
    """The server id, and each method's result with its properties (``{"dmarc": "pass", "header.from": ...}``)."""
    statements = [part.strip() for part in _COMMENT.sub(" ", header).split(";")]
    server = statements[0].split()[0].lower() if statements[0].split() else ""
    methods = []
    for statement in statements[1:]:
        pairs = (token.split("=", 1) for token in statement.split() if "=" in token)
        methods.append({name.lower(): value.strip('"').lower() for name, value in pairs})
    return server, methods


def _passes_aligned(method: dict[str, str], from_domain: str) -> bool:
    if method.get("dmarc") == "pass":
        return _aligned(method.get("header.from", from_domain), from_domain)
    if method.get("spf") == "pass":
        return _aligned(_domain(method.get("smtp.mailfrom", "")), from_domain)
    if method.get("dkim") == "pass":
        return _aligned(method.get("header.d") or _domain(method.get("header.i", "")), from_domain)
    return False


def _aligned(domain: str, from_domain: str) -> bool:
    """Alignment, conservatively: the From domain itself, or a domain inside it.

    Without a public-suffix list, a parent domain is not trusted: ``co.uk`` is a parent of many.
    """
    return bool(domain) and (domain == from_domain or domain.endswith("." + from_domain))


def _domain(value: str) -> str:
    return value.rsplit("@", 1)[-1]
