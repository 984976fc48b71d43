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

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
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
#: Partial routes a search extends at the most (:func:`route_search`); about a second of work.
MAX_EXPANDED = 50_000


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


def _hop_bounds(between: Between, u: Any, v: Any) -> tuple[int, int]:
    """The best track rank and the best level rank among the channels linking ``u`` and ``v``."""
    channels = between(u, v)
    return (
        min(TRACK_RANK.get(str(d.get("track")), 9) for d in channels.values()),
        min(LEVEL_RANK.get(str(d.get("level")), 9) for d in channels.values()),
    )


#: A hop's channels with their ranks, best first: ``(mechanism id, edge data, rank)``.
Options = list[tuple[str, dict[str, Any], tuple[int, int, str]]]


def _assign(
    between: Between, countries: list[str], cache: dict[tuple[Any, Any], Options] | None = None
) -> list[tuple[str, dict[str, Any]]] | None:
    """The best channel for each hop, no channel used twice (a repeated channel is a shortcut).

    Branch and bound over the hops, each hop's channels in rank order: a partial choice is dropped as
    soon as it, completed with the best channel of every remaining hop, cannot beat the best so far.
    The first best choice in that order wins, as an exhaustive search in the same order would pick.
    At most :data:`MAX_ASSIGNMENTS` partial choices are tried; beyond, the best found so far wins.
    ``cache`` keeps each pair's sorted channels between calls (a route search asks for many routes).
    """
    cache = {} if cache is None else cache
    options = []
    for u, v in zip(countries, countries[1:], strict=False):
        hop = cache.get((u, v))
        if hop is None:
            hop = cache[(u, v)] = sorted(
                ((k, d, _rank(d, k)) for k, d in between(u, v).items()), key=lambda o: o[2]
            )
        options.append(hop)
    n = len(options)
    # what the remaining hops add at the least: max and sum of their best track and level ranks
    rest = [(0, 0, 0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        t, lv = options[i][0][2][0], min(o[2][1] for o in options[i])
        mt, st, ml, sl = rest[i + 1]
        rest[i] = (max(mt, t), st + t, max(ml, lv), sl + lv)
    best: tuple[int, int, int, int] | None = None
    choice: list[tuple[str, dict[str, Any]]] | None = None
    picked: list[tuple[str, dict[str, Any]]] = []
    used: set[str] = set()
    tried = 0

    def walk(i: int, mt: int, st: int, ml: int, sl: int) -> None:
        nonlocal best, choice, tried
        if i == n:
            if best is None or (mt, st, ml, sl) < best:
                best, choice = (mt, st, ml, sl), list(picked)
            return
        for key, d, (t, lv, _) in options[i]:
            if key in used:
                continue
            tried += 1
            if tried > MAX_ASSIGNMENTS:
                return
            r = rest[i + 1]
            score = (max(mt, t), st + t, max(ml, lv), sl + lv)
            bound = (max(score[0], r[0]), score[1] + r[1], max(score[2], r[2]), score[3] + r[3])
            if best is not None and bound >= best:
                if bound[0] > best[0]:
                    return  # the channels left are of this track or weaker: none can do better
                continue
            used.add(key)
            picked.append((key, d))
            walk(i + 1, *score)
            picked.pop()
            used.discard(key)

    walk(0, 0, 0, 0, 0)
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


def _route_key(
    between: Between, countries: list[str], cache: dict[tuple[Any, Any], Options] | None = None
) -> tuple[Any, ...] | None:
    combo = _assign(between, countries, cache)
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
    return route_search(CG, a, b, fail=fail, max_hops=max_hops, track=track, k=k).routes


@dataclass(frozen=True)
class RouteSearch:
    """The answer of :func:`route_search`: the routes, and whether the search ran to its end.

    ``complete`` is False when :data:`MAX_EXPANDED` partial routes were extended before ``k`` routes
    were found: the routes given are then the first ones of the exact answer, in order, and fewer
    than asked. ``expanded`` counts the partial routes extended (the work done).
    """

    routes: list[dict[str, Any]]
    complete: bool
    expanded: int


def route_search(
    CG: nx.MultiGraph,
    a: str,
    b: str,
    *,
    fail: Collection[str] = (),
    max_hops: int | None = 4,
    track: str = "any",
    k: int | None = 10,
    budget: int | None = None,
) -> RouteSearch:
    """:func:`paths` with its bookkeeping: the best ``k`` routes found best first, with bounded work.

    For each route length from the shortest up, partial routes from ``a`` are extended best first by
    a lower bound of their final rank (each hop counted with its best channel): a route is only ever
    extended when it can still rank among the first ``k``, when its last country can reach ``b`` in
    the hops left, and when its hops can still take distinct channels. So the search stops at ``k``
    routes instead of enumerating every simple path, and at most ``budget`` (default
    :data:`MAX_EXPANDED`) partial routes are extended whatever the graph.

    >>> from ddgraph.views import channel_graph
    >>> from ddgraph.examples import tiny_graph
    >>> s = route_search(channel_graph(tiny_graph(), "2024-01-01"), "usa", "chn", k=1)
    >>> [r["countries"] for r in s.routes], s.complete
    ([['usa', 'chn']], True)
    """
    check_pair(a, b)
    usable_channels = _UsableChannels(CG, fail, track)
    if a not in CG or b not in CG:
        return RouteSearch([], True, 0)
    limit = len(CG) - 1 if max_hops is None else min(max_hops, len(CG) - 1)
    hops = _distance(usable_channels.neighbors, a, b, limit)
    if hops is None:
        return RouteSearch([], True, 0)
    search = _BestFirst(usable_channels, a, b, MAX_EXPANDED if budget is None else budget)
    found: list[list[Any]] = []
    complete = True
    for length in range(hops, limit + 1):
        if k is not None and len(found) >= k:
            break
        complete = search.routes(length, None if k is None else k - len(found), found)
        if not complete:
            break
    out = [_route(usable_channels.between, p) for p in found]
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return RouteSearch(out, complete, search.expanded)


class _BestFirst:
    """Best-first search of the routes of one length (see :func:`route_search`)."""

    def __init__(self, channels: _UsableChannels, a: Any, b: Any, budget: int) -> None:
        self.channels, self.a, self.b, self.budget = channels, a, b, budget
        self.expanded = 0
        self._bounds: dict[tuple[Any, Any], tuple[int, int]] = {}
        self._options: dict[tuple[Any, Any], Options] = {}
        # hops from b, grown one layer at a time as longer routes need them
        self._dist: dict[Any, int] = {b: 0}
        self._layer, self._depth = [b], 0

    def _within(self, v: Any, hops: int) -> bool:
        """Whether ``v`` is at most ``hops`` hops from ``b`` (breadth-first from ``b``, as deep as asked)."""
        while self._depth < hops and self._layer:
            nxt = []
            for u in self._layer:
                for w in self.channels.neighbors(u):
                    if w not in self._dist:
                        self._dist[w] = self._depth + 1
                        nxt.append(w)
            self._layer, self._depth = nxt, self._depth + 1
        d = self._dist.get(v)
        return d is not None and d <= hops

    def _hop(self, u: Any, v: Any) -> tuple[int, int]:
        bounds = self._bounds.get((u, v))
        if bounds is None:
            bounds = self._bounds[(u, v)] = _hop_bounds(self.channels.between, u, v)
        return bounds

    def routes(self, length: int, want: int | None, found: list[list[Any]]) -> bool:
        """Append the best ``want`` routes of ``length`` hops to ``found``; False when over budget."""
        a, b, between, nbrs = self.a, self.b, self.channels.between, self.channels.neighbors
        # (weakest track, sum of tracks, weakest level, sum of levels, countries, exact): a partial
        # route's tuple bounds from below those of all its completions, a whole route's is its key
        # and the channels of its hops (to see at once when a new hop brings a channel of its own)
        Entry = tuple[int, int, int, int, tuple[Any, ...], bool, frozenset[str]]
        heap: list[Entry] = [(0, 0, 0, 0, (a,), False, frozenset())]
        got = 0
        while heap:
            mt, st, ml, sl, path, exact, used = heapq.heappop(heap)
            if exact:
                found.append(list(path))
                got += 1
                if want is not None and got >= want:
                    return True
                continue
            if self.expanded >= self.budget:
                return False
            self.expanded += 1
            left = length - len(path)  # hops left after the next one
            u = path[-1]
            for v in nbrs(u):
                if v in path or (v == b) != (left == 0) or (left and not self._within(v, left)):
                    continue
                hop = between(u, v)
                countries = [*path, v]
                if hop.keys() <= used and not _distinct_possible(between, countries):
                    continue
                if v == b:
                    key = _route_key(between, countries, self._options)
                    if key is not None:
                        heapq.heappush(heap, (*key[1:5], tuple(countries), True, used))
                    continue
                t, lv = self._hop(u, v)
                heapq.heappush(
                    heap,
                    (max(mt, t), st + t, max(ml, lv), sl + lv, tuple(countries), False, used | hop.keys()),
                )
        return True


def _distinct_possible(between: Between, countries: list[Any]) -> bool:
    """Whether the hops can take one channel each, none twice (a matching of hops to channels).

    The search asks only when every channel of the last hop also links an earlier hop (else the
    last hop takes one of its own); hops are few, so augmenting paths from scratch are cheap.
    """
    hops = [between(u, v) for u, v in zip(countries, countries[1:], strict=False)]
    owner: dict[str, int] = {}

    def augment(i: int, seen: set[str]) -> bool:
        for key in hops[i]:
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or augment(owner[key], seen):
                owner[key] = i
                return True
        return False

    return all(augment(i, set()) for i in range(len(hops)))


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
        self._between: dict[tuple[Any, Any], Mapping[str, dict[str, Any]]] = {}

    def _ok(self, key: str, d: Mapping[str, Any]) -> bool:
        return key not in self._failed and (self._allowed is None or d.get("track") in self._allowed)

    def between(self, u: Any, v: Any) -> Mapping[str, dict[str, Any]]:
        channels = self._between.get((u, v))
        if channels is None:  # a plain dict, filtered once: a search asks for the same pairs often
            channels = self._between[(u, v)] = {
                k: d for k, d in self._adj[u][v].items() if self._everything or self._ok(k, d)
            }
        return channels

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
