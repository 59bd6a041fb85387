"""The command line: messages in a curator's words, exit codes, nothing half-written."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pdf_facts import boxes_mm, page_texts
from vitrina.cli import main

REPO = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vitrina", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def with_old_output(sample_dir: Path) -> Path:
    """A sample folder whose output/ already holds files from an earlier build."""
    output = sample_dir / "output" / "posters"
    output.mkdir(parents=True)
    (output / "introduction.pdf").write_bytes(b"%PDF-1.7 earlier build")
    (sample_dir / "output" / "booklet.pdf").write_bytes(b"%PDF-1.7 earlier booklet")
    return sample_dir


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "manifesto.yaml",
            "title: The manifesto and its slogan",
            "title: [unclosed",
            r"exhibit/manifesto.yaml:\d+:\d+: error: YAML syntax error",
        ),
        (
            "money.yaml",
            "value: 1000000\n",
            "value: a million\n",
            r"exhibit/money.yaml:\d+:\d+: error: bars\[2\]\.value: expected a number",
        ),
        (
            "government.yaml",
            "people:",
            "peeple:",
            r"exhibit/government.yaml:\d+:1: error: peeple: unknown field 'peeple' — did you mean 'people'\?",
        ),
        (
            "exhibition.yaml",
            "  - stamp\n",
            "  - stamps\n",
            r"exhibit/exhibition.yaml:\d+:\d+: error: panels: no file exhibit/stamps.yaml",
        ),
    ],
)
def test_bad_content_exits_2_and_leaves_output_as_it_was(
    with_old_output: Path, file: str, old: str, new: str, expected: str
) -> None:
    path = with_old_output / "exhibit" / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    before = snapshot(with_old_output / "output")
    result = run("build", str(with_old_output))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    import re

    assert re.search(expected, result.stderr), result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(with_old_output / "output") == before


def test_missing_image_file_is_reported(with_old_output: Path) -> None:
    stamp = with_old_output / "exhibit" / "stamp.yaml"
    stamp.write_text(
        stamp.read_text(encoding="utf-8").replace(
            '    placeholder: "image to come: scan of the 1968 stamp"',
            "    image: assets/images/stamp.jpg",
        ),
        encoding="utf-8",
    )
    before = snapshot(with_old_output / "output")
    result = run("check", str(with_old_output))
    assert result.returncode == 2
    assert "exhibit/stamp.yaml:" in result.stderr
    assert "the file 'assets/images/stamp.jpg' does not exist" in result.stderr
    assert snapshot(with_old_output / "output") == before


def test_check_passes_on_the_sample() -> None:
    result = CliRunner().invoke(main, ["check", str(REPO)])
    assert result.exit_code == 0, result.output
    assert "7 panels" in result.output


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["new"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["build", "--only", "everything"])
    assert result.exit_code == 2


def test_new_exhibition_builds_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "my-show"
    result = CliRunner().invoke(main, ["new", str(folder), "--title", "Vilniaus žemėlapiai"])
    assert result.exit_code == 0, result.output
    result = run("build", str(folder))
    assert result.returncode == 0, result.stderr
    poster = folder / "output" / "posters" / "welcome.pdf"
    assert boxes_mm(poster)["trim"] == (0.0, 0.0, 594.0, 841.0)
    assert "Vilniaus žemėlapiai" in page_texts(folder / "output" / "booklet.pdf")[0]
    # Refuses to overwrite.
    again = CliRunner().invoke(main, ["new", str(folder)])
    assert again.exit_code == 1
    assert "will not overwrite" in again.output


def test_layout_override_replaces_one_stylesheet(tmp_path: Path) -> None:
    folder = tmp_path / "custom"
    CliRunner().invoke(main, ["new", str(folder)])
    css = folder / "layouts" / "css"
    css.mkdir(parents=True)
    builtin = (REPO / "src" / "vitrina" / "layouts" / "css" / "poster.css").read_text()
    (css / "poster.css").write_text(builtin + "\n.lede { display: none; }\n")
    (folder / "layouts" / "poster.html").write_text(
        '{% extends "builtin/poster.html" %}{% block title %}Custom{% endblock %}'
    )
    result = run("build", str(folder), "--only", "posters")
    assert result.returncode == 0, result.stderr
    text = page_texts(folder / "output" / "posters" / "welcome.pdf")[0]
    assert "The first panel" in text
    assert "The opening paragraph" not in text  # hidden by the override


def test_broken_template_override_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    CliRunner().invoke(main, ["new", str(folder)])
    (folder / "layouts").mkdir()
    (folder / "layouts" / "poster.html").write_text("{% if %}\n")
    result = run("build", str(folder))
    assert result.returncode == 1
    assert "layouts/poster.html:1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "output" / "posters").exists()


def test_panel_too_long_for_its_poster_fails_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "long"
    CliRunner().invoke(main, ["new", str(folder)])
    panel = folder / "exhibit" / "welcome.yaml"
    text = panel.read_text()
    long_body = "body: |\n" + ("  A sentence about the exhibition that goes on and on.\n\n" * 90)
    panel.write_text(text.split("body: |")[0] + long_body + "sources:\n  - example-source\n")
    settings = folder / "exhibit" / "exhibition.yaml"
    settings.write_text(settings.read_text().replace("size: A1", "size: A4"))
    checked = run("check", str(folder))  # check lays out what build would refuse, too
    assert checked.returncode == 2, checked.stdout  # a content problem, as in check
    assert "welcome.yaml" in checked.stderr
    assert "the panel 'welcome' does not fit on one A4 poster" in checked.stderr
    result = run("build", "--only", "posters", str(folder))
    assert result.returncode == 1
    assert "the panel 'welcome' does not fit on one A4 poster" in result.stderr
    assert "over by about" in result.stderr
    over = result.stderr.split("over by about")[1].split("mm")[0]
    assert f"over by about{over}mm" in checked.stderr  # the same figure in both
    assert not (folder / "output").exists() or not any((folder / "output").rglob("*.pdf"))


def test_line_numbers_are_never_turned_into_emoji(sample_dir: Path) -> None:
    """rich reads ':100:' as an emoji code; a problem on line 100 must still say 100."""
    panel = sample_dir / "exhibit" / "introduction.yaml"
    text = panel.read_text(encoding="utf-8").rstrip("\n")
    # Comment lines push a wrong value to exactly line 100, whatever the sample holds.
    padding = 99 - len(text.splitlines())
    assert padding >= 0
    panel.write_text(text + "\n" + "# padding\n" * padding + "eyebrow: [1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(sample_dir)])
    assert result.exit_code == 2
    assert "exhibit/introduction.yaml:100:" in result.output
    assert "\U0001f4af" not in result.output


def test_a_finding_in_every_output_and_variant_is_said_once() -> None:
    """A map label that cannot be placed is found in the poster, the booklet and the
    handout of each variant: the curator reads it once, with where it is."""
    import io

    from rich.console import Console

    from vitrina.cli import show_preflight
    from vitrina.report.findings import Check, Finding
    from vitrina.report.preflight import PreflightReport

    label = "map 'Pacific': the name 'Waitangi' could not be placed clear of everything else"
    findings = [
        Finding(Check.GRAPHIC_LABEL, label, output=f"{variant}{name}", location=where)
        for variant in ("", "print/")
        for name, where in (
            ("posters/pacific.pdf", "exhibit/pacific.yaml"),
            ("booklet.pdf", None),
            ("handout.pdf", None),
        )
    ]
    findings.append(Finding(Check.LAYOUT, "35% empty band", output="posters/epilogue.pdf"))
    out = io.StringIO()
    show_preflight(Console(file=out, width=400), PreflightReport(findings=findings), table=False)
    lines = out.getvalue().splitlines()
    assert sum("Waitangi" in line for line in lines) == 1, lines
    said = next(line for line in lines if "Waitangi" in line)
    assert said.startswith("exhibit/pacific.yaml: warning")
    assert "posters/pacific.pdf, booklet.pdf, handout.pdf and 3 more" in said
    assert any(line.startswith("posters/epilogue.pdf: warning (layout)") for line in lines)
    assert "Preflight: 2 warnings, 0 notes" in lines[-1]
