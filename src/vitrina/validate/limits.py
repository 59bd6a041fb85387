"""Sizes that cannot make a page, refused before any rendering (issue 17: nothing hangs).

Rendering time grows faster than the content: hyphenating a 5,000-character word took a
minute, fitting a roster of 300 people more than two. So text that could never be laid
out is refused here, with the file, line and field and the `limits:` key that allows
more, instead of being found out after minutes of trying.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from vitrina.errors import ProblemList
from vitrina.load.yaml_source import FieldPath, SourceDocument
from vitrina.model.exhibition import Limits

#: Fields that hold a path, a web address or a key, not text anyone reads as words.
_NOT_TEXT = frozenset({"image", "url", "doi", "icc_profile", "kind", "sources", "panels", "file"})
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_WORD = re.compile(r"\S+")


def text_fields(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string of a content file meant to be read, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                yield from text_fields(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, (*path, index))


def field_name(path: FieldPath) -> str:
    """A field path as the messages show it: ``items[2].caption``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def check_limits(documents: list[SourceDocument], limits: Limits, problems: ProblemList) -> None:
    """Every text of every content file within ``limits``; each excess is one problem."""
    for doc in documents:
        if doc.data is None:
            continue
        for path, text in text_fields(doc.data):
            field = field_name(path)
            plain = _LINK_TARGET.sub("]", text)
            longest = max((len(word) for word in _WORD.findall(plain)), default=0)
            if longest > limits.longest_word:
                problems.add(
                    f"a word here is {longest:,} characters long, more than the "
                    f"{limits.longest_word:,} of limits: longest_word; put spaces in it "
                    "(or raise the limit in exhibition.yaml)",
                    doc.locate(path),
                    field,
                )
            words = len(_WORD.findall(plain))
            is_caption = len(path) == 3 and path[0] == "items" and path[2] == "caption"
            most, key = (
                (limits.caption_words, "caption_words")
                if is_caption
                else (limits.text_words, "text_words")
            )
            if words > most:
                problems.add(
                    f"this text has {words:,} words, more than the {most:,} of limits: {key} "
                    "(no page could hold it); shorten it, split it, or raise the limit in "
                    "exhibition.yaml",
                    doc.locate(path),
                    field,
                )
        people = doc.data.get("people") if isinstance(doc.data, dict) else None
        if isinstance(people, list) and len(people) > limits.roster_people:
            problems.add(
                f"this roster lists {len(people):,} people, more than the "
                f"{limits.roster_people:,} of limits: roster_people (no poster could show "
                "them legibly); split it into several panels, or raise the limit in "
                "exhibition.yaml",
                doc.locate(("people",)),
                "people",
            )
