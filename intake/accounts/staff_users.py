"""Staff accounts: the first admin, invitations, sign-in and disabling.

The lifecycle (one-time links, password length, one-time codes, lockout) is the one every
account shares (``intake.accounts.lifecycle``); this module adds what is staff's own: roles.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.accounts import lifecycle
from intake.accounts.lifecycle import Refused
from intake.case_tables import StaffInvitation, StaffUser
from intake.context import Intake
from intake.credentials import SignIn, hash_password, new_totp_secret, secret_hash
from intake.vocabulary import Role, codes


def create_staff(intake: Intake, email: str, name: str, password: str, role: str) -> tuple[StaffUser, str]:
    """A new account with a fresh one-time-code secret, shown once to its owner."""
    lifecycle.check_password(password)
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
        result, user = lifecycle.sign_in(session, StaffUser, email, password, code, intake.clock(), known_browser)
        if user is None:
            return result, None
        action = "staff_signed_in" if result is SignIn.OK else "staff_sign_in_refused"
        audit.record(session, at=intake.clock(), actor=user.actor, action=action, result=result.value)
        return result, user if result is SignIn.OK else None


def invite(intake: Intake, admin: StaffUser, email: str, name: str, role: str, hours: int) -> str:
    """A one-time link for a new member of staff, expiring after ``hours``. Returns its token."""
    if role not in codes(Role) or not name.strip() or "@" not in email:
        raise Refused("Give the person's name, email address and role.")
    now = intake.clock()
    link = lifecycle.new_link(now, timedelta(hours=hours))
    with intake.db.begin() as session:
        if _by_email(session, email) is not None:
            raise Refused("There is already an account for that email address.")
        session.add(
            StaffInvitation(
                token_hash=link.token_hash,
                email=email.strip().lower(),
                name=name.strip(),
                role=role,
                invited_by=admin.id,
                created_at=now,
                expires_at=link.expires_at,
            )
        )
        audit.record(session, at=now, actor=admin.actor, action="staff_invited", role=role)
    return link.token


def invitation(intake: Intake, token: str) -> StaffInvitation | None:
    """The unused, unexpired invitation for this token, if there is one."""
    with intake.db.read() as session:
        return _valid_invitation(session, token, intake)


def accept_invitation(intake: Intake, token: str, password: str) -> tuple[StaffUser, str]:
    """Create the invited account; the link then stops working."""
    lifecycle.check_password(password)
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
        lifecycle.set_disabled(
            session, user, disabled, at=intake.clock(), actor=admin.actor, kind="staff", staff=user.actor
        )


def _valid_invitation(session: Session, token: str, intake: Intake) -> StaffInvitation | None:
    found = session.scalar(select(StaffInvitation).where(StaffInvitation.token_hash == secret_hash(token)))
    return (
        found if found is not None and lifecycle.link_usable(found.used_at, found.expires_at, intake.clock()) else None
    )


def _by_email(session: Session, email: str) -> StaffUser | None:
    return lifecycle.by_email(session, StaffUser, email)
