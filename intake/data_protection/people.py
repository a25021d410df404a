"""Finding a person across every party and every sender: the subject of a subject-access request.

A person is searched by name, phone (normalised to E.164), email (lower-cased) or postcode, across
the parties of every report (reporter, victim, the named person to contact through), the senders
of raw items (texts and emails), and what reporters said of the person responsible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, MetaData, Table, inspect, or_, select
from sqlalchemy.orm import Session

from intake.inbound import matching_sender
from intake.models import Party, Report
from intake.normalise import normalise_email, normalise_phone, normalise_postcode
from intake.sealing import blind_index, postcode_term, text_term
from intake.sealing.keyring import Keyring

SENDERS_TABLE = "inbound_replies"  # who sent each text or email (a channel's table, found by name)


class Relation:
    """How the subject is connected to a report."""

    REPORTER = "reporter"
    VICTIM = "victim"
    NAMED_CONTACT = "named_contact"  # the person staff are to contact through
    SENDER = "sender"
    RESPONSIBLE = "responsible"  # the person responsible, as a reporter described them


@dataclass(frozen=True)
class Person:
    name: str | None = None
    phone: str | None = None  # E.164 where it parsed
    email: str | None = None
    postcode: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.name or self.phone or self.email or self.postcode)

    def is_me(self, name: str | None, phone: str | None, email: str | None) -> bool:
        """Whether these details are the subject's own (never redacted from their own copy)."""
        return bool(
            (self.phone and phone == self.phone)
            or (self.email and email == self.email)
            or (self.name and name and name.strip().casefold() == self.name.casefold())
        )


def person(name: str = "", phone: str = "", email: str = "", postcode: str = "") -> Person:
    """The details typed by a manager, in the forms they are stored in."""
    ignored: list[str] = []
    return Person(
        name=name.strip() or None,
        phone=normalise_phone(phone.strip() or None, "subject", ignored),
        email=normalise_email(email.strip() or None, "subject", ignored),
        postcode=normalise_postcode(postcode),
    )


def find_person(session: Session, keyring: Keyring, subject: Person) -> dict[int, set[str]]:
    """Every report the subject is connected to, with how (report id -> relations)."""
    found: defaultdict[int, set[str]] = defaultdict(set)
    if subject.empty:
        return found
    for party in session.scalars(select(Party).where(_party_matches(subject))):
        found[party.report_id].add(_party_relation(party, subject))
    for report_id in _sent_by(session, keyring, subject):
        found[report_id].add(Relation.SENDER)
    if subject.name:
        for report_id in _describing(session, subject.name):
            found[report_id].add(Relation.RESPONSIBLE)
    return found


def _describing(session: Session, name: str) -> list[int]:
    """Reports whose words about the person responsible name the subject.

    Issue 16: those words are sealed, so they are opened and read here, a batch at a time, not
    searched by the database (a subject-access search is rare and reads every such report).
    """
    wanted = name.casefold()
    query = select(Report).where(Report.responsible_description_sealed.is_not(None)).order_by(Report.id)
    reports = session.scalars(query.execution_options(yield_per=500))
    return [report.id for report in reports if wanted in (report.responsible_description or "").casefold()]


def _party_matches(subject: Person) -> ColumnElement[bool]:
    tests: list[ColumnElement[bool]] = []
    index = blind_index()  # issue 16: the details are sealed; these are their keyed digests
    if subject.phone:
        tests.append(Party.phone_index.in_(index.matching("phone", subject.phone)))
    if subject.email:
        tests.append(Party.email_index.in_(index.matching("email", subject.email)))
    name = text_term(subject.name)
    if name:
        tests.append(Party.name_index.in_(index.matching("name", name)))
        tests.append(Party.named_person_index.in_(index.matching("name", name)))
    postcode = postcode_term(subject.postcode)
    if postcode:
        tests.append(Party.postcode_index.in_(index.matching("postcode", postcode)))
    return or_(*tests)


def _party_relation(party: Party, subject: Person) -> str:
    if subject.is_me(party.name, party.phone, party.email) or _lives_at(party, subject):
        return Relation.VICTIM if party.role == Relation.VICTIM else Relation.REPORTER
    return Relation.NAMED_CONTACT


def _lives_at(party: Party, subject: Person) -> bool:
    if not subject.postcode or not party.address:
        return False
    return subject.postcode.replace(" ", "") in party.address.upper().replace(" ", "")


def _sent_by(session: Session, keyring: Keyring, subject: Person) -> list[int]:
    """Reports the subject sent items to, found by the sender's blind index (issue 16) or, from before, as sent."""
    given = [address for address in (subject.phone, subject.email) if address]
    addresses = [stored for address in given for stored in matching_sender(keyring.index, address)]
    connection = session.connection()
    if not addresses or not inspect(connection).has_table(SENDERS_TABLE):
        return []
    senders = Table(SENDERS_TABLE, MetaData(), autoload_with=connection)
    query = select(senders.c.report_id).where(senders.c.address.in_(addresses), senders.c.report_id.is_not(None))
    return [int(report_id) for report_id in session.scalars(query.distinct())]
