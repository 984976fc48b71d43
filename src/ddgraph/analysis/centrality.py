"""Centrality of countries (channel graph) and officials (person graph): degree, betweenness, PageRank,
brokerage.

* :func:`degree` -- partners (distinct neighbours), channels (distinct mechanisms, channel graph) or
  strength (summed weights, person graph);
* :func:`betweenness` -- shortest-path betweenness in hops, computed by igraph (C) and equal to
  ``networkx.betweenness_centrality`` within 1e-9; above ``sample_above`` edges it is estimated from
  ``k`` seeded random pivots (Brandes--Pich), with the Hoeffding bound of
  :func:`betweenness_error` on every node's error;
* :func:`pagerank` -- igraph's PRPACK PageRank, ties weighted by the number of channels / events;
* :func:`brokerage` -- Burt's constraint (low = broker) and effective size (high = broker), weighted,
  in C (igraph) and equal to networkx's within 1e-9.

A channel graph (``MultiGraph``) is first projected to a simple graph with ``weight`` = number of
channels; a person graph is already simple with ``weight`` = events together.

Examples
--------
>>> import networkx as nx
>>> betweenness(nx.path_graph(3))
{0: 0.0, 1: 1.0, 2: 0.0}
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from ..views import simple_graph

if TYPE_CHECKING:
    import igraph as ig

#: Above this many edges, betweenness is estimated from pivots.
SAMPLE_ABOVE = 100_000
#: Default number of pivots when sampling (error bound ~0.043 at 95% per node).
DEFAULT_PIVOTS = 1000


def _simple(G: nx.Graph) -> nx.Graph:
    if G.is_multigraph():
        return simple_graph(G)  # type: ignore[arg-type]
    return G


def _to_igraph(S: nx.Graph, weight: str | None = None) -> tuple[ig.Graph, list[Hashable]]:
    nodes = list(S.nodes)
    pos = {n: i for i, n in enumerate(nodes)}
    import igraph as ig  # loaded on first use (it imports matplotlib)

    g = ig.Graph(n=len(nodes), edges=[(pos[u], pos[v]) for u, v in S.edges()], directed=False)
    if weight is not None:
        g.es["weight"] = [float(d.get(weight, 1)) for _, _, d in S.edges(data=True)]
    return g, nodes


def betweenness_error(n: int, k: int, delta: float = 0.05) -> float:
    """Bound on the error of a node's normalized betweenness estimated from ``k`` of ``n`` pivots.

    With probability at least ``1 - delta``, per node: Hoeffding on the pivots' dependencies, each in
    ``[0, n-2]``: ``eps = n/(n-1) * sqrt(ln(2/delta) / (2k))`` (0 when every node is a pivot).

    >>> round(betweenness_error(10_000, 1000), 3)
    0.043
    """
    if k >= n:
        return 0.0
    return n / (n - 1) * math.sqrt(math.log(2 / delta) / (2 * k))


def betweenness(
    G: nx.Graph,
    *,
    normalized: bool = True,
    sample_above: int = SAMPLE_ABOVE,
    k: int = DEFAULT_PIVOTS,
    seed: int = 0,
    info: dict[str, Any] | None = None,
    pivots: Sequence[Hashable] | None = None,
) -> dict[Hashable, float]:
    """Betweenness in hops of every node (undirected), normalized as networkx does.

    Exact below ``sample_above`` edges; above it, estimated from ``k`` pivots drawn with ``seed``
    (or from the given ``pivots``, a way to check a sampler). ``info`` (a dict), when given,
    receives ``exact``, ``pivots``, ``error_bound`` (Hoeffding: holds for every graph with 95%
    probability per node, on the scale of the result) and ``std_error``: per node, the standard error
    of its estimate from the spread of the pivots' own estimates (their sample standard deviation
    over sqrt(k), with the finite-population correction; 0 when exact). For a uniform sampler the
    root-mean-square error over the nodes is about the root-mean-square ``std_error`` (one
    fluctuates with the other, the errors of one sample being correlated); a biased sampler's error
    exceeds it, while staying far below the worst-case Hoeffding bound.

    >>> import networkx as nx
    >>> info = {}
    >>> b = betweenness(nx.star_graph(3), info=info)
    >>> b[0], info["exact"]
    (1.0, True)
    """
    S = _simple(G)
    n = S.number_of_nodes()
    g, nodes = _to_igraph(S)
    exact = pivots is None and (S.number_of_edges() <= sample_above or k >= n)
    scale = 2.0 / ((n - 1) * (n - 2)) if normalized and n > 2 else 1.0
    if exact:
        est = np.asarray(g.betweenness(directed=False), dtype=float) * scale
        se = np.zeros(n)
        used = n
    else:
        if pivots is None:
            sources = sorted(random.Random(seed).sample(range(n), k))
        else:
            pos = {x: i for i, x in enumerate(nodes)}
            sources = [pos[x] for x in pivots]
        used = len(sources)
        # each pivot's own estimate of every node's betweenness: its dependencies times n
        total, squares = np.zeros(n), np.zeros(n)
        for src in sources:
            y = np.asarray(g.betweenness(directed=False, sources=[src], targets=None), dtype=float)
            y *= n * scale
            total += y
            squares += y * y
        est = total / used
        var = np.maximum(squares / used - est * est, 0.0) * used / max(used - 1, 1)
        se = np.sqrt(var / used * max(n - used, 0) / max(n - 1, 1))
    if info is not None:
        info.update(
            exact=exact,
            pivots=used,
            error_bound=0.0
            if exact
            else betweenness_error(n, used) * (1.0 if normalized else (n - 1) * (n - 2) / 2),
            std_error={node: float(x) for node, x in zip(nodes, se, strict=True)},
        )
    return {node: float(x) for node, x in zip(nodes, est, strict=True)}


def pagerank(G: nx.Graph, *, damping: float = 0.85, weight: str | None = "weight") -> dict[Hashable, float]:
    """PageRank (igraph PRPACK), ties weighted by ``weight`` (channels or events); sums to 1.

    >>> import networkx as nx
    >>> pr = pagerank(nx.path_graph(3))
    >>> round(sum(pr.values()), 9), pr[1] > pr[0]
    (1.0, True)
    """
    S = _simple(G)
    if S.number_of_nodes() == 0:
        return {}
    w = weight if weight is not None and S.number_of_edges() else None
    g, nodes = _to_igraph(S, w)
    scores = g.pagerank(directed=False, damping=damping, weights="weight" if w else None)
    return {node: float(x) for node, x in zip(nodes, scores, strict=True)}


def degree(G: nx.Graph) -> dict[Hashable, dict[str, int | float]]:
    """Partners (distinct neighbours) and channels (distinct mechanisms) or strength (summed ``weight``).

    >>> import networkx as nx
    >>> M = nx.MultiGraph([("a", "b", "x"), ("a", "b", "y"), ("a", "c", "x"), ("b", "c", "x")])
    >>> degree(M)["a"]
    {'partners': 2, 'channels': 2}
    """
    S = _simple(G)
    out: dict[Hashable, dict[str, int | float]] = {}
    for n in S.nodes:
        row: dict[str, int | float] = {"partners": S.degree(n)}
        if G.is_multigraph():
            row["channels"] = len({k for *_, k in G.edges(n, keys=True)})
        else:
            row["strength"] = S.degree(n, weight="weight")
        out[n] = row
    return out


def brokerage(G: nx.Graph, *, weight: str | None = "weight") -> dict[Hashable, dict[str, float | None]]:
    """Burt's constraint (lower = more brokerage) and effective size (higher = more); None for isolates.

    Both are computed in C by igraph, and equal ``networkx.constraint`` and ``networkx.effective_size``
    (weighted) within 1e-9: the constraint is igraph's; the effective size of ``u`` is its number of
    neighbours minus its redundancy ``sum_v sum_w p_uw m_vw``, which is non-zero only over the
    triangles ``u, v, w`` (listed by igraph), with ``p_uw`` = the tie's share of ``u``'s summed weights
    and ``m_vw`` = the tie's weight over ``v``'s strongest tie.

    >>> import networkx as nx
    >>> b = brokerage(nx.star_graph(2))
    >>> b[0]["effective_size"], round(b[0]["constraint"], 3)
    (2.0, 0.5)
    """
    S = _simple(G)
    g, nodes = _to_igraph(S, weight)
    n, m = g.vcount(), g.ecount()
    w = np.asarray(g.es["weight"], dtype=float) if weight is not None and m else np.ones(m)
    constraint = g.constraint(weights=w.tolist()) if m else [math.nan] * n
    ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    strength = np.bincount(ends.ravel(), weights=np.repeat(w, 2), minlength=n)
    strongest = np.zeros(n)
    np.maximum.at(strongest, ends[:, 0], w)
    np.maximum.at(strongest, ends[:, 1], w)
    redundancy = np.zeros(n)
    tri = np.asarray(g.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri):
        x, y, z = tri.T
        wxy, wyz, wxz = (w[g.get_eids(np.stack(p, axis=1).tolist())] for p in ((x, y), (y, z), (x, z)))
        # u's redundancy through v: sum over its other neighbours w of p_uw * m_vw
        np.add.at(redundancy, x, (wxz * wyz / strongest[y] + wxy * wyz / strongest[z]) / strength[x])
        np.add.at(redundancy, y, (wxy * wxz / strongest[z] + wyz * wxz / strongest[x]) / strength[y])
        np.add.at(redundancy, z, (wxz * wxy / strongest[y] + wyz * wxy / strongest[x]) / strength[z])
    degree = np.asarray(g.degree(), dtype=float)
    size = degree - redundancy

    def clean(x: float) -> float | None:
        return None if x is None or math.isnan(x) else float(x)

    return {
        node: {
            "constraint": clean(constraint[i]) if degree[i] else None,
            "effective_size": clean(size[i]) if degree[i] else None,
        }
        for i, node in enumerate(nodes)
    }


def centrality_table(
    G: nx.Graph,
    *,
    seed: int = 0,
    info: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Every measure for every node, one row per node, sorted by betweenness then PageRank (descending).

    >>> import networkx as nx
    >>> [r["node"] for r in centrality_table(nx.path_graph(3))][:1]
    [1]
    """
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("degree", lambda: degree(G)),
        ("betweenness", lambda: betweenness(G, seed=seed, info=info)),
        ("pagerank", lambda: pagerank(G)),
        ("brokerage", lambda: brokerage(G)),
    ]
    results: dict[str, Any] = {}
    for name, fn in steps:
        results[name] = fn()
        if progress is not None:
            progress(name)
    rows = []
    for n, data in G.nodes(data=True):
        rows.append(
            {
                "node": n,
                "name": data.get("name", n),
                **results["degree"][n],
                "betweenness": results["betweenness"][n],
                "pagerank": results["pagerank"][n],
                **results["brokerage"][n],
            }
        )
    rows.sort(key=lambda r: (-r["betweenness"], -r["pagerank"], str(r["node"])))
    return rows
