"""Data protection: the retention schedule, legal holds, purges that keep the figures, subject access.

Policy 5.5 and 7.1 (issue 17). The staff pages at /staff/retention and /staff/subject-access and
the ``retention-review`` command only call the functions here.
"""
