"""The queue: most urgent first, filtered as staff need, one page at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from intake.context import Intake
from intake.drafts import SafetyFlags
from intake.queries import QueueFilters, queue_page
from tests.conftest import FixedClock
from tests.factories import submit
from tests.staff.conftest import client_for, page

THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def _submit(intake: Intake, **fields: object) -> str:
    reference = submit(intake, **fields).reference
    assert reference is not None
    return reference


def test_immediate_reports_come_first_then_the_soonest_due(staff_app: Flask, intake: Intake) -> None:
    older = _submit(intake, received_at=THURSDAY - timedelta(days=1))
    newer = _submit(intake, received_at=THURSDAY)
    urgent = _submit(intake, received_at=THURSDAY, safety=SafetyFlags(injury=True))  # policy 4.4
    client, _ = client_for(staff_app, intake, "triage_officer")
    text = page(client, "/staff/")
    assert text.index(urgent) < text.index(older) < text.index(newer)
    assert "Immediate" in text


def test_filters_narrow_the_queue(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    by_sms = _submit(intake, channel="sms", postcode="M14 5TQ", received_at=THURSDAY - timedelta(days=7))
    by_web = _submit(intake, channel="web", postcode="LS1 4AP")
    client, me = client_for(staff_app, intake, "case_officer")
    sms_only = page(client, "/staff/?channel=sms")
    assert by_sms in sms_only and by_web not in sms_only
    in_m14 = page(client, "/staff/?area=m14")
    assert by_sms in in_m14 and by_web not in in_m14
    overdue = page(client, "/staff/?overdue=y")
    assert by_sms in overdue and by_web not in overdue
    client.post(f"/staff/reports/{by_web}/accept")
    client.post(f"/staff/cases/{by_web}/officer", data={"officer": me.id})
    mine = page(client, "/staff/?mine=y")
    assert by_web in mine and by_sms not in mine
    opened = page(client, "/staff/?status=open")
    assert by_web in opened and by_sms not in opened


def test_the_queue_pages_by_keyset_without_repeating_or_skipping(staff_app: Flask, intake: Intake) -> None:
    references = {_submit(intake, received_at=THURSDAY - timedelta(minutes=n)) for n in range(7)}
    with intake.db.read() as session:
        seen: list[str] = []
        after = None
        while True:
            rows = queue_page(session, after=after, limit=3, filters=QueueFilters())
            if not rows:
                break
            seen += [row.reference for row in rows]
            after = rows[-1].cursor
    assert sorted(seen) == sorted(references) and len(seen) == 7


def test_the_next_page_link_keeps_the_filters(staff_app: Flask, intake: Intake) -> None:
    for n in range(51):
        _submit(intake, channel="sms", received_at=THURSDAY - timedelta(minutes=n))
    client, _ = client_for(staff_app, intake, "triage_officer")
    first = client.get("/staff/?channel=sms")
    body = first.get_data(as_text=True)
    assert "Next page" in body and "channel=sms" in body.split("Next page")[0].rsplit("href=", 1)[1]
    link = body.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = page(client, link)
    assert second.count("HPG-") == 1 and "Next page" not in second


def test_each_row_shows_how_long_until_the_response_and_works_are_due(staff_app: Flask, intake: Intake) -> None:
    _submit(intake, safety=SafetyFlags(graffiti_to_remove=True), characteristics=("religion",))
    client, _ = client_for(staff_app, intake, "triage_officer")
    text = page(client, "/staff/")
    assert "due in 31h 00m" in text  # Friday 17:00 from Thursday 10:00 (policy 4.1)
    assert "due in 24h 00m" in text  # graffiti within 24 hours (policy 4.10)
    assert "Religion" in text and "Web" in text


def test_the_area_filter_takes_the_start_of_an_outward_code_or_a_whole_postcode(intake: Intake) -> None:
    """Issue 16: the postcode is sealed, so the area filter reads the plain outward code, and a whole
    postcode typed finds that postcode by its keyed digest; what staff see for "M1" or "m1 " is unchanged."""
    m1 = _submit(intake, postcode="M1 1AA")
    m1_other = _submit(intake, postcode="M1 2BB")
    m14 = _submit(intake, postcode="M14 5TQ")
    leeds = _submit(intake, postcode="LS1 4AP")
    nowhere = _submit(intake, postcode=None)

    def found(typed: str) -> set[str]:
        with intake.db.read() as session:
            return {row.reference for row in queue_page(session, filters=QueueFilters(area=typed))}

    assert found("M1") == found("m1 ") == {m1, m1_other, m14}  # the start of the outward code, as before
    assert found("M14") == {m14}
    assert found("m1 1aa") == found("M11AA") == {m1}  # a whole postcode: that postcode alone
    assert found("M14 5") == {m14}  # a part of a postcode: its outward code's start
    assert found("LS") == {leeds} and found("NOT A POSTCODE AREA") == set()
    assert nowhere in found("   ")  # nothing typed: no filter
