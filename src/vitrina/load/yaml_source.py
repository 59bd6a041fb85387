"""Parse one YAML file into plain data plus a map from field path to line and column.

PyYAML's composer gives every node its start mark; we build the Python values
ourselves from the node graph so that we can (a) remember where each value is,
(b) refuse duplicate keys, which plain PyYAML silently overwrites, and (c) stop
alias bombs by counting the values built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vitrina.errors import Location, Problem

FieldPath = tuple[str | int, ...]

#: Larger than any real exhibition file; an alias bomb blows past it at once.
MAX_VALUES = 200_000
#: A panel file is text a curator typed; a multi-megabyte one is a mistake.
MAX_FILE_BYTES = 2_000_000
#: Nesting deeper than this is never content; it stops self-referencing aliases.
MAX_DEPTH = 50


@dataclass
class SourceDocument:
    """One YAML file: its data, and the location of every mapping key and value in it."""

    path: Path
    data: Any
    marks: dict[FieldPath, Location] = field(default_factory=dict)
    key_marks: dict[FieldPath, Location] = field(default_factory=dict)
    raw: bytes | None = None
    """The exact bytes that were parsed and validated: what the build cache digests and
    the archive PDF attaches, so a file edited during a build cannot be mistaken for the
    one the PDFs were made from."""

    def locate(self, path: FieldPath) -> Location:
        """The location of a field path, or of its nearest ancestor that exists."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), Location(self.path, 1, 1))

    def locate_key(self, path: FieldPath) -> Location:
        """The location of a mapping key itself (for unknown or misspelled keys)."""
        return self.key_marks.get(tuple(path)) or self.locate(path)


class YamlLoadError(Exception):
    """Raised with a located problem when a file cannot be parsed at all."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


#: libyaml's parser when PyYAML has it (ten times faster), else the pure-Python one; both
#: give the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _location(path: Path, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


_STANDARD = "tag:yaml.org,2002:"
#: The tags YAML gives plain values itself; any other (`!!binary`, `!!python/name:…`,
#: `!local`) is refused rather than turned into bytes or passed on as text.
_PLAIN_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_INDENTATION_SIGNS = (
    "expected <block end>",
    "did not find expected key",
    "mapping values are not allowed",
    "did not find expected '-' indicator",
)
_INDENTATION_HINT = (
    " (this is usually indentation: the lines of one block must start at the same "
    "column, and a nested value further right than its key — count the spaces)"
)


class _Builder:
    """Turns a composed node graph into Python values while recording marks."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self.marks: dict[FieldPath, Location] = {}
        self.key_marks: dict[FieldPath, Location] = {}
        self._constructor = yaml.SafeLoader("")  # only for scalar resolution

    def build(self, node: yaml.Node, at: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlLoadError(
                Problem(
                    f"the file expands to more than {MAX_VALUES:,} values "
                    "(probably an alias or anchor used over and over); "
                    "write the values out instead of using '*' aliases",
                    _location(self.path, node.start_mark),
                )
            )
        if len(at) > MAX_DEPTH:
            raise YamlLoadError(
                Problem(
                    f"the values are nested more than {MAX_DEPTH} levels deep "
                    "(an alias that refers to itself?); flatten the structure",
                    _location(self.path, node.start_mark),
                )
            )
        self.marks[at] = _location(self.path, node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            raise YamlLoadError(
                Problem(
                    f"the YAML tag '{node.tag.replace(_STANDARD, '!!')}' is not allowed in "
                    "an exhibition file; write the value as plain text, a number, a list "
                    "or a mapping",
                    _location(self.path, node.start_mark),
                )
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*at, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, at: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlLoadError(
                    Problem(
                        "'<<' merge keys are not supported; write the fields out",
                        _location(self.path, key_node.start_mark),
                    )
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlLoadError(
                    Problem(
                        "a key must be a plain word, not a list or mapping",
                        _location(self.path, key_node.start_mark),
                    )
                )
            key = str(self._scalar(key_node))
            if key in result:
                first = self.key_marks[(*at, key)]
                raise YamlLoadError(
                    Problem(
                        f"the key '{key}' appears twice in the same block "
                        f"(first on line {first.line}); keep one of them",
                        _location(self.path, key_node.start_mark),
                        field=".".join(str(p) for p in (*at, key)),
                    )
                )
            self.key_marks[(*at, key)] = _location(self.path, key_node.start_mark)
            result[key] = self.build(value_node, (*at, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        # Dates stay strings: the model parses them with its own, clearer messages.
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        try:
            return self._constructor.construct_object(node, deep=False)
        except (ValueError, yaml.constructor.ConstructorError):
            # e.g. an explicit tag vitrina does not know: keep the text, let the model judge.
            return node.value


def parse_yaml_text(text: str, path: Path) -> SourceDocument:
    """Parse YAML text; raise YamlLoadError with a located, plain-words problem."""
    if "\t" in text:
        line_no = text[: text.index("\t")].count("\n") + 1
        line = text.split("\n")[line_no - 1]  # not splitlines(): it also splits on \x0c, \u2028…
        column = line.index("\t") + 1
        raise YamlLoadError(
            Problem(
                "a tab character is used for indenting; YAML needs spaces — "
                "replace the tab with spaces",
                Location(path, line_no, column),
            )
        )
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "the YAML cannot be read"
        if exc.context:
            what = f"{exc.context}, {what}"
        if any(sign in what for sign in _INDENTATION_SIGNS):
            what += _INDENTATION_HINT
        raise YamlLoadError(Problem(f"YAML syntax error: {what}", _location(path, mark))) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError(Problem(f"YAML syntax error: {exc}", Location(path))) from None
    if node is None:
        raise YamlLoadError(
            Problem(
                "the file is empty; it needs at least a 'kind' or 'title'", Location(path, 1, 1)
            )
        )
    builder = _Builder(path)
    data = builder.build(node, ())
    return SourceDocument(path, data, builder.marks, builder.key_marks)


def load_yaml_file(path: Path, display_path: Path | None = None) -> SourceDocument:
    """Read and parse a YAML file; every failure becomes a located YamlLoadError."""
    shown = display_path or path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YamlLoadError(Problem("the file does not exist", Location(shown))) from None
    except OSError as exc:
        raise YamlLoadError(
            Problem(f"the file cannot be read ({exc.strerror})", Location(shown))
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlLoadError(
            Problem(
                f"the file is {len(raw):,} bytes, over the {MAX_FILE_BYTES:,} bytes a content "
                "file may have; split it or move long text into separate panels",
                Location(shown),
            )
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(raw) >= 4 and (raw[1::2].count(0) > len(raw) // 4 or raw[::2].count(0) > len(raw) // 4)
    ):
        raise YamlLoadError(
            Problem(
                "the text is UTF-16, not UTF-8; save the file as UTF-8 in your editor",
                Location(shown, 1, 1),
            )
        )
    if b"\x00" in raw:
        raise YamlLoadError(Problem("this is a binary file, not YAML text", Location(shown, 1, 1)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlLoadError(
            Problem(
                "the text is not UTF-8; save the file as UTF-8 in your editor",
                Location(shown, line),
            )
        ) from None
    document = parse_yaml_text(text, shown)
    document.raw = raw
    return document
