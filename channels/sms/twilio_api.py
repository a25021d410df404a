"""The few calls we make to Twilio: send a text, fetch a file, delete a file.

Twilio's REST client is used as shipped, with its API origin taken from
``TWILIO_API_BASE_URL`` (tests point it at a local stand-in) and its request logging kept
quiet: its log lines would carry phone numbers.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from channels.sms.settings import SmsSettings

TIMEOUT_SECONDS = 20
MAX_MEDIA_BYTES = 20 * 1024 * 1024
_MEDIA_PATH = re.compile(r"/Accounts/(?P<account>AC\w+)/Messages/(?P<message>\w+)/Media/(?P<media>ME\w+?)(\.\w+)?$")

_quiet = logging.getLogger("channels.sms.twilio_http")
_quiet.setLevel(logging.WARNING)


class MediaRefused(Exception):
    """A media URL we will not send our credentials to, or a file too large to keep."""


class TwilioApi:
    """Twilio's REST API for one account."""

    def __init__(self, settings: SmsSettings) -> None:
        if not settings.can_call_twilio:
            raise ValueError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to call Twilio")
        self.origin = settings.api_base_url
        self.auth = (settings.account_sid or "", settings.auth_token or "")
        http = TwilioHttpClient(timeout=TIMEOUT_SECONDS, logger=_quiet)
        self.client = Client(settings.account_sid, settings.auth_token, http_client=http)
        self.client.api.base_url = settings.api_base_url

    def send_text(self, to: str, body: str, *, sender: dict[str, str], status_callback: str | None) -> str:
        """Send one text; Twilio's id for it."""
        extra = {"status_callback": status_callback} if status_callback else {}
        message = self.client.messages.create(to=to, body=body, **sender, **extra)
        return str(message.sid)

    def fetch_media(self, url: str) -> bytes:
        """The bytes of one file Twilio holds, fetched with the account's credentials."""
        self._check_origin(url)
        with requests.get(url, auth=self.auth, timeout=TIMEOUT_SECONDS, stream=True) as response:
            response.raise_for_status()
            content = response.raw.read(MAX_MEDIA_BYTES + 1, decode_content=True)
        if len(content) > MAX_MEDIA_BYTES:
            raise MediaRefused("file larger than the limit")
        return bytes(content)

    def delete_media(self, url: str) -> None:
        """Delete one file at Twilio once we keep it: Twilio keeps media until it is deleted."""
        self._check_origin(url)
        match = _MEDIA_PATH.search(urlsplit(url).path)
        if match is None:
            raise MediaRefused("not a Twilio media URL")
        self.client.api.v2010.accounts(match["account"]).messages(match["message"]).media(match["media"]).delete()

    def _check_origin(self, url: str) -> None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            raise MediaRefused("media URL is not on Twilio's API origin")
