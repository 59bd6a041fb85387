"""pdfium's C API as vitrina calls it through pypdfium2's ctypes bindings.

``FPDFText_GetTextObject`` returns a pointer to the text object a character belongs to;
called through a function type that returns the address as a plain int, it is cheap
enough to call once per character (a booklet has some 200,000) and its value can key a
cache of each text object's size and colour."""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_raw

#: ``text_object(textpage_handle, char_index) -> int | None``: the address of the text
#: object of a character (None when it has none).
text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_raw.FPDFText_GetTextObject, ctypes.c_void_p).value
)
