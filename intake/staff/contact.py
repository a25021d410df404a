"""Reaching the reporter, and exporting a case: both leave the landlord, so both are audited.

A message goes only by a method the party marked safe (some reporters are put at risk by a
text or email from us); the outbox then suppresses any address that opted out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from intake import audit, outbox
from intake.context import Intake
from intake.models import Party
from intake.staff.errors import Refused
from intake.staff.lookup import case_reports, visible_case
from intake.staff.models import CaseEntry, StaffUser
from intake.staff.queries import load_case
from intake.staff.vocabulary import EntryKind
from intake.vocabulary import ContactMethod

MESSAGE_METHODS = (ContactMethod.SMS.value, ContactMethod.EMAIL.value)


@dataclass(frozen=True)
class SafeRoute:
    """One way the case's parties said it is safe to text or email them."""

    party_id: int
    role: str
    method: str

    @property
    def key(self) -> str:
        return f"{self.party_id}:{self.method}"


def safe_routes(parties: list[Party]) -> list[SafeRoute]:
    """Texting or emailing each party, only by a method marked safe and with somewhere to send it."""
    routes = []
    for party in parties:
        for method in MESSAGE_METHODS:
            if method in party.safe_methods and _address(party, method):
                routes.append(SafeRoute(party.id, party.role, method))
    return routes


def message_party(intake: Intake, staff: StaffUser, case_reference: str, route_key: str, text: str) -> str:
    """Queue a text or email to a party of the case by a safe method; logged in the contact log."""
    if not text.strip():
        raise Refused("Write the message.")
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        parties = [party for report in case_reports(session, case.id) for party in report.parties]
        route = next((r for r in safe_routes(parties) if r.key == route_key), None)
        if route is None:
            raise Refused("Choose a way the person marked safe to contact them.")
        party = next(p for p in parties if p.id == route.party_id)
        now = intake.clock()
        outbox.enqueue(
            session,
            now=now,
            dedupe_key=f"staff_message:{case.id}:{secrets.token_hex(8)}",
            kind="staff_message",
            method=route.method,
            recipient=_address(party, route.method) or "",
            subject=f"About your report to {intake.org_name}: {case.reference}",
            body=text.strip() + "\n",
            report_id=party.report_id,
        )
        session.add(
            CaseEntry(
                case_id=case.id,
                kind=EntryKind.CONTACT.value,
                method=route.method,
                text=f"Message sent to the {route.role} by {route.method}: {text.strip()}",
                recorded_by=staff.actor,
                recorded_at=now,
            )
        )
        audit.record(session, at=now, actor=staff.actor, action="party_messaged", case_id=case.id, method=route.method)
        return route.method


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
