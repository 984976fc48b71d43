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
  typed decoding with msgspec (mirrors of the big kinds' models, the slug pattern on ids only: a
  reference that resolves to an id is a slug), the few small kinds through pydantic, and the
  cross-record checks as set operations over distinct values (distinct dates, distinct citations,
  distinct status histories). It only ever *accepts*: at the first doubt it returns None and the
  reference path runs, so a dataset with problems gets exactly the reference messages.

Why one module of ~600 lines: the fast path is correct only relative to the reference path (it may
accept only what the reference accepts), so the two readers, the msgspec mirrors of the models and the
converter are kept side by side, where a change to one is seen beside the others.

Example::

    convert_yaml_dir("graph", "/tmp/bulk")     # the same records, as JSON Lines
    check_dataset("/tmp/bulk").counts == check_dataset("graph").counts
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec
import orjson
from pydantic import TypeAdapter, ValidationError

from . import model as m
from .errors import BulkError, Problem

SUFFIX = ".jsonl"

#: The kinds read with pydantic on the fast path too (few records: sources, countries, places,
#: organizations); the others have msgspec mirrors below.
SMALL_KINDS = ("sources", "countries", "places", "organizations")


def kind_of_file(path: Path) -> str:
    """The kind a bulk file holds, from its name: ``events-003.jsonl`` holds events."""
    return path.name.removesuffix(SUFFIX).split("-", 1)[0]


# ------------------------------------------------------------------------------ the reference path
def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__} value"


def read_lines(path: Path, shown: str, problems: list[Problem]) -> Iterator[tuple[str, Any, int]]:
    """The records of one bulk file as ``(kind, decoded JSON value, line)``; file problems to ``problems``.

    A blank line is skipped; a line that is not JSON is a problem at its line.
    """
    kind = kind_of_file(path)
    if kind not in m.KINDS:
        problems.append(
            Problem(
                shown,
                1,
                f"unknown kind {kind!r} in the file name; name a bulk file after its kind "
                f"(e.g. events.jsonl or events-000.jsonl): one of {', '.join(m.KINDS)}",
            )
        )
        return
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.append(Problem(shown, 1, f"cannot read file: {e.strerror}"))
        return
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as e:
            problems.append(Problem(shown, number, f"not a JSON record: {e.msg}"))
            continue
        yield kind, value, number


def clean_records(path: Path) -> list[tuple[str, list[Any], list[int]]] | None:
    """A bulk file with no problem of its own, validated by the model in one call; None at the first doubt.

    The JSONL counterpart of ``dataset._parse_clean_file``: the caller then reads the file line by line.
    """
    problems: list[Problem] = []
    items, lines = [], []
    kind = kind_of_file(path)
    for _kind, value, line in read_lines(path, "", problems):
        items.append(value)
        lines.append(line)
    if problems or kind not in m.KINDS:
        return None
    try:
        return [(kind, _LIST_ADAPTERS[kind].validate_python(items), lines)]
    except (ValidationError, RecursionError, MemoryError):
        return None


_LIST_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
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
    b'"': (b'" ', b' "'),
    b"\x7f": (b"\x7f",),
    b"\\": (b"\\u00", b"\\b", b"\\f", b'"\\u'),
    b"\xc2": tuple(b"\xc2" + bytes([c]) for c in range(0x80, 0xA0)),
}
_ESCAPE_BEFORE_QUOTE = re.compile(rb'\\u[0-9a-fA-F]{4}"')


def _doubtful(raw: bytes) -> bool:
    """Whether the raw bytes of a bulk file may hold a text the model would refuse or change.

    Finding a sequence proves nothing (``He said \\"yes\\" today`` holds ``" `` too): the file then goes
    to the reference path. Finding none proves that every string is as the model keeps it. A sequence
    is looked for only when a rarer sequence it contains is there, so plain ASCII costs a few scans.
    """
    for key, sequences in _RARE.items():
        if key in raw and any(seq in raw for seq in sequences):
            return True
    for key, spaces in _SPACES.items():
        if key in raw and any(b'"' + sp in raw or sp + b'"' in raw for sp in spaces):
            return True
    return b"\\u" in raw and _ESCAPE_BEFORE_QUOTE.search(raw) is not None


_ID = Annotated[
    str, msgspec.Meta(pattern=r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z", max_length=80)
]  # m.SLUG_RE, anchored
_LANG = Annotated[str, msgspec.Meta(pattern=r"\A[a-z]{2,3}(?:-[A-Za-z]{2,4})?\Z")]
_DATE = str | int  # decided by the model's own conversion, once per distinct value


class _S(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


class Evidence(_S, frozen=True):
    source: str
    quote: Annotated[
        str, msgspec.Meta(min_length=1, max_length=m.MAX_TEXT)
    ]  # checked once per distinct quote
    lang: _LANG | None = None


class Names(_S, frozen=True):
    en: _TEXT | None = None
    vi: _TEXT | None = None
    zh: _TEXT | None = None
    ja: _TEXT | None = None
    ko: _TEXT | None = None


_SOURCES = Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]


class OfficeHolding(_S, frozen=True):
    org: str
    title: _TEXT
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    start: _DATE | None = msgspec.field(default=None, name="from")
    end: _DATE | None = msgspec.field(default=None, name="to")


class Person(_S, frozen=True):
    id: _ID
    name: Names
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    aliases: dict[_LANG, list[_TEXT]] = {}
    nationality: str | None = None
    offices: tuple[OfficeHolding, ...] = ()
    description: _TEXT | None = None


class Participation(_S, frozen=True):
    party: str
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    role: m.ParticipantRole = m.ParticipantRole.MEMBER
    start: _DATE | None = msgspec.field(default=None, name="from")
    end: _DATE | None = msgspec.field(default=None, name="to")


class StatusEntry(_S, frozen=True):
    status: m.Status
    date: _DATE
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    event: str | None = None
    lower_bound: bool = False


class Mechanism(_S, frozen=True):
    id: _ID
    name: Names
    kind: m.MechanismKind
    track: m.Track
    level: m.Level
    sources: _SOURCES
    participants: Annotated[tuple[Participation, ...], msgspec.Meta(min_length=1)]
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    aliases: dict[_LANG, list[_TEXT]] = {}
    topics: tuple[_TEXT, ...] = ()
    status: tuple[StatusEntry, ...] = ()
    description: _TEXT | None = None


class Attendance(_S, frozen=True):
    party: str
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    role: m.AttendanceRole = m.AttendanceRole.PARTICIPANT


class Link(_S, frozen=True):
    ref: str
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None


class Sanction(_S, frozen=True):
    by: str
    target: str
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None


class Event(_S, frozen=True):
    id: _ID
    name: Names
    kind: m.EventKind
    date: _DATE
    sources: _SOURCES
    evidence: tuple[Evidence, ...] = ()
    note: _TEXT | None = None
    mechanism: str | None = None
    place: str | None = None
    outcome: m.Outcome | None = None
    session_number: Annotated[int, msgspec.Meta(ge=1, le=10000)] | None = None
    description: _TEXT | None = None
    attendees: tuple[Attendance, ...] = ()
    caused_by: tuple[Link, ...] = ()
    refused_by: tuple[Link, ...] = ()
    sanctions: tuple[Sanction, ...] = ()


#: The msgspec mirror of each big kind's model (tests hold each mirror's fields to the model's).
MIRRORS: dict[str, type[msgspec.Struct]] = {"persons": Person, "mechanisms": Mechanism, "events": Event}
_DECODERS = {kind: msgspec.json.Decoder(struct) for kind, struct in MIRRORS.items()}


def _kinds(model: type[Any], field: str) -> tuple[str, ...]:
    ref = m.ref_of(model, field)
    assert ref is not None, f"{model.__name__}.{field} declares no reference"
    return ref.kinds


class _Doubt(Exception):
    """Something the fast path does not decide: the reference path runs."""


class _Fast:
    """Columns of a bulk dataset: ids by kind, references by target kinds, distinct cited items."""

    def __init__(self) -> None:
        self.ids: dict[str, list[str]] = {kind: [] for kind in m.KINDS}
        self.refs: dict[tuple[str, ...], set[str]] = {}
        self.cited: set[tuple[tuple[str, ...], tuple[Any, ...]]] = set()
        self.dates: set[Any] = set()
        self.spans: set[tuple[Any, Any]] = set()  # (from, to) of offices and participations
        self.histories: set[tuple[tuple[Any, Any, bool], ...]] = set()
        self.sources: dict[str, m.Source] = {}
        self.parents: dict[str, str | None] = {}

    def ref(self, kinds: tuple[str, ...], targets: Any) -> None:
        self.refs.setdefault(kinds, set()).update(targets)

    # -------------------------------------------------------------------------------- small kinds
    def small(self, kind: str, records: list[Any]) -> None:
        from .dataset import _cited_items

        for record in records:
            self.ids[kind].append(record.id)
            if kind == "sources":
                self.sources[record.id] = record
                continue
            for _where, _loc, item in _cited_items(record):
                self.cited.add(
                    (tuple(item.sources), tuple((e.source, e.quote, e.lang) for e in item.evidence))
                )
            for _loc, target, declared in m.references(record):
                self.ref(declared.kinds, (target,))
            if kind == "organizations":
                self.parents[record.id] = record.part_of

    # ---------------------------------------------------------------------------------- big kinds
    def persons(self, records: list[Person]) -> None:
        cited, spans, dates = self.cited, self.spans, self.dates
        nationality, org = set(), set()
        for p in records:
            self._names(p.name)
            cited.add((p.sources, p.evidence))
            nationality.add(p.nationality)
            for o in p.offices:
                org.add(o.org)
                cited.add((o.sources, o.evidence))
                spans.add((o.start, o.end))
        nationality.discard(None)
        self.ids["persons"].extend(p.id for p in records)
        self.ref(_kinds(m.Person, "nationality"), nationality)
        self.ref(_kinds(m.OfficeHolding, "org"), org)
        for start, end in spans:
            dates.add(start)
            dates.add(end)

    def mechanisms(self, records: list[Mechanism]) -> None:
        cited, spans, histories = self.cited, self.spans, self.histories
        party, event = set(), set()
        for x in records:
            self._names(x.name)
            cited.add((x.sources, x.evidence))
            for p in x.participants:
                party.add(p.party)
                cited.add((p.sources, p.evidence))
                spans.add((p.start, p.end))
            history = []
            for s in x.status:
                cited.add((s.sources, s.evidence))
                event.add(s.event)
                history.append((s.status, s.date, s.lower_bound))
            histories.add(tuple(history))
        event.discard(None)
        self.ids["mechanisms"].extend(x.id for x in records)
        self.ref(_kinds(m.Participation, "party"), party)
        self.ref(_kinds(m.StatusEntry, "event"), event)

    def events(self, records: list[Event]) -> None:
        cited, dates = self.cited, self.dates
        mechanism, place, party, causes, refusers, by, target = (
            set(),
            set(),
            set(),
            set(),
            set(),
            set(),
            set(),
        )
        refusal_ok = (m.Outcome.DECLINED, m.Outcome.UNANSWERED, m.Outcome.CANCELLED)
        for e in records:
            self._names(e.name)
            cited.add((e.sources, e.evidence))
            dates.add(e.date)
            mechanism.add(e.mechanism)
            place.add(e.place)
            for a in e.attendees:
                party.add(a.party)
                cited.add((a.sources, a.evidence))
            if e.caused_by or e.refused_by or e.sanctions:
                for link in e.caused_by:
                    if link.ref == e.id:
                        raise _Doubt
                    causes.add(link.ref)
                    cited.add((link.sources, link.evidence))
                for link in e.refused_by:
                    refusers.add(link.ref)
                    cited.add((link.sources, link.evidence))
                if e.refused_by and e.outcome not in refusal_ok:
                    raise _Doubt
                if e.sanctions and e.kind is not m.EventKind.SANCTION:
                    raise _Doubt
                for s in e.sanctions:
                    by.add(s.by)
                    target.add(s.target)
                    cited.add((s.sources, s.evidence))
        mechanism.discard(None)
        place.discard(None)
        self.ids["events"].extend(e.id for e in records)
        self.ref(_kinds(m.Event, "mechanism"), mechanism)
        self.ref(_kinds(m.Event, "place"), place)
        self.ref(_kinds(m.Attendance, "party"), party)
        self.ref(_kinds(m.Event, "caused_by"), causes)
        self.ref(_kinds(m.Event, "refused_by"), refusers)
        self.ref(_kinds(m.Sanction, "by"), by)
        self.ref(_kinds(m.Sanction, "target"), target)

    @staticmethod
    def _names(n: Names) -> None:
        if n.en is None and n.vi is None and n.zh is None and n.ja is None and n.ko is None:
            raise _Doubt  # the model wants a name in at least one language

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
        for kinds, targets in self.refs.items():
            allowed = set().union(*(by_kind[k] for k in kinds))
            if not targets <= allowed:
                raise _Doubt
        dates: dict[Any, m.DateValue | None] = {None: None}
        for value in self.dates | {d for h in self.histories for _s, d, _b in h}:
            if value is not None:
                try:
                    dates[value] = m._to_date(value)  # the model's own conversion of a date field
                except ValueError:
                    raise _Doubt from None
        for start, end in self.spans:
            a, b = dates[start], dates[end]
            if a is not None and b is not None and b.latest is not None and b.latest < a.earliest:
                raise _Doubt
        for history in self.histories:
            entries = [_Entry(status, dates[date], lower) for status, date, lower in history]  # type: ignore[arg-type]
            if status_history_problems("", entries):  # type: ignore[arg-type]
                raise _Doubt
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
        for sources, evidence in self.cited:
            if len(set(sources)) != len(sources):
                raise _Doubt
            quoted = set()
            for ev in evidence:
                ev_source, quote = (ev.source, ev.quote) if isinstance(ev, Evidence) else ev[:2]
                if ev_source not in sources:
                    raise _Doubt
                quoted.add(ev_source)
                seed = self.sources[ev_source].seed if ev_source in self.sources else None
                if seed and normalize_text(quote) not in (seed_texts[seed] or ""):
                    raise _Doubt
            for sid in sources:
                known = self.sources.get(sid)
                if known is None or (known.seed and sid not in quoted):
                    raise _Doubt
        return {kind: len(ids) for kind, ids in self.ids.items()}


@dataclass(frozen=True)
class _Entry:
    """What :func:`~ddgraph.dataset.status_history_problems` reads of a status entry."""

    status: m.Status
    date: m.DateValue
    lower_bound: bool


def fast_check(root: Path, files: list[Path]) -> dict[str, int] | None:
    """Record counts by kind when every bulk file of ``files`` is valid, or None when in any doubt.

    Accepts only what the reference path accepts; never reports a problem itself.
    """
    fast = _Fast()
    try:
        for path in files:
            kind = kind_of_file(path)
            if path.suffix != SUFFIX or kind not in m.KINDS:
                return None
            raw = path.read_bytes()
            if kind in MIRRORS:
                if _doubtful(raw):
                    return None
                try:
                    records = _DECODERS[kind].decode_lines(raw)
                except (msgspec.ValidationError, msgspec.DecodeError):
                    return None
                getattr(fast, kind)(records)
            else:
                clean = clean_records(path)
                if clean is None:
                    return None
                fast.small(kind, clean[0][1])
        return fast.decide(root)
    except (_Doubt, OSError, RecursionError, MemoryError):
        return None


__all__ = ["SUFFIX", "BulkError", "Converted", "convert_yaml_dir", "fast_check", "kind_of_file"]
