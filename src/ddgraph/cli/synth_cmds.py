"""``ddgraph synth``: write a synthetic dataset for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

import click

from ..synth import FORMATS, SynthConfig, write_synthetic
from . import main


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same files).")
@click.option("--countries", type=click.IntRange(2), default=200, show_default=True)
@click.option("--persons", type=click.IntRange(2), default=10_000, show_default=True)
@click.option("--mechanisms", type=click.IntRange(1), default=20_000, show_default=True)
@click.option("--events", type=click.IntRange(0), default=100_000, show_default=True)
@click.option(
    "--scale",
    type=click.FloatRange(0, min_open=True),
    default=1.0,
    show_default=True,
    help="Multiply the persons, mechanisms and events counts.",
)
@click.option(
    "--per-file",
    type=click.IntRange(1),
    default=None,
    help="Records per persons/mechanisms/events file  [default: 5000 / 5000 / 25000]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="yaml",
    show_default=True,
    help="yaml: files as in graph/; jsonl: the bulk format, one <kind>.jsonl per kind; parquet: the "
    "columnar bulk format, one <kind>.parquet per kind (same records in each).",
)
def synth(
    out_dir: Path,
    seed: int,
    countries: int,
    persons: int,
    mechanisms: int,
    events: int,
    scale: float,
    per_file: int | None,
    fmt: str,
) -> None:
    """Write a valid SYNTHETIC dataset (not facts) of the given size into OUT_DIR.

    Sources are marked SYNTHETIC and quote a generated seed text; `ddgraph validate OUT_DIR` passes.

    Example:

        ddgraph synth /tmp/big --seed 1 --events 1000000 && ddgraph validate /tmp/big

        ddgraph synth /tmp/bulk --seed 1 --format jsonl && ddgraph validate /tmp/bulk

        ddgraph synth /tmp/columns --seed 1 --format parquet && ddgraph validate /tmp/columns
    """
    cfg = SynthConfig(
        seed=seed,
        countries=countries,
        persons=persons,
        mechanisms=mechanisms,
        events=events,
        scale=scale,
        per_file=per_file,
    )
    counts = write_synthetic(out_dir, cfg, fmt)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    click.echo(f"{out_dir}: wrote {sum(counts.values())} synthetic records ({summary})")
