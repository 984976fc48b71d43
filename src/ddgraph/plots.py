"""The report's plots: centrality over time, the channel graph of a day, and the channels' swimlanes.

matplotlib's object API only (``Figure``, Agg canvas): no pyplot state, no display needed. Each
``plot_*`` returns a Figure; :func:`save` writes it as PNG (Markdown) or SVG (HTML) bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from .analysis.centrality import betweenness, pagerank
from .analysis.timeline import interval_edges
from .channels import OPEN_CHANNELS, Channel, ChannelFilter, DatedGraph, dated
from .pages.timeline import OUTCOME_COLORS, STATUS_COLORS
from .timeutil import Mode
from .views import channel_graph

if TYPE_CHECKING:
    from .reports import CentralityReport


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def save(fig: Any, fmt: str) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buf.getvalue()


def change_points(
    G: nx.MultiDiGraph | DatedGraph,
    start: dt.date,
    end: dt.date,
    channels: ChannelFilter = OPEN_CHANNELS,
    mode: Mode = "possible",
) -> list[dt.date]:
    """The days in ``[start, end]`` on which the channel graph of ``channels`` changes, with ``start``.

    >>> from ddgraph.examples import tiny_graph
    >>> [d.isoformat() for d in change_points(tiny_graph(), dt.date(2022, 1, 1), dt.date(2024, 1, 1))]
    ['2022-01-01', '2022-08-05', '2023-06-01', '2023-11-15']
    """
    edges = interval_edges(G, channels, mode=mode)
    days = {e.start for e in edges} | {e.end for e in edges if e.end is not None}
    return sorted({start} | {d for d in days if start <= d <= end})


def measure_over_time(
    G: nx.MultiDiGraph | DatedGraph,
    days: Sequence[dt.date],
    measure: str = "betweenness",
    channels: ChannelFilter = OPEN_CHANNELS,
    mode: Mode = "possible",
    seed: int = 0,
) -> dict[str, list[float]]:
    """One centrality measure (betweenness or pagerank) of every country on each of ``days``."""
    dg = dated(G, mode)
    out: dict[str, list[float]] = {}
    for day in days:
        CG = channel_graph(dg, day, channels, mode=mode)
        scores = betweenness(CG, seed=seed) if measure == "betweenness" else pagerank(CG)
        for n in CG.nodes:
            out.setdefault(str(n), []).append(float(scores.get(n, 0.0)))
    return out


def plot_centrality_over_time(
    report: CentralityReport,
    measure: str = "betweenness",
    top: int = 8,
    series: tuple[list[dt.date], dict[str, list[float]]] | None = None,
) -> Any:
    """``measure`` of the top countries of the last day (bars when there is one day).

    ``series`` -- the days and values of :func:`measure_over_time` at every change point -- draws the
    lines as steps between change points, so a change between two report days shows; the report's days
    are marked on the lines.
    """
    last = report.rows("countries")[:top]
    fig = _figure(8, 4)
    ax = fig.add_subplot()
    if len(report.days) == 1:
        ax.barh(
            [str(r["name"]) for r in reversed(last)],
            [r[measure] for r in reversed(last)],
            color="#3182bd",
            label=f"{measure} on {report.days[0]}",
        )
        ax.set_xlabel(measure)
        ax.legend(fontsize="small", loc="lower right")
    else:
        x = [dt.date.fromisoformat(d) for d in report.days]
        for r in last:
            ys = [
                next((row[measure] for row in report.countries[d] if row["node"] == r["node"]), 0.0)
                for d in report.days
            ]
            if series is not None and str(r["node"]) in series[1]:
                days, values = series
                line = ax.step(
                    [*days, x[-1]],
                    [*values[str(r["node"])], values[str(r["node"])][-1]],
                    where="post",
                    label=str(r["name"]),
                )
                ax.plot(x, ys, marker="o", ls="none", color=line[0].get_color())
            else:
                ax.plot(x, ys, marker="o", label=str(r["name"]))
        ax.set_ylabel(measure)
        ax.legend(
            fontsize="small",
            loc="upper left",
            title="dots: report days" if series else None,
            title_fontsize="small",
        )
    how = "at every change point" if series is not None and len(report.days) > 1 else "on the report days"
    ax.set_title(f"Country {measure} ({report.days[0]} .. {report.days[-1]}, {how})")
    return fig


def plot_channel_graph(CG: nx.MultiGraph, scores: dict[str, float]) -> Any:
    """The channel graph (countries with a channel) on a circle; node size by score, edge colour by track."""
    fig = _figure(7, 7)
    ax = fig.add_subplot()
    nodes = sorted(n for n in CG if CG.degree(n))
    pos = nx.circular_layout(sorted(nodes))
    colors = {"1": "#08519c", "1.5": "#6baed6", "2": "#fd8d3c"}
    for u, v, d in CG.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot([x1, x2], [y1, y2], color=colors.get(str(d.get("track")), "#999999"), alpha=0.5, lw=1)
    top = max([scores.get(n, 0.0) for n in nodes] + [1e-9])
    for n in nodes:
        x, y = pos[n]
        ax.scatter(
            [x], [y], s=200 + 1500 * scores.get(n, 0.0) / top, color="#fdd0a2", edgecolor="#7f2704", zorder=3
        )
        ax.annotate(str(CG.nodes[n].get("iso3") or n), (x, y), ha="center", va="center", fontsize=8, zorder=4)
    from matplotlib.lines import Line2D

    tracks = sorted({str(d.get("track")) for *_, d in CG.edges(data=True)})
    ax.legend(
        handles=[Line2D([], [], color=colors.get(t, "#999999"), label=f"Track {t}") for t in tracks]
        + [
            Line2D(
                [],
                [],
                ls="none",
                marker="o",
                markersize=9,
                color="#fdd0a2",
                markeredgecolor="#7f2704",
                label="country (size: betweenness)",
            )
        ],
        fontsize="small",
        loc="lower right",
    )
    ax.set_title(f"Open channels on {CG.graph.get('as_of')}")
    ax.set_axis_off()
    return fig


def swimlane_lanes(
    G: nx.MultiDiGraph | DatedGraph,
    end: dt.date,
    channels: ChannelFilter = OPEN_CHANNELS,
    mode: Mode = "possible",
    max_parties: int = 3,
) -> tuple[list[tuple[str, Channel]], list[str]]:
    """The lanes of :func:`plot_swimlanes` (label, channel) and the labels of the channels left out
    because they have no recorded status up to ``end``.

    >>> from ddgraph.examples import tiny_graph
    >>> [label for label, _ in swimlane_lanes(tiny_graph(), dt.date(2024, 1, 1))[0]]
    ['CHN–USA: DTL', 'CHN–USA: TRACK2', 'CHN–USA–VNM: FORUM']
    """
    dg = dated(G, mode)
    lanes: list[tuple[str, Channel]] = []
    empty: list[str] = []
    kept = [ch for ch in dg.index.values() if channels.keeps(ch)]
    for ch in sorted(kept, key=lambda c: ("-".join(sorted(c.countries)), c.id)):
        if not 2 <= len(ch.countries) <= max_parties:
            continue
        iso = "–".join(str(dg.G.nodes[c].get("iso3") or c) for c in sorted(ch.countries))
        label = f"{iso}: {ch.name}"
        if any(p.start <= end for p in ch.periods):
            lanes.append((label, ch))
        else:
            empty.append(label)
    return lanes, empty


def plot_swimlanes(
    G: nx.MultiDiGraph | DatedGraph,
    start: dt.date | None,
    end: dt.date,
    channels: ChannelFilter = OPEN_CHANNELS,
    mode: Mode = "possible",
    max_parties: int = 3,
) -> Any:
    """One lane per (dyad, channel) of channels with at most ``max_parties`` countries: status over time.

    The axis starts at the earliest recorded status (or ``start``); labels are whole; markers are the
    channel's uses, coloured by outcome. Channels with no status up to ``end`` have no lane (the report
    names them, :func:`swimlane_lanes`).
    """
    lanes, _ = swimlane_lanes(G, end, channels, mode, max_parties)
    first = min([p.start for _, ch in lanes for p in ch.periods] + [end])
    start = start or dt.date(first.year, 1, 1)
    longest = max([len(label) for label, _ in lanes] + [10])
    fig = _figure(max(10.0, 6 + 0.075 * longest), max(2.0, 0.32 * len(lanes) + 1.6))
    ax = fig.add_subplot()
    for y, (_, ch) in enumerate(lanes):
        for p in ch.periods:
            s = max(p.start, start)
            e = min(p.end or end, end)
            if s < e:
                ax.barh(
                    y,
                    (e - s).days,
                    left=s.toordinal(),
                    color=STATUS_COLORS.get(p.status, "#999999"),
                    height=0.7,
                )
        for use in ch.uses:
            if start <= use.day <= end:
                ax.plot(
                    use.day.toordinal(),
                    y,
                    marker="o",
                    markersize=4,
                    markeredgecolor="white",
                    markeredgewidth=0.5,
                    color=OUTCOME_COLORS.get(use.outcome or "none", "#737373"),
                )
    ax.set_yticks(range(len(lanes)), [label for label, _ in lanes], fontsize=7)
    ax.invert_yaxis()
    years = range(start.year, end.year + 1, max(1, (end.year - start.year) // 14 + 1))
    ax.set_xticks([dt.date(y, 1, 1).toordinal() for y in years], [str(y) for y in years], fontsize=7)
    ax.set_xlim(start.toordinal(), end.toordinal())
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    outcomes = sorted(
        {u.outcome or "none" for _, ch in lanes for u in ch.uses}, key=list(OUTCOME_COLORS).index
    )
    fig.legend(
        handles=[Patch(color=c, label=s) for s, c in STATUS_COLORS.items()]
        + [
            Line2D([], [], ls="none", marker="o", color=OUTCOME_COLORS[o], label=f"event: {o}")
            for o in outcomes
        ],
        fontsize="x-small",
        loc="outside lower center",
        ncol=min(7, len(STATUS_COLORS) + len(outcomes)),
    )
    ax.set_title(f"Channel status by dyad, {start.year} .. {end.isoformat()}")
    return fig
