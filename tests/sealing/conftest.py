"""One app with every channel, and reports written through each of them with markers of their own.

The writing happens once for the module: the tests then look for the markers in each place a
copy of the data could be taken from, and check the app can still give every marker back.

The other tests here build apps with other keys; each app installs its keyring, so the one before
is put back after each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from config import DEFAULT_CHANNELS
from intake.case_tables import Case
from intake.context import Intake
from intake.models import Attachment, Report
from intake.sealing import install, installed
from tests.conftest import intake_of, make_test_app, new_database
from tests.email.corpus import AUTHSERV_ID
from tests.sealing import writers
from tests.sealing.markers import Markers
from tests.sms.conftest import ACCOUNT_SID, AUTH_TOKEN, sms_settings
from tests.sms.twilio_standin import TwilioStandIn
from tests.staff.partner_admin_support import staff_client


@pytest.fixture(autouse=True)
def keep_the_installed_keyring(app: object) -> Iterator[None]:
    before = installed()
    yield
    install(before)


SOURCES = ("web", "sms", "email", "partner API", "partner portal", "assisted", "unsent web form", "subject access")


@dataclass(frozen=True)
class Written:
    markers: dict[str, Markers]  # by source: a channel, an unsent web form, a subject access request
    kinds: dict[str, tuple[str, ...]]  # by source: the kinds of marker the app must give back
    read_back: bytes  # what the app gives back: the export with contacts, case pages, attachment downloads


@pytest.fixture(scope="module")
def twilio_stand_in() -> Iterator[TwilioStandIn]:
    stand_in = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="module")
def sealed_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own: its file or dump then holds these reports and no other test's."""
    with new_database(tmp_path_factory.mktemp("sealing-db")) as url:
        yield url


@pytest.fixture(scope="module", params=["folder", "database"], ids=lambda store: f"attachments in {store}")
def sealed_app(
    request: pytest.FixtureRequest,
    sealed_database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    twilio_stand_in: TwilioStandIn,
) -> Iterator[Flask]:
    """Every channel, as a deployment runs by default; CSRF and sign-in as in production.

    Once with attachments in a folder (one machine), once in the database (several, issue 18).
    """
    settings = {
        **sms_settings(twilio_stand_in),
        "CHANNELS": DEFAULT_CHANNELS,
        "ATTACHMENT_STORE": request.param,
        "EMAIL_AUTHSERV_ID": AUTHSERV_ID,
        "MAIL_FROM": "report-hate@landlord.example",
        "RATELIMIT_ENABLED": False,
    }
    app = make_test_app(sealed_database_url, tmp_path_factory.mktemp("sealing"), **settings)
    yield app
    app.extensions["intake"].db.dispose()


@pytest.fixture(scope="module")
def sealed_intake(sealed_app: Flask) -> Iterator[Intake]:
    with intake_of(sealed_app) as core:
        yield core


@pytest.fixture(scope="module")
def written(
    sealed_app: Flask, sealed_intake: Intake, twilio_stand_in: TwilioStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Written:
    """A report through every channel, each with its own markers; later messages, notes and files too.

    Also a web form left unsent (its answers and photo wait on the server) and a subject access request.
    """
    markers = Markers.for_sources(SOURCES)
    organisation = writers.partner_organisation(sealed_intake)
    eml_folder = tmp_path_factory.mktemp("eml")
    officer, user = staff_client(sealed_app, sealed_intake, "case_officer")
    kinds = {
        "web": writers.report_by_web(sealed_app, markers["web"]),
        "sms": writers.report_by_sms(sealed_app, twilio_stand_in, markers["sms"]),
        "email": writers.report_by_email(sealed_app, markers["email"], eml_folder),
        "partner API": writers.report_by_partner_api(sealed_app, sealed_intake, organisation, markers["partner API"]),
        "partner portal": writers.report_by_partner_portal(
            sealed_app, sealed_intake, organisation, markers["partner portal"]
        ),
        "assisted": writers.report_by_staff(officer, user, sealed_intake, markers["assisted"]),
        "unsent web form": writers.form_left_unsent_on_the_web(sealed_app, markers["unsent web form"]),
        "subject access": writers.subject_access_request(sealed_intake, markers["subject access"]),
    }
    return Written(markers, kinds, exported(sealed_app) + staff_reads(officer, sealed_intake))


def exported(app: Flask) -> bytes:
    """What the export command gives, contact details included."""
    result = app.test_cli_runner().invoke(args=["export", "--include-contact"])
    assert result.exit_code == 0, result.output
    return result.output.encode()


def staff_reads(officer: FlaskClient, intake: Intake) -> bytes:
    """Every case page and every attachment download, as a case officer reads them."""
    with intake.db.read() as session:
        cases = list(session.scalars(select(Case.reference)))
        downloads = list(session.execute(select(Report.reference, Attachment.id).join(Attachment.report)))
    pages = [f"/staff/cases/{case}" for case in cases]
    pages += [f"/staff/reports/{reference}/attachments/{number}" for reference, number in downloads]
    return b"".join(_read(officer, page) for page in pages)


def _read(client: FlaskClient, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response.get_data()


def attachment_folder(app: Flask) -> Path:
    return Path(app.config["ATTACHMENT_DIR"])
