"""The words vitrina prints itself, from gettext catalogues shipped with it.

Each language is one file, ``src/vitrina/locale/<lang>.po``, the usual gettext format that
translators' tools (Poedit, Weblate, Lokalize) edit. It is read with Babel and compiled in
memory when a build first needs it, so no compiled ``.mo`` file is kept in the repository
(nor can one fall out of step with its ``.po``). English is the source language: its
words are the message ids themselves. A language without a catalogue prints English
words, and the build says so (``missing_catalogue``).
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

#: Where the catalogues live: one ``<lang>.po`` per language, and ``vitrina.pot``, the
#: template every catalogue is made from (``python tools/update_catalogues.py``).
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: The source language: its words are the msgids, so it needs no translation.
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 — the gettext convention extractors look for
    """Mark a word for the catalogues where it is defined; it is translated where printed."""
    return message


def base_language(code: str) -> str:
    """`lt` of `lt-LT`, `en` of `en-GB`: the part of a BCP 47 code catalogues are named by."""
    return code.split("-", 1)[0].split("_", 1)[0].lower()


def catalogue_path(code: str) -> Path:
    """The catalogue file of a language (it may not exist)."""
    return LOCALE_DIR / f"{base_language(code)}.po"


def shipped_languages() -> list[str]:
    """Every language vitrina has words for: English and each catalogue shipped."""
    found = {path.stem for path in LOCALE_DIR.glob("*.po")}
    return sorted(found | {SOURCE_LANGUAGE})


def has_catalogue(code: str) -> bool:
    """Whether vitrina prints its own words in this language (English always)."""
    return base_language(code) == SOURCE_LANGUAGE or catalogue_path(code).is_file()


@cache
def _translations(language: str) -> gettext.NullTranslations:
    """A language's catalogue compiled in memory (fuzzy entries left out, as msgfmt
    does); English words when there is none."""
    path = catalogue_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain="vitrina")
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Words:
    """vitrina's words in one language: ``words.gettext("Contents")`` → "Turinys"."""

    def __init__(self, language: str):
        self.language = language
        self._catalogue = _translations(base_language(language))

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalogue.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self._catalogue.npgettext(context, singular, plural, count)

    __call__ = gettext


@cache
def words(language: str) -> Words:
    """vitrina's words in ``language`` (English where it has no catalogue)."""
    return Words(language)
