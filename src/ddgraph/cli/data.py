"""Commands over the files: validate, export, stats."""

from __future__ import annotations

from pathlib import Path

import click

from ..dataset import load_dataset
from ..export import FORMATS, write_export
from ..graph import to_property_graph
from ..render import default_format, render_object
from ..stats import compute_stats
from . import main
from .options import data_dir, output_format


@main.command()
@data_dir
def validate(data_dir: Path) -> None:
    """Parse and cross-check every file of DATA_DIR (default graph/).

    Exit 0 with a one-line summary, or exit 1 listing every problem as path:line: message.

    Example:

        ddgraph validate graph/
    """
    ds = load_dataset(data_dir)
    counts = ", ".join(f"{len(v)} {k}" for k, v in ds.kinds.items())
    click.echo(f"{data_dir}: valid: {len(ds)} records in {len(ds.files)} files ({counts})")


@main.command()
@data_dir
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl (APOC apoc.export.json lines), graphml (Gephi, networkx) or csv (neo4j-admin import).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (a directory for csv); standard output when omitted.")
def export(data_dir: Path, fmt: str, output: Path | None) -> None:
    """Export the validated dataset as a property graph.

    Example:

        ddgraph export --format jsonl -o ddgraph.jsonl
    """
    text = write_export(to_property_graph(load_dataset(data_dir)), fmt, output)
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
    click.echo(render_object(compute_stats(to_property_graph(load_dataset(data_dir))), fmt or default_format()))
