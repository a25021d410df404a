"""What a text costs the database (issue 13 item 1): the whole signed webhook request, pinned exactly.

Numbers are (statements, round trips), as in ``tests/integration/test_round_trips.py``.
"""

from __future__ import annotations

from intake.context import Intake
from tests.sms.conftest import Phone
from tests.statement_count import assert_costs, counting

# The reply is in the report's language (issue 15), handed over with the submission, not read back.
FIRST_TEXT = {"sqlite": (8, 9), "postgresql": (8, 10)}


def test_a_first_text_through_the_signed_webhook(phone: Phone, intake: Intake) -> None:
    phone.text("Warming the pool up.")
    other = Phone(phone.client, number="+447700900999")
    with counting(intake.db.engine) as counted:
        response = other.text("My neighbour keeps shouting racist abuse at me on the stairs.")
    assert response.status_code == 200
    assert_costs(counted, intake.db.engine, FIRST_TEXT)
