"""Shared building blocks of the content model: the strict base and small value types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

#: ISO 216 A-series trim sizes in millimetres, portrait.
A_SIZES_MM: dict[str, tuple[float, float]] = {
    "A0": (841, 1189),
    "A1": (594, 841),
    "A2": (420, 594),
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "A6": (105, 148),
}

_CUSTOM_SIZE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(?:x|×|\*|by)\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.IGNORECASE
)


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, docstrings document fields
    (read by vitrina.model.reference when it writes the README's reference, not when the
    models are made: pydantic's ``use_attribute_docstrings`` would parse every model's
    source at each start, a fifth of a no-change build)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
    )


@dataclass(frozen=True)
class PageSize:
    """A trim size in millimetres."""

    width_mm: float
    height_mm: float
    name: str

    @property
    def css(self) -> str:
        return f"{self.width_mm:g}mm {self.height_mm:g}mm"


def parse_page_size(text: str, orientation: str = "portrait") -> PageSize:
    """Read 'A1', 'a3' or '700 x 1000' (mm) into a PageSize; raise ValueError in plain words."""
    key = text.strip().upper()
    if key in A_SIZES_MM:
        w, h = A_SIZES_MM[key]
        name = key
    else:
        match = _CUSTOM_SIZE.match(text)
        if not match:
            raise ValueError(
                f"'{text}' is not a paper size; use A0, A1, A2, A3, A4, A5 or "
                "width x height in millimetres, such as '700 x 1000'"
            )
        w, h = float(match[1]), float(match[2])
        if not (50 <= w <= 5000 and 50 <= h <= 5000):
            raise ValueError(f"'{text}' is outside 50–5000 mm on a side")
        name = f"{w:g}×{h:g} mm"
    if orientation == "landscape" and w < h:
        w, h = h, w
    return PageSize(w, h, name)


def _check_page_size(value: str) -> str:
    parse_page_size(value)
    return value


PaperSize = Annotated[str, AfterValidator(_check_page_size)]
"""A paper size: A0–A6 or 'width x height' in millimetres."""

_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _check_key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError(
            f"'{value}' is not a valid key; use lower-case letters, digits, '-', '.' or '_'"
        )
    return value


SourceKey = Annotated[str, AfterValidator(_check_key)]
"""A short identifier of a source, such as `eidintas-1999`."""

_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")


def _check_markdown(value: str) -> str:
    if _MARKDOWN_IMAGE.search(value):
        raise ValueError(
            "this text places an image with ![...](...); vitrina places images only as "
            "objects in a captions panel (with 'image:', 'alt:' and a credit), so that "
            "each is checked and described — move the image there"
        )
    return value


Markdown = Annotated[str, AfterValidator(_check_markdown)]
"""Text with Markdown: *italic*, **bold**, [links](...), blank lines between paragraphs."""


def _check_relative_path(value: str) -> str:
    lowered = value.lower()
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) and not re.match(r"^[a-z]:[\\/]", lowered):
        raise ValueError(
            f"'{value}' is a web address or URL; vitrina never downloads files — "
            "save the file inside the exhibition folder and give its path"
        )
    if value.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:[\\/]", value):
        raise ValueError(
            f"'{value}' is an absolute path; give a path inside the exhibition folder, "
            "such as 'assets/images/stamp.jpg'"
        )
    if ".." in re.split(r"[\\/]", value):
        raise ValueError(
            f"'{value}' leads outside the exhibition folder ('..'); "
            "copy the file into the folder and give its path there"
        )
    return value


LocalPath = Annotated[str, AfterValidator(_check_relative_path)]
"""A path inside the exhibition folder, such as `assets/images/stamp.jpg`."""


def _year_as_text(value: object) -> object:
    """A bare year (`date: 1976`) reaches the model as a number; a date is text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


#: A date written as text; a bare year such as `1976` is accepted as the text "1976".
DateText = Annotated[str, BeforeValidator(_year_as_text)]
