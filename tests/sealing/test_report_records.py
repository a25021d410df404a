"""A report's records sealed under its key (issue 16): attachments' names and works' cancel reasons."""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import select, update

from intake.case_tables import StaffUser
from intake.casework import cases
from intake.context import Intake
from intake.drafts import AttachmentDraft, SafetyFlags
from intake.export import write_export
from intake.models import Attachment, Work
from intake.sealing import SEALED
from tests.factories import submit
from tests.sealing.test_data_keys import new_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def exported(intake: Intake) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_export(intake, out, "json", include_contact=False)
    rows: list[dict[str, Any]] = json.loads(out.getvalue())
    return rows


def test_an_attachments_name_is_sealed_and_reads_in_the_export(intake: Intake) -> None:
    submit(intake, attachments=(AttachmentDraft("Sam Jones front door.png", PNG),))
    with intake.db.read() as session:
        (stored,) = session.scalars(select(Attachment.__table__.c.filename))
    assert stored.startswith(SEALED) and "Sam Jones" not in stored
    (record,) = exported(intake)
    assert [a["filename"] for a in record["attachments"]] == ["Sam Jones front door.png"]


def test_a_works_cancel_reason_is_sealed_even_on_an_order_from_before_sealing(intake: Intake) -> None:
    reference = str(submit(intake, safety=SafetyFlags(graffiti_to_remove=True)).reference)
    case_reference = new_case(intake, reference)
    with intake.db.begin() as session:  # as an order made before migration 0023: no token
        session.execute(update(Work.__table__).values(seal_token=None))
        work_id = session.scalars(select(Work.id)).one()
    manager = _manager(intake)
    cases.cancel_works(intake, manager, case_reference, work_id, "Sam Jones cleaned it off")
    with intake.db.read() as session:
        (stored,) = session.scalars(select(Work.__table__.c.cancel_reason))
        work = session.get_one(Work, work_id)
    assert stored.startswith(SEALED) and "Sam Jones" not in stored
    assert work.cancel_reason == "Sam Jones cleaned it off"
    (record,) = exported(intake)
    assert [w["cancel_reason"] for w in record["works"]] == ["Sam Jones cleaned it off"]


def _manager(intake: Intake) -> StaffUser:
    """The manager ``new_case`` made."""
    with intake.db.read() as session:
        return session.scalars(select(StaffUser)).one()
