"""The staff read side: a report and a case as staff see them, and possible duplicates.

Each returns a small frozen dataclass whose rows were loaded eagerly, so templates never
reach back into the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

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
from intake.casework.lookup import case_is_restricted
from intake.casework.suggestions import Suggestions, suggest
from intake.inbound import raw_of
from intake.models import Consent, InboundItem, OutboxMessage, Party, Report, Work
from intake.ports import RawRenderer
from intake.reading.stored import InferredSignal
from intake.sealing import blind_index, postcode_term, text_term
from intake.sealing.keyring import Keyring
from intake.vocabulary import CASE_HANDLING, CaseStatus, Channel, PartyRole

DUPLICATE_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class Duplicate:
    reference: str
    received_at: datetime
    why: str  # "same postcode", "same phone number", ...


@dataclass(frozen=True)
class ReportView:
    report: Report
    case: Case | None
    first_response: FirstResponse | None
    raw_input: str | None  # decoded, only for reports flagged needs_review
    suggestions: Suggestions | None  # only for free-text reports with nothing chosen
    duplicates: tuple[Duplicate, ...]
    unread_since: datetime | None = None  # as it was when this member of staff opened the report
    case_restricted: bool = False  # part of a case this member of staff may not see (policy 4.11)
    possibly_related: str | None = None  # the reference the report quoted, unless restricted from this viewer
    inferred: tuple[InferredSignal, ...] = ()  # read from the words, with their trigger words (issue 11)

    def inferred_from(self, signal: str) -> tuple[str, ...]:
        """The trigger words of a signal still acting on the report, for "inferred from: '...'"."""
        return tuple(i.words for i in self.inferred if i.signal == signal and i.status != "removed")


@dataclass(frozen=True)
class CaseView:
    case: Case
    reports: tuple[Report, ...]
    works: tuple[Work, ...]
    consents: tuple[Consent, ...]
    decisions: tuple[CategoryDecision, ...]
    risk: RiskAssessment | None
    plan: ActionPlan | None
    disclosures: tuple[Disclosure, ...]
    actions: tuple[CaseAction, ...]
    entries: tuple[CaseEntry, ...]
    first_responses: dict[int, FirstResponse]
    delivery: dict[int, str] = field(default_factory=dict)  # a contact log entry's outbox status

    @property
    def pending_decision(self) -> CategoryDecision | None:
        return next((d for d in self.decisions if d.approved_at is None), None)

    @property
    def victim_consents(self) -> tuple[Consent, ...]:
        return tuple(c for c in self.consents if c.party_role == PartyRole.VICTIM.value)


def load_report(session: Session, reference: str) -> Report | None:
    """A report with everything its page shows."""
    query = (
        select(Report)
        .where(Report.reference == reference)
        .options(
            selectinload(Report.parties),
            selectinload(Report.consents),
            selectinload(Report.messages),
            selectinload(Report.attachments),
            selectinload(Report.works),
            selectinload(Report.partner_organisation),
        )
    )
    return session.scalar(query)


def report_view(
    session: Session,
    report: Report,
    *,
    include_restricted: bool,
    keyring: Keyring,
    raw_renderers: Mapping[str, RawRenderer] | None = None,
) -> ReportView:
    """What the report page needs beyond the report itself.

    ``raw_renderers`` are the channels' ways to read a raw item, by content type (``Intake.raw_renderers``).

    A restricted report's reference reaches no one but managers (policy 4.11): not as the
    reference of a case this report shares with it, nor as the report it quoted.
    """
    link = session.scalar(select(CaseReport).where(CaseReport.report_id == report.id))
    case = session.get(Case, link.case_id) if link else None
    case_restricted = case is not None and not include_restricted and case_is_restricted(session, case.id)
    return ReportView(
        report=report,
        case=None if case_restricted else case,
        case_restricted=case_restricted,
        possibly_related=_related_reference(session, report, include_restricted=include_restricted),
        first_response=session.scalar(select(FirstResponse).where(FirstResponse.report_id == report.id)),
        raw_input=raw_input(session, keyring, report, raw_renderers or {}) if report.needs_review else None,
        suggestions=_suggestions(report),
        duplicates=possible_duplicates(session, report, include_restricted=include_restricted),
        unread_since=report.unread_since,
        inferred=tuple(
            session.scalars(
                select(InferredSignal).where(InferredSignal.report_id == report.id).order_by(InferredSignal.id)
            )
        ),
    )


def _related_reference(session: Session, report: Report, *, include_restricted: bool) -> str | None:
    quoted = report.possibly_related_reference
    if quoted is None or include_restricted:
        return quoted
    restricted = select(Report.restricted).where(Report.reference == quoted)
    return None if session.scalar(restricted) else quoted


def raw_input(session: Session, keyring: Keyring, report: Report, renderers: Mapping[str, RawRenderer]) -> str | None:
    """The inbound item the report came from, decoded for reading (never rendered as HTML).

    By the renderer a channel registered for its content type (the email channel's decodes MIME),
    else as UTF-8 with replacements: always something a person can read, never a failure.
    """
    item = session.scalar(
        select(InboundItem).where(InboundItem.report_id == report.id).order_by(InboundItem.id).limit(1)
    )
    if item is None:
        return None
    raw = raw_of(keyring, item)
    renderer = renderers.get(item.content_type.split(";")[0].strip().lower())
    if renderer is not None:
        return renderer(raw)
    return raw.decode("utf-8", errors="replace")


def _suggestions(report: Report) -> Suggestions | None:
    """Policy 2.1 and 2.2 words, for free text that arrived with nothing chosen."""
    if report.channel not in {Channel.SMS.value, Channel.EMAIL.value} and not report.needs_review:
        return None
    if report.characteristics and report.incident_types:
        return None
    return suggest(" ".join([report.description, *(m.text for m in report.messages)]))


def possible_duplicates(session: Session, report: Report, *, include_restricted: bool) -> tuple[Duplicate, ...]:
    """Same postcode or address within 14 days, same phone or email, or same person responsible."""
    found: dict[str, Duplicate] = {}
    for why, query in _duplicate_queries(report):
        query = query.where(Report.id != report.id)
        if not include_restricted:
            query = query.where(Report.restricted.is_(False))  # policy 4.11
        for other in session.scalars(query.order_by(Report.received_at.desc()).limit(10)):
            found.setdefault(other.reference, Duplicate(other.reference, other.received_at, why))
    return tuple(found.values())


def _duplicate_queries(report: Report) -> list[tuple[str, Select[Report]]]:
    near = Report.received_at.between(report.received_at - DUPLICATE_WINDOW, report.received_at + DUPLICATE_WINDOW)
    queries: list[tuple[str, Select[Report]]] = []
    index = blind_index()  # issue 16: the words are sealed; equal words have equal keyed digests
    postcodes = index.matching_stored("postcode", report.postcode_index, lambda: postcode_term(report.postcode))
    if postcodes:
        same_postcode = Report.postcode_index.in_(postcodes)
        queries.append(("same postcode within 14 days", select(Report).where(near, same_postcode)))
    place = text_term(report.location)
    if place:
        same_place = Report.location_index.in_(index.matching("place", place))
        queries.append(("same address within 14 days", select(Report).where(near, same_place)))
    for party in report.parties:
        for column, digest, why in (
            (Party.phone_index, party.phone_index, "same phone number"),
            (Party.email_index, party.email_index, "same email address"),
        ):
            if digest:
                queries.append((why, select(Report).join(Party).where(column == digest)))
    person = text_term(report.responsible_description)
    if person:
        same = Report.responsible_index.in_(index.matching("responsible", person))
        queries.append(("same person responsible", select(Report).where(same)))
    return queries


def load_case(session: Session, reference: str) -> CaseView | None:
    """A case with its reports and everything recorded on it, oldest first."""
    case = session.scalar(
        select(Case).where(Case.reference == reference).options(selectinload(Case.links), selectinload(Case.officer))
    )
    if case is None:
        return None
    report_ids = [link.report_id for link in case.links]
    return CaseView(
        case=case,
        reports=_all(
            session,
            select(Report)
            .where(Report.id.in_(report_ids))
            .options(selectinload(Report.parties))
            .order_by(Report.received_at),
        ),
        works=_all(session, select(Work).where(Work.report_id.in_(report_ids)).order_by(Work.due, Work.id)),
        consents=_all(session, select(Consent).where(Consent.report_id.in_(report_ids)).order_by(Consent.id)),
        decisions=_on_case(session, CategoryDecision, case.id, CategoryDecision.requested_at),
        risk=_latest(session, RiskAssessment, case.id, RiskAssessment.assessed_at),
        plan=session.scalar(
            select(ActionPlan)
            .where(ActionPlan.case_id == case.id)
            .options(selectinload(ActionPlan.officer))
            .order_by(ActionPlan.agreed_at.desc(), ActionPlan.id.desc())
            .limit(1)
        ),
        disclosures=_on_case(session, Disclosure, case.id, Disclosure.disclosed_at),
        actions=_on_case(session, CaseAction, case.id, CaseAction.recorded_at),
        entries=_on_case(session, CaseEntry, case.id, CaseEntry.recorded_at),
        first_responses={
            fr.report_id: fr
            for fr in session.scalars(select(FirstResponse).where(FirstResponse.report_id.in_(report_ids)))
        },
        delivery=_delivery(session, case.id),
    )


def _delivery(session: Session, case_id: int) -> dict[int, str]:
    """Where each message staff sent from the case really is: queued, sent, failed or suppressed."""
    query = (
        select(CaseEntry.id, OutboxMessage.status)
        .join(OutboxMessage, CaseEntry.outbox_message_id == OutboxMessage.id)
        .where(CaseEntry.case_id == case_id)
    )
    return {entry_id: status for entry_id, status in session.execute(query)}


def _all(session: Session, query: Select[Any]) -> tuple[Any, ...]:
    return tuple(session.scalars(query))


def _on_case(session: Session, model: Any, case_id: int, order: Any) -> tuple[Any, ...]:
    return tuple(session.scalars(select(model).where(model.case_id == case_id).order_by(order, model.id)))


def _latest(session: Session, model: Any, case_id: int, order: Any) -> Any:
    return session.scalar(
        select(model).where(model.case_id == case_id).order_by(order.desc(), model.id.desc()).limit(1)
    )


def case_officers(session: Session) -> list[StaffUser]:
    """Staff who may be given a case: active case officers and managers."""
    query = select(StaffUser).where(StaffUser.role.in_([r.value for r in CASE_HANDLING]), StaffUser.disabled.is_(False))
    return list(session.scalars(query.order_by(StaffUser.name)))


def open_case_references(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Case.reference)
            .where(Case.status == CaseStatus.OPEN.value)
            .order_by(Case.opened_at.desc())
            .limit(200)
        )
    )


def staff_list(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.disabled, StaffUser.name)))
