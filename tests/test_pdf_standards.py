"""Every file of every variant of the sample, built in one go, read back against the
clauses of PDF/X-4 (print) and PDF/A-3b (archive) that can be checked from the file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import copy_sample, keep_panels
from vitrina.cli import main


def test_every_variant_builds_in_one_process(built_all_variants: Path) -> None:
    """One process writing many archive PDFs (WeasyPrint attachments are single-use)."""
    for folder in ("", "print", "archive"):
        assert (built_all_variants / folder / "booklet.pdf").is_file()
        assert len(list((built_all_variants / folder / "posters").glob("*.pdf"))) == 7
    assert len(list((built_all_variants / "archive").rglob("*.pdf"))) >= 10


def test_every_variant_builds_with_the_default_jobs(tmp_path: Path) -> None:
    """The command as a curator types it, with as many workers as cores: each worker still
    writes several archive PDFs (a cut-down sample keeps this one cheap)."""
    root = keep_panels(copy_sample(tmp_path), "introduction", "government", "stamp")
    result = CliRunner().invoke(
        main, ["build", str(root), "--force", "--variant", "proof,print,archive"]
    )
    assert result.exit_code == 0, result.output
    assert len(list((root / "output" / "archive" / "posters").glob("*.pdf"))) == 3
    assert (root / "output" / "archive" / "labels.pdf").is_file()
