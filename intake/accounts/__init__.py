"""Accounts that sign in: passwords, one-time codes, lockout and sessions, shared by staff and partner users."""
