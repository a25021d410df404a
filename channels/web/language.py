"""The visitor's language (issue 15): chosen from the list on every page, kept with the server-side answers.

``?lang=pl`` is the only thing a URL ever carries: the choice is saved with the answers and the page
is shown again without it. ``Accept-Language`` only suggests ("this page is also in Polski"); it never
decides. An unknown code is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g, redirect, request
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from channels.web import answers as store
from intake.public import SOURCE, Language, known, language, languages, using
from intake.public import gettext as _

EASY_READ = "en-easy"
# Easy Read: a simple picture beside each question (decorative: the words say it all), in static/icons/.
ICONS = {
    "who": "person",
    "what-happened": "speech",
    "why": "question",
    "when": "calendar",
    "where": "pin",
    "address": "home",
    "place": "pin",
    "in-your-own-words": "pencil",
    "anyone-hurt": "plaster",
    "children": "child",
    "unsafe-at-home": "home",
    "damage": "tools",
    "graffiti": "spray",
    "person-responsible": "person",
    "photos-and-documents": "camera",
    "contact": "phone",
    "your-name": "person",
    "contact-methods": "phone",
    "messages-safe": "phone",
    "send-reference": "envelope",
    "victim-contact": "phone",
    "victim-name": "person",
    "victim-contact-methods": "phone",
    "victim-messages-safe": "phone",
    "victim-agrees": "tick",
    "consent-contact": "tick",
    "consent-police": "tick",
    "consent-partners": "tick",
    "consent-panel": "tick",
}


def choose() -> BaseResponse | None:
    """Run before every public page: the language in force, and a new choice saved with the answers."""
    answers = store.current()
    g.language = (answers or {}).get("language", SOURCE)
    wanted = request.args.get("lang")
    if wanted is None or request.method != "GET":
        return None
    if known(wanted):
        answers = answers if answers is not None else store.fresh()
        answers["language"] = wanted
        store.save(answers)
        g.language = wanted
    return redirect(request.path, 303)


def suggestion() -> Language | None:
    """A language the browser prefers that the visitor has not chosen: offered, never imposed."""
    answers = store.current() or {}
    if "language" in answers or g.get("language", SOURCE) != SOURCE:
        return None
    offered = [code for code in languages() if code != EASY_READ]
    best = request.accept_languages.best_match(offered)
    return language(best) if best and best != SOURCE else None


def template_values() -> dict[str, Any]:
    """For the public templates: the suggestion, in its own language, and the question pictures."""
    suggested = suggestion()
    words = None
    if suggested is not None:
        with using(suggested.code):
            words = _("This page is also in %(language)s", language=suggested.name)
    return {"suggested_language": suggested, "suggested_language_words": words, "icon": icon}


def icon(page: Any) -> Markup:
    """The question's picture in Easy Read (decorative, so empty alt text); nothing in other languages."""
    name = ICONS.get(getattr(page, "slug", ""))
    if g.get("language") != EASY_READ or name is None:
        return Markup("")
    asset_url: Callable[[str], str] = current_app.jinja_env.globals["asset_url"]  # type: ignore[assignment]
    return Markup('<img class="app-question-icon" src="%s" alt="" width="48" height="48">') % asset_url(
        f"icons/{name}.svg"
    )
