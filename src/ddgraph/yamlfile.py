"""Reading one YAML file safely, keeping the line of every mapping key and list item.

The loader is PyYAML's libyaml-backed ``CSafeLoader`` with three changes: every mapping and
sequence remembers its line numbers (so that a validation error can name ``path:line``), a key
given twice in one mapping is an error instead of a silent override, and aliases are refused
(an alias bomb cannot expand, and a curated file has no need for them).

Loading reads a clean file through :func:`read_records` first: yaml-rs on a text in the house
layout (a grammar checks that YAML 1.2 gives the values YAML 1.1 gives), else libyaml's event
stream (:func:`read_records_reference`); on any doubt the caller reads the file with
:func:`read_yaml`, whose values, lines and messages are the reference.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path
from typing import Any

import yaml
import yaml_rs

from .errors import YamlProblem

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


#: One message for nesting too deep to read, whether Python's recursion limit or libyaml's own stops it.
_TOO_DEEP = "YAML nesting is too deep"

_RESOLVED: dict[str, str] = {}


def _mark_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Loader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # The tag of a plain scalar depends on its text alone (this loader has no path resolvers),
        # and a data file repeats the same keys and values over and over: remember each answer.
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _RESOLVED.get(value)
            if tag is None:
                if len(_RESOLVED) > 100_000:
                    _RESOLVED.clear()
                tag = _RESOLVED[value] = super().resolve(kind, value, implicit)
            return tag
        # What Resolver.resolve returns for everything else when there are no path resolvers.
        if kind is yaml.ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG

    # Path resolvers are never registered on this loader, so the composer's per-node hooks are no-ops.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # libyaml hands an alias back as the very node it names: a second visit is an alias.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlProblem(_mark_line(node), "YAML aliases (*name) are not allowed in graph files")
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as e:  # an unquoted impossible date such as 2023-02-30
            if node.tag == "tag:yaml.org,2002:timestamp":
                raise YamlProblem(_mark_line(node), f"not a date: {node.value} ({e})") from e
            raise


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


class _NotPlain(Exception):
    """The document holds something that only :func:`read_yaml` handles exactly."""


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: Scalar tags the fast reader builds with the loader's own constructors (plain functions).
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))
_MAX_FAST_DEPTH = 40


_EVENT = yaml.events


def _resolved(loader: _Loader, tag: str | None, value: str, implicit: Any) -> str:
    if tag is None or tag == "!":
        return str(loader.resolve(yaml.ScalarNode, value, implicit))
    return tag


def _value(loader: _Loader, event: Any, depth: int) -> Any:
    """The plain value that starts with ``event``, read from the event stream as ``_Loader`` builds it."""
    cls = type(event)
    if event.anchor is not None:  # an anchor (maybe used by an alias): only the reference reader decides
        raise _NotPlain
    if cls is _EVENT.ScalarEvent:
        tag = _resolved(loader, event.tag, event.value, event.implicit)
        if tag == _STR:
            return event.value
        if tag in _SCALAR_TAGS:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            return loader.yaml_constructors[tag](loader, node)
        raise _NotPlain
    if depth > _MAX_FAST_DEPTH:  # nesting that may hit recursion limits
        raise _NotPlain
    get = loader.get_event
    if cls is _EVENT.MappingStartEvent and event.tag in (None, "!", _MAP):
        data: dict[Any, Any] = {}
        while True:
            key_event = get()
            if type(key_event) is _EVENT.MappingEndEvent:
                return data
            key = _value(loader, key_event, depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise _NotPlain
            if key in data:
                raise _NotPlain
            data[key] = _value(loader, get(), depth + 1)
    if cls is _EVENT.SequenceStartEvent and event.tag in (None, "!", _SEQ):
        items: list[Any] = []
        while True:
            item_event = get()
            if type(item_event) is _EVENT.SequenceEndEvent:
                return items
            items.append(_value(loader, item_event, depth + 1))
    raise _NotPlain  # an alias, or an unusual tag


def _opens(event: Any, cls: Any, tag: str) -> bool:
    return type(event) is cls and getattr(event, "anchor", None) is None and event.tag in (None, "!", tag)


def read_records_reference(path: Path) -> list[tuple[Any, list[Any], list[int]]] | None:
    """What :func:`read_records` returns, read from libyaml's event stream (its reference and fallback).

    Plain dicts and lists built straight from libyaml's event stream,
    without nodes and without per-key line numbers, which only an error message needs; memory is
    the records, not a node tree of the whole file. It gives up (None) on anything unusual -- a
    read, UTF-8 or YAML error, an anchor or alias, a merge key, a repeated key, an unusual tag or
    shape, a second document -- and the caller then reads the file with :func:`read_yaml`, whose
    results and messages are the reference.
    """
    text = _clean_text(path)
    return None if text is None else _records_from_events(text)


def _clean_text(path: Path) -> str | None:
    """The UTF-8 text of ``path``, or None when it is unreadable, too large, binary or not UTF-8."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        raw = path.read_bytes()
        if b"\x00" in raw:
            return None
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return text


def _records_from_events(text: str) -> list[tuple[Any, list[Any], list[int]]] | None:
    """:func:`read_records_reference` of an already read text."""
    loader = _Loader(text)
    get: Any = loader.get_event
    try:
        if type(get()) is not _EVENT.StreamStartEvent or type(get()) is not _EVENT.DocumentStartEvent:
            return None
        root = get()
        if not _opens(root, _EVENT.MappingStartEvent, _MAP):
            return None
        out: list[tuple[Any, list[Any], list[int]]] = []
        keys: set[Any] = set()
        while True:
            key_event = get()
            if type(key_event) is _EVENT.MappingEndEvent:
                break
            if (
                type(key_event) is not _EVENT.ScalarEvent
                or key_event.anchor is not None
                or _resolved(loader, key_event.tag, key_event.value, key_event.implicit) != _STR
                or key_event.value in keys
            ):
                return None
            keys.add(key_event.value)
            seq = get()
            if not _opens(seq, _EVENT.SequenceStartEvent, _SEQ):
                return None
            items: list[Any] = []
            lines: list[int] = []
            while True:
                event = get()
                if type(event) is _EVENT.SequenceEndEvent:
                    break
                lines.append(int(event.start_mark.line) + 1)
                items.append(_value(loader, event, 2))
            out.append((key_event.value, items, lines))
        if type(get()) is not _EVENT.DocumentEndEvent or type(get()) is not _EVENT.StreamEndEvent:
            return None
        return out
    except (_NotPlain, yaml.YAMLError, RecursionError, ValueError, OverflowError, TypeError, KeyError):
        return None
    finally:
        loader.dispose()


# -------------------------------------------------------------------------------- the fast reader
# yaml-rs (Rust) builds the records about 5x faster than libyaml's events, but it reads YAML 1.2 and
# has no line numbers. The reader hands it only a text that the grammar below accepts whole, where
# YAML 1.2 and ddgraph's YAML 1.1 give the same values: one-line keys and values in the layout that
# `ddgraph fmt` and `ddgraph synth` write; double quotes with only the escapes JSON has; plain
# scalars that resolve to a string in both (not yes/no/on/off, not a number, date or null look-alike)
# or to the same int, bool or None; `>-`/`|-` blocks at the house indent; printable characters only.
# Everything else -- anchors, tags, other escapes, tabs, unusual indentation, a comment after a plain
# scalar -- goes to the event reader. rapidyaml was measured too: as fast, but it lets a repeated key
# through (yaml-rs refuses it, as the reference does) and its Python tree is slow to walk.

#: Characters never in the subset: C0/C1 controls (tab and carriage return too), DEL, the line
#: breaks libyaml knows besides "\n" (U+0085, U+2028, U+2029), a BOM inside, U+FFFE/U+FFFF.
_X = r"\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
#: The words YAML 1.1 resolves to a bool or None, and their first letters (a look-ahead for the
#: words runs only after one of these).
_B = "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL"
_BF = "fFnNoOtTyY"
#: The words YAML 1.2 and YAML 1.1 both read as the same bool or None.
_SAME_WORD = "true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
#: A key: a letter or "_" (the letters that start no bool word as one class), then name characters.
_KEY = rf"(?:[A-EG-MP-SU-XZa-eg-mp-su-xz_]|(?!(?:{_B}):)[{_BF}])[A-Za-z0-9_-]{{0,99}}+"
_DQ = r'"[^"\\\n]*+(?:\\(?:["\\/bfnrt]|u(?![dD][89abAB])[0-9a-fA-F]{4})[^"\\\n]*+)*+"'
_SQ = r"'[^'\n]*+(?:''[^'\n]*+)*+'"
_INT = r"(?:0|[1-9][0-9]{0,17}+)"
#: The first character of a plain scalar that no YAML 1.1 or 1.2 resolver starts with, and that
#: is not the first letter of a bool or None word either.
_P0_NOT_BF = rf"""[^\s\-?:,\[\]{{}}#&*!|>'"%@`+.0-9~<={_BF}]"""
#: A plain scalar that starts with a digit but holds a character that no number, date or bool has
#: (in a flow collection; in a block).
_D0 = r"[0-9](?=[^\n#:,\[\]{}?]*?[^\n#0-9a-fA-FiInNxXoObBtTzZeE_.:+\- ,\[\]{}?])"
_D0_BLOCK = r"[0-9](?=[^\n#]*?[^\n#0-9a-fA-FiInNxXoObBtTzZeE_.:+\- ])"


def _plain(end: str, digit: str, rest: str) -> str:
    """A plain scalar: a first character that starts no bool or None word ending at ``end``, or
    ``digit``; then ``rest``."""
    return rf"(?:{_P0_NOT_BF}|(?!(?:{_B}){end})[{_BF}]|{digit}){rest}"


_FLOW_PLAIN = _plain(r"[,\]}]", _D0, r"[^\n#:,\[\]{}?]*+(?<! )")
_BLOCK_PLAIN = _plain(r"\n", _D0_BLOCK, r"[^\n#:]*+(?::(?=[^ \n])[^\n#:]*+)*+(?<! )")
# The alternatives of _V0, _FLOW and _VALUE start with disjoint first characters (or, for a digit or a
# bool word, exclude each other by look-ahead), so at most one matches at a place and their order --
# the most common first, which the regex engine tries fastest, and in _V0 the quoted scalars first,
# which it passes over at a glance of their first character -- does not change what the grammar
# accepts, even inside the possessive repetition of lines.
_V0 = rf"(?:{_DQ}|{_SQ}|{_FLOW_PLAIN}|(?:{_INT}|{_SAME_WORD})(?=[,\]}}]))"


def _flow_level(inner: str) -> str:
    """A one-line flow sequence or mapping whose items are ``inner``: each item after the opening
    bracket, or after ``, `` (no item ends in a bracket that opens), so that ``inner`` is written once
    per kind of collection, not twice (nested three deep, the grammar held 64 copies of a scalar)."""
    return rf"(?:\[(?:(?:(?<=\[)|, ){inner})*+\]|\{{(?:(?:(?<=\{{)|, ){_KEY}: {inner})*+\}})"


#: Flow collections nested three deep (``{party: x, evidence: [{source: y, quote: "..."}]}``).
_FLOW = _flow_level(rf"(?:{_flow_level(rf'(?:{_flow_level(_V0)}|{_V0})')}|{_V0})")
_COMMENT = r"#[^\n]*+"
_VALUE = rf"(?:(?:{_DQ}|{_FLOW}|{_SQ})(?: +{_COMMENT})?|{_BLOCK_PLAIN}|(?:{_INT}|{_SAME_WORD})(?=\n))"
#: The lines of a ``>-``/``|-`` block: all at the key's indent plus 2, no space at either end.
_BODY_LINE = r"(?P=i)  [^ \n](?:[^\n]*+(?<! ))?\n"
_BODY = rf"{_BODY_LINE}(?:{_BODY_LINE}|\n)*+(?!(?P=i) )"
_HOUSE_LINE = (
    rf"(?P<i> {{0,80}}+)(?:\n|{_COMMENT}\n|(?<= )- (?:{_KEY}:(?: {_VALUE})?|{_VALUE})\n"
    rf"|{_KEY}:(?: {_VALUE}\n| [>|]-\n{_BODY}|\n))"
)


@functools.cache
def _house_text() -> re.Pattern[str]:
    """Lines in the house subset (a whole text, or the distinct lines of one: :func:`_house_lines`)
    that hold no character of :data:`_X` (:func:`in_house_subset` checks that first, so that the
    grammar's classes need not exclude them: when each of its classes excluded them, compiling it
    took 0.43 s instead of 0.026 s). Indents stop at 80 columns: a block nested deeper than that is left
    to the reference, which refuses nesting too deep for it to build. Compiled on first use."""
    return re.compile(rf"(?:{_HOUSE_LINE})*+")


#: A character that no text in the house subset holds (:data:`_X`).
_FORBIDDEN = re.compile(rf"[{_X}]")


def in_house_subset(text: str) -> bool:
    """Whether ``text`` (whole lines: a text, or the distinct lines of one) is in the house subset.

    No construct of the grammar consumes a character of :data:`_X`, so the texts that hold one are
    refused by one search, and on the others the grammar reads as if each of its classes excluded them.
    """
    return _FORBIDDEN.search(text) is None and _house_text().fullmatch(text) is not None


# Each iteration of the grammar takes one line and looks at no other (its lookbehinds and lookaheads
# stop at the line's ends), except a `>-`/`|-` block, whose opening line takes the body lines with it.
# So a text without a block is in the subset exactly when each of its distinct lines is. A generated
# file repeats most of its lines -- sources, evidence, kinds, roles, record after record -- and its
# distinct lines are a sixth of its bytes: the grammar reads them once each, joined, instead of every
# line. A curated file, whose long lines are mostly distinct prose, often in blocks, gains little from
# that; a text that may hold a block is read whole.

#: The end of every line that opens a block (``key: >-``, ``key: |-``); rare elsewhere.
_MAY_OPEN_BLOCK = re.compile(r"-\n")
#: Lines are split off about this many characters at a time, so that the lines of each piece are
#: hashed, and the repeated ones freed, while the processor's cache still holds them (splitting a
#: large text whole took almost twice as long, in a process holding a large heap).
_PIECE = 1 << 16


def _distinct_lines(text: str) -> str:
    """The distinct lines of ``text`` (whole lines, ending in a line break), each ending in one."""
    lines: set[str] = set()
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE) + 1 or len(text)
        lines.update(text[start:end].split("\n"))
        start = end
    return "\n".join(lines) + "\n"


def _house_lines(text: str) -> str | None:
    """When ``text`` (ending in a line break) is in the house subset, a text that holds each of its
    lines: its distinct lines, or, if it may hold a block, the text itself; else None. (The search
    for a block stops at the first one, early in a curated file; a text without one is searched
    whole, at a fraction of the cost of splitting it into lines.)"""
    lines = text if _MAY_OPEN_BLOCK.search(text) else _distinct_lines(text)
    return lines if in_house_subset(lines) else None


#: A line that may hold a top-level key (in a text in the subset, every line that starts in column 0
#: with neither a space, ``#`` nor a line break), after the line break before it.
_TOP_LINE = re.compile(r"\n([^ #\n][^:\n]*):[^\n]*")
#: A record's first line (its ``- `` at column 2), after the line break before it.
_RECORD_LINE = re.compile(r"\n  - ")
#: Up to this many distinct top-level key lines are looked up one by one; more, and one search of
#: every line break finds them (a graph file has one top-level key; a file with them all, seven).
_FEW_KEY_LINES = 8


def _top_keys(text: str, lines: str) -> list[tuple[int, str]]:
    """The offset and key of each top-level key line of ``text``, in order. ``lines`` is what
    :func:`_house_lines` gave: the text itself, where one search finds them, or its distinct lines,
    where the few distinct key lines are found, each then looked up in the text by a string search
    that stops at it (sparing a look at every line break of the text). yaml-rs, which has read
    ``text``, refuses a repeated key: no key line is there twice."""
    heads = list(_TOP_LINE.finditer("\n" + lines))
    if lines is text:  # the text itself: its key lines, in order, where they are
        return [(match.start(), match.group(1)) for match in heads]
    if len(heads) > _FEW_KEY_LINES:
        return [(match.start(), match.group(1)) for match in _TOP_LINE.finditer("\n" + text)]
    found: list[tuple[int, str]] = []
    for head in heads:
        line = head.group(0)  # the line, with the line break before it
        at = 0 if text.startswith(line[1:] + "\n") else text.find(line + "\n") + 1
        found.append((at, head.group(1)))
    return sorted(found)


def _record_lines(text: str, keys: list[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    """Each top-level key (``keys``: offset and key, in order) with the lines of its records: the lines
    in column 2 that start with ``- ``, after the key's line and before the next key's."""
    out: list[tuple[str, list[int]]] = []
    line, pos = 1, 0
    for n, (at, key) in enumerate(keys):
        line += text.count("\n", pos, at)
        pos = at
        end = keys[n + 1][0] if n + 1 < len(keys) else len(text)
        # the line break before each record's line: the first record's line is the key's line, one, and
        # the line breaks before that one; each next record's, the previous one's and those from it on
        before = list(map(re.Match.start, _RECORD_LINE.finditer(text, at, end)))
        breaks = map(text.count, itertools.repeat("\n"), [at, *before], before)
        out.append((key, list(itertools.accumulate(breaks, initial=line + 1))[1:]))
    return out


def _read_house_text(text: str) -> list[tuple[Any, list[Any], list[int]]] | None:
    """The records of ``text`` read by yaml-rs when the text is in the house subset, else None."""
    lines = _house_lines(text) if text.endswith("\n") else None
    if lines is None:
        return None
    try:
        doc = yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError:
        return None
    if type(doc) is not dict or not doc:
        return None
    keys = _top_keys(text, lines)
    if [key for _, key in keys] != list(doc):
        return None
    out: list[tuple[Any, list[Any], list[int]]] = []
    for key, record_lines in _record_lines(text, keys):
        items = doc[key]
        if type(items) is not list or len(items) != len(record_lines):
            return None
        out.append((key, items, record_lines))
    return out


def read_records(path: Path) -> list[tuple[Any, list[Any], list[int]]] | None:
    """A clean graph file as ``(key, records, record lines)`` per top-level key, or None.

    The fast path of loading: plain dicts and lists without per-key line numbers, which only an
    error message needs. A file in the house subset is read by yaml-rs; any other file goes to
    :func:`read_records_reference` (libyaml's events), which gives up (None) on anything unusual --
    a read, UTF-8 or YAML error, an anchor or alias, a merge key, a repeated key, an unusual tag or
    shape, a second document -- and the caller then reads the file with :func:`read_yaml`, whose
    results and messages are the reference.
    """
    text = _clean_text(path)
    if text is None:
        return None
    fast = _read_house_text(text)
    return fast if fast is not None else _records_from_events(text)  # the text is read once


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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(1, "UTF-16 text; save the file as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem(line_of_offset(raw, nul), "binary data (NUL byte) in a YAML file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise YamlProblem(
            line_of_offset(raw, e.start),
            f"not UTF-8 text (byte 0x{raw[e.start]:02x}); save the file as UTF-8",
        ) from e
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a CSafeLoader
    except YamlProblem:
        raise
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark or e.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        raise YamlProblem(
            line, f"unsupported YAML tag ({e.problem}); graph files hold plain data only"
        ) from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        if "nesting depth" in str(e.problem):  # libyaml >= 0.2.5 stops deep nesting itself
            raise YamlProblem(line, _TOO_DEEP) from e
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        raise YamlProblem(line, f"YAML syntax error: {what}") from e
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, max(e.position, 0)) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        raise YamlProblem(line, f"character U+{ord(char):04X} is not allowed in YAML text") from e
    except yaml.YAMLError as e:
        raise YamlProblem(1, f"YAML error: {e}") from e
    except RecursionError as e:
        raise YamlProblem(1, _TOO_DEEP) from e
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
