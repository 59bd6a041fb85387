"""Bring vitrina's word catalogues up to date with its code and templates.

Run after changing a word vitrina prints itself (`python tools/update_catalogues.py`):

1. collects every word marked for translation — `_("…")` and `gettext("…")` in the
   templates (src/vitrina/layouts), `_("…")`, `N_("…")` and `.gettext("…")` in the code —
   into the template src/vitrina/locale/vitrina.pot;
2. merges it into every catalogue src/vitrina/locale/<lang>.po: new words are added
   untranslated, words no longer used are dropped, translations are kept;
3. lists what each language still lacks (tests/test_i18n.py fails until it is translated).

To add a language, copy vitrina.pot to <lang>.po (such as `pt.po`), fill in every
msgstr, and run this script once.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "vitrina"
LOCALE = PACKAGE / "locale"
#: Fixed, so that running the script without changes changes no file.
STAMP = datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC)
HEADER = (
    "# vitrina's own words (contents, sources, colophon, dates…) in one language.\n"
    "# Made from vitrina.pot by tools/update_catalogues.py; MIT, like vitrina."
)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every marked word of the code and templates, with where it is used."""
    catalog = Catalog(
        project="vitrina",
        version="",
        domain="vitrina",
        header_comment=HEADER,
        copyright_holder="vitrina developers",
        msgid_bugs_address="",
        creation_date=STAMP,
        revision_date=STAMP,
        last_translator="vitrina developers",
        language_team="vitrina developers",
        fuzzy=False,
    )
    methods = [("layouts/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
    options = {"layouts/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), methods, options, KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(
            message,
            locations=[(f"src/vitrina/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as handle:
        write_po(
            handle, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True
        )


def main() -> int:
    template = extract()
    write(template, LOCALE / "vitrina.pot")
    print(f"{len(template)} words in {LOCALE / 'vitrina.pot'}")
    for path in sorted(LOCALE.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=path.stem, domain="vitrina")
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.header_comment = HEADER
        catalog.revision_date = STAMP
        catalog.last_translator = "vitrina developers"
        catalog.msgid_bugs_address = ""
        catalog.version = ""
        write(catalog, path)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        state = f"{len(missing)} to translate" if missing else "complete"
        print(f"{path.name}: {state}")
        for message in missing:
            print(f"    {message!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
