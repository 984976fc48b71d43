"""Reading one YAML file safely, keeping the line of every mapping key and list item.

The loader is PyYAML's libyaml-backed ``CSafeLoader`` with three changes: every mapping and
sequence remembers its line numbers (so that a validation error can name ``path:line``), a key
given twice in one mapping is an error instead of a silent override, and aliases are refused
(an alias bomb cannot expand, and a curated file has no need for them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: Files larger than this are refused before parsing (a curated file is far smaller).
MAX_FILE_BYTES = 512 * 1024 * 1024


class LineDict(dict[Any, Any]):
    """A mapping that knows the line it starts on and the line of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict[Any, int] = {}


class LineList(list[Any]):
    """A sequence that knows the line it starts on and the line of each item."""

    __slots__ = ("line", "item_lines")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.item_lines: list[int] = []


class YamlProblem(Exception):
    """A file that cannot be read as YAML; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _mark_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Loader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # libyaml hands an alias back as the very node it names: a second visit is an alias.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlProblem(_mark_line(node), "YAML aliases (*name) are not allowed in graph files")
        return super().construct_object(node, deep=deep)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = _mark_line(node)
    yield data
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(_mark_line(key_node), "YAML merge keys (<<) are not allowed in graph files")
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise YamlProblem(_mark_line(key_node), "a mapping key must be a plain value")
        if key in data:
            raise YamlProblem(_mark_line(key_node), f"key {key!r} appears twice in the same mapping")
        data.key_lines[key] = _mark_line(key_node)
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = _mark_line(node)
    yield data
    for child in node.value:
        data.item_lines.append(_mark_line(child))
        data.append(loader.construct_object(child, deep=True))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def read_yaml(path: Path) -> Any:
    """Parse ``path``; raise :class:`YamlProblem` for anything that is not a clean UTF-8 YAML file."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise YamlProblem(1, f"cannot read file: {e.strerror}") from e
    if size > MAX_FILE_BYTES:
        raise YamlProblem(1, f"file is too large ({size} bytes; at most {MAX_FILE_BYTES})")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise YamlProblem(1, f"cannot read file: {e.strerror}") from e
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem(line_of_offset(raw, nul), "binary data (NUL byte) in a YAML file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise YamlProblem(
            line_of_offset(raw, e.start), f"not UTF-8 text (byte 0x{raw[e.start]:02x}); save the file as UTF-8"
        ) from e
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a CSafeLoader
    except YamlProblem:
        raise
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark or e.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        raise YamlProblem(line, f"unsupported YAML tag ({e.problem}); graph files hold plain data only") from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        raise YamlProblem(line, f"YAML syntax error: {what}") from e
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, max(e.position, 0)) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        raise YamlProblem(line, f"character U+{ord(char):04X} is not allowed in YAML text") from e
    except yaml.YAMLError as e:
        raise YamlProblem(1, f"YAML error: {e}") from e
    except RecursionError as e:
        raise YamlProblem(1, "YAML nesting is too deep") from e
    except (ValueError, OverflowError) as e:  # e.g. a timestamp such as 2023-02-30
        raise YamlProblem(1, f"bad YAML value: {e}") from e


def line_at(data: Any, loc: tuple[Any, ...], default: int) -> int:
    """The line of the deepest element of ``data`` that ``loc`` (a pydantic error location) reaches."""
    line = getattr(data, "line", default) or default
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line
