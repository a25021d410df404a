"""Outbound wording, rendered from templates/messages. Never a report's content."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from intake.languages import gettext, using

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "messages"

_environment = Environment(
    # Plain-text messages (SMS, email bodies), never HTML: escaping would corrupt them.
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    autoescape=False,  # noqa: S701
)


_environment.globals["_"] = gettext


def render(name: str, language: str | None = None, **values: Any) -> str:
    """Render one plain-text message template, in ``language`` (a code; English when None or unknown)."""
    with using(language) if language is not None else nullcontext():
        return _environment.get_template(name).render(**values).strip() + "\n"
