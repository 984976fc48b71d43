"""The bulk data path: JSON Lines files, one record a line, for datasets at scale.

``graph/`` stays YAML for curated files. A dataset of millions of generated or imported records can be
written as ``<kind>.jsonl`` (or ``<kind>-<part>.jsonl``: the kind is the file name up to the first
``-``), one JSON object a line, with the fields of :mod:`ddgraph.model` exactly as in YAML. A dataset
directory may hold both; :func:`ddgraph.dataset.load_dataset` and ``check_dataset`` read both into the
same :class:`~ddgraph.dataset.Dataset`, and every problem is reported as ``path:line`` with the line
of the record (the row).

Validation has two paths with one meaning:

* the **reference** path -- each line parsed and validated by the pydantic model, then the same
  cross-record checker as YAML (:class:`ddgraph.dataset._Checker`): it gives the messages;
* the **fast** path (:func:`fast_check`, used by ``ddgraph validate`` when every data file is JSONL) --
  typed decoding with msgspec, thousands of lines a call (mirrors of every kind's model but
  sources', which go through pydantic), and the checks that need no record of their own as column
  operations: the slug
  pattern over the column of ids (a reference that resolves to an id is a slug), source and evidence
  lists kept as JSON text and decoded once per distinct text, the distinct dates
  read at once, status histories compared in one array, cross-record checks as set operations over
  distinct values (distinct citations, distinct sequences of statuses). It only ever *accepts*: at the
  first doubt it returns None and the reference path runs, so a dataset with problems gets exactly
  the reference messages.

Both paths refuse a record whose object gives a key twice (JSON readers keep the last value; the YAML
reader refuses it too).

Why one module of ~600 lines: the fast path is correct only relative to the reference path (it may
accept only what the reference accepts), so the two readers, the msgspec mirrors of the models and the
converter are kept side by side, where a change to one is seen beside the others.

Example::

    convert_yaml_dir("graph", "/tmp/bulk")     # the same records, as JSON Lines
    check_dataset("/tmp/bulk").counts == check_dataset("graph").counts
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, countOf, itemgetter
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import msgspec
import numpy as np
import orjson
import pycountry
from pydantic import TypeAdapter, ValidationError

from . import model as m
from .errors import BulkError, Problem

SUFFIX = ".jsonl"
#: The columnar bulk format's suffix (:mod:`ddgraph.columnar`, which imports pyarrow: only when met).
PARQUET = ".parquet"


def kind_of_file(path: Path) -> str:
    """The kind a bulk file holds, from its name: ``events-003.jsonl`` (or ``.parquet``) holds events."""
    return path.name.removesuffix(path.suffix).split("-", 1)[0]


def unknown_kind(path: Path, shown: str) -> Problem | None:
    """The problem of a bulk file whose name names no kind, or None (the same words for each format)."""
    kind = kind_of_file(path)
    if kind in m.KINDS:
        return None
    return Problem(
        shown,
        1,
        f"unknown kind {kind!r} in the file name; name a bulk file after its kind "
        f"(e.g. events{path.suffix} or events-000{path.suffix}): one of {', '.join(m.KINDS)}",
    )


# ------------------------------------------------------------------------------ the reference path
def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__} value"


def read_lines(
    path: Path, shown: str, problems: list[Problem], raw: bytes | None = None
) -> Iterator[tuple[str, Any, int]]:
    """The records of one bulk file as ``(kind, decoded JSON value, line)``; file problems to ``problems``.

    A blank line is skipped; a line that is not JSON, or whose object gives a key twice (JSON readers
    keep the last value silently; the YAML reader refuses the same), is a problem at its line.
    ``raw``: the file's bytes when the caller has read them already.
    """
    kind = kind_of_file(path)
    bad_name = unknown_kind(path, shown)
    if bad_name is not None:
        problems.append(bad_name)
        return
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as e:
            problems.append(Problem(shown, 1, f"cannot read file: {e.strerror}"))
            return
    decoded: list[tuple[int, bytes, Any]] = []
    clean = True
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            decoded.append((number, line, orjson.loads(line)))
        except orjson.JSONDecodeError as e:
            problems.append(Problem(shown, number, f"not a JSON record: {e.msg}"))
            clean = False
    if not (clean and _keys_once(raw, [value for _n, _l, value in decoded])):
        for i, (number, line, _value) in enumerate(decoded):
            key = _twice(line)
            if key is not None:
                problems.append(Problem(shown, number, f"key {key!r} appears twice in the same mapping"))
                decoded[i] = (0, line, None)
    for number, _line, value in decoded:
        if number:
            yield kind, value, number


def _keys_once(raw: bytes, values: list[Any]) -> bool:
    """Whether no object of ``raw`` (JSON lines, decoded as ``values``) gives a key twice; False when unsure.

    Without a backslash (so no string holds a quote) and with no white space after a quote, every key
    is followed by ``":`` at once, and a string's text is the same once decoded and encoded again: the
    count of ``":`` in the file and in ``values`` encoded again differ by the keys a repeat dropped.
    """
    if b"\\" in raw or b'" ' in raw or b'"\t' in raw or b'"\r' in raw:
        return False
    return raw.count(b'":') == orjson.dumps(values).count(b'":')


def _twice(line: bytes) -> str | None:
    """The first key that an object of the JSON text ``line`` gives twice, or None."""
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> None:
        if not found:
            seen: set[str] = set()
            for key, _value in items:
                if key in seen:
                    found.append(key)
                    break
                seen.add(key)

    try:
        json.loads(line, object_pairs_hook=pairs)
    except (ValueError, RecursionError):  # orjson read it: a difference of the readers, not a repeat
        return None
    return found[0] if found else None


def clean_records(path: Path, raw: bytes | None = None) -> list[tuple[str, list[Any], list[int]]] | None:
    """A bulk file with no problem of its own, validated by the model in one call; None at the first doubt.

    The JSONL counterpart of ``dataset._parse_clean_file``: the caller then reads the file line by line.
    """
    problems: list[Problem] = []
    items, lines = [], []
    kind = kind_of_file(path)
    for _kind, value, line in read_lines(path, "", problems, raw):
        items.append(value)
        lines.append(line)
    if problems or kind not in m.KINDS:
        return None
    try:
        return [(kind, LIST_ADAPTERS[kind].validate_python(items), lines)]
    except (ValidationError, RecursionError, MemoryError):
        return None


#: One validator per kind over a whole list (YAML's clean path uses them too).
LIST_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    kind: TypeAdapter(list[model])  # type: ignore[valid-type]
    for kind, model in m.KINDS.items()
}


# -------------------------------------------------------------------------------- writing, converting
def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # an unquoted YAML date: its text, as a date field reads it
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


@dataclass(frozen=True)
class Converted:
    """Where a converted record went: its YAML file and line, its bulk file and line."""

    yaml_path: Path
    yaml_line: int
    bulk_path: Path
    bulk_line: int


def convert_yaml_dir(src: str | Path, dst: str | Path) -> list[Converted]:
    """Write the records of the YAML files of ``src`` as bulk files ``dst/<kind>.jsonl``, seeds copied.

    Records keep their order (files in reading order, then records in file order) and their values;
    an unquoted YAML date becomes its ISO text. A file that cannot be read as records is a
    :class:`BulkError`: validate a dataset before converting it when in doubt. ``dst`` must be empty
    or missing.
    """
    from .dataset import SEEDS_DIR, graph_files
    from .yamlfile import LineDict, LineList, YamlProblem, read_records, read_yaml

    source, out = Path(src), Path(dst)
    if out.exists() and any(out.iterdir()):
        raise BulkError(f"{out} is not empty; choose a new directory")
    out.mkdir(parents=True, exist_ok=True)
    if (source / SEEDS_DIR).is_dir():
        shutil.copytree(source / SEEDS_DIR, out / SEEDS_DIR)
    handles: dict[str, Any] = {}
    rows: dict[str, int] = {}
    where: list[Converted] = []
    try:
        for path in graph_files(source):
            if path.suffix == SUFFIX:
                raise BulkError(f"{path}: already a bulk file")
            fast = read_records(path)
            if fast is not None:
                doc = [(kind, items, lines) for kind, items, lines in fast]
            else:
                try:
                    data = read_yaml(path)
                except YamlProblem as e:
                    raise BulkError(f"{path}:{e.line}: {e.message}") from e
                if not isinstance(data, LineDict):
                    raise BulkError(f"{path}: not a mapping of kinds")
                doc = []
                for kind, items in data.items():
                    if not isinstance(kind, str) or not isinstance(items, LineList):
                        raise BulkError(f"{path}: {kind!r} is not a kind with a list of records")
                    doc.append((kind, list(items), items.item_lines))
            for kind, items, lines in doc:
                if kind not in m.KINDS:
                    raise BulkError(f"{path}: unknown kind {kind!r}")
                if kind not in handles:
                    handles[kind] = (out / f"{kind}{SUFFIX}").open("wb")
                    rows[kind] = 0
                for item, line in zip(items, lines, strict=True):
                    try:
                        handles[kind].write(orjson.dumps(_json_value(item)) + b"\n")
                    except TypeError as e:  # e.g. !!binary bytes: no JSON value holds them
                        raise BulkError(f"{path}:{line}: a value JSON cannot hold ({e})") from e
                    rows[kind] += 1
                    where.append(Converted(path, line, out / f"{kind}{SUFFIX}", rows[kind]))
    finally:
        for handle in handles.values():
            handle.close()
    return where


# ------------------------------------------------------------------------------------- the fast path
#: The model's Text, less what :data:`_DOUBTFUL` finds in the raw bytes: 1 to MAX_TEXT characters.
_TEXT = Annotated[str, msgspec.Meta(min_length=1, max_length=m.MAX_TEXT)]
#: Unicode white space other than the ASCII space (what the model's strip also removes), as UTF-8 and
#: as JSON escapes, keyed by a byte sequence that every one of them contains.
_SPACES: dict[bytes, tuple[bytes, ...]] = {
    b"\\": (b"\\t", b"\\n", b"\\r"),
    b"\xc2": ("\x85".encode(), "\xa0".encode()),
    b"\xe1\x9a\x80": ("\u1680".encode(),),
    b"\xe2\x80": tuple(chr(c).encode() for c in (*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F)),
    b"\xe2\x81\x9f": ("\u205f".encode(),),
    b"\xe3\x80\x80": ("\u3000".encode(),),
}
#: Byte sequences a valid compact record never needs, by the byte sequence that each contains: a
#: control character (escaped, or DEL and C1 raw: the model refuses them), white space next to a quote
#: (a string that starts or ends with it, which the model strips), an escape next to a quote.
_RARE: dict[bytes, tuple[bytes, ...]] = {
    b'"': (b' "',),  # a quote then white space: see _opens_with
    b"\x7f": (b"\x7f",),
    b"\\": (b"\\u00", b"\\b", b"\\f", b'"\\u'),
    b"\xc2": tuple(b"\xc2" + bytes([c]) for c in range(0x80, 0xA0)),
}
_ESCAPE_BEFORE_QUOTE = re.compile(rb'\\u[0-9a-fA-F]{4}"')


def _doubtful(raw: bytes, scratch: Any) -> bool:
    """Whether the raw bytes of a bulk file may hold a text the model would refuse or change.

    Finding a sequence proves nothing (``He said \\"yes\\" today`` holds ``" `` too): the file then goes
    to the reference path. Finding none proves that every string is as the model keeps it. A sequence
    is looked for only when a rarer sequence it contains is there, so plain ASCII costs a few scans;
    ASCII with no escape and no DEL (most bulk files) can only hold the space next to a quote, which
    one vectorised pass finds.
    """
    if raw.isascii() and b"\\" not in raw and b"\x7f" not in raw:
        return _quote_by_space(raw, scratch)
    for key, sequences in _RARE.items():
        if key in raw and any(seq in raw for seq in sequences):
            return True
    if _opens_with(raw, b" "):
        return True
    for key, spaces in _SPACES.items():
        if key in raw and any(_opens_with(raw, sp) or sp + b'"' in raw for sp in spaces):
            return True
    return b"\\u" in raw and _ESCAPE_BEFORE_QUOTE.search(raw) is not None


def _opens_with(raw: bytes, space: bytes) -> bool:
    """Whether a quote that is not an escaped one (so one that opens or closes a string) is followed
    by ``space``: a quotation inside a text (``said \\"yes\\" today``) is no doubt. Without ``\\\\"``
    in the file, a quote after a backslash is an escaped one."""
    n = raw.count(b'"' + space)
    return n > 0 and (n != raw.count(b'\\"' + space) or b'\\\\"' in raw)


def _scratch(n: int) -> Any:
    """Room for the comparisons of :func:`_quote_by_space` and :func:`_line_ends` over ``n`` bytes.

    One buffer for all the files of a check: a fresh array as big as a file comes from new pages of
    memory (the allocator maps big blocks afresh), and the kernel's faulting them in made the byte
    comparisons of the biggest file cost as much as half of decoding it.
    """
    return np.empty(n, np.bool_)


def _quote_by_space(raw: bytes, scratch: Any) -> bool:
    """Whether ``" `` or `` "`` occurs in ``raw``: the byte pairs at even and at odd offsets, as numbers
    (compared into ``scratch``, :func:`_scratch` of at least ``len(raw)``)."""
    pairs = (0x2022, 0x2220)  # '" ' and ' "' read as little-endian 16-bit numbers
    for offset in (0, 1):
        words = np.frombuffer(raw, "<u2", count=(len(raw) - offset) // 2, offset=offset)
        first, second = scratch[: words.size], scratch[words.size : 2 * words.size]
        np.equal(words, pairs[0], out=first)
        np.equal(words, pairs[1], out=second)
        if np.logical_or(first, second, out=first).any():
            return True
    return False


def _line_ends(raw: bytes, n: int, scratch: Any) -> Any:
    """The offsets of the newlines of ``raw[:n]`` when every line is one object (``}`` and ``{`` around
    every newline, ``{`` first and ``}`` last), else None (compared into ``scratch``: :func:`_scratch`).

    In JSON a ``}`` and a ``{`` with only white space between them are two values: so each line holds
    whole values, and a decoder that finds as many values as lines found one a line.
    """
    a = np.frombuffer(raw, np.uint8, count=n)
    if a[0] != 0x7B or a[-1] != 0x7D:
        return None
    newlines = np.flatnonzero(np.equal(a, 0x0A, out=scratch[:n]))
    if newlines.size and not ((a[newlines - 1] == 0x7D).all() and (a[newlines + 1] == 0x7B).all()):
        return None
    return newlines


_LANG = Annotated[str, msgspec.Meta(pattern=r"\A[a-z]{2,3}(?:-[A-Za-z]{2,4})?\Z")]
_DATE = str | int  # decided by the model's own conversion, once per distinct value
_U = msgspec.UnsetType
_UNSET: Any = msgspec.UNSET
#: What an absent or null optional value decodes to (an absent field is UNSET, so that encoding the
#: records again gives back exactly the keys the file gave: see :func:`_decode`).
_NOTHING = frozenset({None, msgspec.UNSET})


class _S(msgspec.Struct, forbid_unknown_fields=True, frozen=True, gc=False, omit_defaults=True):
    """A mirror record: frozen (hashable, for distinct values), and untracked by the cyclic garbage
    collector (decoded records hold no cycle: texts, numbers, tuples of records)."""


class Evidence(_S, frozen=True):
    source: str
    quote: Annotated[
        str, msgspec.Meta(min_length=1, max_length=m.MAX_TEXT)
    ]  # checked once per distinct quote
    lang: _LANG | None | _U = _UNSET


class Names(_S, frozen=True):
    en: _TEXT | None | _U = _UNSET
    vi: _TEXT | None | _U = _UNSET
    zh: _TEXT | None | _U = _UNSET
    ja: _TEXT | None | _U = _UNSET
    ko: _TEXT | None | _U = _UNSET


#: A record's sources and evidence are kept as their JSON texts (syntax checked, skipped at C speed)
#: and decoded as :data:`_SOURCE_LIST` and ``tuple[Evidence, ...]`` once per distinct text, in
#: :meth:`_Fast.decide`: they are most of a bulk file's objects, and the same citation recurs on many
#: records.
_SOURCES = msgspec.Raw
_SOURCE_LIST = Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
_EVIDENCE = msgspec.Raw
#: What an absent evidence list decodes to: an empty text (no JSON value is empty), omitted when the
#: records are encoded again (``omit_defaults``; every other default is UNSET, never encoded), so that a
#: citation's key needs no test for a missing list (see :meth:`_Fast.cite`).
_NO_EVIDENCE = msgspec.Raw(b"")
_NOTE = _TEXT | None | _U
_ALIASES = dict[_LANG, list[_TEXT]] | _U
_ON = _DATE | None | _U


class OfficeHolding(_S, frozen=True):
    org: str
    title: _TEXT
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    start: _ON = msgspec.field(default=_UNSET, name="from")
    end: _ON = msgspec.field(default=_UNSET, name="to")


class Person(_S, frozen=True):
    id: str  # a slug: checked over the column of ids (see _Fast.decide)
    name: Names
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    aliases: _ALIASES = _UNSET
    nationality: str | None | _U = _UNSET
    offices: tuple[OfficeHolding, ...] | _U = _UNSET
    description: _NOTE = _UNSET


class Participation(_S, frozen=True):
    party: str
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    role: m.ParticipantRole | _U = _UNSET
    start: _ON = msgspec.field(default=_UNSET, name="from")
    end: _ON = msgspec.field(default=_UNSET, name="to")


class StatusEntry(_S, frozen=True):
    status: m.Status
    date: _DATE
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    event: str | None | _U = _UNSET
    lower_bound: bool | _U = _UNSET


class Mechanism(_S, frozen=True):
    id: str
    name: Names
    kind: m.MechanismKind
    track: m.Track
    level: m.Level
    sources: _SOURCES
    participants: Annotated[tuple[Participation, ...], msgspec.Meta(min_length=1)]
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    aliases: _ALIASES = _UNSET
    topics: tuple[_TEXT, ...] | _U = _UNSET
    status: tuple[StatusEntry, ...] | _U = _UNSET
    description: _NOTE = _UNSET


class Attendance(_S, frozen=True):
    party: str
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    role: m.AttendanceRole | _U = _UNSET


class Link(_S, frozen=True):
    ref: str
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET


class Sanction(_S, frozen=True):
    by: str
    target: str
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET


class Event(_S, frozen=True):
    id: str
    name: Names
    kind: m.EventKind
    date: _DATE
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    mechanism: str | None | _U = _UNSET
    place: str | None | _U = _UNSET
    outcome: m.Outcome | None | _U = _UNSET
    session_number: Annotated[int, msgspec.Meta(ge=1, le=10000)] | None | _U = _UNSET
    description: _NOTE = _UNSET
    attendees: tuple[Attendance, ...] | _U = _UNSET
    caused_by: tuple[Link, ...] | _U = _UNSET
    refused_by: tuple[Link, ...] | _U = _UNSET
    sanctions: tuple[Sanction, ...] | _U = _UNSET


class Country(_S, frozen=True):
    id: str
    iso3: Annotated[str, msgspec.Meta(pattern=r"\A[A-Z]{3}\Z")]  # a known code: see _Fast.countries
    name: Names
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    aliases: _ALIASES = _UNSET


class Place(_S, frozen=True):
    id: str
    name: Names
    kind: m.PlaceKind
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    country: str | None | _U = _UNSET
    aliases: _ALIASES = _UNSET


class Organization(_S, frozen=True):
    id: str
    name: Names
    kind: m.OrgKind
    sources: _SOURCES
    evidence: _EVIDENCE = _NO_EVIDENCE
    note: _NOTE = _UNSET
    part_of: str | None | _U = _UNSET
    aliases: _ALIASES = _UNSET


#: The msgspec mirror of each kind's model but sources' (tests hold each mirror's fields to the
#: model's); sources, a few records with URLs and seed files, go through the model itself.
MIRRORS: dict[str, type[msgspec.Struct]] = {
    "countries": Country,
    "places": Place,
    "organizations": Organization,
    "persons": Person,
    "mechanisms": Mechanism,
    "events": Event,
}
_DECODERS = {kind: msgspec.json.Decoder(struct) for kind, struct in MIRRORS.items()}
_SOURCES_DECODER = msgspec.json.Decoder(_SOURCE_LIST)
_EVIDENCE_DECODER = msgspec.json.Decoder(tuple[Evidence, ...])
_ENCODER = msgspec.json.Encoder()


#: Records decoded and checked at a time, at most: CHUNK lines and CHUNK_BYTES bytes (but at least a
#: line). A chunk's text and records stay in the processor's caches between decoding and checking
#: (its citations are read again then), and the memory of one chunk is reused by the next: chunks
#: of 2,048 lines (1.3 MB of events, 5.5 MB of mechanisms) made the check about 1.5 times as long.
CHUNK = 2048
CHUNK_BYTES = 64 * 1024


def _decode(kind: str, raw: bytes, scratch: Any = None) -> Iterator[list[Any]]:
    """The records of a big kind's bulk file, typed, chunk by chunk; :class:`_Doubt` at any doubt.

    Beyond the typed decoding: one record a line (:func:`_line_ends`), no text the model would change
    (:func:`_doubtful`), and no key given twice -- decoders keep the last value, so the records
    encoded again are as long as the file exactly when no key was dropped (no value encodes longer
    than it was written; white space or an escape makes it shorter, which is a doubt too). Source
    and evidence lists are written out verbatim (they are kept as JSON text): :func:`_decode_distinct`
    holds each distinct text to the same rule. The file's bytes are read in place (no copy); ``scratch``
    (:func:`_scratch`) is room for comparing them.
    """
    size = len(raw) - 1 if raw.endswith(b"\n") else len(raw)
    if not size:
        return
    if scratch is None:
        scratch = _scratch(len(raw))
    # a final newline is neither a quote nor a space: the doubts of raw are those of raw[:size]
    if _doubtful(raw, scratch):
        raise _Doubt
    newlines = _line_ends(raw, size, scratch)
    if newlines is None:
        raise _Doubt
    lines = len(newlines) + 1
    view, decoder, encoded = memoryview(raw)[:size], _DECODERS[kind], bytearray()
    start = first = 0
    while first < lines:
        # the lines first+1 .. last: those that end within CHUNK_BYTES of the start
        within = int(np.searchsorted(newlines, start + CHUNK_BYTES))
        last = min(first + CHUNK, max(within, first + 1), lines)
        end = int(newlines[last - 1]) if last < lines else size
        piece = view[start:end]
        try:
            records = decoder.decode_lines(piece)
            _ENCODER.encode_into(records, encoded)
        except msgspec.MsgspecError:  # not JSON, not the model's shape (or, never seen, not encodable)
            raise _Doubt from None
        if len(records) != last - first or len(encoded) != len(piece) + 2:
            raise _Doubt
        yield records
        start, first = end + 1, last


def _decode_distinct(decoder: msgspec.json.Decoder[Any], texts: list[bytes]) -> list[Any]:
    """The values (source lists, evidence lists) whose JSON texts are ``texts``, typed, in one call;
    :class:`_Doubt` at any doubt.

    Each text comes from one line, so holds no newline: the texts joined by newlines are one value a
    line. They were written out verbatim when their records were encoded again (see :func:`_decode`),
    so a key given twice in an evidence object is caught here the same way: the values encoded again
    are as long as the texts exactly when no key was dropped and no white space was there.
    """
    if not texts:
        return []
    joined = b"\n".join(texts)
    try:
        decoded = decoder.decode_lines(joined)
        encoded = _ENCODER.encode(decoded)
    except msgspec.MsgspecError:
        raise _Doubt from None
    if len(decoded) != len(texts) or len(encoded) != len(joined) + 2:
        raise _Doubt
    return decoded


_ID_OF = attrgetter("id")
_NL = b"\n"
_NAME_OF = attrgetter("name")
_CITATION_OF = attrgetter("sources", "evidence")
_START_OF, _END_OF = attrgetter("start"), attrgetter("end")
_DATE_OF = attrgetter("date")
_STATUS_OF = attrgetter("status")
_LOWER_OF = attrgetter("lower_bound")
_EPOCH = dt.date(1970, 1, 1).toordinal()
_LANGUAGES = tuple(attrgetter(lang) for lang in ("en", "vi", "zh", "ja", "ko"))
_EN_OF = attrgetter("name.en")
_FIRST = itemgetter(0)
_NATIONALITY_OF, _OFFICES_OF, _ORG_OF = attrgetter("nationality"), attrgetter("offices"), attrgetter("org")
_PARTICIPANTS_OF, _PARTY_OF, _EVENT_OF = attrgetter("participants"), attrgetter("party"), attrgetter("event")
_MECHANISM_OF, _PLACE_OF, _ATTENDEES_OF = (
    attrgetter("mechanism"),
    attrgetter("place"),
    attrgetter("attendees"),
)
_CAUSED_BY_OF, _REFUSED_BY_OF = attrgetter("caused_by"), attrgetter("refused_by")
_SANCTIONS_OF = attrgetter("sanctions")
_SLUG_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789-"


def _kinds(model: type[Any], field: str) -> tuple[str, ...]:
    ref = m.ref_of(model, field)
    assert ref is not None, f"{model.__name__}.{field} declares no reference"
    return ref.kinds


_REF_NATIONALITY, _REF_ORG = _kinds(m.Person, "nationality"), _kinds(m.OfficeHolding, "org")
_REF_PARTY, _REF_EVENT = _kinds(m.Participation, "party"), _kinds(m.StatusEntry, "event")
_REF_MECHANISM, _REF_PLACE = _kinds(m.Event, "mechanism"), _kinds(m.Event, "place")
_REF_ATTENDEE = _kinds(m.Attendance, "party")
_REF_COUNTRY, _REF_PART_OF = _kinds(m.Place, "country"), _kinds(m.Organization, "part_of")
_COUNTRY_OF, _PART_OF = attrgetter("country"), attrgetter("part_of")
#: An organization's parent as the model holds it: None when it names none (absent or null).
_NONE_IF_UNSET: dict[Any, None] = {_UNSET: None}
_REF_OF = attrgetter("ref")


def _are_slugs(ids: list[str]) -> bool:
    """Whether every id matches the model's slug pattern (as one text: a few passes in C, not a regex
    a record)."""
    if not ids or max(map(len, ids)) > 80:
        return not ids
    try:
        joined = "\n".join(ids).encode()
    except UnicodeEncodeError:
        return False
    return (
        joined.translate(None, _SLUG_CHARS) == b"\n" * (len(ids) - 1)
        and not joined.startswith((b"-", b"\n"))
        and not joined.endswith((b"-", b"\n"))
        and b"--" not in joined
        and b"\n-" not in joined
        and b"-\n" not in joined
        and b"\n\n" not in joined
    )


class _Doubt(Exception):
    """Something the fast path does not decide: the reference path runs."""


class _Fast:
    """Columns of a bulk dataset: ids by kind, references by target kinds, distinct cited items."""

    def __init__(self) -> None:
        self.ids: dict[str, list[str]] = {kind: [] for kind in m.KINDS}
        self.refs: defaultdict[tuple[str, ...], set[Any]] = defaultdict(set)
        #: what each item cites: the key of :meth:`cite`
        self.cited: set[bytes] = set()
        self.dates: set[Any] = set()
        #: the from and to of every office and participation, one list each (compared at once)
        self.span_starts: list[Any] = []
        self.span_ends: list[Any] = []
        #: the sequence of statuses of every history (not its entries: their source and evidence texts
        #: are views of the file's bytes, which are freed chunk by chunk)
        self.histories: set[tuple[m.Status, ...]] = set()
        self.entry_dates: list[Any] = []  # the dates of every history's entries, one history after another
        self.history_sizes: list[int] = []
        self.sources: dict[str, m.Source] = {}
        self.parents: dict[str, str | None] = {}

    def ref(self, kinds: tuple[str, ...], targets: Any) -> None:
        """Targets (an iterable; None and UNSET are taken out at the end) that must be ids of ``kinds``."""
        self.refs[kinds].update(targets)

    def span(self, items: list[Any]) -> None:
        self.span_starts += map(_START_OF, items)
        self.span_ends += map(_END_OF, items)

    def cite(self, items: list[Any]) -> None:
        """Record what ``items`` cite, as one text an item: its source list's JSON text, a newline, then
        its evidence list's text (empty when it gives none). No such text holds a newline (each comes
        from one line of a file), so a key splits back into the two at its newline; one bytes object
        an item is the cheapest key to hash."""
        self.cited.update(map(_NL.join, map(_CITATION_OF, items)))

    # ------------------------------------------------------------------------------------ sources
    def small(self, kind: str, records: list[Any]) -> None:
        """The records of a kind with no mirror (sources), validated by the model."""
        assert kind == "sources", kind
        self.ids[kind].extend(map(_ID_OF, records))
        self.sources.update((record.id, record) for record in records)

    # ------------------------------------------------------------------------------ mirrored kinds
    # Each step is a pass in C over a column (map, filter, chain, set.update): no Python code runs
    # per record, only per chunk (but for the rare links and sanctions of events).
    def _record(self, kind: str, records: list[Any]) -> None:
        self.ids[kind].extend(map(_ID_OF, records))
        self.cite(records)
        if not _NOTHING.isdisjoint(map(_EN_OF, records)):  # some name has no English: look closer
            for n in map(_NAME_OF, records):
                if all(lang(n) in _NOTHING for lang in _LANGUAGES):
                    raise _Doubt  # the model wants a name in at least one language

    def countries(self, records: list[Country]) -> None:
        self._record("countries", records)
        for record in records:  # a few hundred at most
            if record.id != record.iso3.lower() or pycountry.countries.get(alpha_3=record.iso3) is None:
                raise _Doubt

    def places(self, records: list[Place]) -> None:
        self._record("places", records)
        self.ref(_REF_COUNTRY, map(_COUNTRY_OF, records))

    def organizations(self, records: list[Organization]) -> None:
        self._record("organizations", records)
        parents = list(map(_PART_OF, records))
        self.ref(_REF_PART_OF, parents)
        self.parents.update(zip(map(_ID_OF, records), map(_NONE_IF_UNSET.get, parents, parents), strict=True))

    def persons(self, records: list[Person]) -> None:
        self._record("persons", records)
        self.ref(_REF_NATIONALITY, map(_NATIONALITY_OF, records))
        offices = list(chain.from_iterable(filter(None, map(_OFFICES_OF, records))))
        self.cite(offices)
        self.span(offices)
        self.ref(_REF_ORG, map(_ORG_OF, offices))

    def mechanisms(self, records: list[Mechanism]) -> None:
        self._record("mechanisms", records)
        parts = list(chain.from_iterable(map(_PARTICIPANTS_OF, records)))
        self.cite(parts)
        self.span(parts)
        self.ref(_REF_PARTY, map(_PARTY_OF, parts))
        histories = list(filter(None, map(_STATUS_OF, records)))
        self.histories.update(map(tuple, map(map, repeat(_STATUS_OF), histories)))
        entries = list(chain.from_iterable(histories))
        self.cite(entries)
        self.entry_dates += map(_DATE_OF, entries)
        self.history_sizes += map(len, histories)
        # only a first entry may be a lower bound
        if countOf(map(_LOWER_OF, entries), True) != countOf(map(_LOWER_OF, map(_FIRST, histories)), True):
            raise _Doubt
        self.ref(_REF_EVENT, map(_EVENT_OF, entries))

    def events(self, records: list[Event]) -> None:
        self._record("events", records)
        self.dates.update(map(_DATE_OF, records))
        self.ref(_REF_MECHANISM, map(_MECHANISM_OF, records))
        self.ref(_REF_PLACE, map(_PLACE_OF, records))
        attendees = list(chain.from_iterable(filter(None, map(_ATTENDEES_OF, records))))
        self.cite(attendees)
        self.ref(_REF_ATTENDEE, map(_PARTY_OF, attendees))
        causing = list(filter(_CAUSED_BY_OF, records))
        refused = list(filter(_REFUSED_BY_OF, records))
        sanctioning = list(filter(_SANCTIONS_OF, records))
        if not (causing or refused or sanctioning):
            return
        links = [(e, link) for e in causing for link in e.caused_by]  # type: ignore[union-attr]
        if any(link.ref == e.id for e, link in links):
            raise _Doubt  # caused by itself
        refusal_ok = (m.Outcome.DECLINED, m.Outcome.UNANSWERED, m.Outcome.CANCELLED)
        if any(e.outcome not in refusal_ok for e in refused):
            raise _Doubt
        if any(e.kind is not m.EventKind.SANCTION for e in sanctioning):
            raise _Doubt
        refusals = [link for e in refused for link in e.refused_by]  # type: ignore[union-attr]
        sanctions = [s for e in sanctioning for s in e.sanctions]  # type: ignore[union-attr]
        self.cite([link for _e, link in links] + refusals + sanctions)
        self.ref(_kinds(m.Event, "caused_by"), (link.ref for _e, link in links))
        self.ref(_kinds(m.Event, "refused_by"), map(_REF_OF, refusals))
        self.ref(_kinds(m.Sanction, "by"), map(attrgetter("by"), sanctions))
        self.ref(_kinds(m.Sanction, "target"), map(attrgetter("target"), sanctions))

    # ------------------------------------------------------------------------------------ the end
    def decide(self, root: Path) -> dict[str, int]:
        from .dataset import SEEDS_DIR, _part_of_cycle, normalize_text, status_history_problems

        every: set[str] = set()
        total = 0
        by_kind: dict[str, set[str]] = {}
        for kind, ids in self.ids.items():
            by_kind[kind] = set(ids)
            every |= by_kind[kind]
            total += len(ids)
        if len(every) != total:
            raise _Doubt  # a duplicate id
        if not _are_slugs([i for kind in MIRRORS for i in self.ids[kind]]):
            raise _Doubt
        for kinds, targets in self.refs.items():
            allowed = set().union(*(by_kind[k] for k in kinds))
            if not targets - _NOTHING <= allowed:
                raise _Doubt
        self._dates()
        self._histories(status_history_problems)
        if any(_part_of_cycle(self.parents, rid) for rid in self.parents):
            raise _Doubt
        seed_texts: dict[str, str | None] = {}
        for source in self.sources.values():
            if source.seed and source.seed not in seed_texts:
                try:
                    seed_texts[source.seed] = normalize_text(
                        (root / SEEDS_DIR / source.seed).read_text(encoding="utf-8")
                    )
                except (OSError, UnicodeDecodeError):
                    raise _Doubt from None
        found: dict[tuple[str, str], bool] = {}  # (seed, quote): in the seed (quotes repeat across items)

        def listed(sources: Any) -> tuple[frozenset[str], frozenset[str]]:
            """A source list's sources, and those with a seed; _Doubt when one repeats or is unknown."""
            if len(set(sources)) != len(sources) or not self.sources.keys() >= set(sources):
                raise _Doubt
            return frozenset(sources), frozenset(sid for sid in sources if self.sources[sid].seed)

        def quoting(evidence: Any) -> frozenset[str]:
            """The sources an evidence list quotes; _Doubt when a quote is not in its source's seed."""
            quoted = []
            for ev_source, quote in evidence:
                known = self.sources.get(ev_source)
                if known is None:
                    raise _Doubt  # no item lists an unknown source (see listed)
                if known.seed:
                    if (known.seed, quote) not in found:
                        found[known.seed, quote] = normalize_text(quote) in (seed_texts[known.seed] or "")
                    if not found[known.seed, quote]:
                        raise _Doubt
                quoted.append(ev_source)
            return frozenset(quoted)

        # each distinct source list and evidence list is decided once; then each item's pair of them:
        # what it quotes it lists, and every source it lists that has a seed it quotes
        parts = [key.partition(_NL) for key in self.cited]
        lists = list({p[0] for p in parts})
        texts = list({p[2] for p in parts} - {b""})
        if any(_NL in text for text in texts):
            raise _Doubt  # never seen: a text with a newline
        of_list = {
            text: listed(sources)
            for text, sources in zip(lists, _decode_distinct(_SOURCES_DECODER, lists), strict=True)
        }
        of_text = {
            text: quoting([(ev.source, ev.quote) for ev in evidence])
            for text, evidence in zip(texts, _decode_distinct(_EVIDENCE_DECODER, texts), strict=True)
        }
        of_text[b""] = frozenset()
        for text, _nl, evidence_text in parts:
            (listing, seeded), quoted = of_list[text], of_text[evidence_text]
            if not (quoted <= listing and seeded <= quoted):
                raise _Doubt
        return {kind: len(ids) for kind, ids in self.ids.items()}

    def _dates(self) -> None:
        """Every distinct date is one the model reads; no span ends before it starts.

        Each distinct value gets a row (:attr:`row`) of three arrays: its first day (:attr:`first`),
        its last day (:attr:`last`; the first day when the value has no end) and the last day a span
        ending on it may end (:attr:`until`: no limit for an absent value or an open end). A start
        that is absent is no limit either (the first day of its row is the least one).
        """
        try:  # the dates of the histories, when all plain texts, are read as they come (no row each)
            self.entry_days = _plain_days(self.entry_dates)
        except TypeError:
            self.entry_days = None
        also = [self.entry_dates] if self.entry_days is None else []
        spans_done = self._plain_spans()
        if not spans_done:
            also += [self.span_starts, self.span_ends]
        values = list(self.dates.union(*also) - _NOTHING)
        n = len(values)
        self.row = dict(zip(values, range(n), strict=True))
        self.row[None] = self.row[_UNSET] = n  # the row of an absent value: no limit either way
        first = np.full(n + 1, _LEAST, np.int64)
        last = np.full(n + 1, _LEAST, np.int64)
        until = np.full(n + 1, _MOST, np.int64)
        try:
            texts, plain = values, _plain_days(values)
        except TypeError:  # some value is a number (a year)
            texts = [v for v in values if type(v) is str]
            plain = _plain_days(texts)
        if plain is not None:
            rows: Any = slice(0, n) if texts is values else self.row_of(texts)
            first[rows], last[rows] = plain
            until[rows] = last[rows]
        if plain is None or texts is not values:
            done = set(texts) if plain is not None else set()
            for value in values:
                if value in done:
                    continue
                try:
                    d = m._to_date(value)  # the model's own conversion of a date field
                except ValueError:
                    raise _Doubt from None
                i = self.row[value]
                first[i] = d.earliest.toordinal() - _EPOCH
                last[i] = d.latest.toordinal() - _EPOCH if d.latest is not None else first[i]
                if d.latest is not None:
                    until[i] = last[i]
        self.first, self.last = first, last
        if self.span_starts and not spans_done:
            if (until[self.row_of(self.span_ends)] < first[self.row_of(self.span_starts)]).any():
                raise _Doubt

    def _plain_spans(self) -> bool:
        """Whether every from and to is absent or a plain date (then no span ends before it starts, or
        _Doubt), read as they come (no row each): an absent start reads as the first plain day, an
        absent end as the last one."""
        if not self.span_starts:
            return True
        try:
            starts = _plain_days(list(map(_OPEN_START.get, self.span_starts, self.span_starts)))
            ends = _plain_days(list(map(_OPEN_END.get, self.span_ends, self.span_ends)))
        except TypeError:  # some value is a number (a year)
            return False
        if starts is None or ends is None:
            return False
        if (ends[1] < starts[0]).any():
            raise _Doubt
        return True

    def row_of(self, values: list[Any]) -> Any:
        """The rows (see :meth:`_dates`) of date values, as an array."""
        return np.fromiter(map(self.row.__getitem__, values), np.int64, len(values))

    def _histories(self, problems_of: Any) -> None:
        """Every status history is in order and follows the model's rules of succession.

        The dates of all histories are compared at once (an entry starts no earlier than the previous
        one ends, or than it starts when its end is open); each distinct sequence of statuses is given,
        with dates a year apart, to the reference checker (:func:`~ddgraph.dataset.status_history_problems`).
        """
        if self.entry_dates:
            if self.entry_days is not None:
                starts, ends = self.entry_days
            else:
                rows = self.row_of(self.entry_dates)
                starts, ends = self.first[rows], self.last[rows]
            in_order = starts[1:] >= ends[:-1]
            in_order[np.cumsum(self.history_sizes)[:-1] - 1] = True  # a history's last entry and the next
            if not in_order.all():
                raise _Doubt
        years = [m.parse_date(str(2000 + i)) for i in range(max(map(len, self.histories), default=0))]
        for statuses in self.histories:
            if problems_of("", list(map(_Entry, statuses, years, repeat(False)))):
                raise _Doubt


#: The first and last day of the rows of absent values (see :meth:`_Fast._dates`).
_LEAST, _MOST = -(2**62), 2**62
#: What an absent from and to read as in :meth:`_Fast._plain_spans`: the first and the last year that
#: :func:`_plain_days` reads (no plain date ends before the one or starts after the other).
_OPEN_START: dict[Any, str] = {None: "0001", _UNSET: "0001"}
_OPEN_END: dict[Any, str] = {None: "9998", _UNSET: "9998"}


def _plain_days(texts: list[str]) -> tuple[Any, Any] | None:
    """First and last day (days since 1970) of each of ``texts`` when all are plain ``YYYY``,
    ``YYYY-MM`` or ``YYYY-MM-DD`` as the model reads them, all at once from their digits; None when
    any is not plain or not a real day (the model's conversion then reads each). Years 0 and 9999
    go through the model too (its edge cases)."""
    n = len(texts)
    if not n:
        return None
    try:
        joined = "".join(texts).encode("ascii")  # TypeError when some value is not a text
    except UnicodeEncodeError:
        return None
    size = np.fromiter(map(len, texts), np.int64, n)
    if not ((size == 4) | (size == 7) | (size == 10)).all():
        return None
    a = np.frombuffer(joined, np.uint8)
    start = np.cumsum(size) - size
    month_of, day_of = size >= 7, size == 10
    dashes = np.concatenate((start[month_of] + 4, start[day_of] + 7))
    is_dash = a == 0x2D
    digit = a - np.uint8(0x30)  # wraps below "0": anything not a digit is more than 9
    if int(is_dash.sum()) != dashes.size or not is_dash[dashes].all() or not (is_dash | (digit <= 9)).all():
        return None
    d = digit.astype(np.int64)
    year = d[start] * 1000 + d[start + 1] * 100 + d[start + 2] * 10 + d[start + 3]
    month, day = np.ones(n, np.int64), np.ones(n, np.int64)
    month[month_of] = d[start[month_of] + 5] * 10 + d[start[month_of] + 6]
    day[day_of] = d[start[day_of] + 8] * 10 + d[start[day_of] + 9]
    if ((year == 0) | (year == 9999) | (month < 1) | (month > 12) | (day < 1)).any():
        return None
    month_start = _days_from_civil(year, month)
    next_month = _days_from_civil(year + (month == 12), month % 12 + 1)
    first = month_start + day - 1
    if (first >= next_month).any():
        return None  # a day the month does not have
    last = first.copy()
    last[size == 7] = next_month[size == 7] - 1
    only_year = size == 4
    last[only_year] = _days_from_civil(year[only_year] + 1, np.ones(int(only_year.sum()), np.int64)) - 1
    return first, last


def _days_from_civil(year: Any, month: Any) -> Any:
    """Days from 1970-01-01 to the first of ``month`` of ``year`` (arrays; proleptic Gregorian, years
    1 to 9999), in integer arithmetic: H. Hinnant's ``days_from_civil``, with the year starting in
    March so that a leap day ends it."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


class _Entry(NamedTuple):
    """What :func:`~ddgraph.dataset.status_history_problems` reads of a status entry."""

    status: m.Status
    date: m.DateValue
    lower_bound: bool


def fast_check(root: Path, files: list[Path]) -> dict[str, int] | None:
    """Record counts by kind when every bulk file of ``files`` is valid, or None when in any doubt.

    Accepts only what the reference path accepts; never reports a problem itself. Each file is read
    once; the cyclic garbage collector is paused meanwhile (the records are many and all alive), and
    everything read is freed before it resumes: the first collection after a pause walks every
    object made during it that is still alive.
    """
    from .dataset import gc_paused

    with gc_paused():
        return _fast_check(root, files)


def _fast_check(root: Path, files: list[Path]) -> dict[str, int] | None:
    fast = _Fast()
    try:
        big = [path.stat().st_size for path in files if kind_of_file(path) in MIRRORS]
        scratch = _scratch(max(big, default=0))
        for path in files:
            kind = kind_of_file(path)
            if path.suffix != SUFFIX or kind not in m.KINDS:
                return None
            raw = path.read_bytes()
            if kind in MIRRORS:
                walk = getattr(fast, kind)
                for records in _decode(kind, raw, scratch if len(raw) <= len(scratch) else None):
                    walk(records)
            else:
                clean = clean_records(path, raw)
                if clean is None:
                    return None
                fast.small(kind, clean[0][1])
        return fast.decide(root)
    except (_Doubt, OSError, RecursionError, MemoryError):
        return None


__all__ = ["SUFFIX", "BulkError", "Converted", "convert_yaml_dir", "fast_check", "kind_of_file"]
