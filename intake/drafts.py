"""What a channel hands the core: plain values, no provider words.

A channel fills a ``ReportDraft`` (or a ``MessageDraft`` for a later message) from what
arrived, with the raw bytes and the channel's unique key for them, and calls one service
function. The core checks and normalises the draft; what it cannot normalise it keeps
and flags for review rather than refusing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from intake.vocabulary import Answer, ConsentBasis, answer_of

if TYPE_CHECKING:
    from intake.ports import ChannelRecords


class DraftError(ValueError):
    """The draft cannot be stored at all (no channel, no unique key): a bug in the caller."""


@dataclass(frozen=True)
class Inbound:
    """The raw inbound item, as received, under the channel's unique key.

    ``key`` is unique within the channel: a Twilio MessageSid, mailbox + UIDVALIDITY + UID,
    a web form's one-time token, a partner's Idempotency-Key.
    """

    channel: str
    key: str
    raw: bytes
    content_type: str = "application/octet-stream"
    received_at: datetime | None = None  # the channel's own receipt time, if it has one
    also_keys: tuple[str, ...] = ()  # other unique keys for the same item (an email's Message-ID)


@dataclass(frozen=True)
class Contact:
    """How to reach one party, and how it is safe to."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    safe_methods: tuple[str, ...] = ()  # ContactMethod codes
    safe_times: str | None = None
    message_safe: bool | None = None  # may we leave a voicemail or message
    named_person: str | None = None  # "through a named person"
    anonymous: bool = False


@dataclass(frozen=True)
class ConsentDraft:
    """One consent as recorded at intake: who gave it, and who recorded it."""

    kind: str  # ConsentKind code
    given: bool
    party: str = "victim"  # PartyRole code: whose consent
    recorded_by: str = "reporter"  # attribution: "reporter", "partner_user:12", ...
    basis: str = ConsentBasis.OWN  # ConsentBasis code: never "own" when a third party records it
    reported: Answer | None = None  # what a third party said of the victim's wishes, kept as said

    def __post_init__(self) -> None:
        if self.reported is not None:
            object.__setattr__(self, "reported", answer_of(self.reported))


@dataclass(frozen=True)
class AttachmentDraft:
    filename: str
    content: bytes
    declared_type: str | None = None


# The yes/no questions every channel may ask, by name: kept as said (issue 19).
SAFETY_ANSWERS = (  # policy 4.4 and 4.10
    "injury",
    "children_affected",
    "threat_to_life",
    "feels_unsafe_at_home",
    "damage_needing_repair",
    "graffiti_to_remove",
)
RESPONSIBLE_ANSWERS = ("known_to_victim", "lives_nearby", "is_tenant", "is_staff")  # policy 4.7, 4.8, 4.11


@dataclass(frozen=True)
class SafetyFlags:
    """Answers that drive triage (policy 4.4, 4.10)."""

    injury: Answer = Answer.NOT_ASKED
    children_affected: Answer = Answer.NOT_ASKED
    threat_to_life: Answer = Answer.NOT_ASKED
    feels_unsafe_at_home: Answer = Answer.NOT_ASKED
    damage_needing_repair: Answer = Answer.NOT_ASKED
    graffiti_to_remove: Answer = Answer.NOT_ASKED

    def __post_init__(self) -> None:
        _as_answers(self, SAFETY_ANSWERS)

    def says_yes(self, name: str) -> bool:
        """Only "yes" is a sign (policy 4.4, 4.10): "not sure" is asked about, not acted on as yes."""
        return bool(getattr(self, name) is Answer.YES)


@dataclass(frozen=True)
class ResponsiblePerson:
    """What is known of the person responsible, each answer as said ("not asked" when nobody said)."""

    known_to_victim: Answer = Answer.NOT_ASKED
    lives_nearby: Answer = Answer.NOT_ASKED
    is_tenant: Answer = Answer.NOT_ASKED
    is_staff: Answer = Answer.NOT_ASKED
    description: str | None = None

    def __post_init__(self) -> None:
        _as_answers(self, RESPONSIBLE_ANSWERS)


def _as_answers(answers: Any, names: tuple[str, ...]) -> None:
    """Booleans (and None) from older callers become answers, so every draft holds one kind of value."""
    for name in names:
        object.__setattr__(answers, name, answer_of(getattr(answers, name)))


@dataclass(frozen=True)
class Acknowledgement:
    """Send the reference back to the reporter by this method, if they marked it safe."""

    method: str  # ContactMethod code: email or sms
    recipient: str
    headers: tuple[tuple[str, str], ...] = ()  # e.g. In-Reply-To, for threading
    message_id: str | None = None  # the id the message will carry, kept so replies can be threaded


@dataclass(frozen=True)
class ReportDraft:
    """One report as a channel understood it, before the core checks it."""

    inbound: Inbound
    reporter_role: str = "unknown"
    description: str = ""
    characteristics: tuple[str, ...] = ()
    incident_types: tuple[str, ...] = ()
    occurred_at: datetime | None = None
    occurred_text: str | None = None
    occurred_date_only: bool = False  # a day given without a time: shown as a date, never as midnight
    location: str | None = None
    postcode: str | None = None
    location_withheld: bool = False
    safety: SafetyFlags = field(default_factory=SafetyFlags)
    responsible: ResponsiblePerson = field(default_factory=ResponsiblePerson)
    reporter: Contact | None = None
    victim: Contact | None = None  # only when different from the reporter
    victim_aware_and_agrees: Answer = Answer.NOT_ASKED  # third-party reports, policy 4.5
    consents: tuple[ConsentDraft, ...] = ()
    attachments: tuple[AttachmentDraft, ...] = ()
    partner_organisation_id: int | None = None
    partner_user_id: int | None = None
    partner_case_reference: str | None = None
    possibly_related_reference: str | None = None
    review_reasons: tuple[str, ...] = ()  # what the channel could not make sense of
    acknowledgement: Acknowledgement | None = None
    language: str = "en"  # the language the report was made in (issue 15): its acknowledgement's too
    contact_language: str | None = None  # the reporter's preferred language for contact, if asked
    interpreter: str = "not_asked"  # Interpreter code

    def __post_init__(self) -> None:
        _as_answers(self, ("victim_aware_and_agrees",))


@dataclass(frozen=True)
class MessageDraft:
    """A later message on an existing report, from the same or another channel."""

    inbound: Inbound
    report_reference: str
    text: str = ""
    sender: Contact | None = None
    attachments: tuple[AttachmentDraft, ...] = ()
    review_reasons: tuple[str, ...] = ()


Media = tuple[tuple[str, str | None], ...]  # files a provider holds for us: (url, declared type)


@dataclass(frozen=True)
class AutoReply:
    """The reply a channel sends its sender, recorded with the item, so a provider's retry gets the same."""

    address: str
    method: str  # ContactMethod code: an opt-out by it silences the reply
    limit: int  # replies per sender per clock hour
    wording: Callable[[str | None, bool], str]  # (reference, joined an existing report) -> text, '' for none


@dataclass(frozen=True)
class Received:
    """An item that may continue a report, for ``intake.receive``: the core decides which.

    ``report`` is what to start when it continues none. The sender joins an existing report
    only as a party to it (policy 5.5, 7.1); ``sender_authenticated`` is the channel's word that
    the sender's address is not forged (a text's number, an email domain that passed).
    """

    report: ReportDraft
    sender: Contact
    sender_authenticated: bool = False
    sender_organisation_id: int | None = None  # the partner organisation that invited the sender, if any
    quotes: tuple[str, ...] = ()  # references found in what they wrote
    replies_to: tuple[str, ...] = ()  # ids of our messages it answers (an email's In-Reply-To)
    conversation_window: timedelta | None = None  # a later item this soon after the sender's last joins its report
    joins_closed: bool = True  # False: a closed report is not continued, a new one starts
    media: Media = ()  # provider-held files, fetched later
    answer: AutoReply | None = None
    records: ChannelRecords | None = None  # the channel's own records: media, replies, conversations
