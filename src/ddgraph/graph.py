"""The one intermediate property graph that every exporter and the Neo4j store consume.

:func:`to_property_graph` turns a validated :class:`~ddgraph.dataset.Dataset` into nodes and
relationships with flat, Neo4j-compatible properties (strings, numbers, booleans, lists of them).
The JSONL/GraphML/CSV exports, the Neo4j load and the networkx views are all written from this
graph, and reading Neo4j back yields the same graph, so the outputs cannot drift apart.

Property conventions (also the Neo4j schema):

* every node and relationship has ``sources`` (list of Source ids, never empty); quotes from seeds
  are ``evidence_quotes`` with the parallel ``evidence_sources``;
* a date field ``X`` becomes ``X`` (earliest day, ISO ``YYYY-MM-DD``; a native ``date`` in Neo4j),
  ``X_latest`` (latest day, absent for an open end), ``X_edtf`` (the original EDTF text) and
  ``X_precision`` (day, month, season, year, decade, interval) and ``X_text`` (the date in words,
  ``2007-41`` -> "second half of 2007", :mod:`ddgraph.humandate`);
* node labels: ``Source``, ``Country``, ``Place``, ``Organization``, ``Person``, ``Mechanism`` (plus a
  label for its kind, e.g. ``Hotline``), ``Event`` (plus its kind, e.g. ``Call``), ``StatusChange``;
* relationship types: PART_OF, LOCATED_IN, CITIZEN_OF, HOLDS_OFFICE, PARTICIPATES_IN, HAS_STATUS,
  TRIGGERED_BY, OF_MECHANISM, HELD_IN, ATTENDED, CAUSED, REFUSED, SANCTIONED.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from . import model as m
from .dataset import Dataset, gc_paused
from .humandate import human_date
from .vocabulary import camel

#: Property names whose values are calendar dates (ISO strings here, native ``date`` in Neo4j).
DATE_KEYS = frozenset(
    f"{base}{suffix}" for base in ("date", "from", "to", "published") for suffix in ("", "_latest")
)

NODE_LABELS = ("Source", "Country", "Place", "Organization", "Person", "Mechanism", "Event", "StatusChange")
REL_TYPES = (
    "PART_OF",
    "LOCATED_IN",
    "CITIZEN_OF",
    "HOLDS_OFFICE",
    "PARTICIPATES_IN",
    "HAS_STATUS",
    "TRIGGERED_BY",
    "OF_MECHANISM",
    "HELD_IN",
    "ATTENDED",
    "CAUSED",
    "REFUSED",
    "SANCTIONED",
)


@dataclass(frozen=True)
class Node:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]

    @property
    def label(self) -> str:
        """The primary label (the record kind)."""
        return self.labels[0]


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any]


@dataclass
class PropertyGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)

    def add_node(self, node: Node) -> None:
        self.nodes[node.id] = node

    def add_relationship(self, rtype: str, start: str, end: str, props: dict[str, Any]) -> Relationship:
        base = f"{start}|{rtype}|{end}"
        rid, n = base, 1
        while rid in self.relationships:  # a second office term at the same body, etc.: file order decides
            n += 1
            rid = f"{base}|{n}"
        rel = Relationship(rid, rtype, start, end, props)
        self.relationships[rid] = rel
        return rel

    def sorted_nodes(self) -> list[Node]:
        return [self.nodes[k] for k in sorted(self.nodes)]

    def sorted_relationships(self) -> list[Relationship]:
        return [self.relationships[k] for k in sorted(self.relationships)]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PropertyGraph)
            and self.nodes == other.nodes
            and self.relationships == other.relationships
        )


def date_props(prefix: str, value: m.DateValue | None) -> dict[str, Any]:
    if value is None:
        return {}
    keys, (earliest, edtf, precision, text, latest) = _date_keys(prefix), _date_texts(value.edtf)
    out: dict[str, Any] = {keys[0]: earliest, keys[1]: edtf, keys[2]: precision, keys[3]: text}
    if latest is not None:
        out[keys[4]] = latest
    return out


@cache
def _date_keys(prefix: str) -> tuple[str, str, str, str, str]:
    return prefix, f"{prefix}_edtf", f"{prefix}_precision", f"{prefix}_text", f"{prefix}_latest"


# Dates repeat across records (the same day, month or year): each one's texts are made once, keyed
# by its EDTF text, which decides the rest of a DateValue (model.parse_date, itself cached by text): a
# string's hash is kept, a model's would be computed field by field at every look-up.
@lru_cache(maxsize=65536)
def _date_texts(edtf: str) -> tuple[str, str, str, str, str | None]:
    value = m.parse_date(edtf)
    latest = value.latest.isoformat() if value.latest is not None else None
    return value.earliest.isoformat(), value.edtf, value.precision.value, human_date(value.edtf), latest


def _cited(item: m.Cited) -> dict[str, Any]:
    out: dict[str, Any] = {"sources": list(item.sources)}
    if item.evidence:
        out["evidence_quotes"] = [e.quote for e in item.evidence]
        out["evidence_sources"] = [e.source for e in item.evidence]
    if item.note:
        out["note"] = item.note
    return out


def _names(names: m.Names, aliases: dict[str, list[str]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": names.best()}
    for lang, value in names.items():
        out[f"name_{lang}"] = value
    flat = [a for lang in sorted(aliases or {}) for a in (aliases or {})[lang]]
    if flat:
        out["aliases"] = flat
    return out


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` without its None and empty-list values. (:func:`_cited` and :func:`date_props` make
    neither: properties made of them and of required fields only are not cleaned.)"""
    return {k: v for k, v in props.items() if v is not None and v != []}


def status_node_id(mechanism_id: str, entry: m.StatusEntry, repeat: int = 1) -> str:
    """The StatusChange id: mechanism, status and date; the n-th entry with the same three gets ``--n``.

    >>> e = m.StatusEntry(status="active", date="2020-01-01", sources=["s"])
    >>> status_node_id("dtl", e), status_node_id("dtl", e, 2)
    ('dtl--active--2020-01-01', 'dtl--active--2020-01-01--2')
    """
    base = f"{mechanism_id}--{entry.status.value}--{_edtf_slug(entry.date.edtf)}"
    return base if repeat == 1 else f"{base}--{repeat}"


@lru_cache(maxsize=65536)
def _edtf_slug(edtf: str) -> str:
    """An EDTF text in an id: every character that is not a letter or a digit becomes ``-``."""
    return "".join(c if c.isalnum() else "-" for c in edtf).strip("-")


@cache
def _rel(model: type[m.BaseModel], field: str) -> str:
    """The relationship type a reference field becomes, as the model declares it (``model.Ref``)."""
    ref = m.ref_of(model, field)
    if ref is None:  # a bug in this module, not in the data
        raise TypeError(f"{model.__name__}.{field} declares no reference")
    return ref.rel


@gc_paused()
def to_property_graph(ds: Dataset) -> PropertyGraph:
    """Build the property graph of a validated dataset (deterministic: same files, same graph).

    The cyclic garbage collector is paused meanwhile, as while the dataset is read: every element
    stays alive, and each automatic collection would walk the whole dataset again (two thirds of the
    time at 93k elements). The vocabulary's values are read as ``member._value_`` (the plain
    attribute that ``.value`` reads through a descriptor: 130k reads of a 93k-element graph).
    """
    g = PropertyGraph()
    for sid, src in ds.sources.items():
        g.add_node(
            Node(
                sid,
                ("Source",),
                _clean(
                    {
                        "id": sid,
                        "name": src.title,
                        "publisher": src.publisher,
                        "title": src.title,
                        **date_props("published", src.published),
                        "language": src.language,
                        "url": str(src.url) if src.url else None,
                        "seed": src.seed,
                        "verified": src.verified,
                        "sources": [sid],
                        "note": src.note,
                    }
                ),
            )
        )
    for cid, c in ds.countries.items():
        g.add_node(
            Node(
                cid,
                ("Country",),
                _clean({"id": cid, "iso3": c.iso3, **_names(c.name, c.aliases), **_cited(c)}),
            )
        )
    for pid, p in ds.places.items():
        g.add_node(
            Node(
                pid,
                ("Place",),
                _clean({"id": pid, "kind": p.kind._value_, **_names(p.name, p.aliases), **_cited(p)}),
            )
        )
        if p.country:
            g.add_relationship(_rel(m.Place, "country"), pid, p.country, _cited(p))
    for oid, o in ds.organizations.items():
        g.add_node(
            Node(
                oid,
                ("Organization",),
                _clean({"id": oid, "kind": o.kind._value_, **_names(o.name, o.aliases), **_cited(o)}),
            )
        )
        if o.part_of:
            g.add_relationship(_rel(m.Organization, "part_of"), oid, o.part_of, _cited(o))
    for pid, person in ds.persons.items():
        g.add_node(
            Node(
                pid,
                ("Person",),
                _clean(
                    {
                        "id": pid,
                        **_names(person.name, person.aliases),
                        "description": person.description,
                        **_cited(person),
                    }
                ),
            )
        )
        if person.nationality:
            g.add_relationship(_rel(m.Person, "nationality"), pid, person.nationality, _cited(person))
        for office in person.offices:
            g.add_relationship(
                _rel(m.OfficeHolding, "org"),
                pid,
                office.org,
                _clean(
                    {
                        "title": office.title,
                        **date_props("from", office.start),
                        **date_props("to", office.end),
                        **_cited(office),
                    }
                ),
            )
    for mid, mech in ds.mechanisms.items():
        g.add_node(
            Node(
                mid,
                ("Mechanism", camel(mech.kind._value_)),
                _clean(
                    {
                        "id": mid,
                        **_names(mech.name, mech.aliases),
                        "kind": mech.kind._value_,
                        "track": mech.track._value_,
                        "level": mech.level._value_,
                        "topics": list(mech.topics),
                        "description": mech.description,
                        "latest_status": mech.status[-1].status._value_ if mech.status else None,
                        **_cited(mech),
                    }
                ),
            )
        )
        for part in mech.participants:
            g.add_relationship(
                _rel(m.Participation, "party"),
                part.party,
                mid,
                {
                    "role": part.role._value_,
                    **date_props("from", part.start),
                    **date_props("to", part.end),
                    **_cited(part),
                },
            )
        repeats: dict[str, int] = {}
        best_name = mech.name.best()
        for seq, entry in enumerate(mech.status):
            base = status_node_id(mid, entry)
            repeat = repeats[base] = repeats.get(base, 0) + 1
            nid = status_node_id(mid, entry, repeat)  # active, suspended, active on one day: 3 nodes
            nxt = mech.status[seq + 1] if seq + 1 < len(mech.status) else None
            to = date_props("to", nxt.date) if nxt else {}
            g.add_node(
                Node(
                    nid,
                    ("StatusChange",),
                    _clean(
                        {
                            "id": nid,
                            "name": f"{best_name}: {entry.status._value_} ({entry.date.edtf})",
                            "mechanism": mid,
                            "status": entry.status._value_,
                            "seq": seq,
                            "lower_bound": entry.lower_bound or None,
                            **date_props("from", entry.date),
                            **to,
                            **_cited(entry),
                        }
                    ),
                )
            )
            g.add_relationship("HAS_STATUS", mid, nid, {"seq": seq, **_cited(entry)})
            if entry.event:
                g.add_relationship(_rel(m.StatusEntry, "event"), nid, entry.event, _cited(entry))
    for eid, ev in ds.events.items():
        g.add_node(
            Node(
                eid,
                ("Event", camel(ev.kind._value_)),
                _clean(
                    {
                        "id": eid,
                        **_names(ev.name),
                        "kind": ev.kind._value_,
                        **date_props("date", ev.date),
                        "outcome": ev.outcome._value_ if ev.outcome else None,
                        "session_number": ev.session_number,
                        "description": ev.description,
                        **_cited(ev),
                    }
                ),
            )
        )
        if ev.mechanism:
            g.add_relationship(_rel(m.Event, "mechanism"), eid, ev.mechanism, _cited(ev))
        if ev.place:
            g.add_relationship(_rel(m.Event, "place"), eid, ev.place, _cited(ev))
        for att in ev.attendees:
            attended = {"role": att.role._value_, **_cited(att)}
            g.add_relationship(_rel(m.Attendance, "party"), att.party, eid, attended)
        for cause in ev.caused_by:
            g.add_relationship(_rel(m.Event, "caused_by"), cause.ref, eid, _cited(cause))
        for ref in ev.refused_by:
            g.add_relationship(
                _rel(m.Event, "refused_by"),
                ref.ref,
                eid,
                {**date_props("date", ev.date), **_cited(ref)},
            )
        for sanction in ev.sanctions:
            g.add_relationship(
                _rel(m.Sanction, "target"),
                sanction.by,
                sanction.target,
                {"event": eid, **date_props("date", ev.date), **_cited(sanction)},
            )
    return g
