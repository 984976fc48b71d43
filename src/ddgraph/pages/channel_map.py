"""The channel map page: countries and their open channels, with a time slider over the change points.

The channel graph only changes at a *change point* (a status starts or ends, a country joins or leaves).
:func:`map_data` precomputes what the page needs at every change point from the library's dated views:
the open channels as interval edges (:func:`ddgraph.analysis.timeline.interval_edges`, whose edges alive
on a day are exactly those of :func:`ddgraph.views.channel_graph` on that day) stored once each with the
change points they are open at, and each country's centrality at every change point
(:mod:`ddgraph.analysis.centrality` on :func:`ddgraph.views.channel_graph`). The page draws the snapshot
in force on the chosen day: moving the slider never recomputes a graph, and the page stays small.

Node positions are computed once for all dates (a seeded spring layout of every channel ever), so a
country does not move while the slider does.

Examples
--------
>>> from ddgraph.examples import tiny_graph
>>> data = map_data(tiny_graph())
>>> data["points"][:3]
['2008-03-01', '2010-01-01', '2022-08-05']
>>> i = data["points"].index("2022-08-05")
>>> sorted(e[2] for e in data["edges"] if any(s <= i and (t is None or i < t) for s, t in e[3]))
['forum', 'forum', 'forum']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from ..analysis.centrality import betweenness, degree, pagerank
from ..analysis.timeline import interval_edges
from ..channels import OPEN_CHANNELS, ChannelFilter, DatedGraph, dated
from ..model import MechanismKind, Track
from ..timeutil import Mode
from ..views import channel_graph
from ..vocabulary import STATUSES
from .page import PageError, esc, render_page
from .timeline import source_info

#: Node size measures the page offers (computed on each day's channel graph), the first is the default.
MEASURES = ("pagerank", "betweenness", "partners", "channels")
#: Colours of mechanism kinds, in the model's order (Tableau 10, then two more).
KIND_COLORS = dict(
    zip(
        [k.value for k in MechanismKind],
        [
            "#d62728",
            "#9467bd",
            "#1f77b4",
            "#ff7f0e",
            "#8c564b",
            "#7f7f7f",
            "#2ca02c",
            "#e377c2",
            "#17becf",
            "#bcbd22",
            "#393b79",
            "#637939",
        ],
        strict=False,
    )
)


def _round(x: float) -> float:
    return 0.0 if not x else float(f"{x:.3g}")  # three digits size a node; more only weigh the page


def _last_row(rows: list[list[float] | None]) -> list[float] | None:
    return next((r for r in reversed(rows) if r is not None), None)


def _layout(idx: dict[str, Any], countries: list[str]) -> dict[str, tuple[float, float]]:
    """One position per country for every date: a Kamada-Kawai layout (igraph) of all channels ever.

    Countries sharing a bilateral or trilateral channel are one unit apart, those that only meet in a
    forum three (a forum links every member to every other and would make everything one blob).
    Countries without any channel go on a row below the others.
    """
    S = nx.Graph()
    for ch in idx.values():
        members = [c for c in ch.countries if c in countries]
        d = 1.0 if len(members) <= 3 else 3.0
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                if not S.has_edge(u, v) or S[u][v]["distance"] > d:
                    S.add_edge(u, v, distance=d)
    linked = sorted(S.nodes)
    out: dict[str, tuple[float, float]] = {}
    if linked:
        comps = sorted(nx.connected_components(S), key=lambda c: (-len(c), min(c)))
        H = S.copy()
        for c1, c2 in zip(comps, comps[1:], strict=False):  # one layout: join the components loosely
            H.add_edge(min(c1), min(c2), distance=4.0)
        nodes = sorted(H.nodes)
        at = {n: i for i, n in enumerate(nodes)}
        import igraph as ig  # loaded on first use (it imports matplotlib)

        g = ig.Graph(n=len(nodes), edges=[(at[u], at[v]) for u, v in H.edges()])
        # igraph's Kamada-Kawai starts from a circle: deterministic, and longer edges for larger weights
        coords = g.layout_kamada_kawai(weights=[d for *_, d in H.edges(data="distance")]).coords
        pos = {n: (coords[at[n]][0], coords[at[n]][1]) for n in nodes}
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        out = {
            n: (round((p[0] - min(xs)) / span, 4), round(0.9 * (p[1] - min(ys)) / span, 4))
            for n, p in pos.items()
        }
    alone = [c for c in countries if c not in out]
    for i, c in enumerate(alone):
        out[c] = (round((i + 0.5) / len(alone), 4), 1.0)
    return out


def map_data(
    G: nx.MultiDiGraph | DatedGraph,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
    initial: dt.date | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Change points, countries (with positions), open channels and daily centrality, as JSON-able data.

    ``edges`` are ``[u, v, mechanism, [[first, stop], ...]]`` with country indexes into ``countries``
    and change-point indexes: the edge is drawn at change point ``i`` when ``first <= i < stop`` (stop
    None: still open). ``sizes[measure][i][k]`` is country ``k``'s measure on change point ``i`` (a
    row equal to the one before is ``null``, expanded by the page).
    ``channels`` says which channels are drawn on a day, as in :func:`ddgraph.views.channel_graph`
    (the page states it: :meth:`ChannelFilter.describe`); ``initial`` is the day shown first
    (default: the last change point).
    """
    selected = channels
    dg = dated(G, mode)
    G = dg.G
    kept = {k: ch for k, ch in dg.index.items() if selected.keeps(ch)}
    edges = interval_edges(dg, selected, mode=mode)
    days = {e.start for e in edges} | {e.end for e in edges if e.end is not None}
    days.update(p.start for ch in kept.values() for p in ch.periods)
    event_days = [
        dt.date.fromisoformat(d["date"])
        for _, d in G.nodes(data=True)
        if "Event" in d.get("labels", ()) and d.get("date")
    ]
    if event_days:
        days.update((min(event_days), max(event_days)))
    if not days:
        raise PageError("no dated channel to draw")
    points = sorted(days)
    at = {d: i for i, d in enumerate(points)}
    countries = sorted(n for n, d in G.nodes(data=True) if "Country" in d.get("labels", ()))
    cpos = {c: i for i, c in enumerate(countries)}
    pos = _layout(kept, countries)
    spans: dict[tuple[str, str, str], list[list[int | None]]] = {}
    for e in edges:
        u, v = sorted((str(e.u), str(e.v)))
        stop = at[e.end] if e.end is not None else None
        spans.setdefault((u, v, str(e.key)), []).append([at[e.start], stop])
    sizes: dict[str, list[list[float]]] = {m: [] for m in MEASURES}
    for day in points:
        CG = channel_graph(dg, day, selected, mode=mode)
        deg = degree(CG)
        scores = {
            "pagerank": pagerank(CG),
            "betweenness": betweenness(CG, seed=seed),
            "partners": {n: deg[n]["partners"] for n in deg},
            "channels": {n: deg[n].get("channels", 0) for n in deg},
        }
        for m in MEASURES:
            row = [_round(float(scores[m].get(c, 0.0))) for c in countries]
            # a day whose scores equal the day before's is null: the page repeats the previous row
            sizes[m].append(None if sizes[m] and _last_row(sizes[m]) == row else row)  # type: ignore[arg-type]
    records = {}
    for k, ch in sorted(kept.items()):
        periods = [
            [
                at[p.start],
                at[p.end] if p.end is not None else None,
                p.status,
                p.props.get("from_edtf"),
                p.props.get("from_text"),
                ch.triggers.get(p.change),
            ]
            for p in ch.periods
        ]
        records[k] = {
            "name": ch.name,
            "kind": ch.kind,
            "track": ch.track,
            "level": ch.level,
            "periods": periods,
            "sources": list(ch.sources),
        }
    filters = channels.describe()
    start = initial if initial is not None else points[-1]
    present_kinds = sorted({ch.kind for ch in kept.values()}, key=list(KIND_COLORS).index)
    return {
        "points": [d.isoformat() for d in points],
        "initial": start.isoformat(),
        "mode": mode,
        "filters": filters,
        "statuses": [s for s in STATUSES if channels.statuses is None or s in channels.statuses],
        "countries": [
            {
                "id": c,
                "name": G.nodes[c].get("name", c),
                "iso3": G.nodes[c].get("iso3") or c.upper(),
                "x": pos[c][0],
                "y": pos[c][1],
            }
            for c in countries
        ],
        "edges": [[cpos[u], cpos[v], k, s] for (u, v, k), s in sorted(spans.items())],
        "channels": records,
        "sizes": sizes,
        "measures": list(MEASURES),
        "kinds": present_kinds,
        "kind_colors": {k: KIND_COLORS[k] for k in present_kinds},
        "tracks": [t.value for t in Track if any(ch.track == t.value for ch in kept.values())],
        # the key is the id, and an empty field is left out: the page shows what is there
        "sources": {
            s: {k: v for k, v in source_info(G, s).items() if v is not None and k != "id"}
            for s in sorted({s for ch in kept.values() for s in ch.sources})
        },
    }


def map_page(data: dict[str, Any], title: str = "Defense-diplomacy channels over time") -> str:
    """The self-contained HTML page of :func:`map_data`."""
    filters = "; ".join(data["filters"]) or "none (every channel)"
    kinds = "".join(
        f'<label><input type="checkbox" name="kind" value="{esc(k)}" checked>'
        f'<span class="swatch" style="background:{esc(data["kind_colors"][k])}"></span>'
        f"{esc(k.replace('_', ' '))}</label>"
        for k in data["kinds"]
    )
    tracks = "".join(
        f'<label><input type="checkbox" name="track" value="{esc(t)}" checked>Track {esc(t)}</label>'
        for t in data["tracks"]
    )
    measures = "".join(f'<option value="{esc(m)}">{esc(m)}</option>' for m in data["measures"])
    options = "".join(
        f'<option value="{i}">{esc(c["name"])}</option>' for i, c in enumerate(data["countries"])
    )
    n = len(data["points"])
    body = f"""<header><h1>{esc(title)}</h1>
<p class="note">Countries linked by the channels open (status {esc(" or ".join(data["statuses"]))}) on
the chosen day, from
{esc(data["points"][0])} to {esc(data["points"][-1])}: {n} change points, the days on which the map changes.
Each line is one channel between two countries (a forum links every pair of its members); lines are
undirected and coloured by kind. Node size: the chosen measure on that day's channel graph (grey: no channel
drawn that day; the bottom row: no recorded channel at all). Imprecise dates read in
<b>{esc(data["mode"])}</b> mode. Filters: {esc(filters)}.</p></header>
<form id="controls" onsubmit="return false">
<div class="time"><button type="button" id="play" aria-pressed="false">Play</button>
<label for="slider">Day</label><input type="range" id="slider" min="0" max="{n - 1}" step="1" value="{n - 1}">
<output id="day-label" for="slider" aria-live="polite"></output>
<label for="day">go to</label><input type="date" id="day" min="{esc(data["points"][0])}"
max="{esc(data["points"][-1])}"></div>
<fieldset><legend>Kinds</legend>{kinds}</fieldset>
<fieldset><legend>Tracks</legend>{tracks}</fieldset>
<label for="measure">Node size</label><select id="measure">{measures}</select>
<label for="country">Channels of</label><select id="country">
<option value="">(a country, or click one)</option>{options}</select>
</form>
<main class="map"><div id="chart" role="img" aria-label="Channel map; the drawn channels are listed in the
table below"></div>
<aside id="details" aria-live="polite"><p>Click a country to list its channels on this day.</p></aside>
<div id="tooltip" role="tooltip" hidden></div></main>
<details id="text-alternative" open><summary>The channels drawn, as a table</summary>
<table id="edges-table"><caption id="edges-caption"></caption><thead><tr><th>countries</th><th>channel</th>
<th>id</th><th>kind</th><th>track</th><th>status</th><th>since</th></tr></thead><tbody></tbody></table></details>"""
    return render_page(title, body, data, "map")
