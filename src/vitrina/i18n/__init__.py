"""vitrina's own words in the exhibition's languages, and the languages of the content.

``catalogues`` reads the gettext catalogues (``src/vitrina/locale/<lang>.po``) for the
words vitrina prints itself; ``formats`` writes dates, numbers and lists the CLDR way
(Babel) for a language. Text fields given per language (``title: {lt: …, en: …}``) are
read by ``vitrina.validate.languages``. This package imports nothing of vitrina's, so every
stage may use it.
"""

from vitrina.i18n.catalogues import N_, Words, words

__all__ = ["N_", "Words", "words"]
