"""What a partner API report costs the database (issue 13 item 1): the whole request, pinned exactly.

Numbers are (statements, round trips), as in ``tests/integration/test_round_trips.py``; the request's
own are included: the token's check, one statement that also names the organisation (the partner's rate
limit is not in the database), then the submission's one transaction.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from intake.context import Intake
from intake.partners import organisations as partners
from tests.partner.support import API_REPORT, bearer, make_organisation
from tests.statement_count import assert_costs, counting

API_REQUEST = {"sqlite": (9, 11), "postgresql": (7, 11)}


def test_a_report_through_the_partner_api(partner_client: FlaskClient, partner_intake: Intake) -> None:
    organisation = make_organisation(partner_intake)
    token = partners.issue_token(partner_intake, organisation_id=organisation, actor="test").token
    assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(token)).status_code == 201
    with counting(partner_intake.db.engine) as counted:
        created = partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(token))
    assert created.status_code == 201
    assert_costs(counted, partner_intake.db.engine, API_REQUEST)
