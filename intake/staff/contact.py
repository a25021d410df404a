"""Reaching the reporter, and exporting a case: both leave the landlord, so both are audited.

A message goes only by a method the party marked safe, to a party who said a message is safe
and has not refused (or withdrawn) consent to contact (some reporters are put at risk by a
text or email from us); the outbox then suppresses any address that opted out. Each message is
logged on the case with its outbox row, so the contact log shows whether it was really sent.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit, outbox
from intake.context import Intake
from intake.models import Consent, OutboxMessage, Party
from intake.safe_contact import may_message
from intake.staff.errors import Refused
from intake.staff.lookup import case_reports, visible_case
from intake.staff.models import Case, CaseEntry, StaffUser
from intake.staff.queries import load_case
from intake.staff.vocabulary import EntryKind
from intake.vocabulary import ContactMethod

MESSAGE_METHODS = (ContactMethod.SMS.value, ContactMethod.EMAIL.value)
MESSAGE_MAX_CHARS = 918  # six text message parts, as GOV.UK Notify allows; the same for email
MESSAGE_TOO_LONG = f"The message must be {MESSAGE_MAX_CHARS} characters or fewer."


@dataclass(frozen=True)
class SafeRoute:
    """One way the case's parties said it is safe to text or email them."""

    party_id: int
    role: str
    method: str

    @property
    def key(self) -> str:
        return f"{self.party_id}:{self.method}"


def safe_routes(parties: list[Party], consents: list[Consent]) -> list[SafeRoute]:
    """Texting or emailing each party, only by a method marked safe and with somewhere to send it,
    where they said a message is safe and did not refuse contact."""
    return [
        SafeRoute(party.id, party.role, method)
        for party in parties
        for method in MESSAGE_METHODS
        if _address(party, method) and may_message(party, consents, method)
    ]


def case_safe_routes(session: Session, case_id: int) -> tuple[list[Party], list[SafeRoute]]:
    """The parties of a case's reports and the safe ways to message them."""
    reports = case_reports(session, case_id)
    parties = [party for report in reports for party in report.parties]
    return parties, safe_routes(parties, [consent for report in reports for consent in report.consents])


def message_party(intake: Intake, staff: StaffUser, case_reference: str, route_key: str, text: str) -> str:
    """Queue a text or email to a party of the case by a safe method; logged in the contact log."""
    text = text.strip()
    if not text:
        raise Refused("Write the message.")
    if len(text) > MESSAGE_MAX_CHARS:
        raise Refused(MESSAGE_TOO_LONG)
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        parties, routes = case_safe_routes(session, case.id)
        route = next((r for r in routes if r.key == route_key), None)
        if route is None:
            raise Refused("Choose a way the person marked safe to contact them.")
        party = next(p for p in parties if p.id == route.party_id)
        now = intake.clock()
        outbox_id = _queue_message(session, intake, case, party, route.method, text)
        entry_text = f"Message to the {route.role} by {route.method}: {text}"
        session.add(
            CaseEntry(
                case_id=case.id,
                kind=EntryKind.CONTACT.value,
                method=route.method,
                text=entry_text,
                recorded_by=staff.actor,
                recorded_at=now,
                outbox_message_id=outbox_id,
            )
        )
        audit.record(session, at=now, actor=staff.actor, action="party_messaged", case_id=case.id, method=route.method)
        return route.method


def _queue_message(session: Session, intake: Intake, case: Case, party: Party, method: str, text: str) -> int | None:
    """The message in the outbox, in the caller's transaction; its row's id."""
    dedupe_key = f"staff_message:{case.id}:{secrets.token_hex(8)}"
    outbox.enqueue(
        session,
        now=intake.clock(),
        dedupe_key=dedupe_key,
        kind="staff_message",
        method=method,
        recipient=_address(party, method) or "",
        subject=f"About your report to {intake.org_name}: {case.reference}",
        body=text + "\n",
        report_id=party.report_id,
    )
    return session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))


def export_case(intake: Intake, staff: StaffUser, case_reference: str) -> dict[str, Any]:
    """The case's record as plain data for a regulator or the Ombudsman (policy 8.1). Audited."""
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        view = load_case(session, case.reference)
        assert view is not None
        audit.record(session, at=intake.clock(), actor=staff.actor, action="case_exported", case_id=case.id)
    return {
        "case": _row(view.case, "reference", "category", "status", "opened_at", "closed_at", "outcome"),
        "reports": [
            _row(r, "reference", "channel", "received_at", "response_due", "first_response_at") for r in view.reports
        ],
        "decisions": [
            _row(d, "from_category", "to_category", "reason", "requested_by", "approved_by") for d in view.decisions
        ],
        "disclosures": [
            _row(d, "kind", "recipient", "basis", "disclosed_by", "disclosed_at") for d in view.disclosures
        ],
        "actions": [_row(a, "kind", "agency", "recorded_by", "recorded_at") for a in view.actions],
        "works": [_row(w, "kind", "due", "completed_at") for w in view.works],
    }


def _row(obj: object, *names: str) -> dict[str, Any]:
    values = {name: getattr(obj, name) for name in names}
    return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()}


def _address(party: Party, method: str) -> str | None:
    return party.phone if method == ContactMethod.SMS.value else party.email
