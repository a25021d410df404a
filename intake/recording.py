"""Building a report's rows inside a service's transaction: the report, its parties, consents,
attachments and works, and the outbox messages it causes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from intake import audit, outbox
from intake.attachments import sanitise_filename
from intake.context import Intake
from intake.db_helpers import bulk_insert, insert_or_ignore
from intake.drafts import AttachmentDraft, Contact, ReportDraft, ResponsiblePerson, SafetyFlags
from intake.inbound import Stored, store_inbound
from intake.languages import gettext, known, using
from intake.messages import render
from intake.models import PARTY_DETAILS, REPORT_WORDS, Attachment, Consent, Party, Report, Work
from intake.normalise import Checked, is_uk_mobile
from intake.reading.retriage import record_inferred
from intake.reading.signals import infer, new_to, with_inferred
from intake.reading.words import Found
from intake.references import new_reference
from intake.sealing import Cell, DataKey, Owner, new_row_token, party_indexes, report_indexes
from intake.triage import Triage, triage
from intake.vocabulary import ConsentBasis, ContactMethod, InboundDisposition, PartyRole, Status

MAX_REFERENCE_TRIES = 10


@dataclass(frozen=True)
class Created:
    """A new report and what triage decided for it (whether to alert staff is not stored on it).

    ``report`` is None when the inbound item was stored before: nothing was created, and
    ``stored`` names the report its first copy went to.
    """

    stored: Stored
    report: Report | None = None
    triage: Triage | None = None


def create_report(
    session: Session,
    intake: Intake,
    checked: Checked,
    received_at: datetime,
    actor: str | None = None,
) -> Created:
    """The raw item and its report, triaged on arrival (policy 4.1), with everything that hangs off it.

    Issue 13: the report row comes first, so the raw item is inserted already pointing at it (no
    update after), and the item's unique key still decides: a repeat takes the report back out
    before anything hangs off it, and creates nothing.
    """
    draft = checked.draft
    found, decided, values = read_and_triaged(intake, checked, received_at)
    report = _insert_report(session, intake, values)
    stored = store_inbound(
        session, intake.keyring, draft.inbound, received_at, InboundDisposition.NEW_REPORT, report.id
    )
    if stored.duplicate:
        _discard(session, report)
        return Created(stored)
    _add_rows(session, intake, report, draft, decided, found, received_at, actor)
    return Created(stored, report, decided)


def read_and_triaged(
    intake: Intake, checked: Checked, received_at: datetime
) -> tuple[list[Found], Triage, dict[str, object]]:
    """The reporter's words read (issue 11: they count as answers), the report triaged on them (policy
    4.1), and the report row's values before its reference, key and sealing (with the digests that find
    its words and postcode, and the postcode's plain outward code)."""
    draft = checked.draft
    found = infer(_own_words(draft))
    safety, responsible = with_inferred(draft.safety, draft.responsible, found)
    decided = triage(received_at, safety, responsible, intake.calendar)
    values = dict(
        received_at=received_at,
        needs_review=bool(checked.review_reasons),
        review_reasons=list(checked.review_reasons),
        **_report_fields(draft, safety, responsible),
        **_triage_fields(decided),
        **report_indexes(intake.keyring.index, draft.location, responsible.description, draft.postcode),
    )
    return found, decided, values


def _add_rows(
    session: Session,
    intake: Intake,
    report: Report,
    draft: ReportDraft,
    decided: Triage,
    found: list[Found],
    at: datetime,
    actor: str | None,
) -> None:
    """Parties, consents, attachments, works and inferred signals: one insert per table, none read back."""
    bulk_insert(session, Party, _parties(intake, report, draft))
    bulk_insert(session, Consent, _consents(report.id, draft, at))
    add_attachments(session, intake, report, draft.attachments)
    works = _add_works(session, report.id, decided)
    said = _report_fields(draft, draft.safety, draft.responsible)  # the answers before any inference
    events = record_inferred(session, report, new_to(draft.safety, draft.responsible, found), at, said, works)
    created = audit.event(
        at=at,
        actor=actor or f"channel:{draft.inbound.channel}",
        action="report_created",
        report_id=report.id,
        priority=report.priority,
        needs_review=report.needs_review,
    )
    audit.record_all(session, [created, *events])


def _insert_report(session: Session, intake: Intake, values: dict[str, object]) -> Report:
    """The report row under a fresh reference, claimed by the unique constraint: no look-up first.

    Its own data key is made here and written in the same row (issue 16), bound to the reference.
    The object returned is the row as written, outside the session (nothing is read back, and the
    session has nothing to flush): the callers read its values, they never change it.
    """
    for _ in range(MAX_REFERENCE_TRIES):
        row = report_row(intake, values)
        report_id = insert_or_ignore(session, Report, row, ["reference"])
        if report_id is not None:
            return _as_written(report_id, row)
    raise RuntimeError("could not find an unused reference")


def report_row(intake: Intake, values: dict[str, object]) -> dict[str, object]:
    """The report's row under a fresh reference, with its own data key and its words sealed for it."""
    reference = new_reference(intake.reference_prefix)
    data_key = intake.keyring.new_data_key(Owner("reports", reference))
    return dict(values, reference=reference, **data_key.columns(), **_sealed_words(data_key, reference, values))


def _sealed_words(data_key: DataKey, reference: str, values: dict[str, object]) -> dict[str, object]:
    """The reporter's words sealed for this report's cells (issue 16), by column name."""
    return {
        name: data_key.seal_optional(Cell("reports", name, reference), cast("str | None", values[name]))
        for name in REPORT_WORDS
    }


def _as_written(report_id: int, row: dict[str, object]) -> Report:
    """The row as an object outside the session: sealed columns set as stored, not sealed again."""
    report = Report(id=report_id, **{name: value for name, value in row.items() if name not in REPORT_WORDS})
    for name in REPORT_WORDS:
        setattr(report, f"{name}_sealed", row[name])
    return report


def _discard(session: Session, report: Report) -> None:
    """Take back a report whose item turned out to be a repeat (nothing hangs off it yet)."""
    session.execute(delete(Report).where(Report.id == report.id), execution_options={"synchronize_session": False})


def _add_works(session: Session, report_id: int, decided: Triage) -> dict[str, int]:
    """The works orders triage started (policy 4.10), by kind, with their ids for the signals that caused them."""
    if not decided.works:
        return {}
    rows = [dict(report_id=report_id, kind=work.kind, due=work.due) for work in decided.works]
    statement = insert(Work).returning(Work.kind, Work.id, sort_by_parameter_order=True)
    return {kind: work_id for kind, work_id in session.execute(statement, rows)}


def add_attachments(
    session: Session,
    intake: Intake,
    report: Report,
    attachments: Iterable[AttachmentDraft],
    message_id: int | None = None,
) -> list[Attachment]:
    """Save each file, then its rows in one statement (issue 13), coming back as objects in the session.

    Each name is sealed under the report's key in Python before the insert (issue 16): no statement more.
    """
    attachments = list(attachments)
    if not attachments:
        return []
    key = report.writable_key(intake.keyring)
    rows = [_attachment(session, intake, key, report.id, message_id, attachment) for attachment in attachments]
    statement = insert(Attachment).returning(Attachment, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows, execution_options={"populate_existing": True}))


def _attachment(
    session: Session,
    intake: Intake,
    key: DataKey,
    report_id: int,
    message_id: int | None,
    attachment: AttachmentDraft,
) -> dict[str, object]:
    stored = intake.attachments.save(attachment.content, within=session)
    token = new_row_token()
    return dict(
        report_id=report_id,
        message_id=message_id,
        seal_token=token,
        filename_sealed=key.seal(Cell("attachments", "filename", token), sanitise_filename(attachment.filename)),
        content_type=stored.content_type,
        size=stored.size,
        storage_name=stored.storage_name,
    )


def _subject(language: str, **values: str) -> str:
    with using(language):
        return gettext("Your report to %(org_name)s: reference %(reference)s", **values)


def queue_acknowledgement(session: Session, intake: Intake, report: Report, draft: ReportDraft) -> None:
    """The reference back to the reporter, only by a method they marked safe (a text: to a UK mobile)."""
    ack = draft.acknowledgement
    if ack is None:
        return
    safe = draft.reporter is not None and ack.method in draft.reporter.safe_methods
    if not safe or (ack.method == ContactMethod.SMS.value and not is_uk_mobile(ack.recipient)):
        audit.record(
            session,
            at=report.received_at,
            actor=audit.SYSTEM,
            action="acknowledgement_withheld",
            report_id=report.id,
            method=ack.method,
        )
        return
    values = dict(org_name=intake.org_name, reference=report.reference)
    language = draft.contact_language if draft.contact_language and known(draft.contact_language) else draft.language
    outbox.enqueue(
        session,
        now=report.received_at,
        dedupe_key=f"acknowledgement:{report.reference}",
        kind="acknowledgement",
        method=ack.method,
        recipient=ack.recipient,
        subject=_subject(language, **values),
        body=render(f"acknowledgement_{ack.method}.txt", language, **values),
        headers=dict(ack.headers),
        report=report,
        provider_id=ack.message_id,
    )


def queue_staff_alert(
    session: Session,
    intake: Intake,
    report: Report,
    *,
    alert_staff: bool,
    now: datetime | None = None,
    cause: str = "",
) -> None:
    """Policy 4.4: safeguarding signs alert staff at once, with a link and never the content (4.11: a
    restricted report only to the managers' inbox).

    ``alert_staff`` is triage's decision: on arrival (``Triage.alert_staff``), or when a later
    message brought a new sign (issue 11; ``cause`` names that message, so its alert is its own).
    """
    inbox = intake.alert_inbox(report.restricted)
    if not alert_staff or inbox is None:
        return
    link = f"{intake.public_base_url}/staff/reports/{report.reference}" if intake.public_base_url else None
    due = report.response_due.astimezone(intake.calendar.timezone).strftime("%a %d %b %Y %H:%M %Z")
    outbox.enqueue(
        session,
        now=now or report.received_at,
        dedupe_key=f"staff_alert:immediate:{report.reference}" + (f":{cause}" if cause else ""),
        kind="staff_alert",
        method="email",
        recipient=inbox,
        subject=f"Immediate: report {report.reference} needs attention",
        body=render(
            "staff_alert.txt",
            reason="safeguarding signs in a later message" if cause else "safeguarding signs",
            reference=report.reference,
            priority=report.priority,
            response_due=due,
            link=link,
        ),
        report=report,
    )


def _own_words(draft: ReportDraft) -> str:
    """Everything the reporter wrote in free text: what happened, and who did it ("the caretaker")."""
    return "\n".join(text for text in (draft.description, draft.responsible.description) if text)


def _report_fields(draft: ReportDraft, safety: SafetyFlags, responsible: ResponsiblePerson) -> dict[str, object]:
    return dict(
        channel=draft.inbound.channel,
        reporter_role=draft.reporter_role,
        description=draft.description,
        characteristics=list(draft.characteristics),
        incident_types=list(draft.incident_types),
        occurred_at=draft.occurred_at,
        occurred_text=draft.occurred_text,
        occurred_date_only=draft.occurred_date_only,
        location=draft.location,
        postcode=draft.postcode,
        location_withheld=draft.location_withheld,
        injury=safety.injury.value,
        children_affected=safety.children_affected.value,
        threat_to_life=safety.threat_to_life.value,
        feels_unsafe_at_home=safety.feels_unsafe_at_home.value,
        damage_needing_repair=safety.damage_needing_repair.value,
        graffiti_to_remove=safety.graffiti_to_remove.value,
        responsible_known_to_victim=responsible.known_to_victim.value,
        responsible_lives_nearby=responsible.lives_nearby.value,
        responsible_is_tenant=responsible.is_tenant.value,
        responsible_is_staff=responsible.is_staff.value,
        responsible_description=responsible.description,
        victim_aware_and_agrees=draft.victim_aware_and_agrees.value,
        partner_organisation_id=draft.partner_organisation_id,
        partner_user_id=draft.partner_user_id,
        partner_case_reference=draft.partner_case_reference,
        possibly_related_reference=draft.possibly_related_reference,
        language=draft.language,
        contact_language=draft.contact_language,
        interpreter=draft.interpreter,
    )


def _triage_fields(decided: Triage) -> dict[str, object]:
    return dict(
        category=decided.category.value,
        priority=decided.priority.value,
        status=Status.NEW.value,
        response_due=decided.response_due,
        safeguarding=decided.safeguarding,
        risk_assessment_required=decided.risk_assessment_required,
        restricted=decided.restricted,
        route=decided.route.value,
    )


def _parties(intake: Intake, report: Report, draft: ReportDraft) -> list[dict[str, object]]:
    pairs = ((PartyRole.REPORTER, draft.reporter), (PartyRole.VICTIM, draft.victim))
    key = intake.keyring.open(report.owner, report.wrapped_key)  # made with the report: cached, not unwrapped
    return [_party(intake, key, report.id, role, contact) for role, contact in pairs if contact is not None]


def _party(intake: Intake, key: DataKey, report_id: int, role: PartyRole, contact: Contact) -> dict[str, object]:
    """A party's row: its details sealed for this row (issue 16), with the digests that find it."""
    token = new_row_token()
    details = {name: getattr(contact, name) for name in PARTY_DETAILS}
    return dict(
        report_id=report_id,
        role=role.value,
        anonymous=contact.anonymous,
        seal_token=token,
        **{name: key.seal_optional(Cell("parties", name, token), value) for name, value in details.items()},
        **party_indexes(
            intake.keyring.index,
            phone=contact.phone,
            email=contact.email,
            name=contact.name,
            named_person=contact.named_person,
            address=contact.address,
        ),
        safe_methods=list(contact.safe_methods),
        message_safe=contact.message_safe,
    )


def _consents(report_id: int, draft: ReportDraft, at: datetime) -> list[dict[str, object]]:
    return [
        dict(
            report_id=report_id,
            party_role=consent.party,
            kind=consent.kind,
            given=consent.given and consent.basis != ConsentBasis.NOT_KNOWN,  # issue 19: never given when not known
            basis=consent.basis,
            reported=consent.reported.value if consent.reported else None,
            recorded_at=at,
            recorded_by=consent.recorded_by,
        )
        for consent in draft.consents
    ]
