"""Every sentence a visitor reads comes from the exhibition's YAML: the built-in layouts
hold only short, neutral built-in words (headings, labels), never a sentence written for
one exhibition (such as the sample's "Every fact in this exhibition comes from the first
work listed", which lived in the booklet template)."""

from __future__ import annotations

import re
from pathlib import Path

from vitrina.paths import BUILTIN_LAYOUTS

#: Built-in sentences that hold for any exhibition (the lang helper translates them).
NEUTRAL = {
    "Edition of . Made with vitrina .",
    "Handout of , made with vitrina from the exhibition’s own texts.",
}


def _literal_text(template: str) -> list[str]:
    """The words a template prints itself: Jinja comments, tags and expressions and
    HTML tags taken out, one run of text per piece between them."""
    text = re.sub(r"\{#.*?#\}", " ", template, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "\n", text, flags=re.S)
    pieces = re.split(r"<[^>]*>|\n", text)
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


def test_built_in_layouts_hold_no_sentences() -> None:
    found = []
    for path in sorted(Path(BUILTIN_LAYOUTS).rglob("*.html")):
        for words in _literal_text(path.read_text(encoding="utf-8")):
            if len(words.split()) >= 5 and words not in NEUTRAL:
                found.append(f"{path.name}: {words}")
    assert not found


def test_the_map_data_credit_names_no_period() -> None:
    from vitrina.draw.geo import GEO_CREDIT

    assert not re.search(r"\b1[0-9]{3}\b", GEO_CREDIT)  # no year of one exhibition's period
