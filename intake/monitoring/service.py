"""Monitoring as the staff pages call it: each function owns its transaction and records an audit
event (who, what, when; never content), for every view and every download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, StaffUser
from intake.context import Intake
from intake.monitoring import downloads
from intake.monitoring.bases import Scope, case_restricted
from intake.monitoring.figures import BY_NAME, Table, all_tables, table
from intake.monitoring.lists import Listed, behind
from intake.monitoring.monitoring_tables import CaseReview, HomesCount
from intake.monitoring.nm01 import NM01, Homes, homes_history, nm01
from intake.monitoring.periods import Period, financial_year
from intake.monitoring.repeats import how_many
from intake.monitoring.reviews import ReviewDue, ReviewRule, review_list
from intake.monitoring.trends import AreaRow, MonthCount, ResponseTimes, by_area_and_month, by_month, response_times
from intake.vocabulary import CaseStatus

NOTE_MAX = 2000


class Refused(ValueError):
    """A review or homes count that cannot be recorded: the message says why."""


class NotFound(LookupError):
    """No such case (or one this viewer may not see)."""


@dataclass(frozen=True)
class Figures:
    period: Period
    tables: dict[str, Table]
    months: list[MonthCount]
    areas: list[AreaRow]
    response: ResponseTimes
    nm01: NM01
    reviews: list[ReviewDue]
    repeated: dict[str, int | None]  # how many victims and postcodes are repeated; None: not counted


def scope_of(intake: Intake, period: Period) -> Scope:
    start, end = period.bounds(intake.calendar.timezone)
    return Scope(start, end, intake.clock())


def view_figures(
    intake: Intake, viewer: StaffUser, period: Period, rule: ReviewRule, *, include_restricted: bool
) -> Figures:
    """Everything the monitoring page shows for a period. Audited."""
    scope = scope_of(intake, period)
    zone = intake.calendar.timezone
    with intake.db.begin() as session:
        year = financial_year(period.first)
        year_start, year_end = year.bounds(zone)
        figures = Figures(
            period=period,
            tables={t.name: t for t in all_tables(session, scope)},
            months=by_month(session, period, scope, zone),
            areas=by_area_and_month(session, period, scope, zone),
            response=response_times(session, scope),
            nm01=nm01(session, period.first, year_start, year_end),
            reviews=review_list(session, rule, intake.calendar, scope.now, include_restricted=include_restricted),
            repeated=how_many(session, scope),
        )
        _audit(session, intake, viewer, "monitoring_viewed", period)
    return figures


def view_list(
    intake: Intake, viewer: StaffUser, period: Period, name: str, base: str, key: str, *, include_restricted: bool
) -> list[Listed]:
    """The reports or cases behind one count. Audited (the figure, never the references)."""
    scope = scope_of(intake, period)
    with intake.db.begin() as session:
        rows = behind(session, name, base, key, scope, include_restricted=include_restricted)
        _audit(session, intake, viewer, "monitoring_list_viewed", period, table=name, base=base, key=key)
    return rows


def download(intake: Intake, viewer: StaffUser, period: Period, what: str) -> tuple[str, str]:
    """A CSV download (a table's name, ``all``, ``publication`` or ``nm01``) and its file name. Audited.

    Raises ``NotFound`` for anything else.
    """
    scope = scope_of(intake, period)
    with intake.db.begin() as session:
        content = _download(intake, session, period, scope, what)
        _audit(session, intake, viewer, "monitoring_downloaded", period, what=what)
    return content, f"monitoring-{what}-{period.slug}.csv"


def _download(intake: Intake, session: Session, period: Period, scope: Scope, what: str) -> str:
    if what == "nm01":
        year = financial_year(period.first)
        start, end = year.bounds(intake.calendar.timezone)
        return downloads.nm01_csv(nm01(session, period.first, start, end))
    if what == "all":
        return downloads.all_tables_csv(all_tables(session, scope), period)
    if what == "publication":
        return downloads.publication_csv(all_tables(session, scope), period)
    dimension = BY_NAME.get(what)
    if dimension is None:
        raise NotFound(what)
    return downloads.table_csv(table(session, dimension, scope), period)


def record_review(
    intake: Intake, manager: StaffUser, case_reference: str, reviewed_on: date, note: str, *, include_restricted: bool
) -> None:
    """A case-management review (policy 8.1): takes the case off the review list. Audited."""
    note = note.strip()
    if not note:
        raise Refused("Write what the review found or decided.")
    if len(note) > NOTE_MAX:
        raise Refused(f"The note must be {NOTE_MAX} characters or fewer.")
    now = intake.clock()
    if reviewed_on > intake.calendar.local_date(now):
        raise Refused("The date of the review cannot be in the future.")
    with intake.db.begin() as session:
        case = _visible_case(session, case_reference, include_restricted)
        if case.status != CaseStatus.OPEN.value:
            raise Refused("This case is closed: only open cases are reviewed.")
        session.add(
            CaseReview(case_id=case.id, reviewed_on=reviewed_on, reviewer=manager.actor, note=note, recorded_at=now)
        )
        audit.record(session, at=now, actor=manager.actor, action="case_reviewed", case_id=case.id)


def _visible_case(session: Session, reference: str, include_restricted: bool) -> Case:
    query = select(Case).where(Case.reference == reference)
    if not include_restricted:
        query = query.where(~case_restricted())
    case = session.scalar(query)
    if case is None:
        raise NotFound(reference)
    return case


def enter_homes_count(
    intake: Intake, admin: StaffUser, counted_on: date, low_cost_rental: int, low_cost_home_ownership: int
) -> None:
    """A dated homes count for NM01; earlier counts are kept. Audited."""
    if low_cost_rental < 0 or low_cost_home_ownership < 0 or low_cost_rental + low_cost_home_ownership == 0:
        raise Refused("Enter the number of homes: whole numbers, not both nought.")
    now = intake.clock()
    with intake.db.begin() as session:
        session.add(
            HomesCount(
                counted_on=counted_on,
                low_cost_rental=low_cost_rental,
                low_cost_home_ownership=low_cost_home_ownership,
                entered_by=admin.actor,
                entered_at=now,
            )
        )
        audit.record(
            session, at=now, actor=admin.actor, action="homes_count_entered", counted_on=counted_on.isoformat()
        )


def view_homes(intake: Intake, viewer: StaffUser) -> list[Homes]:
    """Every homes count entered, latest first. Audited."""
    with intake.db.begin() as session:
        history = homes_history(session)
        audit.record(session, at=intake.clock(), actor=viewer.actor, action="homes_counts_viewed")
    return history


def _audit(session: Session, intake: Intake, viewer: StaffUser, action: str, period: Period, **detail: object) -> None:
    audit.record(
        session,
        at=intake.clock(),
        actor=viewer.actor,
        action=action,
        period_start=period.first.isoformat(),
        period_end=period.last.isoformat(),
        figure=detail,
    )
