"""Analysis commands: channels, connectivity, paths, timeline.

Each command reads the graph (the files by default, Neo4j with ``--neo4j``), resolves the countries,
calls one library function and renders the rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..channels import ChannelFilter, DatedGraph
from ..countries import resolve_pair
from ..render import OUTPUT_FORMATS, default_format, render_object, render_rows
from ..timeutil import Mode, parse_date_arg
from ..vocabulary import TRACKS
from . import main
from .completion import complete_countries, complete_mechanisms
from .options import (
    as_of_option,
    dataset_of,
    date_range_options,
    graph_source,
    kind_option,
    mode_option,
    note_past_the_data,
    open_graph,
    out_dir_option,
    output_format,
    track_filter,
)


def _open_pair(source: Any, a: str, b: str, mode: Mode, day: dt.date | None) -> tuple[DatedGraph, str, str]:
    """The dated graph of ``--data-dir``/``--neo4j``, the pair resolved, and a note past the data's end."""
    G = DatedGraph(open_graph(source), mode)
    ca, cb = resolve_pair(G.G, a, b)
    note_past_the_data(G.G, day)
    return G, ca, cb


def _emit(
    fmt: str | None,
    rows: list[dict[str, Any]],
    columns: list[str],
    title: str,
    extra: dict[str, Any] | None = None,
    extra_columns: list[str] | None = None,
    extra_title: str = "",
) -> None:
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(render_object({title: rows, **(extra or {})} if extra is not None else rows, "json"))
        return
    click.echo(render_rows(rows, fmt, columns, title=title if fmt == "table" else None))
    if extra and fmt == "table":
        for name, value in extra.items():
            click.echo(render_rows(value, fmt, extra_columns, title=extra_title or name))


@main.command()
@click.argument("a", shell_complete=complete_countries)
@click.argument("b", shell_complete=complete_countries)
@as_of_option("Day (ISO/EDTF; 2024-03 = its first day).", required=True)
@kind_option
@track_filter
@click.option(
    "--require-answered",
    is_flag=True,
    help="Count a channel whose last use before the day went unanswered/declined as closed.",
)
@mode_option
@output_format
@graph_source
def channels(
    a: str,
    b: str,
    as_of: str,
    kinds: tuple[str, ...],
    tracks: tuple[str, ...],
    require_answered: bool,
    mode: Mode,
    fmt: str | None,
    source: Any,
    **_: Any,
) -> None:
    """Direct channels between countries A and B and their status on a day, and how well A and B connect.

    A suspended channel names the event that suspended it. After the channels: whether A and B are
    connected, the number of edge- and node-disjoint routes, the minimum set of channels whose loss
    cuts them apart, and the network's bridges, articulation points and critical channels (json: one
    object with "channels" and "connectivity"; csv: the channels only). Countries by ISO code or name.

    Example:

        ddgraph channels USA CHN --as-of 2022-09-01
    """
    from ..analysis.connectivity import CHANNEL_COLUMNS, pair_channels

    day = parse_date_arg(as_of, name="--as-of")
    G, ca, cb = _open_pair(source, a, b, mode, day)
    answer = pair_channels(
        G,
        ca,
        cb,
        day,
        ChannelFilter(kinds=kinds or None, tracks=tracks or None, require_answered=require_answered),
        mode=mode,
    )
    fmt = fmt or default_format()
    if fmt == "json":
        click.echo(render_object(answer, "json"))
        return
    click.echo(
        render_rows(
            answer["channels"],
            fmt,
            CHANNEL_COLUMNS,
            title=f"channels {a}-{b} on {day}" if fmt == "table" else None,
        )
    )
    if fmt == "table":
        click.echo(render_object(answer["connectivity"], "table"))


@main.command()
@click.argument("a", shell_complete=complete_countries)
@click.argument("b", shell_complete=complete_countries)
@as_of_option("Day (ISO/EDTF).", required=True)
@click.option(
    "--fail",
    multiple=True,
    shell_complete=complete_mechanisms,
    help="Treat this channel (mechanism id) as down (repeatable).",
)
@click.option("--max-hops", type=click.IntRange(1, 10), default=4, show_default=True)
@click.option(
    "--track",
    type=click.Choice([*TRACKS, "any"]),
    default="any",
    show_default=True,
    help="1: official channels only; 2: Track 1.5/2 only.",
)
@click.option("--k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Routes to show.")
@click.option(
    "--criticality", is_flag=True, help="Also rank every channel by what the pair loses without it."
)
@kind_option
@mode_option
@output_format
@graph_source
def paths(
    a: str,
    b: str,
    as_of: str,
    fail: tuple[str, ...],
    max_hops: int,
    track: str,
    k: int,
    criticality: bool,
    kinds: tuple[str, ...],
    mode: Mode,
    fmt: str | None,
    source: Any,
    **_: Any,
) -> None:
    """Routes between A and B when direct channels are down (as recorded, or --fail on purpose).

    Ranked by hops, then the weakest track (1 > 1.5 > 2), then level; each hop names its channel.

    Example:

        ddgraph paths USA CHN --as-of 2023-01-01 --track 1 --fail shangri-la-dialogue
    """
    from ..analysis.paths import CRITICALITY_COLUMNS, ROUTE_COLUMNS, pair_routes

    day = parse_date_arg(as_of, name="--as-of")
    G, ca, cb = _open_pair(source, a, b, mode, day)
    answer = pair_routes(
        G, ca, cb, day, fail=fail, max_hops=max_hops, track=track, k=k, kinds=kinds, criticality=criticality
    )
    if answer["note"]:
        click.echo(answer["note"], err=True)
    fmt = fmt or default_format()
    if fmt == "json":
        out = {"routes": answer["routes"]}
        click.echo(
            render_object(out if not criticality else {**out, "criticality": answer["criticality"]}, "json")
        )
    elif criticality and fmt == "csv":
        click.echo(render_rows(answer["criticality"], fmt))
    else:
        title = f"routes {a}-{b} on {day}" if fmt == "table" else None
        click.echo(render_rows(answer["rows"], fmt, ROUTE_COLUMNS, title=title))
        if criticality:
            click.echo(
                render_rows(answer["criticality"], fmt, CRITICALITY_COLUMNS, title="channel criticality")
            )


@main.command()
@click.argument("a", required=False, shell_complete=complete_countries)
@click.argument("b", required=False, shell_complete=complete_countries)
@click.option(
    "--country",
    default=None,
    shell_complete=complete_countries,
    help="One country instead of a pair: every channel it takes part in (with --format html).",
)
@date_range_options("First day shown (ISO/EDTF).", "Last day shown (ISO/EDTF; 2025 = its last day).")
@click.option(
    "--dark-periods",
    "dark",
    is_flag=True,
    help="Show only the periods when no open channel of --dark-track linked A and B directly.",
)
@click.option("--dark-track", type=click.Choice([*TRACKS, "any"]), default="1", show_default=True)
@kind_option
@mode_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*OUTPUT_FORMATS, "html"]),
    default=None,
    help="table/json/csv to standard output (default: table on a terminal, json when piped); "
    "html writes an interactive page into --out.",
)
@out_dir_option("Directory to write timeline.html into (--format html).")
@graph_source
def timeline(
    a: str | None,
    b: str | None,
    country: str | None,
    start: str | None,
    end: str | None,
    dark: bool,
    dark_track: str,
    kinds: tuple[str, ...],
    mode: Mode,
    fmt: str | None,
    out: Path | None,
    source: Any,
    **_: Any,
) -> None:
    """The connectivity of A and B at every change point, and their dark periods; or an interactive page.

    --format html --out DIR writes timeline.html: a lane per channel of the pair (or of --country),
    status bands, events with their evidence, dark periods shaded; one file that works offline.

    Example:

        ddgraph timeline USA CHN --from 2022 --to 2025

        ddgraph timeline USA CHN --format html --out pages/
    """
    from ..analysis.timeline import dark_periods, pair_timeline

    if (country is None) == (a is None or b is None) or (country is not None and a is not None):
        raise click.UsageError("give two countries A B, or one with --country")
    if (fmt == "html") != (out is not None) or (country is not None and fmt != "html"):
        raise click.UsageError("the timeline page needs --format html --out DIR (and --country needs it)")
    d1 = parse_date_arg(start, name="--from") if start else None
    d2 = parse_date_arg(end, end=True, name="--to") if end else None
    if fmt == "html" and out is not None:
        from ..countries import resolve_country
        from ..pages import timeline_data, timeline_page, write_page

        base = open_graph(source)
        ca, cb = resolve_pair(base, a, b) if a is not None and b is not None else (None, None)
        data = timeline_data(
            base,
            a=ca,
            b=cb,
            country=resolve_country(base, country) if country is not None else None,
            start=d1,
            today=d2,
            mode=mode,
            dark_tracks=None if dark_track == "any" else {dark_track},
            channels=ChannelFilter(kinds=kinds or None),
        )
        page = timeline_page(data)
        click.echo(str(write_page(page, out, "timeline.html", protect=dataset_of(source))))
        return
    G, ca, cb = _open_pair(source, str(a), str(b), mode, d2)
    selected = ChannelFilter(kinds=kinds or None)
    darks = dark_periods(
        G,
        ca,
        cb,
        selected.but(tracks=None if dark_track == "any" else {dark_track}),
        start=d1,
        end=d2,
        mode=mode,
    )
    dark_rows = (
        [
            {**d, "closed": [f"{c['channel']} ({c['status']}, {c['event']})" for c in d["closed"]]}
            for d in darks
        ]
        if fmt != "json"
        else darks
    )
    dark_cols = ["start", "end", "duration_days", "ongoing", "closed", "reopened_by", "unknown_before"]
    if dark:
        _emit(fmt, dark_rows, dark_cols, f"dark periods {a}-{b}")
        return
    rows = pair_timeline(G, ca, cb, selected, start=d1, end=d2, mode=mode)
    _emit(
        fmt,
        rows,
        ["date", "changes", "direct", "direct_track1", "connected", "connected_track1"],
        "timeline",
        extra={"dark_periods": dark_rows},
        extra_columns=dark_cols,
        extra_title=f"dark periods {a}-{b} (track {dark_track})",
    )
