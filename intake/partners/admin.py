"""What staff admins see and change of partner organisations: the lists, and disabling a partner user.

Creating organisations, inviting users and issuing, rotating and revoking API tokens are the
services in ``intake.partners``; this module adds the admin's read side (small frozen rows, so
templates never reach back into the database) and the use cases the CLI never had.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from intake.accounts import lifecycle
from intake.accounts.lifecycle import Refused
from intake.context import Intake
from intake.models import PartnerOrganisation
from intake.partners.tables import PartnerApiToken, PartnerInvitation, PartnerUser


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    kind: str
    email_domains: tuple[str, ...]
    sharing_agreement_reference: str | None
    agreement_review_date: date | None
    review_overdue: bool  # the sharing agreement's review date has passed (policy 7.1)
    users: int  # partner users not disabled, invited or signed up
    live_tokens: int


@dataclass(frozen=True)
class PartnerUserRow:
    id: int
    name: str
    email: str
    accepted: bool  # has set a password through their invitation
    disabled: bool
    invitation_expires_at: datetime | None  # of the newest invitation, while it is not accepted


@dataclass(frozen=True)
class TokenRow:
    id: int
    hint: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class OrganisationView:
    organisation: OrganisationRow
    users: tuple[PartnerUserRow, ...]
    tokens: tuple[TokenRow, ...]


def organisations(intake: Intake) -> list[OrganisationRow]:
    """Every partner organisation by name, with its agreement's review flagged once the date has passed."""
    today = _today(intake)
    with intake.db.read() as session:
        return [_row(found, today) for found in session.execute(_organisations_query())]


def organisation(intake: Intake, organisation_id: int) -> OrganisationView | None:
    """One organisation with its users and its tokens (live first, then revoked), or None."""
    today = _today(intake)
    with intake.db.read() as session:
        found = session.execute(_organisations_query().where(PartnerOrganisation.id == organisation_id)).first()
        if found is None:
            return None
        return OrganisationView(_row(found, today), _users(session, organisation_id), _tokens(session, organisation_id))


def set_user_disabled(intake: Intake, *, organisation_id: int, user_id: int, disabled: bool, actor: str) -> None:
    """Disable a partner user (they left, or their account is misused) or enable them again.

    A disabled partner user cannot sign in (even after accepting an outstanding invitation) and
    is signed out at their next request.
    """
    now = intake.clock()
    with intake.db.begin() as session:
        user = session.get(PartnerUser, user_id)
        if user is None or user.organisation_id != organisation_id:
            raise Refused("There is no such partner user.")
        lifecycle.set_disabled(
            session,
            user,
            disabled,
            at=now,
            actor=actor,
            kind="partner_user",
            organisation_id=organisation_id,
            user_id=user_id,
        )


def require_token(intake: Intake, *, organisation_id: int, token_id: int) -> None:
    """Refuse a token id that is not one of this organisation's, before rotating or revoking it."""
    with intake.db.read() as session:
        token = session.get(PartnerApiToken, token_id)
        if token is None or token.organisation_id != organisation_id:
            raise Refused("There is no such API token.")


def _organisations_query() -> Select[PartnerOrganisation, int, int]:
    users = (
        select(func.count(PartnerUser.id))
        .where(PartnerUser.organisation_id == PartnerOrganisation.id, PartnerUser.disabled.is_(False))
        .scalar_subquery()
    )
    tokens = (
        select(func.count(PartnerApiToken.id))
        .where(PartnerApiToken.organisation_id == PartnerOrganisation.id, PartnerApiToken.revoked_at.is_(None))
        .scalar_subquery()
    )
    return select(PartnerOrganisation, users, tokens).order_by(PartnerOrganisation.name, PartnerOrganisation.id)


def _row(found: Row[PartnerOrganisation, int, int], today: date) -> OrganisationRow:
    organisation, users, tokens = found
    review = organisation.agreement_review_date
    return OrganisationRow(
        id=organisation.id,
        name=organisation.name,
        kind=organisation.kind,
        email_domains=tuple(organisation.email_domains),
        sharing_agreement_reference=organisation.sharing_agreement_reference,
        agreement_review_date=review,
        review_overdue=review is not None and review < today,
        users=users,
        live_tokens=tokens,
    )


def _users(session: Session, organisation_id: int) -> tuple[PartnerUserRow, ...]:
    newest = (
        select(func.max(PartnerInvitation.expires_at))
        .where(PartnerInvitation.user_id == PartnerUser.id)
        .scalar_subquery()
    )
    query = (
        select(PartnerUser, newest)
        .where(PartnerUser.organisation_id == organisation_id)
        .order_by(PartnerUser.name, PartnerUser.id)
    )
    return tuple(
        PartnerUserRow(
            user.id,
            user.name,
            user.email,
            accepted=user.password_hash is not None,
            disabled=user.disabled,
            invitation_expires_at=expires if user.password_hash is None else None,
        )
        for user, expires in session.execute(query)
    )


def _tokens(session: Session, organisation_id: int) -> tuple[TokenRow, ...]:
    query = (
        select(PartnerApiToken)
        .where(PartnerApiToken.organisation_id == organisation_id)
        .order_by(PartnerApiToken.revoked_at.is_not(None), PartnerApiToken.created_at.desc(), PartnerApiToken.id)
    )
    return tuple(TokenRow(t.id, t.hint, t.created_at, t.revoked_at) for t in session.scalars(query))


def _today(intake: Intake) -> date:
    """The landlord's local date: a review due today is not yet overdue."""
    return intake.clock().astimezone(intake.calendar.timezone).date()
