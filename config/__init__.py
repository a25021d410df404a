"""Settings read from the environment, with embedded defaults.

Every setting has the same name in the environment and in the mapping given to
``create_app``; the mapping wins. A setting that a started feature needs and that
is missing or malformed stops start-up with one line naming it (``ConfigError``).

These are the core's settings. Each channel reads and checks its own in its ``init_app``
(``channels/<name>/settings.py``) through ``SettingsSource``, so only the channels named in
``CHANNELS`` have theirs checked; a channel's settings given to ``create_app`` reach it
through the app's config unchanged (``Settings.extra``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse_many

from config.encryption_keys import EncryptionKeys, KeySettingError, instance_key_file, parse_keys
from config.secret_key import instance_secret_key, made_up_key_allowed

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
CONFIG_DIR = Path(__file__).resolve().parent

# Domains that many organisations (or the public) share: an address there says nothing about which
# organisation wrote, so none can be registered as one partner's email domain (policy 7.1).
# PARTNER_SHARED_EMAIL_DOMAINS replaces this list; exact domains only (a council's own
# ``nottingham.gov.uk`` is not refused because ``gov.uk`` is listed).
SHARED_EMAIL_DOMAINS = frozenset(
    {
        # webmail and internet providers
        "aol.com", "aol.co.uk", "btinternet.com", "gmail.com", "gmx.com", "gmx.co.uk", "googlemail.com",
        "hotmail.com", "hotmail.co.uk", "icloud.com", "live.com", "live.co.uk", "mac.com", "mail.com", "me.com",
        "msn.com", "outlook.com", "proton.me", "protonmail.com", "sky.com", "talktalk.net", "tiscali.co.uk",
        "virginmedia.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "zoho.com",
        # public-sector addresses shared by many bodies
        "nhs.net", "nhs.uk", "gov.uk", "gov.wales", "gov.scot", "police.uk", "pnn.police.uk", "cjsm.net",
        "gcsx.gov.uk", "gsi.gov.uk",
    }
)  # fmt: skip

DEFAULT_CHANNELS = "channels.web,channels.sms,channels.partner,channels.email,channels.assisted"

_HOLIDAY_REGIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern ireland": "NIR",
    "eng": "ENG",
    "wls": "WLS",
    "sct": "SCT",
    "nir": "NIR",
}


class ConfigError(SystemExit):
    """A setting is missing or malformed.

    A ``SystemExit`` so that ``flask``, ``gunicorn`` and ``make run`` stop with the
    one line that names the setting, not a traceback.
    """

    def __init__(self, name: str, problem: str) -> None:
        self.setting = name
        super().__init__(f"configuration error: {name} {problem}")


@dataclass(frozen=True)
class Settings:
    """The application's settings, parsed and checked."""

    DATABASE_URL: str
    SECRET_KEY: str
    ENCRYPTION_KEYS: EncryptionKeys
    CHANNELS: tuple[str, ...]
    ORG_NAME: str
    REFERENCE_PREFIX: str
    TIMEZONE: ZoneInfo
    CLOSE_OF_BUSINESS: time
    HOLIDAYS_REGION: str
    PUBLIC_BASE_URL: str | None
    SMTP_HOST: str | None
    SMTP_PORT: int
    SMTP_SECURITY: str
    SMTP_USER: str | None
    SMTP_PASSWORD: str | None
    MAIL_FROM: str | None
    TRIAGE_INBOX: str | None
    MANAGERS_INBOX: str | None
    REDIS_URL: str | None
    TRUSTED_PROXIES: int
    ATTACHMENT_DIR: Path
    ATTACHMENT_STORE: str
    PARTNER_SHARED_EMAIL_DOMAINS: frozenset[str] = SHARED_EMAIL_DOMAINS
    RISK_ASSESSMENT_FILE: Path = CONFIG_DIR / "risk_assessment.toml"
    RETENTION_SCHEDULE_FILE: Path = CONFIG_DIR / "retention.toml"
    STAFF_ALERT_LEAD_MINUTES: int = 120
    STAFF_INVITATION_HOURS: int = 72
    CASE_REVIEW_WEEKS: int = 4  # policy 8.1: an open case not reviewed this long is on the review list
    RISK_ASSESSMENT_WORKING_DAYS: int = 3  # policy 4.4: working days from receipt to a risk assessment
    SESSION_ABSOLUTE_HOURS: int = 8
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_flask_config(self) -> dict[str, Any]:
        """The settings as Flask config keys (same names), plus the extras given."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "extra"}
        values.update(self.extra)
        return values


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Read settings from the environment, then apply ``overrides`` by name."""
    source = SettingsSource(os.environ, overrides or {})
    known = set(Settings.__dataclass_fields__)
    return Settings(
        DATABASE_URL=database_url(source),
        CHANNELS=_channels(_channel_list(source)),
        ORG_NAME=source.text("ORG_NAME", default="Housing Plus Group"),
        REFERENCE_PREFIX=_reference_prefix(source.text("REFERENCE_PREFIX", default="HPG")),
        TIMEZONE=_timezone(source.text("TIMEZONE", default="Europe/London")),
        CLOSE_OF_BUSINESS=_close_of_business(source.text("CLOSE_OF_BUSINESS", default="17:00")),
        HOLIDAYS_REGION=_holidays_region(source.text("HOLIDAYS_REGION", default="England")),
        PUBLIC_BASE_URL=_base_url(source.optional("PUBLIC_BASE_URL")),
        SMTP_HOST=source.optional("SMTP_HOST"),
        SMTP_PORT=source.integer("SMTP_PORT", default=587),
        SMTP_SECURITY=_smtp_security(source.text("SMTP_SECURITY", default="starttls")),
        SMTP_USER=source.optional("SMTP_USER"),
        SMTP_PASSWORD=source.optional("SMTP_PASSWORD"),
        MAIL_FROM=source.optional("MAIL_FROM"),
        TRIAGE_INBOX=source.optional("TRIAGE_INBOX"),
        MANAGERS_INBOX=source.optional("MANAGERS_INBOX"),
        REDIS_URL=source.optional("REDIS_URL"),
        TRUSTED_PROXIES=source.integer("TRUSTED_PROXIES", default=0),
        ATTACHMENT_DIR=Path(source.text("ATTACHMENT_DIR", default=str(INSTANCE_DIR / "attachments"))),
        ATTACHMENT_STORE=_attachment_store(source.text("ATTACHMENT_STORE", default="folder")),
        PARTNER_SHARED_EMAIL_DOMAINS=_shared_domains(source.optional("PARTNER_SHARED_EMAIL_DOMAINS")),
        RISK_ASSESSMENT_FILE=Path(
            source.text("RISK_ASSESSMENT_FILE", default=str(CONFIG_DIR / "risk_assessment.toml"))
        ),
        RETENTION_SCHEDULE_FILE=Path(
            source.text("RETENTION_SCHEDULE_FILE", default=str(CONFIG_DIR / "retention.toml"))
        ),
        STAFF_ALERT_LEAD_MINUTES=source.integer("STAFF_ALERT_LEAD_MINUTES", default=120, low=1),
        STAFF_INVITATION_HOURS=source.integer("STAFF_INVITATION_HOURS", default=72, low=1),
        CASE_REVIEW_WEEKS=source.integer("CASE_REVIEW_WEEKS", default=4, low=1, high=52),
        RISK_ASSESSMENT_WORKING_DAYS=source.integer("RISK_ASSESSMENT_WORKING_DAYS", default=3, low=1, high=60),
        SESSION_ABSOLUTE_HOURS=source.integer("SESSION_ABSOLUTE_HOURS", default=8, low=1, high=24),
        extra={k: v for k, v in (overrides or {}).items() if k not in known},
        SECRET_KEY=_secret_key(source),  # last: any malformed setting above names itself first
        ENCRYPTION_KEYS=_encryption_keys(source),  # after SECRET_KEY, which a production start misses first
    )


class SettingsSource:
    """Looks a setting up in the overrides, then the environment.

    The core's settings and each channel's (``channels/<name>/settings.py``, read in its
    ``init_app``) are read through it, so a malformed one stops start-up with the same line.
    """

    def __init__(self, environ: Mapping[str, str], overrides: Mapping[str, Any]) -> None:
        self._environ = environ
        self._overrides = overrides

    @classmethod
    def of(cls, overrides: Mapping[str, Any]) -> SettingsSource:
        """The process environment under ``overrides`` (a channel passes the app's config)."""
        return cls(os.environ, overrides)

    def raw(self, name: str) -> Any:
        if name in self._overrides:
            return self._overrides[name]
        return self._environ.get(name)

    def optional(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None or str(value).strip() == "":
            return None
        return str(value).strip()

    def text(self, name: str, *, default: str) -> str:
        value = self.optional(name)
        return default if value is None else value

    def integer(self, name: str, *, default: int, low: int | None = None, high: int | None = None) -> int:
        """A whole number, at least ``low`` and at most ``high`` where given."""
        value = self.optional(name)
        try:
            number = default if value is None else int(value)
        except ValueError:
            raise ConfigError(name, f"must be a whole number, not {value!r}") from None
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ConfigError(name, f"must be {bounds}, not {number}")
        return number

    def rate_limit(self, name: str, *, default: str) -> str:
        """A Flask-Limiter limit such as ``60/minute`` or ``60 per minute; 1000 per day``."""
        value = self.text(name, default=default)
        try:
            parse_many(value)
        except ValueError:
            raise ConfigError(name, f"must be a rate limit such as 60/minute, not {value!r}") from None
        return value


def database_url(source: Mapping[str, Any] | SettingsSource | None = None) -> str:
    """DATABASE_URL alone (migrations need no other setting): the environment's, else SQLite under instance/."""
    found = source if isinstance(source, SettingsSource) else SettingsSource(os.environ, source or {})
    return found.text("DATABASE_URL", default=f"sqlite:///{INSTANCE_DIR / 'intake.sqlite3'}")


def _secret_key(source: SettingsSource) -> str:
    key = source.optional("SECRET_KEY")
    if key is None:
        if not made_up_key_allowed(source.optional("PRODUCTION"), source.optional("FLASK_ENV")):
            raise ConfigError("SECRET_KEY", "is required: only `make run` and other `flask` commands make one up")
        return instance_secret_key(INSTANCE_DIR / "secret_key")
    if len(key) < 16:
        raise ConfigError("SECRET_KEY", "must be at least 16 characters")
    return key


def _encryption_keys(source: SettingsSource) -> EncryptionKeys:
    """ENCRYPTION_KEYS (JSON) if set, else the file ENCRYPTION_KEY_FILE names.

    Neither set: only the flask command reads (and first makes) the development file under
    instance/, as it makes SECRET_KEY up; any other start stops with one line.
    """
    given = source.optional("ENCRYPTION_KEYS")
    if given is not None:
        return _parsed("ENCRYPTION_KEYS", given)
    named = source.optional("ENCRYPTION_KEY_FILE")
    if named is not None:
        if not Path(named).is_file():
            raise ConfigError("ENCRYPTION_KEY_FILE", f"names {named}, which is not a file")
        return _parsed("ENCRYPTION_KEY_FILE", Path(named).read_text())
    if not made_up_key_allowed(source.optional("PRODUCTION"), source.optional("FLASK_ENV")):
        made_up = "only `make run` and other `flask` commands make one up"
        raise ConfigError("ENCRYPTION_KEYS", f"or ENCRYPTION_KEY_FILE is required: {made_up}")
    return _parsed("ENCRYPTION_KEY_FILE", instance_key_file(INSTANCE_DIR / "encryption-keys.json"))


def _parsed(name: str, text: str) -> EncryptionKeys:
    try:
        return parse_keys(text)
    except KeySettingError as error:
        raise ConfigError(name, str(error)) from None


def _channel_list(source: SettingsSource) -> str:
    """CHANNELS as given; set but empty means no channels at all, unset means the defaults."""
    value = source.raw("CHANNELS")
    return DEFAULT_CHANNELS if value is None else str(value)


def _channels(value: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][\w.]*", name):
            raise ConfigError("CHANNELS", f"has {name!r}, which is not an import path")
    return names


def _reference_prefix(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2,6}", value):
        raise ConfigError("REFERENCE_PREFIX", "must be 2 to 6 capital letters")
    return value


def _timezone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("TIMEZONE", f"is not a known time zone: {value!r}") from None


def _close_of_business(value: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise ConfigError("CLOSE_OF_BUSINESS", f"must be HH:MM, not {value!r}")
    return time(int(match[1]), int(match[2]))


def _holidays_region(value: str) -> str:
    region = _HOLIDAY_REGIONS.get(value.strip().lower())
    if region is None:
        raise ConfigError("HOLIDAYS_REGION", "must be England, Wales, Scotland or Northern Ireland")
    return region


def _base_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
        raise ConfigError("PUBLIC_BASE_URL", "must be an http(s) URL such as https://report.example.org")
    return value.rstrip("/")


def _attachment_store(value: str) -> str:
    """Where attachment bytes live: this machine's folder, or the shared database (several machines)."""
    if value not in {"folder", "database"}:
        raise ConfigError("ATTACHMENT_STORE", "must be 'folder' or 'database'")
    return value


def _shared_domains(value: str | None) -> frozenset[str]:
    """Comma-separated domains replacing the default list (set it to ``none`` for no list at all)."""
    if value is None:
        return SHARED_EMAIL_DOMAINS
    if value.strip().lower() == "none":
        return frozenset()
    domains = frozenset(part.strip().lower().lstrip("@") for part in value.split(",") if part.strip())
    for domain in domains:
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
            raise ConfigError("PARTNER_SHARED_EMAIL_DOMAINS", f"has {domain!r}, which is not a domain")
    return domains


def _smtp_security(value: str) -> str:
    if value not in {"starttls", "tls", "none"}:
        raise ConfigError("SMTP_SECURITY", "must be 'starttls', 'tls' or 'none' (none: a relay on this machine only)")
    return value
