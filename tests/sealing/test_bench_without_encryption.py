"""The bench's "without encryption" (bench/at_rest.py) is the bench's alone, and its section runs.

The bench measures what sealing costs by running the same service with ``PlainKeyring``, which stores
values as they are. The app can never run so: it has no setting for it, and no code of the app can reach it.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from bench import at_rest
from bench.intake import DESCRIPTION, _draft
from intake.context import Intake
from intake.db import Database
from intake.migrate import upgrade_to_latest
from intake.models import InboundItem, Report
from intake.sealing import Cell, Keyring, Owner, installed, is_sealed
from intake.services import submit_report
from tests.conftest import make_test_app, new_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_always_seals_with_its_own_keyring(database_url: str, tmp_path: Path) -> None:
    built = make_test_app(database_url, tmp_path)
    keyring = installed()
    built.extensions["intake"].db.dispose()
    assert type(keyring) is Keyring
    assert built.extensions["intake"].keyring is keyring
    key = keyring.new_data_key(Owner("reports", "HPG-TEST-0001"))
    assert is_sealed(key.seal(Cell("reports", "description", "HPG-TEST-0001"), "They shouted at me"))


def test_no_code_of_the_app_can_reach_the_bench() -> None:
    reaching = re.compile(r"^\s*(from|import)\s+bench\b|PlainKeyring|PlainDataKey", re.MULTILINE)
    sources = [path for folder in ("intake", "channels", "config") for path in (ROOT / folder).rglob("*.py")]
    sources += list(ROOT.glob("*.py"))  # gunicorn.conf.py
    assert sources
    assert [str(path.relative_to(ROOT)) for path in sources if reaching.search(path.read_text())] == []


def test_without_encryption_the_same_service_stores_the_words_as_they_are(intake: Intake, database_url: str) -> None:
    sealed, plain = at_rest.sealed_and_plain(database_url)
    try:
        with sealed.installed() as bench:
            sealed_id = submit_report(bench, _draft()).report_id
        with plain.installed() as bench:
            plain_id = submit_report(bench, _draft()).report_id
        with sealed.intake.db.read() as session:
            stored = dict(session.execute(select(Report.id, Report.description_sealed)).all())
            keys = dict(session.execute(select(Report.id, Report.data_key)).all())
            raw = dict(session.execute(select(InboundItem.report_id, InboundItem.raw)).all())
        assert is_sealed(stored[sealed_id]) and keys[sealed_id] is not None and is_sealed(raw[sealed_id])
        assert stored[plain_id] == DESCRIPTION and keys[plain_id] is None and raw[plain_id] == DESCRIPTION.encode()
        with sealed.installed() as bench, bench.db.read() as session:
            assert {report.description for report in session.scalars(select(Report))} == {DESCRIPTION}
    finally:
        sealed.intake.db.dispose()


def test_the_section_measures_on_a_tiny_count(app: Flask, tmp_path: Path) -> None:
    with new_database(tmp_path) as url:
        _migrate(url)
        rates = at_rest.submits(url, 2)
    assert rates.with_ > 0 and rates.without > 0
    (tmp_path / "sealed").mkdir()
    (tmp_path / "plain").mkdir()
    with new_database(tmp_path / "sealed") as sealed_url, new_database(tmp_path / "plain") as plain_url:
        _migrate(sealed_url)
        _migrate(plain_url)
        pages = at_rest.pages(sealed_url, plain_url, 60, 1)
    assert all(with_ > 0 and without > 0 for with_, without in (pages.page, pages.words, pages.cold))


def _migrate(url: str) -> None:
    db = Database(url)
    upgrade_to_latest(db)
    db.dispose()
