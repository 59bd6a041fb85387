"""Object labels: cards n-up on sheets with cut marks, and single-label PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
import yaml
from pypdf import PdfReader

from pdf_facts import boxes_mm, fonts, page_sizes_mm, page_texts
from vitrina.build import build, check
from vitrina.errors import BuildError, ContentError
from vitrina.model.grid import plan_grid


@pytest.mark.parametrize(
    ("sheet", "card", "per_sheet", "landscape"),
    [
        ((210, 297), (148, 105), 2, False),  # A6 cards on A4: 1 × 2, portrait
        ((297, 420), (148, 105), 4, True),  # A6 cards on A3: 2 × 2, landscape
        ((210, 297), (100, 70), 4, True),  # small cards on A4: 2 × 2, landscape
        ((297, 420), (100, 70), 10, False),  # small cards on A3: 2 × 5, portrait
    ],
)
def test_grid_fits_the_most_cards(sheet, card, per_sheet, landscape) -> None:  # noqa: ANN001
    grid = plan_grid(sheet, card, gutter_mm=6, margin_mm=10)
    assert grid is not None
    assert grid.per_sheet == per_sheet
    assert (grid.sheet_width > grid.sheet_height) == landscape
    xs, ys = grid.cut_lines()
    # Cards stay inside the margins, and the grid is centred.
    assert min(xs) >= 10 and max(xs) <= grid.sheet_width - 10
    assert min(ys) >= 10 and max(ys) <= grid.sheet_height - 10
    assert min(xs) == pytest.approx(grid.sheet_width - max(xs))


def test_cards_do_not_overlap() -> None:
    grid = plan_grid((297, 420), (100, 70), gutter_mm=4, margin_mm=10)
    assert grid is not None
    boxes = [
        (*grid.card_origin(i), grid.card_origin(i)[0] + 100, grid.card_origin(i)[1] + 70)
        for i in range(grid.per_sheet)
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert (
                a[2] + 4 <= b[0] + 1e-9
                or b[2] + 4 <= a[0] + 1e-9
                or a[3] + 4 <= b[1] + 1e-9
                or b[3] + 4 <= a[1] + 1e-9
            )


def test_card_larger_than_sheet_is_a_located_error(sample_dir: Path) -> None:
    settings = sample_dir / "exhibit" / "exhibition.yaml"
    settings.write_text(
        settings.read_text() + "\nlabels:\n  size: 300 x 200\n  sheet: A4\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        check(sample_dir)
    problem = caught.value.problems[0]
    assert "does not fit on a A4 sheet" in problem.message
    assert problem.location.path.name == "exhibition.yaml"
    assert problem.location.line is not None


def _with_objects(root: Path, count: int, size: str, long_caption: bool = False) -> None:
    """Give the sample's captions panel ``count`` objects and labels of ``size``."""
    stamp = root / "exhibit" / "stamp.yaml"
    data = yaml.safe_load(stamp.read_text(encoding="utf-8"))
    item = data["items"][0]
    items = []
    for number in range(count):
        copy = dict(item, title=f"Object {number + 1}: Vilniaus ženklas, čia ėjo šūviai ąžuolų")
        if long_caption:
            copy["caption"] = " ".join([item["caption"]] * 5)
        items.append(copy)
    data["items"] = items
    stamp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = root / "exhibit" / "exhibition.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\nlabels:\n  size: {size}\n  sheet: A4\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def five_labels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("labels") / "sample")
    _with_objects(root, 5, "100 x 70")
    build(root, outputs=["labels"])
    return root / "output"


def test_labels_four_to_an_a4_sheet(five_labels: Path) -> None:
    sheets = five_labels / "labels.pdf"
    assert page_sizes_mm(sheets) == [(297.0, 210.0), (297.0, 210.0)]
    texts = page_texts(sheets)
    assert [text.count("Object ") for text in texts] == [4, 1]
    assert "Vilniaus ženklas, čia ėjo šūviai" in texts[0] and "ąžuolų" in texts[0]
    assert all(fonts(sheets).values())
    # The TrimBox encloses the cards: 2 × 100 mm + 6 mm gutter by 2 × 70 + 6.
    trim = boxes_mm(sheets)["trim"]
    assert trim[2:] == (206.0, 146.0)


def test_single_labels_one_card_each(five_labels: Path) -> None:
    singles = sorted((five_labels / "labels").glob("*.pdf"))
    assert [p.name for p in singles] == [f"stamp-{n}.pdf" for n in range(1, 6)]
    for number, single in enumerate(singles, start=1):
        assert page_sizes_mm(single) == [(100.0, 70.0)]
        assert f"Object {number}:" in page_texts(single)[0]


def test_cut_marks_in_the_margin_only(five_labels: Path) -> None:
    """Dark marks on the cutting lines outside the cards; nothing in the gutters."""
    document = pypdfium2.PdfDocument(five_labels / "labels.pdf")
    scale = 4  # px per pt
    image = document[0].render(scale=scale).to_pil().convert("L")
    px_per_mm = scale * 72 / 25.4
    left = (297 - 206) / 2  # first vertical cut, mm
    top = (210 - 146) / 2  # first horizontal cut, mm
    # A vertical mark above the top-left card, in the top margin.
    column = round(left * px_per_mm)
    above = [image.getpixel((column + dx, round((top - 4) * px_per_mm))) for dx in (-1, 0, 1)]
    assert min(above) < 200  # a 0.25 pt hairline, anti-aliased
    # The vertical gutter between cards is clear of marks at mid-height of a card.
    gutter = round((left + 103) * px_per_mm)
    assert image.getpixel((gutter, round((top + 35) * px_per_mm))) > 240
    document.close()


def test_a_part_filled_sheet_has_marks_and_trim_only_around_its_cards(five_labels: Path) -> None:
    """The fifth label sits alone on the second sheet, top left: no marks for the empty
    places (a guillotine operator would follow them), and a TrimBox around the one card."""
    document = pypdfium2.PdfDocument(five_labels / "labels.pdf")
    scale = 4  # px per pt
    image = document[1].render(scale=scale).to_pil().convert("L")
    document.close()
    px_per_mm = scale * 72 / 25.4
    left, top = (297 - 206) / 2, (210 - 146) / 2
    margin_row = round((top - 4) * px_per_mm)

    def dark_near(x_mm: float) -> bool:
        column = round(x_mm * px_per_mm)
        return min(image.getpixel((column + dx, margin_row)) for dx in (-1, 0, 1)) < 200

    assert dark_near(left) and dark_near(left + 100)  # the card's own cuts
    assert not dark_near(left + 106) and not dark_near(left + 206)  # the empty column's
    trim = PdfReader(five_labels / "labels.pdf").pages[1].trimbox
    assert round(float(trim.width) * 25.4 / 72) == 100
    assert round(float(trim.height) * 25.4 / 72) == 70


def test_a_part_filled_last_sheet_is_not_a_page_size_warning(five_labels: Path) -> None:
    """Both sheets are A4: the last one's TrimBox is smaller because it holds fewer cards,
    which is not 'pages of different sizes' (a warning that would fail --strict)."""
    report = json.loads((five_labels / "preflight.json").read_text(encoding="utf-8"))
    checks = [(f["check"], f["output"]) for f in report["findings"]]
    assert ("page-size", "labels.pdf") not in checks


def test_label_too_long_even_at_the_floor_names_the_object(sample_dir: Path) -> None:
    _with_objects(sample_dir, 1, "100 x 70", long_caption=True)
    with pytest.raises(BuildError) as caught:
        build(sample_dir, outputs=["labels"])
    message = str(caption := caught.value)
    assert "Object 1" in message and "does not fit on a 100×70 mm card" in message
    assert "stamp.yaml" in str(caption.location)
    assert not (sample_dir / "output").exists()
