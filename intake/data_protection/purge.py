"""Purging a case that fell due: anonymised in place, so the figures for its year never change.

Removed: free text (descriptions, messages, notes, the contact log, reasons, what was disclosed),
names, contacts, addresses, attachments (rows, and files no other report holds), raw inbound
items' bytes, outbox bodies and recipients, who sent each item; then the case's and its reports'
data keys are destroyed (issue 16), so what a backup still holds sealed of them reads as nothing.
Kept: the report and case rows with their codes, dates and clocks, channel, reporter role,
characteristics, incident types, the area (``postcode_area``, the postcode's district, the outward code),
clocks met or missed and the outcome; and a tombstone saying when and who approved it. Only a
manager approves, per case (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import MetaData, Table, delete, inspect, or_, select, update
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import (
    ActionPlan,
    Case,
    CaseAction,
    CaseEntry,
    CaseReport,
    CategoryDecision,
    Disclosure,
    FirstResponse,
    RiskAssessment,
    StaffUser,
)
from intake.casework.errors import Refused
from intake.casework.lookup import visible_case
from intake.context import Intake
from intake.data_protection.due import active_hold, is_due
from intake.data_protection.holds import check_manager
from intake.data_protection.protection_tables import PurgeRecord
from intake.data_protection.schedule import Schedule
from intake.models import Attachment, InboundItem, Message, OutboxMessage, Party, Report, Work
from intake.reading.stored import InferredSignal
from intake.sealing.upkeep import destroy_case_keys

# Free text on each table, and what it becomes. Rows stay: they carry the codes the figures count.
REPORT_TEXT: dict[str, Any] = {
    "description": "",
    "occurred_text": None,
    "location": None,
    "responsible_description": None,
    "location_index": None,
    "responsible_index": None,
    "postcode_index": None,  # a postcode's digest is the postcode to whoever holds the index key
    "restriction_lifted_reason": None,
    "partner_case_reference": None,
    "contact_language": None,  # issue 15: may be a language the reporter typed; the code it was made in stays
}
PARTY_DETAILS: dict[str, Any] = {
    "name_sealed": None,
    "phone_sealed": None,
    "email_sealed": None,
    "address_sealed": None,
    "safe_times_sealed": None,
    "named_person_sealed": None,
    "phone_index": None,
    "email_index": None,
    "name_index": None,
    "named_person_index": None,
    "postcode_index": None,
}
CASE_TEXT: list[tuple[Any, dict[str, Any]]] = [
    (CaseEntry, {"text_sealed": ""}),
    (CaseAction, {"detail_sealed": ""}),
    (ActionPlan, {"actions_sealed": ""}),
    (Disclosure, {"recipient_sealed": "", "what_sealed": "", "why_sealed": "", "safeguarding_reason_sealed": None}),
    (CategoryDecision, {"explanation_sealed": ""}),
    (RiskAssessment, {"answers": {}, "override_reason_sealed": None}),
]
# Who sent each item and what we replied live in the channels' tables, found by name so the core
# never imports a channel: the SMS and email senders' addresses and our replies' words.
CHANNEL_TEXT: dict[str, dict[str, Any]] = {
    "inbound_replies": {"address": "", "body": ""},
    "remote_media": {"url": "", "attachment_id": None},
}


@dataclass(frozen=True)
class Purged:
    reference: str
    counts: dict[str, int]
    files: list[str]  # storage names no longer held by any report: removed from disk after commit


def purge_case(intake: Intake, manager: StaffUser, case_reference: str, schedule: Schedule) -> Purged:
    """Anonymise a closed case past its period, not held, on a manager's approval; audited."""
    check_manager(manager)
    with intake.db.begin() as session:
        case = visible_case(session, manager, case_reference)
        if active_hold(session, case.id) is not None:
            raise Refused("This case is under a legal hold: lift the hold first.")
        if not is_due(session, schedule, case, intake.clock()):
            raise Refused("This case has not fallen due for purging.")
        counts, files = anonymise(session, case)
        destroy_case_keys(session, intake.keyring, case, at=intake.clock(), actor=manager.actor)
        classes = [record_class.name for record_class in schedule.by_trigger_case()]
        session.add(
            PurgeRecord(
                case_id=case.id, purged_at=intake.clock(), approved_by=manager.actor, classes=classes, counts=counts
            )
        )
        audit.record(session, at=intake.clock(), actor=manager.actor, action="case_purged", case_id=case.id, **counts)
        purged = Purged(case.reference, counts, files)
    for name in purged.files:
        intake.attachments.delete(name)
    return purged


def preview(session: Session, case: Case) -> dict[str, int]:
    """What a purge of this case would remove, counted by class (the dry run)."""
    report_ids = _report_ids(session, case.id)
    return {
        "reports": len(report_ids),
        "parties": _count(session, select(Party.id).where(Party.report_id.in_(report_ids))),
        "messages": _count(session, select(Message.id).where(Message.report_id.in_(report_ids))),
        "attachments": _count(session, select(Attachment.id).where(Attachment.report_id.in_(report_ids))),
        "raw_inbound_items": _count(session, select(InboundItem.id).where(_items_of(report_ids))),
        "outbox_messages": _count(session, select(OutboxMessage.id).where(OutboxMessage.report_id.in_(report_ids))),
        "case_entries": _count(session, select(CaseEntry.id).where(CaseEntry.case_id == case.id)),
    }


def anonymise(session: Session, case: Case) -> tuple[dict[str, int], list[str]]:
    """Remove every personal detail of the case and its reports, in the caller's transaction."""
    counts = preview(session, case)
    report_ids = _report_ids(session, case.id)
    for report in session.scalars(select(Report).where(Report.id.in_(report_ids))):
        _anonymise_report(report)
    session.execute(update(Party).where(Party.report_id.in_(report_ids)).values(**PARTY_DETAILS))
    session.execute(update(Message).where(Message.report_id.in_(report_ids)).values(text_sealed=""))
    session.execute(update(InboundItem).where(_items_of(report_ids)).values(raw=b""))
    _erase_outbox(session, report_ids)
    _erase_case_text(session, case, report_ids)
    _erase_channel_text(session, report_ids)
    files = _remove_attachments(session, report_ids)
    session.flush()
    return counts, files


def outward_code(postcode: str | None) -> str | None:
    """A UK postcode's district (``E1 6AN`` -> ``E1``): the area the figures count, no longer an address."""
    if postcode is None:
        return None
    compact = "".join(postcode.split()).upper()
    return compact[:-3] if len(compact) > 4 else compact[:4] or None


def _anonymise_report(report: Report) -> None:
    for name, value in REPORT_TEXT.items():
        setattr(report, name, value)
    report.postcode_sealed = report.postcode_area  # the outward code, plain by design: no longer an address


def _erase_outbox(session: Session, report_ids: list[int]) -> None:
    erased: dict[str, Any] = {
        "recipient_sealed": "",
        "recipient_index": None,
        "subject": None,
        "body_sealed": "",
        "headers": {},
    }
    session.execute(update(OutboxMessage).where(OutboxMessage.report_id.in_(report_ids)).values(**erased))


def _erase_case_text(session: Session, case: Case, report_ids: list[int]) -> None:
    case.outcome_rationale = None
    for table, values in CASE_TEXT:
        session.execute(update(table).where(table.case_id == case.id).values(**values))
    session.execute(update(FirstResponse).where(FirstResponse.report_id.in_(report_ids)).values(instead_sealed=None))
    session.execute(update(Work).where(Work.report_id.in_(report_ids)).values(cancel_reason_sealed=None))
    inferred = {"words": "", "reason": None}
    session.execute(update(InferredSignal).where(InferredSignal.report_id.in_(report_ids)).values(**inferred))


def _erase_channel_text(session: Session, report_ids: list[int]) -> None:
    connection = session.connection()
    for name, values in CHANNEL_TEXT.items():
        if inspect(connection).has_table(name):
            table = Table(name, MetaData(), autoload_with=connection)
            session.execute(update(table).where(table.c.report_id.in_(report_ids)).values(**values))


def _remove_attachments(session: Session, report_ids: list[int]) -> list[str]:
    """Delete the rows; return the files no other report's attachment still names."""
    names = set(session.scalars(select(Attachment.storage_name).where(Attachment.report_id.in_(report_ids))))
    session.execute(delete(Attachment).where(Attachment.report_id.in_(report_ids)))
    still_held = set(session.scalars(select(Attachment.storage_name).where(Attachment.storage_name.in_(names))))
    return sorted(names - still_held)


def _report_ids(session: Session, case_id: int) -> list[int]:
    return list(session.scalars(select(CaseReport.report_id).where(CaseReport.case_id == case_id)))


def _items_of(report_ids: list[int]) -> Any:
    """Raw items that made or continued these reports."""
    by_message = select(Message.inbound_item_id).where(Message.report_id.in_(report_ids))
    return or_(InboundItem.report_id.in_(report_ids), InboundItem.id.in_(by_message))


def _count(session: Session, query: Any) -> int:
    return len(list(session.scalars(query)))
