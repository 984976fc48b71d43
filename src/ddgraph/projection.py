"""The channel graph over time as one graph, for tools with a timeline (Gephi) or none (GraphML).

:func:`channel_projection` turns the dated property graph into countries (and, optionally, officials)
joined by one edge per channel and pair of member countries. Each edge carries its *spells*, the
day ranges when the channel was open (status active/resumed) with both countries members, and its
status history as a dynamic attribute, so Gephi's timeline plays the channels opening and closing.
Days are ISO dates; a spell's ``end`` is its last open day (GEXF intervals are inclusive).

Example:
    >>> from ddgraph.examples import tiny_graph
    >>> P = channel_projection(tiny_graph())
    >>> sorted((u, v, k, d["spells"]) for u, v, k, d in P.edges(keys=True, data=True))[0]
    ('chn', 'usa', 'dtl', [('2008-03-01', '2022-08-04'), ('2023-11-15', None)])
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from .channels import Channel, Range, channel_index
from .model import OPEN_STATUSES
from .timeutil import Mode
from .views import person_graph

_OPEN = {s.value for s in OPEN_STATUSES}
Spell = tuple[str, str | None]


def _intersect(a: Range, b: Range) -> Range | None:
    start = max((d for d in (a[0], b[0]) if d is not None), default=None)
    ends = [d for d in (a[1], b[1]) if d is not None]
    end = min(ends) if ends else None
    if start is not None and end is not None and end <= start:
        return None
    return start, end


def _spells(ranges: Iterable[Range]) -> list[Spell]:
    out = []
    for start, end in sorted(ranges, key=lambda r: r[0] or dt.date.min):
        last = (end - dt.timedelta(days=1)).isoformat() if end is not None else None  # inclusive
        out.append((start.isoformat() if start else dt.date.min.isoformat(), last))
    return out


def channel_spells(ch: Channel, u: str, v: str) -> tuple[list[Spell], list[tuple[str, str, str | None]]]:
    """The open spells of channel ``ch`` between countries ``u`` and ``v``, and its status history there."""
    both = [
        r
        for ru in ch.countries.get(u, ())
        for rv in ch.countries.get(v, ())
        if (r := _intersect(ru, rv)) is not None
    ]
    open_ranges, history = [], []
    for period in ch.periods:
        span: Range = (period.start, period.end)
        for member in both:
            r = _intersect(span, member)
            if r is None:
                continue
            start, end = _spells([r])[0]
            history.append((period.status, start, end))
            if period.status in _OPEN:
                open_ranges.append(r)
    return _spells(open_ranges), history


def channel_projection(
    G: nx.MultiDiGraph, *, officials: bool = False, mode: Mode = "possible"
) -> nx.MultiGraph:
    """Countries joined by one edge per channel and member pair, each with its open ``spells``.

    Edge attributes: ``mechanism``, ``name``, ``kind``, ``track``, ``level``, ``spells`` (list of
    ``(first day, last day or None)``), ``status`` (list of ``(status, first day, last day)``) and
    ``start``/``end`` (first and last open day). An edge is kept when the channel was ever open
    between the pair. With ``officials``, persons are nodes too, joined to their country
    (``kind: citizen_of``) and to the officials they met at held events (one spell per meeting day).
    """
    P = nx.MultiGraph(mode=mode)
    for n, data in G.nodes(data=True):
        if "Country" in data.get("labels", ()):
            P.add_node(n, label=str(data.get("name", n)), type="country", iso3=str(data.get("iso3", "")))
    for ch in channel_index(G, mode).values():
        for u, v in itertools.combinations(sorted(ch.countries), 2):
            spells, history = channel_spells(ch, u, v)
            if not spells:
                continue
            P.add_edge(
                u,
                v,
                key=ch.id,
                mechanism=ch.id,
                name=ch.name,
                kind=ch.kind,
                track=ch.track,
                level=ch.level,
                spells=spells,
                status=history,
                start=spells[0][0],
                end=spells[-1][1],
            )
    if officials:
        people = person_graph(G, mode=mode)
        for pid, data in people.nodes(data=True):
            P.add_node(pid, label=str(data.get("name", pid)), type="person")
            if data.get("nationality") in P:
                P.add_edge(pid, data["nationality"], key=f"citizen:{pid}", kind="citizen_of")
        for u, v, data in people.edges(data=True):
            days = sorted({str(G.nodes[ev].get("date")) for ev in data["events"] if G.nodes[ev].get("date")})
            P.add_edge(
                u,
                v,
                key=f"met:{u}:{v}",
                kind="met",
                name=f"{len(data['events'])} meeting(s)",
                events=list(data["events"]),
                spells=[(d, d) for d in days],
                start=days[0] if days else None,
                end=days[-1] if days else None,
            )
    return P


def _gexf_ready(P: nx.MultiGraph) -> nx.MultiGraph:
    """A copy in the shapes networkx's GEXF writer wants: spells and dynamic status kept, no None."""
    out = nx.MultiGraph()
    for n, data in P.nodes(data=True):
        out.add_node(n, **{k: v for k, v in data.items() if v is not None})
    for u, v, key, data in P.edges(keys=True, data=True):
        attrs: dict[str, Any] = {"id": f"{key}:{u}-{v}" if ":" not in str(key) else str(key)}
        for k, val in data.items():
            if val is None or k in ("start", "end"):
                continue
            if k == "spells":
                attrs["spells"] = [(s, e) for s, e in val]
            elif k == "status":
                attrs["status"] = [(status, s, e) for status, s, e in val]
            elif isinstance(val, list):
                attrs[k] = "|".join(str(x) for x in val)
            else:
                attrs[k] = val
        out.add_edge(u, v, key=key, **attrs)
    return out


def write_gexf_text(P: nx.MultiGraph) -> str:
    """GEXF (1.2) of the projection, dynamic: edges carry spells and a dynamic status attribute."""
    import io

    from networkx.readwrite.gexf import GEXFWriter

    G = _gexf_ready(P)
    G.graph["mode"] = "dynamic"
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(G)
    # Gephi merges parallel edges of one edge kind into one edge (and warns, once per merge, that their
    # intervals cannot be merged); the edge's ``kind`` attribute, Gephi's edge type, keeps each channel its
    # own edge. networkx has no way to write it and ignores it when reading.
    edges = G.edges(keys=True, data=True)
    kinds = {d["id"]: str(d.get("mechanism") or d.get("kind") or k) for _, _, k, d in edges}
    for edge in writer.xml.iter("edge"):
        edge.set("kind", kinds[edge.get("id", "")])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue().decode("utf-8")


def write_graphml_text(P: nx.MultiGraph) -> str:
    """GraphML of the projection: GraphML has no intervals, so spells and status are JSON text."""
    import io

    G = nx.MultiGraph()
    for n, data in P.nodes(data=True):
        G.add_node(n, **{k: v for k, v in data.items() if v is not None})
    for u, v, key, data in P.edges(keys=True, data=True):
        attrs = {
            k: (json.dumps(val, ensure_ascii=False) if isinstance(val, list) else val)
            for k, val in data.items()
            if val is not None
        }
        G.add_edge(u, v, key=key, **attrs)
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")
