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


class Interpreter(StrEnum):
    """Whether the reporter needs an interpreter to be contacted (issue 15); never asked is not "no"."""

    NONE = "none"
    SPOKEN = "spoken"  # in their preferred contact language
    BSL = "bsl"  # British Sign Language
    NOT_ASKED = "not_asked"


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


# Casework: staff roles, case states and the words of a decision (was intake/staff/vocabulary.py).
class Role(StrEnum):
    TRIAGE_OFFICER = "triage_officer"
    CASE_OFFICER = "case_officer"
    MANAGER = "manager"
    ADMIN = "admin"  # manages staff accounts; sees no reports


CASEWORK = (Role.TRIAGE_OFFICER, Role.CASE_OFFICER, Role.MANAGER)
CASE_HANDLING = (Role.CASE_OFFICER, Role.MANAGER)
MANAGERS = (Role.MANAGER,)
ADMINS = (Role.ADMIN,)


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class FirstContact(StrEnum):
    """Policy 4.1: a response is contact made, or attempted; or, when nobody can be contacted
    (anonymous, or no safe method), the report reviewed and what was done instead (issue 19)."""

    MADE = "made"
    ATTEMPTED = "attempted"
    NO_SAFE_WAY = "no_safe_way"


NO_METHOD = "none"  # the method stored with "reviewed; no safe way to contact"


class ResponseMethod(StrEnum):
    """How staff made the first response: every ``ContactMethod`` plus in person (policy 4.1).

    Kept as its own list so the form offers in person where the policy lists it; a unit test holds it
    to ``ContactMethod`` so the two cannot drift apart.
    """

    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    THROUGH_NAMED_PERSON = "through_named_person"


class DowngradeReason(StrEnum):
    """Policy 4.3: the only two reasons a report stops being treated as a hate incident."""

    PROVEN_OTHERWISE = "proven_otherwise"
    WHOLLY_UNREASONABLE = "wholly_unreasonable"


class RiskLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    STANDARD = "standard"


class ContactFrequency(StrEnum):
    DAILY = "daily"
    TWICE_WEEKLY = "twice_weekly"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class DisclosureKind(StrEnum):
    """Actions that share information outside the landlord (policy 5.2 to 5.4)."""

    POLICE_REPORT = "police_report"  # policy 5.3
    MULTI_AGENCY_PANEL = "multi_agency_panel"  # policy 5.2
    PARTNER_SHARING = "partner_sharing"  # policy 5.4


# The victim's consent each disclosure needs.
CONSENT_NEEDED = {
    DisclosureKind.POLICE_REPORT: ConsentKind.SHARE_WITH_POLICE,
    DisclosureKind.MULTI_AGENCY_PANEL: ConsentKind.MULTI_AGENCY_PANEL,
    DisclosureKind.PARTNER_SHARING: ConsentKind.SHARE_WITH_PARTNERS,
}


class DisclosureBasis(StrEnum):
    CONSENT = "consent"
    SAFEGUARDING = "safeguarding"  # a manager's recorded reason, policy 5.4


class ActionKind(StrEnum):
    SAFEGUARDING_REFERRAL = "safeguarding_referral"  # policy 4.4
    VICTIM_SUPPORT_REFERRAL = "victim_support_referral"  # policy 4.4
    PERPETRATOR_SUPPORT_REFERRAL = "perpetrator_support_referral"  # policy 4.9
    TENANCY_ACTION = "tenancy_action"  # policy 4.7, a tenant perpetrator
    SECURITY_MEASURES = "security_measures"  # policy 4.10


class EntryKind(StrEnum):
    NOTE = "note"
    CONTACT = "contact"
    STATUS = "status"  # closed or reopened, with the reason


class Outcome(StrEnum):
    """How a case ended."""

    RESOLVED = "resolved"
    ENFORCEMENT_TAKEN = "enforcement_taken"
    REFERRED_TO_PARTNER = "referred_to_partner"
    NO_FURTHER_ACTION = "no_further_action"
    VICTIM_WITHDREW = "victim_withdrew"
    UNABLE_TO_CONTACT = "unable_to_contact"
