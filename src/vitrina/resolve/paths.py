"""Where vitrina's own resources live inside the installed package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BUILTIN_LAYOUTS = PACKAGE_DIR / "layouts"
BUILTIN_ASSETS = PACKAGE_DIR / "assets"
FONTS_DIR = BUILTIN_ASSETS / "fonts"
GEO_DIR = BUILTIN_ASSETS / "geo"
