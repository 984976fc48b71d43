"""Connectivity between countries on a date: direct channels, components, disjoint routes, cuts.

All functions take a channel graph (:func:`ddgraph.views.channel_graph`, a ``MultiGraph`` keyed by
mechanism id) except :func:`direct_channels`, which reads the base graph to show channels in every
status. Route counts are on the simple projection (one edge per linked pair); cuts are over
*mechanisms*, computed on the bipartite country--mechanism graph, because losing one multilateral
forum removes every link it carries.

Examples
--------
>>> from ddgraph.views import channel_graph
>>> from ddgraph.examples import tiny_graph
>>> CG = channel_graph(tiny_graph(), "2023-01-01")
>>> disjoint_routes(CG, "usa", "chn")
{'edge_disjoint': 2, 'node_disjoint': 2}
>>> min_channel_cut(CG, "usa", "chn")
['forum']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import networkx as nx
from networkx.algorithms.flow import edmonds_karp

from ..channels import ANY_STATUS, OPEN_CHANNELS, ChannelFilter, DatedGraph, dated
from ..countries import check_pair
from ..timeutil import Mode
from ..views import channel_graph, mechanism_graph, simple_graph
from ..vocabulary import OPEN


def direct_channels(
    G: nx.MultiDiGraph | DatedGraph,
    a: str,
    b: str,
    as_of: dt.date | str,
    channels: ChannelFilter = ANY_STATUS,
    *,
    mode: Mode = "possible",
) -> list[dict[str, Any]]:
    """Every channel linking ``a`` and ``b`` with its status on ``as_of`` (open ones first).

    A suspended channel names the event that suspended it (StatusChange ``TRIGGERED_BY``). Channels
    not yet recorded on ``as_of`` are left out. ``channels`` selects kinds, tracks and levels (every
    status by default: a suspended channel is listed as suspended).

    >>> from ddgraph.examples import tiny_graph
    >>> rows = direct_channels(tiny_graph(), "usa", "chn", "2023-01-01")
    >>> [(r["mechanism"], r["status"], r["event"]) for r in rows]
    [('forum', 'active', None), ('dtl', 'suspended', 'cut')]
    """
    check_pair(a, b)
    dg = dated(G, mode)
    G = dg.G
    CG = channel_graph(dg, as_of, channels, mode=mode)
    rows = []
    if a in CG and b in CG:
        for key, d in (CG.get_edge_data(a, b) or {}).items():
            ev = d.get("event")
            rows.append(
                {
                    "mechanism": key,
                    "name": d["name"],
                    "kind": d["kind"],
                    "track": d["track"],
                    "level": d["level"],
                    "status": d["status"],
                    "open": d["status"] in OPEN,
                    "since": d["from"],
                    "since_is_lower_bound": d.get("from_is_lower_bound", False),
                    "event": ev,
                    "event_name": G.nodes[ev].get("name") if ev in G else None,
                    "parties": d["parties"],
                    "last_use": d["last_use"],
                    "last_outcome": d["last_outcome"],
                    "sources": d["sources"],
                }
            )
    return sorted(rows, key=lambda r: (not r["open"], r["track"], r["mechanism"]))


def components(CG: nx.MultiGraph) -> list[list[str]]:
    """Connected components of countries, largest first, each sorted (isolated countries included).

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> components(channel_graph(tiny_graph(), "2000-01-01"))
    [['chn'], ['usa'], ['vnm']]
    """
    comps = [sorted(c) for c in nx.connected_components(CG)]
    return sorted(comps, key=lambda c: (-len(c), c))


def disjoint_routes(CG: nx.MultiGraph, a: str, b: str) -> dict[str, int]:
    """Edge-disjoint and internally node-disjoint ``a``--``b`` routes on the simple projection.

    A direct link counts as one route for both. ``{0, 0}`` when they are not connected.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> disjoint_routes(channel_graph(tiny_graph(), "2024-01-01"), "usa", "vnm")
    {'edge_disjoint': 2, 'node_disjoint': 2}
    """
    check_pair(a, b)
    if a not in CG or b not in CG:
        return {"edge_disjoint": 0, "node_disjoint": 0}
    flows = _flow_graphs(CG)
    s, t = flows.pos[a], flows.pos[b]
    node = int(flows.split.maxflow_value(s, flows.n + t))
    # node <= edge <= the smaller degree (Menger): when node reaches that bound, edge is known too
    bound = min(flows.degree[s], flows.degree[t])
    edge = node if node in (0, bound) else int(flows.directed().maxflow_value(s, t))
    return {"edge_disjoint": edge, "node_disjoint": node}


_FLOW_CACHE_KEY = "ddgraph.analysis.connectivity.flow_graphs"


class _FlowGraphs:
    """igraph flow networks of the simple projection of a channel graph (unit capacities).

    ``split``: every country ``i`` becomes ``i`` (out) and ``n + i`` (in) joined by an ``in -> out``
    arc, and every linked pair two ``out -> in`` arcs; the max flow from ``a`` (out) to ``b`` (in)
    is the number of internally node-disjoint routes, a direct link counting once. ``directed()``:
    both arcs of every linked pair; its max flow is the number of edge-disjoint routes.
    """

    def __init__(self, CG: nx.Graph) -> None:
        import igraph as ig

        adj = CG._adj  # the adjacency dicts: no view objects for 100k neighbour entries
        self.pos = {u: i for i, u in enumerate(adj)}
        self.n = n = len(self.pos)
        pos = self.pos
        pairs = [
            (i, j) for u, nbrs in adj.items() for i in (pos[u],) for j in map(pos.__getitem__, nbrs) if j > i
        ]
        self.pairs = pairs
        self.degree = [len(nbrs) - (u in nbrs) for u, nbrs in adj.items()]  # a self-loop is no route
        arcs = [(i, n + j) for i, j in pairs]
        arcs += [(j, n + i) for i, j in pairs]
        arcs += [(n + i, i) for i in range(n)]
        self.split = ig.Graph(n=2 * n, edges=arcs, directed=True)
        self._directed: ig.Graph | None = None

    def directed(self) -> Any:
        if self._directed is None:
            import igraph as ig

            self._directed = ig.Graph(
                n=self.n, edges=self.pairs + [(j, i) for i, j in self.pairs], directed=True
            )
        return self._directed


def _flow_graphs(CG: nx.Graph) -> _FlowGraphs:
    """The flow networks of ``CG``, cached on the graph until networkx reports a change.

    networkx clears ``G.__networkx_cache__`` in every method that adds or removes nodes or edges (it
    caches backend conversions there), which is exactly when the topology changes. A graph view
    shares the adjacency of a graph that may change under it: it is never cached.
    """
    cache = getattr(CG, "__networkx_cache__", None)
    if cache is None or hasattr(CG, "_graph"):
        return _FlowGraphs(CG)
    flows = cache.get(_FLOW_CACHE_KEY)
    if flows is None:
        flows = cache[_FLOW_CACHE_KEY] = _FlowGraphs(CG)
    return flows


def min_channel_cut(CG: nx.MultiGraph, a: str, b: str) -> list[str]:
    """A minimum set of mechanisms whose loss disconnects ``a`` from ``b`` (sorted ids; [] if apart).

    Computed as a minimum node cut restricted to mechanism nodes of the bipartite country--mechanism
    graph (each mechanism node is split with capacity 1, countries are uncuttable), so a trilateral
    that carries three links counts once.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> min_channel_cut(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn")
    ['dtl', 'forum', 'track2']
    """
    B = mechanism_graph(CG)
    if a not in B or b not in B or not nx.has_path(B, a, b):
        return []
    D = nx.DiGraph()
    for n in B.nodes:
        if isinstance(n, tuple):  # mechanism: in -> out with capacity 1
            D.add_edge((n, "in"), (n, "out"), capacity=1)
    for u, v in B.edges:
        m, c = (u, v) if isinstance(u, tuple) else (v, u)
        D.add_edge(c, (m, "in"))  # no capacity attribute = infinite
        D.add_edge((m, "out"), c)
    _, (reach, _) = nx.minimum_cut(D, a, b, flow_func=edmonds_karp)
    return sorted(
        n[1] for n in B.nodes if isinstance(n, tuple) and (n, "in") in reach and (n, "out") not in reach
    )


def bridges(CG: nx.MultiGraph) -> list[dict[str, Any]]:
    """Linked pairs whose loss splits a component (on the simple projection), with the channels carrying them.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> no_forum = ChannelFilter(exclude_kinds={"multilateral_forum"})
    >>> bridges(channel_graph(tiny_graph(), "2023-01-01", no_forum))
    []
    """
    S = simple_graph(CG)
    out = [{"a": min(u, v), "b": max(u, v), "channels": S[u][v]["keys"]} for u, v in nx.bridges(S)]
    return sorted(out, key=lambda r: (r["a"], r["b"]))


def articulation_points(CG: nx.MultiGraph) -> list[str]:
    """Countries whose loss splits their component, sorted.

    >>> import networkx as nx
    >>> articulation_points(nx.MultiGraph([("a", "b", "x"), ("b", "c", "y")]))
    ['b']
    """
    return sorted(nx.articulation_points(simple_graph(CG)))


def critical_channels(CG: nx.MultiGraph) -> list[str]:
    """Mechanisms whose loss alone splits some countries apart (cut nodes of the bipartite graph).

    >>> import networkx as nx
    >>> critical_channels(nx.MultiGraph([("a", "b", "x"), ("b", "c", "y"), ("a", "b", "z")]))
    ['y']
    """
    B = mechanism_graph(CG)
    return sorted(n[1] for n in nx.articulation_points(B) if isinstance(n, tuple))


def connectivity_summary(CG: nx.MultiGraph, a: str, b: str) -> dict[str, Any]:
    """Everything above for one pair: connected, hops, disjoint routes, minimum channel cut.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> connectivity_summary(channel_graph(tiny_graph(), "2023-01-01"), "usa", "chn")["hops"]
    1
    """
    S = simple_graph(CG)
    connected = a in S and b in S and nx.has_path(S, a, b)
    return {
        "a": a,
        "b": b,
        "connected": connected,
        "hops": nx.shortest_path_length(S, a, b) if connected else None,
        **disjoint_routes(CG, a, b),
        "min_channel_cut": min_channel_cut(CG, a, b),
        "component_size": len(nx.node_connected_component(S, a)) if a in S else 0,
    }


def channels_over(
    G: nx.MultiDiGraph | DatedGraph,
    a: str,
    b: str,
    days: Collection[dt.date],
    channels: ChannelFilter = ANY_STATUS,
    *,
    mode: Mode = "possible",
) -> dict[dt.date, list[dict[str, Any]]]:
    """:func:`direct_channels` on several days, reading the mechanisms once.

    >>> from ddgraph.examples import tiny_graph
    >>> import datetime as dt
    >>> len(channels_over(tiny_graph(), "usa", "chn", [dt.date(2023, 1, 1)])[dt.date(2023, 1, 1)])
    2
    """
    dg = dated(G, mode)
    return {d: direct_channels(dg, a, b, d, channels, mode=mode) for d in days}


#: The columns of ``ddgraph channels`` (table and csv).
CHANNEL_COLUMNS = [
    "mechanism",
    "name",
    "kind",
    "track",
    "level",
    "status",
    "since",
    "event",
    "last_use",
    "last_outcome",
    "sources",
    "since_is_lower_bound",
]


def pair_channels(
    G: nx.MultiDiGraph | DatedGraph,
    a: str,
    b: str,
    as_of: dt.date,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
) -> dict[str, Any]:
    """What ``ddgraph channels`` answers: the pair's direct channels and how well the pair connects.

    ``channels`` lists the direct channels of its kinds, tracks and levels in every status, and
    counts its statuses (open by default) for the connectivity: whether the pair is connected, the
    disjoint routes, the minimum channel cut, and the network's bridges, articulation points and
    critical channels.

    >>> import datetime as dt
    >>> from ddgraph.examples import tiny_graph
    >>> answer = pair_channels(tiny_graph(), "usa", "chn", dt.date(2023, 1, 1))
    >>> [r["mechanism"] for r in answer["channels"]], answer["connectivity"]["min_channel_cut"]
    (['forum', 'dtl'], ['forum'])
    """
    dg = dated(G, mode)
    rows = direct_channels(dg, a, b, as_of, channels.but(statuses=None), mode=mode)
    CG = channel_graph(dg, as_of, channels, mode=mode)
    summary = {
        **connectivity_summary(CG, a, b),
        "as_of": as_of.isoformat(),
        "articulation_points": articulation_points(CG),
        "critical_channels": critical_channels(CG),
        "bridges": [f"{r['a']}-{r['b']} ({', '.join(r['channels'])})" for r in bridges(CG)],
    }
    return {"channels": rows, "connectivity": summary}
