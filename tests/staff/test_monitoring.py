"""Monitoring (issue 14): exact figures from hand-built cases (tests/staff/monitoring_fixture.py),
every count opening its list, the downloads, and who may see them."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.models import AuditEvent
from intake.monitoring import service
from intake.monitoring.periods import financial_year, month, period_of, quarter
from intake.monitoring.reviews import ReviewRule
from tests.conftest import FixedClock
from tests.staff.conftest import client_for, page, sign_in
from tests.staff.monitoring_fixture import Built, build

YEAR = financial_year(date(2026, 4, 1))
RULE = ReviewRule(weeks=4, working_days=3)


@pytest.fixture
def built(intake: Intake, staff_app: Flask, clock: FixedClock) -> Built:
    return build(intake, staff_app, clock)


def _figures(intake: Intake, built: Built, period: object = YEAR, include_restricted: bool = True) -> service.Figures:
    return service.view_figures(
        intake,
        built.manager.user,
        period,  # type: ignore[arg-type]
        RULE,
        include_restricted=include_restricted,
    )


def _rows(figures: service.Figures, name: str) -> dict[str, tuple[int, ...]]:
    table = figures.tables[name]
    rows = {row.key: row.counts for row in table.rows}
    rows["total"] = table.totals
    return rows


def test_reports_and_cases_in_the_financial_year(intake: Intake, built: Built) -> None:
    figures = _figures(intake, built)
    assert _rows(figures, "channel") == {
        "web": (6, 5),
        "sms": (2, 1),
        "email": (2, 1),
        "partner": (1, 1),
        "assisted": (1, 1),
        "total": (12, 9),
    }
    assert _rows(figures, "reporter_role") == {
        "victim": (8, 7),
        "witness": (2, 1),
        "third_party": (1, 1),
        "unknown": (1, 0),
        "total": (12, 9),
    }
    assert _rows(figures, "partner_kind") == {"advice_centre": (1, 1), "total": (1, 1)}
    assert _rows(figures, "anonymity") == {
        "anonymous": (1, 0),
        "gave_details": (4, 3),
        "no_reporter_recorded": (7, 6),
        "total": (12, 9),
    }
    assert _rows(figures, "area") == {
        "M1": (4, 3),
        "M14": (4, 3),
        "M20": (2, 2),
        "none": (2, 1),
        "total": (12, 9),
    }
    assert _rows(figures, "restricted_reports") == {"restricted": (1,), "not_restricted": (11,), "total": (12,)}
    assert _rows(figures, "restricted_cases") == {"restricted": (1,), "not_restricted": (8,), "total": (9,)}


def test_characteristics_strands_and_incident_types(intake: Intake, built: Built) -> None:
    figures = _figures(intake, built)
    characteristics = _rows(figures, "characteristic")
    assert {key: counts for key, counts in characteristics.items() if counts != (0, 0)} == {
        "race": (5, 4),
        "religion": (2, 2),
        "disability": (1, 1),
        "sexual_orientation": (1, 1),
        "transgender": (2, 1),
        "age": (1, 1),
        "other": (1, 1),
        "total": (12, 9),
    }
    assert _rows(figures, "monitored_strands") == {
        "disability": (1, 1),
        "race": (5, 4),
        "religion": (2, 2),
        "sexual_orientation": (1, 1),
        "transgender": (2, 1),
        "any_monitored": (9, 7),
        "total": (12, 9),
    }
    assert _rows(figures, "incident_type") == {
        "verbal_abuse": (3, 3),
        "assault": (2, 1),
        "vandalism_or_arson": (1, 1),
        "graffiti_or_literature": (3, 2),
        "threats": (2, 2),
        "other": (1, 1),
        "total": (12, 9),
    }


def test_every_clock_met_missed_or_running(intake: Intake, built: Built) -> None:
    """Easter skipped (A met), a minute late (C missed), never answered (W, closed; I, open), running (S)."""
    figures = _figures(intake, built)
    assert _rows(figures, "first_response") == {"met": (8,), "missed": (3,), "running": (1,), "total": (12,)}
    assert _rows(figures, "graffiti_removal") == {
        "met": (1,),
        "missed": (1,),
        "running": (0,),
        "cancelled": (0,),
        "total": (4,),
    }
    assert _rows(figures, "emergency_repair") == {
        "met": (0,),
        "missed": (1,),
        "running": (0,),
        "cancelled": (1,),
        "total": (4,),
    }
    assert figures.response.responded == 9
    assert figures.response.median_hours == 6.0  # 2, 3, 4, 5, 6, 7, 9.5, 31.02, 126.98
    assert figures.response.p90_hours == pytest.approx(126 + 59 / 60)
    officer = built.officer.user.id
    overdue = figures.tables["overdue_by_officer"]
    assert [(row.key, row.name, row.counts) for row in overdue.rows] == [(str(officer), "Priya Shah", (1,))]


def test_outcomes_decisions_risk_and_sharing(intake: Intake, built: Built) -> None:
    figures = _figures(intake, built)
    outcomes = {key: counts for key, counts in _rows(figures, "outcome").items() if counts != (0,)}
    assert outcomes == {"enforcement_taken": (1,), "no_further_action": (1,), "total": (2,)}  # D was reopened
    assert _rows(figures, "category") == {
        "asb_serious_high_risk": (8,),
        "asb_standard": (0,),
        "not_asb": (1,),
        "total": (9,),
    }
    assert _rows(figures, "downgrade_reason") == {"proven_otherwise": (1,), "wholly_unreasonable": (0,), "total": (1,)}
    assert _rows(figures, "risk_level") == {"high": (1,), "medium": (1,), "standard": (0,), "none": (7,), "total": (9,)}
    disclosures = {key: counts for key, counts in _rows(figures, "disclosure").items() if counts != (0,)}
    assert disclosures == {"police_report:safeguarding": (1,), "partner_sharing:consent": (1,), "total": (2,)}
    referrals = {key: counts for key, counts in _rows(figures, "referral").items() if counts != (0,)}
    assert referrals == {"safeguarding_referral": (1,), "tenancy_action": (1,), "total": (2,)}


def test_repeat_victims_and_locations_within_the_period(intake: Intake, built: Built, staff_app: Flask) -> None:
    """B and A by phone (W's report, a witness's, and P's, the year before, not counted); D and H by email
    whatever its case; three postcodes twice each. Persons responsible are free text: not counted."""
    refs, manager = built.refs, built.manager.user
    figures = _figures(intake, built)
    assert figures.repeated == {"repeat_victims": 2, "repeat_locations": 3, "repeat_responsible": None}
    assert _rows(figures, "repeats") == {
        "repeat_victims": (4,),
        "repeat_locations": (6,),
        "repeat_responsible": (0,),
        "total": (12,),
    }
    earlier = _figures(intake, built, financial_year(date(2025, 6, 1)))
    assert earlier.repeated["repeat_victims"] == 0 and _rows(earlier, "repeats")["repeat_victims"] == (0,)

    def listed(key: str, restricted: bool = True) -> list[str]:
        rows = service.view_list(intake, manager, YEAR, "repeats", "reports", key, include_restricted=restricted)
        return [row.reference for row in rows]

    assert listed("repeat_victims") == [refs[k] for k in ("B", "A", "D", "H")]
    assert listed("repeat_locations") == [refs[k] for k in ("B", "A", "E", "W", "F", "H")]
    assert listed("repeat_locations", restricted=False) == [refs[k] for k in ("B", "A", "E", "W", "H")]
    assert listed("repeat_responsible") == []
    client = staff_app.test_client()
    sign_in(client, intake, built.manager)
    text = page(client, "/staff/monitoring")
    assert "Not counted: the person responsible is recorded only as free text" in text
    download = client.get("/staff/monitoring/download/repeats.csv").get_data(as_text=True)
    assert "repeats,repeat_victims,4" in download
    for shown in (text, download, client.get("/staff/monitoring/download/all.csv").get_data(as_text=True)):
        assert "+447700900123" not in shown and "example.org" not in shown.lower() and "7700" not in shown


def test_nm01_from_the_homes_count_on_or_before_the_year_end(intake: Intake, built: Built) -> None:
    figures = _figures(intake, built)
    assert figures.nm01.year == "2026-27"
    assert figures.nm01.cases == 8  # nine opened; G moved out of the hate category
    assert figures.nm01.homes is not None and figures.nm01.homes.total == 2500
    assert figures.nm01.rate == Decimal("3.20")
    earlier = _figures(intake, built, financial_year(date(2025, 6, 1)))
    assert (earlier.nm01.year, earlier.nm01.cases, earlier.nm01.rate) == ("2025-26", 1, Decimal("0.40"))
    assert _rows(earlier, "channel")["total"] == (1, 1)  # P: 23:30 BST on 31 March
    assert _rows(earlier, "outcome")["resolved"] == (1,)


def test_quarters_months_and_the_trend(intake: Intake, built: Built) -> None:
    assert _rows(_figures(intake, built, quarter(date(2026, 5, 1))), "channel")["total"] == (4, 4)  # B, A, C, D
    assert _rows(_figures(intake, built, month(date(2026, 11, 1))), "channel")["total"] == (3, 2)  # H, I, S
    custom = period_of("custom", date(2026, 7, 15), date(2026, 7, 16))
    assert _rows(_figures(intake, built, custom), "channel")["total"] == (2, 1)  # E and W
    figures = _figures(intake, built)
    trend = [(m.month.month, m.reports, m.cases) for m in figures.months]
    assert trend == [
        (4, 2, 2),
        (5, 1, 1),
        (6, 1, 1),
        (7, 2, 1),
        (8, 0, 0),
        (9, 1, 1),
        (10, 2, 1),
        (11, 3, 2),
        (12, 0, 0),
        (1, 0, 0),
        (2, 0, 0),
        (3, 0, 0),
    ]
    m1 = next(row for row in figures.areas if row.area == "M1")
    assert m1.counts == (1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)


def test_case_review_list_and_a_review_taking_a_case_off(intake: Intake, built: Built) -> None:
    refs = built.refs
    listed = {due.reference: due.reasons for due in _figures(intake, built).reviews}
    assert listed == {
        refs["A"]: ("no_risk_assessment", "not_reviewed"),
        refs["C"]: ("no_risk_assessment", "not_reviewed"),
        refs["D"]: ("no_contact", "not_reviewed"),
        refs["F"]: ("no_risk_assessment", "not_reviewed"),
        refs["H"]: ("no_risk_assessment",),
    }
    hidden = {due.reference for due in _figures(intake, built, include_restricted=False).reviews}
    assert refs["F"] not in hidden
    service.record_review(intake, built.manager.user, refs["H"], date(2026, 11, 26), "Chased", include_restricted=True)
    assert refs["H"] not in {due.reference for due in _figures(intake, built).reviews}


def test_every_count_opens_its_list(intake: Intake, built: Built) -> None:
    refs, manager = built.refs, built.manager.user

    def listed(name: str, base: str, key: str, restricted: bool = True) -> list[str]:
        rows = service.view_list(intake, manager, YEAR, name, base, key, include_restricted=restricted)
        return [row.reference for row in rows]

    assert listed("first_response", "reports", "missed") == [refs["C"], refs["W"], refs["I"]]
    assert listed("area", "reports", "M1") == [refs["B"], refs["C"], refs["F"], refs["R"]]
    assert listed("area", "reports", "M1", restricted=False) == [refs["B"], refs["C"], refs["R"]]
    assert listed("restricted_cases", "cases", "restricted") == [refs["F"]]
    assert listed("restricted_cases", "cases", "restricted", restricted=False) == []
    assert listed("category", "cases", "asb_serious_high_risk") == [
        refs[k] for k in ("B", "A", "C", "D", "E", "F", "H", "I")
    ]
    assert listed("overdue_by_officer", "overdue", str(built.officer.user.id)) == [refs["I"]]
    assert listed("emergency_repair", "works", "missed") == [refs["D"]]
    with intake.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor == manager.actor)).all()
    assert actions.count("monitoring_list_viewed") == 8


def test_the_pages_and_downloads_for_a_manager(intake: Intake, built: Built, staff_app: Flask) -> None:
    client = staff_app.test_client()
    sign_in(client, intake, built.manager)
    text = page(client, "/staff/monitoring")
    assert "Financial year 2026-27" in text
    assert "Rate per 1,000 homes 3.20" in text
    listed = page(
        client, "/staff/monitoring/list?table=first_response&base=reports&key=missed&period=year&on=2026-04-01"
    )
    assert built.refs["C"] in listed and built.refs["I"] in listed and built.refs["A"] not in listed
    response = client.get("/staff/monitoring/download/channel.csv?period=year&on=2026-04-01")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["period_start", "period_end", "table", "row", "reports_received", "cases_opened"]
    assert ["2026-04-01", "2027-03-31", "channel", "total", "12", "9"] in rows
    published = client.get("/staff/monitoring/download/publication.csv").get_data(as_text=True)
    assert "channel,web,reports_received,6" in published
    assert "channel,sms,reports_received,<5" in published
    assert "overdue_by_officer" not in published and "Priya" not in published
    nm01 = list(csv.reader(io.StringIO(client.get("/staff/monitoring/download/nm01.csv").get_data(as_text=True))))
    assert nm01[1][0] == "NM01(2)" and nm01[1][2:] == ["2026-27", "8", "2000", "500", "2500", "2026-03-31", "3.20"]
    with intake.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor == built.manager.user.actor))
        downloads = [action for action in actions if action.startswith("monitoring_")]
    assert downloads.count("monitoring_downloaded") == 3
    assert downloads.count("monitoring_viewed") == 1


def test_recording_a_review_through_the_page(intake: Intake, built: Built, staff_app: Flask) -> None:
    client = staff_app.test_client()
    sign_in(client, intake, built.manager)
    reference = built.refs["A"]
    page(client, f"/staff/monitoring/reviews/{reference}")
    data = {"reviewed_on": "2026-11-26", "note": ""}
    assert "Write what the review found" in page(
        client, f"/staff/monitoring/reviews/{reference}", 400, method="post", data=data
    )
    data["note"] = "Risk assessment booked"
    page(client, f"/staff/monitoring/reviews/{reference}", 302, method="post", data=data)
    assert reference not in {due.reference for due in _figures(intake, built).reviews}


@pytest.mark.parametrize("role", ["triage_officer", "case_officer", "admin"])
def test_only_managers_reach_monitoring(intake: Intake, built: Built, staff_app: Flask, role: str) -> None:
    client, _ = client_for(staff_app, intake, role)
    for url in (
        "/staff/monitoring",
        "/staff/monitoring/list?table=restricted_cases&base=cases&key=restricted",
        "/staff/monitoring/download/all.csv",
        "/staff/monitoring/download/publication.csv",
        "/staff/monitoring/download/nm01.csv",
        f"/staff/monitoring/reviews/{built.refs['F']}",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert built.refs["F"] not in response.get_data(as_text=True)


def test_an_admin_enters_homes_counts_and_keeps_their_history(
    intake: Intake, staff_app: Flask, clock: FixedClock
) -> None:
    client, _ = client_for(staff_app, intake, "admin")
    data = {"counted_on": "2027-03-31", "low_cost_rental": "2100", "low_cost_home_ownership": "400"}
    page(client, "/staff/admin/homes", 302, method="post", data=data)
    data = {"counted_on": "2027-03-31", "low_cost_rental": "", "low_cost_home_ownership": "400"}
    assert "Enter the number of low-cost rental homes" in page(
        client, "/staff/admin/homes", 400, method="post", data=data
    )
    assert "31 March 2027 2,100 400 2,500" in page(client, "/staff/admin/homes")
    manager_client, _ = client_for(staff_app, intake, "manager")
    assert manager_client.get("/staff/admin/homes").status_code == 403


@pytest.mark.parametrize(
    "query",
    ["period=year&on=9999-06-01", "period=month&on=9999-12-05", "period=custom&start=0001-01-01&end=0001-01-02"],
)
def test_a_day_beyond_the_calendar_shows_this_year_and_says_why(
    intake: Intake, built: Built, staff_app: Flask, query: str
) -> None:
    client = staff_app.test_client()
    sign_in(client, intake, built.manager)
    for path in ("/staff/monitoring", "/staff/monitoring/download/channel.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, path
    text = page(client, f"/staff/monitoring?{query}")
    assert "Financial year 2026-27" in text
    assert "outside the dates" in text
