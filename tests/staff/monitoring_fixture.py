"""Hand-built cases with known answers for the monitoring figures (issue 14), made through the same
services the staff pages call, in time order on a fixed clock that ends on Thursday 26 November 2026,
10:00 UTC. The expected figures are worked out by hand in tests/staff/test_monitoring.py.

Every report of financial year 2026-27 (1 April 2026 to 31 March 2027, local time):

ref  received (UTC)    channel   reporter      first response        the case
P    2026-03-31 22:30  web       victim        15 min, met           opened and closed 31 Mar 23:50 BST: 2025-26
B    2026-03-31 23:30  web       gave details  9.5 h, met            opened 1 Apr 00:30 BST: 2026-27; reviewed
A    2026-04-02 09:00  sms       victim        126 h 59 m, met       Easter skipped; open, never assessed
C    2026-05-12 09:00  email     witness       31 h 1 m, missed      by one minute; open
D    2026-06-10 10:00  web       victim        2 h, met              repair 1 min late; high, then medium risk;
                                                                     weekly plan; closed and reopened
E    2026-07-15 10:00  web       victim        3 h, met              graffiti in time; tenancy action; police
                                                                     report on safeguarding; closed
W    2026-07-16 08:00  sms       witness       none: missed          linked to E, closed with it
F    2026-09-01 10:00  assisted  victim        4 h, met              restricted (4.11); repair cancelled
G    2026-10-05 10:00  web       victim        5 h, met              moved to not ASB (proven otherwise); closed
R    2026-10-20 10:00  web       anonymous     6 h, no safe way      not accepted
H    2026-11-03 10:00  partner   third party   7 h, met              advice centre; shared with consent
I    2026-11-23 09:00  web       victim        none: overdue now     graffiti overdue; high risk; weekly plan;
                                                                     safeguarding referral
S    2026-11-26 09:00  email     unknown       none: running         not accepted

Repeats in 2026-27: B and A give one phone (P gave it too, in 2025-26; W gave it as a witness), D and
H's victim one email (in different case); postcodes M1 1AA (B, F), M14 5TQ (A, H) and M14 6AA (E, W).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask

from intake.casework import cases, consent, decisions, first_response
from intake.context import Intake
from intake.drafts import Contact, ResponsiblePerson
from intake.models import PartnerOrganisation
from intake.monitoring import service
from intake.staff.blueprint import risk_model
from intake.vocabulary import Answer
from tests.conftest import FixedClock
from tests.factories import submit
from tests.staff.conftest import Staff, make_staff

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@dataclass
class Built:
    refs: dict[str, str]
    manager: Staff
    officer: Staff


def at(clock: FixedClock, *when: int) -> None:
    clock.now = datetime(*when, tzinfo=UTC)  # type: ignore[misc]


def _report(intake: Intake, clock: FixedClock, when: tuple[int, ...], **fields: object) -> str:
    at(clock, *when)
    reference = submit(intake, received_at=clock.now, **fields).reference
    assert reference is not None
    return reference


def build(intake: Intake, app: Flask, clock: FixedClock) -> Built:
    at(clock, 2026, 3, 1, 9)
    manager = make_staff(intake, "manager", "Morgan Lee")
    officer = make_staff(intake, "case_officer", "Priya Shah")
    m, o = manager.user, officer.user
    model = risk_model(app)
    refs: dict[str, str] = {}

    def respond(ref: str, *when: int, contact: str = "made", method: str = "phone", instead: str = "") -> None:
        at(clock, *when)
        first_response.record_first_response(intake, m, ref, contact, method, instead)

    def accept(ref: str, *when: int, by: object = o) -> None:
        at(clock, *when)
        decisions.accept_into_case(intake, by, ref)  # type: ignore[arg-type]

    # P: the year before, by minutes (23:30 BST on 31 March 2026).
    bea = Contact(phone="+447700900123", safe_methods=("phone",))  # B's phone: matched only within a period
    refs["P"] = _report(intake, clock, (2026, 3, 31, 22, 30), reporter_role="victim", reporter=bea, postcode="M1 9ZZ")
    accept(refs["P"], 2026, 3, 31, 22, 40)
    respond(refs["P"], 2026, 3, 31, 22, 45)
    at(clock, 2026, 3, 31, 22, 50)
    cases.close_case(intake, o, refs["P"], "resolved", "Sorted")

    # B: 00:30 BST on 1 April 2026, so year 2026-27 although still 31 March in UTC.
    reporter = Contact(name="Bea", phone="+447700900123", safe_methods=("phone",))
    refs["B"] = _report(
        intake,
        clock,
        (2026, 3, 31, 23, 30),
        reporter_role="victim",
        reporter=reporter,
        characteristics=("race",),
        incident_types=("verbal_abuse",),
        postcode="M1 1AA",
    )
    respond(refs["B"], 2026, 4, 1, 9, 0)
    accept(refs["B"], 2026, 4, 1, 9, 5)

    # A: Thursday before Easter; due Tuesday 7 April 17:00 BST (Good Friday and Easter Monday skipped).
    refs["A"] = _report(
        intake,
        clock,
        (2026, 4, 2, 9),
        channel="sms",
        reporter_role="victim",
        reporter=bea,  # B again: a repeat victim
        characteristics=("religion",),
        incident_types=("threats",),
        postcode="M14 5TQ",
    )
    accept(refs["A"], 2026, 4, 2, 9, 30)
    respond(refs["A"], 2026, 4, 7, 15, 59)

    # C: due Wednesday 13 May 17:00 BST (16:00 UTC); answered at 16:01 UTC: missed by a minute.
    refs["C"] = _report(
        intake,
        clock,
        (2026, 5, 12, 9),
        channel="email",
        reporter_role="witness",
        characteristics=("disability", "race"),
        incident_types=("verbal_abuse", "threats"),
        postcode="M1 2BB",
    )
    accept(refs["C"], 2026, 5, 12, 9, 30)
    respond(refs["C"], 2026, 5, 13, 16, 1)

    # D: a repair a minute late, two risk assessments, a weekly plan, closed and reopened.
    refs["D"] = _report(
        intake,
        clock,
        (2026, 6, 10, 10),
        reporter_role="victim",
        reporter=Contact(email="dee@example.org", safe_methods=("phone",)),
        characteristics=("sexual_orientation",),
        incident_types=("vandalism_or_arson",),
    )
    accept(refs["D"], 2026, 6, 10, 10, 30)
    respond(refs["D"], 2026, 6, 10, 12)
    cases.raise_works(intake, o, refs["D"], "emergency_repair")
    at(clock, 2026, 6, 10, 13)
    cases.record_risk_assessment(intake, o, refs["D"], model, {}, ("high", "Threats repeated"))
    at(clock, 2026, 6, 11, 12, 1)
    [work_id] = _work_ids(intake, refs["D"])
    cases.complete_works(intake, o, refs["D"], work_id)
    at(clock, 2026, 6, 11, 13)
    cases.record_risk_assessment(intake, o, refs["D"], model, {}, ("medium", "Moved to family"))
    at(clock, 2026, 6, 11, 14)
    cases.agree_action_plan(intake, o, refs["D"], o.id, "weekly", "Call every week")
    at(clock, 2026, 6, 12, 10)
    cases.add_entry(intake, o, refs["D"], "contact", "Phoned the victim", "phone")
    at(clock, 2026, 6, 20, 10)
    cases.close_case(intake, o, refs["D"], "resolved", "Quiet for a week")
    at(clock, 2026, 6, 25, 10)
    cases.reopen_case(intake, o, refs["D"], "It happened again")

    # E and W: graffiti removed in time, a witness's report linked, closed with enforcement.
    refs["E"] = _report(
        intake,
        clock,
        (2026, 7, 15, 10),
        reporter_role="victim",
        characteristics=("transgender",),
        incident_types=("graffiti_or_literature",),
        postcode="M14 6AA",
    )
    accept(refs["E"], 2026, 7, 15, 10, 30)
    at(clock, 2026, 7, 15, 11)
    cases.raise_works(intake, o, refs["E"], "graffiti_removal")
    respond(refs["E"], 2026, 7, 15, 13)
    refs["W"] = _report(
        intake,
        clock,
        (2026, 7, 16, 8),
        channel="sms",
        reporter_role="witness",
        reporter=bea,  # B's phone, as a witness: not a victim's report
        characteristics=("transgender",),
        incident_types=("graffiti_or_literature",),
        postcode="M14 6AA",
    )
    at(clock, 2026, 7, 16, 8, 30)
    decisions.link_to_case(intake, o, refs["W"], refs["E"])
    at(clock, 2026, 7, 16, 9)
    [work_id] = _work_ids(intake, refs["E"])
    cases.complete_works(intake, o, refs["E"], work_id)
    at(clock, 2026, 7, 16, 10)
    cases.record_action(intake, o, refs["E"], "tenancy_action", "", "Notice seeking possession")
    at(clock, 2026, 7, 20, 10)
    consent.disclose(intake, m, refs["E"], "police_report", "Police", "Photos", "Crime", "Threat to life")
    at(clock, 2026, 8, 1, 10)
    cases.close_case(intake, o, refs["E"], "enforcement_taken", "Notice served")

    # F: restricted (a member of staff responsible, policy 4.11); a repair ordered and cancelled.
    refs["F"] = _report(
        intake,
        clock,
        (2026, 9, 1, 10),
        channel="assisted",
        reporter_role="victim",
        characteristics=("age",),
        incident_types=("verbal_abuse",),
        postcode="M1 1AA",
        responsible=ResponsiblePerson(is_staff=Answer.YES),
    )
    accept(refs["F"], 2026, 9, 1, 10, 30, by=m)
    at(clock, 2026, 9, 1, 11)
    cases.raise_works(intake, m, refs["F"], "emergency_repair")
    at(clock, 2026, 9, 1, 12)
    [work_id] = _work_ids(intake, refs["F"])
    cases.cancel_works(intake, m, refs["F"], work_id, "Done by the council")
    respond(refs["F"], 2026, 9, 1, 14)

    # G: moved out of the hate category by a manager (proven otherwise), then closed.
    refs["G"] = _report(
        intake,
        clock,
        (2026, 10, 5, 10),
        reporter_role="victim",
        characteristics=("other",),
        incident_types=("other",),
        postcode="M20 1ZZ",
    )
    accept(refs["G"], 2026, 10, 5, 10, 30)
    respond(refs["G"], 2026, 10, 5, 15)
    at(clock, 2026, 10, 6, 10)
    decisions.request_category_change(intake, m, refs["G"], "not_asb", "proven_otherwise", "CCTV shows otherwise")
    at(clock, 2026, 10, 10, 10)
    cases.close_case(intake, o, refs["G"], "no_further_action", "Not a hate incident")

    # R: anonymous; nobody to contact, so the report is reviewed and something done instead.
    refs["R"] = _report(
        intake,
        clock,
        (2026, 10, 20, 10),
        reporter_role="victim",
        reporter=Contact(anonymous=True),
        characteristics=("race",),
        incident_types=("assault",),
        postcode="M1 3CC",
    )
    respond(refs["R"], 2026, 10, 20, 16, contact="no_safe_way", method="", instead="Patrol arranged")

    # H: a partner's report (an advice centre), shared with partners with the victim's consent.
    at(clock, 2026, 11, 1, 9)
    with intake.db.begin() as session:
        centre = PartnerOrganisation(name="Eastside Advice", kind="advice_centre", created_at=clock.now)
        session.add(centre)
        session.flush()
        centre_id = centre.id
    refs["H"] = _report(
        intake,
        clock,
        (2026, 11, 3, 10),
        channel="partner",
        reporter_role="third_party",
        victim=Contact(email="Dee@Example.ORG", safe_methods=("phone",)),  # D's victim again, by email
        partner_organisation_id=centre_id,
        characteristics=("religion", "race"),
        incident_types=("assault",),
        postcode="M14 5TQ",
    )
    accept(refs["H"], 2026, 11, 3, 10, 30)
    respond(refs["H"], 2026, 11, 3, 17)
    at(clock, 2026, 11, 4, 10)
    consent.record_consent(intake, o, refs["H"], "share_with_partners", True)
    consent.disclose(intake, o, refs["H"], "partner_sharing", "Victim Support", "Contact", "Support")

    # B's review (policy 8.1): it takes B off the case-review list.
    at(clock, 2026, 11, 20, 12)
    service.record_review(intake, m, refs["B"], date(2026, 11, 20), "All in hand", include_restricted=True)

    # I: open and overdue now: no first response, graffiti not removed.
    refs["I"] = _report(
        intake,
        clock,
        (2026, 11, 23, 9),
        reporter_role="victim",
        characteristics=("race",),
        incident_types=("graffiti_or_literature",),
        postcode="M20 2AB",
    )
    accept(refs["I"], 2026, 11, 23, 9, 30)
    at(clock, 2026, 11, 23, 10)
    cases.raise_works(intake, o, refs["I"], "graffiti_removal")
    at(clock, 2026, 11, 23, 11)
    cases.record_risk_assessment(intake, o, refs["I"], model, {}, ("high", "Repeat victim"))
    at(clock, 2026, 11, 23, 11, 30)
    cases.agree_action_plan(intake, o, refs["I"], o.id, "weekly", "Call every week")
    at(clock, 2026, 11, 23, 12)
    cases.record_action(intake, o, refs["I"], "safeguarding_referral", "Adult social care", "Referred")

    # S: received an hour ago: its clock still runs.
    refs["S"] = _report(intake, clock, (2026, 11, 26, 9), channel="email", reporter_role="unknown")

    # The homes counts an admin entered (NM01 divides by the latest on or before 31 March).
    admin = make_staff(intake, "admin", "Ada Admin")
    at(clock, 2026, 11, 26, 9, 30)
    for counted_on, rental, ownership in (
        (date(2025, 3, 31), 1000, 0),
        (date(2025, 9, 30), 1500, 0),
        (date(2026, 3, 31), 2000, 500),
    ):
        service.enter_homes_count(intake, admin.user, counted_on, rental, ownership)
    clock.now = NOW
    return Built(refs, manager, officer)


def _work_ids(intake: Intake, reference: str) -> list[int]:
    from sqlalchemy import select

    from intake.models import Report, Work

    with intake.db.read() as session:
        query = select(Work.id).join(Report).where(Report.reference == reference, Work.completed_at.is_(None))
        return list(session.scalars(query.where(Work.cancelled_at.is_(None))))
