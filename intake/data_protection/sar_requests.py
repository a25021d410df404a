"""Subject-access requests: the clock, the reviewer's decisions, the release, erase and correct.

The clock is one calendar month from the day the request is received (the same date next month,
or that month's last day when it has none), extendable by two further months with a reason (UK
GDPR Article 12(3)). Opening, viewing, releasing a redaction, extending and releasing the package
are audit events; the package's release is the disclosure's record.
"""

from __future__ import annotations

import calendar
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import StaffUser
from intake.casework.errors import Refused
from intake.context import Intake
from intake.data_protection.holds import check_manager
from intake.data_protection.people import Person, person
from intake.data_protection.protection_tables import RedactionRelease, RightsRequest, SubjectAccessRequest
from intake.data_protection.sar_draft import Draft, assemble
from intake.sealing.keyring import Keyring

REASON_MAX = 2000
RIGHTS_KINDS = ("erase", "correct")
DECISIONS = ("agreed", "refused", "partly")


def months_after(day: date, months: int) -> date:
    """The same date ``months`` later, or that month's last day when it has none (31 Jan -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RequestRow:
    id: int
    received_on: date
    due_on: date
    extended: bool
    released: bool
    overdue: bool


def open_request(intake: Intake, manager: StaffUser, received_on: date, **details: str) -> int:
    """Record a request for a person found by name, phone, email or postcode; returns its id."""
    check_manager(manager)
    subject = person(**details)
    if subject.empty:
        raise Refused("Give at least one of the person's name, phone number, email address or postcode.")
    if received_on > _today(intake):
        raise Refused("The date the request was received cannot be in the future.")
    with intake.db.begin() as session:
        request = SubjectAccessRequest(
            received_on=received_on,
            due_on=months_after(received_on, 1),
            name=subject.name,
            phone=subject.phone,
            email=subject.email,
            postcode=subject.postcode,
            opened_by=manager.actor,
            opened_at=intake.clock(),
        )
        session.add(request)
        session.flush()
        _audit(session, intake, manager, "subject_access_opened", request.id)
        return request.id


def list_requests(intake: Intake, manager: StaffUser) -> list[RequestRow]:
    check_manager(manager)
    today = _today(intake)
    with intake.db.read() as session:
        query = select(SubjectAccessRequest).order_by(SubjectAccessRequest.due_on, SubjectAccessRequest.id)
        return [
            RequestRow(
                r.id,
                r.received_on,
                r.due_on,
                r.extended_reason is not None,
                r.released_at is not None,
                r.released_at is None and r.due_on < today,
            )
            for r in session.scalars(query)
        ]


@dataclass(frozen=True)
class RequestView:
    row: RequestRow
    subject: Person
    draft: Draft
    rights: list[RightsRequest]


def view_request(intake: Intake, manager: StaffUser, request_id: int) -> RequestView:
    """The reviewable draft, with every redaction shown to the reviewer; audited."""
    check_manager(manager)
    with intake.db.begin() as session:
        request = _request(session, request_id)
        draft = _draft(session, intake.keyring, request)
        rights = list(session.scalars(select(RightsRequest).where(RightsRequest.request_id == request_id)))
        _audit(session, intake, manager, "subject_access_viewed", request_id)
        session.expunge_all()
        today = _today(intake)
        row = RequestRow(
            request.id,
            request.received_on,
            request.due_on,
            request.extended_reason is not None,
            request.released_at is not None,
            request.released_at is None and request.due_on < today,
        )
        return RequestView(row, _subject(request), draft, rights)


def extend(intake: Intake, manager: StaffUser, request_id: int, reason: str) -> date:
    """Two further months, once, with the reason; returns the new due date."""
    check_manager(manager)
    reason = _reason(reason, "Say why more time is needed")
    with intake.db.begin() as session:
        request = _request(session, request_id)
        if request.extended_reason is not None:
            raise Refused("This request has already been extended.")
        request.due_on, request.extended_reason = months_after(request.received_on, 3), reason
        _audit(session, intake, manager, "subject_access_extended", request_id)
        return request.due_on


def release_redaction(intake: Intake, manager: StaffUser, request_id: int, key: str, reason: str) -> None:
    """Release one redaction: the other person consented, or disclosure is reasonable (the reason)."""
    check_manager(manager)
    reason = _reason(reason, "Say why this may be released")
    with intake.db.begin() as session:
        request = _request(session, request_id)
        if key not in {redaction.key for redaction in _draft(session, intake.keyring, request).redactions}:
            raise Refused("There is no such redaction on this request.")
        session.add(
            RedactionRelease(
                request_id=request_id,
                redaction_key=key,
                reason=reason,
                released_by=manager.actor,
                released_at=intake.clock(),
            )
        )
        _audit(session, intake, manager, "subject_access_redaction_released", request_id, redaction=key)


def record_rights_request(
    intake: Intake, manager: StaffUser, request_id: int, kind: str, what: str, decision: str, reason: str
) -> None:
    """A request to erase or correct, with the decision and its reason."""
    check_manager(manager)
    if kind not in RIGHTS_KINDS or decision not in DECISIONS:
        raise Refused("Choose what was asked for and the decision.")
    what, reason = _reason(what, "Say what the person asked for"), _reason(reason, "Say why")
    with intake.db.begin() as session:
        _request(session, request_id)
        session.add(
            RightsRequest(
                request_id=request_id,
                kind=kind,
                what=what,
                decision=decision,
                reason=reason,
                decided_by=manager.actor,
                decided_at=intake.clock(),
            )
        )
        _audit(session, intake, manager, f"{kind}_request_decided", request_id, decision=decision)


def release_package(intake: Intake, manager: StaffUser, request_id: int, render_html: Callable[[Draft], str]) -> bytes:
    """The ZIP for the person: a readable HTML document and the same as JSON; the disclosure is logged.

    Stored, not compressed, so the file's bytes are exactly what the person reads.
    """
    check_manager(manager)
    with intake.db.begin() as session:
        request = _request(session, request_id)
        draft = _draft(session, intake.keyring, request)
        request.released_at, request.released_by = intake.clock(), manager.actor
        references = [section.reference for section in draft.sections]
        _audit(session, intake, manager, "subject_access_released", request_id, reports=len(references))
    return _zip(render_html(draft), draft.as_json())


def _zip(document: str, data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as package:
        package.writestr("subject-access.html", document)
        package.writestr("subject-access.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def _draft(session: Session, keyring: Keyring, request: SubjectAccessRequest) -> Draft:
    released = frozenset(
        session.scalars(select(RedactionRelease.redaction_key).where(RedactionRelease.request_id == request.id))
    )
    return assemble(session, keyring, request.id, _subject(request), released)


def _subject(request: SubjectAccessRequest) -> Person:
    return Person(request.name, request.phone, request.email, request.postcode)


def _request(session: Session, request_id: int) -> SubjectAccessRequest:
    request = session.get(SubjectAccessRequest, request_id)
    if request is None:
        raise Refused("There is no such request.")
    return request


def _audit(session: Session, intake: Intake, manager: StaffUser, action: str, request_id: int, **detail: Any) -> None:
    audit.record(
        session, at=intake.clock(), actor=manager.actor, action=action, subject_access_request=request_id, **detail
    )


def _reason(reason: str, missing: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise Refused(f"{missing}, in at most {REASON_MAX} characters.")
    return reason


def _today(intake: Intake) -> date:
    return intake.clock().astimezone(intake.calendar.timezone).date()
