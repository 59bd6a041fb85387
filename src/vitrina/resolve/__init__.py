"""Stage 3 — resolve: find layouts, fonts and sources for the validated exhibit."""
