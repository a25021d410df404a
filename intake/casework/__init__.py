"""Casework: the policy staff apply to reports and cases, called by the staff pages and commands."""
