"""The build cache renders again exactly the outputs a change affects: each output depends
on what it really read (templates with their includes, stylesheets with their imports,
images, the exhibition settings it used), on the effective edition date and on the
versions of the libraries that make the PDFs; nothing else renders it again.

Built on a tiny exhibition of its own (a story and one object with an image, A4
posters) so that each case renders only a few small outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vitrina.build import build
from vitrina.schedule import jobs

OUTPUTS = ["posters", "labels", "handout"]
POSTERS = ["proof:posters/objects", "proof:posters/story"]
EVERYTHING = ["proof:handout", "proof:labels", *POSTERS]

EXHIBITION = """\
title: Salt and Silver
organisation: Harbour Museum
opens: 2027-03-01
panels: [story, objects]
posters:
  size: A4
labels:
  size: 100 x 70
"""

STORY = """\
kind: story
title: The harbour in winter
lede: Ships waited for the ice to break.
body: |
  Merchants counted barrels of salt while the harbour froze.
"""

OBJECTS = """\
kind: captions
title: What the merchants kept
items:
  - title: A silver cup
    caption: Given to the harbour master in 1790.
    alt: A small silver cup on a grey ground.
    image: assets/cup.png
"""


def _write_image(path: Path, colour: tuple[int, int, int]) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 450), colour).save(path)


def _make(root: Path) -> Path:
    exhibit = root / "exhibit"
    exhibit.mkdir(parents=True)
    (exhibit / "exhibition.yaml").write_text(EXHIBITION, encoding="utf-8")
    (exhibit / "sources.yaml").write_text("{}\n", encoding="utf-8")
    (exhibit / "story.yaml").write_text(STORY, encoding="utf-8")
    (exhibit / "objects.yaml").write_text(OBJECTS, encoding="utf-8")
    _write_image(root / "assets" / "cup.png", (120, 120, 130))
    css = root / "layouts" / "css"
    css.mkdir(parents=True)
    # The curator's labels and poster stylesheets import one of their own, and the labels
    # and poster templates include one: both posters are made by one worker, the second
    # with the stylesheet parsed and the template compiled for the first.
    for name in ("labels.css", "poster.css"):
        builtin = (jobs.PACKAGE_DIR / "layouts" / "css" / name).read_text()
        (css / name).write_text('@import "colours.css";\n' + builtin, encoding="utf-8")
    (css / "colours.css").write_text(".label-foot { color: #112233; }\n", encoding="utf-8")
    for name in ("labels.html", "poster.html"):
        (root / "layouts" / name).write_text(
            f'{{% extends "builtin/{name}" %}}\n'
            "{% block title %}{% include 'title.html' %}{% endblock %}\n",
            encoding="utf-8",
        )
    (root / "layouts" / "title.html").write_text("Salt", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _make(tmp_path_factory.mktemp("tiny") / "x")
    report = build(root, outputs=OUTPUTS, jobs=1)
    assert sorted(job.key for job in report.rendered) == EVERYTHING
    return root


@pytest.fixture
def tiny(built_tiny: Path, tmp_path: Path) -> Path:
    """A copy of the built tiny exhibition (file times kept) for one test to change."""
    root = tmp_path / "x"
    shutil.copytree(built_tiny, root)
    return root


def _rebuilt(root: Path, **options: object) -> list[str]:
    report = build(root, outputs=OUTPUTS, jobs=1, **options)  # type: ignore[arg-type]
    return sorted(job.key for job in report.rendered)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_renders_nothing(tiny: Path) -> None:
    assert _rebuilt(tiny) == []


def test_source_date_epoch_renders_everything_again(tiny: Path, monkeypatch) -> None:  # noqa: ANN001
    """Without edition_date in exhibition.yaml the date comes from SOURCE_DATE_EPOCH; it
    is written into every PDF, so changing it is a change to every output (it once
    reported "up to date" while --force wrote other bytes)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(86400 * 20000))
    assert _rebuilt(tiny) == EVERYTHING
    made = (tiny / "output" / "labels.pdf").read_bytes()
    assert _rebuilt(tiny) == []
    _rebuilt(tiny, force=True)
    assert (tiny / "output" / "labels.pdf").read_bytes() == made


def test_a_library_upgrade_renders_everything_again(tiny: Path, monkeypatch) -> None:  # noqa: ANN001
    versions = dict(jobs.library_versions())
    assert {"weasyprint", "pydyf", "fonttools", "pypdf", "reportlab", "pillow"} <= set(versions)
    versions["weasyprint"] += ".post1"
    monkeypatch.setattr(jobs, "library_versions", lambda: tuple(sorted(versions.items())))
    assert _rebuilt(tiny) == EVERYTHING


def test_an_imported_stylesheet_renders_what_uses_it(tiny: Path) -> None:
    from pdf_facts import page_texts

    _edit(tiny / "layouts" / "css" / "colours.css", "#112233", "#332211")
    assert _rebuilt(tiny) == ["proof:labels", *POSTERS]
    assert "Salt and Silver" in page_texts(tiny / "output" / "labels.pdf")[0]


def test_an_included_template_renders_what_uses_it(tiny: Path) -> None:
    from pypdf import PdfReader

    (tiny / "layouts" / "title.html").write_text("Silver", encoding="utf-8")
    assert _rebuilt(tiny) == ["proof:labels", *POSTERS]
    for name in ("labels.pdf", "posters/story.pdf", "posters/objects.pdf"):
        assert PdfReader(tiny / "output" / name).metadata.title == "Silver"


def test_a_new_override_renders_what_it_overrides(tiny: Path) -> None:
    """A template found in vitrina's own layouts was looked for in layouts/ first: putting
    one there is a change to the outputs that use it."""
    builtin = (jobs.PACKAGE_DIR / "layouts" / "css" / "handout.css").read_text()
    (tiny / "layouts" / "css" / "handout.css").write_text(builtin + "\n/* mine */\n")
    assert _rebuilt(tiny) == ["proof:handout"]


def test_an_image_edit_renders_what_shows_it(tiny: Path) -> None:
    _write_image(tiny / "assets" / "cup.png", (200, 60, 40))
    rendered = _rebuilt(tiny)
    assert "proof:posters/objects" in rendered
    assert "proof:posters/story" not in rendered and "proof:labels" not in rendered


def test_a_picture_only_a_stylesheet_names_is_followed(tiny: Path) -> None:
    """A url() in a curator's stylesheet is a file no panel lists: it is noted when
    WeasyPrint fetches it, so editing it renders again the labels, which show it, and
    not the posters, whose stylesheet names it for labels only."""
    _write_image(tiny / "assets" / "paper.png", (250, 250, 240))
    with (tiny / "layouts" / "css" / "colours.css").open("a", encoding="utf-8") as css:
        css.write(".label { background: url(../../assets/paper.png); }\n")
    assert _rebuilt(tiny) == ["proof:labels", *POSTERS]
    _write_image(tiny / "assets" / "paper.png", (240, 250, 250))
    assert _rebuilt(tiny) == ["proof:labels"]


@pytest.mark.parametrize(
    ("old", "new", "affected"),
    [
        ("size: 100 x 70", "size: 105 x 74", ["proof:labels"]),
        ("size: A4", "size: A3", POSTERS),
        ("opens: 2027-03-01", "opens: 2027-03-02", ["proof:handout"]),
        ("title: Salt and Silver", "title: Salt and Gold", EVERYTHING),
    ],
    ids=["labels-size", "posters-size", "opening-day", "title"],
)
def test_a_setting_renders_only_the_outputs_that_use_it(
    tiny: Path, old: str, new: str, affected: list[str]
) -> None:
    _edit(tiny / "exhibit" / "exhibition.yaml", old, new)
    assert _rebuilt(tiny) == affected


def test_a_setting_no_output_reads_renders_nothing(tiny: Path) -> None:
    """Comments and the limits only matter to checking the files, not to any PDF."""
    with (tiny / "exhibit" / "exhibition.yaml").open("a", encoding="utf-8") as settings:
        settings.write("# a note to myself\nlimits:\n  image_mb: 50\n")
    assert _rebuilt(tiny) == []


def test_settings_a_job_did_not_read_do_not_change_its_bytes(tiny: Path) -> None:
    """The other half of precision: the labels did not read the posters' settings nor the
    opening day, and rendering them again regardless (--force) gives the same bytes."""
    before = (tiny / "output" / "labels.pdf").read_bytes()
    _edit(tiny / "exhibit" / "exhibition.yaml", "size: A4", "size: A3\n  bleed_mm: 2")
    _edit(tiny / "exhibit" / "exhibition.yaml", "opens: 2027-03-01", "opens: 2027-04-01")
    build(tiny, outputs=["labels"], force=True, jobs=1)
    assert (tiny / "output" / "labels.pdf").read_bytes() == before


def test_the_settings_view_notes_each_setting_read() -> None:
    from vitrina.dependencies import TrackedSettings, recording
    from vitrina.model.exhibition import Exhibition, PosterSettings

    view = TrackedSettings(Exhibition(title="Salt", posters=PosterSettings(size="A3")))
    with recording() as reads:
        assert view.title == "Salt" and view.posters.size == "A3"
        assert isinstance(view, Exhibition) and isinstance(view.posters, PosterSettings)
    assert reads.settings == {"title", "posters.size"}
    with recording() as reads:
        view.labels.model_dump()  # a method reads the whole group
    assert reads.settings == {"labels"}
    with recording() as reads:
        assert view.all_languages == ["en"]  # a property reads the fields it uses
    assert reads.settings == {"languages", "language"}
    with pytest.raises(AttributeError):
        view.title = "Gold"


def test_a_value_kept_for_later_jobs_notes_what_it_was_made_from_each_time() -> None:
    from vitrina.dependencies import Memo, note_file, recording

    memo: Memo[int] = Memo()
    made = []

    def make() -> int:
        note_file("/x/layouts/css/a.css")
        made.append(1)
        return 1

    for _job in range(2):
        with recording() as reads:
            memo.get("a.css", make)
        assert reads.files == {"/x/layouts/css/a.css"}
    assert len(made) == 1


def test_a_font_of_the_exhibition_renders_everything_again(tiny: Path) -> None:
    """Fonts in assets/fonts/ fill in characters vitrina's fonts lack, in any output."""
    fonts = tiny / "assets" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(jobs.PACKAGE_DIR / "assets" / "fonts" / "NotoSans-Regular.ttf", fonts / "Extra.ttf")
    assert _rebuilt(tiny) == EVERYTHING


def test_the_press_profile_renders_the_print_variant_only(tiny: Path) -> None:
    from support.cmyk_profile import cmyk_profile

    (tiny / "assets" / "press.icc").write_bytes(cmyk_profile("first press"))
    with (tiny / "exhibit" / "exhibition.yaml").open("a", encoding="utf-8") as settings:
        settings.write("print:\n  icc_profile: assets/press.icc\n")

    def rebuilt() -> list[str]:
        report = build(tiny, outputs=["labels"], variants=["proof", "print"], jobs=1)
        return sorted(job.key for job in report.rendered)

    assert rebuilt() == ["print:labels"]  # the proof never reads the press profile
    (tiny / "assets" / "press.icc").write_bytes(cmyk_profile("second press"))
    assert rebuilt() == ["print:labels"]
    assert rebuilt() == []


def test_a_property_of_the_settings_notes_the_fields_it_reads() -> None:
    """``all_languages`` is a property, not a field: it must note ``languages`` and
    ``language``, not the whole exhibition (every output would then depend on every
    setting, and one edit would render all of them again)."""
    from vitrina.dependencies import TrackedSettings, recording
    from vitrina.model.exhibition import Exhibition

    view = TrackedSettings(Exhibition(title="Salt", language="lt"))
    with recording() as reads:
        assert view.all_languages == ["lt"]
    assert reads.settings == {"languages", "language"}


def test_the_settings_view_reads_pydantic_class_attributes_from_the_class() -> None:
    """A template may ask a view for ``model_fields`` (the sandbox then refuses what it
    reaches); reading it through the instance is deprecated in pydantic 2.11."""
    import warnings

    from vitrina.dependencies import TrackedSettings, recording
    from vitrina.model.exhibition import Exhibition

    view = TrackedSettings(Exhibition(title="Salt"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with recording() as reads:
            assert "title" in view.model_fields
            assert view.posters.model_computed_fields == {}
    assert reads.settings == {"", "posters"}
