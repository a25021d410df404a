"""Sign-in shared by staff and partner users: argon2 passwords, time-based one-time codes, lockout.

Staff see special category data and partners report on victims' behalf, so both sign in with a
password and a one-time code. One Flask-Login manager serves both kinds of user: a user's id
is ``"<kind>:<id>"`` and each kind registers its own loader, so a partner user can never be
loaded as staff.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask
from flask_login import LoginManager
from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.sealing import OwnKeyRow, SealedText

MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)

login_manager = LoginManager()
_hasher = PasswordHasher()
_loaders: dict[str, Callable[[str], Any]] = {}


class SignIn(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # password or code: never say which
    LOCKED = "locked"
    DISABLED = "disabled"


class AccountColumns(OwnKeyRow):
    """Columns every account that signs in has, whatever its kind.

    The one-time-code secret is sealed under the account's own data key, bound to its ``seal_token``
    (issue 16): a copy of the database without the key-encryption keys holds no secret.
    """

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret_sealed: Mapped[str | None] = mapped_column("totp_secret", Text)
    totp_secret = SealedText[str | None]("totp_secret_sealed")
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_signed_in_at: Mapped[datetime | None]
    last_code_step: Mapped[int | None] = mapped_column(Integer)  # the one-time code last used: never again

    def get_id(self) -> str:
        """Flask-Login's session id, ``<kind>:<id>``: each kind of account says its own."""
        raise NotImplementedError


def init_app(app: Flask) -> None:
    """One login manager, one loader per kind of user; how long a session lasts is ``intake.accounts.signed_in``."""
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.session_protection = "strong"


def register_user_loader(kind: str, loader: Callable[[str], Any]) -> None:
    """Let ``kind`` users (``staff``, ``partner``) be loaded from ids of the form ``kind:id``."""
    _loaders[kind] = loader


def _load_user(user_id: str) -> Any:
    kind, _, own_id = user_id.partition(":")
    loader = _loaders.get(kind)
    return loader(own_id) if loader is not None and own_id else None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads (usually as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def check_sign_in(
    account: AccountColumns, password: str, code: str, now: datetime, *, known_browser: bool = False
) -> SignIn:
    """Check a password and a one-time code not used before, counting failures and locking after too many.

    A lock refuses sign-ins from browsers the account has not signed in on (``known_browser``), so a
    stranger who tries a named officer's address can pause only strangers' attempts, and only for
    ``LOCKOUT``: attempts made while locked are refused without being counted. Changes ``account``
    in the caller's transaction.
    """
    password_matches = _password_matches(account, password)  # always: a refusal's timing tells nothing either
    if account.disabled:
        return SignIn.DISABLED
    if _locked(account, now) and not known_browser:
        return SignIn.LOCKED
    step = _new_code_step(account, code, now) if password_matches else None
    if step is None:
        _count_failure(account, now)
        return SignIn.LOCKED if _locked(account, now) else SignIn.WRONG
    account.failed_sign_ins, account.locked_until, account.last_signed_in_at = 0, None, now
    account.last_code_step = step
    if account.password_hash and _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return SignIn.OK


def _locked(account: AccountColumns, now: datetime) -> bool:
    return account.locked_until is not None and account.locked_until > now


def _password_matches(account: AccountColumns, password: str) -> bool:
    if not account.password_hash:
        return False
    try:
        return _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _new_code_step(account: AccountColumns, code: str, now: datetime) -> int | None:
    """The code's time step, if it is valid now and later than the last one this account used."""
    if account.totp_secret is None:
        return None
    return code_step(account.totp_secret, code, now, after=account.last_code_step)


def code_matches(secret: str, code: str, now: datetime) -> bool:
    """The one-time code for now, or the 30-second step either side (phone clocks drift)."""
    return code_step(secret, code, now) is not None


def code_step(secret: str, code: str, now: datetime, *, after: int | None = None) -> int | None:
    """The time step of ``code`` (now's or either neighbour's), if later than ``after``; else None.

    Keeping the step of each sign-in and passing it as ``after`` makes every code work once:
    a code read over a shoulder or from a proxy's log cannot sign anyone in again.
    """
    totp, given = pyotp.TOTP(secret), code.replace(" ", "")
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), given):
            return step
    return None


def secret_hash(secret: str) -> str:
    """What is stored for a one-time link, API token or cookie id: its SHA-256, never the secret.

    These secrets are long and random, so a fast hash is right (argon2 is for passwords).
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _count_failure(account: AccountColumns, now: datetime) -> None:
    """Count a failure towards a lock; a failure while locked neither counts nor extends it."""
    if _locked(account, now):
        return
    account.failed_sign_ins = (account.failed_sign_ins or 0) + 1
    if account.failed_sign_ins >= MAX_FAILED_SIGN_INS:
        account.locked_until = now + LOCKOUT
        account.failed_sign_ins = 0
