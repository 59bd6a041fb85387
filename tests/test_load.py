"""Stage 1: YAML files become data with locations, and unreadable files say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from vitrina.load.yaml_source import YamlLoadError, load_yaml_file, parse_yaml_text

P = Path("exhibit/x.yaml")


def test_marks_give_line_and_column_of_nested_values() -> None:
    doc = parse_yaml_text("kind: story\ntitle: T\npeople:\n  - name: Ona\n    role: x\n", P)
    assert doc.locate(("people", 0, "role")).line == 5
    assert doc.locate(("people", 0, "role")).column == 11
    assert doc.locate_key(("people", 0, "role")).column == 5
    # A missing deeper field is located at its nearest existing ancestor.
    assert doc.locate(("people", 0, "note")).line == 4


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: a\n\tbody: b\n", 2, "tab character"),
        ("title: a\ntitle: b\n", 2, "appears twice"),
        ("title: [a, b\nbody: c\n", 2, "YAML syntax error"),
        ("title: 'open\n", 2, "YAML syntax error"),
        (
            "a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
            None,
            "alias",
        ),
        ("", 1, "empty"),
        ("a: &x\n  b: *x\n", None, "nested"),
    ],
)
def test_unreadable_yaml_gives_located_message(text: str, line: int | None, words: str) -> None:
    with pytest.raises(YamlLoadError) as caught:
        parse_yaml_text(text, P)
    problem = caught.value.problem
    assert words in problem.message
    assert problem.location is not None and problem.location.path == P
    if line is not None:
        assert problem.location.line == line


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(YamlLoadError, match="binary"):
        load_yaml_file(binary)
    latin = tmp_path / "l.yaml"
    latin.write_bytes("title: ok\nbody: Švenčionys\n".encode("cp1257"))
    with pytest.raises(YamlLoadError, match="not UTF-8") as caught:
        load_yaml_file(latin)
    assert caught.value.problem.location.line == 2


def test_dates_stay_text_and_diacritics_survive() -> None:
    doc = parse_yaml_text("date: 1918-12-16\nname: Aizikas Vainšteinas\n", P)
    assert doc.data == {"date": "1918-12-16", "name": "Aizikas Vainšteinas"}


def test_evidence_file_is_neither_read_nor_a_panel(tmp_path: Path) -> None:
    """exhibit/evidence.yaml holds the curators' fact-check notes, in any shape they like."""
    from vitrina.load.project import load_project
    from vitrina.validate.exhibit import validate_project

    exhibit = tmp_path / "exhibit"
    exhibit.mkdir()
    (exhibit / "exhibition.yaml").write_text("title: T\npanels: [a]\n", encoding="utf-8")
    (exhibit / "a.yaml").write_text("kind: story\ntitle: A\nbody: Text.\n", encoding="utf-8")
    (exhibit / "evidence.yaml").write_text("a:\n  - sentence: [unclosed\n", encoding="utf-8")
    loaded = load_project(tmp_path)
    assert list(loaded.panels) == ["a"]
    assert not loaded.problems
    exhibit_ = validate_project(loaded)
    assert [entry.id for entry in exhibit_.panels] == ["a"]
    assert not [w for w in exhibit_.warnings if "evidence" in str(w)]
