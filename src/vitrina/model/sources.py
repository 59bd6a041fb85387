"""`exhibit/sources.yaml`: the bibliography, one entry per key."""

from __future__ import annotations

from typing import Literal

from vitrina.model.common import Strict


class Source(Strict):
    """One work the panels draw on: a book, an article, a chapter or an encyclopedia entry."""

    type: Literal["book", "article", "chapter", "encyclopedia", "web", "other"] = "book"
    """What kind of work it is; decides how the entry is printed."""

    authors: list[str] = []
    """Authors as `Surname, Given names`, in the order of the title page."""

    editors: list[str] = []
    """Editors, when the work is an edited volume."""

    title: str
    """Title of the book or article, as printed."""

    container: str | None = None
    """The journal, encyclopedia or series the article or entry appears in."""

    edition: str | None = None
    """Edition, such as `2nd ed.` or `Paperback ed.`"""

    volume: str | None = None
    """Volume of a journal or multi-volume work."""

    issue: str | None = None
    """Issue number of a journal."""

    publisher: str | None = None
    """Publisher."""

    place: str | None = None
    """Place of publication."""

    year: str | None = None
    """Year (or years, such as `1953–1966`) of publication."""

    month: str | None = None
    """Month of publication, for journal issues."""

    pages: str | None = None
    """Pages cited, such as `161–165`."""

    language: str | None = None
    """Language of the work, as a code such as `lt` (printed as the language's name in the
    booklet's language: "Lithuanian", « lituanien »; nothing when it is the booklet's own
    language) or as words printed as written."""

    isbn: str | None = None
    """ISBN."""

    issn: str | None = None
    """ISSN, for journals."""

    doi: str | None = None
    """DOI, such as `10.2307/3000451`."""

    lccn: str | None = None
    """Library of Congress control number."""

    jstor: str | None = None
    """JSTOR identifier."""

    note: str | None = None
    """A short note printed after the entry."""
