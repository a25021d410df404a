"""The question pages, in order: one question per page, each shown only when it applies.

The sequence is a table so the order, the wording for each kind of reporter (policy 4.5) and
the conditions live in one place; views.py runs it and submit.py reads the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from channels.web import contact_forms as cf
from channels.web import forms as f
from channels.web.conditions import (
    Answers,
    acknowledgement_methods,
    acknowledgement_possible,
    all_of,
    answered,
    asking_wishes,
    consent_asked,
    contact_consent_asked,
    messages_possible,
    page_answer,
    reporter_contactable,
    role,
    third_party,
    victim_contactable,
)
from intake.public import N_
from intake.public import gettext as _

__all__ = ["BY_SLUG", "PAGES", "UPLOAD_SLUG", "Answers", "Page", "page_answer", "role"]
UPLOAD_SLUG = "photos-and-documents"


@dataclass(frozen=True)
class Page:
    """One question: its address, form, main field, wording by reporter role, and when it is asked."""

    slug: str
    form: type[f.QuestionForm]
    field: str
    question: str | dict[str, str] | None = None  # None: the form's own label; dict: by reporter role
    required: str | None = None
    summary: str | None = None  # the row's name on the check-answers page
    applies: Callable[[Answers], bool] = lambda answers: True
    template: str = "web/question.html"
    hint: str | None = None
    heading: str | None = None  # the page's h1 when the main question is not the heading

    def wording(self, answers: Answers) -> str | None:
        if isinstance(self.question, dict):
            key = "wishes" if asking_wishes(answers) and "wishes" in self.question else role(answers)
            return self.question.get(key, self.question["other"])
        return self.question

    def make_form(self, answers: Answers, **kw: Any) -> f.QuestionForm:
        """The page's form, worded for this reporter; ``kw`` as for a FlaskForm (formdata, data)."""
        form = self.form(**kw)
        question = self.wording(answers)
        if question is not None:
            form.set_question(self.field, question, self.required)
        if self.hint is not None:
            form[self.field].description = _(self.hint)
        if isinstance(form, cf.AcknowledgementForm):
            form.offer_only(acknowledgement_methods(answers))
        if isinstance(form, f.ConsentForm) and not asking_wishes(answers):
            form.own_consent()
        return form


def _agree(third_party: str, other: str, wishes: str) -> dict[str, str]:
    """A consent question worded for each reporter: the victim's own, a third party's, or their wishes."""
    return {"third_party": third_party, "other": other, "wishes": wishes}


PAGES: tuple[Page, ...] = (
    Page("who", f.RoleForm, "role", summary=N_("Reporting as")),
    Page("what-happened", f.IncidentTypesForm, "incident_types", summary=N_("What happened")),
    Page("why", f.CharacteristicsForm, "characteristics", summary=N_("Why you think it happened")),
    Page(
        "when",
        f.WhenForm,
        "occurred_on",
        summary=N_("When"),
        template="web/when.html",
        heading=N_("When did it happen?"),
    ),
    Page("where", f.WhereForm, "where", summary=N_("Where")),
    Page(
        "address",
        f.AddressForm,
        "address",
        summary=N_("Address"),
        template="web/address.html",
        heading=N_("What is the address?"),
        applies=answered("where", "where", "address"),
    ),
    Page("place", f.PlaceForm, "area", summary=N_("Place"), applies=answered("where", "where", "area")),
    Page("in-your-own-words", f.DescriptionForm, "description", summary=N_("In your own words")),
    # Policy 4.4: safeguarding signs make a report immediate priority with a risk assessment.
    Page(
        "anyone-hurt",
        f.YesNoNotSureForm,
        "answer",
        N_("Was anyone hurt?"),
        N_("Select yes if anyone was hurt"),
        summary=N_("Anyone hurt"),
    ),
    Page(
        "children",
        f.YesNoNotSureForm,
        "answer",
        N_("Are any children affected?"),
        N_("Select yes if any children are affected"),
        summary=N_("Children affected"),
    ),
    Page(
        "unsafe-at-home",
        f.YesNoNotSureForm,
        "answer",
        {
            "victim": N_("Do you feel unsafe in your home because of this?"),
            "other": N_("Does the person it happened to feel unsafe in their home because of this?"),
        },
        N_("Select yes if they feel unsafe at home"),
        summary=N_("Unsafe at home"),
    ),
    # Policy 4.10: repairs as an emergency, offensive graffiti removed, both within 24 hours.
    Page(
        "damage",
        f.YesNoNotSureForm,
        "answer",
        N_("Is there damage to a home or property that needs repairing?"),
        N_("Select yes if there is damage to repair"),
        summary=N_("Damage to repair"),
        # Policy 4.10 keeps repairs and graffiti removal apart: graffiti alone is not damage to repair.
        hint=(
            N_(
                "For example, a broken door, window or lock, or fire damage. Do not count graffiti here: "
                "the next question is about graffiti."
            )
        ),
    ),
    Page(
        "graffiti",
        f.YesNoNotSureForm,
        "answer",
        N_("Is there offensive graffiti that needs removing?"),
        N_("Select yes if there is graffiti to remove"),
        summary=N_("Graffiti to remove"),
        hint=(
            N_(
                "For example, words or symbols painted or written on a door or wall. If graffiti is the only "
                "damage, say yes here only, and no to the question about repairs."
            )
        ),
    ),
    Page(
        "person-responsible",
        f.ResponsibleForm,
        "known",
        summary=N_("The person responsible"),
        template="web/responsible.html",
    ),
    Page(
        UPLOAD_SLUG,
        f.QuestionForm,
        "files",
        summary=N_("Photos and documents"),
        template="web/upload.html",
        heading=N_("Photos and documents (optional)"),
    ),
    Page("contact", cf.ContactChoiceForm, "contact", summary=N_("Can we contact you")),
    Page("your-name", cf.NameForm, "name", summary=N_("Your name"), applies=reporter_contactable),
    Page(
        "contact-methods",
        cf.MethodsForm,
        "methods",
        summary=N_("Safe ways to contact you"),
        applies=reporter_contactable,
        template="web/methods.html",
    ),
    Page(
        "messages-safe",
        f.YesNoForm,
        "answer",
        N_("Is it safe for us to leave a voicemail or send you a message?"),
        N_("Select yes if it is safe to leave a message"),
        summary=N_("Messages safe"),
        applies=all_of(reporter_contactable, messages_possible("")),
    ),
    Page(
        "send-reference",
        cf.AcknowledgementForm,
        "send",
        summary=N_("Send your reference"),
        applies=acknowledgement_possible,
    ),
    # Policy 4.5: a third party reports for the victim; how to reach the victim safely, if at all.
    Page(
        "victim-contact",
        f.YesNoForm,
        "answer",
        N_("Can we contact the person it happened to?"),
        N_("Select yes if we can contact them"),
        summary=N_("Can we contact them"),
        applies=third_party,
        hint=N_("Only say yes if it is safe for us to contact them."),
    ),
    Page(
        "victim-name",
        cf.NameForm,
        "name",
        N_("What is their name? (optional)"),
        summary=N_("Their name"),
        applies=victim_contactable,
    ),
    Page(
        "victim-contact-methods",
        cf.VictimMethodsForm,
        "methods",
        N_("How is it safe to contact them?"),
        N_("Select at least one safe way to contact them"),
        summary=N_("Safe ways to contact them"),
        applies=victim_contactable,
        template="web/methods.html",
    ),
    Page(
        "victim-messages-safe",
        f.YesNoForm,
        "answer",
        N_("Is it safe for us to leave them a voicemail or send them a message?"),
        N_("Select yes if it is safe to leave them a message"),
        summary=N_("Messages safe for them"),
        applies=all_of(victim_contactable, messages_possible("victim-")),
    ),
    Page(
        "victim-agrees",
        f.YesNoNotSureForm,
        "answer",
        N_("Does the person it happened to know about this report and agree to it?"),
        N_("Select yes if they know about this report and agree to it"),
        summary=N_("They know and agree"),
        applies=third_party,
    ),
    # Policy 5.2 to 5.4: each consent is its own question, never assumed.
    Page(
        "consent-contact",
        f.ConsentForm,
        "answer",
        _agree(
            N_("Does the person it happened to agree to us contacting them about this report?"),
            N_("Do you agree to us contacting you about this report?"),
            N_("As far as you know, would the person it happened to agree to us contacting them about this report?"),
        ),
        N_("Select yes if you agree to being contacted"),
        summary=N_("Agrees to contact"),
        applies=contact_consent_asked,
    ),
    Page(
        "consent-police",
        f.ConsentForm,
        "answer",
        _agree(
            N_("Does the person it happened to agree to us sharing this report with the police?"),
            N_("Do you agree to us sharing this report with the police?"),
            N_("As far as you know, would the person it happened to agree to us sharing this report with the police?"),
        ),
        N_("Select yes if you agree to us sharing it with the police"),
        summary=N_("Agrees to share with police"),
        applies=consent_asked,
        hint=N_("We only share without agreement where the law requires it or someone is at risk."),
    ),
    Page(
        "consent-partners",
        f.ConsentForm,
        "answer",
        _agree(
            N_(
                "Does the person it happened to agree to us sharing this report with partner agencies, "
                "such as the council or victim support?"
            ),
            N_("Do you agree to us sharing this report with partner agencies, such as the council or victim support?"),
            N_(
                "As far as you know, would the person it happened to agree to us sharing this report with "
                "partner agencies, such as the council or victim support?"
            ),
        ),
        N_("Select yes if you agree to us sharing it with partner agencies"),
        summary=N_("Agrees to share with partners"),
        applies=consent_asked,
    ),
    Page(
        "consent-panel",
        f.ConsentForm,
        "answer",
        _agree(
            N_("Does the person it happened to agree to us referring this report to a multi-agency panel?"),
            N_("Do you agree to us referring this report to a multi-agency panel?"),
            N_(
                "As far as you know, would the person it happened to agree to us referring this report to a "
                "multi-agency panel?"
            ),
        ),
        N_("Select yes if you agree to a referral to a multi-agency panel"),
        summary=N_("Agrees to a multi-agency panel"),
        applies=consent_asked,
        hint=N_("A panel brings together agencies, such as the police, council and health services, to support you."),
    ),
)
BY_SLUG = {page.slug: page for page in PAGES}


def applicable(answers: Answers) -> list[Page]:
    """The pages this reporter is asked, in order, given their answers so far."""
    return [page for page in PAGES if page.applies(answers)]


def first_unanswered(answers: Answers) -> Page | None:
    """Where to go next: the first page that applies and has not been answered."""
    return next((page for page in applicable(answers) if page.slug not in answers.get("pages", {})), None)


def previous(answers: Answers, page: Page) -> Page | None:
    """The page before this one for this reporter, for the back link."""
    pages = applicable(answers)
    index = pages.index(page) if page in pages else 0
    return pages[index - 1] if index > 0 else None
