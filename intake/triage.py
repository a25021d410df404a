"""Triage on arrival: pure rules over plain values, each citing the policy clause it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake.clock import WorkingCalendar, response_due, works_due
from intake.drafts import ResponsiblePerson, SafetyFlags
from intake.vocabulary import Answer, Category, Priority, Route, WorkKind


@dataclass(frozen=True)
class WorkDue:
    kind: WorkKind
    due: datetime


@dataclass(frozen=True)
class Triage:
    """What the rules decide for one report when it arrives."""

    category: Category
    priority: Priority
    response_due: datetime
    works: tuple[WorkDue, ...]
    safeguarding: bool
    risk_assessment_required: bool
    alert_staff: bool
    restricted: bool
    route: Route


def triage(
    received_at: datetime,
    safety: SafetyFlags,
    responsible: ResponsiblePerson,
    calendar: WorkingCalendar,
) -> Triage:
    """Triage one report. Every report is accepted as a hate incident on intake (policy 4.3)."""
    safeguarding = has_safeguarding_signs(safety)
    return Triage(
        category=Category.ASB_SERIOUS_HIGH_RISK,  # policy 4.1: every report, on intake
        priority=Priority.IMMEDIATE if safeguarding else Priority.STANDARD,
        response_due=response_due(received_at, calendar),  # policy 4.1
        works=works_needed(received_at, safety),
        safeguarding=safeguarding,
        risk_assessment_required=safeguarding,  # policy 4.4
        alert_staff=safeguarding,  # policy 4.4
        restricted=responsible.is_staff is Answer.YES,  # policy 4.11
        route=route_for(responsible),
    )


SAFEGUARDING_ANSWERS = ("injury", "children_affected", "threat_to_life", "feels_unsafe_at_home")


def has_safeguarding_signs(safety: SafetyFlags) -> bool:
    """Policy 4.4: injury, children at risk, threats to life, or feeling unsafe at home."""
    return any(safety.says_yes(name) for name in SAFEGUARDING_ANSWERS)


def works_needed(received_at: datetime, safety: SafetyFlags) -> tuple[WorkDue, ...]:
    """Policy 4.10: offensive graffiti removed, and repairs done as emergencies, within 24 hours."""
    due = works_due(received_at)
    works = []
    if safety.says_yes("graffiti_to_remove"):
        works.append(WorkDue(WorkKind.GRAFFITI_REMOVAL, due))
    if safety.says_yes("damage_needing_repair"):
        works.append(WorkDue(WorkKind.EMERGENCY_REPAIR, due))
    return tuple(works)


def route_for(responsible: ResponsiblePerson) -> Route:
    """Who leads on the person responsible.

    Staff: internal disciplinary procedures (policy 4.11). A tenant: tenancy enforcement
    (policy 4.7). Someone not linked to our properties: decided with partners (policy 4.8).
    """
    if responsible.is_staff is Answer.YES:
        return Route.INTERNAL_DISCIPLINARY
    if responsible.is_tenant is Answer.YES:
        return Route.TENANCY_ENFORCEMENT
    if responsible.is_tenant is Answer.NO:
        return Route.PARTNER_LED
    return Route.TO_BE_DECIDED
