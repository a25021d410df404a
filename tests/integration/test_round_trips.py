"""What one report costs the database (issue 13 item 1): statements and round trips, pinned exactly.

A change that adds a round trip to a submission fails here, in review, rather than in a benchmark.
Numbers are (statements, round trips); on SQLite ``BEGIN IMMEDIATE`` is one of the statements and the
commit the extra round trip, on PostgreSQL psycopg's ``BEGIN`` and the commit are the two extra.
"""

from __future__ import annotations

from intake.context import Intake
from intake.drafts import ConsentDraft, Contact, ReportDraft, SafetyFlags
from intake.services import submit_report
from intake.vocabulary import Answer
from tests.factories import make_draft, make_inbound, submit
from tests.statement_count import assert_costs, counting

# The goal: at most 5 round trips for a plain report, the commit included.
PLAIN_REPORT = {"sqlite": (4, 5), "postgresql": (3, 5)}
FULL_REPORT = {"sqlite": (8, 9), "postgresql": (7, 9)}
REPEAT = {"sqlite": (6, 7), "postgresql": (5, 7)}


def test_a_plain_web_report_is_at_most_five_round_trips(intake: Intake) -> None:
    submit(intake)  # the pool's connection is open, as it is for every report but the first
    with counting(intake.db.engine) as counted:
        submit(intake, description="Someone shouted at me in the street.", reporter_role="victim")
    assert_costs(counted, intake.db.engine, PLAIN_REPORT)


def test_a_report_with_a_reporter_consent_and_works_writes_each_table_once(intake: Intake) -> None:
    submit(intake)
    draft = ReportDraft(
        inbound=make_inbound("web"),
        reporter_role="victim",
        description="They shouted abuse at me and my children and sprayed graffiti on the door.",
        reporter=Contact(name="A resident", phone="07700 900123", safe_methods=("phone",)),
        consents=(ConsentDraft("contact", True),),
        safety=SafetyFlags(graffiti_to_remove=Answer.YES),
    )
    with counting(intake.db.engine) as counted:
        submit_report(intake, draft)
    assert_costs(counted, intake.db.engine, FULL_REPORT)


def test_a_repeat_of_an_item_costs_little_and_creates_nothing(intake: Intake) -> None:
    draft = make_draft()
    first = submit_report(intake, draft)
    with counting(intake.db.engine) as counted:
        again = submit_report(intake, draft)
    assert again.reference == first.reference
    assert_costs(counted, intake.db.engine, REPEAT)
