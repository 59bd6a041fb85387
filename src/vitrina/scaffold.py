"""`vitrina new`: a small exhibition that builds at once, for a curator to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from vitrina.errors import BuildError

TEMPLATE_DIR = Path(__file__).resolve().parent / "scaffold_files"


def create_exhibition(folder: Path, title: str, languages: list[str] | None = None) -> list[Path]:
    """Copy the starter files into ``folder``; refuse to overwrite an existing exhibition.

    With ``languages`` (such as ``["lt", "en"]``, the primary one first) the exhibition is
    in those languages and every text visitors read is written once per language, the
    starter words standing in each until the curator writes their own."""
    languages = _checked_languages(languages or [])
    if (folder / "exhibit").exists():
        raise BuildError(
            f"{folder} already has an exhibit/ folder; vitrina will not overwrite it",
            hint="choose a new folder name",
        )
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder} exists and is not a folder")
    created = []
    for source in sorted(TEMPLATE_DIR.rglob("*")):
        if source.is_dir():
            continue
        relative = source.relative_to(TEMPLATE_DIR)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.name == "exhibition.yaml":
            text = source.read_text(encoding="utf-8").replace(
                "title: My exhibition", _yaml_line("title", title), 1
            )
            if languages:
                text = _in_languages(text, languages, exhibition=True)
            target.write_text(text, encoding="utf-8")
        elif languages and source.suffix == ".yaml" and source.name != "sources.yaml":
            target.write_text(
                _in_languages(source.read_text(encoding="utf-8"), languages), encoding="utf-8"
            )
        else:
            shutil.copyfile(source, target)
        created.append(relative)
    return created


def _yaml_line(key: str, value: str) -> str:
    """``key: value`` written by the YAML library, so that any title (with ':', '#',
    quotes or a leading '-') reads back as exactly what was typed."""
    import yaml

    return yaml.safe_dump({key: value}, allow_unicode=True, width=1_000_000).strip()


#: The starter's fields that visitors read, written once per language.
_TEXT_KEYS = frozenset({"title", "subtitle", "eyebrow", "lede", "body", "intro", "summary"})


def _checked_languages(languages: list[str]) -> list[str]:
    from vitrina.validate.languages import LANGUAGE_CODE

    codes = [code.strip() for code in languages if code.strip()]
    wrong = [code for code in codes if not LANGUAGE_CODE.match(code)]
    if wrong:
        raise BuildError(
            f"'{wrong[0]}' is not a language code",
            hint="give codes such as lt,en (the primary language first)",
        )
    if len(set(codes)) != len(codes):
        raise BuildError("a language is given twice", hint="give each language once")
    return codes


def _in_languages(text: str, languages: list[str], exhibition: bool = False) -> str:
    """A starter file with its texts given per language (``title: {lt: …, en: …}``) and,
    for exhibition.yaml, the languages declared, its comments kept."""
    import yaml

    comments = [line for line in text.splitlines() if line.startswith("#")]
    data = yaml.safe_load(text)
    for key in list(data):
        if key in _TEXT_KEYS and isinstance(data[key], str):
            data[key] = {code: data[key] for code in languages}
    if exhibition:
        data.pop("language", None)
        data = {"languages": languages, **data}
        comments.append(
            "# Each text is written once per language; the first language is the primary "
            "one.\n# Replace the starter words in every language (vitrina reports a text "
            "missing in one)."
        )

    class _Dumper(yaml.SafeDumper):
        pass

    def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _text)
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=88,
        default_flow_style=False,
    )
    return "\n".join(comments) + "\n" + body
