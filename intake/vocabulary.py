"""Code lists: the stable identifiers every channel and every export uses.

Labels for people live in templates; these are the values stored and exported.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    WEB = "web"
    SMS = "sms"
    EMAIL = "email"
    PARTNER = "partner"
    ASSISTED = "assisted"  # taken by staff by telephone or in person, policy 4.2


class ReporterRole(StrEnum):
    """Policy 4.5: victims, witnesses and third parties reporting on their behalf."""

    VICTIM = "victim"
    WITNESS = "witness"
    THIRD_PARTY = "third_party"
    UNKNOWN = "unknown"


class Characteristic(StrEnum):
    """Policy 2.1: what the hostility is perceived to be based on, by the victim or anyone else."""

    RACE = "race"  # race, colour, ethnicity or nationality
    RELIGION = "religion"
    DISABILITY = "disability"
    AGE = "age"
    SEX = "sex"
    SEXUAL_ORIENTATION = "sexual_orientation"
    TRANSGENDER = "transgender"
    ALTERNATIVE_SUBCULTURE = "alternative_subculture"
    OTHER = "other"
    NOT_SURE = "not_sure"


# The five strands the police monitor, which feed the regulator's tenant satisfaction measure.
MONITORED_STRANDS = frozenset(
    {
        Characteristic.RACE,
        Characteristic.RELIGION,
        Characteristic.DISABILITY,
        Characteristic.SEXUAL_ORIENTATION,
        Characteristic.TRANSGENDER,
    }
)


class IncidentType(StrEnum):
    """Policy 2.2: the forms a hate incident may take."""

    VERBAL_ABUSE = "verbal_abuse"
    ASSAULT = "assault"
    VANDALISM_OR_ARSON = "vandalism_or_arson"
    GRAFFITI_OR_LITERATURE = "graffiti_or_literature"
    THREATS = "threats"
    OTHER = "other"


class Category(StrEnum):
    """Policy 4.1: every report enters the ASB serious/high-risk category."""

    ASB_SERIOUS_HIGH_RISK = "asb_serious_high_risk"
    ASB_STANDARD = "asb_standard"
    NOT_ASB = "not_asb"


class Priority(StrEnum):
    IMMEDIATE = "immediate"  # safeguarding signs, policy 4.4
    STANDARD = "standard"


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    CLOSED = "closed"


class WorkKind(StrEnum):
    """Policy 4.10: works with a 24-hour clock."""

    GRAFFITI_REMOVAL = "graffiti_removal"
    EMERGENCY_REPAIR = "emergency_repair"


class Route(StrEnum):
    """Who leads on the person responsible (policy 4.7, 4.8, 4.11)."""

    TENANCY_ENFORCEMENT = "tenancy_enforcement"
    PARTNER_LED = "partner_led"
    INTERNAL_DISCIPLINARY = "internal_disciplinary"
    TO_BE_DECIDED = "to_be_decided"


class PartyRole(StrEnum):
    REPORTER = "reporter"
    VICTIM = "victim"


class ContactMethod(StrEnum):
    """Ways a party may have marked safe to be contacted."""

    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    THROUGH_NAMED_PERSON = "through_named_person"


class ConsentKind(StrEnum):
    """Consents the victim gives (policy 5.2 to 5.4)."""

    CONTACT = "contact"
    SHARE_WITH_POLICE = "share_with_police"
    SHARE_WITH_PARTNERS = "share_with_partners"
    MULTI_AGENCY_PANEL = "multi_agency_panel"


class InboundDisposition(StrEnum):
    """What became of one stored inbound item."""

    NEW_REPORT = "new_report"
    ADDED_TO_REPORT = "added_to_report"
    AUTO_REPLY = "auto_reply"
    OPT_OUT = "opt_out"
    ENQUIRY = "enquiry"  # a status or help request: answered, never a report


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; shown to staff, never silently dropped


class Answer(StrEnum):
    """One answer to a yes/no question, kept as said: "not sure" and "rather not say" are not "no",
    and a question never asked is not answered (issue 19). Only "yes" is a sign for triage."""

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"
    RATHER_NOT_SAY = "rather_not_say"
    NOT_ASKED = "not_asked"


def answer_of(value: Answer | bool | str | None) -> Answer:
    """An answer from what a channel had: a code, or a boolean as older callers send (None: not asked)."""
    if value is None:
        return Answer.NOT_ASKED
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    return Answer(value)


class ConsentBasis(StrEnum):
    """Whose word a consent is (policy 5.2 to 5.4): only the party's own, or wishes a third party
    reported while the victim knows and agrees, can be consent given; "not known" never is."""

    OWN = "own"
    REPORTED_WISHES = "reported_wishes"
    NOT_KNOWN = "not_known"  # consent not known (reported by a third party)


def codes(enum: type[StrEnum]) -> frozenset[str]:
    """The stored values of a code list."""
    return frozenset(member.value for member in enum)
