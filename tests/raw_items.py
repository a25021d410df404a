"""Raw inbound items as their channel sent them: opened with each item's own data key (issue 16)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from intake.context import Intake
from intake.inbound import raw_of
from intake.models import InboundItem


def raw_items(intake: Intake, *where: Any) -> list[bytes]:
    """Every stored item's raw bytes matching ``where``, opened, in the order they were stored."""
    with intake.db.read() as session:
        items = session.scalars(select(InboundItem).where(*where).order_by(InboundItem.id)).all()
        return [raw_of(intake.keyring, item) for item in items]
