"""Loading ``graph/``: parse every file, then cross-check the records, collecting every problem.

Phase 1 reads each ``*.yaml`` file under the directory (``seeds/`` holds the seed texts, not data)
and validates each record against :mod:`ddgraph.model`. Phase 2 checks what no single record can:
unique ids, references that resolve to the right kind, date order, status histories, and that every
citation of a seed quotes it verbatim. Problems are reported as ``path:line: message``.

Example:
    >>> ds = load_dataset("graph")            # doctest: +SKIP
    >>> ds.get("usa").name.en                  # doctest: +SKIP
    'United States'
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model as m
from .yamlfile import LineDict, LineList, YamlProblem, line_at, read_records, read_yaml  # noqa: F401

DEFAULT_DIR = Path("graph")
SEEDS_DIR = "seeds"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the dataset, printable as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one line per problem, whatever the input held
        # line 0: the problem is about the whole path (a missing directory), not a line in it
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"


class DatasetError(Exception):
    """The dataset has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


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

    def kind_of(self, record_id: str) -> str | None:
        for kind, records in self.kinds.items():
            if record_id in records:
                return kind
        return None

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
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
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


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__} value"


#: One validator per kind over a whole list: no per-record Python round trip on the clean path.
_LIST_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    kind: TypeAdapter(list[model])  # type: ignore[valid-type]
    for kind, model in m.KINDS.items()
}


def _parse_clean_file(path: Path, shown: str, ds: Dataset, problems: list[Problem]) -> bool:
    """Parse and validate a file with no problem of its own; False (and no change) at the first doubt.

    The fast path of :func:`_parse_file`: plain YAML without line tracking, one validation call per
    kind. Any parse or validation problem makes it give up before touching ``ds``, and the caller
    re-reads the file record by record, so every message and line is the reference path's.
    """
    doc = read_records(path)
    if doc is None:
        return False
    validated = []
    for kind, items, lines in doc:
        if kind not in m.KINDS:
            return False
        try:
            validated.append((kind, _LIST_ADAPTERS[kind].validate_python(items), lines))
        except (ValidationError, RecursionError, MemoryError):
            return False
    for kind, records, lines in validated:
        by_id = ds.kinds[kind]
        for record, line in zip(records, lines, strict=True):
            rid = record.id
            if rid in ds.origin:
                first = ds.origin[rid]
                problems.append(
                    Problem(shown, line, f"duplicate id {rid!r} (first defined at {first[0]}:{first[1]})")
                )
                continue
            by_id[rid] = record
            ds.origin[rid] = (shown, line)
    return True


def _parse_file(path: Path, shown: str, ds: Dataset, problems: list[Problem]) -> None:
    if _parse_clean_file(path, shown, ds, problems):
        return
    try:
        data = read_yaml(path)
    except YamlProblem as e:
        problems.append(Problem(shown, e.line, e.message))
        return
    if data is None:
        problems.append(Problem(shown, 1, "file is empty; expected a mapping such as 'events: [...]'"))
        return
    if not isinstance(data, LineDict):
        problems.append(
            Problem(shown, 1, f"expected a mapping of kinds ({', '.join(m.KINDS)}), got {_type_name(data)}")
        )
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
            _parse_record(model, kind, item, line, shown, ds, problems)


def _parse_record(
    model: type[BaseModel], kind: str, item: Any, line: int, shown: str, ds: Dataset, problems: list[Problem]
) -> None:
    if not isinstance(item, LineDict):
        problems.append(
            Problem(shown, line, f"{kind}: each record must be a mapping, got {_type_name(item)}")
        )
        return
    rid = item.get("id")
    label = f"{_singular(kind)} {rid}" if isinstance(rid, str) else _singular(kind)
    try:
        record = model.model_validate(dict(item))
    except ValidationError as e:
        for err in e.errors(include_url=False):
            problems.append(
                Problem(shown, line_at(item, tuple(err["loc"]), line), f"{label}: {_describe(err)}")
            )
        return
    except (RecursionError, MemoryError):
        problems.append(Problem(shown, line, f"{label}: record is too deeply nested or too large"))
        return
    rid = record.id  # type: ignore[attr-defined]
    if rid in ds.origin:
        first = ds.origin[rid]
        problems.append(
            Problem(shown, line, f"duplicate id {rid!r} (first defined at {first[0]}:{first[1]})")
        )
        return
    ds.kinds[kind][rid] = record
    ds.origin[rid] = (shown, line)


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


class _Checker:
    def __init__(self, ds: Dataset, problems: list[Problem]) -> None:
        self.ds = ds
        self.problems = problems
        self.seed_texts: dict[str, str | None] = {}
        self._raw: dict[str, Any] = {}
        self._shown_root = Path(_display(ds.root))

    def add(self, rid: str, message: str, loc: tuple[Any, ...] = ()) -> None:
        path, line = self.ds.origin[rid]
        if loc:
            line = self._line(rid, path, line, loc)
        self.problems.append(Problem(path, line, message))

    def _line(self, rid: str, path: str, line: int, loc: tuple[Any, ...]) -> int:
        # Lines of nested fields are only needed when something is wrong: re-read that one file then.
        if path not in self._raw:
            try:
                self._raw[path] = read_yaml(self.ds.root / Path(path).relative_to(self._shown_root))
            except (YamlProblem, ValueError):
                self._raw[path] = None
        data = self._raw[path]
        if isinstance(data, LineDict):
            for items in data.values():
                for item in items if isinstance(items, LineList) else ():
                    if isinstance(item, LineDict) and item.get("id") == rid:
                        return line_at(item, loc, line)
        return line

    def ref(
        self, rid: str, where: str, target: str | None, kinds: tuple[str, ...], loc: tuple[Any, ...] = ()
    ) -> None:
        if target is None:
            return
        kind = self.ds.kind_of(target)
        if kind is None:
            self.add(rid, f"{where}: unknown reference {target!r}", loc)
        elif kind not in kinds:
            wanted = " or ".join(_singular(k) for k in kinds)
            self.add(rid, f"{where}: {target!r} is a {_singular(kind)}, expected: {wanted}", loc)

    def seed_text(self, source: m.Source) -> str | None:
        assert source.seed is not None
        if source.seed not in self.seed_texts:
            path = self.ds.root / SEEDS_DIR / source.seed
            try:
                self.seed_texts[source.seed] = normalize_text(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.seed_texts[source.seed] = None
        return self.seed_texts[source.seed]

    def citations(self, rid: str, kind: str, record: Any) -> None:
        for where, loc, item in _cited_items(record):
            label = f"{_singular(kind)} {rid}" + (f" {where}" if where else "")
            for i, sid in enumerate(item.sources):
                src = self.ds.sources.get(sid)
                if src is None:
                    self.add(rid, f"{label}: unknown source {sid!r}", (*loc, "sources", i))
                elif src.seed and not any(ev.source == sid for ev in item.evidence):
                    self.add(
                        rid,
                        f"{label}: cites seed source {sid!r} without evidence (quote the sentence)",
                        (*loc, "sources"),
                    )
            for i, ev in enumerate(item.evidence):
                src = self.ds.sources.get(ev.source)
                if ev.source not in item.sources:
                    self.add(
                        rid,
                        f"{label}: evidence from {ev.source!r}, which is not in its sources",
                        (*loc, "evidence", i),
                    )
                elif src is not None and src.seed:
                    text = self.seed_text(src)
                    if text is None:
                        continue  # reported once, on the source
                    if normalize_text(ev.quote) not in text:
                        self.add(
                            rid,
                            f"{label}: quote not found verbatim in seed {src.seed}: {ev.quote[:60]!r}",
                            (*loc, "evidence", i),
                        )

    def run(self) -> None:
        ds = self.ds
        for sid, src in ds.sources.items():
            if src.seed and self.seed_text(src) is None:
                self.add(sid, f"source {sid}: seed file not found or not UTF-8 text: {SEEDS_DIR}/{src.seed}")
        for kind, records in ds.kinds.items():
            if kind == "sources":
                continue
            for rid, record in records.items():
                self.citations(rid, kind, record)
        for rid, place in ds.places.items():
            self.ref(rid, f"place {rid}: country", place.country, ("countries",), ("country",))
        for rid, org in ds.organizations.items():
            self.ref(
                rid, f"organization {rid}: part_of", org.part_of, ("countries", "organizations"), ("part_of",)
            )
        self._part_of_cycles()
        for rid, person in ds.persons.items():
            self.ref(rid, f"person {rid}: nationality", person.nationality, ("countries",), ("nationality",))
            for i, office in enumerate(person.offices):
                self.ref(
                    rid,
                    f"person {rid} offices[{i}]: org",
                    office.org,
                    ("organizations",),
                    ("offices", i, "org"),
                )
                self._order(rid, f"person {rid} offices[{i}]", office.start, office.end, ("offices", i, "to"))
        for rid, mech in ds.mechanisms.items():
            for i, part in enumerate(mech.participants):
                self.ref(
                    rid,
                    f"mechanism {rid} participants[{i}]: party",
                    part.party,
                    ("countries", "organizations"),
                    ("participants", i, "party"),
                )
                self._order(
                    rid, f"mechanism {rid} participants[{i}]", part.start, part.end, ("participants", i, "to")
                )
            self._status_history(rid, mech)
        for rid, ev in ds.events.items():
            label = f"event {rid}"
            self.ref(rid, f"{label}: mechanism", ev.mechanism, ("mechanisms",), ("mechanism",))
            self.ref(rid, f"{label}: place", ev.place, ("places",), ("place",))
            for i, att in enumerate(ev.attendees):
                self.ref(
                    rid,
                    f"{label} attendees[{i}]: party",
                    att.party,
                    ("persons", "countries", "organizations"),
                    ("attendees", i, "party"),
                )
            for i, cause in enumerate(ev.caused_by):
                self.ref(rid, f"{label} caused_by[{i}]", cause.ref, ("events",), ("caused_by", i, "ref"))
                if cause.ref == rid:
                    self.add(
                        rid, f"{label} caused_by[{i}]: an event cannot cause itself", ("caused_by", i, "ref")
                    )
            for i, ref in enumerate(ev.refused_by):
                self.ref(
                    rid,
                    f"{label} refused_by[{i}]",
                    ref.ref,
                    ("persons", "countries", "organizations"),
                    ("refused_by", i, "ref"),
                )
            for i, sanction in enumerate(ev.sanctions):
                self.ref(
                    rid,
                    f"{label} sanctions[{i}]: by",
                    sanction.by,
                    ("countries", "organizations"),
                    ("sanctions", i, "by"),
                )
                self.ref(
                    rid,
                    f"{label} sanctions[{i}]: target",
                    sanction.target,
                    ("persons", "organizations", "countries"),
                    ("sanctions", i, "target"),
                )

    def _order(
        self, rid: str, label: str, start: m.DateValue | None, end: m.DateValue | None, loc: tuple[Any, ...]
    ) -> None:
        if start is not None and end is not None and end.latest is not None and end.latest < start.earliest:
            self.add(rid, f"{label}: ends ({end.edtf}) before it starts ({start.edtf})", loc)

    def _status_history(self, rid: str, mech: m.Mechanism) -> None:
        previous: m.StatusEntry | None = None
        for i, entry in enumerate(mech.status):
            label = f"mechanism {rid} status[{i}]"
            self.ref(rid, f"{label}: event", entry.event, ("events",), ("status", i, "event"))
            if previous is None:
                if entry.status is m.Status.RESUMED:
                    self.add(rid, f"{label}: a history cannot start with 'resumed'", ("status", i, "status"))
            else:
                prev_date, date = previous.date, entry.date
                if date.earliest < prev_date.earliest:
                    self.add(
                        rid,
                        f"{label}: status history out of order: {entry.status} on {date.edtf} "
                        f"comes after {previous.status} on {prev_date.edtf}",
                        ("status", i, "date"),
                    )
                elif prev_date.latest is not None and date.earliest < prev_date.latest:
                    self.add(
                        rid,
                        f"{label}: status history overlaps: {entry.status} on {date.edtf} cannot be "
                        f"ordered after {previous.status} on {prev_date.edtf}; give precise dates",
                        ("status", i, "date"),
                    )
                if entry.status is previous.status:
                    self.add(
                        rid,
                        f"{label}: status {entry.status} repeats the previous entry",
                        ("status", i, "status"),
                    )
                if entry.status is m.Status.RESUMED:
                    # an agreement (or proposal) to resume may come between the suspension and the resumption
                    before = next(
                        (
                            e.status
                            for e in reversed(mech.status[:i])
                            if e.status not in (m.Status.PROPOSED, m.Status.AGREED)
                        ),
                        None,
                    )
                    if before not in (m.Status.SUSPENDED, m.Status.DORMANT):
                        self.add(
                            rid,
                            f"{label}: 'resumed' must follow 'suspended' or 'dormant' "
                            f"(possibly via 'proposed'/'agreed'), not {previous.status}",
                            ("status", i, "status"),
                        )
                if previous.status is m.Status.TERMINATED:
                    self.add(rid, f"{label}: nothing can follow 'terminated'", ("status", i, "status"))
            previous = entry

    def _part_of_cycles(self) -> None:
        orgs = self.ds.organizations
        for rid in orgs:
            seen = {rid}
            parent = orgs[rid].part_of
            while parent in orgs:
                if parent in seen:
                    self.add(
                        rid, f"organization {rid}: part_of forms a cycle through {parent!r}", ("part_of",)
                    )
                    break
                seen.add(parent)
                parent = orgs[parent].part_of


# ------------------------------------------------------------------------------------------ entry
def graph_files(root: Path) -> list[Path]:
    """The data files under ``root`` in a stable order (seed texts and hidden folders excluded)."""
    files = [
        p
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and SEEDS_DIR not in p.relative_to(root).parts[:-1]
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files)


@contextmanager
def _gc_paused() -> Iterator[None]:
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


def load_dataset(root: str | Path = DEFAULT_DIR) -> Dataset:
    """Parse and cross-check every file under ``root``; raise :class:`DatasetError` listing all problems."""
    root = Path(root)
    if not root.is_dir():
        raise DatasetError([Problem(_display(root), 0, "not a directory")])
    ds = Dataset(root=root)
    problems: list[Problem] = []
    files = graph_files(root)
    if not files:
        raise DatasetError([Problem(_display(root), 0, "no *.yaml files found")])
    with _gc_paused():
        for path in files:
            shown = _display(path)
            ds.files.append(shown)
            _parse_file(path, shown, ds, problems)
        _Checker(ds, problems).run()
    if problems:
        raise DatasetError(problems)
    return ds


__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset", "normalize_text", "graph_files"]
