"""Stage 6 — finish: what happens to rendered PDFs before they are written
(imposition, printer's marks, page boxes)."""
