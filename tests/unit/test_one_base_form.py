"""Every form, on staff pages, the partner portal and the web form, stands on one base (issue 12,
item 6): one error summary, one way to refuse, CSRF from Flask-WTF."""

from __future__ import annotations

from flask import Flask

from channels.partner.forms import PartnerForm
from channels.web.forms import QuestionForm
from intake.forms import BaseForm
from intake.staff.report_forms import StaffForm


def test_staff_partner_and_web_forms_share_one_base() -> None:
    assert all(issubclass(form, BaseForm) for form in (StaffForm, PartnerForm, QuestionForm))


def test_a_refusal_is_listed_first_then_each_fields_first_error() -> None:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    with app.test_request_context(method="POST", data={}):
        form = StaffForm()
        form.validate()
        form.refuse("This report is already closed")
        assert form.error_list() == [{"text": "This report is already closed", "href": "#main-content"}]
