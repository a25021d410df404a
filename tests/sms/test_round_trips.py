"""What a text costs the database (issue 13 item 1): the whole signed webhook request, pinned exactly.

Numbers are (statements, round trips), as in ``tests/integration/test_round_trips.py``.
"""

from __future__ import annotations

from intake.context import Intake
from tests.sms.conftest import Phone
from tests.statement_count import assert_costs, counting

# Issue 15's reply reads back the new report's language (one SELECT): it could come with the submission.
FIRST_TEXT = {"sqlite": (9, 10), "postgresql": (9, 11)}


def test_a_first_text_through_the_signed_webhook(phone: Phone, intake: Intake) -> None:
    phone.text("Warming the pool up.")
    other = Phone(phone.client, number="+447700900999")
    with counting(intake.db.engine) as counted:
        response = other.text("My neighbour keeps shouting racist abuse at me on the stairs.")
    assert response.status_code == 200
    assert_costs(counted, intake.db.engine, FIRST_TEXT)
