"""Channel-breakdown paths: when the direct channels are down, which routes remain, and which channel matters.

:func:`paths` ranks the routes between two countries in a channel graph
(:func:`ddgraph.views.channel_graph`, which already leaves out channels recorded as suspended or
dormant) after failing some channels on purpose. Routes are ranked by

1. number of hops (fewer is better);
2. the route's weakest track (a chain is as official as its least official hop: 1 < 1.5 < 2), then
   the sum of the hop tracks;
3. the route's weakest level (leader < ministerial < senior official < working), then the sum;
4. the country sequence (for a stable order).

Each hop names its channel and lists the other channels that also link that pair. A route never
uses one channel on two hops: a channel (a multilateral forum) that links both hops' countries links
the ends directly, so going "through" a third member of the same forum is not another route.
:func:`channel_criticality` measures, for every channel, what the pair loses without it.

Examples
--------
>>> from ddgraph.views import channel_graph
>>> from ddgraph.examples import tiny_graph
>>> CG = channel_graph(tiny_graph(), "2024-01-01")
>>> [r["countries"] for r in paths(CG, "usa", "chn", fail=["dtl", "track2"])]
[['usa', 'chn']]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import networkx as nx

from .. import vocabulary
from ..countries import check_pair
from ..errors import BadArgument
from ..views import simple_graph
from ..vocabulary import LEVEL_RANK, TRACK_RANK
from .connectivity import disjoint_routes

#: ``track=`` choices: which channel tracks a route may use.
#: "1" official channels only, "1.5" Track 1.5 only, "2" every unofficial track (1.5 and 2), "any" all.
TRACKS: dict[str, frozenset[str] | None] = {
    **{t: frozenset({t}) for t in vocabulary.TRACKS},
    vocabulary.TRACKS[-1]: frozenset(vocabulary.TRACKS[1:]),
    "any": None,
}
#: Channel assignments tried per route (hops x parallel channels); beyond, the best found so far wins.
MAX_ASSIGNMENTS = 100_000


def _rank(d: dict[str, Any], key: str) -> tuple[int, int, str]:
    return TRACK_RANK.get(str(d.get("track")), 9), LEVEL_RANK.get(str(d.get("level")), 9), key


def usable(CG: nx.MultiGraph, *, fail: Iterable[str] = (), track: str = "any") -> nx.MultiGraph:
    """``CG`` without the failed channels and the channels of other tracks.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> sorted(k for *_, k in usable(channel_graph(tiny_graph(), "2024-01-01"), track="2").edges(keys=True))
    ['track2']
    """
    if track not in TRACKS:
        raise BadArgument(f"unknown track {track!r}; expected one of {', '.join(TRACKS)}")
    allowed, failed = TRACKS[track], set(fail)
    H = nx.MultiGraph()
    H.graph.update(CG.graph)
    H.add_nodes_from(CG.nodes(data=True))
    H.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in CG.edges(keys=True, data=True)
        if k not in failed and (allowed is None or d.get("track") in allowed)
    )
    return H


#: The channels linking a pair of countries: ``between(u, v) -> {mechanism id: edge data}``.
Between = Callable[[Any, Any], Mapping[str, dict[str, Any]]]


def _assign(between: Between, countries: list[str]) -> list[tuple[str, dict[str, Any]]] | None:
    """The best channel for each hop, no channel used twice (a repeated channel is a shortcut)."""
    options = [
        sorted(between(u, v).items(), key=lambda kd: _rank(kd[1], kd[0]))
        for u, v in zip(countries, countries[1:], strict=False)
    ]
    best: tuple[Any, ...] | None = None
    choice: list[tuple[str, dict[str, Any]]] | None = None
    for combo in itertools.islice(itertools.product(*options), MAX_ASSIGNMENTS):
        keys = [k for k, _ in combo]
        if len(set(keys)) < len(keys):
            continue
        ranks = [_rank(d, k) for k, d in combo]
        tracks, levels = [r[0] for r in ranks], [r[1] for r in ranks]
        score = (max(tracks), sum(tracks), max(levels), sum(levels))
        if best is None or score < best:
            best, choice = score, list(combo)
    return choice


def route_key(CG: nx.MultiGraph, countries: list[str]) -> tuple[Any, ...] | None:
    """The ranking key of a route given by its countries (None when every assignment repeats a channel).

    ``(hops, weakest track, sum of tracks, weakest level, sum of levels, countries)``, ranks from
    :data:`ddgraph.vocabulary.TRACK_RANK` and :data:`ddgraph.vocabulary.LEVEL_RANK`.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> route_key(channel_graph(tiny_graph(), "2024-01-01"), ["usa", "chn"])
    (1, 0, 0, 1, 1, ('usa', 'chn'))
    """
    return _route_key(CG.get_edge_data, countries)


def _route_key(between: Between, countries: list[str]) -> tuple[Any, ...] | None:
    combo = _assign(between, countries)
    if combo is None:
        return None
    ranks = [_rank(d, k) for k, d in combo]
    tracks, levels = [r[0] for r in ranks], [r[1] for r in ranks]
    return len(ranks), max(tracks), sum(tracks), max(levels), sum(levels), tuple(countries)


def _route(between: Between, countries: list[str]) -> dict[str, Any]:
    combo = _assign(between, countries)
    assert combo is not None
    steps = []
    for (u, v), (key, d) in zip(zip(countries, countries[1:], strict=False), combo, strict=True):
        channels = between(u, v)
        others = sorted((k for k in channels if k != key), key=lambda k: _rank(channels[k], k))
        steps.append(
            {
                "from": u,
                "to": v,
                "channel": key,
                "name": d.get("name"),
                "kind": d.get("kind"),
                "track": d.get("track"),
                "level": d.get("level"),
                "status": d.get("status"),
                "since": d.get("from"),
                "sources": list(d.get("sources", ())),
                "alternatives": others,
            }
        )
    worst_track = max((s["track"] for s in steps), key=lambda t: TRACK_RANK.get(str(t), 9))
    worst_level = max((s["level"] for s in steps), key=lambda lv: LEVEL_RANK.get(str(lv), 9))
    return {
        "hops": len(steps),
        "countries": countries,
        "track": worst_track,
        "level": worst_level,
        "steps": steps,
    }


def paths(
    CG: nx.MultiGraph,
    a: str,
    b: str,
    *,
    fail: Collection[str] = (),
    max_hops: int | None = 4,
    track: str = "any",
    k: int | None = 10,
) -> list[dict[str, Any]]:
    """The best ``k`` routes from ``a`` to ``b`` of at most ``max_hops`` hops, after failing ``fail``.

    Parameters
    ----------
    CG : a channel graph as of a date.
    fail : mechanism ids to treat as down (in addition to those recorded as not open).
    max_hops : longest route considered (None = any length; beware of large graphs).
    track : ``"1"`` official channels only, ``"2"`` unofficial (1.5 and 2) only, ``"1.5"``, or ``"any"``.
    k : number of routes to return (None = all within ``max_hops``).

    Returns
    -------
    list of dict
        ``rank``, ``hops``, ``countries``, ``track`` and ``level`` (the weakest hop's), and ``steps``:
        for each hop ``from``, ``to``, ``channel``, ``name``, ``kind``, ``track``, ``level``, ``status``,
        ``since``, ``sources``, ``alternatives`` (other channels linking the same pair).

    Examples
    --------
    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> r = paths(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", k=1)[0]
    >>> r["steps"][0]["channel"], r["steps"][0]["alternatives"]
    ('dtl', ['forum', 'track2'])
    """
    check_pair(a, b)
    usable_channels = _UsableChannels(CG, fail, track)
    nbrs = usable_channels.neighbors
    if a not in CG or b not in CG:
        return []
    hops = _distance(nbrs, a, b, max_hops)
    if hops is None:
        return []
    # Every route of each length, shortest first; the ranking key ends with the countries, so the
    # order in which one length's routes are found does not matter.
    found: list[tuple[tuple[Any, ...], list[str]]] = []
    while (max_hops is None or hops <= max_hops) and hops < len(CG):
        if k is not None and len(found) >= k and hops > found[k - 1][0][0]:
            break  # every route of this length ranks after the k already found
        for path in _simple_paths(nbrs, a, b, hops):
            key = _route_key(usable_channels.between, path)
            if key is not None:
                found.append((key, path))
        found.sort()
        hops += 1
    out = [_route(usable_channels.between, p) for _, p in (found[:k] if k is not None else found)]
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


class _UsableChannels:
    """The channels of ``CG`` that :func:`usable` keeps, read in place rather than copied.

    Copying a 50,000-edge channel graph (and projecting it) costs far more than the few hundred
    pairs a route search looks at, so the filter is applied to the pairs it reaches, once each.
    """

    def __init__(self, CG: nx.MultiGraph, fail: Iterable[str], track: str) -> None:
        if track not in TRACKS:
            raise BadArgument(f"unknown track {track!r}; expected one of {', '.join(TRACKS)}")
        self._adj = CG.adj
        self._allowed, self._failed = TRACKS[track], set(fail)
        self._everything = self._allowed is None and not self._failed
        self._neighbors: dict[Any, list[Any]] = {}

    def _ok(self, key: str, d: Mapping[str, Any]) -> bool:
        return key not in self._failed and (self._allowed is None or d.get("track") in self._allowed)

    def between(self, u: Any, v: Any) -> Mapping[str, dict[str, Any]]:
        channels = self._adj[u][v]
        if self._everything:
            return channels
        return {k: d for k, d in channels.items() if self._ok(k, d)}

    def neighbors(self, u: Any) -> Collection[Any]:
        if self._everything:
            return self._adj[u]
        nbrs = self._neighbors.get(u)
        if nbrs is None:
            nbrs = self._neighbors[u] = [
                v for v, channels in self._adj[u].items() if any(self._ok(k, d) for k, d in channels.items())
            ]
        return nbrs


Neighbors = Callable[[Any], Collection[Any]]


def _distance(nbrs: Neighbors, a: Any, b: Any, limit: int | None) -> int | None:
    """Hops of a shortest ``a``--``b`` route (bidirectional breadth-first); None beyond ``limit`` or apart."""
    seen_a, seen_b = {a}, {b}
    front_a, front_b = [a], [b]
    depth = 0  # depth of front_a + depth of front_b; no route is that short
    while front_a and front_b:
        if limit is not None and depth >= limit:
            return None
        if len(front_a) > len(front_b):
            front_a, front_b, seen_a, seen_b = front_b, front_a, seen_b, seen_a
        nxt = []
        for u in front_a:
            for v in nbrs(u):
                if v in seen_b:
                    return depth + 1
                if v not in seen_a:
                    seen_a.add(v)
                    nxt.append(v)
        front_a = nxt
        depth += 1
    return None


def _walks(nbrs: Neighbors, start: Any, hops: int, avoid: Any) -> list[tuple[Any, ...]]:
    """Every simple path of ``hops`` hops from ``start`` that does not visit ``avoid``."""
    level: list[tuple[Any, ...]] = [(start,)]
    for _ in range(hops):
        level = [p + (v,) for p in level for v in nbrs(p[-1]) if v != avoid and v not in p]
    return level


def _simple_paths(nbrs: Neighbors, a: Any, b: Any, hops: int) -> Iterable[list[Any]]:
    """Every simple ``a``--``b`` path of exactly ``hops`` hops, met in the middle.

    Half-paths of ``hops // 2`` hops are grown from ``b`` and grouped by their far end; half-paths
    from ``a`` take their last hop only onto such an end, and the two halves must not share a country.
    """
    if hops == 1:
        if b in nbrs(a):
            yield [a, b]
        return
    ends: dict[Any, list[tuple[Any, ...]]] = {}
    for q in _walks(nbrs, b, hops // 2, avoid=a):
        ends.setdefault(q[-1], []).append(q)
    for p in _walks(nbrs, a, hops - hops // 2 - 1, avoid=b):
        for m in nbrs(p[-1]):
            if m in ends and m not in p:
                for q in ends[m]:
                    if not any(x in p for x in q[1:-1]):
                        yield [*p, m, *reversed(q[:-1])]


def channel_criticality(
    CG: nx.MultiGraph, a: str, b: str, *, fail: Collection[str] = (), track: str = "any"
) -> list[dict[str, Any]]:
    """What the pair ``a``, ``b`` loses without each channel (most critical first).

    For every channel in the pair's component: whether the pair stays connected, the number of
    edge- and node-disjoint routes, and the shortest route length, with and without it. Sorted by
    (disconnects, drop in edge-disjoint routes, drop in node-disjoint routes, added hops, id).

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> rows = channel_criticality(channel_graph(tiny_graph(), "2023-01-01"), "usa", "chn")
    >>> [(r["channel"], r["disconnects"], r["edge_disjoint_drop"]) for r in rows]
    [('forum', True, 2)]
    """
    H = usable(CG, fail=fail, track=track)
    S = simple_graph(H)
    if a not in S or b not in S or not nx.has_path(S, a, b):
        return []
    comp = nx.node_connected_component(S, a)
    base = _measure(H, a, b)
    rows = []
    keys = sorted({kk for u, _, kk in H.edges(keys=True) if u in comp})
    for key in keys:
        data = next(d for *_, kk, d in H.edges(keys=True, data=True) if kk == key)
        after = _measure(usable(H, fail=[key]), a, b)
        rows.append(
            {
                "channel": key,
                "name": data.get("name"),
                "kind": data.get("kind"),
                "track": data.get("track"),
                "disconnects": not after["connected"],
                "edge_disjoint": base["edge_disjoint"],
                "edge_disjoint_after": after["edge_disjoint"],
                "edge_disjoint_drop": base["edge_disjoint"] - after["edge_disjoint"],
                "node_disjoint_drop": base["node_disjoint"] - after["node_disjoint"],
                "hops": base["hops"],
                "hops_after": after["hops"],
                "added_hops": (after["hops"] - base["hops"]) if after["connected"] else None,
            }
        )
    rows.sort(
        key=lambda r: (
            not r["disconnects"],
            -r["edge_disjoint_drop"],
            -r["node_disjoint_drop"],
            -(r["added_hops"] or 0),
            r["channel"],
        )
    )
    return rows


def _measure(H: nx.MultiGraph, a: str, b: str) -> dict[str, Any]:
    S = simple_graph(H)
    connected = nx.has_path(S, a, b)
    return {
        "connected": connected,
        "hops": nx.shortest_path_length(S, a, b) if connected else None,
        **disjoint_routes(H, a, b),
    }


def route_rows(routes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Routes of :func:`paths` as flat rows (one per route) for a table or CSV.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> route_rows(paths(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", k=1))[0]["channels"]
    ['usa-chn: dtl (resumed)']
    """
    return [
        {
            "rank": r["rank"],
            "hops": r["hops"],
            "route": " > ".join(r["countries"]),
            "track": r["track"],
            "level": r["level"],
            "channels": [f"{s['from']}-{s['to']}: {s['channel']} ({s['status']})" for s in r["steps"]],
            "sources": sorted({x for s in r["steps"] for x in s["sources"]}),
        }
        for r in routes
    ]
