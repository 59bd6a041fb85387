"""Stage 2: content problems are all found, located (file:line) and explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from vitrina.build import check
from vitrina.errors import ContentError


def problems_for(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(root)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_sample_is_valid(sample_dir: Path) -> None:
    exhibit = check(sample_dir)
    assert [p.id for p in exhibit.panels] == [
        "introduction",
        "manifesto",
        "government",
        "front-line",
        "money",
        "stamp",
        "timeline",
    ]
    assert exhibit.warnings == []


def test_unknown_key_is_located_with_did_you_mean(sample_dir: Path) -> None:
    panel = sample_dir / "exhibit" / "government.yaml"
    edit(panel, "group_title:", "grup_title:")
    [message] = problems_for(sample_dir)
    assert message.startswith(f"exhibit/government.yaml:{line_of(panel, 'grup_title')}:1: error")
    assert "unknown field 'grup_title'" in message
    assert "did you mean 'group_title'?" in message


def test_wrong_type_names_field_and_expectation(sample_dir: Path) -> None:
    panel = sample_dir / "exhibit" / "front-line.yaml"
    edit(panel, "lat: 54.69", "lat: Vilnius")
    [message] = problems_for(sample_dir)
    assert message.startswith(f"exhibit/front-line.yaml:{line_of(panel, 'lat: Vilnius')}:")
    assert "places[3].lat" in message
    assert "expected a number, got 'Vilnius'" in message


def test_all_problems_are_reported_together(sample_dir: Path) -> None:
    exhibit = sample_dir / "exhibit"
    edit(exhibit / "money.yaml", "value: 250\n", "value: -250\n")
    edit(exhibit / "timeline.yaml", "date: 1919-01-05", "date: 1919-13-05")
    edit(exhibit / "stamp.yaml", "kind: captions", "kind: caption")
    edit(exhibit / "manifesto.yaml", "  - lssr-article", "  - lssr-artcle")
    messages = problems_for(sample_dir)
    assert len(messages) == 4
    joined = "\n".join(messages)
    assert "exhibit/money.yaml" in joined and "bars[5].value" in joined
    assert "'1919-13-05' is not a real date" in joined
    assert "unknown panel kind 'caption' — did you mean 'captions'?" in joined
    assert "unknown source 'lssr-artcle' — did you mean 'lssr-article'?" in joined


def test_missing_required_field(sample_dir: Path) -> None:
    edit(sample_dir / "exhibit" / "manifesto.yaml", "title: The manifesto and its slogan\n", "")
    [message] = problems_for(sample_dir)
    assert "exhibit/manifesto.yaml:1:1" in message
    assert "the field 'title' is required" in message


def test_missing_panel_file_and_image(sample_dir: Path) -> None:
    exhibit = sample_dir / "exhibit"
    edit(exhibit / "exhibition.yaml", "  - money\n", "  - mony\n")
    edit(
        exhibit / "stamp.yaml",
        '    placeholder: "image to come: scan of the 1968 stamp"',
        "    image: assets/images/stamp-1968.jpg",
    )
    messages = problems_for(sample_dir)
    joined = "\n".join(messages)
    assert "no file exhibit/mony.yaml" in joined and "did you mean 'money'?" in joined
    assert "the file 'assets/images/stamp-1968.jpg' does not exist" in joined


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("https://example.org/stamp.jpg", "web address"),
        ("/etc/passwd", "absolute path"),
        ("../../secret.jpg", "outside the exhibition folder"),
    ],
)
def test_image_paths_must_stay_inside(sample_dir: Path, value: str, words: str) -> None:
    edit(
        sample_dir / "exhibit" / "stamp.yaml",
        '    placeholder: "image to come: scan of the 1968 stamp"',
        f"    image: {value}",
    )
    [message] = problems_for(sample_dir)
    assert words in message


def test_no_exhibition_file(tmp_path: Path) -> None:
    messages = problems_for(tmp_path)
    assert "vitrina new" in messages[0]
