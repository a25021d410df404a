"""HTML mail bodies as the plain text a person wrote: the report keeps words, never markup.

``nh3`` (the maintained successor of ``bleach``) parses the HTML as a browser would, drops
scripts and styles with their content and every tag but a few block elements; those become
line breaks, and entities are decoded last so that ``&lt;b&gt;`` stays the text ``<b>``.
"""

from __future__ import annotations

import html
import re

import nh3

BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
)
DROPPED_WITH_CONTENT = frozenset({"script", "style", "title", "head", "template", "noscript"})
_BLOCK = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body: no tags, no script or style content, entities decoded."""
    kept = nh3.clean(
        markup,
        tags=set(BLOCK_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={},
        strip_comments=True,
        link_rel=None,
    )
    flowed = _BLOCK.sub("\n", _SPACES.sub(" ", kept))
    lines = (html.unescape(line).strip() for line in flowed.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
