"""Partner email domains and senders: whose report an email is, and which names and domains may be registered.

Policy 7.1: a partner sees what it submitted under its sharing agreement, so an email must
never land in the wrong organisation's portal. A domain is one organisation's only (the
database refuses a second), a domain that many organisations share (webmail, ``nhs.net``,
``gov.uk``; the ``PARTNER_SHARED_EMAIL_DOMAINS`` setting) is nobody's, and an email is a
partner's report only when it comes from the address of someone the organisation invited.
A name, too, is one organisation's only, whatever its case (the database refuses a second).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.models import PartnerEmailDomain, PartnerOrganisation, tidy_domain
from intake.partners.tables import PartnerUser


def tidy_domains(typed: Iterable[str]) -> list[str]:
    """The domains as typed, tidied, each once, in order."""
    return sorted({tidy_domain(domain) for domain in typed if tidy_domain(domain)})


def domain_refusal(session: Session, shared: Iterable[str], domains: list[str]) -> str | None:
    """Why these domains cannot be registered to a new organisation, or None when they can."""
    for domain in domains:
        if domain in set(shared):
            return (
                f"The domain {domain} is shared by many organisations, so it cannot be one organisation's email domain"
            )
    taken = session.execute(
        select(PartnerEmailDomain.domain, PartnerOrganisation.name)
        .join(PartnerOrganisation, PartnerOrganisation.id == PartnerEmailDomain.organisation_id)
        .where(PartnerEmailDomain.domain.in_(domains))
        .order_by(PartnerEmailDomain.domain)
    ).first()
    return None if taken is None else f"The domain {taken.domain} is already the email domain of {taken.name}"


def name_refusal(session: Session, name: str) -> str | None:
    """Why a new organisation cannot have this name (another has it, in any case), or None when it can."""
    taken = session.scalar(
        select(PartnerOrganisation.name).where(func.lower(PartnerOrganisation.name) == name.strip().lower())
    )
    return None if taken is None else f"There is already an organisation called {taken}"


def organisation_of_sender(session: Session, address: str) -> int | None:
    """The organisation of the invited, not disabled, partner user with exactly this address."""
    return session.scalar(
        select(PartnerUser.organisation_id).where(
            func.lower(PartnerUser.email) == address.strip().lower(), PartnerUser.disabled.is_(False)
        )
    )
