"""Issue 15: every catalogue has every message of the source, none fuzzy or empty, each with the English
placeholders; the check itself finds each of those faults. Runs in `make test` (no database needed)."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog

from intake.catalogues import extract, po_path, problems, problems_in, read, translated_languages
from intake.languages import SOURCE, languages, using
from intake.languages import gettext as _


@pytest.fixture(scope="module")
def template() -> Catalog:
    """The English, freshly extracted from the code and templates (not the committed .pot)."""
    return extract()


def test_the_source_marks_the_public_form_texts_and_acknowledgements(template: Catalog) -> None:
    ids = {message.id for message in template}
    for expected in (
        "Who are you reporting as?",  # the form
        "Enter a real postcode, like SW1A 1AA",  # its errors
        "If you are in danger now",  # the emergency text
        "Exit this page",  # the exit
        "Thank you for contacting %(org_name)s.",  # the acknowledgement email
        "%(org_name)s: thank you. Your reference is %(reference)s. We will respond within one working day. "
        "In an emergency call 999.",  # the acknowledgement text
        "%(org_name)s: report %(reference)s is %(state)s. In an emergency call 999.",  # an SMS reply
    ):
        assert expected in ids


@pytest.mark.parametrize("code", [lang.code for lang in translated_languages()])
def test_every_catalogue_is_complete(template: Catalog, code: str) -> None:
    assert problems(languages()[code], template) == []


def test_every_configured_language_has_a_catalogue_and_english_has_none() -> None:
    assert SOURCE in languages() and not po_path(languages()[SOURCE]).exists()
    assert all(po_path(lang).exists() for lang in translated_languages())
    assert {lang.code for lang in languages().values()} == {"en", "en-easy", "pl", "ro", "pa", "ur", "ar"}
    assert {code for code, lang in languages().items() if lang.direction == "rtl"} == {"ur", "ar"}


def test_the_check_finds_a_missing_a_fuzzy_an_empty_message_and_a_lost_placeholder() -> None:
    template = Catalog()
    for message in ("Back", "Continue", "Remove", "Your reference is %(reference)s."):
        template.add(message)
    faulty = Catalog()
    faulty.add("Continue", "Dalej", flags=["fuzzy"])
    faulty.add("Remove", "")
    faulty.add("Your reference is %(reference)s.", "Twój numer referencyjny to %(ref)s.")
    assert problems_in(faulty, template, "pl") == [
        "pl: missing 'Back'",
        "pl: fuzzy 'Continue'",
        "pl: untranslated 'Remove'",
        "pl: placeholders differ in 'Your reference is %(reference)s.'",
    ]


def test_easy_read_sentences_are_short() -> None:
    """Issue 15 item 5: one idea a sentence, at most 15 words."""
    long = []
    for message in read(languages()["en-easy"]):
        for sentence in re.split(r"(?<=[.?!:])\s+", str(message.string or "")):
            if len(sentence.split()) > 15:
                long.append(sentence)
    assert long == []


def test_an_unknown_language_reads_as_english_and_a_known_one_does_not() -> None:
    with using("xx"):
        assert _("Back") == "Back"
    with using("ar"):
        assert _("Back") == "رجوع"
    with using("pa"):
        assert _("Your reference") == "ਤੁਹਾਡਾ ਹਵਾਲਾ ਨੰਬਰ"
