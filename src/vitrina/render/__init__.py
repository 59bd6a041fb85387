"""Stage 5 — render: Jinja2 → HTML → WeasyPrint."""
