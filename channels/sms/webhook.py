"""Twilio's webhooks: ``POST /sms/inbound`` (a text arrived) and ``POST /sms/status`` (delivery).

Each authenticates Twilio, keeps what arrived and calls the core; neither ever commits itself.
They are exempt from CSRF (Twilio cannot hold a token) and from per-IP rate limits (Twilio's
addresses are shared by every customer): the signature is the guard, and replies are capped
per number instead.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from channels.sms.conversation import handle_text
from channels.sms.inbound_text import read_text
from channels.sms.options import current_options
from channels.sms.signature import is_from_twilio
from channels.sms.twiml import twiml
from intake.context import current_intake
from intake.services import record_delivery_event

blueprint = Blueprint("sms", __name__, url_prefix="/sms")

# Twilio's form for the longest text (1,600 characters) with ten media URLs is a few kilobytes.
MAX_FORM_BYTES = 64 * 1024


@blueprint.post("/inbound")
def inbound() -> Response:
    """A text (or MMS) from anyone: stored whole, then answered in TwiML within Twilio's 15 seconds."""
    if (request.content_length or 0) > MAX_FORM_BYTES:
        abort(413)
    raw = request.get_data(cache=True)  # before the form is parsed, so the bytes are kept as sent
    options = current_options()
    if not is_from_twilio(request, options):
        abort(403)
    intake = current_intake()
    text = read_text(request.form, raw, intake.clock())
    return twiml(handle_text(intake, options, text))


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
