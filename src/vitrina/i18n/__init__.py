"""vitrina's own words in the exhibition's languages, and the languages of the content.

``catalogues`` reads the gettext catalogues (``src/vitrina/locale/<lang>.po``) for the
words vitrina prints itself; ``formats`` writes dates, numbers and lists the CLDR way
(Babel) for a language; ``content`` reads text fields given per language
(``title: {lt: …, en: …}``) and makes one view of the exhibition per language.
"""

from vitrina.i18n.catalogues import N_, Words, words

__all__ = ["N_", "Words", "words"]
