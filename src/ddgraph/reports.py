"""Reports: centrality of countries and officials on one day or over a range of days, as files.

:func:`centrality_report` computes (pure, from the base graph); :func:`write_report` writes

* ``json`` -- ``report.json`` (every row and the sampling note);
* ``csv`` -- ``centrality.csv`` (one row per day, graph and node);
* ``md`` / ``html`` -- ``report.md`` / ``report.html`` with tables and plots (PNG for Markdown, inline
  SVG for HTML): centrality over time (drawn at every change point between the first and the last day,
  so a suspension between two sample days shows), the channel graph on the last day, a swimlane
  timeline of each dyad's channel status and events from the earliest recorded date; and two
  interactive pages (:mod:`ddgraph.pages`, self-contained): ``graph.html``, the channel map with its
  time slider opened on the last day, and ``timeline.html``, the timeline of every channel of at most
  three countries. Every page states the filters and the reading of imprecise dates.

Plots use matplotlib's object API (``Figure``, Agg canvas): no pyplot state, no display needed.

Examples
--------
>>> from ddgraph.examples import tiny_graph
>>> import datetime as dt
>>> r = centrality_report(tiny_graph(), [dt.date(2024, 1, 1)])
>>> [row["node"] for row in r.rows("countries")][:1]
['chn']
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis.centrality import betweenness, centrality_table, pagerank
from .analysis.timeline import interval_edges
from .channels import OPEN_CHANNELS, Channel, ChannelFilter, DatedGraph, dated
from .errors import ReportError
from .pages.timeline import OUTCOME_COLORS, STATUS_COLORS
from .timeutil import Mode
from .views import channel_graph, person_graph

REPORT_FORMATS = ("md", "html", "csv", "json")
MEASURES = ("partners", "channels", "strength", "betweenness", "pagerank", "constraint", "effective_size")


@dataclass
class CentralityReport:
    """Centrality rows by day for the country graph and the person graph."""

    days: list[str]
    countries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    persons: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sampling: dict[str, Any] = field(default_factory=dict)
    mode: str = "possible"

    def rows(self, graph: str = "countries", day: str | None = None) -> list[dict[str, Any]]:
        """The rows of one graph on ``day`` (default: the last day)."""
        by_day = self.countries if graph == "countries" else self.persons
        return by_day.get(day or self.days[-1], [])

    def flat(self) -> list[dict[str, Any]]:
        """Every row with its ``date`` and ``graph``, for CSV and tables."""
        out = []
        for graph, by_day in (("countries", self.countries), ("persons", self.persons)):
            for day in self.days:
                for r in by_day.get(day, []):
                    out.append({"date": day, "graph": graph, **r})
        return out

    def table(self, graph: str = "countries", top: int | None = None) -> list[dict[str, Any]]:
        """The rows of one graph with their ``date`` first (``ddgraph report centrality`` on stdout);
        a one-day report keeps its ``top`` rows, a series every row."""
        rows = [
            {"date": r["date"], **{k: v for k, v in r.items() if k not in ("date", "graph")}}
            for r in self.flat()
            if r["graph"] == graph
        ]
        return rows[:top] if top is not None and len(self.days) == 1 else rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "mode": self.mode,
            "sampling": self.sampling,
            "countries": self.countries,
            "persons": self.persons,
        }


def centrality_report(
    G: nx.MultiDiGraph | DatedGraph,
    days: Sequence[dt.date],
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> CentralityReport:
    """Centrality of every country (channel graph on each day) and official (events up to each day).

    ``progress(done, total)`` is called after each day. ``channels`` says which channels count, as in
    :func:`ddgraph.views.channel_graph`.
    """
    if not days:
        raise ReportError("a report needs at least one day")
    dg = dated(G, mode)
    report = CentralityReport(days=[d.isoformat() for d in days], mode=mode)
    for i, day in enumerate(days, 1):
        info: dict[str, Any] = {}
        CG = channel_graph(dg, day, channels, mode=mode)
        report.countries[day.isoformat()] = centrality_table(CG, seed=seed, info=info)
        P = person_graph(dg, end=day, mode=mode)
        report.persons[day.isoformat()] = centrality_table(P, seed=seed)
        if not info.get("exact", True):
            report.sampling[day.isoformat()] = info
        if progress is not None:
            progress(i, len(days))
    return report


# -------------------------------------------------------------------------------------------- plots
def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _save(fig: Any, fmt: str) -> bytes:
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


# ------------------------------------------------------------------------------------------- writer
def _md_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.4g}"
        return str(v).replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return ["node", "name"] + [m for m in MEASURES if any(m in r for r in rows)]


def filters_text(channels: ChannelFilter) -> str:
    """The channel filter of a report in words (every page states it).

    >>> filters_text(ChannelFilter(exclude_kinds={"multilateral_forum"})), filters_text(OPEN_CHANNELS)
    ('multilateral forum channels left out', 'none (every channel)')
    """
    words = []
    if channels.kinds:
        words.append("only " + ", ".join(sorted(k.replace("_", " ") for k in channels.kinds)) + " channels")
    if channels.exclude_kinds:
        words.append(
            ", ".join(sorted(k.replace("_", " ") for k in channels.exclude_kinds)) + " channels left out"
        )
    if channels.tracks:
        words.append("Track " + ", ".join(sorted(channels.tracks)) + " only")
    if channels.levels:
        words.append("level " + ", ".join(sorted(channels.levels)) + " only")
    if channels.require_answered:
        words.append("channels whose last use went unanswered count as closed")
    return "; ".join(words) or "none (every channel)"


def write_report(
    report: CentralityReport,
    G: nx.MultiDiGraph | DatedGraph,
    fmt: str,
    out_dir: Path,
    channels: ChannelFilter = OPEN_CHANNELS,
    *,
    mode: Mode = "possible",
    top: int = 20,
) -> list[Path]:
    """Write ``report`` in ``fmt`` (md, html, csv, json) into ``out_dir``; return the files written."""
    if fmt not in REPORT_FORMATS:
        raise ReportError(
            f"a report is written as {', '.join(REPORT_FORMATS[:-1])} or {REPORT_FORMATS[-1]}, not {fmt!r}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(name: str, data: str | bytes) -> None:
        path = out_dir / name
        tmp = path.with_name(path.name + ".tmp")
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        tmp.replace(path)
        written.append(path)

    if fmt == "json":
        put("report.json", json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        return written
    if fmt == "csv":
        import csv

        rows = report.flat()
        cols = ["date", "graph", *_columns(rows)]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([["" if r.get(c) is None else r.get(c) for c in cols] for r in rows])
        put("centrality.csv", buf.getvalue())
        return written

    from .pages import map_data, map_page, timeline_data, timeline_page

    last = dt.date.fromisoformat(report.days[-1])
    dg = dated(G, mode)
    CG = channel_graph(dg, last, channels, mode=mode)
    scores = {r["node"]: r["betweenness"] for r in report.rows("countries")}
    series = None
    if len(report.days) > 1:
        points = change_points(dg, dt.date.fromisoformat(report.days[0]), last, channels, mode)
        series = (points, measure_over_time(dg, points, "betweenness", channels, mode))
    figures = {
        "centrality_over_time": plot_centrality_over_time(report, series=series),
        "channel_graph": plot_channel_graph(CG, scores),
        "swimlanes": plot_swimlanes(dg, None, last, channels, mode),
    }
    # the pages select by kind and track (the filters a report is given); statuses: the pages show all
    page_filters: dict[str, Any] = {
        "kinds": channels.kinds,
        "exclude_kinds": channels.exclude_kinds or None,
        "tracks": channels.tracks,
    }
    put(
        "graph.html",
        map_page(
            map_data(dg.G, mode=mode, initial=last, **page_filters),
            title=f"Channels open on {last} and over time",
        ),
    )
    put("timeline.html", timeline_page(timeline_data(dg.G, today=last, mode=mode, **page_filters)))
    _, no_status = swimlane_lanes(dg, last, channels, mode)
    lanes_note = (
        f"Channels with no recorded status up to {last} have no lane: {'; '.join(no_status)}."
        if no_status
        else ""
    )
    countries, persons = report.rows("countries")[:top], report.rows("persons")[:top]
    note = "".join(
        f"\n\nBetweenness on {d} estimated from {i['pivots']} pivots: error at most "
        f"{i['error_bound']:.3g} per country with 95% probability."
        for d, i in report.sampling.items()
    )
    span = f" .. {report.days[-1]}" if len(report.days) > 1 else ""
    title = f"Centrality report, {report.days[0]}{span}"
    intro = (
        f"Channels open (active/resumed) on each day, imprecise dates read in '{report.mode}' mode. "
        f"Filters: {filters_text(channels)}. "
        "Betweenness in hops (normalized), PageRank weighted by channels, "
        "Burt's constraint (low = broker) "
        f"and effective size (high = broker).{note}"
    )
    if fmt == "md":
        for name, fig in figures.items():
            put(f"{name}.png", _save(fig, "png"))
        md = [
            f"# {title}",
            "",
            intro,
            "",
            "![centrality over time](centrality_over_time.png)",
            "",
            f"## Countries on {report.days[-1]}",
            "",
            _md_table(countries, _columns(countries)),
            "",
            "![channel graph](channel_graph.png)",
            "",
            "[Interactive channel map, with a time slider](graph.html) · "
            "[Interactive timeline of the channels](timeline.html)",
            "",
            f"## Officials (events up to {report.days[-1]})",
            "",
            _md_table(persons, _columns(persons)),
            "",
            "## Channel status by dyad",
            "",
            "![swimlanes](swimlanes.png)",
            "",
            lanes_note,
            "",
        ]
        put("report.md", "\n".join(md))
        return written
    svgs = {name: _save(fig, "svg").decode("utf-8") for name, fig in figures.items()}

    def table(rows: list[dict[str, Any]]) -> str:
        cols = _columns(rows)
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_fmt(r.get(c)))}</td>" for c in cols) + "</tr>" for r in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 6px;font-size:13px}}svg{{max-width:100%;height:auto}}</style></head>
<body><h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>
{svgs["centrality_over_time"]}
<h2>Countries on {report.days[-1]}</h2>{table(countries)}
{svgs["channel_graph"]}<p><a href="graph.html">Interactive channel map, with a time slider</a> ·
<a href="timeline.html">Interactive timeline of the channels</a></p>
<h2>Officials (events up to {report.days[-1]})</h2>{table(persons)}
<h2>Channel status by dyad</h2>{svgs["swimlanes"]}<p>{html.escape(lanes_note)}</p>
</body></html>
"""
    put("report.html", page)
    return written


def score_properties(report: CentralityReport) -> dict[str, dict[str, dict[str, Any]]]:
    """Scores of the last day as node properties to write back: ``{label: {node id: {prop: value}}}``."""
    out: dict[str, dict[str, dict[str, Any]]] = {"Country": {}, "Person": {}}
    for label, graph in (("Country", "countries"), ("Person", "persons")):
        for r in report.rows(graph):
            out[label][str(r["node"])] = {f"centrality_{m}": r[m] for m in MEASURES if r.get(m) is not None}
            out[label][str(r["node"])]["centrality_as_of"] = dt.date.fromisoformat(report.days[-1])  # a DATE
    return out
