"""Submitting a report: stored raw first, once, triaged, audited; bad input kept and flagged."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from intake.context import Intake
from intake.drafts import (
    Acknowledgement,
    AttachmentDraft,
    ConsentDraft,
    Contact,
    DraftError,
    Inbound,
    ReportDraft,
    ResponsiblePerson,
    SafetyFlags,
)
from intake.inbound import raw_of
from intake.models import AuditEvent, Consent, InboundItem, OutboxMessage, Party, Report, Work
from intake.services import Outcome, submit_report
from tests.conftest import FixedClock
from tests.factories import submit
from tests.raw_items import raw_items


def count(intake: Intake, model: type) -> int:
    with intake.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def load(intake: Intake, reference: str) -> Report:
    with intake.db.read() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert report is not None
        session.expunge(report)
        return report


def test_a_report_is_stored_with_its_raw_input_and_triaged(intake: Intake, clock: FixedClock) -> None:
    submission = submit(intake, channel="sms", key="SM123", raw=b"Body=help")
    assert submission.outcome is Outcome.NEW_REPORT
    report = load(intake, submission.reference or "")
    assert report.category == "asb_serious_high_risk"
    assert report.status == "new"
    assert report.received_at == clock.now
    assert report.response_due == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)  # Thu -> Fri 17:00 GMT
    with intake.db.read() as session:
        item = session.scalar(select(InboundItem).where(InboundItem.key == "SM123"))
        assert item is not None and raw_of(intake.keyring, item) == b"Body=help" and item.report_id == report.id


def test_the_same_inbound_item_twice_makes_one_report(intake: Intake) -> None:
    first = submit(intake, key="same-key")
    again = submit(intake, key="same-key", description="a retry with different words")
    assert again.outcome is Outcome.DUPLICATE
    assert again.reference == first.reference
    assert count(intake, Report) == 1
    assert count(intake, InboundItem) == 1


def test_the_same_key_on_another_channel_is_a_different_item(intake: Intake) -> None:
    submit(intake, channel="web", key="k1")
    submit(intake, channel="sms", key="k1")
    assert count(intake, Report) == 2


def test_a_second_key_seen_before_is_a_duplicate_and_keeps_the_copy(intake: Intake) -> None:
    first = submit_report(intake, ReportDraft(Inbound("email", "INBOX:7:1", b"one", also_keys=("<a@b>",))))
    again = submit_report(intake, ReportDraft(Inbound("email", "INBOX:7:2", b"one again", also_keys=("<a@b>",))))
    assert again.outcome is Outcome.DUPLICATE and again.reference == first.reference
    assert count(intake, Report) == 1
    assert count(intake, InboundItem) == 2  # the copy is kept, so re-polling UID 2 is also a duplicate
    assert submit_report(intake, ReportDraft(Inbound("email", "INBOX:7:2", b"x"))).outcome is Outcome.DUPLICATE


def test_two_threads_submitting_the_same_item_at_once_make_one_report(intake: Intake) -> None:
    barrier = threading.Barrier(2)
    results = []

    def send() -> None:
        barrier.wait()
        results.append(submit(intake, channel="sms", key="SM-race"))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(intake, Report) == 1
    assert sorted(r.outcome for r in results) == [Outcome.DUPLICATE, Outcome.NEW_REPORT]
    assert results[0].reference == results[1].reference


def test_many_threads_with_distinct_items_lose_nothing(intake: Intake) -> None:
    barrier = threading.Barrier(8)

    def send(i: int) -> None:
        barrier.wait()
        for j in range(5):
            submit(intake, key=f"k-{i}-{j}")

    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(intake, Report) == 40


def test_safeguarding_signs_make_it_immediate_and_alert_the_triage_inbox(intake: Intake) -> None:
    intake.triage_inbox, intake.public_base_url = "triage@landlord.example", "https://report.example"
    try:
        submission = submit(intake, safety=SafetyFlags(children_affected=True), description="secret words")
    finally:
        intake.triage_inbox = intake.public_base_url = None
    assert load(intake, submission.reference or "").priority == "immediate"
    with intake.db.read() as session:
        alert = session.scalars(select(OutboxMessage)).one()
    assert alert.recipient == "triage@landlord.example"
    assert submission.reference in alert.body
    assert f"https://report.example/staff/reports/{submission.reference}" in alert.body
    assert "secret words" not in alert.body + (alert.subject or "")


def test_graffiti_and_repairs_get_works_due_in_24_hours(intake: Intake, clock: FixedClock) -> None:
    submit(intake, safety=SafetyFlags(graffiti_to_remove=True, damage_needing_repair=True))
    with intake.db.read() as session:
        works = session.scalars(select(Work).order_by(Work.kind)).all()
    assert [(w.kind, w.due) for w in works] == [
        ("emergency_repair", datetime(2026, 11, 27, 10, 0, tzinfo=UTC)),
        ("graffiti_removal", datetime(2026, 11, 27, 10, 0, tzinfo=UTC)),
    ]


def test_staff_responsible_is_restricted(intake: Intake) -> None:
    submission = submit(intake, responsible=ResponsiblePerson(is_staff=True))
    assert load(intake, submission.reference or "").restricted


def test_the_channels_own_receipt_time_is_used(intake: Intake) -> None:
    received = datetime(2026, 8, 28, 14, 0, tzinfo=UTC)
    submission = submit(intake, received_at=received)
    report = load(intake, submission.reference or "")
    assert report.received_at == received
    assert report.response_due == datetime(2026, 9, 1, 16, 0, tzinfo=UTC)  # 17:00 BST after the bank holiday


def test_parties_and_consents_are_recorded_with_who_and_when(intake: Intake, clock: FixedClock) -> None:
    submit(
        intake,
        reporter_role="third_party",
        reporter=Contact(name="Advice worker", email="Worker@Advice.example", safe_methods=("email",)),
        victim=Contact(name="Resident", phone="07700 900123", safe_methods=("phone",), message_safe=False),
        consents=(ConsentDraft("share_with_police", True, recorded_by="partner_user:4"),),
    )
    with intake.db.read() as session:
        parties = {p.role: p for p in session.scalars(select(Party))}
        consent = session.scalars(select(Consent)).one()
    assert parties["reporter"].email == "worker@advice.example"
    assert parties["victim"].phone == "+447700900123"
    assert (consent.kind, consent.given, consent.recorded_by, consent.recorded_at) == (
        "share_with_police",
        True,
        "partner_user:4",
        clock.now,
    )


def test_every_report_is_an_audit_event_without_its_content(intake: Intake) -> None:
    submission = submit(intake, description="very private words")
    with intake.db.read() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor, event.report_id) == ("report_created", "channel:web", submission.report_id)
    assert "private" not in str(event.detail)


def test_acknowledgement_goes_only_by_a_method_marked_safe(intake: Intake) -> None:
    safe = submit(
        intake,
        reporter=Contact(email="a@example.org", safe_methods=("email",)),
        acknowledgement=Acknowledgement("email", "a@example.org"),
    )
    submit(
        intake,
        reporter=Contact(email="b@example.org", safe_methods=("phone",)),
        acknowledgement=Acknowledgement("email", "b@example.org"),
    )
    with intake.db.read() as session:
        messages = session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in messages] == ["a@example.org"]
    assert safe.reference in messages[0].body and "They shouted" not in messages[0].body


# Bad input: a clear error, or a report flagged for review. Never a crash that loses the input.


def test_a_draft_without_a_channel_is_refused_clearly(intake: Intake) -> None:
    with pytest.raises(DraftError, match="no channel"):
        submit_report(intake, ReportDraft(Inbound("", "k", b"raw")))
    with pytest.raises(DraftError, match="unknown channel"):
        submit_report(intake, ReportDraft(Inbound("fax", "k", b"raw")))
    assert count(intake, InboundItem) == 0


def test_unknown_codes_are_kept_out_and_flagged_for_review(intake: Intake) -> None:
    submission = submit(intake, characteristics=("race", "astrology"), reporter_role="bystander")
    report = load(intake, submission.reference or "")
    assert submission.needs_review and report.needs_review
    assert report.characteristics == ["race"]
    assert report.reporter_role == "unknown"
    assert any("astrology" in reason for reason in report.review_reasons)


def test_nul_bytes_are_replaced_and_flagged_and_the_raw_bytes_kept(intake: Intake) -> None:
    submission = submit(intake, raw=b"a\x00b", description="before\x00after")
    report = load(intake, submission.reference or "")
    assert report.description == "before\ufffdafter"
    assert report.needs_review
    assert raw_items(intake) == [b"a\x00b"]


def test_several_megabytes_of_text_are_kept_whole(intake: Intake) -> None:
    diary = "".join(f"Day {i}: they were outside again and shouted at my door. \n" for i in range(80_000))
    assert len(diary) > 4_000_000
    submission = submit(intake, description=diary)
    assert load(intake, submission.reference or "").description == diary


def test_an_empty_report_is_kept_and_flagged(intake: Intake) -> None:
    submission = submit(intake, description="   ")
    assert submission.outcome is Outcome.NEW_REPORT and submission.needs_review


def test_an_unrecognisable_phone_number_is_kept_as_typed_and_flagged(intake: Intake) -> None:
    submission = submit(intake, reporter=Contact(phone="call me on the landline"))
    assert submission.needs_review
    with intake.db.read() as session:
        assert session.scalars(select(Party)).one().phone == "call me on the landline"


def test_attachments_are_stored_by_content_with_a_safe_name(intake: Intake) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    submission = submit(intake, attachments=(AttachmentDraft("../../etc/passwd.png", png),))
    with intake.db.read() as session:
        report = session.scalar(select(Report).where(Report.reference == submission.reference))
        assert report is not None
        attachment = report.attachments[0]
    assert attachment.filename == "passwd.png"
    assert attachment.content_type == "image/png"
    assert attachment.size == len(png)
    assert intake.attachments.open(attachment.storage_name) == png


@pytest.mark.parametrize("number", ["+441174960000", "+33612345678", "+447624123456"])
def test_an_acknowledgement_by_text_goes_only_to_a_uk_mobile(intake: Intake, number: str) -> None:
    """A landline, a number abroad or a Crown Dependency's mobile gets no text, even if marked safe."""
    submit(
        intake,
        reporter=Contact(phone=number, safe_methods=("sms",), message_safe=True),
        acknowledgement=Acknowledgement("sms", number),
    )
    mobile = submit(
        intake,
        reporter=Contact(phone="07700 900982", safe_methods=("sms",), message_safe=True),
        acknowledgement=Acknowledgement("sms", "+447700900982"),
    )
    with intake.db.read() as session:
        messages = session.scalars(select(OutboxMessage)).all()
        withheld = session.scalars(select(AuditEvent).where(AuditEvent.action == "acknowledgement_withheld")).all()
    assert [(m.method, m.recipient, m.report_id) for m in messages] == [("sms", "+447700900982", mobile.report_id)]
    assert len(withheld) == 1
