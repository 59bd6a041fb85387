"""Markdown for curators' text fields, with raw HTML switched off.

Content comes from people who are not programmers, and sometimes from strangers:
HTML in a text field is shown as text, never passed to the layout engine.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "linkify": False})
    md.enable(["replacements", "smartquotes"])
    # Images belong in captions panels, where they are checked; validation refuses
    # ![...](...) in text, and the parser would not place one either.
    md.disable("image")
    return md


def render_block(text: str | None, heading_shift: int = 2) -> Markup:
    """Markdown paragraphs to HTML. Headings are shifted down (`#` becomes h3) because the
    panel's own title is the page's top heading; a curator's heading is a subheading."""
    if not text:
        return Markup("")
    html = _parser().render(text)
    for level in range(6, 0, -1):
        new = min(level + heading_shift, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return Markup(html)


def render_inline(text: str | None) -> Markup:
    """Markdown within one line (emphasis, links) without a wrapping paragraph."""
    if not text:
        return Markup("")
    return Markup(_parser().renderInline(text))


def plain_text(text: str | None) -> str:
    """The words of a Markdown text, for metadata and word counts."""
    if not text:
        return ""
    tokens = _parser().parse(text)
    words: list[str] = []
    for token in tokens:
        if token.type == "inline" and token.children:
            words.extend(child.content for child in token.children if child.type == "text")
    return " ".join(words)
