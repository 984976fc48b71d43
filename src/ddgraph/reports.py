"""Reports: centrality of countries and officials on one day or over a range of days, as files.

:func:`centrality_report` computes (pure, from the base graph); :func:`write_report` writes

* ``json`` -- ``report.json`` (every row and the sampling note);
* ``csv`` -- ``centrality.csv`` (one row per day, graph and node);
* ``md`` / ``html`` -- ``report.md`` / ``report.html`` with tables and plots (PNG for Markdown, inline
  SVG for HTML): centrality over time, the channel graph on the last day, a swimlane timeline of each
  dyad's channel status; and ``graph.html``, an interactive page of the channel graph (neo4j-viz; its
  JavaScript is inlined, so the page works offline).

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

from .analysis.centrality import centrality_table
from .channels import OPEN_CHANNELS, ChannelFilter, DatedGraph, dated
from .errors import ReportError
from .timeutil import Mode
from .views import channel_graph, person_graph

REPORT_FORMATS = ("md", "html", "csv", "json")
MEASURES = ("partners", "channels", "strength", "betweenness", "pagerank", "constraint", "effective_size")
STATUS_COLORS = {
    "proposed": "#c7c7c7",
    "agreed": "#9ecae1",
    "active": "#31a354",
    "resumed": "#74c476",
    "suspended": "#de2d26",
    "dormant": "#fdae6b",
    "terminated": "#636363",
}


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


def plot_centrality_over_time(report: CentralityReport, measure: str = "betweenness", top: int = 8) -> Any:
    """Line plot of ``measure`` for the top countries of the last day (bars when there is one day)."""
    last = report.rows("countries")[:top]
    fig = _figure(8, 4)
    ax = fig.add_subplot()
    if len(report.days) == 1:
        ax.barh(
            [str(r["name"]) for r in reversed(last)], [r[measure] for r in reversed(last)], color="#3182bd"
        )
        ax.set_xlabel(measure)
    else:
        x = [dt.date.fromisoformat(d) for d in report.days]
        for r in last:
            ys = [
                next((row[measure] for row in report.countries[d] if row["node"] == r["node"]), 0.0)
                for d in report.days
            ]
            ax.plot(x, ys, marker="o", label=str(r["name"]))
        ax.set_ylabel(measure)
        ax.legend(fontsize="small", loc="upper left")
    ax.set_title(f"Country {measure} ({report.days[0]} .. {report.days[-1]})")
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
    ax.set_title(f"Open channels on {CG.graph.get('as_of')} (blue: Track 1, orange: Track 2)")
    ax.set_axis_off()
    return fig


def plot_swimlanes(
    G: nx.MultiDiGraph | DatedGraph,
    start: dt.date,
    end: dt.date,
    mode: Mode = "possible",
    max_parties: int = 3,
) -> Any:
    """One lane per (dyad, channel) of channels with at most ``max_parties`` countries: status over time."""
    dg = dated(G, mode)
    G, idx = dg.G, dg.index
    lanes = []
    for ch in sorted(idx.values(), key=lambda c: ("-".join(sorted(c.countries)), c.id)):
        if not ch.periods or not 2 <= len(ch.countries) <= max_parties:
            continue
        iso = "–".join(str(G.nodes[c].get("iso3") or c) for c in sorted(ch.countries))
        lanes.append((f"{iso}: {ch.name[:40]}", ch))
    fig = _figure(10, max(2.0, 0.32 * len(lanes) + 1.2))
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
    ax.set_yticks(range(len(lanes)), [label for label, _ in lanes], fontsize=7)
    ax.invert_yaxis()
    years = range(start.year, end.year + 1)
    ax.set_xticks([dt.date(y, 1, 1).toordinal() for y in years], [str(y) for y in years], fontsize=7)
    ax.set_xlim(start.toordinal(), end.toordinal())
    from matplotlib.patches import Patch

    fig.legend(
        handles=[Patch(color=c, label=s) for s, c in STATUS_COLORS.items()],
        fontsize="x-small",
        loc="outside lower center",
        ncol=len(STATUS_COLORS),
    )
    ax.set_title("Channel status by dyad")
    return fig


def interactive_graph(CG: nx.MultiGraph, scores: dict[str, float]) -> str:
    """A self-contained HTML page (neo4j-viz, JavaScript inlined) of the channel graph."""
    from neo4j_viz import Node, Relationship, VisualizationGraph

    top = max(list(scores.values()) + [1e-9])
    nodes = [
        Node(
            id=n,
            caption=str(d.get("name", n)),
            size=10 + 30 * scores.get(n, 0.0) / top,  # type: ignore[call-arg]
            properties={"iso3": d.get("iso3"), "betweenness": scores.get(n, 0.0)},
        )
        for n, d in sorted(CG.nodes(data=True))
        if CG.degree(n)
    ]
    rels = [
        Relationship(
            source=u,
            target=v,
            caption=str(d.get("name", k)),  # type: ignore[call-arg]
            properties={
                "mechanism": k,
                "kind": d.get("kind"),
                "track": d.get("track"),
                "status": d.get("status"),
                "sources": ", ".join(d.get("sources", ())),
            },
        )
        for u, v, k, d in sorted(CG.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    return str(VisualizationGraph(nodes=nodes, relationships=rels).render(height="800px").data)


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

    last = dt.date.fromisoformat(report.days[-1])
    dg = dated(G, mode)
    CG = channel_graph(dg, last, channels, mode=mode)
    scores = {r["node"]: r["betweenness"] for r in report.rows("countries")}
    first = min([p.start for ch in dg.index.values() for p in ch.periods] + [last])
    figures = {
        "centrality_over_time": plot_centrality_over_time(report),
        "channel_graph": plot_channel_graph(CG, scores),
        "swimlanes": plot_swimlanes(dg, max(first, dt.date(last.year - 20, 1, 1)), last, mode),
    }
    put("graph.html", interactive_graph(CG, scores))
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
            "[Interactive channel graph](graph.html)",
            "",
            f"## Officials (events up to {report.days[-1]})",
            "",
            _md_table(persons, _columns(persons)),
            "",
            "## Channel status by dyad",
            "",
            "![swimlanes](swimlanes.png)",
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
{svgs["channel_graph"]}<p><a href="graph.html">Interactive channel graph</a></p>
<h2>Officials (events up to {report.days[-1]})</h2>{table(persons)}
<h2>Channel status by dyad</h2>{svgs["swimlanes"]}
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
            out[label][str(r["node"])]["centrality_as_of"] = report.days[-1]
    return out
