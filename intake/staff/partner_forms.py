"""Forms for the admin's partner pages (policy 4.5, 7.1), on the shared staff base form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import DateField, RadioField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, Regexp

from intake.partners.tables import PartnerKind
from intake.staff.report_forms import EMAIL, StaffForm, choices
from intake.vocabulary import codes

DOMAIN = r"@?[a-z0-9-]+(\.[a-z0-9-]+)+"
DOMAINS = Regexp(
    rf"^\s*{DOMAIN}(\s*[,\s]\s*{DOMAIN})*\s*,?\s*$",
    flags=re.IGNORECASE,
    message="Enter email domains like advice.example.org, separated by commas",
)


class DayMonthYearField(DateField):  # type: ignore[misc]
    """An optional GOV.UK date input (day, month, year), with an error message in the GOV.UK pattern."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        raw: list[str] | None = getattr(self, "raw_data", None)
        if raw is not None and len(raw) != 3:
            self.raw_data = None  # the widget shows three boxes: a post without them shows empty ones

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        parts = [part.strip() for part in valuelist]
        self.data = None
        if not any(parts):
            return
        try:
            self.data = datetime.strptime(" ".join(parts), "%d %m %Y").date()
        except ValueError:
            raise ValueError("The review date must be a real date, like 27 3 2027") from None


class OrganisationForm(StaffForm):
    """A partner organisation and the information-sharing agreement it reports under (policy 7.1)."""

    name = StringField(
        "Name of the organisation",
        validators=[InputRequired("Enter the name of the organisation"), Length(max=200, message="Name too long")],
        widget=GovTextInput(),
    )
    kind = RadioField(
        "Kind of organisation",
        choices=choices(PartnerKind),
        validate_choice=False,  # AnyOf says what to do, where WTForms would say "Not a valid choice"
        validators=[
            InputRequired("Select the kind of organisation"),
            AnyOf(sorted(codes(PartnerKind)), message="Select the kind of organisation"),
        ],
        widget=GovRadioInput(),
    )
    email_domains = StringField(
        "Email domains (optional)",
        description="Only people with an address at one of these can be invited. Separate them with commas.",
        validators=[Optional(), DOMAINS, Length(max=1000, message="Email domains must be 1000 characters or fewer")],
        widget=GovTextInput(),
    )
    sharing_agreement_reference = StringField(
        "Information-sharing agreement reference (optional)",
        validators=[Optional(), Length(max=100, message="The reference must be 100 characters or fewer")],
        widget=GovTextInput(),
    )
    agreement_review_date = DayMonthYearField(
        "When is the agreement next reviewed? (optional)",
        description="For example, 27 3 2027",
        format="%d %m %Y",
        widget=GovDateInput(),
    )
    submit = SubmitField("Add organisation", widget=GovSubmitInput())

    def error_list(self) -> list[dict[str, str]]:
        """As every staff form's, but a date's error links to its first box, as GOV.UK asks."""
        date_id = f"#{self.agreement_review_date.id}"
        return [
            {**item, "href": f"{date_id}-day"} if item["href"] == date_id else item for item in super().error_list()
        ]

    def domains(self) -> tuple[str, ...]:
        """The email domains as typed, one each, for the service to tidy."""
        return tuple(re.split(r"[,\s]+", self.email_domains.data or ""))


class PartnerInviteForm(StaffForm):
    """Someone at the organisation, invited by a one-time link that expires."""

    name = StringField(
        "Full name",
        validators=[InputRequired("Enter the person's full name"), Length(max=200, message="Name too long")],
        widget=GovTextInput(),
    )
    email = StringField(
        "Email address",
        validators=[InputRequired("Enter the person's email address"), EMAIL, Length(max=320)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Invite", widget=GovSubmitInput())
