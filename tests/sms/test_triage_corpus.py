"""The labelled set, texted through the real webhook (signed as Twilio signs), triaged as the labels say
within the floors: priority, works orders due 24 hours after arrival, and restriction (issue 11)."""

from __future__ import annotations

import json

from flask import Flask

from intake.context import Intake
from tests.sms.conftest import Phone
from tests.triage_corpus import labelled, outcomes_below_floors, score_outcomes, works_late


def test_the_labelled_set_texted_in_is_triaged_within_the_floors(sms_app: Flask, intake: Intake) -> None:
    cases = labelled()
    client = sms_app.test_client()
    for case in cases:
        Phone(client, number=f"+4477009{case.id:05d}").text(case.text)

    result = sms_app.test_cli_runner().invoke(args=["export", "--format", "json"])
    records = {r["description"]: r for r in json.loads(result.output)}

    assert len(records) == len(cases)
    pairs = [(case, records[case.text]) for case in cases]
    assert outcomes_below_floors(score_outcomes(pairs)) == []
    assert [late for _, record in pairs for late in works_late(record)] == []
