"""Reaching the reporter, and exporting a case: both leave the landlord, so both are audited.

A message goes only by a method the party marked safe, to a party who said a message is safe
and has not refused (or withdrawn) consent to contact (some reporters are put at risk by a
text or email from us); the outbox then suppresses any address that opted out. A partner that
reported (policy 4.5) is answered by email to the user who made the report, and the message
also shows on that report in the partner portal. Each message is logged on the case with its
outbox row, so the contact log shows whether it was really sent.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit, outbox
from intake.case_tables import Case, CaseEntry, StaffUser
from intake.casework.errors import Refused
from intake.casework.lookup import case_reports, visible_case
from intake.casework.read_side import load_case
from intake.context import Intake
from intake.models import Consent, OutboxMessage, Party, Report
from intake.partners.own_reports import PARTNER_MESSAGE_KIND
from intake.partners.tables import PartnerUser
from intake.safe_contact import may_message
from intake.vocabulary import ContactMethod, EntryKind

MESSAGE_METHODS = (ContactMethod.SMS.value, ContactMethod.EMAIL.value)
MESSAGE_MAX_CHARS = 918  # six text message parts, as GOV.UK Notify allows; the same for email
MESSAGE_TOO_LONG = f"The message must be {MESSAGE_MAX_CHARS} characters or fewer."
PARTNER = "partner"


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


@dataclass(frozen=True)
class PartnerRoute:
    """Emailing the partner's user who made a report; the partner reads it in the portal too."""

    report_id: int
    role: str = PARTNER
    method: str = ContactMethod.EMAIL.value

    @property
    def key(self) -> str:
        return f"{PARTNER}:{self.report_id}"


def case_routes(reports: Sequence[Report], consents: Sequence[Consent]) -> list[SafeRoute | PartnerRoute]:
    """Every way to message a case's people: each party where safe (see ``safe_routes``), each reporting
    partner by email."""
    parties = [party for report in reports for party in report.parties]
    partners = [PartnerRoute(report.id) for report in reports if report.partner_user_id is not None]
    return [*safe_routes(parties, list(consents)), *partners]


def message_party(intake: Intake, staff: StaffUser, case_reference: str, route_key: str, text: str) -> str:
    """Queue a text or email to a party of the case by a safe method, or to a reporting partner; logged."""
    text = text.strip()
    if not text:
        raise Refused("Write the message.")
    if len(text) > MESSAGE_MAX_CHARS:
        raise Refused(MESSAGE_TOO_LONG)
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        reports = case_reports(session, case.id)
        consents = [consent for report in reports for consent in report.consents]
        route = next((r for r in case_routes(reports, consents) if r.key == route_key), None)
        if route is None:
            raise Refused("Choose a way the person marked safe to contact them.")
        now = intake.clock()
        outbox_id = _queue_message(session, intake, case, reports, route, text)
        entry_text = f"Message to the {route.role} by {route.method}: {text}"
        session.add(
            CaseEntry(
                case=case,
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


def _queue_message(
    session: Session, intake: Intake, case: Case, reports: list[Report], route: SafeRoute | PartnerRoute, text: str
) -> int | None:
    """The message in the outbox, in the caller's transaction; its row's id."""
    dedupe_key = f"staff_message:{case.id}:{secrets.token_hex(8)}"
    outbox.enqueue(
        session,
        now=intake.clock(),
        dedupe_key=dedupe_key,
        body=text + "\n",
        **_addressed(session, intake, case.reference, reports, route),
    )
    return session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))


def _addressed(
    session: Session, intake: Intake, case_reference: str, reports: list[Report], route: SafeRoute | PartnerRoute
) -> dict[str, Any]:
    """Whom the message goes to, under which subject, and as what kind of outbox message."""
    if isinstance(route, PartnerRoute):
        report = next(r for r in reports if r.id == route.report_id)
        return {
            "kind": PARTNER_MESSAGE_KIND,
            "method": route.method,
            "recipient": _partner_address(session, report),
            "subject": f"About your organisation's report to {intake.org_name}: {report.reference}",
            "report": report,
        }
    party = next(p for report in reports for p in report.parties if p.id == route.party_id)
    return {
        "kind": "staff_message",
        "method": route.method,
        "recipient": _address(party, route.method) or "",
        "subject": f"About your report to {intake.org_name}: {case_reference}",
        "report": next(report for report in reports if report.id == party.report_id),
    }


def _partner_address(session: Session, report: Report) -> str:
    """The address of the partner's user who made the report, while their account is in use."""
    user = session.get(PartnerUser, report.partner_user_id)
    if user is None or user.disabled:
        raise Refused(
            "The person at the partner who made this report no longer has an account. Contact them another way."
        )
    return user.email


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
        "works": [_row(w, "kind", "due", "completed_at", "cancelled_at", "cancel_reason") for w in view.works],
        "first_responses": [
            _row(fr, "at", "contact", "method", "instead", "met") for fr in view.first_responses.values()
        ],
    }


def _row(obj: object, *names: str) -> dict[str, Any]:
    values = {name: getattr(obj, name) for name in names}
    return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()}


def _address(party: Party, method: str) -> str | None:
    return party.phone if method == ContactMethod.SMS.value else party.email
