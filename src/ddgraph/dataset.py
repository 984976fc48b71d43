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

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from .yamlfile import LineDict, LineList, YamlProblem, line_at, read_yaml  # noqa: F401

DEFAULT_DIR = Path("graph")
SEEDS_DIR = "seeds"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the dataset, printable as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # line 0: the problem is about the whole path (a missing directory), not a line in it
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


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


def _describe(err: dict[str, Any]) -> str:
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
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        msg = f"unknown value {err.get('input')!r}; expected {expected}"
    return f"{where}: {msg}" if where else msg


def _parse_file(path: Path, shown: str, ds: Dataset, problems: list[Problem]) -> None:
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
            Problem(shown, 1, f"expected a mapping of kinds ({', '.join(m.KINDS)}), got {type(data).__name__}")
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
        problems.append(Problem(shown, line, f"{kind}: each record must be a mapping, got {type(item).__name__}"))
        return
    rid = item.get("id")
    label = f"{kind[:-1] if kind != 'countries' else 'country'} {rid}" if isinstance(rid, str) else kind
    try:
        record = model.model_validate(dict(item))
    except ValidationError as e:
        for err in e.errors(include_url=False):
            problems.append(Problem(shown, line_at(item, tuple(err["loc"]), line), f"{label}: {_describe(err)}"))
        return
    except (RecursionError, MemoryError):
        problems.append(Problem(shown, line, f"{label}: record is too deeply nested or too large"))
        return
    rid = record.id  # type: ignore[attr-defined]
    if rid in ds.origin:
        first = ds.origin[rid]
        problems.append(Problem(shown, line, f"duplicate id {rid!r} (first defined at {first[0]}:{first[1]})"))
        return
    ds.kinds[kind][rid] = record
    ds.origin[rid] = (shown, line)


# ------------------------------------------------------------------------------ phase 2: cross-check
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """What a quote must match in its seed: NFC text with runs of whitespace folded to one space."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _cited_items(record: Any) -> Iterator[tuple[str, m.Cited]]:
    """The record itself and every cited relationship inside it, with a label for messages."""
    yield "", record
    for attr in ("offices", "participants", "status", "attendees", "caused_by", "refused_by", "sanctions"):
        for index, item in enumerate(getattr(record, attr, ()) or ()):
            yield f"{attr}[{index}]", item


class _Checker:
    def __init__(self, ds: Dataset, problems: list[Problem]) -> None:
        self.ds = ds
        self.problems = problems
        self.seed_texts: dict[str, str | None] = {}

    def add(self, rid: str, message: str) -> None:
        path, line = self.ds.origin[rid]
        self.problems.append(Problem(path, line, message))

    def ref(self, rid: str, where: str, target: str | None, kinds: tuple[str, ...]) -> None:
        if target is None:
            return
        kind = self.ds.kind_of(target)
        if kind is None:
            self.add(rid, f"{where}: unknown reference {target!r}")
        elif kind not in kinds:
            wanted = " or ".join(k[:-1] if k != "countries" else "country" for k in kinds)
            self.add(rid, f"{where}: {target!r} is a {kind[:-1] if kind != 'countries' else 'country'}, "
                          f"expected a {wanted}")

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
        for where, item in _cited_items(record):
            label = f"{kind[:-1] if kind != 'countries' else 'country'} {rid}" + (f" {where}" if where else "")
            for sid in item.sources:
                src = self.ds.sources.get(sid)
                if src is None:
                    self.add(rid, f"{label}: unknown source {sid!r}")
                elif src.seed and not any(ev.source == sid for ev in item.evidence):
                    self.add(rid, f"{label}: cites seed source {sid!r} without evidence (quote the sentence)")
            for ev in item.evidence:
                src = self.ds.sources.get(ev.source)
                if ev.source not in item.sources:
                    self.add(rid, f"{label}: evidence from {ev.source!r}, which is not in its sources")
                elif src is not None and src.seed:
                    text = self.seed_text(src)
                    if text is None:
                        self.add(rid, f"{label}: seed file {src.seed!r} of source {src.id!r} cannot be read")
                    elif normalize_text(ev.quote) not in text:
                        self.add(rid, f"{label}: quote not found verbatim in seed {src.seed}: "
                                      f"{ev.quote[:60]!r}")

    def run(self) -> None:
        ds = self.ds
        for sid, src in ds.sources.items():
            if src.seed and not (ds.root / SEEDS_DIR / src.seed).is_file():
                self.add(sid, f"source {sid}: seed file not found: {SEEDS_DIR}/{src.seed}")
        for kind, records in ds.kinds.items():
            if kind == "sources":
                continue
            for rid, record in records.items():
                self.citations(rid, kind, record)
        for rid, place in ds.places.items():
            self.ref(rid, f"place {rid}: country", place.country, ("countries",))
        for rid, org in ds.organizations.items():
            self.ref(rid, f"organization {rid}: part_of", org.part_of, ("countries", "organizations"))
        self._part_of_cycles()
        for rid, person in ds.persons.items():
            self.ref(rid, f"person {rid}: nationality", person.nationality, ("countries",))
            for i, office in enumerate(person.offices):
                self.ref(rid, f"person {rid} offices[{i}]: org", office.org, ("organizations",))
                self._order(rid, f"person {rid} offices[{i}]", office.start, office.end)
        for rid, mech in ds.mechanisms.items():
            for i, part in enumerate(mech.participants):
                self.ref(rid, f"mechanism {rid} participants[{i}]: party", part.party,
                         ("countries", "organizations"))
                self._order(rid, f"mechanism {rid} participants[{i}]", part.start, part.end)
            self._status_history(rid, mech)
        for rid, ev in ds.events.items():
            label = f"event {rid}"
            self.ref(rid, f"{label}: mechanism", ev.mechanism, ("mechanisms",))
            self.ref(rid, f"{label}: place", ev.place, ("places",))
            for i, att in enumerate(ev.attendees):
                self.ref(rid, f"{label} attendees[{i}]: party", att.party,
                         ("persons", "countries", "organizations"))
            for i, cause in enumerate(ev.caused_by):
                self.ref(rid, f"{label} caused_by[{i}]", cause.ref, ("events",))
                if cause.ref == rid:
                    self.add(rid, f"{label} caused_by[{i}]: an event cannot cause itself")
            for i, ref in enumerate(ev.refused_by):
                self.ref(rid, f"{label} refused_by[{i}]", ref.ref, ("persons", "countries", "organizations"))
            for i, sanction in enumerate(ev.sanctions):
                self.ref(rid, f"{label} sanctions[{i}]: by", sanction.by, ("countries", "organizations"))
                self.ref(rid, f"{label} sanctions[{i}]: target", sanction.target,
                         ("persons", "organizations", "countries"))

    def _order(self, rid: str, label: str, start: m.DateValue | None, end: m.DateValue | None) -> None:
        if start is not None and end is not None and end.latest is not None and end.latest < start.earliest:
            self.add(rid, f"{label}: ends ({end.edtf}) before it starts ({start.edtf})")

    def _status_history(self, rid: str, mech: m.Mechanism) -> None:
        previous: m.StatusEntry | None = None
        for i, entry in enumerate(mech.status):
            label = f"mechanism {rid} status[{i}]"
            self.ref(rid, f"{label}: event", entry.event, ("events",))
            if previous is None:
                if entry.status is m.Status.RESUMED:
                    self.add(rid, f"{label}: a history cannot start with 'resumed'")
            else:
                prev_date, date = previous.date, entry.date
                if date.earliest < prev_date.earliest:
                    self.add(rid, f"{label}: status history out of order: {entry.status} on {date.edtf} "
                                  f"comes after {previous.status} on {prev_date.edtf}")
                elif prev_date.latest is not None and date.earliest < prev_date.latest:
                    self.add(rid, f"{label}: status history overlaps: {entry.status} on {date.edtf} cannot be "
                                  f"ordered after {previous.status} on {prev_date.edtf}; give precise dates")
                if entry.status is previous.status:
                    self.add(rid, f"{label}: status {entry.status} repeats the previous entry")
                if entry.status is m.Status.RESUMED and previous.status not in (
                    m.Status.SUSPENDED, m.Status.DORMANT
                ):
                    self.add(rid, f"{label}: 'resumed' must follow 'suspended' or 'dormant', "
                                  f"not {previous.status}")
                if previous.status is m.Status.TERMINATED:
                    self.add(rid, f"{label}: nothing can follow 'terminated'")
            previous = entry

    def _part_of_cycles(self) -> None:
        orgs = self.ds.organizations
        for rid in orgs:
            seen = {rid}
            parent = orgs[rid].part_of
            while parent in orgs:
                if parent in seen:
                    self.add(rid, f"organization {rid}: part_of forms a cycle through {parent!r}")
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
    for path in files:
        shown = _display(path)
        ds.files.append(shown)
        _parse_file(path, shown, ds, problems)
    _Checker(ds, problems).run()
    if problems:
        raise DatasetError(problems)
    return ds


__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset", "normalize_text", "graph_files"]

