"""Staff admin commands: ``create-staff`` bootstraps the first admin; ``staff-alerts`` watches the clocks.

Partner administration from the command line calls the same service functions as
/staff/admin/partners: ``create-partner-organisation``, ``invite-partner-user``,
``issue-partner-token``, ``rotate-partner-token``, ``revoke-partner-token``. Secrets are
printed once and never stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext

from intake.accounts.lifecycle import Refused
from intake.accounts.staff_users import create_staff
from intake.casework.alerts import queue_clock_alerts
from intake.context import current_intake
from intake.credentials import totp_uri
from intake.data_protection.review import review_retention
from intake.data_protection.schedule import load_schedule
from intake.partners import organisations as partners
from intake.partners.tables import PartnerKind
from intake.staff.partner_links import PARTNER_INVITATION_ENDPOINT, PORTAL_NOT_ENABLED, portal_enabled
from intake.vocabulary import Role, codes

ACTOR = "cli"


def init_app(app: Flask) -> None:
    """Offer the staff and partner admin commands on ``flask --app intake.app``."""
    app.cli.add_command(create_staff_command)
    app.cli.add_command(staff_alerts)
    app.cli.add_command(retention_review)
    for command in (create_organisation, invite_user, issue_token, rotate_token, revoke_token):
        app.cli.add_command(command)


@click.command("create-staff")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value, show_default=True)
def create_staff_command(email: str, name: str, password: str, role: str) -> None:
    """Create a staff account (the first admin) and print its one-time-code secret, once."""
    intake = current_intake()
    try:
        user, secret = create_staff(intake, email, name, password, role)
    except Refused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Created {role} account {user.actor}.")
    click.echo("Add this to an authenticator app now; it is not shown again.")
    click.echo(f"Secret: {secret}")
    click.echo(f"URI: {totp_uri(secret, user.email, intake.org_name)}")


@click.command("staff-alerts")
@with_appcontext
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between passes.")
def staff_alerts(once: bool, interval: float) -> None:
    """Email TRIAGE_INBOX about response and works clocks about to be missed, once each."""
    intake = current_intake()
    lead = timedelta(minutes=int(current_app.config["STAFF_ALERT_LEAD_MINUTES"]))
    while True:
        click.echo(f"queued {queue_clock_alerts(intake, lead)} alerts")
        if once:
            return
        time.sleep(interval)


@click.command("retention-review")
@with_appcontext
@click.option(
    "--dry-run", is_flag=True, help="Show what has fallen due and what would be erased; change and record nothing."
)
def retention_review(dry_run: bool) -> None:
    """List closed cases past their retention period (references only) and record the review.

    Cases are purged only when a manager approves at /staff/retention. Outbox message bodies
    delivered longer ago than the schedule says (30 days) are erased by this command without
    approval, unless --dry-run.
    """
    schedule = load_schedule(Path(current_app.config["RETENTION_SCHEDULE_FILE"]))
    result = review_retention(current_intake(), schedule, ACTOR, dry_run=dry_run)
    for due in result.view.due:
        click.echo(f"due {due.reference} closed {due.closed_at:%Y-%m-%d} classes {','.join(due.classes)}")
    for held in result.view.held:
        click.echo(
            f"held {held.reference} closed {held.closed_at:%Y-%m-%d} review {held.hold.review_on if held.hold else ''}"
        )
    erased = "would erase" if dry_run else "erased"
    click.echo(
        f"{len(result.view.due)} cases due for a manager's approval, {len(result.view.held)} held; "
        f"{erased} {result.outbox_bodies_due} outbox message bodies"
        + ("; nothing recorded (dry run)" if dry_run else "; review recorded")
    )


@click.command("create-partner-organisation")
@with_appcontext
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice(sorted(codes(PartnerKind))))
@click.option("--email-domain", "email_domains", multiple=True, help="Addresses its users may have; repeatable.")
@click.option("--agreement-reference", help="The information-sharing agreement's reference (policy 7.1).")
@click.option("--agreement-review-date", type=click.DateTime(["%Y-%m-%d"]), help="When the agreement is reviewed.")
def create_organisation(
    name: str,
    kind: str,
    email_domains: tuple[str, ...],
    agreement_reference: str | None,
    agreement_review_date: datetime | None,
) -> None:
    """Register a partner organisation; prints its id."""
    review = agreement_review_date.date() if agreement_review_date is not None else None
    with _partner_errors_as_click_errors():
        organisation_id = partners.create_organisation(
            current_intake(),
            name=name,
            kind=kind,
            actor=ACTOR,
            email_domains=email_domains,
            sharing_agreement_reference=agreement_reference,
            agreement_review_date=review,
        )
    click.echo(f"partner organisation {organisation_id} created")


@click.command("invite-partner-user")
@with_appcontext
@click.option("--organisation", "organisation_id", required=True, type=int)
@click.option("--email", required=True)
@click.option("--name", required=True)
def invite_user(organisation_id: int, email: str, name: str) -> None:
    """Invite someone at a partner organisation; prints the one-time link (it expires)."""
    if not portal_enabled():
        raise click.ClickException(PORTAL_NOT_ENABLED)
    with _partner_errors_as_click_errors():
        invitation = partners.invite_user(
            current_intake(), organisation_id=organisation_id, email=email, name=name, actor=ACTOR
        )
    click.echo(f"one-time link, valid until {invitation.expires_at:%Y-%m-%d %H:%M %Z}:")
    click.echo(_link(invitation.token))


@click.command("issue-partner-token")
@with_appcontext
@click.option("--organisation", "organisation_id", required=True, type=int)
def issue_token(organisation_id: int) -> None:
    """A new API token for a partner organisation, printed once."""
    with _partner_errors_as_click_errors():
        issued = partners.issue_token(current_intake(), organisation_id=organisation_id, actor=ACTOR)
    _echo_token(issued)


@click.command("rotate-partner-token")
@with_appcontext
@click.option("--token-id", required=True, type=int)
def rotate_token(token_id: int) -> None:
    """Revoke a token and issue its replacement, printed once."""
    with _partner_errors_as_click_errors():
        issued = partners.rotate_token(current_intake(), token_id=token_id, actor=ACTOR)
    _echo_token(issued)


@click.command("revoke-partner-token")
@with_appcontext
@click.option("--token-id", required=True, type=int)
def revoke_token(token_id: int) -> None:
    """Stop a token working at once."""
    with _partner_errors_as_click_errors():
        partners.revoke_token(current_intake(), token_id=token_id, actor=ACTOR)
    click.echo(f"token {token_id} revoked")


def _echo_token(issued: partners.IssuedToken) -> None:
    click.echo(f"token {issued.token_id} (starts {issued.hint}); shown once, store it in the partner's system now:")
    click.echo(issued.token)


def _link(token: str) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        return url_for(PARTNER_INVITATION_ENDPOINT, token=token, _external=True)


@contextmanager
def _partner_errors_as_click_errors() -> Iterator[None]:
    """A refusal from the partner services is one clear line and a non-zero exit, not a traceback."""
    try:
        yield
    except Refused as error:
        raise click.ClickException(str(error)) from None
