"""Staff accounts: the first admin, invitations, sign-in and disabling.

Passwords are argon2 hashes and every sign-in needs a one-time code (staff see special
category data); repeated failures lock the account (``intake.accounts.credentials``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake import audit
from intake.accounts.credentials import (
    AccountColumns,
    SignIn,
    check_sign_in,
    hash_password,
    new_totp_secret,
    secret_hash,
)
from intake.context import Intake
from intake.staff.errors import Refused
from intake.staff.models import StaffInvitation, StaffUser
from intake.staff.vocabulary import Role
from intake.vocabulary import codes

MIN_PASSWORD_LENGTH = 12
_SPARE_HASH = hash_password(secrets.token_hex(16))  # checked for unknown emails, so timing tells nothing


def create_staff(intake: Intake, email: str, name: str, password: str, role: str) -> tuple[StaffUser, str]:
    """A new account with a fresh one-time-code secret, shown once to its owner."""
    _check_password(password)
    if role not in codes(Role):
        raise Refused("Choose a role.")
    secret = new_totp_secret()
    with intake.db.begin() as session:
        if _by_email(session, email) is not None:
            raise Refused("There is already an account for that email address.")
        user = StaffUser(
            email=email.strip().lower(),
            name=name.strip(),
            role=role,
            password_hash=hash_password(password),
            totp_secret=secret,
            failed_sign_ins=0,
            disabled=False,
            created_at=intake.clock(),
        )
        session.add(user)
        session.flush()
        audit.record(
            session, at=intake.clock(), actor=audit.SYSTEM, action="staff_created", staff=user.actor, role=role
        )
    return user, secret


def sign_in(
    intake: Intake, email: str, password: str, code: str, known_browser: str | None = None
) -> tuple[SignIn, StaffUser | None]:
    """Check a password and one-time code; failures count towards a lockout and are audited.

    ``known_browser`` is the account id the browser signed in as before (``intake.accounts.signed_in``).
    """
    with intake.db.begin() as session:
        user = _by_email(session, email)
        if user is None:
            check_sign_in(_Nobody(), password, code, intake.clock())
            return SignIn.WRONG, None
        result = check_sign_in(user, password, code, intake.clock(), known_browser=known_browser == user.get_id())
        action = "staff_signed_in" if result is SignIn.OK else "staff_sign_in_refused"
        audit.record(session, at=intake.clock(), actor=user.actor, action=action, result=result.value)
        return result, user if result is SignIn.OK else None


def invite(intake: Intake, admin: StaffUser, email: str, name: str, role: str, hours: int) -> str:
    """A one-time link for a new member of staff, expiring after ``hours``. Returns its token."""
    if role not in codes(Role) or not name.strip() or "@" not in email:
        raise Refused("Give the person's name, email address and role.")
    token = secrets.token_urlsafe(32)
    now = intake.clock()
    with intake.db.begin() as session:
        if _by_email(session, email) is not None:
            raise Refused("There is already an account for that email address.")
        session.add(
            StaffInvitation(
                token_hash=secret_hash(token),
                email=email.strip().lower(),
                name=name.strip(),
                role=role,
                invited_by=admin.id,
                created_at=now,
                expires_at=now + timedelta(hours=hours),
            )
        )
        audit.record(session, at=now, actor=admin.actor, action="staff_invited", role=role)
    return token


def invitation(intake: Intake, token: str) -> StaffInvitation | None:
    """The unused, unexpired invitation for this token, if there is one."""
    with intake.db.read() as session:
        return _valid_invitation(session, token, intake)


def accept_invitation(intake: Intake, token: str, password: str) -> tuple[StaffUser, str]:
    """Create the invited account; the link then stops working."""
    _check_password(password)
    with intake.db.begin() as session:
        found = _valid_invitation(session, token, intake)
        if found is None:
            raise Refused("This invitation link has expired or been used. Ask an admin for a new one.")
        found.used_at = intake.clock()
        email, name, role = found.email, found.name, found.role
    return create_staff(intake, email, name, password, role)


def set_disabled(intake: Intake, admin: StaffUser, staff_id: int, disabled: bool) -> None:
    """Disable (or re-enable) an account; a disabled account cannot sign in or stay signed in."""
    if staff_id == admin.id:
        raise Refused("You cannot disable your own account.")
    with intake.db.begin() as session:
        user = session.get(StaffUser, staff_id)
        if user is None:
            raise Refused("There is no such account.")
        user.disabled = disabled
        action = "staff_disabled" if disabled else "staff_enabled"
        audit.record(session, at=intake.clock(), actor=admin.actor, action=action, staff=user.actor)


def _valid_invitation(session: Session, token: str, intake: Intake) -> StaffInvitation | None:
    found = session.scalar(select(StaffInvitation).where(StaffInvitation.token_hash == secret_hash(token)))
    if found is None or found.used_at is not None or found.expires_at <= intake.clock():
        return None
    return found


def _by_email(session: Session, email: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refused(f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.")


class _Nobody(AccountColumns):
    """Stands in for an unknown email so a wrong address costs as long as a wrong password."""

    def __init__(self) -> None:
        self.password_hash, self.totp_secret = _SPARE_HASH, None
        self.failed_sign_ins, self.locked_until, self.disabled, self.last_signed_in_at = 0, None, False, None
        self.last_code_step = None
