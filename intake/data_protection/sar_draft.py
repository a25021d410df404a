"""A subject-access draft: everything held about one person, other people withheld by default.

For a report the subject made or is the victim of: its details, their words and messages, their
own contact details and consents, the case's notes and our messages to them. For a report that
only describes them as the person responsible (policy 4.7, 4.11): what was alleged and when, never
who reported it, how, which witness spoke, nor anyone's contact details (issue 17 item 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from intake.case_tables import Case, CaseEntry, CaseReport
from intake.data_protection.people import Person, Relation, find_person
from intake.data_protection.redaction import Other, Redaction, Redactor
from intake.models import OutboxMessage, Party, Report
from intake.outbox import contact_digests
from intake.partners.tables import PartnerUser
from intake.sealing import BlindIndex
from intake.sealing.keyring import Keyring

SOURCE = "who reported it and how"


@dataclass
class ReportSection:
    reference: str
    relations: list[str]
    fields: list[tuple[str, str | None]]  # (label, value): None means withheld
    messages: list[tuple[str, str | None]]  # (received, text)
    notes: list[tuple[str, str | None]]
    sent_to_you: list[tuple[str, str | None]]
    redactions: list[Redaction] = field(default_factory=list)


@dataclass
class Draft:
    request_id: int
    subject: Person
    sections: list[ReportSection]

    @property
    def redactions(self) -> list[Redaction]:
        return [redaction for section in self.sections for redaction in section.redactions]

    def as_json(self) -> dict[str, Any]:
        """The package's JSON: withheld values are null, never the original."""
        return {
            "subject_access_request": self.request_id,
            "reports": [
                {
                    "reference": section.reference,
                    "how_you_are_connected": section.relations,
                    "details": [{"field": label, "value": value} for label, value in section.fields],
                    "messages": [{"received_at": at, "text": text} for at, text in section.messages],
                    "case_notes": [{"recorded_at": at, "text": text} for at, text in section.notes],
                    "messages_we_sent_you": [{"sent_at": at, "text": text} for at, text in section.sent_to_you],
                    "withheld": [{"what": r.what} for r in section.redactions if not r.released],
                }
                for section in self.sections
            ],
        }


def assemble(session: Session, keyring: Keyring, request_id: int, subject: Person, released: frozenset[str]) -> Draft:
    """The draft for the reviewer: every report the subject is connected to, redactions applied."""
    found = find_person(session, keyring, subject)
    reports = session.scalars(select(Report).where(Report.id.in_(found)).order_by(Report.received_at, Report.id))
    sent_to = _sent_to_subject(keyring.index, subject)
    sections = [
        _section(session, request_id, subject, released, report, found[report.id], sent_to) for report in reports
    ]
    return Draft(request_id, subject, sections)


def _section(
    session: Session,
    request_id: int,
    subject: Person,
    released: frozenset[str],
    report: Report,
    relations: set[str],
    sent_to: ColumnElement[bool] | None,
) -> ReportSection:
    redactor = Redactor(request_id, report.reference, subject, released)
    redactor.others = _others(session, report, subject)
    perpetrator_only = relations == {Relation.RESPONSIBLE}
    fields = _fields(report, redactor, perpetrator_only)
    if not perpetrator_only:
        fields.extend(_own_details(report, subject))
    messages = [(m.received_at.isoformat(), redactor.text(m.text)) for m in report.messages]
    section = ReportSection(
        reference=report.reference,
        relations=sorted(relations),
        fields=fields,
        messages=messages,
        notes=[(at, redactor.text(text)) for at, text in _notes(session, report.id)],
        sent_to_you=[] if perpetrator_only else _sent_to(session, report.id, sent_to, redactor),
    )
    section.redactions = list(redactor.found.values())
    return section


def _fields(report: Report, redactor: Redactor, perpetrator_only: bool) -> list[tuple[str, str | None]]:
    fields: list[tuple[str, str | None]] = [
        ("Received", report.received_at.date().isoformat()),
        ("Characteristics", ", ".join(report.characteristics)),
        ("Incident types", ", ".join(report.incident_types)),
        ("What happened", redactor.text(report.description)),
        ("When it happened", redactor.text(report.occurred_text)),
        ("Where it happened", _where(report, redactor, perpetrator_only)),
        ("Status", report.status),
    ]
    if perpetrator_only or report.reporter_role != "victim":
        fields.append(("Reported by", redactor.withhold("role", SOURCE, _source(report))))
    else:
        fields.append(("Reported by", f"you, by {report.channel}"))
    fields.append(("About the person responsible", redactor.text(report.responsible_description)))
    return fields


def _where(report: Report, redactor: Redactor, perpetrator_only: bool) -> str | None:
    """To the person responsible, where it happened may be the victim's home: withheld by default."""
    if perpetrator_only and report.location:
        return redactor.withhold("place", "where it happened (it may be someone's home)", report.location)
    return redactor.text(report.location)


def _source(report: Report) -> str:
    partner = f" ({report.partner_organisation.name})" if report.partner_organisation else ""
    return f"{report.reporter_role} by {report.channel}{partner}"


def _own_details(report: Report, subject: Person) -> list[tuple[str, str | None]]:
    details: list[tuple[str, str | None]] = []
    for party in report.parties:
        if subject.is_me(party.name, party.phone, party.email):
            details += [
                ("Your name", party.name),
                ("Your phone", party.phone),
                ("Your email", party.email),
                ("Your address", party.address),
                ("Safe ways to contact you", ", ".join(party.safe_methods)),
            ]
    for consent in report.consents:
        given = "given" if consent.given and consent.withdrawn_at is None else "not given"
        details.append((f"Consent: {consent.kind}", f"{given}, recorded {consent.recorded_at.date().isoformat()}"))
    return [(label, value) for label, value in details if value]


def _others(session: Session, report: Report, subject: Person) -> list[Other]:
    """Every other person on the report and on its case's other reports, and the partner worker."""
    report_ids = _case_report_ids(session, report.id)
    others = []
    for party in session.scalars(select(Party).where(Party.report_id.in_(report_ids))):
        if not subject.is_me(party.name, party.phone, party.email):
            whose = f"another person ({party.report.reporter_role if party.role == 'reporter' else party.role})"
            others.append(Other(whose, party.name, party.phone, party.email, party.address))
        if party.named_person and not subject.is_me(party.named_person, None, None):
            others.append(Other("another person (a named contact)", party.named_person))
    return others + _partner_workers(session, report_ids)


def _partner_workers(session: Session, report_ids: list[int]) -> list[Other]:
    query = select(PartnerUser).join(Report, Report.partner_user_id == PartnerUser.id).where(Report.id.in_(report_ids))
    return [Other("a partner worker", user.name, None, user.email) for user in session.scalars(query)]


def _case_report_ids(session: Session, report_id: int) -> list[int]:
    case_id = select(CaseReport.case_id).where(CaseReport.report_id == report_id).scalar_subquery()
    linked = list(session.scalars(select(CaseReport.report_id).where(CaseReport.case_id == case_id)))
    return linked or [report_id]


def _notes(session: Session, report_id: int) -> list[tuple[str, str]]:
    case = session.scalar(select(Case).join(CaseReport).where(CaseReport.report_id == report_id))
    if case is None:
        return []
    query = select(CaseEntry).where(CaseEntry.case_id == case.id).order_by(CaseEntry.recorded_at, CaseEntry.id)
    return [(entry.recorded_at.isoformat(), entry.text) for entry in session.scalars(query) if entry.text]


def _sent_to_subject(index: BlindIndex, subject: Person) -> ColumnElement[bool] | None:
    """Which outbox messages went to the subject's phone or email: once for the whole draft.

    Issue 16: recipients are sealed, found by their keyed digests (or as stored before sealing).
    """
    given = [(method, address) for method, address in (("sms", subject.phone), ("email", subject.email)) if address]
    if not given:
        return None
    digests = [digest for method, address in given for digest in contact_digests(index, method, address)]
    addresses = [address for _, address in given]
    return or_(OutboxMessage.recipient_index.in_(digests), OutboxMessage.recipient_sealed.in_(addresses))


def _sent_to(
    session: Session, report_id: int, sent_to: ColumnElement[bool] | None, redactor: Redactor
) -> list[tuple[str, str | None]]:
    if sent_to is None:
        return []
    query = select(OutboxMessage).where(OutboxMessage.report_id == report_id, sent_to)
    return [(m.created_at.isoformat(), redactor.text(m.body)) for m in session.scalars(query) if m.body]
