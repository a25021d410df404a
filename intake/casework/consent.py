"""The consent gate (policy 5.2 to 5.4): sharing outside the landlord, and the victim's consent to it.

Reporting to the police, referring to a multi-agency panel and sharing with a partner are
refused without the victim's recorded, unwithdrawn consent, unless a manager records a
safeguarding reason. Every disclosure is logged with what, to whom and why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, Disclosure, StaffUser
from intake.casework.errors import Refused
from intake.casework.lookup import case_reports, visible_open_case
from intake.context import Intake
from intake.models import Consent
from intake.vocabulary import CONSENT_NEEDED, ConsentKind, DisclosureBasis, DisclosureKind, PartyRole, Role, codes


def disclose(
    intake: Intake,
    staff: StaffUser,
    case_reference: str,
    kind: str,
    recipient: str,
    what: str,
    why: str,
    safeguarding_reason: str = "",
) -> str:
    """Report to the police, refer to a multi-agency panel or share with a partner (policy 5.2 to 5.4).

    Refused without the victim's recorded, unwithdrawn consent, unless a manager records a
    safeguarding reason. Every disclosure is logged with what, to whom and why. Returns the basis.
    """
    if kind not in codes(DisclosureKind) or not (recipient.strip() and what.strip() and why.strip()):
        raise Refused("Say what is shared, with whom, and why.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        basis = _basis(session, staff, case, DisclosureKind(kind), safeguarding_reason)
        session.add(
            Disclosure(
                case=case,
                kind=kind,
                recipient=recipient.strip(),
                what=what.strip(),
                why=why.strip(),
                basis=basis,
                safeguarding_reason=safeguarding_reason.strip() or None,
                disclosed_by=staff.actor,
                disclosed_at=intake.clock(),
            )
        )
        audit.record(
            session, at=intake.clock(), actor=staff.actor, action="disclosed", case_id=case.id, kind=kind, basis=basis
        )
        return basis


def _basis(session: Session, staff: StaffUser, case: Case, kind: DisclosureKind, safeguarding_reason: str) -> str:
    if has_victim_consent(session, case, CONSENT_NEEDED[kind]):
        return DisclosureBasis.CONSENT.value
    if safeguarding_reason.strip() and staff.role == Role.MANAGER.value:
        return DisclosureBasis.SAFEGUARDING.value  # policy 5.4: safeguarding concerns, a manager's decision
    raise Refused(
        "The victim has not given consent for this. Only a manager can go ahead, by recording a "
        "safeguarding reason (policy 5.2 to 5.4)."
    )


def has_victim_consent(session: Session, case: Case, kind: ConsentKind) -> bool:
    """The victim's consent of this kind, given on any of the case's reports and not withdrawn."""
    report_ids = [report.id for report in case_reports(session, case.id)]
    query = select(Consent.id).where(
        Consent.report_id.in_(report_ids),
        Consent.party_role == PartyRole.VICTIM.value,
        Consent.kind == kind.value,
        Consent.given.is_(True),
        Consent.withdrawn_at.is_(None),
    )
    return session.scalar(query.limit(1)) is not None


def record_consent(intake: Intake, staff: StaffUser, case_reference: str, kind: str, given: bool) -> None:
    """The victim's consent (or refusal) as told to staff, attributed and timestamped."""
    if kind not in codes(ConsentKind):
        raise Refused("Choose which consent the victim gave or refused.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        first = case_reports(session, case.id)[0]
        now = intake.clock()
        if not given:
            _withdraw(session, case, kind, staff, now)
        session.add(
            Consent(
                report_id=first.id,
                party_role=PartyRole.VICTIM.value,
                kind=kind,
                given=given,
                recorded_at=now,
                recorded_by=staff.actor,
            )
        )
        audit.record(
            session,
            at=intake.clock(),
            actor=staff.actor,
            action="consent_recorded",
            case_id=case.id,
            kind=kind,
            given=given,
        )


def _withdraw(session: Session, case: Case, kind: str, staff: StaffUser, now: datetime) -> None:
    """A refusal withdraws any earlier consent of the same kind."""
    report_ids = [report.id for report in case_reports(session, case.id)]
    for consent in session.scalars(
        select(Consent).where(
            Consent.report_id.in_(report_ids), Consent.kind == kind, Consent.withdrawn_at.is_(None), Consent.given
        )
    ):
        consent.withdrawn_at, consent.withdrawn_by = now, staff.actor
