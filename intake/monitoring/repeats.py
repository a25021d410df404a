"""Repeats within the period: victims and locations with two or more reports received in it.

A repeat victim is a contact seen on two or more reports received in the period: the victim's party
(the party recorded as the victim, or the reporter when they said they are the victim), matched on
the phone number as stored (E.164) where one is held, otherwise on the email lower-cased. Anonymous
victims and victims with neither a phone nor an email cannot be matched, and are not counted.

A repeat location is a full postcode, upper-cased without spaces, on two or more reports received in
the period: matched on its keyed digest (``reports.postcode_index``; issue 16 seals the postcode), so
the postcode itself is never read here. Reports from before sealing count once ``encrypt-existing``
has given them their digest.

The person responsible is recorded only as answers and free text (``responsible_description``):
identity is never guessed from text, so repeat persons responsible are not counted.

Each is computed in SQL (``GROUP BY ... HAVING count >= 2``); the figure counts the reports whose
victim or postcode is repeated, and the list behind it is those same reports. Only counts and
references leave here: never a phone number, an email or a name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from intake.models import Party, Report
from intake.monitoring.bases import Scope
from intake.vocabulary import PartyRole, ReporterRole

VICTIMS, LOCATIONS, RESPONSIBLE = "repeat_victims", "repeat_locations", "repeat_responsible"
KEYS = (VICTIMS, LOCATIONS, RESPONSIBLE)
AT_LEAST = 2


def _victim_key(party: Any) -> ColumnElement[Any]:
    """The match key of a victim's party: the phone's keyed digest, else the email's (or null).

    Issue 16: the contacts themselves are sealed; equal contacts have equal digests (the email
    is stored lower-cased, so its digest is of the lower-cased address).
    """
    return case(
        (party.phone_index.is_not(None), party.phone_index),
        (party.email_index.is_not(None), party.email_index),
        else_=None,
    )


def _is_victim(party: Any, report: Any) -> ColumnElement[bool]:
    """The victim's own party, not anonymous: role victim, or the reporter who said they are the victim."""
    reporter_is_victim = and_(party.role == PartyRole.REPORTER.value, report.reporter_role == ReporterRole.VICTIM.value)
    return and_(party.anonymous.is_(False), or_(party.role == PartyRole.VICTIM.value, reporter_is_victim))


def _in_period(report: Any, scope: Scope) -> ColumnElement[bool]:
    return and_(report.received_at >= scope.start, report.received_at < scope.end)


def _repeat_victims(scope: Scope) -> Select[Any]:
    party, report = aliased(Party), aliased(Report)
    key = _victim_key(party)
    query = select(key).select_from(party).join(report, report.id == party.report_id)
    query = query.where(_in_period(report, scope), _is_victim(party, report), key.is_not(None))
    return query.group_by(key).having(func.count(distinct(report.id)) >= AT_LEAST)


def _postcode_key(report: Any) -> ColumnElement[Any]:
    """The keyed digest of the full postcode (no spaces, capitals): issue 16 seals the postcode itself."""
    key: ColumnElement[Any] = report.postcode_index
    return key


def _repeat_postcodes(scope: Scope) -> Select[Any]:
    report = aliased(Report)
    key = _postcode_key(report)
    query = select(key).where(_in_period(report, scope), key.is_not(None))
    return query.group_by(key).having(func.count(report.id) >= AT_LEAST)


def repeated(key: str, scope: Scope) -> ColumnElement[bool]:
    """The report (``Report``) is one of a repeat victim's or a repeat location's in the period."""
    if key == VICTIMS:
        party = aliased(Party)
        victim = and_(party.report_id == Report.id, _is_victim(party, Report))
        return exists().where(victim, _victim_key(party).in_(_repeat_victims(scope)))
    if key == LOCATIONS:
        return _postcode_key(Report).in_(_repeat_postcodes(scope))
    return false()  # the person responsible: free text only, not counted


def how_many(session: Session, scope: Scope) -> dict[str, int | None]:
    """How many victims and postcodes are repeated in the period; None for persons responsible."""
    counted = {key: _repeat_victims(scope) if key == VICTIMS else _repeat_postcodes(scope) for key in KEYS[:2]}
    found: dict[str, int | None] = {
        key: int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
        for key, query in counted.items()
    }
    found[RESPONSIBLE] = None
    return found
