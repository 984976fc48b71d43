"""Loading ``graph/``: parse every file, then cross-check the records, collecting every problem.

Phase 1 reads each ``*.yaml`` (and ``*.jsonl``, :mod:`ddgraph.bulk`) file under the directory
(``seeds/`` holds the seed texts, not data) and validates each record against :mod:`ddgraph.model`.
Phase 2 checks what no single record can: unique ids, references that resolve to the right kind, date
order, status histories, and that every citation of a seed quotes it verbatim.
Problems are reported as ``path:line: message``.

Why one module of ~750 lines: parsing and cross-checking are one streaming pass that shares the
problem list and the id index (``ddgraph validate`` keeps no record: memory is that index), and the
checker is one class by design; the YAML reader itself is :mod:`ddgraph.yamlfile`, the JSON Lines
reader :mod:`ddgraph.bulk`, the record model :mod:`ddgraph.model`.

Example::

    ds = load_dataset("graph")
    ds.get("usa").name.en
    # -> 'United States'
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import bulk
from . import model as m
from .errors import DatasetError, Problem
from .yamlfile import LineDict, LineList, YamlProblem, line_at, read_records, read_yaml  # noqa: F401

DEFAULT_DIR = Path("graph")
#: Data files: YAML for curated files, JSON Lines (:mod:`ddgraph.bulk`) for datasets at scale.
DATA_SUFFIXES = (".yaml", ".yml", bulk.SUFFIX, bulk.PARQUET)
SEEDS_DIR = "seeds"


@dataclass
class Dataset:
    """The validated records of a graph directory, by kind and by id, with where each was written."""

    root: Path
    kinds: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: {} for k in m.KINDS})
    origin: dict[str, tuple[str, int]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def get(self, record_id: str) -> Any:
        for records in self.kinds.values():
            if record_id in records:
                return records[record_id]
        raise KeyError(record_id)

    @property
    def sources(self) -> dict[str, m.Source]:
        return self.kinds["sources"]

    @property
    def countries(self) -> dict[str, m.Country]:
        return self.kinds["countries"]

    @property
    def places(self) -> dict[str, m.Place]:
        return self.kinds["places"]

    @property
    def organizations(self) -> dict[str, m.Organization]:
        return self.kinds["organizations"]

    @property
    def persons(self) -> dict[str, m.Person]:
        return self.kinds["persons"]

    @property
    def mechanisms(self) -> dict[str, m.Mechanism]:
        return self.kinds["mechanisms"]

    @property
    def events(self) -> dict[str, m.Event]:
        return self.kinds["events"]

    def __len__(self) -> int:
        return sum(len(v) for v in self.kinds.values())


# ------------------------------------------------------------------------------------ phase 1: parse
def _display(path: Path) -> str:
    """The path as the user names it, relative to the working directory (a symlink is not followed)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except ValueError:
        return str(path)


def _describe(err: Any) -> str:
    loc = err["loc"]
    where = ""
    for part in loc:
        if isinstance(part, int):
            where += f"[{part}]"
        else:
            where += ("." if where else "") + str(part)
    kind = err["type"]
    msg = str(err["msg"])
    if kind == "extra_forbidden":
        field_name = loc[-1] if loc else "?"
        parent = ".".join(str(p) for p in loc[:-1])
        return f"unknown field {field_name!r}" + (f" in {parent}" if parent else "")
    if kind == "missing":
        return f"missing field {where!r}"
    msg = msg.removeprefix("Value error, ")
    if kind == "too_short" and loc and loc[-1] == "sources":
        return f"{where}: missing source: list at least one source id"
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "ref", "party", "org", "source"):
        msg = "must be a lowercase slug id (a-z, 0-9 and single hyphens, e.g. usa-chn-dpct)"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        msg = f"unknown value {err.get('input')!r}; expected {expected}"
    return f"{where}: {msg}" if where else msg


def _singular(kind: str) -> str:
    return "country" if kind == "countries" else kind[:-1]


#: The wording of a value's type in messages, one for YAML and JSON Lines.
_type_name = bulk._type_name


def _parse_clean_file(path: Path) -> list[tuple[str, list[Any], list[int]]] | None:
    """A file with no problem of its own, validated, as ``(kind, records, lines)``; None at the first doubt.

    The fast path of :func:`_file_records`: plain YAML without line tracking, one validation call per
    kind. Any parse or validation problem makes it give up, and the caller re-reads the file record
    by record, so every message and line is the reference path's.
    """
    doc = read_records(path)
    if doc is None:
        return None
    validated = []
    for kind, items, lines in doc:
        if kind not in m.KINDS:
            return None
        try:
            validated.append((kind, bulk.LIST_ADAPTERS[kind].validate_python(items), lines))
        except (ValidationError, RecursionError, MemoryError):
            return None
    return validated


def _file_records(
    path: Path, shown: str, problems: list[Problem], lost: list[str] | None = None
) -> Iterator[tuple[str, Any, int]]:
    """The valid records of one file as ``(kind, record, line)``; the file's problems go to ``problems``,
    and ``shown`` to ``lost`` when none of its records could be read (not YAML, not a mapping...)."""
    if path.suffix in (bulk.SUFFIX, bulk.PARQUET):
        yield from _bulk_records(path, shown, problems)
        return
    clean = _parse_clean_file(path)
    if clean:
        for kind, records, lines in clean:
            for record, line in zip(records, lines, strict=True):
                yield kind, record, line
        return
    try:
        data = read_yaml(path)
    except YamlProblem as e:
        whole: Problem | None = Problem(shown, e.line, e.message)
    else:
        whole = _not_a_mapping(data, shown)
    if whole is not None:  # none of the file's records can be read
        problems.append(whole)
        if lost is not None:
            lost.append(shown)
        return
    for kind, items in data.items():
        key_line = data.key_lines.get(kind, 1)
        if kind not in m.KINDS:
            problems.append(
                Problem(shown, key_line, f"unknown kind {kind!r}; expected one of: {', '.join(m.KINDS)}")
            )
            continue
        if not isinstance(items, LineList):
            problems.append(Problem(shown, key_line, f"{kind}: expected a list of records"))
            continue
        model = m.KINDS[kind]
        for index, item in enumerate(items):
            line = items.item_lines[index]
            record = _parse_record(model, kind, item, line, shown, problems)
            if record is not None:
                yield kind, record, line


def _not_a_mapping(data: Any, shown: str) -> Problem | None:
    """The problem of a YAML file whose top level is not a mapping of kinds, or None."""
    if data is None:
        return Problem(shown, 1, "file is empty; expected a mapping such as 'events: [...]'")
    if not isinstance(data, LineDict):
        kinds = ", ".join(m.KINDS)
        return Problem(shown, 1, f"expected a mapping of kinds ({kinds}), got {_type_name(data)}")
    return None


def _bulk_records(path: Path, shown: str, problems: list[Problem]) -> Iterator[tuple[str, Any, int]]:
    """:func:`_file_records` of a bulk file: JSON Lines in one validation call, or line by line with every
    message; Parquet row by row (a row's line is its number)."""
    if path.suffix == bulk.PARQUET:
        from . import columnar  # imports pyarrow: only for a dataset that has Parquet files

        values = columnar.read_rows(path, shown, problems)
    else:
        clean = bulk.clean_records(path)
        if clean:
            for kind, records, lines in clean:
                for record, line in zip(records, lines, strict=True):
                    yield kind, record, line
            return
        values = bulk.read_lines(path, shown, problems)
    for kind, value, line in values:
        record = _parse_record(m.KINDS[kind], kind, value, line, shown, problems)
        if record is not None:
            yield kind, record, line


def _parse_record(
    model: type[BaseModel], kind: str, item: Any, line: int, shown: str, problems: list[Problem]
) -> BaseModel | None:
    if not isinstance(item, dict):  # a LineDict from YAML, a dict from a bulk line
        problems.append(
            Problem(shown, line, f"{kind}: each record must be a mapping, got {_type_name(item)}")
        )
        return None
    rid = item.get("id")
    label = f"{_singular(kind)} {rid}" if isinstance(rid, str) else _singular(kind)
    try:
        return model.model_validate(dict(item))
    except ValidationError as e:
        for err in e.errors(include_url=False):
            problems.append(
                Problem(shown, line_at(item, tuple(err["loc"]), line), f"{label}: {_describe(err)}")
            )
    except (RecursionError, MemoryError):
        problems.append(Problem(shown, line, f"{label}: record is too deeply nested or too large"))
    return None


# ------------------------------------------------------------------------------ phase 2: cross-check
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """What a quote must match in its seed: NFC text with runs of whitespace folded to one space."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _cited_items(record: Any) -> Iterator[tuple[str, tuple[Any, ...], m.Cited]]:
    """The record itself and every cited relationship inside it, with a label and location."""
    yield "", (), record
    for attr in ("offices", "participants", "status", "attendees", "caused_by", "refused_by", "sanctions"):
        for index, item in enumerate(getattr(record, attr, ()) or ()):
            yield f"{attr}[{index}]", (attr, index), item


_KIND_NAMES: tuple[str, ...] = tuple(m.KINDS)
_KIND_INDEX: dict[str, int] = {kind: i for i, kind in enumerate(_KIND_NAMES)}
_KIND_BITS = 3  # 7 kinds
_FILE_BITS = 21  # up to 2M files
assert len(_KIND_NAMES) <= 1 << _KIND_BITS


def _where(loc: tuple[Any, ...]) -> str:
    """How a problem names a reference: ``: country``, `` offices[0]: org``, `` caused_by[1]``."""
    if len(loc) == 1:
        return f": {loc[0]}"
    head = f" {loc[0]}[{loc[1]}]"
    return head if loc[-1] == "ref" else f"{head}: {loc[-1]}"


def status_history_problems(rid: str, status: list[m.StatusEntry]) -> list[tuple[str, tuple[Any, ...]]]:
    """The problems of a mechanism's status history, as ``(message, location)``; the bulk path uses it too."""
    found: list[tuple[str, tuple[Any, ...]]] = []

    def add(message: str, loc: tuple[Any, ...]) -> None:
        found.append((message, loc))

    previous: m.StatusEntry | None = None
    for i, entry in enumerate(status):
        label = f"mechanism {rid} status[{i}]"
        if previous is not None and entry.lower_bound:
            add(
                f"{label}: only the first status can be a lower bound (lower_bound: true)",
                ("status", i, "lower_bound"),
            )
        if previous is None:
            if entry.status is m.Status.RESUMED:
                add(f"{label}: a history cannot start with 'resumed'", ("status", i, "status"))
        else:
            prev_date, date = previous.date, entry.date
            if date.earliest < prev_date.earliest:
                add(
                    f"{label}: status history out of order: {entry.status} on {date.edtf} "
                    f"comes after {previous.status} on {prev_date.edtf}",
                    ("status", i, "date"),
                )
            elif prev_date.latest is not None and date.earliest < prev_date.latest:
                add(
                    f"{label}: status history overlaps: {entry.status} on {date.edtf} cannot be "
                    f"ordered after {previous.status} on {prev_date.edtf}; give precise dates",
                    ("status", i, "date"),
                )
            if entry.status is previous.status:
                add(
                    f"{label}: status {entry.status} repeats the previous entry",
                    ("status", i, "status"),
                )
            if entry.status is m.Status.RESUMED:
                # an agreement (or proposal) to resume may come between the suspension and the resumption
                before = next(
                    (
                        e.status
                        for e in reversed(status[:i])
                        if e.status not in (m.Status.PROPOSED, m.Status.AGREED)
                    ),
                    None,
                )
                if before not in (m.Status.SUSPENDED, m.Status.DORMANT):
                    add(
                        f"{label}: 'resumed' must follow 'suspended' or 'dormant' "
                        f"(possibly via 'proposed'/'agreed'), not {previous.status}",
                        ("status", i, "status"),
                    )
            if previous.status is m.Status.TERMINATED:
                add(f"{label}: nothing can follow 'terminated'", ("status", i, "status"))
        previous = entry

    return found


def _part_of_cycle(parents: dict[str, str | None], rid: str) -> str | None:
    """The parent through which ``rid``'s part_of chain comes back on itself, or None."""
    seen = {rid}
    parent = parents[rid]
    while parent in parents:
        if parent in seen:
            return parent
        seen.add(parent)
        parent = parents[parent]
    return None


class _Checker:
    """Registers records as they are read and checks them, keeping no record.

    Every check that needs only the record runs at once. A check that needs another record (a
    reference, a cited source, a quote of a seed) runs at once when that record was already read;
    otherwise only its key -- the target id, the source id, the quote -- is remembered with the
    files it came from. After the last file those keys are decided; the files behind the ones that
    fail are read again to report each problem at its record, with the same message and line as if
    it had been found at once. Memory is the id index plus the distinct pending keys, not the records.
    """

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.problems = problems
        self.files: list[str] = []
        self.paths: list[Path] = []
        #: id -> (line << (_FILE_BITS + _KIND_BITS)) | (file index << _KIND_BITS) | kind index
        self.where: dict[str, int] = {}
        self.counts: dict[str, int] = dict.fromkeys(_KIND_NAMES, 0)
        self.seeds: dict[str, str | None] = {}  # source id -> seed file name (or None)
        self.parents: dict[str, str | None] = {}  # organization id -> part_of
        self.seed_texts: dict[str, str | None] = {}
        #: key -> the files that wait for it, in reading order. A list, not a bit set of file indices: a
        #: bit set costs as many bits as the highest index, so keys waiting in late files of a directory
        #: with many files grew memory with keys x files.
        self.pending: dict[tuple[Any, ...], list[int]] = {}
        self._file = 0
        self._final = False
        #: the index in ``problems`` of the problem of each file none of whose records could be read (a
        #: syntax error, not a mapping...): an id found nowhere may be defined there, so such references
        #: are counted, not reported one by one (a cascade of them would bury the cause)
        self.unread: list[int] = []
        self.unchecked = 0
        self._raw: dict[str, Any] = {}
        self._shown_root = Path(_display(root))

    # ---------------------------------------------------------------------------- ids and lines
    def kind_of(self, rid: str) -> str | None:
        packed = self.where.get(rid)
        return None if packed is None else _KIND_NAMES[packed & ((1 << _KIND_BITS) - 1)]

    def origin(self, rid: str) -> tuple[str, int]:
        packed = self.where[rid]
        file_index = (packed >> _KIND_BITS) & ((1 << _FILE_BITS) - 1)
        return self.files[file_index], packed >> (_FILE_BITS + _KIND_BITS)

    def register(self, kind: str, rid: str, line: int) -> bool:
        """Record where ``rid`` is defined; False (and a problem) when it was defined before."""
        if rid in self.where:
            first = self.origin(rid)
            shown = self.files[self._file]
            self.problems.append(
                Problem(shown, line, f"duplicate id {rid!r} (first defined at {first[0]}:{first[1]})")
            )
            return False
        self.where[rid] = (line << (_FILE_BITS + _KIND_BITS)) | (self._file << _KIND_BITS) | _KIND_INDEX[kind]
        self.counts[kind] += 1
        return True

    def add(self, rid: str, message: str, loc: tuple[Any, ...] = ()) -> None:
        path, line = self.origin(rid)
        if loc:
            line = self._line(rid, path, line, loc)
        self.problems.append(Problem(path, line, message))

    def _line(self, rid: str, path: str, line: int, loc: tuple[Any, ...]) -> int:
        # Lines of nested fields are only needed when something is wrong: re-read that one file then.
        if path.endswith((bulk.SUFFIX, bulk.PARQUET)):
            return line  # a bulk record is one line (a Parquet record one row)
        if path not in self._raw:
            try:
                self._raw = {path: read_yaml(self.root / Path(path).relative_to(self._shown_root))}
            except (YamlProblem, ValueError):
                self._raw = {path: None}
        data = self._raw[path]
        if isinstance(data, LineDict):
            for items in data.values():
                for item in items if isinstance(items, LineList) else ():
                    if isinstance(item, LineDict) and item.get("id") == rid:
                        return line_at(item, loc, line)
        return line

    def _defer(self, key: tuple[Any, ...]) -> None:
        files = self.pending.get(key)
        if files is None:
            self.pending[key] = [self._file]
        elif files[-1] != self._file:  # files are read in order: the last entry is the newest
            files.append(self._file)

    # ----------------------------------------------------------------------------- one file
    def read_file(self, path: Path, shown: str, keep: Dataset | None = None) -> None:
        self._file = len(self.files)
        if self._file >= 1 << _FILE_BITS:
            raise DatasetError([Problem(shown, 0, f"too many files (at most {1 << _FILE_BITS})")])
        self.files.append(shown)
        self.paths.append(path)
        before, lost = len(self.problems), list[str]()
        for kind, record, line in _file_records(path, shown, self.problems, lost):
            rid = record.id
            if not self.register(kind, rid, line):
                continue
            if keep is not None:
                keep.kinds[kind][rid] = record
                keep.origin[rid] = (shown, line)
            self.check(kind, rid, record)
        if lost:
            self.unread.append(before)

    def check(self, kind: str, rid: str, record: Any) -> None:
        """Every check of one registered record (only the cross-record ones when re-reading)."""
        if kind == "sources":
            if not self._final:
                self.seeds[rid] = record.seed
                if record.seed and self.seed_text(record.seed) is None:
                    self.add(
                        rid, f"source {rid}: seed file not found or not UTF-8 text: {SEEDS_DIR}/{record.seed}"
                    )
            return
        self.citations(rid, kind, record)
        label = f"{_singular(kind)} {rid}"
        for loc, target, declared in m.references(record):  # what each reference may name: the model says
            self.ref(rid, label + _where(loc), target, declared.kinds, loc)
        if kind == "organizations":
            if not self._final:
                self.parents[rid] = record.part_of
        elif kind == "persons":
            self._person(rid, record)
        elif kind == "mechanisms":
            self._mechanism(rid, record)
        elif kind == "events":
            self._event(rid, record)

    # ------------------------------------------------------------------------- cross-record checks
    def ref(
        self, rid: str, where: str, target: str | None, kinds: tuple[str, ...], loc: tuple[Any, ...] = ()
    ) -> None:
        if target is None:
            return
        kind = self.kind_of(target)
        if kind is None:
            if not self._final:
                self._defer(("ref", target, kinds))
                return
            if self.unread:  # it may be defined in a file that could not be read
                self.unchecked += 1
                return
            self.add(rid, f"{where}: unknown reference {target!r}", loc)
        elif kind not in kinds:
            wanted = " or ".join(_singular(k) for k in kinds)
            self.add(rid, f"{where}: {target!r} is a {_singular(kind)}, expected: {wanted}", loc)

    def seed_text(self, seed: str) -> str | None:
        if seed not in self.seed_texts:
            path = self.root / SEEDS_DIR / seed
            try:
                self.seed_texts[seed] = normalize_text(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.seed_texts[seed] = None
        return self.seed_texts[seed]

    def _source(self, sid: str) -> tuple[bool, str | None] | None:
        """(is a source, its seed) when ``sid`` is known by now, None when it is not (yet)."""
        kind = self.kind_of(sid)
        if kind is None:
            return None if not self._final else (False, None)
        return (kind == "sources", self.seeds.get(sid))

    def citations(self, rid: str, kind: str, record: Any) -> None:
        for where, loc, item in _cited_items(record):
            label = f"{_singular(kind)} {rid}" + (f" {where}" if where else "")
            for i, sid in enumerate(item.sources):
                has_evidence = any(ev.source == sid for ev in item.evidence)
                known = self._source(sid)
                if known is None:
                    self._defer(("source", sid, has_evidence))
                elif not known[0]:
                    if self.unread and self.kind_of(sid) is None:  # maybe in a file not read
                        self.unchecked += 1
                        continue
                    self.add(rid, f"{label}: unknown source {sid!r}", (*loc, "sources", i))
                elif known[1] and not has_evidence:
                    self.add(
                        rid,
                        f"{label}: cites seed source {sid!r} without evidence (quote the sentence)",
                        (*loc, "sources"),
                    )
            for i, ev in enumerate(item.evidence):
                if ev.source not in item.sources:
                    if not self._final:
                        self.add(
                            rid,
                            f"{label}: evidence from {ev.source!r}, which is not in its sources",
                            (*loc, "evidence", i),
                        )
                    continue
                known = self._source(ev.source)
                if known is None:
                    self._defer(("quote", ev.source, normalize_text(ev.quote)))
                elif known[0] and known[1]:
                    text = self.seed_text(known[1])
                    if text is None:
                        continue  # reported once, on the source
                    if normalize_text(ev.quote) not in text:
                        self.add(
                            rid,
                            f"{label}: quote not found verbatim in seed {known[1]}: {ev.quote[:60]!r}",
                            (*loc, "evidence", i),
                        )

    def _fails(self, key: tuple[Any, ...]) -> bool:
        """Whether a pending key, decided now that every file was read, gives a problem."""
        what, target, extra = key
        if what == "ref":
            return self.kind_of(target) not in extra
        is_source = self.kind_of(target) == "sources"
        seed = self.seeds.get(target) if is_source else None
        if what == "source":
            return not is_source or (bool(seed) and not extra)
        if not (is_source and seed):
            return False
        text = self.seed_text(seed)
        return text is not None and extra not in text

    # --------------------------------------------------------------------------- record-local checks
    def _person(self, rid: str, person: m.Person) -> None:
        for i, office in enumerate(person.offices):
            self._order(rid, f"person {rid} offices[{i}]", office.start, office.end, ("offices", i, "to"))

    def _mechanism(self, rid: str, mech: m.Mechanism) -> None:
        for i, part in enumerate(mech.participants):
            self._order(
                rid, f"mechanism {rid} participants[{i}]", part.start, part.end, ("participants", i, "to")
            )
        if not self._final:
            self._status_history(rid, mech)

    def _event(self, rid: str, ev: m.Event) -> None:
        for i, cause in enumerate(ev.caused_by):
            if cause.ref == rid and not self._final:
                self.add(
                    rid, f"event {rid} caused_by[{i}]: an event cannot cause itself", ("caused_by", i, "ref")
                )

    def _order(
        self, rid: str, label: str, start: m.DateValue | None, end: m.DateValue | None, loc: tuple[Any, ...]
    ) -> None:
        if self._final:
            return
        if start is not None and end is not None and end.latest is not None and end.latest < start.earliest:
            self.add(rid, f"{label}: ends ({end.edtf}) before it starts ({start.edtf})", loc)

    def _status_history(self, rid: str, mech: m.Mechanism) -> None:
        for message, loc in status_history_problems(rid, mech.status):
            self.add(rid, message, loc)

    def _part_of_cycles(self) -> None:
        for rid in self.parents:
            parent = _part_of_cycle(self.parents, rid)
            if parent is not None:
                self.add(rid, f"organization {rid}: part_of forms a cycle through {parent!r}", ("part_of",))

    # ------------------------------------------------------------------------------------- the end
    def finish(self) -> None:
        """Decide the pending keys; re-read the files behind the failing ones to report each problem."""
        self._part_of_cycles()
        failing: set[int] = set()
        for key, files in self.pending.items():
            if self._fails(key):
                failing.update(files)
        self.pending.clear()
        self._final = True
        for index in sorted(failing):
            path, shown = self.paths[index], self.files[index]
            for kind, record, line in _file_records(path, shown, []):
                # only the registered definition (not a duplicate of an id defined elsewhere)
                if record.id in self.where and self.origin(record.id) == (shown, line):
                    self.check(kind, record.id, record)
        if self.unchecked:  # said with the cause, on its line: one problem, not a cascade
            first = self.problems[self.unread[0]]
            where = "this file" if len(self.unread) == 1 else "this file or another that could not be read"
            self.problems[self.unread[0]] = Problem(
                first.path,
                first.line,
                f"{first.message} ({self.unchecked} reference(s) to ids found nowhere else are not reported: "
                f"they may be defined in {where}; fix it, then validate again)",
            )


# ------------------------------------------------------------------------------------------ entry
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _unreadable(path: Path) -> str | None:
    """Why a data file cannot be read as one (None when it is a regular file)."""
    try:
        mode = path.stat().st_mode  # follows a symbolic link
    except FileNotFoundError:
        return "a symbolic link to a missing file" if path.is_symlink() else "the file disappeared"
    except OSError as e:
        return (e.strerror or str(e)).lower()
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
    return f"not a regular file ({what})"


def graph_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """The data files under ``root`` in a stable order (seed texts and hidden folders excluded).

    A ``*.yaml`` entry that is not a readable regular file (a dangling link, a FIFO, a device) and a
    folder that cannot be listed are problems (``path: cannot be read: why``), never skipped: a load
    must not delete the records of a file it could not read.
    """
    found: list[Path] = []

    def walk_error(e: OSError) -> None:
        if problems is not None and e.filename is not None:
            why = "permission denied" if isinstance(e, PermissionError) else (e.strerror or str(e)).lower()
            problems.append(Problem(_display(Path(e.filename)), 0, f"cannot be read: {why}"))

    for folder, dirs, names in os.walk(root, onerror=walk_error):
        here = Path(folder)
        rel = here.relative_to(root).parts
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != SEEDS_DIR)
        if any(part.startswith(".") for part in rel):
            continue
        for name in names:
            path = here / name
            if path.suffix not in DATA_SUFFIXES or name.startswith("."):
                continue
            why = _unreadable(path)
            if why is None:
                found.append(path)
            elif problems is not None:
                problems.append(Problem(_display(path), 0, f"cannot be read: {why}"))
    return sorted(found)


@functools.cache
def _code_digest() -> str:
    """A digest of the code that turns files into a graph: ddgraph's own modules and the versions of
    what it requires (a new model, a new check or a new pycountry may read the same files otherwise)."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".cypher") and "data" not in path.relative_to(package).parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        requirements = metadata.requires("ddgraph") or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        requirements = []
    for requirement in sorted(r for r in requirements if "extra ==" not in r):  # not an extra's
        name = re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}=={version}\n".encode())
    return h.hexdigest()


def files_digest(root: str | Path) -> str | None:
    """A digest of everything a load of ``root`` reads (every file under it but hidden ones, the seed
    texts included, by relative path and content) and of the code that reads them.

    Equal digests mean an equal graph, so ``ddgraph load`` answers an unchanged reload from it
    without parsing a file. None when something cannot be read (the load then reports it).
    """
    root = Path(root)
    if not root.is_dir():
        return None
    h = hashlib.sha256(_code_digest().encode())
    failed = False

    def walk_error(_: OSError) -> None:
        nonlocal failed
        failed = True

    for folder, dirs, names in os.walk(root, onerror=walk_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for name in sorted(n for n in names if not n.startswith(".")):
            path = here / name
            if _unreadable(path) is not None:  # a FIFO would block: no shortcut, the load says why
                return None
            try:
                with path.open("rb") as f:
                    content = hashlib.file_digest(f, "sha256").digest()
            except OSError:
                return None
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + content)
    return None if failed else h.hexdigest()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is built.

    Loading creates millions of objects that all stay alive; every automatic collection would walk
    them again (more than half of the parse time of a large dataset). Reference counting still frees
    what is dropped; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_all(
    root: Path, keep: Dataset | None, progress: Callable[[int, int], None] | None = None
) -> _Checker:
    if not root.is_dir():
        raise DatasetError([Problem(_display(root), 0, "not a directory")])
    problems: list[Problem] = []
    files = graph_files(root, problems)
    if problems:  # nothing is read from a directory with a file that cannot be read
        raise DatasetError(problems)
    if not files:
        raise DatasetError([Problem(_display(root), 0, "no *.yaml, *.jsonl or *.parquet files found")])
    checker = _Checker(root, problems)
    with gc_paused():
        for done, path in enumerate(files, 1):
            checker.read_file(path, _display(path), keep)
            if progress:
                progress(done, len(files))
        checker.finish()
    if problems:
        raise DatasetError(problems)
    return checker


def load_dataset(root: str | Path = DEFAULT_DIR) -> Dataset:
    """Parse and cross-check every file under ``root``; raise :class:`DatasetError` listing all problems."""
    ds = Dataset(root=Path(root))
    checker = _read_all(ds.root, ds)
    ds.files = checker.files
    return ds


def load_dataset_digest(root: str | Path, before: str | None = None) -> tuple[Dataset, str | None]:
    """:func:`load_dataset`, and the :func:`files_digest` of what it read: None when the files
    changed while they were read (``before``: the digest taken before, if the caller has it)."""
    before = before or files_digest(root)
    ds = load_dataset(root)
    return ds, before if before is not None and files_digest(root) == before else None


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_dataset` found in a valid directory: record counts by kind and the files read."""

    root: Path
    counts: dict[str, int]
    files: list[str]

    def __len__(self) -> int:
        return sum(self.counts.values())


def check_dataset(
    root: str | Path = DEFAULT_DIR, progress: Callable[[int, int], None] | None = None
) -> CheckResult:
    """Validate like :func:`load_dataset` (same problems, same messages) without keeping the records.

    Memory is the id index (about 0.2 kB per record) plus one file being read, so a directory of
    millions of records validates in bounded memory; ``ddgraph validate`` uses it. ``progress(done,
    total)`` is called after each file.
    """
    files = graph_files(Path(root))
    suffixes = {path.suffix for path in files}
    if suffixes in ({bulk.SUFFIX}, {bulk.PARQUET}):  # every data file in one bulk format
        if suffixes == {bulk.SUFFIX}:
            fast_check = bulk.fast_check
        else:
            from .columnar import fast_check
        counts = fast_check(Path(root), files)  # accepts only a dataset with no problem at all
        if counts is not None:
            return CheckResult(Path(root), counts, [_display(path) for path in files])
    checker = _read_all(Path(root), None, progress)
    return CheckResult(Path(root), checker.counts, checker.files)


__all__ = [
    "CheckResult",
    "Dataset",
    "DatasetError",
    "Problem",
    "check_dataset",
    "files_digest",
    "graph_files",
    "load_dataset",
    "load_dataset_digest",
    "normalize_text",
]
