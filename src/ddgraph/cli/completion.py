"""Shell completion of the values a user types most: country ids and codes, mechanism ids, query names.

click completes commands and options by itself (``_DDGRAPH_COMPLETE=bash_source ddgraph``, see the
README); these callbacks add the dataset's values. They read only the ids of the dataset the command
would read (``--data-dir``/``DATA_DIR``, else :func:`ddgraph.datadir.dataset_dir`) with the fast YAML
reader, never validate, and complete nothing rather than fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from ..cypher_library import list_queries
from ..datadir import dataset_dir
from ..dataset import graph_files
from ..errors import DdgraphError
from ..yamlfile import read_records


def _english(record: dict[str, Any]) -> str:
    name = record.get("name")
    return str(name.get("en", "")) if isinstance(name, dict) else str(name or "")


def dataset_ids(root: Path, kind: str) -> list[dict[str, Any]]:
    """The records of ``kind`` in the files of ``root``, as read (unvalidated): for completion only."""
    found: list[dict[str, Any]] = []
    for path in graph_files(root):
        for key, items, _lines in read_records(path) or []:
            if key == kind:
                found += [r for r in items if isinstance(r, dict) and isinstance(r.get("id"), str)]
    return found


def _records(ctx: click.Context, kind: str) -> list[dict[str, Any]]:
    try:
        return dataset_ids(dataset_dir(ctx.params.get("data_dir")), kind)
    except (DdgraphError, OSError):
        return []


def complete_countries(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Country ids (``usa``), or ISO codes (``USA``) when the word starts with a capital."""
    upper = incomplete[:1].isupper()
    items = []
    for record in _records(ctx, "countries"):
        value = str(record.get("iso3") or record["id"].upper()) if upper else record["id"]
        if value.lower().startswith(incomplete.lower()):
            items.append(CompletionItem(value, help=_english(record)))
    return sorted(items, key=lambda item: item.value)


def complete_mechanisms(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Mechanism ids (``usa-chn-dtl``), with their English name as help."""
    items = [
        CompletionItem(record["id"], help=_english(record))
        for record in _records(ctx, "mechanisms")
        if record["id"].startswith(incomplete.lower())
    ]
    return sorted(items, key=lambda item: item.value)


def complete_query_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The query files of ``cypher/queries/``, with their purpose as help."""
    try:
        queries = list_queries()
    except DdgraphError:
        return []
    return [CompletionItem(q.name, help=q.purpose) for q in queries if q.name.startswith(incomplete)]
