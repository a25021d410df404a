"""Partner users, their invitations and their organisations' API tokens (policy 4.5, 7.1).

Partner organisations themselves are a core model (``intake.models.PartnerOrganisation``).
Every secret here (invitation links, API tokens) is stored only as its SHA-256: it is shown
once, to the person who asked for it, and can never be read back.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.credentials import AccountColumns
from intake.models import Base, PartnerOrganisation
from intake.sealing import OwnKeyRow, SealedText

PARTNER_USER_KIND = "partner"


def partner_user_actor(user_id: int) -> str:
    """How a partner user is named where they acted (audit events, consents' ``recorded_by``)."""
    return f"partner_user:{user_id}"


def partner_token_actor(token_id: int) -> str:
    """How an API token is named where a partner's system acted with it."""
    return f"partner_token:{token_id}"


class PartnerKind(StrEnum):
    """Policy 4.5: the places victims tell before they tell their landlord."""

    ADVICE_CENTRE = "advice_centre"
    THIRD_PARTY_REPORTING_CENTRE = "third_party_reporting_centre"
    VICTIM_SUPPORT = "victim_support"
    PLACE_OF_WORSHIP = "place_of_worship"
    POLICE = "police"
    GP_SURGERY = "gp_surgery"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"


class PartnerUser(AccountColumns, UserMixin, Base):  # type: ignore[misc]
    """Someone at a partner organisation who reports on victims' behalf."""

    __tablename__ = "partner_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisations.id"), index=True)
    created_at: Mapped[datetime]

    organisation: Mapped[PartnerOrganisation] = relationship()

    def get_id(self) -> str:
        """Flask-Login's session id: ``partner:<id>``, never loadable as a staff user."""
        return f"{PARTNER_USER_KIND}:{self.id}"

    @property
    def is_active(self) -> bool:
        return not self.disabled


class PartnerInvitation(OwnKeyRow, Base):
    """A one-time link that lets a new partner user set a password and a one-time code.

    The secret offered with it is sealed under the invitation's own data key (issue 16).
    """

    __tablename__ = "partner_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("partner_users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    totp_secret_sealed: Mapped[str] = mapped_column("totp_secret", Text)
    totp_secret = SealedText[str]("totp_secret_sealed")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(64))

    user: Mapped[PartnerUser] = relationship()


class PartnerApiToken(Base):
    """A bearer token a partner's own case system uses for the API; revocable and rotatable."""

    __tablename__ = "partner_api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisations.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))  # the first characters, so people can tell tokens apart
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(64))
