"""Page commands: ``ddgraph map`` (the timeline page is ``ddgraph timeline --format html``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..channels import ChannelFilter
from ..timeutil import Mode, parse_date_arg
from . import main
from .options import (
    as_of_option,
    dataset_of,
    exclude_kind_option,
    graph_source,
    kind_option,
    mode_option,
    open_graph,
    out_dir_option,
    track_filter,
)


@main.command(name="map")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html"]),
    default="html",
    show_default=True,
    help="The page's format (one self-contained HTML file, works offline).",
)
@out_dir_option("Directory to write map.html into.", required=True)
@as_of_option("Day shown when the page opens (default: the last change point).")
@kind_option
@exclude_kind_option
@track_filter
@mode_option
@graph_source
def channel_map(
    fmt: str,
    out: Path,
    as_of: str | None,
    kinds: tuple[str, ...],
    exclude_kinds: tuple[str, ...],
    tracks: tuple[str, ...],
    mode: Mode,
    source: Any,
    **_: Any,
) -> None:
    """The channel graph of countries with a time slider: on each day only the open channels are drawn.

    Snapshots are precomputed at every change point; kinds and tracks can be filtered in the page, node
    size is a centrality measure of that day, and clicking a country lists its channels.

    Example:

        ddgraph map --format html --out pages/ --as-of 2022-09-01
    """
    from ..pages import map_data, map_page, write_page

    day = parse_date_arg(as_of, name="--as-of") if as_of else None
    channels = ChannelFilter(
        kinds=kinds or None, exclude_kinds=frozenset(exclude_kinds), tracks=tracks or None
    )
    data = map_data(open_graph(source), channels, mode=mode, initial=day)
    click.echo(str(write_page(map_page(data), out, "map.html", protect=dataset_of(source))))
