"""The assisted channel: reports staff take by telephone, at the office, at a safe venue or on a home visit.

Policy 4.2 lets people report by telephone or in person; a member of staff records the report
on their behalf from the staff pages. Loaded from the ``CHANNELS`` setting
(``channels.assisted``); it needs no setting of its own and no outside service.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from channels.assisted.views import bp


def init_app(app: Flask) -> None:
    """Register the page and offer it in the staff pages' navigation."""
    app.register_blueprint(bp)
    app.context_processor(_navigation)


def _navigation() -> dict[str, Any]:
    """A link the staff header shows to casework roles (the core's templates never name this channel)."""
    return {"staff_record_endpoint": "assisted.record"}
