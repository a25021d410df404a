"""Twilio's webhooks: ``POST /sms/inbound`` (a text arrived) and ``POST /sms/status`` (delivery).

Each authenticates Twilio, keeps what arrived and calls the core; neither ever commits itself.
They are exempt from CSRF (Twilio cannot hold a token). Requests are counted per source address
before the signature is checked (``SMS_WEBHOOK_RATE_LIMIT``, generous: Twilio's addresses are
shared by every customer), so a stranger cannot make us check signatures without end; replies
are capped per number too.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request
from flask_limiter.util import get_remote_address

from channels.sms.conversation import handle_text
from channels.sms.inbound_text import read_text
from channels.sms.options import current_options
from channels.sms.signature import is_from_twilio
from channels.sms.twiml import twiml
from intake.public import current_intake, limiter, record_delivery_event

blueprint = Blueprint("sms", __name__, url_prefix="/sms")

# Twilio's form for the longest text (1,600 characters) with ten media URLs is a few kilobytes.
MAX_FORM_BYTES = 64 * 1024


def source_key() -> str:
    """Counted per sending address, in memory or Redis only (never stored)."""
    return f"sms-webhook-ip:{get_remote_address()}"


limiter.limit(lambda: str(current_app.config["SMS_WEBHOOK_RATE_LIMIT"]), key_func=source_key)(blueprint)


@blueprint.post("/inbound")
def inbound() -> Response:
    """A text (or MMS) from anyone: stored whole, then answered in TwiML within Twilio's 15 seconds."""
    raw = _body_within_limit()
    options = current_options()
    if not is_from_twilio(request, options):
        abort(403)
    intake = current_intake()
    text = read_text(request.form, raw, intake.clock())
    return twiml(handle_text(intake, options, text))


def _body_within_limit() -> bytes:
    """The body, read before the form is parsed so its bytes are kept as sent; 413 past the limit.

    Counted on the bytes read, not on ``Content-Length``: a chunked body has none, and the
    stream then stops one byte past the limit instead of reading whatever is sent.
    """
    request.max_content_length = MAX_FORM_BYTES + 1
    raw = request.get_data(cache=True)
    if len(raw) > MAX_FORM_BYTES:
        abort(413)
    return raw


@blueprint.post("/status")
def status() -> Response:
    """Twilio's report on a text we sent: kept once per (message, status)."""
    if not is_from_twilio(request, current_options()):
        abort(403)
    message_sid, state = request.form.get("MessageSid"), request.form.get("MessageStatus")
    if not message_sid or not state:
        abort(400)
    record_delivery_event(current_intake(), message_sid, state)
    return Response(status=204)
