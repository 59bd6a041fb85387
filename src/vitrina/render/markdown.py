"""Markdown for curators' text fields, with raw HTML switched off.

Content comes from people who are not programmers, and sometimes from strangers:
HTML in a text field is shown as text, never passed to the layout engine.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

from vitrina.resolve.typography import DEFAULT_LANGUAGE, keep_dates_together, markdown_quotes


@cache
def _parser(language: str | None = DEFAULT_LANGUAGE) -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {
            "html": False,
            "typographer": True,
            "linkify": False,
            "quotes": markdown_quotes(language),
        },
    )
    md.enable(["replacements", "smartquotes"])
    # Images belong in captions panels, where they are checked; validation refuses
    # ![...](...) in text, and the parser would not place one either.
    md.disable("image")
    md.core.ruler.push("local_links_as_text", _local_links_as_text)
    md.core.ruler.push("dates_together", lambda state: _dates_together(state, language))
    return md


def _dates_together(state: StateCore, language: str | None) -> None:
    """No-break spaces inside the dates of every run of text ("9 December 1918")."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "text":
                token.content = keep_dates_together(token.content, language)


#: Link targets a reader of the PDF can follow; anything else (`../notes.html`, `x.pdf`)
#: would become a file:// address on the build machine, so the words stay, unlinked.
_FOLLOWABLE = ("http://", "https://", "mailto:")


def _local_links_as_text(state: StateCore) -> None:
    """Drop the link (not its words) of every target a PDF reader could not follow."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        dropping = False  # Markdown links never nest
        for token in block.children:
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if not href.lower().startswith(_FOLLOWABLE):
                    dropping = True
                    continue
            elif token.type == "link_close" and dropping:
                dropping = False
                continue
            children.append(token)
        block.children = children


def render_block(
    text: str | None, heading_shift: int = 2, language: str | None = DEFAULT_LANGUAGE
) -> Markup:
    """Markdown paragraphs to HTML. Headings are shifted down (`#` becomes h3) because the
    panel's own title is the page's top heading; a curator's heading is a subheading."""
    if not text:
        return Markup("")
    html = _parser(language).render(text)
    for level in range(6, 0, -1):
        new = min(level + heading_shift, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return Markup(html)


def render_inline(text: str | None, language: str | None = DEFAULT_LANGUAGE) -> Markup:
    """Markdown within one line (emphasis, links) without a wrapping paragraph."""
    if not text:
        return Markup("")
    return Markup(_parser(language).renderInline(text))


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
