"""vitrina's own words from catalogues, CLDR dates, and text given per language.

Fast tests, no rendering: the catalogues are complete and printable, dates keep their
precision in every language, and `title: {lt: …, en: …}` is validated, located and
reported like any other field (tests/test_bilingual.py builds a bilingual exhibition).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from vitrina.build import check
from vitrina.errors import ContentError
from vitrina.i18n.catalogues import LOCALE_DIR, shipped_languages, words
from vitrina.i18n.formats import format_day, format_range
from vitrina.report.preflight import assemble
from vitrina.validate.glyphs import covered

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "examples" / "guide"
#: The languages vitrina promises its own words in (README).
PROMISED = ("en", "lt", "lv", "et", "pl", "de", "fr", "ru")
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalogue(language: str):  # noqa: ANN202
    with (LOCALE_DIR / f"{language}.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _extracted() -> set[str]:
    spec = importlib.util.spec_from_file_location(
        "update_catalogues", REPO / "tools" / "update_catalogues.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {message.id for message in module.extract() if message.id}


def test_the_promised_languages_ship() -> None:
    assert set(PROMISED) <= set(shipped_languages())


def test_the_template_holds_every_word_the_code_and_templates_print() -> None:
    with (LOCALE_DIR / "vitrina.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert template == _extracted(), "run python tools/update_catalogues.py"
    assert {"Contents", "Sources", "On show", "In the exhibition"} <= template


@pytest.mark.parametrize("language", [code for code in PROMISED if code != "en"])
def test_every_word_is_translated_and_printable(language: str) -> None:
    with (LOCALE_DIR / "vitrina.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    catalogue = _catalogue(language)
    messages = {m.id: m for m in catalogue if m.id}
    assert set(messages) == template
    fonts = covered()
    for msgid, message in messages.items():
        assert message.string and not message.fuzzy, f"{language}: {msgid!r} untranslated"
        assert set(_PLACEHOLDER.findall(message.string)) == set(_PLACEHOLDER.findall(msgid)), (
            f"{language}: {msgid!r} → {message.string!r} changes the placeholders"
        )
        missing = [c for c in message.string if ord(c) not in fonts and not c.isspace()]
        assert not missing, f"{language}: {message.string!r} has no glyph for {missing}"
        assert words(language).gettext(msgid) == message.string


def test_a_language_without_a_catalogue_prints_english_words() -> None:
    assert words("pt").gettext("Contents") == "Contents"
    assert words("lt-LT").gettext("Contents") == "Turinys"


@pytest.mark.parametrize("language", PROMISED)
def test_dates_keep_their_precision_in_every_language(language: str) -> None:
    day = dt.date(1918, 12, 9)
    year = format_day(day, language, "year")  # "1918", or "1918. g." in Latvian
    assert year.startswith("1918") and len(year) <= 9
    month = format_day(day, language, "month")
    full = format_day(day, language, "day")
    assert "9" not in month.replace("1918", "")
    assert "9" in full.replace("1918", "")
    assert "1918" in month and "1918" in full
    span = format_range(day, dt.date(1919, 2, 1), language)
    assert "1918" in span and "1919" in span
    fonts = covered()
    for text in (year, month, full, span, format_day(day, language, "day", "short")):
        assert all(ord(c) in fonts for c in text), f"{language}: {text!r} has no glyph"


def test_dates_in_the_languages_own_words() -> None:
    day = dt.date(1918, 12, 9)
    assert format_day(day, "en") == "9\u00a0December\u00a01918"
    assert format_day(day, "lt") == "1918\u00a0m.\u00a0gruodžio\u00a09\u00a0d."
    assert format_day(day, "de") == "9.\u00a0Dezember\u00a01918"
    assert format_day(day, "ru") == "9\u00a0декабря\u00a01918\u202fг."  # CLDR's narrow space
    assert format_day(day, "en-US") == "December\u00a09,\u00a01918"


# --- text given per language -------------------------------------------------------


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """A copy of the bilingual example exhibition (content only)."""
    shutil.copytree(GUIDE / "exhibit", tmp_path / "guide" / "exhibit")
    return tmp_path / "guide"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(root)
    return [str(p) for p in caught.value.problems]


def test_the_guide_is_bilingual_and_complete(guide: Path) -> None:
    exhibit = check(guide)
    assert exhibit.languages == ["lt", "en"]
    assert exhibit.exhibition.title == "Kaip dirba vitrina"
    english = exhibit.in_language("en")
    assert english.exhibition.title == "How vitrina works"
    assert english.exhibition.language == "en"
    assert english.panels[0].panel.title == "From text to print"
    assert english.panels[0].panel.quotes[0].text == "One file, two languages, every print."
    assert english.sources["cldr"].note == "How each language writes dates, numbers and lists."
    assert exhibit.panels[0].panel.title == "Iš teksto į spaudą"
    assert exhibit.translation_gaps == []  # no translation is missing


def test_a_missing_translation_is_a_located_warning(guide: Path) -> None:
    panel = guide / "exhibit" / "text.yaml"
    _edit(panel, "  en: Step one\n", "")
    _edit(panel, "title:\n  lt: Iš teksto į spaudą\n  en: From text to print", "title: Iš teksto")
    exhibit = check(guide)
    found = {str(w) for w in exhibit.translation_gaps}
    eyebrow = f"exhibit/text.yaml:{_line(panel, 'eyebrow:') + 1}:"
    title = f"exhibit/text.yaml:{_line(panel, 'title: Iš teksto')}:"
    assert any(m.startswith(eyebrow) and "eyebrow: no English (en) text" in m for m in found)
    assert any(m.startswith(title) and "title: no English (en) text" in m for m in found)
    # the primary language's words stand in, never a gap
    assert exhibit.in_language("en").panels[0].panel.title == "Iš teksto"
    assert exhibit.in_language("en").panels[0].panel.eyebrow == "Pirmas žingsnis"
    # the preflight reports them as warnings, so `build --strict` refuses the build
    content = assemble(exhibit, [], ("proof",))
    located = {f.location for f in content.warnings if f.check == "translation"}
    assert {eyebrow.rstrip(":"), title.rstrip(":")} <= {loc.rsplit(":", 1)[0] for loc in located}


def test_names_need_no_translation(guide: Path) -> None:
    exhibit = check(guide)  # curators, organisation and source titles are plain
    assert exhibit.in_language("en").exhibition.curators == ["vitrina developers"]


def test_a_language_the_exhibition_lacks_is_an_error(guide: Path) -> None:
    panel = guide / "exhibit" / "cycle.yaml"
    _edit(panel, "      en: Texts are written", "      de: Texte werden geschrieben")
    [message] = _problems(guide)
    assert message.startswith(f"exhibit/cycle.yaml:{_line(panel, 'de: Texte')}:")
    assert "'de' is not one of the exhibition's languages (lt, en)" in message


def test_a_field_that_is_not_text_cannot_be_translated(guide: Path) -> None:
    panel = guide / "exhibit" / "cycle.yaml"
    _edit(panel, "  - date: 2026-11\n", "  - date: {lt: 2026-11, en: 2026-11}\n")
    problems = _problems(guide)
    assert any("events[0].date: this field is not text to translate" in p for p in problems)


def test_an_error_in_a_translation_names_its_own_line(guide: Path) -> None:
    panel = guide / "exhibit" / "outputs.yaml"
    _edit(
        panel,
        "      en: One poster for each panel, in both languages.",
        "      en: One poster ![scan](x.jpg) for each panel.",
    )
    [message] = _problems(guide)
    assert message.startswith(f"exhibit/outputs.yaml:{_line(panel, '![scan]')}:")
    assert "items[0].caption" in message


def test_language_and_languages_must_agree(guide: Path) -> None:
    settings = guide / "exhibit" / "exhibition.yaml"
    _edit(settings, "languages: [lt, en]\n", "languages: [lt, en]\nlanguage: en\n")
    [message] = _problems(guide)
    assert message.startswith(f"exhibit/exhibition.yaml:{_line(settings, 'language: en')}:")
    assert "give only 'languages'" in message


def test_a_language_without_words_is_a_located_warning(sample_dir: Path) -> None:
    settings = sample_dir / "exhibit" / "exhibition.yaml"
    _edit(settings, "language: en", "language: pt")
    exhibit = check(sample_dir)
    [warning] = [str(w) for w in exhibit.translation_gaps]
    assert warning.startswith(f"exhibit/exhibition.yaml:{_line(settings, 'language: pt')}:")
    assert "in English" in warning


def test_an_empty_title_in_one_language_is_an_error(guide: Path) -> None:
    panel = guide / "exhibit" / "text.yaml"
    _edit(panel, "  en: From text to print", '  en: " "')
    [message] = _problems(guide)
    line = _line(panel, 'en: " "')
    assert message.startswith(f"exhibit/text.yaml:{line}:")
    assert "title.en: this is empty" in message


def test_new_with_languages_starts_a_bilingual_exhibition(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vitrina.cli import main

    folder = tmp_path / "show"
    result = CliRunner().invoke(main, ["new", str(folder), "--languages", "lt,en"])
    assert result.exit_code == 0, result.output
    exhibit = check(folder)
    assert exhibit.languages == ["lt", "en"]
    assert exhibit.translation_gaps == []
    assert exhibit.in_language("en").panels[0].panel.title == "The first panel"
    wrong = CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--languages", "Lithuanian"])
    assert wrong.exit_code != 0 and "not a language code" in wrong.output


def _drawn_texts(drawing) -> str:  # noqa: ANN001
    from reportlab.graphics.shapes import Group, String

    found: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        for item in getattr(node, "contents", []):
            if isinstance(item, String):
                found.append(item.text)
            elif isinstance(item, Group):
                walk(item)

    walk(drawing)
    return " ".join(found)


def test_graphics_speak_the_language_and_carry_the_second(sample_dir: Path) -> None:
    from vitrina.draw import GraphicStyle, draw_panel

    exhibit = check(sample_dir)
    chart = exhibit.panel("money").panel
    other = chart.model_copy(
        update={"bars": [b.model_copy(update={"label": f"LT {b.label}"}) for b in chart.bars]}
    )
    english = _drawn_texts(draw_panel(chart, 160, 120, GraphicStyle(font_pt=8)).drawing)
    both = _drawn_texts(
        draw_panel(
            chart, 160, 120, GraphicStyle(font_pt=8, language="lt", also=(("en", other),))
        ).drawing
    )
    assert "linear scale" in english or "logarithmic scale" in english
    assert "logaritminė skalė" in both or "tiesinė skalė" in both
    assert f"LT {chart.bars[0].label}".split()[0] in both and "LT" not in english
    front = exhibit.panel("front-line").panel
    renamed = front.model_copy(
        update={
            "lines": [line.model_copy(update={"name": "Fronto linija"}) for line in front.lines]
        }
    )
    drawn = _drawn_texts(
        draw_panel(
            front, 160, 200, GraphicStyle(font_pt=7, language="lt", also=(("en", renamed),))
        ).drawing
    )
    assert "Fronto linija" in drawn and "km" in drawn
    assert "Š" in drawn or "R" in drawn  # compass points in Lithuanian
    # … and in English too, where they differ: a reader of either can tell north.
    assert "Š/N" in drawn and any(text.endswith("°R/E") for text in drawn.split())
    russian = _drawn_texts(
        draw_panel(
            front, 160, 200, GraphicStyle(font_pt=7, language="ru", also=(("en", front),))
        ).drawing
    )
    assert " км / " in russian and " km" in russian  # the scale in both: '50 км / 50 km'


def test_files_made_per_language_are_checked_as_their_kind() -> None:
    import vitrina.builders  # noqa: F401 — registers the outputs
    from vitrina.builders.registry import file_kind_of

    assert file_kind_of("booklet-lt.pdf") == "booklet"
    assert file_kind_of("print/booklet-imposed-en.pdf") == "imposed"
    assert file_kind_of("archive/handout-pt-BR.pdf") == "handout"
    assert file_kind_of("posters/x-en.pdf") == "poster"


def test_second_language_elements_name_their_language(guide: Path) -> None:
    """The labels' HTML marks every English element lang="en" (hyphenation and quotes
    follow it) inside the Lithuanian document; no rendering needed to see it."""
    from vitrina.builders.base import BuildContext
    from vitrina.builders.labels import labels_of
    from vitrina.resolve.layouts import Layouts, render_template

    exhibit = check(guide)
    context = BuildContext(exhibit, Layouts.for_exhibition(exhibit.root))
    html = render_template(
        context.env, "labels.html", {**context.template_context(), "labels": labels_of(context)}
    )
    assert '<html lang="lt">' in html
    assert '<p class="label-title-second second" lang="en">Poster</p>' in html
    assert 'lang="en">One poster for each panel' in html.replace("<p>", "")


def test_an_objects_date_given_per_language_is_on_its_labels_second_line(guide: Path) -> None:
    """A caption item's date given per language ("apie 2026 m." / "about 2026") is on the
    English title line of its label, as the Lithuanian is on the Lithuanian's."""
    from vitrina.builders.base import BuildContext
    from vitrina.builders.labels import labels_of
    from vitrina.resolve.layouts import Layouts, render_template

    panel = guide / "exhibit" / "outputs.yaml"
    text = panel.read_text(encoding="utf-8")
    panel.write_text(
        text.replace('date: "2026"', 'date: {lt: "apie 2026 m.", en: "about 2026"}', 1),
        encoding="utf-8",
    )
    exhibit = check(guide)
    context = BuildContext(exhibit, Layouts.for_exhibition(exhibit.root))
    html = render_template(
        context.env, "labels.html", {**context.template_context(), "labels": labels_of(context)}
    )
    assert "apie 2026 m." in html
    assert (
        '<p class="label-title-second second" lang="en">Poster'
        '<span class="label-date">, about 2026</span></p>'
    ) in html


def test_an_exhibition_s_days_name_the_year_once() -> None:
    """A cover's "3 avril – 14 novembre 2027", not the year twice; a year-first language
    keeps it at the front; French writes the first of a month as « 1er »."""
    from vitrina.i18n.formats import format_day_span

    opens, closes = dt.date(2027, 4, 3), dt.date(2027, 11, 14)
    plain = {lang: format_day_span(opens, closes, lang).replace("\u00a0", " ") for lang in PROMISED}
    assert plain["en"] == "3 April – 14 November 2027"
    assert plain["fr"] == "3 avril – 14 novembre 2027"
    assert plain["lt"] == "2027 m. balandžio 3 d. – lapkričio 14 d."
    for lang, text in plain.items():
        assert text.count("2027") == 1, (lang, text)
    across = format_day_span(dt.date(2026, 12, 1), dt.date(2027, 3, 1), "fr")
    assert across.replace("\u00a0", " ") == "1er décembre 2026 – 1er mars 2027"
    assert format_day(dt.date(1918, 12, 1), "fr").startswith("1er")
    assert format_day(dt.date(1918, 12, 11), "fr").startswith("11\u00a0")
