"""Data-protection fixtures: the staff app and its fixtures, on the test database."""

from __future__ import annotations

from tests.staff.conftest import clock, intake, staff_app

__all__ = ["clock", "intake", "staff_app"]
