"""What an email costs the database (issue 13 item 1): one message with an attachment, pinned exactly.

Numbers are (statements, round trips), as in ``tests/integration/test_round_trips.py``.
"""

from __future__ import annotations

from channels.email.ingest import EmailSettings, ingest
from intake.context import Intake
from tests.email import corpus
from tests.email.conftest import MAIL_FROM
from tests.statement_count import assert_costs, counting

SETTINGS = EmailSettings(max_bytes=25 * 1024 * 1024, mail_from=MAIL_FROM)
WITH_ATTACHMENTS = {"sqlite": (13, 15), "postgresql": (11, 15)}


def test_an_email_with_attachments_through_the_pipeline(email_intake: Intake) -> None:
    ingest(email_intake, SETTINGS, corpus.plain_utf8())
    with counting(email_intake.db.engine) as counted:
        ingested = ingest(email_intake, SETTINGS, corpus.attachments())
    assert ingested.label == "new report"
    assert_costs(counted, email_intake.db.engine, WITH_ATTACHMENTS)
