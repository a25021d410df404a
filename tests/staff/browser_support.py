"""A member of staff in Chromium: the sign-in page with a password and a one-time code, CSRF token and all.

Shared by every browser story that ends with staff (the end-to-end suite, the partner portal's story).
"""

from __future__ import annotations

import pyotp
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible
from tests.staff.conftest import PASSWORD, Staff

WRONG_CODE = "000000"


def open_sign_in(page: Page, base: str) -> None:
    """The staff sign-in page, checked by axe-core as first seen."""
    page.goto(f"{base}/staff/sign-in")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    assert_accessible(page)


def enter_sign_in(page: Page, staff: Staff, code: str) -> None:
    """Type the email address, password and a one-time code, and press Sign in."""
    page.get_by_label("Email address").fill(staff.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("One-time code").fill(code)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, base: str, staff: Staff) -> None:
    """Sign in with the code the authenticator app shows now; staff land on the queue."""
    open_sign_in(page, base)
    enter_sign_in(page, staff, pyotp.TOTP(staff.secret).now())
    expect(page.get_by_role("heading", name="Queue", level=1)).to_be_visible()
