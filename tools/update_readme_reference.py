"""Rewrite the YAML reference block in README.md from the content model's docstrings."""

from pathlib import Path

from vitrina.model.reference import BEGIN, END, reference

README = Path(__file__).resolve().parent.parent / "README.md"

text = README.read_text(encoding="utf-8")
start, stop = text.index(BEGIN), text.index(END) + len(END)
README.write_text(text[:start] + reference().rstrip("\n") + text[stop:], encoding="utf-8")
print(f"updated {README}")
