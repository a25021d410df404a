"""Typed SQLAlchemy 2.x models: what is stored, named in the policy's words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    func,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from intake.sealing.owners import KeyOwner, ReportRecord, ReportRecordOrOwnKey
from intake.sealing.sealed import SealedText

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A time-zone-aware instant, stored as UTC on every database (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: every stored time must be time-zone aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


class InboundItem(KeyOwner, Base):
    """Every inbound item, raw, under its channel's unique key, stored before anything else.

    ``raw`` is sealed under the item's own data key (issue 16: ``intake.inbound.raw_of`` opens it),
    since an item may be stored before, or without, a report.
    """

    __tablename__ = "inbound_items"
    __table_args__ = (UniqueConstraint("channel", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(255))
    raw: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    content_type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime]
    disposition: Mapped[str] = mapped_column(String(24))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)


class InboundAlias(Base):
    """A second unique key for an inbound item (an email's Message-ID), so a copy is a duplicate."""

    __tablename__ = "inbound_aliases"
    __table_args__ = (UniqueConstraint("channel", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(255))
    inbound_item_id: Mapped[int] = mapped_column(ForeignKey("inbound_items.id"), index=True)


class PartnerOrganisation(Base):
    """An agency that reports on victims' behalf (policy 4.5) under a sharing agreement (7.1)."""

    __tablename__ = "partner_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    sharing_agreement_reference: Mapped[str | None] = mapped_column(String(100))
    agreement_review_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]

    domain_rows: Mapped[list[PartnerEmailDomain]] = relationship(
        order_by="PartnerEmailDomain.domain", cascade="all, delete-orphan", lazy="selectin"
    )
    # The domains as plain strings, read and written like a list.
    email_domains: AssociationProxy[list[str]] = association_proxy(
        "domain_rows", "domain", creator=lambda domain: PartnerEmailDomain(domain=domain)
    )


# One name, one organisation, whatever its case: two "Eastside Advice Centre"s would leave an
# admin guessing whose users and tokens they change (names are stored trimmed).
ORGANISATION_NAME_INDEX = "uq_partner_organisations_lower_name"
Index(ORGANISATION_NAME_INDEX, func.lower(PartnerOrganisation.name), unique=True)


class PartnerEmailDomain(Base):
    """An email domain registered to one partner organisation, and only one (the primary key).

    Two organisations sharing a domain would let one invite the other's staff, so the database
    refuses it whatever the page or command that asked.
    """

    __tablename__ = "partner_email_domains"

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisations.id"), index=True)

    @validates("domain")
    def _tidy(self, _key: str, domain: str) -> str:
        """Stored as an address's domain is compared: lower case, no ``@``, no spaces."""
        return tidy_domain(domain)


def tidy_domain(domain: str) -> str:
    """A domain as typed (``@Eastside.example ``) as it is stored and compared (``eastside.example``)."""
    return domain.strip().lower().lstrip("@")


class Report(KeyOwner, Base):
    """One report of a hate incident, triaged on arrival (policy 4.1), with its own data key (docs/encryption.md)."""

    __tablename__ = "reports"
    __table_args__ = (
        # The staff queue: open reports, immediate first, then soonest due (keyset pagination).
        Index(
            "ix_reports_open_queue",
            "priority",
            "response_due",
            "id",
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
        # The queue sorted by response due alone, or newest received first (issue 19).
        Index(
            "ix_reports_open_due",
            "response_due",
            "id",
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
        # Possible duplicates on the queue: the same postcode within 14 days, found by index (issue 19),
        # by its keyed digest since the postcode is sealed (issue 16).
        Index("ix_reports_postcode_index_received", "postcode_index", "received_at"),
        Index(
            "ix_reports_open_received",
            "received_at",
            "id",
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[str] = mapped_column(String(16), index=True)
    reporter_role: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(index=True)
    # Issue 16: the reporter's words are sealed under the report's own key (intake.sealing); each is
    # read and set in clear through its descriptor, stored sealed in the column of the same name.
    description_sealed: Mapped[str] = mapped_column("description", Text)
    description = SealedText[str]("description_sealed")
    characteristics: Mapped[list[str]] = mapped_column(default=list)
    incident_types: Mapped[list[str]] = mapped_column(default=list)
    occurred_at: Mapped[datetime | None]
    occurred_text_sealed: Mapped[str | None] = mapped_column("occurred_text", Text)
    occurred_text = SealedText[str | None]("occurred_text_sealed")
    occurred_date_only: Mapped[bool] = mapped_column(Boolean, default=False)  # a day without a time
    location_sealed: Mapped[str | None] = mapped_column("location", Text)
    location = SealedText[str | None]("location_sealed")
    location_index: Mapped[str | None] = mapped_column(String(80), index=True)  # duplicate hints: same address
    postcode_sealed: Mapped[str | None] = mapped_column("postcode", Text)
    postcode = SealedText[str | None]("postcode_sealed")
    # The outward code (``M14`` of ``M14 5TQ``), plain by design: the area figures and the queue's area
    # filter; the full postcode is compared by its keyed digest (duplicate hints, repeat locations).
    postcode_area: Mapped[str | None] = mapped_column(String(8), index=True)
    postcode_index: Mapped[str | None] = mapped_column(String(80))  # leads ix_reports_postcode_index_received
    location_withheld: Mapped[bool] = mapped_column(Boolean, default=False)

    # Each answer as said, an Answer code (yes, no, not_sure, rather_not_say, not_asked): issue 19.
    injury: Mapped[str] = mapped_column(String(16), default="not_asked")
    children_affected: Mapped[str] = mapped_column(String(16), default="not_asked")
    threat_to_life: Mapped[str] = mapped_column(String(16), default="not_asked")
    feels_unsafe_at_home: Mapped[str] = mapped_column(String(16), default="not_asked")
    damage_needing_repair: Mapped[str] = mapped_column(String(16), default="not_asked")
    graffiti_to_remove: Mapped[str] = mapped_column(String(16), default="not_asked")

    responsible_known_to_victim: Mapped[str] = mapped_column(String(16), default="not_asked")
    responsible_lives_nearby: Mapped[str] = mapped_column(String(16), default="not_asked")
    responsible_is_tenant: Mapped[str] = mapped_column(String(16), default="not_asked")
    responsible_is_staff: Mapped[str] = mapped_column(String(16), default="not_asked")
    responsible_description_sealed: Mapped[str | None] = mapped_column("responsible_description", Text)
    responsible_description = SealedText[str | None]("responsible_description_sealed")
    responsible_index: Mapped[str | None] = mapped_column(String(80), index=True)  # duplicate hints: same words

    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16))  # "immediate" sorts before "standard"
    status: Mapped[str] = mapped_column(String(16))
    response_due: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_assessment_required: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    restriction_lifted_reason: Mapped[str | None] = mapped_column(Text)  # a manager's, when lifted (policy 4.11)
    route: Mapped[str] = mapped_column(String(32))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reasons: Mapped[list[str]] = mapped_column(default=list)
    unread_since: Mapped[datetime | None]  # a later message no member of staff has opened yet
    victim_aware_and_agrees: Mapped[str] = mapped_column(String(16), default="not_asked")
    # Issue 15: the language the report was made in, the reporter's for contact, an interpreter (Interpreter).
    language: Mapped[str] = mapped_column(String(16), default="en")
    contact_language: Mapped[str | None] = mapped_column(String(35))
    interpreter: Mapped[str] = mapped_column(String(16), default="not_asked")

    partner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partner_organisations.id"), index=True)
    partner_user_id: Mapped[int | None]
    partner_case_reference: Mapped[str | None] = mapped_column(String(100))
    possibly_related_reference: Mapped[str | None] = mapped_column(String(20))

    partner_organisation: Mapped[PartnerOrganisation | None] = relationship()
    parties: Mapped[list[Party]] = relationship(back_populates="report", order_by="Party.id")
    consents: Mapped[list[Consent]] = relationship(back_populates="report", order_by="Consent.id")
    messages: Mapped[list[Message]] = relationship(back_populates="report", order_by="Message.received_at")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="report", order_by="Attachment.id")
    works: Mapped[list[Work]] = relationship(back_populates="report", order_by="Work.id")


# The report's columns of free text and its postcode, sealed under its own key (issue 16); the rest are
# codes and dates (and the postcode's outward code).
REPORT_WORDS = ("description", "occurred_text", "location", "responsible_description", "postcode")
# A party's details, sealed likewise; NAME_LIMIT and EMAIL_LIMIT bound what the core is given.
PARTY_DETAILS = ("name", "phone", "email", "address", "safe_times", "named_person")
NAME_LIMIT, PHONE_LIMIT, EMAIL_LIMIT = 200, 32, 320


class Party(ReportRecord, Base):
    """The reporter, or the victim when someone else reports for them, with safe contact details."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # Issue 16: every detail of the person is sealed under the report's key, bound to this row by
    # seal_token; equality look-ups go through the keyed digests (intake.sealing.finding) below.
    name_sealed: Mapped[str | None] = mapped_column("name", Text)  # at most NAME_LIMIT characters, as given
    name = SealedText[str | None]("name_sealed")
    phone_sealed: Mapped[str | None] = mapped_column("phone", Text)
    phone = SealedText[str | None]("phone_sealed")  # E.164 where it parsed
    email_sealed: Mapped[str | None] = mapped_column("email", Text)
    email = SealedText[str | None]("email_sealed")  # lower-cased
    address_sealed: Mapped[str | None] = mapped_column("address", Text)
    address = SealedText[str | None]("address_sealed")
    safe_methods: Mapped[list[str]] = mapped_column(default=list)
    safe_times_sealed: Mapped[str | None] = mapped_column("safe_times", Text)
    safe_times = SealedText[str | None]("safe_times_sealed")
    message_safe: Mapped[bool | None]
    named_person_sealed: Mapped[str | None] = mapped_column("named_person", Text)
    named_person = SealedText[str | None]("named_person_sealed")
    phone_index: Mapped[str | None] = mapped_column(String(80), index=True)
    email_index: Mapped[str | None] = mapped_column(String(80), index=True)
    name_index: Mapped[str | None] = mapped_column(String(80), index=True)
    named_person_index: Mapped[str | None] = mapped_column(String(80), index=True)
    postcode_index: Mapped[str | None] = mapped_column(String(80), index=True)  # the address's first postcode

    report: Mapped[Report] = relationship(back_populates="parties", lazy="joined")


class Consent(Base):
    """One consent, timestamped, attributed and withdrawable (policy 5.2 to 5.4)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    party_role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    given: Mapped[bool] = mapped_column(Boolean)  # what the consent gate reads: never true when not known
    basis: Mapped[str] = mapped_column(String(24), default="own")  # ConsentBasis: whose word it is
    reported: Mapped[str | None] = mapped_column(String(16))  # a third party's answer of the victim's wishes
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(64))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[str | None] = mapped_column(String(64))

    report: Mapped[Report] = relationship(back_populates="consents")


class Message(ReportRecord, Base):
    """A later message on a report, in the order received."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    inbound_item_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_items.id"))
    channel: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime]
    text_sealed: Mapped[str] = mapped_column("text", Text)
    text = SealedText[str]("text_sealed")

    # Loaded with the message, so its words open under the report's key even once the session is closed.
    report: Mapped[Report] = relationship(back_populates="messages", lazy="joined")


class Attachment(ReportRecord, Base):
    """A photo or document, stored under a generated name, served only as a download.

    Its name, which often carries a person's, is sealed under the report's key (issue 16), bound to
    this row by ``seal_token``. ``storage_name`` is a keyed digest of the content (equal bytes, one
    file), never its plain SHA-256, which would confirm that a known file is present.
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    filename_sealed: Mapped[str] = mapped_column("filename", Text)
    filename = SealedText[str]("filename_sealed")  # as the sender named it, sanitised
    content_type: Mapped[str] = mapped_column(String(100))  # sniffed from the content
    size: Mapped[int] = mapped_column(Integer)
    storage_name: Mapped[str] = mapped_column(String(100))

    # Loaded with the attachment, so its name opens under the report's key even once the session is closed.
    report: Mapped[Report] = relationship(back_populates="attachments", lazy="joined")


class Work(ReportRecord, Base):
    """Graffiti removal or an emergency repair, each due 24 hours after receipt (policy 4.10).

    Its cancel reason is sealed under the report's key (issue 16), bound to this row by ``seal_token``
    (given when a reason is first set: ``ReportRecord.ready_to_seal``).
    """

    __tablename__ = "works"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    due: Mapped[datetime] = mapped_column(index=True)  # monitoring counts works by period (issue 14)
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]  # no longer needed: a reason is kept (issue 19)
    cancelled_by: Mapped[str | None] = mapped_column(String(64))
    cancel_reason_sealed: Mapped[str | None] = mapped_column("cancel_reason", Text)
    cancel_reason = SealedText[str | None]("cancel_reason_sealed")

    # Loaded with the order, so its reason opens under the report's key even once the session is closed.
    report: Mapped[Report] = relationship(back_populates="works", lazy="joined")

    @property
    def outstanding(self) -> bool:
        """Neither done nor cancelled: the 24-hour clock still runs (policy 4.10)."""
        return self.completed_at is None and self.cancelled_at is None


def _with_its_report(row: Attachment | Work, context: Any) -> None:
    """A row loaded through its report's collection (``report.works``) is given that report, already in
    the session, without a statement: joined eager loading stops at the cycle back to the report, and
    the row's sealed value must still open under the report's key once the session is closed."""
    if "report" in row.__dict__:
        return
    report = context.session.identity_map.get(identity_key(Report, row.report_id))
    if report is not None:
        set_committed_value(row, "report", report)


event.listen(Attachment, "load", _with_its_report)
event.listen(Work, "load", _with_its_report)


class AuditEvent(Base):
    """Who did what to which report, and when. Never the report's content."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


# The longest recipient the outbox takes (an email address), as given: the column holds it sealed.
RECIPIENT_LIMIT = 320


class OutboxMessage(ReportRecordOrOwnKey, Base):
    """A message to send after commit: written with the change that causes it, sent once.

    Issue 16: the recipient and the body are sealed, under the report's key when the message is
    about one (so destroying it reaches the message), else under the row's own key; the recipient
    is found by ``recipient_index`` (``intake.outbox.contact_index``), never compared in clear.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # acknowledgement, staff_alert, reply, ...
    method: Mapped[str] = mapped_column(String(16))  # ContactMethod: email or sms
    recipient_sealed: Mapped[str] = mapped_column("recipient", Text)  # at most RECIPIENT_LIMIT, as given
    recipient = SealedText[str]("recipient_sealed")
    recipient_index: Mapped[str | None] = mapped_column(String(80), index=True)
    subject: Mapped[str | None] = mapped_column(String(255))
    body_sealed: Mapped[str] = mapped_column("body", Text)
    body = SealedText[str]("body_sealed")
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    provider_id: Mapped[str | None] = mapped_column(String(255), index=True)
    last_error: Mapped[str | None] = mapped_column(String(255))

    # Loaded with the message, so its words open under the report's key even once the session is closed.
    report: Mapped[Report | None] = relationship(lazy="joined")


class DeliveryEvent(Base):
    """A delivery status a provider reported for a sent message, once per (provider id, status)."""

    __tablename__ = "delivery_events"
    __table_args__ = (UniqueConstraint("provider_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]


class ContactOptOut(Base):
    """A number or address that asked for no messages: nothing is ever sent to it.

    Issue 16: ``address`` is a blind index of the number (E.164) or address (lower-cased), never
    the address (``intake.outbox.contact_index``); rows from before hold it plain and still match.
    """

    __tablename__ = "contact_opt_outs"
    __table_args__ = (UniqueConstraint("method", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320))
    opted_out: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime]
