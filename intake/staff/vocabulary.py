"""Code lists for staff work, named in the policy's words. Stored values; labels live in forms."""

from __future__ import annotations

from enum import StrEnum

from intake.vocabulary import ConsentKind


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
