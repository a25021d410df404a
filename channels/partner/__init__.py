"""The partner channel: a portal and an API for agencies that report on victims' behalf (policy 4.5).

Loaded from the ``CHANNELS`` setting (``channels.partner``). It needs no outside service.
"""

from __future__ import annotations

from flask import Flask

from channels.partner.api import api
from channels.partner.portal import limit_post_size, portal
from intake.public import PARTNER_USER_KIND, current_intake, partners, register_user_loader


def init_app(app: Flask) -> None:
    """Register the portal, the API and the partner user loader (the admin commands are the staff ones)."""
    register_user_loader(PARTNER_USER_KIND, lambda user_id: partners.load_user(current_intake(), user_id))
    app.before_request_funcs.setdefault(None, []).insert(0, limit_post_size)
    app.register_blueprint(portal)
    app.register_blueprint(api)
