"""Stage 8 — report: the preflight that runs after every build, on the PDFs as they will
be written, before anything is written."""

from vitrina.report.preflight import Finding, PreflightReport, assemble, check_outputs

__all__ = ["Finding", "PreflightReport", "assemble", "check_outputs"]
