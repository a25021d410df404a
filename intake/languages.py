"""The languages of the public form, texts and acknowledgements: gettext catalogues through Babel (issue 15).

``config/languages.toml`` lists them, one line each; ``translations/<code>/LC_MESSAGES/messages.po``
holds each catalogue (English, the source, has none: its strings are the message ids). The language
in force is the one a caller set (``using``, for a message rendered outside a page) or else the
request's (``g.language``, set by the public form from the visitor's server-side answers); staff
pages never set one and stay in English.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import g, has_app_context
from markupsafe import Markup

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "languages.toml"
CATALOGUES = ROOT / "translations"
SOURCE = "en"
INTERPRETER_WORDS = {"spoken": "interpreter needed", "bsl": "British Sign Language interpreter needed"}

_using: ContextVar[str | None] = ContextVar("language_using", default=None)


@dataclass(frozen=True)
class Language:
    """One language: its code, its name in its own script, its English name, direction, and review state."""

    code: str
    name: str
    english: str
    direction: str = "ltr"
    reviewed: bool = False
    tag: str = ""  # the HTML lang attribute's value, when the code is not a language tag (en-easy)

    @property
    def html_lang(self) -> str:
        return self.tag or self.code

    @property
    def folder(self) -> str:
        """The catalogue's folder: gettext folder names take '_' where a language tag takes '-'."""
        return self.code.replace("-", "_")


@cache
def languages() -> dict[str, Language]:
    """Every configured language by code, in the order configured (English first)."""
    table = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {
        code: Language(
            code,
            row["name"],
            row["english"],
            row.get("dir", "ltr"),
            bool(row.get("reviewed", False)),
            row.get("tag", ""),
        )
        for code, row in table.items()
    }


def language(code: str | None) -> Language:
    """The language with this code, or English for anything unknown."""
    return languages().get(code or SOURCE) or languages()[SOURCE]


def known(code: str | None) -> bool:
    return code is not None and code in languages()


@cache
def translations(code: str) -> NullTranslations:
    """The compiled catalogue for one language; English (and a language not compiled) reads as written."""
    if code == SOURCE or not known(code):
        return NullTranslations()
    folder = CATALOGUES / language(code).folder / "LC_MESSAGES"
    compiled, source = folder / "messages.mo", folder / "messages.po"
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as handle:
            return Translations(handle)
    # Not compiled yet (a fresh checkout before `make translations`): the same, compiled in memory.
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=None)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def current() -> str:
    """The language in force: one set by ``using``, else the public page's, else English."""
    chosen = _using.get()
    if chosen is None and has_app_context():
        chosen = g.get("language")
    return chosen if chosen is not None and known(chosen) else SOURCE


@contextmanager
def using(code: str | None) -> Iterator[None]:
    """Render in ``code`` (an acknowledgement, a text reply) whatever page is being served."""
    token = _using.set(code if known(code) else SOURCE)
    try:
        yield
    finally:
        _using.reset(token)


def gettext(message: str, **values: Any) -> str:
    """``message`` in the language in force, with ``%(name)s`` placeholders filled from ``values``."""
    if not message:
        return message  # gettext("") is the catalogue's header, never a translation
    translated = translations(current()).gettext(message)
    return translated % values if values else translated


def N_(message: str) -> str:
    """Mark a string for the catalogues where it is defined; it is translated where it is shown."""
    return message


def contact_language_words(code: str | None, interpreter: str | None) -> str:
    """What staff read: 'Polish, interpreter needed', 'English, British Sign Language interpreter needed'."""
    parts = [language(code).english if code is not None and known(code) else code or ""]
    if interpreter in INTERPRETER_WORDS:
        parts.append(INTERPRETER_WORDS[interpreter])
    return ", ".join(part for part in parts if part)


def staff_flag(made_in: str, contact_language: str | None, interpreter: str) -> str:
    """The queue's flag for a report staff must answer in another language or with an interpreter; '' if none."""
    contact = contact_language or made_in
    if contact == SOURCE and interpreter not in INTERPRETER_WORDS:
        return ""
    return contact_language_words(contact, interpreter)


def staff_summary(made_in: str, contact_language: str | None, interpreter: str) -> str:
    """The report page's line: the language it was made in, then the one to contact them in."""
    made = language(made_in).english
    contact = staff_flag(made_in, contact_language, interpreter) or contact_language_words(
        contact_language or made_in, interpreter
    )
    return f"Made in {made}; contact in {contact}"


def jinja_gettext(message: str, **values: Any) -> str:
    """For templates (autoescaped): the translation is ours and safe, the values are escaped."""
    translated = translations(current()).gettext(message) if message else message
    if not values:
        return Markup(translated)  # noqa: S704  (our own catalogue text, never user input)
    return Markup(translated) % values  # noqa: S704


def ltr(value: object, tag: str = "", classes: str = "") -> Markup:
    """A number, reference, phone number or postcode kept left to right inside right-to-left text."""
    inner = Markup('<bdi dir="ltr">%s</bdi>') % str(value)
    if not tag:
        return inner
    attribute = Markup(' class="%s"') % classes if classes else Markup("")
    return Markup("<%s%s>%s</%s>") % (Markup(tag), attribute, inner, Markup(tag))  # noqa: S704  (our own tag names)


def link(href: str, text: str) -> Markup:
    return Markup('<a class="govuk-link" href="%s">%s</a>') % (href, text)


def mail_link(address: str) -> Markup:
    return Markup('<a class="govuk-link" href="mailto:%s"><bdi dir="ltr">%s</bdi></a>') % (address, address)


def html_lang_and_dir() -> Markup:
    """GOV.UK Frontend's template writes ``lang="{{ htmlLang }}"`` and has no ``dir``: both, in one value."""
    lang = language(current())
    return Markup('%s" dir="%s') % (lang.html_lang, lang.direction)


def template_values() -> dict[str, Any]:
    """What every page's template may use: the language in force and the list to choose from."""
    return {"current_language": language(current()), "all_languages": list(languages().values())}


def install(env: Any) -> None:
    """The catalogues' functions for page templates (autoescaped HTML)."""
    env.globals.update(_=jinja_gettext, ltr=ltr, link=link, mail_link=mail_link, html_lang_and_dir=html_lang_and_dir)
    env.globals["language_summary"] = staff_summary  # staff pages: always in English
