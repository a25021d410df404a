"""Hostile texts on SQLite and PostgreSQL (issue 10, item 3): signed as Twilio signs them, each one
is stored and answered, or refused with a 4xx; never a 500, never a text left unstored."""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.context import Intake
from intake.models import InboundItem, Report
from intake.storable import storable_key
from tests.hostile_input import HOSTILE, hostile_text
from tests.sms.conftest import Phone

# What Twilio would never send but a forged or broken request might: odd ids, numbers and types.
sids = st.one_of(st.just("SM0123456789abcdef0123456789abcdef"), hostile_text.filter(bool))
numbers = st.one_of(st.sampled_from(["+447700900123", "", "07700 900123", "+1" + "9" * 40]), hostile_text)


@HOSTILE
@given(body=hostile_text, sid=sids, number=numbers, media_type=st.one_of(st.none(), hostile_text))
def test_every_hostile_text_is_stored_or_clearly_refused(
    phone: Phone, intake: Intake, body: str, sid: str, number: str, media_type: str | None
) -> None:
    phone.number = number
    extra = (
        {} if media_type is None else {"MediaUrl0": "https://api.twilio.example/m/1", "MediaContentType0": media_type}
    )
    response = phone.text(body, sid=sid, **extra)
    event(f"answered {response.status_code}")
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.status_code
    if response.status_code == 200:
        with intake.db.read() as session:
            key = storable_key(sid, 255)
            item = session.scalar(select(InboundItem).where(InboundItem.key == key))
            assert item is not None
            event(f"stored as {item.disposition}" + (" (needs review)" if _needs_review(session, item) else ""))


def _needs_review(session: Session, item: InboundItem) -> bool:
    return item.report_id is not None and session.get_one(Report, item.report_id).needs_review
