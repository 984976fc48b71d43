"""Dated networkx views of the property graph: the channel graph of countries and the person graph.

Every analysis starts from :func:`base_graph` -- the whole :class:`~ddgraph.graph.PropertyGraph` as a
networkx ``MultiDiGraph`` -- whether it came from ``graph/*.yaml`` or was read back from Neo4j, held
with its channel index in a :class:`~ddgraph.channels.DatedGraph`, and derives the graph it needs here:

* :func:`channel_graph` -- countries linked, on a date, by each channel (Mechanism) that a
  :class:`~ddgraph.channels.ChannelFilter` keeps (open channels by default). A ``MultiGraph`` whose
  edge key is the mechanism id, so a multilateral forum projected onto every pair of its members
  stays identifiable.
* :func:`person_graph` -- officials linked by the events they attended together.

Dates are read as documented in :mod:`ddgraph.timeutil` (``possible`` / ``certain`` modes).

Examples
--------
>>> from ddgraph.examples import tiny_graph
>>> CG = channel_graph(tiny_graph(), "2024-01-01", ChannelFilter(tracks={"1"}))
>>> sorted((u, v, k) for u, v, k in CG.edges(keys=True) if k != "forum")
[('chn', 'usa', 'dtl')]
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from .channels import OPEN_CHANNELS, Channel, ChannelFilter, DatedGraph, Use, data_ends, dated
from .export import to_networkx
from .graph import PropertyGraph
from .timeutil import Mode, parse_date_arg, start_day
from .vocabulary import FAILED_OUTCOMES, NOT_HELD

if TYPE_CHECKING:  # igraph (and the matplotlib it imports) loads when a view is converted to it
    import igraph as ig

DateLike = dt.date | str


def base_graph(pg: PropertyGraph) -> nx.MultiDiGraph:
    """The property graph as a networkx ``MultiDiGraph``: the one input of every view and analysis.

    >>> from ddgraph.graph import PropertyGraph
    >>> base_graph(PropertyGraph()).number_of_nodes()
    0
    """
    return to_networkx(pg)


def _day(value: DateLike) -> dt.date:
    return value if isinstance(value, dt.date) else parse_date_arg(value)


def _labels(G: nx.MultiDiGraph, n: str) -> tuple[str, ...]:
    return tuple(G.nodes[n].get("labels", ()))


def _base(G: nx.MultiDiGraph | DatedGraph) -> nx.MultiDiGraph:
    return G.G if isinstance(G, DatedGraph) else G


def past_the_data(G: nx.MultiDiGraph | DatedGraph, day: dt.date) -> str | None:
    """A note when ``day`` is after the graph's last dated fact (None otherwise).

    >>> from ddgraph.examples import tiny_graph
    >>> print(past_the_data(tiny_graph(), dt.date(2030, 1, 1)))
    note: the data ends on 2024-04-16 (last dated fact); the answer for 2030-01-01 assumes no change since
    """
    last = data_ends(_base(G))
    if last is None or day <= last:
        return None
    return (
        f"note: the data ends on {last.isoformat()} (last dated fact); the answer for {day.isoformat()} "
        "assumes no change since"
    )


# ------------------------------------------------------------------------------------ channel graph
def channel_graph(
    G: nx.MultiDiGraph | DatedGraph,
    as_of: DateLike,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
) -> nx.MultiGraph:
    """Countries linked on ``as_of`` by every channel that ``channels`` keeps.

    Parameters
    ----------
    G : the base graph (:func:`base_graph`) or a :class:`~ddgraph.channels.DatedGraph` (whose index is
        reused: pass one when asking about many days).
    as_of : the day (``date`` or ISO/EDTF text; imprecise text stands for its first day).
    channels : which kinds, tracks, levels and statuses count (default: open channels of every kind),
        and whether a channel whose last recorded use on or before ``as_of`` was declined or unanswered
        is dropped (it exists on paper but nobody picked up).
    mode : ``possible`` or ``certain`` reading of imprecise dates (:mod:`ddgraph.timeutil`).

    Returns
    -------
    networkx.MultiGraph
        Nodes: every Country (``name``, ``iso3``). Edges: one per (pair of participating countries,
        mechanism), key = mechanism id, attributes ``mechanism``, ``name``, ``kind``, ``track``,
        ``level``, ``status``, ``from`` (start of the current status), ``status_change``, ``event``
        (what triggered that status, if recorded), ``sources``, ``parties`` (number of countries),
        ``multilateral``, ``last_use``, ``last_outcome``. The edges of one mechanism share one
        attribute dict (a forum of 30 members is 435 edges): copy it before changing one edge.

    Examples
    --------
    >>> from ddgraph.examples import tiny_graph
    >>> sorted(channel_graph(tiny_graph(), "2023-01-01", ChannelFilter(statuses=None)).edges(
    ...     keys=True, data="status"))[:2]
    [('chn', 'usa', 'dtl', 'suspended'), ('chn', 'usa', 'forum', 'active')]
    """
    dg = dated(G, mode)
    G = dg.G
    day = _day(as_of)
    statuses, require_answered = channels.statuses, channels.require_answered
    CG = nx.MultiGraph(as_of=day.isoformat(), mode=mode)
    for n, data in G.nodes(data=True):
        if "Country" in data.get("labels", ()):
            CG.add_node(n, name=data.get("name", n), iso3=data.get("iso3"))
    filtered = channels.selects
    adj = CG._adj  # edges are written as MultiGraph.add_edge writes them, without a dict per edge
    for ch in dg.index.values():
        if filtered and not channels.keeps(ch):
            continue
        i = ch._period_index(day)
        if i is None:
            continue
        period = ch.periods[i]
        if statuses is not None and period.status not in statuses:
            continue
        last = ch.last_use(day)
        if require_answered and last is not None and last.outcome in FAILED_OUTCOMES:
            continue
        members = ch._members_on(day)
        if len(members) < 2:
            continue
        attrs = _edge_attrs(ch, i, day, members, last)
        key = ch.id
        for u in members:
            if u not in adj:  # an index of another graph: add_edge would add the node
                CG.add_node(u)
        for j, u in enumerate(members):
            nbrs = adj[u]
            for v in members[j + 1 :]:
                keydict = nbrs.get(v)
                if keydict is None:
                    nbrs[v] = adj[v][u] = {key: attrs}
                else:
                    keydict[key] = attrs
    return CG


def _edge_attrs(ch: Channel, i: int, day: dt.date, members: tuple[str, ...], last: Use | None) -> dict:
    period = ch.periods[i]
    return {
        "mechanism": ch.id,
        "name": ch.name,
        "kind": ch.kind,
        "track": ch.track,
        "level": ch.level,
        "status": period.status,
        "from": ch._start_texts[i],
        "status_change": period.change,
        "from_is_lower_bound": i == 0 and ch.known_from is not None,
        "event": ch.triggers.get(period.change),
        "sources": list(ch.sources),
        "parties": len(members),
        "multilateral": len(members) > 2,
        "last_use": last.event if last else None,
        "last_outcome": last.outcome if last else None,
    }


@dataclass(frozen=True)
class ChannelEdges:
    """One day's channel graph as a compact edge list: row ``r`` links ``countries[u[r]]`` and
    ``countries[v[r]]`` through ``channels[k[r]]`` in its status period ``period[r]``.

    What :func:`as_of_edges` returns; :meth:`to_igraph` and :meth:`to_networkx` build a graph only
    when asked (the latter equals :func:`channel_graph` of the same day and filter).
    """

    day: dt.date
    mode: Mode
    countries: tuple[str, ...]
    channels: tuple[Channel, ...]
    u: np.ndarray
    v: np.ndarray
    k: np.ndarray
    period: np.ndarray
    graph_countries: int  # the first ones are the base graph's Country nodes

    def __len__(self) -> int:
        return len(self.u)

    def edges(self) -> list[tuple[str, str, str]]:
        """``(u, v, mechanism)`` per edge, ``u < v``."""
        c, ch = self.countries, self.channels
        out = []
        for a, b, k in zip(self.u.tolist(), self.v.tolist(), self.k.tolist(), strict=True):
            x, y = c[a], c[b]
            out.append((x, y, ch[k].id) if x < y else (y, x, ch[k].id))
        return out

    def to_igraph(self) -> ig.Graph:
        """An undirected igraph multigraph: vertex ``name`` = country id, edge ``mechanism`` = channel id."""
        import igraph as ig

        g = ig.Graph(n=len(self.countries), edges=np.column_stack([self.u, self.v]), directed=False)
        g.vs["name"] = list(self.countries)
        ids = [ch.id for ch in self.channels]
        g.es["mechanism"] = [ids[k] for k in self.k.tolist()]
        return g

    def to_networkx(self, G: nx.MultiDiGraph) -> nx.MultiGraph:
        """The networkx ``MultiGraph`` of :func:`channel_graph` (``G``: the base graph, for names)."""
        CG = nx.MultiGraph(as_of=self.day.isoformat(), mode=self.mode)
        nodes = G.nodes
        CG.add_nodes_from(
            (c, {"name": nodes[c].get("name", c), "iso3": nodes[c].get("iso3")})
            for c in self.countries[: self.graph_countries]
        )
        adj = CG._adj
        attrs: dict[tuple[int, int], dict] = {}
        c = self.countries
        for a, b, k, i in zip(
            self.u.tolist(), self.v.tolist(), self.k.tolist(), self.period.tolist(), strict=True
        ):
            d = attrs.get((k, i))
            if d is None:
                ch = self.channels[k]
                d = attrs[(k, i)] = _edge_attrs(
                    ch, i, self.day, ch._members_on(self.day), ch.last_use(self.day)
                )
            x, y = c[a], c[b]
            for z in (x, y):
                if z not in adj:
                    CG.add_node(z)
            keydict = adj[x].get(y)
            if keydict is None:
                adj[x][y] = adj[y][x] = {d["mechanism"]: d}
            else:
                keydict[d["mechanism"]] = d
        return CG


def as_of_edges(
    G: nx.MultiDiGraph | DatedGraph,
    as_of: DateLike,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
) -> ChannelEdges:
    """The edges of ``channel_graph(G, as_of, channels, mode=mode)`` as a compact :class:`ChannelEdges`.

    The first call for a filter builds the :class:`~ddgraph.channels.EdgeTable` of every day (kept in
    the :class:`~ddgraph.channels.DatedGraph`); each day is then one vectorised comparison over it.
    Pass a ``DatedGraph`` when asking about many days.

    >>> from ddgraph.examples import tiny_graph
    >>> sorted(as_of_edges(tiny_graph(), "2024-01-01", ChannelFilter(tracks={"1"})).edges())[:1]
    [('chn', 'usa', 'dtl')]
    """
    dg = dated(G, mode)
    day = _day(as_of)
    t = dg.edge_table(channels)
    d = day.toordinal()
    rows = np.flatnonzero((t.start <= d) & (d < t.end))
    u, v, k, p = t.u[rows], t.v[rows], t.k[rows], t.period[rows]
    countries = t.countries
    if t.rest:  # channels with overlapping periods: asked as channel_graph asks them
        pos = {c: i for i, c in enumerate(countries)}
        extra: list[tuple[int, int, int, int]] = []
        statuses, require_answered = channels.statuses, channels.require_answered
        for ci in t.rest:
            ch = t.channels[ci]
            i = ch._period_index(day)
            if i is None or (statuses is not None and ch.periods[i].status not in statuses):
                continue
            last = ch.last_use(day)
            if require_answered and last is not None and last.outcome in FAILED_OUTCOMES:
                continue
            members = ch._members_on(day)
            ids = [pos.setdefault(m, len(pos)) for m in members]
            extra.extend((x, y, ci, i) for x, y in itertools.combinations(ids, 2))
        if extra:
            eu, ev, ek, ep = (np.array(col, dtype=np.int32) for col in zip(*extra, strict=True))
            u, v, k, p = (np.concatenate(pair) for pair in ((u, eu), (v, ev), (k, ek), (p, ep)))
            countries = tuple(pos)
    return ChannelEdges(day, mode, countries, t.channels, u, v, k, p, t.graph_countries)


def simple_graph(CG: nx.MultiGraph) -> nx.Graph:
    """The simple projection of a channel graph: one edge per linked pair, ``weight`` = channels, ``keys``.

    >>> from ddgraph.examples import tiny_graph
    >>> sorted(simple_graph(channel_graph(tiny_graph(), "2023-01-01")).edges(data="weight"))
    [('chn', 'usa', 1), ('chn', 'vnm', 1), ('usa', 'vnm', 1)]
    """
    S = nx.Graph()
    S.add_nodes_from(CG.nodes(data=True))
    for u, v, k in CG.edges(keys=True):
        if S.has_edge(u, v):
            S[u][v]["weight"] += 1
            S[u][v]["keys"].append(k)
        else:
            S.add_edge(u, v, weight=1, keys=[k])
    for _, _, d in S.edges(data=True):
        d["keys"].sort()
    return S


def mechanism_graph(CG: nx.MultiGraph) -> nx.Graph:
    """The bipartite country--mechanism graph of a channel graph (mechanism nodes are ``("m", id)``).

    One multilateral mechanism is one node here, so removing it removes all the links it carries.

    >>> from ddgraph.examples import tiny_graph
    >>> sorted(mechanism_graph(channel_graph(tiny_graph(), "2023-01-01")).neighbors(("m", "forum")))
    ['chn', 'usa', 'vnm']
    """
    B = nx.Graph()
    B.add_nodes_from(CG.nodes, bipartite=0)
    for u, v, k in CG.edges(keys=True):
        B.add_node(("m", k), bipartite=1)
        B.add_edge(u, ("m", k))
        B.add_edge(v, ("m", k))
    return B


# ------------------------------------------------------------------------------------- person graph
def person_graph(
    G: nx.MultiDiGraph | DatedGraph,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    event_kinds: Collection[str] | None = None,
    held_only: bool = True,
    mode: Mode = "possible",
) -> nx.Graph:
    """Officials linked by the events they attended together (``weight`` = events, ``events`` = ids).

    Parameters
    ----------
    start, end : keep events whose start day is in ``[start, end]`` (inclusive; None = unbounded).
    event_kinds : keep only these event kinds (e.g. ``{"session", "call", "meeting"}``); None = all.
    held_only : skip events that did not take place (declined, unanswered, cancelled, planned).

    Examples
    --------
    >>> from ddgraph.examples import tiny_graph
    >>> P = person_graph(tiny_graph())
    >>> sorted(P.edges(data="weight"))
    [('austin', 'dong', 1)]
    """
    G = _base(G)
    lo = _day(start) if start is not None else None
    hi = _day(end) if end is not None else None
    P = nx.Graph()
    for n, data in G.nodes(data=True):
        if "Person" in data.get("labels", ()):
            nationality = next(
                (v for _, v, d in G.out_edges(n, data=True) if d.get("type") == "CITIZEN_OF"), None
            )
            P.add_node(n, name=data.get("name", n), nationality=nationality)
    for ev, data in G.nodes(data=True):
        if "Event" not in data.get("labels", ()):
            continue
        if event_kinds is not None and data.get("kind") not in event_kinds:
            continue
        if held_only and data.get("outcome") in NOT_HELD:
            continue
        day = start_day(data, mode, prefix="date")
        if day is None or (lo is not None and day < lo) or (hi is not None and day > hi):
            continue
        people = sorted(
            {
                p
                for p, _, d in G.in_edges(ev, data=True)
                if d.get("type") == "ATTENDED" and "Person" in _labels(G, p)
            }
        )
        for u, v in itertools.combinations(people, 2):
            if P.has_edge(u, v):
                P[u][v]["weight"] += 1
                P[u][v]["events"].append(ev)
            else:
                P.add_edge(u, v, weight=1, events=[ev])
    for _, _, d in P.edges(data=True):
        d["events"].sort()
    return P
