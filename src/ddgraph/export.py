"""Writers (and the JSONL reader) for the property graph: JSONL, GraphML and neo4j-admin CSV.

JSONL follows the line format of APOC's ``apoc.export.json`` so that ``apoc.import.json`` reads it::

    {"type":"node","id":"usa","labels":["Country"],"properties":{...}}
    {"type":"relationship","id":"...","label":"PART_OF","start":{"id":..,"labels":[..]},"end":{...},"properties":{...}}

Output is deterministic (nodes then relationships, each sorted by id; keys sorted) so that two
exports can be compared byte for byte.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import ExportError
from .graph import DATE_KEYS, Node, PropertyGraph, Relationship

FORMATS = ("jsonl", "graphml", "csv")


def jsonl_lines(g: PropertyGraph) -> Iterator[str]:
    for n in g.sorted_nodes():
        yield json.dumps(
            {"type": "node", "id": n.id, "labels": list(n.labels), "properties": n.props},
            ensure_ascii=False, sort_keys=True,
        )
    for r in g.sorted_relationships():
        yield json.dumps(
            {
                "type": "relationship", "id": r.id, "label": r.type,
                "start": {"id": r.start, "labels": list(g.nodes[r.start].labels)},
                "end": {"id": r.end, "labels": list(g.nodes[r.end].labels)},
                "properties": r.props,
            },
            ensure_ascii=False, sort_keys=True,
        )


def to_jsonl(g: PropertyGraph) -> str:
    return "".join(line + "\n" for line in jsonl_lines(g))


def read_jsonl(text: str, name: str = "<jsonl>") -> PropertyGraph:
    """Read JSONL written by :func:`to_jsonl` (or APOC) back into a property graph."""
    g = PropertyGraph()
    rels: list[Relationship] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row["type"] == "node":
                g.add_node(Node(str(row["id"]), tuple(row["labels"]), dict(row.get("properties", {}))))
            elif row["type"] == "relationship":
                rels.append(Relationship(str(row["id"]), row["label"], str(row["start"]["id"]),
                                         str(row["end"]["id"]), dict(row.get("properties", {}))))
            else:
                raise ValueError(f"unknown type {row['type']!r}")
        except (ValueError, KeyError, TypeError) as e:
            raise ExportError(f"{name}:{lineno}: not a ddgraph JSONL line ({e})") from e
    for r in rels:
        g.relationships[r.id] = r
    return g


def to_networkx(g: PropertyGraph) -> nx.MultiDiGraph:
    """The whole property graph as a networkx multigraph (node and edge attributes = properties)."""
    G = nx.MultiDiGraph()
    for n in g.sorted_nodes():
        G.add_node(n.id, labels=n.labels, **n.props)
    for r in g.sorted_relationships():
        G.add_edge(r.start, r.end, key=r.id, type=r.type, **r.props)
    return G


def _scalar(value: Any) -> Any:
    # GraphML has no lists: keep them readable and reversible as JSON text.
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def to_graphml(g: PropertyGraph) -> str:
    G = nx.MultiDiGraph()
    for n in g.sorted_nodes():
        G.add_node(n.id, labels=":".join(n.labels), **{k: _scalar(v) for k, v in n.props.items()})
    for r in g.sorted_relationships():
        G.add_edge(r.start, r.end, key=r.id, id=r.id, label=r.type,
                   **{k: _scalar(v) for k, v in r.props.items() if k != "id"})
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def _csv_type(key: str, values: list[Any]) -> str:
    if key in DATE_KEYS:
        return "date"
    sample = next((v for v in values if v is not None), "")
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, int):
        return "int"
    if isinstance(sample, float):
        return "float"
    if isinstance(sample, list):
        inner = sample[0] if sample else ""
        return "int[]" if isinstance(inner, int) and not isinstance(inner, bool) else "string[]"
    return "string"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_csv(g: PropertyGraph, out_dir: Path) -> list[Path]:
    """neo4j-admin ``database import`` files: one node file per primary label, one per relationship type.

    Lists use ``;`` as array delimiter (neo4j-admin's default). An ``import.sh`` beside them runs the import.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    by_label: dict[str, list[Node]] = {}
    for n in g.sorted_nodes():
        by_label.setdefault(n.label, []).append(n)
    args = []
    for label, nodes in sorted(by_label.items()):
        keys = sorted({k for n in nodes for k in n.props if k != "id"})
        header = ["id:ID", ":LABEL"] + [f"{k}:{_csv_type(k, [n.props.get(k) for n in nodes])}" for k in keys]
        rows = [[n.id, ";".join(n.labels)] + [_csv_value(n.props.get(k)) for k in keys] for n in nodes]
        path = out_dir / f"nodes_{label}.csv"
        _write_table(path, header, rows)
        written.append(path)
        args.append(f"--nodes={path.name}")
    by_type: dict[str, list[Relationship]] = {}
    for r in g.sorted_relationships():
        by_type.setdefault(r.type, []).append(r)
    for rtype, rels in sorted(by_type.items()):
        keys = sorted({k for r in rels for k in r.props})
        header = [":START_ID", ":END_ID", ":TYPE", "id:string"] + [
            f"{k}:{_csv_type(k, [r.props.get(k) for r in rels])}" for k in keys
        ]
        rows = [[r.start, r.end, r.type, r.id] + [_csv_value(r.props.get(k)) for k in keys] for r in rels]
        path = out_dir / f"rels_{rtype}.csv"
        _write_table(path, header, rows)
        written.append(path)
        args.append(f"--relationships={path.name}")
    script = out_dir / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into an empty, stopped database: neo4j-admin database import full\n"
        'cd "$(dirname "$0")" && neo4j-admin database import full --overwrite-destination '
        + " ".join(args) + ' "${1:-neo4j}"\n',
        encoding="utf-8",
    )
    written.append(script)
    return written


def write_export(g: PropertyGraph, fmt: str, out: Path | None) -> str | None:
    """Write ``g`` in ``fmt`` to ``out`` (a file; a directory for csv) or return the text for stdout."""
    if fmt == "jsonl":
        text = to_jsonl(g)
    elif fmt == "graphml":
        text = to_graphml(g)
    elif fmt == "csv":
        if out is None:
            raise ExportError("csv export writes one file per label and type: give a directory with -o")
        write_csv(g, out)
        return None
    else:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if out is None:
        return text
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)  # never a half-written export
    return None
