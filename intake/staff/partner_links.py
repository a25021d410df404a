"""Where a partner user's invitation link points, for the admin pages and the admin commands alike.

The page that accepts an invitation is the partner channel's; when that channel is not loaded
nobody could accept one, so neither the pages nor the commands make an invitation then.
"""

from __future__ import annotations

from flask import current_app

PARTNER_INVITATION_ENDPOINT = "partner.invitation"  # the partner channel's page, when it is loaded
PORTAL_NOT_ENABLED = "The partner portal is not enabled on this service, so nobody could accept an invitation."


def portal_enabled() -> bool:
    """Whether the partner channel is loaded here: without its portal, nobody could accept an invitation."""
    return PARTNER_INVITATION_ENDPOINT in current_app.view_functions
