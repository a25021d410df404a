"""The outbox's ``sms`` sender: texts staff send to reporters, through Twilio's REST API.

The core only queues a text where the reporter marked SMS safe, and the outbox suppresses
anything to a number that opted out before it calls this.
"""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException

from channels.sms.options import SmsOptions
from channels.sms.twilio_api import TwilioApi
from intake.public import DeliveryFailed, Outgoing

STATUS_PATH = "/sms/status"


class SmsSender:
    """Delivers one outbox message as a text; Twilio's message id is kept for status callbacks."""

    def __init__(self, api: TwilioApi, sender: dict[str, str], status_callback: str | None) -> None:
        self.api = api
        self.sender = sender
        self.status_callback = status_callback

    def send(self, message: Outgoing) -> str | None:
        """Send it; a refusal Twilio will repeat (a bad or opted-out number) is not retried."""
        try:
            return self.api.send_text(
                message.recipient, message.body, sender=self.sender, status_callback=self.status_callback
            )
        except TwilioRestException as error:
            permanent = 400 <= error.status < 500 and error.status != 429
            raise DeliveryFailed(f"twilio refused: error {error.code}", permanent=permanent) from None


def sender_for(options: SmsOptions) -> SmsSender | None:
    """A sender when credentials and a number or Messaging Service to send from are configured."""
    if not options.can_call_twilio:
        return None
    if options.messaging_service_sid:
        sender = {"messaging_service_sid": options.messaging_service_sid}
    elif options.from_number:
        sender = {"from_": options.from_number}
    else:
        return None
    callback = options.public_base_url + STATUS_PATH if options.public_base_url else None
    return SmsSender(TwilioApi(options), sender, callback)
