"""Sign-in: a password and a one-time code used once, with a lockout strangers cannot prolong."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from config.encryption_keys import parse_keys
from intake.credentials import (
    LOCKOUT,
    MAX_FAILED_SIGN_INS,
    AccountColumns,
    SignIn,
    check_sign_in,
    hash_password,
    new_totp_secret,
)
from intake.sealing import Keyring, install, installed, is_sealed
from tests.conftest import TEST_ENCRYPTION_KEYS

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def keyring() -> Iterator[None]:
    """An account seals its one-time-code secret under a data key of its own (issue 16), database or not."""
    try:
        before: Keyring | None = installed()
    except RuntimeError:
        before = None
    install(Keyring(parse_keys(TEST_ENCRYPTION_KEYS)))
    yield
    if before is not None:
        install(before)


class Account(AccountColumns):
    """A plain account object: the rules need no database."""

    __tablename__ = "accounts"

    def __init__(self) -> None:
        self.seal_token, self.data_key, self.data_key_kek_id, self.data_key_kek_version = None, None, None, None
        self.password_hash = hash_password("correct horse battery staple")
        self.totp_secret = new_totp_secret()
        self.failed_sign_ins = 0
        self.locked_until = None
        self.disabled = False
        self.last_signed_in_at = None
        self.last_code_step = None


def code(account: Account, at: datetime = NOW) -> str:
    return pyotp.TOTP(account.totp_secret or "").at(at)


def test_the_right_password_and_code_sign_in() -> None:
    account = Account()
    assert is_sealed(account.totp_secret_sealed)  # held sealed, read in clear
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


def test_a_one_time_code_signs_in_once_only() -> None:
    account = Account()
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.OK
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.WRONG
    later = NOW + timedelta(seconds=30)
    assert check_sign_in(account, "correct horse battery staple", code(account, later), later) is SignIn.OK


def test_a_code_older_than_the_last_one_used_is_refused() -> None:
    account = Account()
    ahead = code(account, NOW + timedelta(seconds=30))  # a phone a little fast: the next step is accepted
    assert check_sign_in(account, "correct horse battery staple", ahead, NOW) is SignIn.OK
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.WRONG


def test_a_stranger_locking_an_account_does_not_stop_its_owner_on_a_browser_they_signed_in_on() -> None:
    account = Account()
    for _ in range(MAX_FAILED_SIGN_INS):
        check_sign_in(account, "guess", "123456", NOW)
    assert check_sign_in(account, "correct horse battery staple", code(account), NOW) is SignIn.LOCKED
    owner = check_sign_in(account, "correct horse battery staple", code(account), NOW, known_browser=True)
    assert owner is SignIn.OK


def test_attempts_while_locked_neither_count_nor_extend_the_lock() -> None:
    account = Account()
    for _ in range(MAX_FAILED_SIGN_INS):
        check_sign_in(account, "guess", "123456", NOW)
    during = NOW + LOCKOUT - timedelta(minutes=1)
    for known_browser in (False, True):
        for _ in range(MAX_FAILED_SIGN_INS * 3):
            check_sign_in(account, "guess", "123456", during, known_browser=known_browser)
    after = NOW + LOCKOUT + timedelta(seconds=1)
    assert check_sign_in(account, "correct horse battery staple", code(account, after), after) is SignIn.OK
