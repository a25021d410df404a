"""TwiML answers to Twilio's webhook: one message, or an empty response (send nothing)."""

from __future__ import annotations

from flask import Response
from twilio.twiml.messaging_response import MessagingResponse


def twiml(reply: str) -> Response:
    """A TwiML document that sends ``reply`` to the sender, or nothing when it is empty."""
    answer = MessagingResponse()
    if reply:
        answer.message(reply)
    return Response(str(answer), mimetype="application/xml")
