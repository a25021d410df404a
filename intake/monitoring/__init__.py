"""Monitoring and accountability (issue 14, policy 8.1, 5.6): figures for a period, computed in SQL
from the records the staff pages write, NM01, and the case-review list."""
