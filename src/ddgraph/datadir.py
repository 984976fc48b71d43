"""Which dataset a command reads when none is named: ``$DDGRAPH_DATA``, ``./graph``, or the packaged one.

The curated dataset ships inside the package (``ddgraph/data``: in a source checkout a symlink to the
top-level ``graph/`` folder, the one place the files are edited; building a wheel copies the files
through it as package data), so ``ddgraph channels USA China`` answers from any directory.

The order, first match wins: the directory the user names; ``$DDGRAPH_DATA``; ``graph/`` in the
current directory (a checkout, or a user's own dataset); the packaged dataset.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .errors import NoDataset

#: The environment variable that names the dataset directory to use by default.
ENV = "DDGRAPH_DATA"
#: The dataset folder looked for in the current directory.
LOCAL = Path("graph")


def packaged_dataset() -> Path | None:
    """The dataset installed with the package, or None when this installation has none."""
    folder = Path(str(resources.files("ddgraph") / "data"))
    return folder if (folder / "countries.yaml").is_file() else None


def dataset_dir(explicit: str | Path | None = None) -> Path:
    """The dataset directory to read: ``explicit`` as given, else the first of the module's order.

    Raises :class:`~ddgraph.errors.NoDataset` when ``$DDGRAPH_DATA`` names no directory, or when no
    dataset is found at all, with how to point at one.

    >>> dataset_dir("graph")
    PosixPath('graph')
    """
    if explicit is not None:
        if not Path(explicit).exists():
            raise NoDataset(
                f"{explicit}: no such directory (name a dataset folder such as graph/ or set {ENV})"
            )
        return Path(explicit)
    named = os.environ.get(ENV)
    if named:
        if not Path(named).is_dir():
            raise NoDataset(f"{ENV}={named} is not a directory (point it at a dataset folder such as graph/)")
        return Path(named)
    if LOCAL.is_dir():
        return LOCAL
    packaged = packaged_dataset()
    if packaged is not None:
        return packaged
    raise NoDataset(
        f"no dataset: no {LOCAL}/ folder here and this installation has no packaged dataset; "
        f"name one (DATA_DIR or --data-dir) or set {ENV}=/path/to/graph"
    )
