"""The staff UI: the triage queue, reports, cases and staff accounts (``/staff``)."""
