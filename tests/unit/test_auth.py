"""Sign-in: a password and a one-time code, with lockout after repeated failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp

from intake.auth import (
    LOCKOUT,
    MAX_FAILED_SIGN_INS,
    AccountColumns,
    SignIn,
    check_sign_in,
    hash_password,
    new_totp_secret,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class Account(AccountColumns):
    """A plain account object: the rules need no database."""

    def __init__(self) -> None:
        self.password_hash = hash_password("correct horse battery staple")
        self.totp_secret = new_totp_secret()
        self.failed_sign_ins = 0
        self.locked_until = None
        self.disabled = False
        self.last_signed_in_at = None


def code(account: Account, at: datetime = NOW) -> str:
    return pyotp.TOTP(account.totp_secret or "").at(at)


def test_the_right_password_and_code_sign_in() -> None:
    account = Account()
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.OK
    assert account.last_signed_in_at == NOW


def test_a_wrong_password_or_code_is_refused_without_saying_which() -> None:
    account = Account()
    assert check_sign_in(account, "wrong", code(account), NOW) is SignIn.WRONG
    stale = code(account, NOW - timedelta(hours=1))
    assert check_sign_in(account, "correct horse battery staple", stale, NOW) is SignIn.WRONG
    assert check_sign_in(account, "correct horse battery staple", "", NOW) is SignIn.WRONG


def test_repeated_failures_lock_the_account_even_for_the_right_password() -> None:
    account = Account()
    for _ in range(MAX_FAILED_SIGN_INS):
        check_sign_in(account, "guess", "123456", NOW)
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.LOCKED
    later = NOW + LOCKOUT + timedelta(seconds=1)
    assert check_sign_in(account, "correct horse battery staple", code(account, later), later) is SignIn.OK


def test_a_disabled_account_cannot_sign_in() -> None:
    account = Account()
    account.disabled = True
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.DISABLED
