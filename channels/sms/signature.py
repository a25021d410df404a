"""Is this request really from Twilio? Its signature over the URL and the whole posted form.

Behind a TLS proxy the app sees ``http://`` and an inner host, while Twilio signed the public
``https://`` URL: ``PUBLIC_BASE_URL`` names that, else the request URL is used as ``ProxyFix``
rebuilt it from the trusted ``X-Forwarded-*`` headers (``TRUSTED_PROXIES``).
"""

from __future__ import annotations

from flask import Request
from twilio.request_validator import SIGNATURE_SETTINGS_HEADER, RequestValidator, get_signature_algorithm

from channels.sms.settings import SmsSettings


def is_from_twilio(request: Request, settings: SmsSettings) -> bool:
    """True only for a request signed with our auth token; a missing signature is a wrong one."""
    if not settings.auth_token:
        return False
    signature = request.headers.get("X-Twilio-Signature", "")
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    validator = RequestValidator(settings.auth_token)
    return bool(validator.validate(signed_url(request, settings), request.form, signature, algorithm))


def signed_url(request: Request, settings: SmsSettings) -> str:
    """The URL Twilio requested: the public base and path when configured, else the request's own."""
    if settings.public_base_url is None:
        return request.url
    query = request.query_string.decode("latin-1")
    return settings.public_base_url + request.path + (f"?{query}" if query else "")
