"""Outbound wording, rendered from templates/messages. Never a report's content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "messages"

_environment = Environment(
    # Plain-text messages (SMS, email bodies), never HTML: escaping would corrupt them.
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    autoescape=False,  # noqa: S701
)


def render(name: str, **values: Any) -> str:
    """Render one plain-text message template."""
    return _environment.get_template(name).render(**values).strip() + "\n"
