"""The records behind a count: the same base and the same predicate, as a list of references.

Restricted reports and cases (policy 4.11) are counted for everyone who sees the figures, but
listed only to managers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from intake.case_tables import Case
from intake.models import Report
from intake.monitoring.bases import CASE_BASES, Scope, based, case_restricted, visible
from intake.monitoring.figures import BY_NAME

LIST_LIMIT = 1000  # a longer list is cut, and says so


class UnknownFigure(LookupError):
    """No such table, base or row: the address names nothing."""


@dataclass(frozen=True)
class Listed:
    reference: str
    is_case: bool  # links to the case page, else to the report page
    at: datetime  # received (a report) or opened (a case)
    channel: str
    status: str
    restricted: bool


def behind(
    session: Session, table: str, base: str, key: str, scope: Scope, *, include_restricted: bool
) -> list[Listed]:
    """The reports or cases counted in one cell, oldest first (at most ``LIST_LIMIT`` + 1)."""
    dimension = BY_NAME.get(table)
    if dimension is None or base not in dimension.bases:
        raise UnknownFigure(table)
    if dimension.keys is not None and key not in dimension.keys:
        raise UnknownFigure(key)
    try:
        where = dimension.where(key, scope)
    except ValueError:  # an officer's key that is not an id
        raise UnknownFigure(key) from None
    if base in CASE_BASES:
        columns = [Case.reference, Case.opened_at, Report.channel, Case.status, case_restricted()]
        order = [Case.opened_at, Case.reference]
    else:
        columns = [Report.reference, Report.received_at, Report.channel, Report.status, Report.restricted]
        order = [Report.received_at, Report.reference]
    query = based(base, scope, columns).where(where, visible(base, include_restricted)).distinct()
    rows = session.execute(query.order_by(*order).limit(LIST_LIMIT + 1))
    is_case = base in CASE_BASES
    return [
        Listed(ref, is_case, at, channel, status, bool(restricted)) for ref, at, channel, status, restricted in rows
    ]
