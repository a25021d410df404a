"""Partner organisations, their users and their API tokens: one service function per use case.

Policy 4.5: advice centres, GP surgeries, the police and others report on victims' behalf.
Each function here owns its transaction and records an audit event naming the partner user
or token that acted. Secrets (invitation links, API tokens) are shown once and stored hashed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from intake import audit
from intake.accounts import lifecycle
from intake.accounts.lifecycle import Refused
from intake.context import Intake
from intake.credentials import SignIn, code_matches, hash_password, new_totp_secret, secret_hash
from intake.drafts import MessageDraft
from intake.models import ORGANISATION_NAME_INDEX, PartnerOrganisation, Report
from intake.partners.domains import domain_refusal, name_refusal, tidy_domains
from intake.partners.own_reports import (
    PartnerReportRow,
    PartnerReportView,
    live_organisation_consent,
    organisation_reports,
    report_view,
)
from intake.partners.tables import PartnerApiToken, PartnerInvitation, PartnerKind, PartnerUser
from intake.references import parse_reference
from intake.services import Submission
from intake.services import add_message as add_message_to_report
from intake.vocabulary import codes

INVITATION_LIFETIME = timedelta(days=7)
TOKEN_PREFIX = "hpt_"  # noqa: S105  (a label that makes leaked tokens recognisable, not a secret)
MIN_PASSWORD_LENGTH = lifecycle.MIN_PASSWORD_LENGTH


PartnerError = Refused  # the one refusal every account and partner service raises; the old name still reads


@dataclass(frozen=True)
class Invitation:
    """A new invitation: the one-time token goes in the link and is never stored."""

    user_id: int
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class IssuedToken:
    """A new API token, shown once; only its hash and hint are kept."""

    token_id: int
    token: str
    hint: str


@dataclass(frozen=True)
class TokenHolder:
    """Whose a live API token is: what a partner API request needs before it does anything."""

    organisation_id: int
    token_id: int
    organisation_name: str  # the report's "via", read with the token rather than in a transaction of its own


@dataclass(frozen=True)
class PendingInvitation:
    """What the invitation page shows: whom it is for and the secret for the authenticator app."""

    email: str
    organisation_name: str
    totp_secret: str


def create_organisation(
    intake: Intake,
    *,
    name: str,
    kind: str,
    actor: str,
    email_domains: tuple[str, ...] = (),
    sharing_agreement_reference: str | None = None,
    agreement_review_date: date | None = None,
) -> int:
    """Register an agency that may report on victims' behalf under a sharing agreement (policy 7.1)."""
    if kind not in codes(PartnerKind):
        raise Refused(f"unknown kind of organisation {kind!r}")
    domains = tidy_domains(email_domains)
    now = intake.clock()
    with intake.db.begin() as session:
        _refuse_name(session, name)
        _refuse_domains(session, intake, domains)
        organisation = PartnerOrganisation(
            name=name.strip(),
            kind=kind,
            email_domains=domains,
            sharing_agreement_reference=sharing_agreement_reference,
            agreement_review_date=agreement_review_date,
            created_at=now,
        )
        session.add(organisation)
        _flush_or_refuse(session, name, domains)
        audit.record(
            session, at=now, actor=actor, action="partner_organisation_created", organisation_id=organisation.id
        )
        return organisation.id


def invite_user(intake: Intake, *, organisation_id: int, email: str, name: str, actor: str) -> Invitation:
    """Invite someone at the organisation by a one-time link that expires; a new link replaces an unused one."""
    email = email.strip().lower()
    now = intake.clock()
    link = lifecycle.new_link(now, INVITATION_LIFETIME)
    with intake.db.begin() as session:
        organisation = session.get(PartnerOrganisation, organisation_id)
        if organisation is None:
            raise Refused("no such partner organisation")
        _check_email_domain(organisation, email)
        user = _user_to_invite(session, organisation_id, email, name, now)
        session.add(
            PartnerInvitation(
                user_id=user.id,
                token_hash=link.token_hash,
                totp_secret=new_totp_secret(),
                created_at=now,
                expires_at=link.expires_at,
                created_by=actor,
            )
        )
        audit.record(
            session,
            at=now,
            actor=actor,
            action="partner_user_invited",
            organisation_id=organisation_id,
            user_id=user.id,
        )
        return Invitation(user.id, link.token, link.expires_at)


def pending_invitation(intake: Intake, token: str) -> PendingInvitation | None:
    """The invitation behind a link, if it is unused, unexpired and the newest for its user."""
    with intake.db.read() as session:
        invitation = _usable_invitation(session, token, intake.clock())
        if invitation is None:
            return None
        user = invitation.user
        return PendingInvitation(user.email, user.organisation.name, invitation.totp_secret)


def accept_invitation(intake: Intake, token: str, password: str, code: str) -> int | None:
    """Set the new user's password and one-time code; the link then stops working.

    None if the link is not usable or the code does not match the secret shown with it.
    """
    lifecycle.check_password(password)
    now = intake.clock()
    with intake.db.begin() as session:
        invitation = _usable_invitation(session, token, now)
        if invitation is None or not code_matches(invitation.totp_secret, code, now):
            return None
        user = invitation.user
        user.password_hash, user.totp_secret = hash_password(password), invitation.totp_secret
        invitation.accepted_at = now
        actor = f"partner_user:{user.id}"
        audit.record(session, at=now, actor=actor, action="partner_invitation_accepted", user_id=user.id)
        return user.id


def sign_in(
    intake: Intake, email: str, password: str, code: str, known_browser: str | None = None
) -> tuple[SignIn, int | None]:
    """Check a partner user's password and one-time code, locking after repeated failures.

    ``known_browser`` is the account id the browser signed in as before (``intake.accounts.signed_in``).
    """
    now = intake.clock()
    with intake.db.begin() as session:
        outcome, user = lifecycle.sign_in(session, PartnerUser, email, password, code, now, known_browser)
        if user is None:
            return outcome, None
        action = "partner_signed_in" if outcome is SignIn.OK else "partner_sign_in_refused"
        audit.record(session, at=now, actor=f"partner_user:{user.id}", action=action, outcome=outcome.value)
        return outcome, user.id if outcome is SignIn.OK else None


def record_sign_out(intake: Intake, *, user_id: int) -> None:
    """A partner user signed out: audited like every partner action."""
    with intake.db.begin() as session:
        audit.record(session, at=intake.clock(), actor=f"partner_user:{user_id}", action="partner_signed_out")


def load_user(intake: Intake, user_id: str) -> PartnerUser | None:
    """The partner user behind a session id, if the account is still usable."""
    if not user_id.isdigit():
        return None
    with intake.db.read() as session:
        user = session.get(PartnerUser, int(user_id), options=[selectinload(PartnerUser.organisation)])
        return None if user is None or user.disabled or user.password_hash is None else user


def issue_token(intake: Intake, *, organisation_id: int, actor: str) -> IssuedToken:
    """A new API token for the organisation's case system, shown once."""
    now = intake.clock()
    with intake.db.begin() as session:
        if session.get(PartnerOrganisation, organisation_id) is None:
            raise Refused("no such partner organisation")
        return _issue(session, organisation_id, actor, now)


def rotate_token(intake: Intake, *, token_id: int, actor: str) -> IssuedToken:
    """Replace a token with a new one in one step, so the partner's system is never left without one."""
    now = intake.clock()
    with intake.db.begin() as session:
        old = _live_token(session, token_id)
        old.revoked_at, old.revoked_by = now, actor
        audit.record(session, at=now, actor=actor, action="partner_token_revoked", token_id=old.id)
        return _issue(session, old.organisation_id, actor, now)


def revoke_token(intake: Intake, *, token_id: int, actor: str) -> None:
    """Stop a token working at once (a leaked or retired system)."""
    now = intake.clock()
    with intake.db.begin() as session:
        token = _live_token(session, token_id)
        token.revoked_at, token.revoked_by = now, actor
        audit.record(session, at=now, actor=actor, action="partner_token_revoked", token_id=token.id)


def token_holder(intake: Intake, token: str) -> TokenHolder | None:
    """The organisation and token of a live API token (one statement), or None for anything else."""
    with intake.db.read() as session:
        row = session.execute(
            select(PartnerApiToken.organisation_id, PartnerApiToken.id, PartnerOrganisation.name)
            .join(PartnerOrganisation, PartnerOrganisation.id == PartnerApiToken.organisation_id)
            .where(PartnerApiToken.token_hash == secret_hash(token), PartnerApiToken.revoked_at.is_(None))
        ).first()
        return TokenHolder(row[0], row[1], row[2]) if row is not None else None


def withdraw_consent(intake: Intake, *, organisation_id: int, reference: str, consent_id: int, actor: str) -> bool:
    """Withdraw a consent the partner recorded on one of its own reports (policy 5.2 to 5.4).

    False, changing nothing, for another organisation's report, a consent staff (or anyone but
    the organisation) recorded, or one already withdrawn: all look alike to the partner.
    """
    now = intake.clock()
    with intake.db.begin() as session:
        report = own_report(session, intake, organisation_id, reference)
        consent = (
            live_organisation_consent(session, report, organisation_id, consent_id) if report is not None else None
        )
        if report is None or consent is None:
            return False
        consent.withdrawn_at, consent.withdrawn_by = now, actor
        audit.record(session, at=now, actor=actor, action="consent_withdrawn", report_id=report.id, kind=consent.kind)
        return True


def add_message(intake: Intake, *, organisation_id: int, draft: MessageDraft, actor: str) -> Submission | None:
    """Add a partner's later message to one of its own reports; None for any other reference."""
    with intake.db.read() as session:
        if own_report(session, intake, organisation_id, draft.report_reference) is None:
            return None
    return add_message_to_report(intake, draft, actor=actor)


def own_report(session: Session, intake: Intake, organisation_id: int, typed: str) -> Report | None:
    """The organisation's report with this reference; another organisation's is as if it did not exist."""
    reference = parse_reference(typed, intake.reference_prefix)
    if reference is None:
        return None
    return session.scalar(
        select(Report).where(Report.reference == reference, Report.partner_organisation_id == organisation_id)
    )


def _refuse_name(session: Session, name: str) -> None:
    """An admin choosing whose users and tokens to change tells organisations apart by name."""
    refusal = name_refusal(session, name)
    if refusal is not None:
        raise Refused(refusal, field="name")


def _refuse_domains(session: Session, intake: Intake, domains: list[str]) -> None:
    """Policy 7.1: a domain names one organisation, and a shared one (nhs.net, webmail) names none."""
    refusal = domain_refusal(session, intake.shared_email_domains, domains)
    if refusal is not None:
        raise Refused(refusal, field="email_domains")


def _flush_or_refuse(session: Session, name: str, domains: list[str]) -> None:
    """Another organisation may take the same name or domain in the same instant: the keys refuse one."""
    try:
        session.flush()
    except IntegrityError as clash:
        if ORGANISATION_NAME_INDEX in str(clash.orig):
            raise Refused(f"There is already an organisation called {name.strip()}", field="name") from None
        joined = ", ".join(domains)
        raise Refused(f"The domains {joined} include another organisation's email domain", "email_domains") from None


def _check_email_domain(organisation: PartnerOrganisation, email: str) -> None:
    """Only people at the organisation named in the sharing agreement (policy 7.1)."""
    domain = email.rpartition("@")[2]
    if organisation.email_domains and domain not in organisation.email_domains:
        raise Refused(f"the address is not at one of {organisation.name}'s email domains")


def _user_to_invite(session: Session, organisation_id: int, email: str, name: str, now: datetime) -> PartnerUser:
    user = lifecycle.by_email(session, PartnerUser, email)
    if user is not None and (user.password_hash is not None or user.organisation_id != organisation_id):
        raise Refused("that address already has an account")
    if user is None:
        user = PartnerUser(organisation_id=organisation_id, email=email, name=name.strip(), created_at=now)
        session.add(user)
        session.flush()
    return user


def _usable_invitation(session: Session, token: str, now: datetime) -> PartnerInvitation | None:
    invitation = session.scalar(select(PartnerInvitation).where(PartnerInvitation.token_hash == secret_hash(token)))
    if invitation is None or not lifecycle.link_usable(invitation.accepted_at, invitation.expires_at, now):
        return None
    newest = session.scalar(
        select(func.max(PartnerInvitation.id)).where(PartnerInvitation.user_id == invitation.user_id)
    )
    if newest != invitation.id or invitation.user.password_hash is not None or invitation.user.disabled:
        return None  # only the newest link, only once, and never for someone an admin disabled
    return invitation


def _issue(session: Session, organisation_id: int, actor: str, now: datetime) -> IssuedToken:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    hint = token[: len(TOKEN_PREFIX) + 6]
    row = PartnerApiToken(
        organisation_id=organisation_id, token_hash=secret_hash(token), hint=hint, created_at=now, created_by=actor
    )
    session.add(row)
    session.flush()
    audit.record(session, at=now, actor=actor, action="partner_token_issued", organisation_id=organisation_id)
    return IssuedToken(row.id, token, hint)


def _live_token(session: Session, token_id: int) -> PartnerApiToken:
    token = session.get(PartnerApiToken, token_id)
    if token is None or token.revoked_at is not None:
        raise Refused("no such live API token")
    return token


def view_own_reports(intake: Intake, *, organisation_id: int, actor: str) -> list[PartnerReportRow]:
    """The organisation's own reports for its list; the viewing is audited like any partner action."""
    with intake.db.begin() as session:
        rows = organisation_reports(session, organisation_id)
        audit.record(session, at=intake.clock(), actor=actor, action="partner_reports_listed", count=len(rows))
        return rows


def view_own_report(intake: Intake, *, organisation_id: int, reference: str, actor: str) -> PartnerReportView | None:
    """One of the organisation's own reports, audited; None for any other reference."""
    with intake.db.begin() as session:
        report = own_report(session, intake, organisation_id, reference)
        if report is None:
            return None
        audit.record(session, at=intake.clock(), actor=actor, action="partner_report_viewed", report_id=report.id)
        return report_view(session, report, organisation_id)
