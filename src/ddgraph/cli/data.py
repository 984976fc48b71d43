"""Commands over the files: validate, export, stats."""

from __future__ import annotations

from pathlib import Path

import click

from ..dataset import check_dataset, load_dataset
from ..export import FORMATS, write_export
from ..graph import to_property_graph
from ..render import default_format, render_object
from ..stats import compute_stats
from . import main
from .options import Neo4jSettings, data_dir, neo4j_options, output_format


@main.command()
@data_dir
def validate(data_dir: Path) -> None:
    """Parse and cross-check every file of DATA_DIR (default graph/).

    Exit 0 with a one-line summary, or exit 1 listing every problem as path:line: message.

    Example:

        ddgraph validate graph/
    """
    result = check_dataset(data_dir)  # keeps no record: bounded memory whatever the size
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
    click.echo(f"{data_dir}: valid: {len(result)} records in {len(result.files)} files ({counts})")


@main.command()
@data_dir
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl (APOC apoc.export.json lines), graphml (Gephi, networkx) or csv (neo4j-admin import).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (a directory for csv); standard output when omitted.",
)
@click.option(
    "--from-neo4j",
    is_flag=True,
    help="Export the graph read back from Neo4j instead of the files (same writer, same bytes).",
)
@neo4j_options
def export(
    data_dir: Path, fmt: str, output: Path | None, from_neo4j: bool, neo4j_settings: Neo4jSettings
) -> None:
    """Export the validated dataset (or, with --from-neo4j, what Neo4j holds) as a property graph.

    Example:

        ddgraph export --format jsonl -o ddgraph.jsonl

        ddgraph export --from-neo4j --format jsonl | diff - ddgraph.jsonl
    """
    if from_neo4j:
        from ..neo4j_store import read_graph

        with neo4j_settings.connect() as driver:
            graph = read_graph(driver, neo4j_settings.database)
    else:
        graph = to_property_graph(load_dataset(data_dir))
    text = write_export(graph, fmt, output)
    if text is not None:
        click.echo(text, nl=False)


@main.command()
@data_dir
@output_format
def stats(data_dir: Path, fmt: str | None) -> None:
    """Counts by kind, facts per source and date coverage of the dataset.

    Example:

        ddgraph stats --format json
    """
    click.echo(
        render_object(compute_stats(to_property_graph(load_dataset(data_dir))), fmt or default_format())
    )
