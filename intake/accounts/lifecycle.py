"""One lifecycle for every account that signs in, staff or partner user.

An admin invites someone by a one-time link that expires; they accept it and choose a password
(at least ``MIN_PASSWORD_LENGTH`` characters, the same for everyone: staff see special category
data and partners report on victims' behalf); every sign-in needs the password and a one-time
code (``intake.credentials``); repeated failures lock the account; an admin can disable
it. Staff and partner services (``intake.accounts.staff_users``, ``intake.partners.organisations``) add
only what differs: roles for staff, organisations and their email domains for partners.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake import audit
from intake.credentials import AccountColumns, SignIn, check_sign_in, hash_password, secret_hash

MIN_PASSWORD_LENGTH = 12


@cache
def _spare_hash() -> str:
    """A hash checked for unknown emails, so timing tells nothing.

    Made at the first sign-in, not at import: argon2 takes 64 MiB to make one, and a process that
    never signs anyone in (the email poller, the outbox) should not hold that (issue 13).
    """
    return hash_password(secrets.token_hex(16))


Account = TypeVar("Account", bound=AccountColumns)


class Refused(ValueError):
    """A request about accounts (or partners) that a service refuses, with a reason fit to show.

    ``field`` names the answer the reason is about (``name``, ``email_domains``), so a page can
    show it beside that field; None when it is about the request as a whole.
    """

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.field = field


@dataclass(frozen=True)
class Link:
    """A new one-time link: the token goes in the link and only its hash is stored."""

    token: str
    token_hash: str
    expires_at: datetime


def new_link(now: datetime, lifetime: timedelta) -> Link:
    """A one-time invitation link that stops working after ``lifetime``."""
    token = secrets.token_urlsafe(32)
    return Link(token, secret_hash(token), now + lifetime)


def link_usable(used_at: datetime | None, expires_at: datetime, now: datetime) -> bool:
    """An invitation link works once, and only until it expires."""
    return used_at is None and expires_at > now


def check_password(password: str) -> None:
    """One minimum length for every account, so no kind of user is the weak door."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refused(f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.")


def by_email(session: Session, model: type[Account], email: str) -> Account | None:
    """The account of this kind with this address, whatever its case."""
    return session.scalar(select(model).where(func.lower(model.email) == email.strip().lower()))


def sign_in(
    session: Session,
    model: type[Account],
    email: str,
    password: str,
    code: str,
    now: datetime,
    known_browser: str | None = None,
) -> tuple[SignIn, Account | None]:
    """Check a password and one-time code, counting failures towards a lockout.

    ``known_browser`` is the account id the browser signed in as before (``intake.accounts.signed_in``).
    An unknown address costs as long as a wrong password, and says only ``WRONG``. The caller
    audits the outcome in the same transaction (``session``).
    """
    account = by_email(session, model, email)
    if account is None:
        check_sign_in(_Nobody(), password, code, now)
        return SignIn.WRONG, None
    return check_sign_in(account, password, code, now, known_browser=known_browser == account.get_id()), account


def set_disabled(
    session: Session, account: AccountColumns, disabled: bool, *, at: datetime, actor: str, kind: str, **detail: Any
) -> None:
    """Disable (or re-enable) an account, audited as ``<kind>_disabled``: it cannot sign in or stay signed in.

    Signed-in sessions end at their next request, because each kind's user loader refuses a
    disabled account.
    """
    account.disabled = disabled
    action = f"{kind}_disabled" if disabled else f"{kind}_enabled"
    audit.record(session, at=at, actor=actor, action=action, **detail)


class _Nobody(AccountColumns):
    """Stands in for an unknown email so a wrong address costs as long as a wrong password."""

    def __init__(self) -> None:
        self.password_hash, self.totp_secret = _spare_hash(), None
        self.failed_sign_ins, self.locked_until, self.disabled, self.last_signed_in_at = 0, None, False, None
        self.last_code_step = None
