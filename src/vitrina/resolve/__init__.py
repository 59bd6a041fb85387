"""Stage 3 — resolve: find what the exhibit's outputs are made with: the fonts (vitrina's
and those in the exhibition's assets/fonts/), templates and stylesheets on the layout
search path (and the sandboxed Jinja environment that runs them), the formatted
bibliography entries, and the base map's coastlines, lakes, rivers and borders. Below
validation, which checks every character against the fonts and every lake a map leaves
out against the base map."""
