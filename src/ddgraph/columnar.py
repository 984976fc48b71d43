"""The columnar bulk format: Parquet files, one row a record, for datasets at scale.

A dataset directory may hold ``<kind>.parquet`` (or ``<kind>-<part>.parquet``: the kind is the file
name up to the first ``-``) beside or instead of YAML and JSON Lines. A row is a record; its columns
are the fields of :mod:`ddgraph.model` as in YAML (``from``/``to`` included), nested records as Arrow
structs and lists of structs, dates as text (``"2007"``, ``"2023-03"``), a null as an absent value.
Each kind's Arrow schema comes from the kind's msgspec mirror in :mod:`ddgraph.bulk` (so from the
model: tests hold the mirrors to the models): :func:`schema_of`.

Like JSON Lines, the format has two paths with one meaning:

* the **reference** path (:func:`read_rows`) -- each row as a mapping (nulls left out), validated by
  the pydantic model and the cross-record checker like any record; a problem is reported at
  ``path:row`` (rows count from 1, as lines do);
* the **fast** path (:func:`fast_check`, used by ``ddgraph validate`` when every data file is
  Parquet) -- the checks as column operations in Arrow's C++ (``pyarrow.compute``): the type of every
  column from the schema, each text constraint over a whole column, the slug pattern over the ids,
  the distinct citations joined into one text an item; then the cross-record decision of the JSON
  Lines fast path itself (:meth:`ddgraph.bulk._Fast.decide`), fed with the columns. It only ever
  *accepts*: at the first doubt (a column of another type, a text the model would change, anything
  unusual) it returns None and the reference path gives the messages.

Example::

    convert_dir("graph", "/tmp/columns")     # the same records, as Parquet
    check_dataset("/tmp/columns").counts == check_dataset("graph").counts
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import bulk
from . import model as m
from .errors import BulkError, Problem

SUFFIX = bulk.PARQUET


kind_of_file = bulk.kind_of_file  # ``events-003.parquet`` holds events


# ------------------------------------------------------------------------------------- the schema
_EVIDENCE_ITEM = msgspec.inspect.type_info(bulk.Evidence)


def _arrow(t: Any, name: str = "") -> pa.DataType:
    """The Arrow type of a mirror field's msgspec type (``name``: the field, for the kept-as-text ones)."""
    i = msgspec.inspect
    if isinstance(t, i.UnionType):
        kinds = [x for x in t.types if not isinstance(x, i.NoneType)]
        if len(kinds) == 1:
            return _arrow(kinds[0], name)
        return pa.string()  # a date: text or a year; always text here
    if isinstance(t, i.RawType):  # the source and evidence lists, kept as text in the JSON mirrors
        return pa.list_(pa.string()) if name == "sources" else pa.list_(_arrow(_EVIDENCE_ITEM))
    if isinstance(t, i.StrType | i.EnumType):
        return pa.string()
    if isinstance(t, i.BoolType):
        return pa.bool_()
    if isinstance(t, i.IntType):
        return pa.int64()
    if isinstance(t, i.VarTupleType | i.ListType):
        return pa.list_(_arrow(t.item_type))
    if isinstance(t, i.DictType):
        return pa.map_(_arrow(t.key_type), _arrow(t.value_type))
    if isinstance(t, i.StructType):
        return pa.struct([pa.field(f.encode_name, _arrow(f.type, f.name)) for f in t.fields])
    raise TypeError(f"no Arrow type for {t!r}")  # a new field type in a mirror: map it here


@functools.cache
def schema_of(kind: str) -> pa.Schema | None:
    """The Arrow schema of a kind's Parquet files; None for sources (a few records: inferred)."""
    if kind not in bulk.MIRRORS:
        return None
    struct = _arrow(msgspec.inspect.type_info(bulk.MIRRORS[kind]))
    return pa.schema(list(struct))


def _dates_as_text(value: Any, t: Any) -> Any:
    """A record's JSON value with every date given as a number (a year) turned into its text."""
    i = msgspec.inspect
    if value is None:
        return None
    if isinstance(t, i.UnionType):
        kinds = [x for x in t.types if not isinstance(x, i.NoneType)]
        if len(kinds) > 1:
            return str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        t = kinds[0]
    if isinstance(t, i.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f.type for f in t.fields}
        return {k: _dates_as_text(v, fields[k]) if k in fields else v for k, v in value.items()}
    if isinstance(t, i.VarTupleType | i.ListType) and isinstance(value, list):
        return [_dates_as_text(v, t.item_type) for v in value]
    return value


def table_of(kind: str, records: list[dict[str, Any]]) -> pa.Table:
    """The Arrow table of a kind's records (JSON values as in YAML); :class:`BulkError` when a value
    does not fit its column (the records were not valid)."""
    schema = schema_of(kind)
    odd = next((r for r in records if not isinstance(r, dict)), None)
    if odd is not None:
        raise BulkError(f"{kind}: a record is {bulk._type_name(odd)}, not a mapping")
    try:
        if schema is None:  # every key of every record (from_pylist would keep the first one's only)
            return pa.Table.from_struct_array(pa.array(records)) if records else pa.table({})
        rows = [_dates_as_text(r, _info(kind)) for r in records]
        extra = {k for r in rows for k in r} - set(schema.names)
        if extra:
            raise BulkError(f"{kind}: no column for {', '.join(sorted(extra))}")
        return pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as e:
        raise BulkError(f"{kind}: a value does not fit its column ({e})") from e


def convert_dir(src: str | Path, dst: str | Path) -> dict[str, int]:
    """Write the records of the dataset ``src`` (its YAML files, or its JSON Lines files: one format) as
    ``dst/<kind>.parquet``, seeds copied; return the rows of each kind. ``dst`` must be empty or missing;
    nothing is written there when a record cannot be (a :class:`BulkError` names it)."""
    import shutil
    import tempfile

    from .dataset import SEEDS_DIR, graph_files

    source, out = Path(src), Path(dst)
    if not source.is_dir():
        raise BulkError(f"{source}: not a directory")
    if out.exists() and any(out.iterdir()):
        raise BulkError(f"{out} is not empty; choose a new directory")
    files = graph_files(source)
    if not files:
        raise BulkError(f"{source}: no *.yaml or *.jsonl files found")
    for path in files:
        if path.suffix == SUFFIX:
            raise BulkError(f"{path}: already a Parquet file")
    lines = [path for path in files if path.suffix == bulk.SUFFIX]
    if lines and len(lines) < len(files):
        raise BulkError(
            f"{source} holds both YAML and JSON Lines files; convert one format "
            "(ddgraph.bulk.convert_yaml_dir writes the YAML ones as JSON Lines)"
        )
    with tempfile.TemporaryDirectory(prefix=".ddgraph-parquet-") as tmp:
        seeds = source / SEEDS_DIR
        if not lines:
            bulk.convert_yaml_dir(source, Path(tmp) / "lines")
            lines, seeds = graph_files(Path(tmp) / "lines"), Path(tmp) / "lines" / SEEDS_DIR
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for path in lines:
            kind = bulk.kind_of_file(path)
            if kind not in m.KINDS:
                raise BulkError(f"{path}: unknown kind {kind!r}")
            records = by_kind.setdefault(kind, [])
            for number, line in enumerate(path.read_bytes().splitlines(), start=1):
                if line.strip():
                    try:
                        records.append(orjson.loads(line))
                    except orjson.JSONDecodeError as e:
                        raise BulkError(f"{path}:{number}: not a JSON record: {e.msg}") from e
        tables = {kind: table_of(kind, records) for kind, records in by_kind.items()}  # before any write
        out.mkdir(parents=True, exist_ok=True)
        if seeds.is_dir():
            shutil.copytree(seeds, out / SEEDS_DIR)
    for kind, table in tables.items():
        pq.write_table(table, out / f"{kind}{SUFFIX}")
    return {kind: len(records) for kind, records in by_kind.items()}


# ------------------------------------------------------------------------------ the reference path
def _present(value: Any) -> Any:
    """A row's value with the nulls of its mappings left out (Parquet has no absent field)."""
    if isinstance(value, dict):
        return {k: _present(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_present(v) for v in value]
    return value


@functools.cache
def _fields_of(kind: str) -> frozenset[str]:
    """The keys a record of ``kind`` may give (aliases such as ``from`` and ``to`` included)."""
    fields = m.KINDS[kind].model_fields
    return frozenset({f.alias or name for name, f in fields.items()} | set(fields))


def read_rows(path: Path, shown: str, problems: list[Problem]) -> Iterator[tuple[str, Any, int]]:
    """The records of one Parquet file as ``(kind, mapping, row)``; file problems go to ``problems``."""
    kind = kind_of_file(path)
    bad_name = bulk.unknown_kind(path, shown)
    if bad_name is not None:
        problems.append(bad_name)
        return
    try:
        table = pq.ParquetFile(path).read()
    except (pa.ArrowException, OSError) as e:
        problems.append(Problem(shown, 1, f"not a readable Parquet file: {str(e).splitlines()[0]}"))
        return
    fields = _fields_of(kind)
    unknown = [name for name in table.column_names if name not in fields]
    if unknown:
        problems.append(
            Problem(
                shown,
                1,
                f"unknown column {unknown[0]!r} for {kind}; expected some of: " + ", ".join(sorted(fields)),
            )
        )
        return
    try:
        rows = table.to_pylist(maps_as_pydicts="strict")
    except (pa.ArrowException, ValueError, OverflowError, KeyError):  # some row cannot be read
        rows = None
    if rows is None:  # each row on its own: the ones that cannot be read are problems at their rows
        for number in range(1, table.num_rows + 1):
            try:
                [row] = table.slice(number - 1, 1).to_pylist(maps_as_pydicts="strict")
            except UnicodeDecodeError:
                problems.append(
                    Problem(shown, number, "a text holds bytes that are not UTF-8; write it as UTF-8")
                )
            except KeyError as e:  # a map (aliases) gives a key twice
                twice = re.search(r"duplicate key was '(.*)'\)", str(e.args[0]) if e.args else "")
                key = f" {twice[1]!r}" if twice else ""
                problems.append(Problem(shown, number, f"key{key} appears twice in the same mapping"))
            except (pa.ArrowException, ValueError, OverflowError) as e:  # e.g. a timestamp out of range
                problems.append(Problem(shown, number, f"a value cannot be read: {str(e).splitlines()[0]}"))
            else:
                yield kind, _present(row), number
        return
    for number, row in enumerate(rows, start=1):
        yield kind, _present(row), number


# ---------------------------------------------------------------------------------- the fast path
class _Doubt(Exception):
    """Something the fast path does not decide: the reference path runs."""


def _all(mask: pa.Array | pa.ChunkedArray) -> None:
    """_Doubt unless every value of a boolean column is true (nulls: see the callers)."""
    if pc.all(mask, skip_nulls=True).as_py() is False:
        raise _Doubt


def _re2(pattern: str) -> str:
    return pattern.replace(r"\A", "^").replace(r"\Z", "$")


def _valid(arr: pa.Array) -> pa.Array:
    """The non-null values of ``arr``."""
    return arr.filter(arr.is_valid()) if arr.null_count else arr


class _Types:
    """The type checks of the mirrors over Arrow columns, gathered and then run once per kind of check.

    :meth:`walk` goes down a column with its msgspec type; what holds per value (a text's length and
    pattern, an enumeration's values, a number's range) is gathered, each field's column at every
    place it occurs, and :meth:`run` checks each group as one column: a regular expression is compiled
    once, not once per field.
    """

    def __init__(self) -> None:
        self.texts: list[pa.Array] = []
        self.lengths: dict[tuple[int, int], list[pa.Array]] = {}
        self.patterns: dict[str, list[pa.Array]] = {}
        self.enums: dict[Any, list[pa.Array]] = {}

    def walk(self, t: Any, arr: pa.Array, required: bool) -> None:
        """Gather the checks of every value of ``arr`` (one field, at every place it occurs) against
        the mirror type ``t``; _Doubt now for what is decided at once (a null where none may be)."""
        i = msgspec.inspect
        if isinstance(t, i.UnionType):
            kinds = [x for x in t.types if not isinstance(x, i.NoneType)]
            required = required and len(kinds) == len(t.types)
            if len(kinds) > 1:  # a date: any text here (the model reads each distinct one: _Fast.decide)
                kinds = [i.StrType()]
            t = kinds[0]
        if required and arr.null_count:
            raise _Doubt
        if not len(arr) or isinstance(t, i.RawType):  # the citations: walked on their own
            return
        # a leaf keeps its nulls (every check below passes over them); a list or a struct drops them,
        # so that the fields of a struct that is absent are not taken for missing values
        if isinstance(t, i.StructType):  # (a list's flatten leaves out what null lists hold)
            arr = _valid(arr)
        if isinstance(t, i.StrType | i.EnumType):
            self.texts.append(arr)
            if isinstance(t, i.EnumType):
                self.enums.setdefault(t.cls, []).append(arr)
                return
            if t.min_length is not None or t.max_length is not None:
                self.lengths.setdefault((t.min_length or 0, t.max_length or 2**62), []).append(arr)
            if t.pattern is not None:
                self.patterns.setdefault(_re2(t.pattern), []).append(arr)
        elif isinstance(t, i.IntType):
            least, most = (x.as_py() for x in pc.min_max(arr).values())
            if least is None:  # every value is null
                return
            if (t.ge is not None and least < t.ge) or (t.le is not None and most > t.le):
                raise _Doubt
        elif isinstance(t, i.VarTupleType | i.ListType):
            shortest = pc.min(pc.list_value_length(arr)).as_py()
            if t.min_length is not None and shortest is not None and shortest < t.min_length:
                raise _Doubt
            self.walk(t.item_type, arr.flatten(), True)
        elif isinstance(t, i.DictType):  # aliases: rare; a key given twice in one map is a doubt
            for entry in filter(None, arr.to_pylist()):
                if len({k for k, _v in entry}) != len(entry):
                    raise _Doubt
            self.walk(t.key_type, arr.keys, True)
            self.walk(t.value_type, arr.items, True)
        elif isinstance(t, i.StructType):
            for f in t.fields:  # no nulls left (see above): each child as it is, no validity merged
                self.walk(f.type, arr.field(f.encode_name), f.required)

    def run(self) -> None:
        """_Doubt unless every gathered value holds."""
        if self.texts:
            texts = _joined(self.texts)
            try:
                texts.validate(full=True)  # valid UTF-8
            except pa.ArrowInvalid:
                raise _Doubt from None
            if _odd_texts(texts):
                raise _Doubt
        for (least, most), arrays in self.lengths.items():
            lo, hi = (x.as_py() for x in pc.min_max(pc.utf8_length(_joined(arrays))).values())
            if lo is not None and (lo < least or hi > most):
                raise _Doubt
        for pattern, arrays in self.patterns.items():
            _all(pc.match_substring_regex(_joined(arrays), pattern))
        for cls, arrays in self.enums.items():
            _all(pc.is_in(_valid(_joined(arrays)), value_set=pa.array([e.value for e in cls])))


#: The bytes no text may hold (the model refuses a control character; tab, newline and return aside)
#: and those no text may start or end with (the model strips white space), as flags over byte values.
_CONTROL = np.zeros(256, np.bool_)
_CONTROL[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True
_ASCII_WHITE = np.zeros(256, np.bool_)
_ASCII_WHITE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, *range(0x1C, 0x21)]] = True


def _odd_texts(texts: pa.StringArray) -> bool:
    """Whether some text (no nulls, valid UTF-8) holds a control character or starts or ends with white
    space: a pass of numpy over the bytes of all of them, and Python's own ``isspace`` only for the
    texts that start or end with a character beyond ASCII."""
    offsets = np.frombuffer(texts.buffers()[1], np.int32)[texts.offset : texts.offset + len(texts) + 1]
    data = np.frombuffer(texts.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    if not data.size:
        return False
    if data.min() < 0x20 and _CONTROL[data[data < 0x20]].any():
        return True
    raw = data.tobytes()  # memchr finds the rare bytes faster than numpy compares them all
    if b"\x7f" in raw:
        return True
    if b"\xc2" in raw:  # C1 controls (U+0080-U+009F) are C2 80 .. C2 9F in UTF-8
        lead = np.flatnonzero(data[:-1] == 0xC2)
        if lead.size and ((data[lead + 1] >= 0x80) & (data[lead + 1] <= 0x9F)).any():
            return True
    filled = offsets[1:] > offsets[:-1]
    starts, ends = offsets[:-1][filled], offsets[1:][filled] - 1
    if _ASCII_WHITE[data[starts]].any() or _ASCII_WHITE[data[ends]].any():
        return True
    beyond = np.flatnonzero((data[starts] >= 0x80) | (data[ends] >= 0x80))
    for i in beyond.tolist():
        text = texts[int(np.flatnonzero(filled)[i])].as_py()
        if text[0].isspace() or text[-1].isspace():
            return True
    return False


def _joined(arrays: list[pa.Array]) -> pa.Array:
    return arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays)


@functools.cache
def _info(kind: str) -> Any:
    return msgspec.inspect.type_info(bulk.MIRRORS[kind])


def _at(arr: pa.Array, *path: str) -> pa.Array:
    """The values at ``path`` below a struct column (no nulls), across every list on the way.

    A list's ``flatten`` leaves out what null lists hold, so nothing is filtered (a filter copies
    every nested value)."""
    for step in path:
        if pa.types.is_list(arr.type):
            arr = arr.flatten()
        arr = arr.field(step)
    if pa.types.is_list(arr.type):
        arr = arr.flatten()
    return arr


_SEP_LIST, _SEP_ITEM, _SEP_FIELD = "\x1d", "\x1e", "\x1f"  # no text holds a control (checked first)


class _Columns:
    """Feeds the JSON Lines fast path's collector (:class:`ddgraph.bulk._Fast`) from Arrow columns."""

    def __init__(self) -> None:
        self.fast = bulk._Fast()
        self.keys: set[str] = set()
        #: the type checks of the file being read (:func:`_fast_check` gives each file its own)
        self.types = _Types()

    def cite(self, items: pa.Array) -> None:
        """The distinct (sources, evidence) of ``items`` (a struct column), one text an item."""
        items = _valid(items)
        if not len(items):
            return
        self.types.walk(_CITATION_TYPE["sources"], items.field("sources"), True)
        ev = items.field("evidence")
        self.types.walk(_CITATION_TYPE["evidence"], ev, False)
        sources = pc.binary_join(items.field("sources"), _SEP_ITEM)
        entries = ev.values  # every entry, with the offsets of ev (a slice keeps them absolute)
        joined = pc.binary_join_element_wise(
            entries.field("source"),
            entries.field("quote"),
            pc.fill_null(entries.field("lang"), ""),
            _SEP_FIELD,
        )
        per_item = pa.ListArray.from_arrays(ev.offsets, joined, mask=ev.is_null())
        evidence = pc.binary_join(per_item, _SEP_ITEM)
        flag = pc.if_else(ev.is_null(), "-", "+")
        key = pc.binary_join_element_wise(sources, flag, pc.fill_null(evidence, ""), _SEP_LIST)
        self.keys.update(pc.unique(key).to_pylist())

    def cited(self) -> None:
        """The distinct citations as the JSON texts the collector decides (:meth:`bulk._Fast.cite`)."""
        for key in self.keys:
            sources, flag, evidence = key.split(_SEP_LIST)
            text = orjson.dumps(sources.split(_SEP_ITEM))
            if flag == "+":
                out = []
                for entry in evidence.split(_SEP_ITEM) if evidence else []:
                    source, quote, lang = entry.split(_SEP_FIELD)
                    out.append({"source": source, "quote": quote} | ({"lang": lang} if lang else {}))
                text += b"\n" + orjson.dumps(out)
            else:
                text += b"\n"
            self.fast.cited.add(text)

    def ref(self, kinds: tuple[str, ...], values: pa.Array) -> None:
        self.fast.ref(kinds, pc.unique(_valid(values)).to_pylist())

    def span(self, items: pa.Array) -> None:
        self.fast.span_starts += items.field("from").to_pylist()
        self.fast.span_ends += items.field("to").to_pylist()

    def record(self, kind: str, rows: pa.StructArray) -> pa.StructArray:
        self.fast.ids[kind].extend(rows.field("id").to_pylist())
        self.cite(rows)
        names = rows.field("name")
        if names.null_count:
            raise _Doubt
        some = None
        for lang in ("en", "vi", "zh", "ja", "ko"):
            if lang in names.type.names:
                there = names.field(lang).is_valid()
                some = there if some is None else pc.or_(some, there)
        if some is None:
            raise _Doubt
        _all(some)
        return rows

    def countries(self, rows: pa.StructArray) -> None:
        self.record("countries", rows)
        import pycountry

        for rid, iso3 in zip(rows.field("id").to_pylist(), rows.field("iso3").to_pylist(), strict=True):
            if rid != iso3.lower() or pycountry.countries.get(alpha_3=iso3) is None:
                raise _Doubt

    def places(self, rows: pa.StructArray) -> None:
        self.record("places", rows)
        self.ref(bulk._REF_COUNTRY, rows.field("country"))

    def organizations(self, rows: pa.StructArray) -> None:
        self.record("organizations", rows)
        parents = rows.field("part_of")
        self.ref(bulk._REF_PART_OF, parents)
        self.fast.parents.update(zip(rows.field("id").to_pylist(), parents.to_pylist(), strict=True))

    def persons(self, rows: pa.StructArray) -> None:
        self.record("persons", rows)
        self.ref(bulk._REF_NATIONALITY, rows.field("nationality"))
        offices = _at(rows, "offices")
        self.cite(offices)
        self.span(offices)
        self.ref(bulk._REF_ORG, offices.field("org"))

    def mechanisms(self, rows: pa.StructArray) -> None:
        self.record("mechanisms", rows)
        parts = _at(rows, "participants")
        self.cite(parts)
        self.span(parts)
        self.ref(bulk._REF_PARTY, parts.field("party"))
        histories = rows.field("status")
        entries = histories.flatten()  # the entries of every history, one history after another
        self.cite(entries)
        f = self.fast
        f.entry_dates += entries.field("date").to_pylist()
        sizes = pc.list_value_length(histories).to_numpy(zero_copy_only=False)
        sizes = sizes[~np.isnan(sizes)].astype(np.int64) if sizes.dtype.kind == "f" else sizes
        sizes = sizes[sizes > 0]
        f.history_sizes += sizes.tolist()
        statuses = pa.ListArray.from_arrays(histories.offsets, histories.values.field("status"))
        sequences = pc.unique(pc.binary_join(statuses, _SEP_ITEM)).to_pylist()
        try:  # (the values of the status column are checked after this file's walk: see _Types.run)
            f.histories.update(tuple(map(m.Status, s.split(_SEP_ITEM))) for s in sequences if s)
        except ValueError:
            raise _Doubt from None
        lower = pc.fill_null(entries.field("lower_bound"), False)
        if pc.sum(lower).as_py():  # only a first entry may be a lower bound
            firsts = np.cumsum(sizes) - sizes
            if pc.sum(lower).as_py() != pc.sum(lower.take(pa.array(firsts))).as_py():
                raise _Doubt
        self.ref(bulk._REF_EVENT, entries.field("event"))

    def events(self, rows: pa.StructArray) -> None:
        self.record("events", rows)
        f = self.fast
        f.dates.update(pc.unique(rows.field("date")).to_pylist())
        self.ref(bulk._REF_MECHANISM, rows.field("mechanism"))
        self.ref(bulk._REF_PLACE, rows.field("place"))
        attendees = _at(rows, "attendees")
        self.cite(attendees)
        self.ref(bulk._REF_ATTENDEE, attendees.field("party"))
        caused = rows.field("caused_by")
        links = caused.flatten()
        if len(links):
            owners = pc.take(rows.field("id"), pc.list_parent_indices(caused))
            if pc.any(pc.equal(owners, links.field("ref"))).as_py():
                raise _Doubt  # caused by itself
            self.cite(links)
            self.ref(bulk._kinds(m.Event, "caused_by"), links.field("ref"))
        refused = rows.field("refused_by")
        some = pc.fill_null(pc.greater(pc.list_value_length(refused), 0), False)
        if pc.any(some).as_py():
            ok = [o.value for o in (m.Outcome.DECLINED, m.Outcome.UNANSWERED, m.Outcome.CANCELLED)]
            _all(pc.fill_null(pc.is_in(rows.field("outcome").filter(some), value_set=pa.array(ok)), False))
            links = _at(rows, "refused_by")
            self.cite(links)
            self.ref(bulk._kinds(m.Event, "refused_by"), links.field("ref"))
        sanctions = rows.field("sanctions")
        some = pc.fill_null(pc.greater(pc.list_value_length(sanctions), 0), False)
        if pc.any(some).as_py():
            _all(pc.equal(rows.field("kind").filter(some), m.EventKind.SANCTION.value))
            items = _at(rows, "sanctions")
            self.cite(items)
            self.ref(bulk._kinds(m.Sanction, "by"), items.field("by"))
            self.ref(bulk._kinds(m.Sanction, "target"), items.field("target"))


def _table(path: Path, kind: str) -> pa.Table:
    """A Parquet file's table when its columns are of the kind's schema (missing optional columns
    added as nulls); _Doubt otherwise."""
    schema = schema_of(kind)
    assert schema is not None
    try:
        table = pq.ParquetFile(path).read(use_threads=False)  # no dataset discovery, no thread pool
    except (pa.ArrowException, OSError):
        raise _Doubt from None
    if table.schema.equals(schema):  # as ddgraph writes it
        return table
    info = {f.encode_name: f for f in _info(kind).fields}
    for name in table.column_names:
        if name not in info or table.schema.field(name).type != schema.field(name).type:
            raise _Doubt
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name))
        elif info[field.name].required:
            raise _Doubt
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def fast_check(root: Path, files: list[Path]) -> dict[str, int] | None:
    """Record counts by kind when every Parquet file of ``files`` is valid, or None when in any doubt.

    Accepts only what the reference path accepts; never reports a problem itself."""
    from .dataset import gc_paused

    with gc_paused():
        try:
            return _fast_check(root, files)
        except (_Doubt, bulk._Doubt, pa.ArrowException, OSError, RecursionError, MemoryError):
            return None
        except (ValueError, TypeError, KeyError, IndexError):
            # a value the column checks did not expect (they decide nothing on their own): the
            # reference path reads the files and names the problem
            return None


def _fast_check(root: Path, files: list[Path]) -> dict[str, int] | None:
    cols = _Columns()
    for path in files:
        kind = kind_of_file(path)
        if path.suffix != SUFFIX or kind not in m.KINDS:
            return None
        if kind not in bulk.MIRRORS:  # sources: a few rows, through the model
            problems: list[Problem] = []
            rows = [row for _k, row, _n in read_rows(path, "", problems)]
            if problems:
                return None
            try:
                records = bulk.LIST_ADAPTERS[kind].validate_python(rows)
            except Exception:  # noqa: BLE001 - any refusal: the reference path gives the message
                return None
            cols.fast.small(kind, records)
            continue
        table = _table(path, kind)
        if not table.num_rows:
            continue
        rows = table.to_struct_array().combine_chunks()
        cols.types = _Types()
        cols.types.walk(_info(kind), rows, True)  # the citations of every item: in _Columns.cite
        getattr(cols, kind)(rows)
        cols.types.run()
    cols.cited()
    return cols.fast.decide(root)


#: The citation lists of every item, as the JSON mirrors decode them once per distinct text.
_CITATION_TYPE = {
    "sources": msgspec.inspect.type_info(bulk._SOURCE_LIST),
    "evidence": msgspec.inspect.type_info(tuple[bulk.Evidence, ...]),
}


__all__ = ["SUFFIX", "convert_dir", "fast_check", "kind_of_file", "read_rows", "schema_of", "table_of"]
