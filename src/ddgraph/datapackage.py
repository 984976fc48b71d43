"""The dataset as a Frictionless data package: plain CSV tables with human headers and a data dictionary.

One table per kind of record (sources, countries, places, organizations, persons, mechanisms, events)
and one per relationship a record holds (offices, participations, status changes, attendances, causes,
refusals, sanctions), each described in ``datapackage.json`` (Frictionless Data Package v1: field
types, descriptions, primary and foreign keys) and in ``DATA_DICTIONARY.md``. Dates keep their EDTF
text beside their earliest and latest day; lists are ``; ``-separated ids (ids never hold ``;``).

Why one module of over 450 lines: about 260 of them are the declaration :data:`TABLES` (each table's
columns with their types and descriptions), declarative configuration read by the descriptor, the
dictionary and the writer, which are short; a split would separate the columns from what reads them.

Example::

    from ddgraph import load_dataset
    write_datapackage(load_dataset("graph"), Path("out/ddgraph-data"))
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .outputs import output_dir, write_file

LIST_SEP = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, date, integer, boolean
    description: str
    get: Callable[[Any], Any]


def _date(attr: str) -> list[Column]:
    def pick(part: str) -> Callable[[Any], Any]:
        def get(rec: Any) -> Any:
            value = getattr(rec, attr)
            if value is None:
                return None
            return value.edtf if part == "edtf" else getattr(value, part)

        return get

    label = attr.rstrip("_") if attr != "start" else "from"
    label = "to" if attr == "end" else label
    return [
        Column(
            label,
            "string",
            f"{label} as written (EDTF: 2023-03 is March 2023, 2007-41 late 2007)",
            pick("edtf"),
        ),
        Column(f"{label}_earliest", "date", f"earliest day {label} can mean", pick("earliest")),
        Column(f"{label}_latest", "date", f"latest day {label} can mean (empty: open)", pick("latest")),
    ]


def _ids(values: Iterable[str]) -> str:
    return LIST_SEP.join(values)


def _cited() -> list[Column]:
    return [
        Column(
            "sources",
            "string",
            "ids of the sources cited (table sources), '; '-separated",
            lambda r: _ids(r.sources),
        ),
        Column(
            "evidence",
            "string",
            "verbatim quotes from the sources, as JSON [{source, quote, lang}]",
            lambda r: (
                json.dumps([e.model_dump() for e in r.evidence], ensure_ascii=False) if r.evidence else None
            ),
        ),
        Column("note", "string", "curator's note", lambda r: r.note),
    ]


def _name() -> list[Column]:
    return [
        Column("name", "string", "name in English (else the first language given)", lambda r: r.name.best()),
        Column("name_vi", "string", "name in Vietnamese", lambda r: r.name.vi),
        Column("name_zh", "string", "name in Chinese", lambda r: r.name.zh),
    ]


ID = Column("id", "string", "stable slug id", lambda r: r.id)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: list[Column]
    rows: Callable[[Dataset], Iterable[Any]]
    primary_key: list[str] | None = None
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table) -> table.id


def _nested(kind: str, attr: str) -> Callable[[Dataset], Iterable[Any]]:
    def rows(ds: Dataset) -> Iterable[Any]:
        for rid, record in ds.kinds[kind].items():
            for seq, item in enumerate(getattr(record, attr)):
                yield (rid, seq, item)

    return rows


def _of(col: Column) -> Column:
    """A column of a nested item, read from the (owner id, seq, item) triple."""
    return Column(col.name, col.type, col.description, lambda t: col.get(t[2]))


def _owner(name: str, description: str) -> list[Column]:
    return [
        Column(name, "string", description, lambda t: t[0]),
        Column("seq", "integer", "position in the owner's list (0 = first)", lambda t: t[1]),
    ]


TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Sources",
        "the documents every fact cites: seed articles and verified web pages",
        [
            ID,
            Column(
                "publisher", "string", "publisher (a repost or content farm says so)", lambda s: s.publisher
            ),
            Column("title", "string", "title as shown", lambda s: s.title),
            *_date("published"),
            Column("language", "string", "ISO 639-1 language", lambda s: s.language),
            Column(
                "url",
                "string",
                "URL exactly as found (verified pages only)",
                lambda s: str(s.url) if s.url else None,
            ),
            Column("seed", "string", "seed article file under graph/seeds/", lambda s: s.seed),
            Column("note", "string", "curator's note", lambda s: s.note),
        ],
        lambda ds: ds.sources.values(),
        ["id"],
    ),
    Table(
        "countries",
        "Countries",
        "states, id = ISO 3166 alpha-3 in lower case",
        [
            ID,
            Column("iso3", "string", "ISO 3166-1 alpha-3", lambda c: c.iso3),
            *_name(),
            *_cited(),
        ],
        lambda ds: ds.countries.values(),
        ["id"],
    ),
    Table(
        "places",
        "Places",
        "cities, seas and venues",
        [
            ID,
            *_name(),
            Column("kind", "string", "city, state, region, sea, venue or strait", lambda p: p.kind.value),
            Column("country", "string", "country id", lambda p: p.country),
            *_cited(),
        ],
        lambda ds: ds.places.values(),
        ["id"],
        (("country", "countries"),),
    ),
    Table(
        "organizations",
        "Organizations",
        "ministries, military bodies, commands, think tanks, forums",
        [
            ID,
            *_name(),
            Column("kind", "string", "kind of body", lambda o: o.kind.value),
            Column("part_of", "string", "the country or parent organization", lambda o: o.part_of),
            *_cited(),
        ],
        lambda ds: ds.organizations.values(),
        ["id"],
    ),
    Table(
        "persons",
        "Persons",
        "officials and commentators",
        [
            ID,
            *_name(),
            Column("nationality", "string", "country id", lambda p: p.nationality),
            Column("description", "string", "who they are", lambda p: p.description),
            *_cited(),
        ],
        lambda ds: ds.persons.values(),
        ["id"],
        (("nationality", "countries"),),
    ),
    Table(
        "mechanisms",
        "Mechanisms",
        "standing channels: hotlines, 2+2s, dialogues, forums, agreements",
        [
            ID,
            *_name(),
            Column("kind", "string", "kind of channel", lambda x: x.kind.value),
            Column("track", "string", "1 (government), 1.5 or 2 (semi-official)", lambda x: x.track.value),
            Column(
                "level", "string", "leader, ministerial, senior_official or working", lambda x: x.level.value
            ),
            Column(
                "latest_status",
                "string",
                "status after the last recorded change",
                lambda x: x.status[-1].status.value if x.status else None,
            ),
            Column("description", "string", "what the channel is", lambda x: x.description),
            *_cited(),
        ],
        lambda ds: ds.mechanisms.values(),
        ["id"],
    ),
    Table(
        "events",
        "Events",
        "sessions, meetings, calls, signings, suspensions, sanctions, incidents",
        [
            ID,
            *_name(),
            Column("kind", "string", "kind of event", lambda e: e.kind.value),
            *_date("date"),
            Column("mechanism", "string", "the channel it belongs to", lambda e: e.mechanism),
            Column("place", "string", "place id", lambda e: e.place),
            Column(
                "outcome",
                "string",
                "held, answered, declined, unanswered, cancelled or planned",
                lambda e: e.outcome.value if e.outcome else None,
            ),
            Column(
                "session_number",
                "integer",
                "number of the session as the source gives it",
                lambda e: e.session_number,
            ),
            Column("description", "string", "what happened", lambda e: e.description),
            *_cited(),
        ],
        lambda ds: ds.events.values(),
        ["id"],
        (("mechanism", "mechanisms"), ("place", "places")),
    ),
    Table(
        "offices",
        "Offices",
        "a person holding an office in an organization, dated",
        [
            *_owner("person", "person id"),
            _of(Column("org", "string", "organization id", lambda o: o.org)),
            _of(Column("title", "string", "title of the office", lambda o: o.title)),
            *[_of(c) for c in _date("start")],
            *[_of(c) for c in _date("end")],
            *[_of(c) for c in _cited()],
        ],
        _nested("persons", "offices"),
        ["person", "seq"],
        (("person", "persons"), ("org", "organizations")),
    ),
    Table(
        "participations",
        "Participations",
        "a country or organization taking part in a mechanism",
        [
            *_owner("mechanism", "mechanism id"),
            _of(Column("party", "string", "country or organization id", lambda p: p.party)),
            _of(
                Column("role", "string", "member, host, lead, signatory, observer...", lambda p: p.role.value)
            ),
            *[_of(c) for c in _date("start")],
            *[_of(c) for c in _date("end")],
            *[_of(c) for c in _cited()],
        ],
        _nested("mechanisms", "participants"),
        ["mechanism", "seq"],
        (("mechanism", "mechanisms"),),
    ),
    Table(
        "status_changes",
        "Status changes",
        "a mechanism's status history, from its founding",
        [
            *_owner("mechanism", "mechanism id"),
            _of(
                Column(
                    "status",
                    "string",
                    "proposed, agreed, active, suspended, resumed, dormant, terminated",
                    lambda s: s.status.value,
                )
            ),
            *[_of(c) for c in _date("date")],
            _of(
                Column(
                    "lower_bound",
                    "boolean",
                    "true: the channel is older than this first entry (founding unverified)",
                    lambda s: s.lower_bound,
                )
            ),
            _of(Column("event", "string", "the event that triggered the change", lambda s: s.event)),
            *[_of(c) for c in _cited()],
        ],
        _nested("mechanisms", "status"),
        ["mechanism", "seq"],
        (("mechanism", "mechanisms"), ("event", "events")),
    ),
    Table(
        "attendances",
        "Attendances",
        "who took part in an event, in which role",
        [
            *_owner("event", "event id"),
            _of(Column("party", "string", "person, country or organization id", lambda a: a.party)),
            _of(Column("role", "string", "role in the event", lambda a: a.role.value)),
            *[_of(c) for c in _cited()],
        ],
        _nested("events", "attendees"),
        ["event", "seq"],
        (("event", "events"),),
    ),
    Table(
        "causes",
        "Causes",
        "an event caused by another",
        [
            *_owner("event", "the event caused"),
            _of(Column("cause", "string", "the event that caused it", lambda link: link.ref)),
            *[_of(c) for c in _cited()],
        ],
        _nested("events", "caused_by"),
        ["event", "seq"],
        (("event", "events"), ("cause", "events")),
    ),
    Table(
        "refusals",
        "Refusals",
        "who refused or declined an event",
        [
            *_owner("event", "the event refused"),
            _of(Column("party", "string", "person, country or organization id", lambda link: link.ref)),
            *[_of(c) for c in _cited()],
        ],
        _nested("events", "refused_by"),
        ["event", "seq"],
        (("event", "events"),),
    ),
    Table(
        "sanctions",
        "Sanctions",
        "sanctions an event imposed: by whom, on whom",
        [
            *_owner("event", "the sanction event"),
            _of(Column("by", "string", "who imposed it", lambda s: s.by)),
            _of(Column("target", "string", "who it targets", lambda s: s.target)),
            *[_of(c) for c in _cited()],
        ],
        _nested("events", "sanctions"),
        ["event", "seq"],
        (("event", "events"),),
    ),
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def descriptor(ds_name: str = "ddgraph") -> dict[str, Any]:
    """The ``datapackage.json`` descriptor (Frictionless Data Package v1)."""
    resources = []
    for t in TABLES:
        schema: dict[str, Any] = {
            "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in t.columns],
            "missingValues": [""],
        }
        if t.primary_key:
            schema["primaryKey"] = t.primary_key
        if t.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": col, "reference": {"resource": table, "fields": "id"}}
                for col, table in t.foreign_keys
            ]
        resources.append(
            {
                "name": t.name,
                "title": t.title,
                "description": t.description,
                "path": f"{t.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": ds_name,
        "title": "ddgraph: defense-diplomacy channels of the Indo-Pacific",
        "description": "Standing defense channels (hotlines, 2+2s, Track 1/2 dialogues, forums) with dated "
        "status histories, sessions and officials; every fact cites its sources.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": resources,
    }


def data_dictionary() -> str:
    out = [
        "# ddgraph data dictionary",
        "",
        "Each table is a CSV file (UTF-8, header row). Dates keep the text as written (EDTF) with its",
        "earliest and latest day; an empty cell is no value. Lists of ids are separated by `; `.",
        "",
    ]
    for t in TABLES:
        out += [
            f"## {t.title} (`{t.name}.csv`)",
            "",
            t.description + ".",
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        out += [f"| `{c.name}` | {c.type} | {c.description} |" for c in t.columns]
        out.append("")
    return "\n".join(out)


def write_datapackage(ds: Dataset, out_dir: Path, *, protect: Path | None = None) -> list[Path]:
    """Write the tables, ``datapackage.json`` and ``DATA_DICTIONARY.md`` into ``out_dir``.

    Each file through :func:`ddgraph.outputs.write_file` (whole or not at all, never in ``protect``).
    """
    output_dir(out_dir, protect=protect)
    written = []
    for t in TABLES:
        buf = io.StringIO(newline="")
        w = csv.writer(buf)
        w.writerow([c.name for c in t.columns])
        for rec in t.rows(ds):
            w.writerow([_cell(c.get(rec)) for c in t.columns])
        written.append(write_file(out_dir / f"{t.name}.csv", buf.getvalue(), protect=protect))
    descriptor_text = json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"
    written.append(write_file(out_dir / "datapackage.json", descriptor_text, protect=protect))
    written.append(write_file(out_dir / "DATA_DICTIONARY.md", data_dictionary(), protect=protect))
    return written
