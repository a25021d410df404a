"""What one report costs the database (issue 13 item 1): statements and round trips, pinned exactly.

A change that adds a round trip to a submission fails here, in review, rather than in a benchmark.
Numbers are (statements, round trips); on SQLite ``BEGIN IMMEDIATE`` is one of the statements and the
commit the extra round trip, on PostgreSQL psycopg's ``BEGIN`` and the commit are the two extra.
"""

from __future__ import annotations

from sqlalchemy import func, select

from intake.context import Intake
from intake.db_helpers import insert_or_ignore
from intake.drafts import ConsentDraft, Contact, ReportDraft, SafetyFlags
from intake.models import Report
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


def test_a_reference_already_taken_is_refused_by_the_insert_and_the_transaction_goes_on(intake: Intake) -> None:
    """The reference is claimed by the unique constraint, not looked up first; a clash costs one more insert."""
    taken = submit(intake)
    row = dict(
        reference=taken.reference,
        channel="web",
        reporter_role="victim",
        received_at=taken.received_at,
        description="A second report that drew the same reference.",
        category="asb_serious_high_risk",
        priority="standard",
        status="new",
        response_due=taken.received_at,
        route="to_be_decided",
    )
    with intake.db.begin() as session:
        assert insert_or_ignore(session, Report, row, ["reference"]) is None
        row["reference"] = "HPG-2222-2222"
        assert (
            insert_or_ignore(session, Report, row, ["reference"]) is not None
        )  # PostgreSQL would refuse after an error
    with intake.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 2
