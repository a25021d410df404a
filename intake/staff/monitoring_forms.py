"""Forms for the monitoring pages: the period (from the query string), a case review, a homes count."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import DateField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from intake.monitoring.periods import Period, PeriodError, period_of
from intake.staff.report_forms import StaffForm

ISO_DAY = "%Y-%m-%d"
DAY_HINT = "For example, 2026-04-01 (year-month-day)"
PERIOD_KINDS = [
    SelectChoice("year", "Financial year (April to March)"),
    SelectChoice("quarter", "Quarter"),
    SelectChoice("month", "Month"),
    SelectChoice("custom", "From one day to another"),
]


def _day(label: str, hint: str = DAY_HINT) -> DateField:
    return DateField(
        label,
        format=ISO_DAY,
        description=hint,
        validators=[Optional()],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false"},
    )


class PeriodForm(StaffForm):
    """Read from the query string: no CSRF token, nothing changes."""

    class Meta:
        csrf = False

    period = RadioField("Period", choices=PERIOD_KINDS, validators=[Optional()], widget=GovRadioInput())
    on = _day("A day in the period", "For a year, quarter or month. " + DAY_HINT)
    start = _day("From (for a period from one day to another)")
    end = _day("To (included)")
    submit = SubmitField("Show", widget=GovSubmitInput())

    def chosen(self, today: date) -> Period:
        """The period asked for; the financial year holding today when nothing (or nothing valid) was."""
        if not self.validate():
            return period_of("year", today)
        kind = self.period.data or "year"
        try:
            if kind == "custom":
                return period_of("custom", self.start.data or today, self.end.data or today)
            return period_of(kind, self.on.data or today)
        except PeriodError as error:
            (self.end if kind == "custom" else self.on).errors = [str(error)]
            return period_of("year", today)


def period_args(period: Period) -> dict[str, str]:
    """The query string that chooses ``period`` again (links to lists and downloads)."""
    if period.kind == "custom":
        return {"period": "custom", "start": period.first.isoformat(), "end": period.last.isoformat()}
    return {"period": period.kind, "on": period.first.isoformat()}


class ReviewForm(StaffForm):
    """A case-management review (policy 8.1)."""

    reviewed_on = DateField(
        "Date of the review",
        format=ISO_DAY,
        description=DAY_HINT,
        validators=[InputRequired("Enter the date of the review, like 2026-11-26")],
        widget=GovTextInput(),
    )
    note = TextAreaField(
        "What did the review find or decide?",
        validators=[InputRequired("Write what the review found or decided"), Length(max=2000)],
        widget=GovTextArea(),
    )
    submit = SubmitField("Record the review", widget=GovSubmitInput())


class HomesForm(StaffForm):
    """The homes count NM01 divides by: low-cost rental plus low-cost home ownership."""

    counted_on = DateField(
        "Date the homes were counted",
        format=ISO_DAY,
        description="Usually 31 March, the end of the financial year. " + DAY_HINT,
        validators=[InputRequired("Enter the date of the count, like 2027-03-31")],
        widget=GovTextInput(),
    )
    low_cost_rental = IntegerField(
        "Low-cost rental homes",
        validators=[InputRequired("Enter the number of low-cost rental homes"), NumberRange(min=0, max=10_000_000)],
        widget=GovTextInput(),
    )
    low_cost_home_ownership = IntegerField(
        "Low-cost home ownership homes",
        validators=[
            InputRequired("Enter the number of low-cost home ownership homes (0 if none)"),
            NumberRange(min=0, max=10_000_000),
        ],
        widget=GovTextInput(),
    )
    submit = SubmitField("Save the count", widget=GovSubmitInput())
