"""The monitoring tables: each a set of rows (codes), each row a predicate counted over one or two bases.

Counts are one SQL query per table and base (a sum of ``CASE WHEN`` over the period's records, or a
``GROUP BY`` for open-ended keys such as areas and officers); the list behind a count selects the
base's records where the same predicate holds (``bases.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, case, cast, exists, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from intake.case_tables import Case, CaseAction, CategoryDecision, Disclosure, RiskAssessment, StaffUser
from intake.models import PartnerOrganisation, Party, Report, Work
from intake.monitoring.bases import (
    ACTIONS,
    CASES,
    CLOSED,
    DECISIONS,
    DISCLOSURES,
    OVERDUE,
    REPORTS,
    WORKS,
    Scope,
    based,
    case_restricted,
    first_response_overdue,
)
from intake.monitoring.repeats import KEYS as REPEAT_KEYS
from intake.monitoring.repeats import repeated
from intake.vocabulary import (
    MONITORED_STRANDS,
    ActionKind,
    Category,
    Channel,
    Characteristic,
    DisclosureBasis,
    DisclosureKind,
    DowngradeReason,
    IncidentType,
    Outcome,
    PartyRole,
    ReporterRole,
    RiskLevel,
    WorkKind,
)

NONE = "none"  # the key of records with no value (no postcode, no officer, no risk assessment)
ANY_MONITORED = "any_monitored"
MET, MISSED, RUNNING, CANCELLED = "met", "missed", "running", "cancelled"
ANONYMOUS, GAVE_DETAILS, NO_REPORTER = "anonymous", "gave_details", "no_reporter_recorded"
RESTRICTED, NOT_RESTRICTED = "restricted", "not_restricted"

Where = Callable[[str, Scope], ColumnElement[bool]]


@dataclass(frozen=True)
class Dimension:
    """One table: its rows' keys, the predicate of a row, and the bases it is counted over.

    ``keys`` is the fixed list of rows; when None the rows come from the data, by ``group``
    (a column) folded to a key by ``fold``, and ``where`` must hold exactly for the records that
    fold to that key.
    """

    name: str
    title: str
    bases: tuple[str, ...]
    where: Where
    keys: tuple[str, ...] | None = None
    group: Callable[[], Any] | None = None
    fold: Callable[[Any], str] = str
    several: bool = False  # one record may count in several rows: rows need not add up to the total
    note: str = ""
    partners_only: bool = False  # counted over partner reports only: the total is theirs


@dataclass(frozen=True)
class Row:
    key: str
    counts: tuple[int, ...]
    name: str | None = None  # a person's name where the key is an id (officers)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    bases: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: tuple[int, ...]
    several: bool
    note: str


def _codes(enum: Any) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _listed(column: Any, code: str) -> ColumnElement[bool]:
    """A JSON list of codes holds ``code`` (codes are plain words: no quotes or escapes inside)."""
    return cast(column, Text).like(f'%"{code}"%')


def _characteristic(key: str, _: Scope) -> ColumnElement[bool]:
    if key == ANY_MONITORED:
        return or_(*(_listed(Report.characteristics, strand.value) for strand in sorted(MONITORED_STRANDS)))
    return _listed(Report.characteristics, key)


def district(area: str | None) -> str:
    """The key an area is counted under: the postcode district (outward code, ``M14`` of ``M14 5TQ``,
    stored plain as ``reports.postcode_area``), or ``NONE`` for no postcode (or none that is a UK one)."""
    return area if area else NONE


def _in_district(key: str, _: Scope) -> ColumnElement[bool]:
    if key == NONE:
        return or_(Report.postcode_area.is_(None), Report.postcode_area == "")
    return Report.postcode_area == key


def _incident_type(key: str, _: Scope) -> ColumnElement[bool]:
    return _listed(Report.incident_types, key)


def _partner_kind(key: str, _: Scope) -> ColumnElement[bool]:
    kinds = select(PartnerOrganisation.id).where(PartnerOrganisation.kind == key)
    return Report.partner_organisation_id.in_(kinds)


def _reporter(anonymous: bool | None) -> ColumnElement[bool]:
    reporter = aliased(Party)
    held = exists().where(reporter.report_id == Report.id, reporter.role == PartyRole.REPORTER.value)
    if anonymous is None:
        return not_(held)
    return held.where(reporter.anonymous.is_(anonymous))


def _anonymity(key: str, _: Scope) -> ColumnElement[bool]:
    return _reporter({ANONYMOUS: True, GAVE_DETAILS: False}.get(key))


def _restriction(key: str, _: Scope) -> ColumnElement[bool]:
    return Report.restricted.is_(key == RESTRICTED)


def _case_restriction(key: str, _: Scope) -> ColumnElement[bool]:
    return case_restricted() if key == RESTRICTED else not_(case_restricted())


def first_response_clock(key: str, scope: Scope) -> ColumnElement[bool]:
    """Policy 4.1: met when the first response was on or before its due time; missed when after it,
    or when none is recorded and it is past due; still running when none is recorded and it is not."""
    done = Report.first_response_at.is_not(None)
    if key == MET:
        return and_(done, Report.first_response_at <= Report.response_due)
    if key == MISSED:
        return or_(and_(done, Report.first_response_at > Report.response_due), first_response_overdue(scope.now))
    return and_(Report.first_response_at.is_(None), Report.response_due >= scope.now)


def works_clock(kind: str) -> Where:
    """Policy 4.10: the same rule on works, done (``completed_at``) against 24 hours; cancelled works
    (no longer needed, with a reason) are neither met nor missed."""

    def where(key: str, scope: Scope) -> ColumnElement[bool]:
        same = Work.kind == kind
        live = Work.cancelled_at.is_(None)
        if key == CANCELLED:
            return and_(same, Work.cancelled_at.is_not(None))
        if key == MET:
            return and_(same, live, Work.completed_at.is_not(None), Work.completed_at <= Work.due)
        open_late = and_(Work.completed_at.is_(None), Work.due < scope.now)
        if key == MISSED:
            return and_(same, live, or_(Work.completed_at > Work.due, open_late))
        return and_(same, live, Work.completed_at.is_(None), Work.due >= scope.now)

    return where


def _risk(key: str, _: Scope) -> ColumnElement[bool]:
    """The case's latest risk assessment (the last recorded), or none."""
    if key == NONE:
        return not_(exists().where(RiskAssessment.case_id == Case.id))
    later = aliased(RiskAssessment)
    none_later = not_(exists().where(later.case_id == RiskAssessment.case_id, later.id > RiskAssessment.id))
    return exists().where(RiskAssessment.case_id == Case.id, RiskAssessment.level == key, none_later)


def _disclosure(key: str, _: Scope) -> ColumnElement[bool]:
    kind, basis = key.split(":")
    return and_(Disclosure.kind == kind, Disclosure.basis == basis)


def _officer(key: str, _: Scope) -> ColumnElement[bool]:
    return Case.officer_id.is_(None) if key == NONE else Case.officer_id == int(key)


def _equals(column: Any) -> Where:
    return lambda key, _: column == key


BY_INTAKE = (REPORTS, CASES)

DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("channel", "By channel", BY_INTAKE, _equals(Report.channel), _codes(Channel)),
    Dimension("reporter_role", "By reporter", BY_INTAKE, _equals(Report.reporter_role), _codes(ReporterRole)),
    Dimension(
        "partner_kind",
        "Partner reports, by kind of partner",
        BY_INTAKE,
        _partner_kind,
        group=lambda: PartnerOrganisation.kind,
        partners_only=True,
        note="Reports made by a partner organisation (policy 4.5), by the kind of organisation.",
    ),
    Dimension(
        "characteristic",
        "By characteristic (policy 2.1)",
        BY_INTAKE,
        _characteristic,
        _codes(Characteristic),
        several=True,
        note="A report may name several characteristics, so the rows add up to more than the total.",
    ),
    Dimension(
        "monitored_strands",
        "The five centrally monitored strands",
        BY_INTAKE,
        _characteristic,
        (*sorted(s.value for s in MONITORED_STRANDS), ANY_MONITORED),
        several=True,
        note="Race, religion, sexual orientation, disability and transgender identity, as the police monitor them.",
    ),
    Dimension(
        "incident_type",
        "By incident type (policy 2.2)",
        BY_INTAKE,
        _incident_type,
        _codes(IncidentType),
        several=True,
        note="A report may be of several types, so the rows add up to more than the total.",
    ),
    Dimension(
        "area",
        "By area (postcode district)",
        BY_INTAKE,
        _in_district,
        group=lambda: Report.postcode_area,
        fold=district,
        note=(
            "The postcode district: the part of the postcode before the space. None: no postcode given, or"
            " not a UK postcode."
        ),
    ),
    Dimension(
        "repeats",
        "Repeats within the period",
        (REPORTS,),
        repeated,
        REPEAT_KEYS,
        several=True,
        note=(
            "Reports of a victim or at a full postcode with two or more reports received in the period. Victims are"
            " matched on their phone number, else their email; anonymous victims and victims with neither cannot be"
            " matched and are not counted. The person responsible is recorded only as free text: not counted."
        ),
    ),
    Dimension(
        "anonymity",
        "Whether the reporter stayed anonymous",
        BY_INTAKE,
        _anonymity,
        (ANONYMOUS, GAVE_DETAILS, NO_REPORTER),
    ),
    Dimension(
        "restricted_reports",
        "Restricted to managers (policy 4.11)",
        (REPORTS,),
        _restriction,
        (RESTRICTED, NOT_RESTRICTED),
    ),
    Dimension(
        "restricted_cases",
        "Cases restricted to managers (policy 4.11)",
        (CASES,),
        _case_restriction,
        (RESTRICTED, NOT_RESTRICTED),
    ),
    Dimension(
        "first_response",
        "First response within one working day (policy 4.1)",
        (REPORTS,),
        first_response_clock,
        (MET, MISSED, RUNNING),
    ),
    Dimension(
        "graffiti_removal",
        "Graffiti removed within 24 hours (policy 4.10)",
        (WORKS,),
        works_clock(WorkKind.GRAFFITI_REMOVAL.value),
        (MET, MISSED, RUNNING, CANCELLED),
        note="Works ordered in the period. The total counts every kind of works.",
    ),
    Dimension(
        "emergency_repair",
        "Emergency repairs within 24 hours (policy 4.10)",
        (WORKS,),
        works_clock(WorkKind.EMERGENCY_REPAIR.value),
        (MET, MISSED, RUNNING, CANCELLED),
        note="Works ordered in the period. The total counts every kind of works.",
    ),
    Dimension(
        "category",
        "Cases opened, by category now (policy 4.1, 4.3)",
        (CASES,),
        _equals(Case.category),
        _codes(Category),
        note="Every case opens as serious/high-risk; a manager may move it out (policy 4.3). NM01 counts those in it.",
    ),
    Dimension("outcome", "Outcomes of cases closed", (CLOSED,), _equals(Case.outcome), _codes(Outcome)),
    Dimension(
        "downgrade_reason",
        "Moved out of the hate category, by reason (policy 4.3)",
        (DECISIONS,),
        _equals(CategoryDecision.reason),
        _codes(DowngradeReason),
    ),
    Dimension(
        "downgrade_to",
        "Moved out of the hate category, to",
        (DECISIONS,),
        _equals(CategoryDecision.to_category),
        (Category.ASB_STANDARD.value, Category.NOT_ASB.value),
    ),
    Dimension(
        "risk_level",
        "Risk level of cases opened (latest assessment, policy 4.4)",
        (CASES,),
        _risk,
        (*_codes(RiskLevel), NONE),
    ),
    Dimension(
        "disclosure",
        "Information shared, with consent or on a safeguarding override (policy 5.2 to 5.4)",
        (DISCLOSURES,),
        _disclosure,
        tuple(f"{kind.value}:{basis.value}" for kind in DisclosureKind for basis in DisclosureBasis),
    ),
    Dimension(
        "referral",
        "Referrals and actions (policy 4.4, 4.7, 4.9, 4.10)",
        (ACTIONS,),
        _equals(CaseAction.kind),
        _codes(ActionKind),
    ),
    Dimension(
        "overdue_by_officer",
        "Overdue now, by officer",
        (OVERDUE,),
        _officer,
        group=lambda: Case.officer_id,
        fold=lambda officer: NONE if officer is None else str(officer),
        note="Open reports whose first response or works are past due now, whatever the period chosen.",
    ),
)

BY_NAME = {dimension.name: dimension for dimension in DIMENSIONS}


def table(session: Session, dimension: Dimension, scope: Scope) -> Table:
    """Count one dimension over each of its bases."""
    per_base = [_count(session, dimension, base, scope) for base in dimension.bases]
    keys = dimension.keys or tuple(sorted({key for counts, _ in per_base for key in counts}, key=_nones_last))
    rows = tuple(Row(key, tuple(counts.get(key, 0) for counts, _ in per_base)) for key in keys)
    if dimension.name == "overdue_by_officer":
        rows = _named(session, rows)
    return Table(
        dimension.name,
        dimension.title,
        dimension.bases,
        rows,
        tuple(total for _, total in per_base),
        dimension.several,
        dimension.note,
    )


def _nones_last(key: str) -> tuple[bool, str]:
    return (key == NONE, key)


def _count(session: Session, dimension: Dimension, base: str, scope: Scope) -> tuple[dict[str, int], int]:
    if dimension.keys is None:
        assert dimension.group is not None
        column = dimension.group()
        query = based(base, scope, [column, func.count()])
        if dimension.partners_only:
            query = query.join(PartnerOrganisation, PartnerOrganisation.id == Report.partner_organisation_id)
        counts: dict[str, int] = {}
        for value, count in session.execute(query.group_by(column)):
            key = dimension.fold(value)
            counts[key] = counts.get(key, 0) + int(count)
        if dimension.partners_only:
            return counts, sum(counts.values())
        return counts, int(session.scalar(based(base, scope, [func.count()])) or 0)
    total = session.scalar(based(base, scope, [func.count()])) or 0
    sums = [func.sum(case((dimension.where(key, scope), 1), else_=0)) for key in dimension.keys]
    values = session.execute(based(base, scope, sums)).one()
    return {key: int(value or 0) for key, value in zip(dimension.keys, values, strict=True)}, int(total)


def _named(session: Session, rows: tuple[Row, ...]) -> tuple[Row, ...]:
    ids = [int(row.key) for row in rows if row.key != NONE]
    query = select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids))
    names = {staff_id: name for staff_id, name in session.execute(query)} if ids else {}
    return tuple(Row(row.key, row.counts, names.get(int(row.key)) if row.key != NONE else None) for row in rows)


def all_tables(session: Session, scope: Scope) -> list[Table]:
    return [table(session, dimension, scope) for dimension in DIMENSIONS]
