"""The app factory: settings, database, the core's services, and the channels named in CHANNELS."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, ConfigError, Settings, load_settings
from intake import assets, cli, ui
from intake import credentials as auth
from intake.accounts import signed_in
from intake.attachments import AttachmentStore
from intake.blob_store import BlobStore, DatabaseStore, FolderStore
from intake.clock import WorkingCalendar
from intake.context import Intake
from intake.db import Database
from intake.sealing import Keyring, SealingError, install
from intake.sealing.upkeep import check_keys_open
from intake.staff import blueprint as staff

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application. ``config`` overrides environment settings of the same names."""
    settings = load_settings(config)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        static_url_path="/assets",
        instance_path=str(INSTANCE_DIR),
    )
    app.config.from_mapping(settings.as_flask_config())
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    _configure_logging()
    app.extensions["intake"] = build_intake(settings)
    _check_keys_open(app.extensions["intake"])
    install(app.extensions["intake"].keyring)  # model attributes seal and open with it (intake.sealing)
    app.extensions["intake.senders"] = {}
    if settings.TRUSTED_PROXIES:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=settings.TRUSTED_PROXIES,
            x_proto=settings.TRUSTED_PROXIES,
            x_host=settings.TRUSTED_PROXIES,
            x_port=settings.TRUSTED_PROXIES,
        )
    cli.init_app(app)
    ui.init_app(app)
    assets.init_app(app)
    auth.init_app(app)
    signed_in.init_app(app)
    staff.init_app(app)
    app.add_url_rule("/healthz", "healthz", lambda: {"status": "ok"})
    for name in settings.CHANNELS:
        _load_channel(app, name)
    return app


def build_intake(settings: Settings) -> Intake:
    """The core's dependencies from settings."""
    db = Database(settings.DATABASE_URL)
    keyring = Keyring(settings.ENCRYPTION_KEYS)
    return Intake(
        db=db,
        calendar=WorkingCalendar(settings.TIMEZONE, settings.CLOSE_OF_BUSINESS, settings.HOLIDAYS_REGION),
        attachments=AttachmentStore(attachment_blobs(settings, db), keyring),
        reference_prefix=settings.REFERENCE_PREFIX,
        org_name=settings.ORG_NAME,
        keyring=keyring,
        public_base_url=settings.PUBLIC_BASE_URL,
        triage_inbox=settings.TRIAGE_INBOX,
        managers_inbox=settings.MANAGERS_INBOX,
        shared_email_domains=settings.PARTNER_SHARED_EMAIL_DOMAINS,
    )


def attachment_blobs(settings: Settings, db: Database) -> BlobStore:
    """The folder on this machine (one machine), or the shared database (several)."""
    if settings.ATTACHMENT_STORE == "database":
        return DatabaseStore(db)
    return FolderStore(settings.ATTACHMENT_DIR)


def _check_keys_open(intake: Intake) -> None:
    """Issue 16: a lost or wrong key-encryption key stops start-up in one line, not every page after."""
    try:
        check_keys_open(intake.db, intake.keyring)
    except SealingError as error:
        raise ConfigError("ENCRYPTION_KEYS", f"does not open the data keys in the database: {error}") from None


def _load_channel(app: Flask, name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ImportError as error:
        raise ConfigError("CHANNELS", f"names {name!r}, which cannot be imported ({error})") from None
    init = getattr(module, "init_app", None)
    if init is None:
        raise ConfigError("CHANNELS", f"names {name!r}, which has no init_app(app)")
    init(app)


def _configure_logging() -> None:
    """Plain structured-ish lines. Callers log ids and references only, never content or contacts."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
