"""The core as channels see it: the one module a channel imports from ``intake`` (issue 12 item 2).

Drafts, the services a channel calls once per item (``submit_report``, ``receive``,
``record_inbound``, ...), the ports it supplies (``intake.ports``) and registers
(``register_sender``, ``register_failure_source``, ``register_raw_renderer``), the forms base,
the queries and helpers channels need, and ``Base`` for a channel's own tables (on the one
metadata and the one migration line). An import-linter contract in ``pyproject.toml`` keeps
channels from importing any other module of ``intake``: add a name here rather than reaching in.

It sits in the top layer of ``intake`` beside the composition root, since it re-exports from
every layer below (the staff pages' ``allowed`` and ``me`` for the assisted channel's page, the
partners' own-report queries for the partner channel).
"""

from __future__ import annotations

from intake import audit
from intake.accounts import signed_in
from intake.attachments import sanitise_filename, sniff_content_type
from intake.context import (
    Intake,
    current_intake,
    register_failure_source,
    register_raw_renderer,
    register_reindexer,
    register_sender,
    registered_senders,
)
from intake.credentials import register_user_loader, secret_hash
from intake.db_helpers import insert_or_ignore
from intake.drafts import (
    RESPONSIBLE_ANSWERS,
    SAFETY_ANSWERS,
    Acknowledgement,
    AttachmentDraft,
    AutoReply,
    ConsentDraft,
    Contact,
    Inbound,
    Media,
    MessageDraft,
    Received,
    ReportDraft,
    ResponsiblePerson,
    SafetyFlags,
)
from intake.forms import CHARACTERISTICS, INCIDENT_TYPES, BaseForm
from intake.inbound import matching_sender, opened_raw, sender_index
from intake.languages import N_, SOURCE, Language, current, gettext, known, language, languages, using
from intake.messages import render
from intake.models import Base, ContactOptOut, PartnerOrganisation, Report
from intake.normalise import (
    DEFAULT_PHONE_REGION,
    OFCOM_DRAMA_MOBILES,
    clean_text,
    is_uk_mobile,
    normalise_email,
    normalise_phone,
)
from intake.outbox import LEASE, MAX_ATTEMPTS, DeliveryFailed, Outgoing, deliver_due, retry_delay
from intake.partners import organisations as partners
from intake.partners.domains import organisation_of_sender
from intake.partners.organisations import MIN_PASSWORD_LENGTH, TokenHolder
from intake.partners.tables import PARTNER_USER_KIND, PartnerUser, partner_token_actor, partner_user_actor
from intake.ports import NO_REPORT, About, ChannelRecords, Conversation, FailedForGood
from intake.queries import (
    is_contact_on_report,
    is_safe_to_text_on_report,
    latest_report_with_contact,
    report_by_reference,
)
from intake.receive import receive
from intake.recording import add_attachments
from intake.references import find_references
from intake.sealing import BlindIndex, Cell, Keyring, Owner, token_key
from intake.services import Outcome, Submission, record_delivery_event, record_inbound, record_opt_out, submit_report
from intake.staff.access import allowed, me
from intake.storable import column_limit, storable, storable_key
from intake.ui import csrf, limiter, with_error_headers
from intake.vocabulary import (
    CASEWORK,
    Answer,
    Channel,
    Characteristic,
    ConsentBasis,
    ConsentKind,
    ContactMethod,
    InboundDisposition,
    IncidentType,
    Interpreter,
    PartyRole,
    ReporterRole,
    Status,
    answer_of,
    codes,
)

__all__ = [
    "CASEWORK",
    "CHARACTERISTICS",
    "DEFAULT_PHONE_REGION",
    "INCIDENT_TYPES",
    "LEASE",
    "MAX_ATTEMPTS",
    "MIN_PASSWORD_LENGTH",
    "NO_REPORT",
    "N_",
    "OFCOM_DRAMA_MOBILES",
    "PARTNER_USER_KIND",
    "RESPONSIBLE_ANSWERS",
    "SAFETY_ANSWERS",
    "SOURCE",
    "About",
    "Acknowledgement",
    "Answer",
    "AttachmentDraft",
    "AutoReply",
    "Base",
    "BaseForm",
    "BlindIndex",
    "Cell",
    "Channel",
    "ChannelRecords",
    "Characteristic",
    "ConsentBasis",
    "ConsentDraft",
    "ConsentKind",
    "Contact",
    "ContactMethod",
    "ContactOptOut",
    "Conversation",
    "DeliveryFailed",
    "FailedForGood",
    "Inbound",
    "InboundDisposition",
    "IncidentType",
    "Intake",
    "Interpreter",
    "Keyring",
    "Language",
    "Media",
    "MessageDraft",
    "Outcome",
    "Outgoing",
    "Owner",
    "PartnerOrganisation",
    "PartnerUser",
    "PartyRole",
    "Received",
    "Report",
    "ReportDraft",
    "ReporterRole",
    "ResponsiblePerson",
    "SafetyFlags",
    "Status",
    "Submission",
    "TokenHolder",
    "add_attachments",
    "allowed",
    "answer_of",
    "audit",
    "clean_text",
    "codes",
    "column_limit",
    "csrf",
    "current",
    "current_intake",
    "deliver_due",
    "find_references",
    "gettext",
    "insert_or_ignore",
    "is_contact_on_report",
    "is_safe_to_text_on_report",
    "is_uk_mobile",
    "known",
    "language",
    "languages",
    "latest_report_with_contact",
    "limiter",
    "matching_sender",
    "me",
    "normalise_email",
    "normalise_phone",
    "opened_raw",
    "organisation_of_sender",
    "partner_token_actor",
    "partner_user_actor",
    "partners",
    "receive",
    "record_delivery_event",
    "record_inbound",
    "record_opt_out",
    "register_failure_source",
    "register_raw_renderer",
    "register_reindexer",
    "register_sender",
    "register_user_loader",
    "registered_senders",
    "render",
    "report_by_reference",
    "retry_delay",
    "sanitise_filename",
    "secret_hash",
    "sender_index",
    "signed_in",
    "sniff_content_type",
    "storable",
    "storable_key",
    "submit_report",
    "token_key",
    "using",
    "with_error_headers",
]
