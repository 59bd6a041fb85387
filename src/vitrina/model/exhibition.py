"""`exhibit/exhibition.yaml`: the exhibition as a whole and its output settings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from vitrina.model.common import LocalPath, Markdown, PaperSize, Strict

_LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


class PosterSettings(Strict):
    """How posters are made (one poster per panel)."""

    size: PaperSize = "A1"
    """Paper size of every poster: A0, A1, A2, A3, A4, or width x height in mm such as
    `700 x 1000`. A panel can set its own under `poster: size:`."""

    orientation: Literal["portrait", "landscape"] = "portrait"
    """`portrait` (tall) or `landscape` (wide)."""

    bleed_mm: float = Field(3, ge=0, le=3.5)
    """Bleed in mm: how far the background runs past the trim so no white edge shows after
    cutting. 3 mm is the print-shop standard (WeasyPrint caps the BleedBox at 3.5 mm)."""

    crop_marks: bool = False
    """Put each poster on a slightly larger sheet with crop marks outside the bleed."""

    min_body_pt: float = Field(20, ge=8, le=48)
    """When a panel's text is too long for its poster, vitrina shrinks the type, but never
    below this body size in points (on an A1 poster; on other sizes the floor scales with
    the paper, like the type). If it still does not fit, the build stops and says by how
    much the panel is over."""


class ImpositionSettings(Strict):
    """How the booklet is imposed for saddle stitching (`output/booklet-imposed.pdf`)."""

    sheet: PaperSize = "320 x 225"
    """The press sheet, landscape: `320 x 225` (SRA4) by default, which leaves room for crop
    marks around the A4 spread; `A4` fits the spread exactly, without marks."""

    creep_mm: float = Field(0.0, ge=0, le=5)
    """Creep compensation: how far (mm) the pages of the innermost sheet move towards the
    spine; outer sheets move proportionally less. Ask your printer; 0 for thin booklets."""

    marks: bool = True
    """Draw crop and fold marks outside the trim (only when the sheet has room for them)."""


class BookletSettings(Strict):
    """How the booklet (the catalogue of the exhibition) is made."""

    size: PaperSize = "A5"
    """Page size of the booklet: A5 by default."""

    title: str | None = None
    """Title on the booklet's cover, if it should differ from the exhibition title."""

    imposition: ImpositionSettings = ImpositionSettings()
    """Settings for the imposed, print-ready version of the booklet."""


class LabelSettings(Strict):
    """How object labels are made: one card per captions item, n-up on sheets with cut marks
    (`output/labels.pdf`), and one PDF per card (`output/labels/`) for printers who want
    singles."""

    size: PaperSize = "148 x 105"
    """Size of one label card, such as `148 x 105` (A6 landscape, the default) or
    `100 x 70`, in mm."""

    sheet: PaperSize = "A4"
    """The sheet the cards are printed on, several to a sheet: `A4` or `A3` (or a size in mm).
    vitrina turns the sheet whichever way fits more cards."""

    gutter_mm: float = Field(6, ge=0, le=30)
    """Space between cards on the sheet, in mm."""

    margin_mm: float = Field(10, ge=8, le=40)
    """Space around the cards at the sheet's edges, in mm; the cut marks are drawn there,
    so it cannot be less than 8 mm."""

    body_pt: float = Field(13, ge=10, le=36)
    """Type size of the caption on a label in points (for a 105 mm tall card; other sizes
    scale with the card). Long captions are fitted down, never below 10 pt."""


class HandoutSettings(Strict):
    """The visitor handout (`output/handout.pdf`): the exhibition on one sheet of paper for
    the office printer, made from the same YAML as everything else."""

    format: Literal["sheet", "trifold"] = "sheet"
    """`sheet`: an A4 page printed on both sides. `trifold`: an A4 sheet printed on both
    sides across (landscape) and folded in three, cover outside on the right."""

    grey: bool = False
    """Print in shades of grey only, for black-and-white printers: the map's front line and
    the chart are told apart by dashes, weights and labels, not colour. `vitrina build
    --grey` does the same for one build."""

    reading: int = Field(6, ge=0, le=30)
    """How many sources to list under "Further reading", in the order the panels first
    cite them."""


class VisitDetails(Strict):
    """How to visit the exhibition, for the handout's "Visit" block. Each is optional: one
    left out prints nothing, not even its label."""

    address: str | None = None
    """The venue's street address, as printed, such as `Didžioji g. 4, Vilnius`."""

    opening_hours: str | None = None
    """When it is open, in words, such as `Tuesday–Sunday 10:00–18:00, closed Mondays`."""

    admission: str | None = None
    """What entry costs, such as `€6, reduced €3, free on the last Sunday of the month`."""

    accessibility: str | None = None
    """Access for visitors with disabilities, such as `Step-free entrance on the left;
    lift to every floor`."""

    web: str | None = None
    """A web address to print, as text (it is not a link on paper), such as
    `www.museum.example/exhibitions`."""


class Limits(Strict):
    """Safety limits, so a huge scan or an enormous list cannot exhaust the computer's
    memory. Raise one only if you know the file is what you meant."""

    image_megapixels: float = Field(89.4, gt=0, le=1000)
    """Largest image vitrina opens, in megapixels (width × height ÷ 1,000,000). The default
    is the image library Pillow's own protection against "decompression bombs"."""

    image_mb: float = Field(100, gt=0, le=2000)
    """Largest image file, in megabytes."""

    labels: int = Field(1000, ge=1, le=100_000)
    """Most object labels made in one build."""

    longest_word: int = Field(120, ge=20, le=10_000)
    """Most characters in one word (a run of characters without a space) of any text,
    web addresses of Markdown links left out. Hyphenating a very long word takes minutes,
    and none fits a line anyway."""

    roster_people: int = Field(200, ge=1, le=10_000)
    """Most people in one roster panel (a poster cannot show more legibly)."""

    caption_words: int = Field(400, ge=10, le=100_000)
    """Most words in one object's caption (it must fit its label)."""

    text_words: int = Field(5000, ge=100, le=1_000_000)
    """Most words in any other single text field, such as a panel's body."""

    job_seconds: float = Field(300, ge=10, le=86_400)
    """Longest time, in seconds, that making one output (a poster, the booklet, the label
    sheets, the handout) may take before the build stops it and says which. Real ones take
    seconds; raise it only for a very large exhibition on a slow computer."""


class PrintSettings(Strict):
    """How the print variant (`vitrina build --variant print`) handles colour."""

    icc_profile: LocalPath | None = None
    """Your print shop's CMYK ICC profile, as a path inside the exhibition folder such as
    `assets/icc/printer.icc`. The print variant's colours are converted to CMYK for that
    press, black text is 100 % K, and the profile is the PDF/X output intent. Without it,
    vitrina uses its own profile for coated offset paper (FOGRA39, the usual condition for
    sheet-fed offset in Europe); ask your printer whether theirs differs."""


class PanelPosterSettings(Strict):
    """Per-panel poster settings that override the exhibition's."""

    size: PaperSize | None = None
    """Paper size of this panel's poster, if it differs from the exhibition's."""

    orientation: Literal["portrait", "landscape"] | None = None
    """`portrait` or `landscape` for this panel's poster."""


class Exhibition(Strict):
    """The exhibition: its title, who made it, the panels in order, and output settings."""

    title: str
    """The exhibition's title, as it appears on every poster and the booklet cover."""

    subtitle: str | None = None
    """A line under the title, such as the period covered."""

    language: str = Field("en", pattern=_LANGUAGE_PATTERN)
    """Language of the texts as a BCP 47 code such as `en`, `lt` or `en-US`: vitrina's own
    words (contents, sources, dates…), hyphenation, quotation marks and the PDF's metadata
    follow it. For an exhibition in several languages, use `languages` instead."""

    languages: list[str] = []
    """The languages of an exhibition shown in several, such as `[lt, en]`, the primary
    one first. Any text field may then be given per language, such as
    `title: {lt: "Vitrina", en: "Display case"}`; a plain text is the primary language's.
    Posters and labels carry every language, the primary one first and larger; the
    booklet and handout are made once per language (`booklet-lt.pdf`, `booklet-en.pdf`).
    A text missing in a language is reported (names of people, places and works need
    not be translated)."""

    organisation: str | None = None
    """Who presents the exhibition; printed on the cover and in the colophon."""

    curators: list[str] = []
    """Names of the curators and authors, for the colophon and the PDF's metadata."""

    venue: str | None = None
    """Where the exhibition is shown."""

    opens: dt.date | None = None
    """Opening day, as `YYYY-MM-DD`."""

    closes: dt.date | None = None
    """Closing day, as `YYYY-MM-DD`."""

    visit: VisitDetails = VisitDetails()
    """Address, opening hours, admission, accessibility and web address, for the
    handout's "Visit" block."""

    edition_date: dt.date | None = None
    """Date of this edition of the PDFs, as `YYYY-MM-DD`. It is printed in the colophon and
    written in the PDFs, so rebuilding gives identical files. Without it, the environment
    variable SOURCE_DATE_EPOCH is used, then 1 January 1970."""

    panels: list[str] = []
    """The panels in the order visitors meet them: the names of their files in `exhibit/`
    without `.yaml`. When empty, every panel file is used in alphabetical order."""

    intro: Markdown | None = None
    """A short welcome for the booklet's first pages (Markdown)."""

    colophon: Markdown | None = None
    """Credits and thanks for the booklet's back cover (Markdown). Font and map-data licences
    are added by vitrina."""

    sources_note: Markdown | None = None
    """A sentence or two printed at the head of the booklet's list of sources, such as
    which work the panels are written from (Markdown). Left out, the list stands alone."""

    posters: PosterSettings = PosterSettings()
    """Poster settings."""

    booklet: BookletSettings = BookletSettings()
    """Booklet settings."""

    labels: LabelSettings = LabelSettings()
    """Label settings (object labels from the captions panels)."""

    handout: HandoutSettings = HandoutSettings()
    """Handout settings (format, greyscale)."""

    print: PrintSettings = PrintSettings()
    """Settings for the print variant (colour profile)."""

    limits: Limits = Limits()
    """Safety limits on image size and label count."""

    @model_validator(mode="before")
    @classmethod
    def _primary_language(cls, data: Any) -> Any:
        """`languages: [lt, en]` makes `lt` the language."""
        if not isinstance(data, dict) or not isinstance(data.get("languages"), list):
            return data
        listed = data["languages"]
        if not listed:
            return data
        if data.get("language") is not None:
            return data  # both given: the validation says where they disagree
        return {**data, "language": listed[0]}

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.match(_LANGUAGE_PATTERN, code):
                raise ValueError(
                    f"'{code}' is not a language code; write codes such as lt, en or en-US"
                )
        return value

    @property
    def all_languages(self) -> list[str]:
        """Every language of the exhibition, the primary one first."""
        return list(self.languages) or [self.language]
