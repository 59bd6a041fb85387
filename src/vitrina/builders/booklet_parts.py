"""The booklet's HTML cut into its parts, and documents made of some of them.

The booklet template marks each top-level part (cover, contents, introduction, one
section per panel, sources, back cover) with ``<!--vitrina-part:ID-->``. Sections run
on, one after another, so a part starts a page only where the layout put it there;
``booklet_sections`` lays out a run of parts that starts at such a page as a document of
its own. This module makes that document say what the whole booklet would have said
around it: the page number and side it starts on, the running head's booklet title
(set on the cover), the sibling a section's top rule depends on, and the contents'
targets (so its links are kept when the sections are elsewhere).

A layout of the curator's own without the marks is laid out whole, as before.
"""

from __future__ import annotations

import hashlib
import html as html_text
import re
from dataclasses import dataclass

_MARK = re.compile(r"<!--vitrina-part:([A-Za-z0-9_.:-]+)-->")
_END = "<!--vitrina-end-->"
#: The first tag of a part: its classes give the stand-in sibling of a run's first part.
_FIRST_TAG = re.compile(r"<(section|nav)\b([^>]*)>")
_CLASS = re.compile(r'\bclass="([^"]*)"')
#: Graphics stand in the parts as marks until drawn (``graphic_mark``).
_GRAPHIC = re.compile(r"<!--vitrina-graphic:([A-Za-z0-9_.:-]+)-->")

#: Parts that begin the booklet: laid out together (the contents' page numbers are
#: printed from the sections' layouts), always from page 1.
FRONT = ("cover", "contents")


@dataclass(frozen=True)
class Part:
    name: str
    html: str


@dataclass(frozen=True)
class BookletHtml:
    """A booklet's HTML as its head, its parts in order and its tail."""

    head: str
    parts: tuple[Part, ...]
    tail: str

    @property
    def names(self) -> list[str]:
        return [part.name for part in self.parts]

    def part(self, name: str) -> Part:
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)

    def whole(self) -> str:
        return self.head + "".join(part.html for part in self.parts) + self.tail


def split_parts(html: str) -> BookletHtml | None:
    """The booklet's parts, or None when the layout does not mark them (a curator's
    own booklet.html) or marks them twice."""
    marks = list(_MARK.finditer(html))
    end = html.find(_END)
    if not marks or end < marks[-1].end():
        return None
    names = [mark.group(1) for mark in marks]
    if len(set(names)) != len(names) or names[: len(FRONT)] != list(FRONT):
        return None
    parts = []
    for index, mark in enumerate(marks):
        stop = marks[index + 1].start() if index + 1 < len(marks) else end
        parts.append(Part(mark.group(1), html[mark.start() : stop]))
    return BookletHtml(html[: marks[0].start()], tuple(parts), html[end:])


def graphic_mark(name: str) -> str:
    """What stands in a part for the graphic of panel ``name`` until it is drawn."""
    return f"<!--vitrina-graphic:{name}-->"


class GraphicMark:
    """A panel's graphic in a template's HTML until a layout needs it drawn: it prints
    its mark, so the HTML can be digested (and cut into parts) without drawing."""

    def __init__(self, name: str):
        self.name = name

    def svg(self) -> str:
        return graphic_mark(self.name)


def graphics_in(html: str) -> list[str]:
    """The panels whose graphic marks are in ``html``."""
    return _GRAPHIC.findall(html)


def with_graphics(html: str, svgs: dict[str, str]) -> str:
    """``html`` with each graphic mark replaced by its drawing."""
    return _GRAPHIC.sub(lambda match: svgs.get(match.group(1), ""), html)


def digest(*texts: str) -> str:
    hasher = hashlib.sha256()
    for text in texts:
        hasher.update(text.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def run_document(
    booklet: BookletHtml,
    names: list[str],
    start_page: int,
    targets: list[str] = (),  # type: ignore[assignment]
) -> str:
    """A document of the parts ``names`` (consecutive, in order) that starts on page
    ``start_page`` of the booklet, as the whole booklet would lay them out from the top of
    that page; ``targets`` are ids the parts link to that are laid out elsewhere."""
    first = names[0]
    index = booklet.names.index(first)
    before = ""
    if index > 0:
        # A stand-in for the part before, so rules for a part after another (a section's
        # top rule) apply as in the whole booklet; it is never displayed.
        tag = _FIRST_TAG.search(booklet.parts[index - 1].html)
        if tag:
            classes = _CLASS.search(tag.group(2))
            kind = tag.group(1)
            before = (
                f'<{kind} class="{classes.group(1) if classes else ""}" '
                f'style="display: none"></{kind}>'
            )
    title = _css_string(cover_title(booklet))
    side = "left" if start_page % 2 == 0 else "right"
    style = (
        "<style>"
        f"@page :first {{ counter-reset: page {start_page}; }}\n"
        f"html {{ break-before: {side}; }}\n"
        f"body {{ string-set: booklet-title {title}; }}\n"
        # A part laid out at a page's top after an unforced break loses its top margin.
        ".vitrina-run-start { margin-top: 0 !important; }\n"
        "</style>"
    )
    stubs = ""
    if targets:
        spans = "".join(f'<span id="{html_text.escape(t, quote=True)}"></span>' for t in targets)
        stubs = (
            '<div aria-hidden="true" style="position: absolute; top: 0; left: 0; '
            f'width: 0; height: 0; overflow: hidden">{spans}</div>'
        )
    head = booklet.head.replace("</head>", style + "</head>", 1)
    body = [_run_start(booklet.part(first).html) if index > 0 else booklet.part(first).html]
    body += [booklet.part(name).html for name in names[1:]]
    return head + stubs + before + "".join(body) + booklet.tail


_COVER_TITLE = re.compile(r'<h1 class="cover-title"[^>]*>(.*?)</h1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def cover_title(booklet: BookletHtml) -> str:
    """The cover's title as its text (what the running head's booklet title is set from)."""
    found = _COVER_TITLE.search(booklet.part("cover").html)
    if not found:
        return ""
    return " ".join(html_text.unescape(_TAG.sub("", found.group(1))).split())


def _run_start(html: str) -> str:
    """The part's first element marked as the start of a run."""

    def mark(match: re.Match[str]) -> str:
        attributes = match.group(2)
        classes = _CLASS.search(attributes)
        if classes:
            attributes = (
                attributes[: classes.start()]
                + f'class="{classes.group(1)} vitrina-run-start"'
                + attributes[classes.end() :]
            )
        else:
            attributes += ' class="vitrina-run-start"'
        return f"<{match.group(1)}{attributes}>"

    return _FIRST_TAG.sub(mark, html, count=1)


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'
