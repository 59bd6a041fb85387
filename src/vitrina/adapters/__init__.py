"""Adapters: the one place for each library whose internals vitrina relies on.

Private attributes and output formats that a library does not promise to keep (WeasyPrint's
page boxes, pydyf's objects inside WeasyPrint's finisher hook, pypdf's object table,
pdfium's text objects as addresses, ReportLab's SVG text) are reached only through these
modules, one per library. tests/test_adapters.py exercises each as vitrina uses it and
fails naming the library, its version and the adapter when an upgrade changes them.
"""
