"""Triage rules from DESIGN.md's table, each from its policy clause."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from intake.clock import WorkingCalendar
from intake.drafts import ResponsiblePerson, SafetyFlags
from intake.triage import triage
from intake.vocabulary import Category, Priority, Route, WorkKind

CALENDAR = WorkingCalendar(ZoneInfo("Europe/London"), time(17, 0), "ENG")
RECEIVED = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def decide(safety: SafetyFlags = SafetyFlags(), responsible: ResponsiblePerson = ResponsiblePerson()):  # noqa: B008
    return triage(RECEIVED, safety, responsible, CALENDAR)


def test_every_report_enters_the_serious_high_risk_category() -> None:  # policy 4.1
    decided = decide()
    assert decided.category is Category.ASB_SERIOUS_HIGH_RISK
    assert decided.priority is Priority.STANDARD
    assert decided.response_due == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    assert decided.works == ()


def test_graffiti_and_damage_start_24_hour_works_clocks() -> None:  # policy 4.10
    decided = decide(SafetyFlags(graffiti_to_remove=True, damage_needing_repair=True))
    assert [(w.kind, w.due) for w in decided.works] == [
        (WorkKind.GRAFFITI_REMOVAL, RECEIVED + timedelta(hours=24)),
        (WorkKind.EMERGENCY_REPAIR, RECEIVED + timedelta(hours=24)),
    ]
    assert decided.priority is Priority.STANDARD


def test_each_safeguarding_sign_makes_the_report_immediate() -> None:  # policy 4.4
    for flag in ("injury", "children_affected", "threat_to_life", "feels_unsafe_at_home"):
        decided = decide(SafetyFlags(**{flag: True}))
        assert decided.priority is Priority.IMMEDIATE, flag
        assert decided.alert_staff and decided.risk_assessment_required and decided.safeguarding


def test_staff_as_person_responsible_restricts_the_report() -> None:  # policy 4.11
    decided = decide(responsible=ResponsiblePerson(is_staff=True, is_tenant=True))
    assert decided.restricted
    assert decided.route is Route.INTERNAL_DISCIPLINARY


def test_tenant_responsible_goes_to_tenancy_enforcement() -> None:  # policy 4.7
    assert decide(responsible=ResponsiblePerson(is_tenant=True)).route is Route.TENANCY_ENFORCEMENT


def test_someone_not_linked_to_our_homes_is_partner_led() -> None:  # policy 4.8
    assert decide(responsible=ResponsiblePerson(is_tenant=False)).route is Route.PARTNER_LED


def test_unknown_person_responsible_is_left_to_staff() -> None:
    decided = decide()
    assert decided.route is Route.TO_BE_DECIDED
    assert not decided.restricted
