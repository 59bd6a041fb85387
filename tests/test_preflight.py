"""The preflight: each finding on a deliberately bad exhibition, and a clean sample."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from vitrina.build import build
from vitrina.errors import StrictPreflightError
from vitrina.paths import PACKAGE_DIR
from vitrina.report.pdfinspect import contrast_ratio
from vitrina.report.preflight import reading_words


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)


def test_reading_words_counts_what_visitors_read() -> None:
    from vitrina.model.panels import StoryPanel

    panel = StoryPanel(
        kind="story",
        title="Two words",
        lede="Three more words",
        body="Four words in body.",
        sources=["key-not-counted"],
    )
    assert reading_words(panel) == 9


def make_bad_exhibition(root: Path) -> Path:
    """The sample, two panels kept, made wrong in five ways: a 72 ppi image, grey text on
    a grey ground, an object without alt text, a panel of over 300 words, and a footer
    pushed past the trim."""
    from conftest import copy_sample

    copy_sample(root)
    exhibit = root / "exhibit"
    for panel in exhibit.glob("*.yaml"):
        if panel.stem not in ("exhibition", "sources", "manifesto", "stamp"):
            panel.unlink()
    settings = yaml.safe_load((exhibit / "exhibition.yaml").read_text(encoding="utf-8"))
    settings["panels"] = ["manifesto", "stamp"]
    (exhibit / "exhibition.yaml").write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # 600 px across a 235 mm box on an A1 poster: about 65 ppi.
    (root / "assets" / "images").mkdir(parents=True)
    Image.new("RGB", (600, 450), (120, 90, 60)).save(root / "assets/images/scan.png")
    stamp = yaml.safe_load((exhibit / "stamp.yaml").read_text(encoding="utf-8"))
    item = stamp["items"][0]
    del item["placeholder"], item["alt"]
    item["image"] = "assets/images/scan.png"
    (exhibit / "stamp.yaml").write_text(
        yaml.safe_dump(stamp, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    manifesto = yaml.safe_load((exhibit / "manifesto.yaml").read_text(encoding="utf-8"))
    manifesto["body"] = manifesto["body"] + "\n\n" + manifesto["body"]
    (exhibit / "manifesto.yaml").write_text(
        yaml.safe_dump(manifesto, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    css = root / "layouts" / "css"
    css.mkdir(parents=True)
    builtin = (PACKAGE_DIR / "layouts" / "css" / "poster.css").read_text(encoding="utf-8")
    (css / "poster.css").write_text(
        builtin
        + "\n.lede { color: #8c8c8c; background: #a6a6a6; }"
        + "\n.eyebrow { margin-left: -60mm; }\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = make_bad_exhibition(tmp_path_factory.mktemp("bad") / "bad")
    build(root, outputs=["posters", "labels"])
    report = json.loads((root / "output" / "preflight.json").read_text(encoding="utf-8"))
    report["root"] = root
    return report


def findings(report: dict, check: str) -> list[dict]:
    return [f for f in report["findings"] if f["check"] == check]


def test_low_resolution_image_is_reported(bad: dict) -> None:
    [low] = findings(bad, "image-resolution")
    assert low["output"] == "posters/stamp.pdf"
    assert "far below the 150 ppi" in low["message"]
    ppi = next(o for o in bad["outputs"] if o["path"] == "posters/stamp.pdf")["lowest_image_ppi"]
    assert 40 < ppi < 75  # the poster places the image as large as its room allows
    assert low["location"].startswith("exhibit/stamp.yaml:")  # the image's own line
    assert low["message"].startswith("'assets/")  # and its file


def test_grey_on_grey_is_reported(bad: dict) -> None:
    low = findings(bad, "contrast")
    assert {f["output"] for f in low} == {"posters/manifesto.pdf", "posters/stamp.pdf"}
    assert all("#8c8c8c on #a6a6a6" in f["message"] for f in low)
    assert any("The new government issued" in f["message"] for f in low)


def test_missing_alt_text_is_reported_with_its_line(bad: dict) -> None:
    [missing] = findings(bad, "alt-text")
    assert missing["location"].startswith("exhibit/stamp.yaml:")
    assert "Stamp for the 50th anniversary" in missing["message"]


def test_overlong_panel_is_reported(bad: dict) -> None:
    [long] = findings(bad, "word-count")
    assert "'manifesto'" in long["message"] and "300 words" in long["message"]


def test_text_past_the_trim_is_reported(bad: dict) -> None:
    cut = findings(bad, "safe-zone")
    assert {f["output"] for f in cut} == {"posters/manifesto.pdf", "posters/stamp.pdf"}
    assert all("runs past the trim" in f["message"] for f in cut)
    assert any("REMEMBERING THE REPUBLIC" in f["message"] for f in cut)


def test_bad_exhibition_fails_strict_and_writes_nothing(bad: dict) -> None:
    root: Path = bad["root"]
    before = {p: p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    with pytest.raises(StrictPreflightError) as caught:
        build(root, outputs=["posters", "labels"], strict=True)
    assert len(caught.value.findings) == bad["summary"]["warnings"]
    after = {p: p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    assert after == before


def test_sample_preflight_is_clean_but_for_its_placeholder(built_sample: Path) -> None:
    report = json.loads((built_sample / "output" / "preflight.json").read_text(encoding="utf-8"))
    assert [f["check"] for f in report["findings"] if f["severity"] == "warning"] == ["placeholder"]
    paths = {o["path"] for o in report["outputs"]}
    assert {"booklet.pdf", "booklet-imposed.pdf", "labels.pdf", "posters/manifesto.pdf"} <= paths
    for summary in report["outputs"]:
        assert summary["fonts_embedded"], summary["path"]
        if summary["kind"] == "poster":
            assert summary["trim_mm"] == [594.0, 841.0]
            assert summary["bleed_mm"] == [600.0, 847.0]
            assert summary["smallest_type_pt"] >= 12
        if summary["kind"] in ("poster", "booklet", "labels"):
            assert summary["contrast_failures"] == 0, summary["path"]


def test_two_builds_write_the_same_report(built_sample: Path, tmp_path: Path) -> None:
    """The labels rendered and checked again (--force, not the cache's record of the first
    build) give the same report, to the byte."""
    copy = tmp_path / "again"
    shutil.copytree(built_sample / "exhibit", copy / "exhibit")
    build(copy, outputs=["labels"])
    first = (copy / "output" / "preflight.json").read_bytes()
    report = build(copy, outputs=["labels"], force=True)
    assert [job.key for job in report.rendered] == ["proof:labels"]
    assert (copy / "output" / "preflight.json").read_bytes() == first
