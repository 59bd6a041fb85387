"""Every file of every variant of the sample, built in one go, read back against the
clauses of PDF/X-4 (print) and PDF/A-3b (archive) that can be checked from the file."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import copy_sample, keep_panels
from pdf_facts import drawing_operators, fonts
from vitrina.cli import main


def test_every_variant_builds_in_one_process(built_all_variants: Path) -> None:
    """One process writing many archive PDFs (WeasyPrint attachments are single-use)."""
    for folder in ("", "print", "archive"):
        assert (built_all_variants / folder / "booklet.pdf").is_file()
        assert len(list((built_all_variants / folder / "posters").glob("*.pdf"))) == 7
    assert len(list((built_all_variants / "archive").rglob("*.pdf"))) >= 10


@pytest.mark.slow
def test_every_variant_builds_with_the_default_jobs(tmp_path: Path) -> None:
    """The command as a curator types it, with as many workers as cores: each worker still
    writes several archive PDFs (a cut-down sample keeps this one cheap, and the booklet,
    made in one process by built_all_variants, is left out)."""
    root = keep_panels(copy_sample(tmp_path), "introduction", "government", "stamp")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(root),
            "--only",
            "posters,labels,handout",
            "--variant",
            "proof,print,archive",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(list((root / "output" / "archive" / "posters").glob("*.pdf"))) == 3
    assert (root / "output" / "archive" / "labels.pdf").is_file()


# --- The clauses read from the files --------------------------------------------------

XMP_X4 = "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"
XMP_A3B = ('pdfaid:part="3"', 'pdfaid:conformance="B"')


def _files(output: Path, variant: str) -> list[Path]:
    folder = output / {"proof": "", "print": "print", "archive": "archive"}[variant]
    found = sorted(folder.rglob("*.pdf"))
    if variant == "proof":
        found = [p for p in found if p.relative_to(output).parts[0] not in ("print", "archive")]
    return found


def _version(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:9].decode("latin-1")
    assert header.startswith("%PDF-"), f"{path.name}: no PDF header"
    major, minor = header[5:8].split(".")
    return int(major), int(minor)


def _xmp(reader: PdfReader) -> str:
    metadata = reader.trailer["/Root"].get("/Metadata")
    return metadata.get_object().get_data().decode("utf-8") if metadata is not None else ""


def _intents(reader: PdfReader) -> list[dict]:
    return [i.get_object() for i in reader.trailer["/Root"].get("/OutputIntents", [])]


def _profile_header(intent: dict) -> tuple[str, str]:
    """The ICC profile's device class and colour space (header bytes 12–20)."""
    data = intent["/DestOutputProfile"].get_object().get_data()
    return data[12:16].decode("latin-1"), data[16:20].decode("latin-1").strip()


def _check_common(path: Path, reader: PdfReader, problems: list[str]) -> None:
    """What every file must satisfy: not encrypted, fonts embedded, a file identifier."""
    if reader.is_encrypted:
        problems.append(f"{path}: encrypted")
    missing = [name for name, embedded in fonts(path).items() if not embedded]
    if missing:
        problems.append(f"{path}: fonts not embedded: {missing}")


def _check_info_agrees_with_xmp(path: Path, reader: PdfReader, problems: list[str]) -> None:
    """Document information and XMP say the same (PDF/A-3 6.6.3, PDF/X-4 6.7.2)."""
    info, xmp = reader.metadata or {}, _xmp(reader)
    for key, marker in (
        ("/Title", "<dc:title>"),
        ("/Author", "<dc:creator>"),
        ("/Subject", "<dc:description>"),
        ("/Creator", "<xmp:CreatorTool>"),
        ("/Keywords", "<pdf:Keywords>"),
    ):
        value = info.get(key)
        if value is None:
            continue
        if marker not in xmp or html.escape(str(value), quote=False) not in xmp:
            problems.append(f"{path}: Info {key} {value!r} is not in the XMP")
    producer = info.get("/Producer")
    if producer is not None and f'pdf:Producer="{producer}"' not in xmp:
        problems.append(f"{path}: Info /Producer differs from the XMP")
    for key, tag in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        value = str(info.get(key, ""))
        if value:
            stamp = f"{value[2:6]}-{value[6:8]}-{value[8:10]}T{value[10:12]}:{value[12:14]}"
            if f"<{tag}>{stamp}" not in xmp:
                problems.append(f"{path}: Info {key} differs from the XMP {tag}")


def _check_boxes(path: Path, reader: PdfReader, problems: list[str]) -> None:
    """Every page has a TrimBox inside its BleedBox inside its MediaBox (PDF/X-4 6.2.2)."""
    for number, page in enumerate(reader.pages, 1):
        if "/TrimBox" not in page and "/ArtBox" not in page:
            problems.append(f"{path} page {number}: no TrimBox")
            continue
        media, bleed, trim = page.mediabox, page.bleedbox, page.trimbox
        inside = (
            float(media.left) - 0.01 <= float(bleed.left) <= float(trim.left)
            and float(media.bottom) - 0.01 <= float(bleed.bottom) <= float(trim.bottom)
            and float(trim.right) <= float(bleed.right) <= float(media.right) + 0.01
            and float(trim.top) <= float(bleed.top) <= float(media.top) + 0.01
        )
        if not inside:
            problems.append(f"{path} page {number}: TrimBox/BleedBox/MediaBox not nested")


def test_proof_files_are_sound(built_all_variants: Path) -> None:
    problems: list[str] = []
    for path in _files(built_all_variants, "proof"):
        reader = PdfReader(path)
        _check_common(path, reader, problems)
        if _version(path) < (1, 4):
            problems.append(f"{path}: header {_version(path)}")
    assert not problems, "\n".join(problems)


def check_print_file(path: Path, problems: list[str]) -> None:
    """The clauses of PDF/X-4 a print file must meet, each broken one added to ``problems``."""
    reader = PdfReader(path)
    _check_common(path, reader, problems)
    if _version(path) < (1, 6):  # PDF/X-4 is based on PDF 1.6
        problems.append(f"{path}: header {_version(path)}, PDF/X-4 needs 1.6 or later")
    if "/ID" not in reader.trailer:
        problems.append(f"{path}: no file identifier (/ID)")
    if XMP_X4 not in _xmp(reader):
        problems.append(f"{path}: XMP does not identify PDF/X-4")
    if str((reader.metadata or {}).get("/Trapped")) not in ("/True", "/False"):
        problems.append(f"{path}: /Trapped is not True or False")
    intents = [i for i in _intents(reader) if i.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        problems.append(f"{path}: {len(intents)} PDF/X output intents, not one")
    else:
        device, space = _profile_header(intents[0])
        if device != "prtr":
            problems.append(f"{path}: output intent profile is '{device}', not 'prtr'")
        if space != "CMYK" or intents[0]["/DestOutputProfile"].get_object()["/N"] != 4:
            problems.append(f"{path}: output intent profile is {space}, not CMYK")
        if not intents[0].get("/OutputConditionIdentifier"):
            problems.append(f"{path}: no OutputConditionIdentifier")
    if drawing_operators(path) & {b"rg", b"RG"}:
        problems.append(f"{path}: DeviceRGB colour in a CMYK job")
    _check_boxes(path, reader, problems)
    _check_info_agrees_with_xmp(path, reader, problems)


def test_print_files_meet_pdf_x4(built_all_variants: Path) -> None:
    files = _files(built_all_variants, "print")
    assert len(files) >= 11
    problems: list[str] = []
    for path in files:
        check_print_file(path, problems)
    assert not problems, "\n".join(problems)


def test_archive_files_meet_pdf_a3b(built_all_variants: Path) -> None:
    files = _files(built_all_variants, "archive")
    assert any(p.parent.name == "labels" for p in files)  # the single cards too
    problems: list[str] = []
    for path in files:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        _check_common(path, reader, problems)
        if _version(path) != (1, 7):  # PDF/A-3 is based on PDF 1.7 (ISO 32000-1)
            problems.append(f"{path}: header {_version(path)}, PDF/A-3 is 1.7")
        if "/ID" not in reader.trailer:
            problems.append(f"{path}: no file identifier (/ID)")
        if not all(marker in _xmp(reader) for marker in XMP_A3B):
            problems.append(f"{path}: XMP does not identify PDF/A-3b")
        intents = [i for i in _intents(reader) if i.get("/S") == "/GTS_PDFA1"]
        if len(intents) != 1:
            problems.append(f"{path}: {len(intents)} PDF/A output intents, not one")
        else:
            device, space = _profile_header(intents[0])
            n = intents[0]["/DestOutputProfile"].get_object()["/N"]
            if device not in ("prtr", "mntr", "scnr") or (space, n) not in (
                ("RGB", 3),
                ("CMYK", 4),
                ("GRAY", 1),
            ):
                problems.append(f"{path}: output intent profile {device} {space} /N {n}")
        if not (root.get("/MarkInfo") or {}).get("/Marked") or "/StructTreeRoot" not in root:
            problems.append(f"{path}: not tagged")
        attached = reader.attachments
        if "exhibit/exhibition.yaml" not in attached:
            problems.append(f"{path}: the YAML sources are not attached")
        files_in_af = {ref.idnum for ref in root.get("/AF", [])}
        if len(files_in_af) != len(attached):
            problems.append(f"{path}: /AF lists {len(files_in_af)} of {len(attached)} files")
        for ref in root.get("/AF", []):
            spec = ref.get_object()
            if "/AFRelationship" not in spec or "/UF" not in spec:
                problems.append(f"{path}: a file spec without /AFRelationship or /UF")
            stream = spec["/EF"]["/F"].get_object()
            if "/Subtype" not in stream or "/ModDate" not in stream.get("/Params", {}):
                problems.append(f"{path}: an attachment without MIME type or /ModDate")
            elif stream["/Subtype"] != "/application/yaml":  # what it is, not octet-stream
                problems.append(f"{path}: a YAML file attached as {stream['/Subtype']}")
        if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
            problems.append(f"{path}: the viewer shows the file name, not the title")
        _check_info_agrees_with_xmp(path, reader, problems)
    assert not problems, "\n".join(problems)


def test_the_sample_passes_the_prepress_preflight(built_all_variants: Path) -> None:
    import json

    report = json.loads((built_all_variants / "preflight.json").read_text(encoding="utf-8"))
    prepress = {"bleed", "output-intent", "colour-space", "pdf-version", "line-width", "marks"}
    assert [f for f in report["findings"] if f["check"] in prepress] == []
