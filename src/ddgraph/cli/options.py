"""Options shared by several commands, as decorators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..render import OUTPUT_FORMATS

F = Callable[..., Any]


def data_dir(f: F) -> F:
    return click.argument(
        "data_dir", required=False, default="graph",
        type=click.Path(file_okay=False, path_type=Path),
    )(f)


def output_format(f: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
        help="Output format (default: table on a terminal, json when piped).",
    )(f)
