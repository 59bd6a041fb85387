"""Print (PDF/X-4) and archive (PDF/A-3b) variants, read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from pdf_facts import fonts, page_texts


@pytest.fixture(scope="module")
def variants(built_all_variants: Path) -> Path:
    """The sample in every variant, built once for the session (conftest)."""
    return built_all_variants


def xmp(path: Path) -> str:
    root = PdfReader(path).trailer["/Root"]
    return root["/Metadata"].get_object().get_data().decode()


def output_intents(path: Path) -> list[str]:
    root = PdfReader(path).trailer["/Root"]
    return [str(intent.get_object()["/S"]) for intent in root.get("/OutputIntents", [])]


def test_each_variant_has_its_own_folder(variants: Path) -> None:
    assert (variants / "print" / "booklet.pdf").is_file()
    assert (variants / "print" / "booklet-imposed.pdf").is_file()
    assert (variants / "archive" / "booklet.pdf").is_file()
    assert not (variants / "archive" / "booklet-imposed.pdf").exists()  # not archived


def test_print_variant_is_pdf_x4_with_fogra39_intent(variants: Path) -> None:
    for name in ("booklet.pdf", "booklet-imposed.pdf"):
        path = variants / "print" / name
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp(path)
        assert output_intents(path) == ["/GTS_PDFX"]
        intent = PdfReader(path).trailer["/Root"]["/OutputIntents"][0].get_object()
        assert intent["/OutputConditionIdentifier"] == "FOGRA39"


def test_archive_variant_is_pdf_a3b_with_metadata(variants: Path) -> None:
    path = variants / "archive" / "booklet.pdf"
    metadata = xmp(path)
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata
    assert "A Republic Declared Elsewhere" in metadata  # dc:title
    assert "The vitrina developers" in metadata  # dc:creator
    assert "<dc:language><rdf:Bag><rdf:li>en</rdf:li>" in metadata
    assert "2026-11-22" in metadata  # xmp:CreateDate from edition_date
    assert "The Lithuanian Soviet Socialist Republic" in metadata  # dc:description (subject)
    assert output_intents(path) == ["/GTS_PDFA1"]
    reader = PdfReader(path)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "A government of eight" in titles  # bookmarks
    assert all(fonts(path).values())


def test_archive_carries_its_yaml_sources(variants: Path) -> None:
    reader = PdfReader(variants / "archive" / "booklet.pdf")
    attached = reader.attachments
    assert "exhibit/exhibition.yaml" in attached and "exhibit/sources.yaml" in attached
    roster = attached["exhibit/government.yaml"][0].decode("utf-8")
    assert "name: Aleksandras Jakševičius" in roster
    original = Path(__file__).resolve().parent.parent / "exhibit" / "government.yaml"
    assert roster == original.read_text(encoding="utf-8")
    # The relationship is declared, as PDF/A-3 requires.
    catalog = reader.trailer["/Root"]
    # (WeasyPrint lists each file twice in /AF; each distinct file is there.)
    assert len({ref.idnum for ref in catalog["/AF"]}) == len(attached)


def test_variants_keep_the_text(variants: Path) -> None:
    text = " ".join(page_texts(variants / "archive" / "booklet.pdf"))
    assert "Vincas Mickevičius-Kapsukas" in text
