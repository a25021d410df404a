"""Views: sharing under the consent gate, consent, referrals, notes, messages, closing and reopening."""

from __future__ import annotations

from flask import url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from intake.casework import cases as casework
from intake.casework import consent as consent_gate
from intake.casework.contact import case_routes, message_party
from intake.casework.lookup import case_reports, visible_case
from intake.context import current_intake
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.staff.case_forms import (
    ActionForm,
    CloseForm,
    ConsentForm,
    DisclosureForm,
    EntryForm,
    MessageForm,
    ReopenForm,
)
from intake.staff.pages import form_page, handled, require_case, then
from intake.staff.report_forms import label
from intake.vocabulary import CASE_HANDLING, CASEWORK


@bp.route("/cases/<reference>/disclosures", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def disclosures(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = DisclosureForm()
    done = handled(form, lambda: _disclosed(reference, form), _back(reference))
    intro = "Only with the victim's consent, unless a manager records a safeguarding reason (policy 5.2 to 5.4)."
    return done or form_page(form, "Share information", caption=reference, back=_back(reference), intro=intro)


@bp.route("/cases/<reference>/consent", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def consent(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = ConsentForm()
    values = (form.kind.data, form.given.data == "yes")
    action = then("Consent recorded.", consent_gate.record_consent, current_intake(), me(), reference, *values)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Record the victim's consent", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/actions", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def actions(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = ActionForm()
    values = (form.kind.data, form.agency.data or "", form.detail.data or "")
    action = then("Recorded.", casework.record_action, current_intake(), me(), reference, *values)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Referral or action", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/notes", methods=["GET", "POST"])
@allowed(*CASEWORK)
def notes(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = EntryForm()
    values = (form.kind.data, form.text.data or "", form.method.data or "")
    action = then("Added.", casework.add_entry, current_intake(), me(), reference, *values)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Note or contact", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/message", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def message(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = MessageForm()
    form.route.choices = _route_choices(reference)
    done = handled(form, lambda: _messaged(reference, form), _back(reference))
    intro = "Only by a way the person marked safe. If none is listed, contact them another way."
    return done or form_page(form, "Message the reporter", caption=reference, back=_back(reference), intro=intro)


@bp.route("/cases/<reference>/close", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def close(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = CloseForm()
    values = (form.outcome.data, form.rationale.data or "", form.override.data or "")
    action = then("Case closed.", casework.close_case, current_intake(), me(), reference, *values)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Close the case", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/reopen", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def reopen(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = ReopenForm()
    action = then("Case reopened.", casework.reopen_case, current_intake(), me(), reference, form.reason.data or "")
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Reopen the case", caption=reference, back=_back(reference))


def _disclosed(reference: str, form: DisclosureForm) -> str:
    basis = consent_gate.disclose(
        current_intake(),
        me(),
        reference,
        form.kind.data,
        form.recipient.data,
        form.what.data,
        form.why.data,
        form.safeguarding_reason.data or "",
    )
    return f"Shared and logged, on the basis of {label(basis).lower()}."


def _messaged(reference: str, form: MessageForm) -> str:
    method = message_party(current_intake(), me(), reference, form.route.data, form.text.data or "")
    return f"Message queued by {method}."


def _route_choices(reference: str) -> list[SelectChoice]:
    with current_intake().db.read() as session:
        case = visible_case(session, me(), reference)
        reports = case_reports(session, case.id)
        consents = [consent for report in reports for consent in report.consents]
        routes = case_routes(reports, consents)
        return [SelectChoice(route.key, f"{label(route.role)} by {route.method}") for route in routes]


def _back(reference: str) -> str:
    return url_for("staff.case", reference=reference)
