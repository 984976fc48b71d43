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

from . import model as m
from .errors import ExportError
from .graph import DATE_KEYS, NODE_LABELS, Node, PropertyGraph, Relationship, camel
from .outputs import output_dir, write_file
from .render import escape_controls

FORMATS = ("jsonl", "graphml", "csv", "gexf", "datapackage")
VIEWS = ("property", "channels")


def jsonl_lines(g: PropertyGraph) -> Iterator[str]:
    for n in g.sorted_nodes():
        yield json.dumps(
            {"type": "node", "id": n.id, "labels": list(n.labels), "properties": n.props},
            ensure_ascii=False,
            sort_keys=True,
        )
    for r in g.sorted_relationships():
        yield json.dumps(
            {
                "type": "relationship",
                "id": r.id,
                "label": r.type,
                "start": {"id": r.start, "labels": list(g.nodes[r.start].labels)},
                "end": {"id": r.end, "labels": list(g.nodes[r.end].labels)},
                # the id also as a property, as a ddgraph database stores it (and APOC exports it):
                # apoc.import.json keeps only properties, and ddgraph finds relationships by id
                "properties": {**r.props, "id": r.id},
            },
            ensure_ascii=False,
            sort_keys=True,
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
                props = dict(row.get("properties", {}))
                props.pop("id", None)
                rels.append(
                    Relationship(
                        str(row["id"]), row["label"], str(row["start"]["id"]), str(row["end"]["id"]), props
                    )
                )
            else:
                raise ValueError(f"unknown type {row['type']!r}")
        except (ValueError, KeyError, TypeError) as e:
            raise ExportError(f"{name}:{lineno}: not a ddgraph JSONL line ({e})") from e
    for r in rels:
        g.relationships[r.id] = r
    return g


def all_node_labels() -> list[str]:
    """Every label a ddgraph node can carry: the primary ones and the kind labels of mechanisms and events."""
    kinds = [camel(k.value) for k in m.MechanismKind] + [camel(k.value) for k in m.EventKind]
    return [*NODE_LABELS, *sorted(set(kinds) - set(NODE_LABELS))]


def to_networkx(g: PropertyGraph) -> nx.MultiDiGraph:
    """The whole property graph as a networkx multigraph (node and edge attributes = properties)."""
    G = nx.MultiDiGraph()
    for n in g.sorted_nodes():
        G.add_node(n.id, labels=n.labels, **n.props)
    for r in g.sorted_relationships():
        G.add_edge(r.start, r.end, key=r.id, type=r.type, **r.props)
    return G


def _scalar(value: Any) -> Any:
    # GraphML has no lists: keep them readable and reversible as JSON text (which escapes control
    # characters); XML 1.0 cannot hold most control characters at all, so a text gets \xNN escapes.
    if isinstance(value, list | tuple):
        return escape_controls(json.dumps(list(value), ensure_ascii=False))
    if isinstance(value, str):
        return escape_controls(value)
    return value


def to_graphml(g: PropertyGraph) -> str:
    G = nx.MultiDiGraph()
    for n in g.sorted_nodes():
        G.add_node(n.id, labels=":".join(n.labels), **{k: _scalar(v) for k, v in n.props.items()})
    for r in g.sorted_relationships():
        G.add_edge(
            r.start,
            r.end,
            key=r.id,
            id=r.id,
            label=r.type,
            **{k: _scalar(v) for k, v in r.props.items() if k != "id"},
        )
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


#: Between the items of a list in a neo4j-admin CSV cell: the ASCII unit separator, which the model
#: refuses in any text (control characters), so it can never be part of an item.
ARRAY_DELIMITER = "\x1f"
_ARRAY_DELIMITER_OPTION = "U+001F"


def _csv_value(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        items = ["true" if v is True else "false" if v is False else str(v) for v in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise ExportError(
                f"{where}: a list item holds the array delimiter U+001F; it cannot be exported as CSV"
            )
        return ARRAY_DELIMITER.join(items)
    return str(value)


def _cells(column: list[Any], what: str, ids: list[str], key: str) -> list[Any]:
    """``column`` as :func:`_csv_value` writes it, where the csv module would write it otherwise.

    The csv module already writes ``None`` as an empty cell and numbers with ``str``: only booleans
    and lists change (``what`` and ``ids`` name a cell in an error). Lists of text, the common case,
    are checked for the delimiter in one scan of the column and joined without a call per item.
    """
    try:
        clean = ARRAY_DELIMITER not in "".join(map("".join, (v for v in column if v.__class__ is list)))
    except TypeError:  # a list of numbers or booleans: cell by cell
        clean = False
    if not clean:
        return [_csv_value(v, f"{what} {i} {key}") for v, i in zip(column, ids, strict=True)]
    join = ARRAY_DELIMITER.join
    return [
        join(v) if v.__class__ is list else ("true" if v else "false") if v.__class__ is bool else v
        for v in column
    ]


def _table(
    path: Path,
    head: list[str],
    fixed: list[list[str]],
    props: list[dict[str, Any]],
    keys: list[str],
    what: str,
    ids: list[str],
    protect: Path | None,
) -> None:
    """One CSV file: the ``fixed`` columns, then one column per key of ``props``, built column by column."""
    header, columns = list(head), []
    for k in keys:
        column = [p.get(k) for p in props]
        header.append(f"{k}:{_csv_type(k, column)}")
        if any(v.__class__ is bool or v.__class__ is list for v in column):
            column = _cells(column, what, ids, k)
        columns.append(column)
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(zip(*fixed, *columns, strict=True))
    write_file(path, buf.getvalue(), protect=protect)


def import_command(files: list[Path], database: str = "neo4j") -> list[str]:
    """The ``neo4j-admin database import full`` arguments for the files :func:`write_csv` wrote.

    The database name comes first: ``--nodes``/``--relationships`` take several files each, so a
    name after them would be read as one more file.
    """
    args = [
        "neo4j-admin",
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination",
        f"--array-delimiter={_ARRAY_DELIMITER_OPTION}",
        "--multiline-fields=true",
    ]
    for f in files:
        if f.name.startswith("nodes_"):
            args.append(f"--nodes={f.name}")
        elif f.name.startswith("rels_"):
            args.append(f"--relationships={f.name}")
    return args


def write_import_script(files: list[Path], out_dir: Path, *, protect: Path | None = None) -> Path:
    """``out_dir/import.sh``, the ``neo4j-admin database import full`` of ``files``: ``sh import.sh [DB]``."""
    args = import_command(files)
    args[4] = '"${1:-neo4j}"'
    return write_file(
        out_dir / "import.sh",
        "#!/bin/sh\n"
        "# Import into a stopped server's database (neo4j-admin 5): sh import.sh [DATABASE]\n"
        "# then start the server and run `ddgraph load` once: it applies cypher/schema.cypher.\n"
        'cd "$(dirname "$0")" && ' + " ".join(args) + "\n",
        protect=protect,
    )


def write_csv(g: PropertyGraph, out_dir: Path, *, protect: Path | None = None) -> list[Path]:
    """neo4j-admin ``database import`` files: one node file per primary label, one per relationship type.

    List items are separated by U+001F (``--array-delimiter=U+001F``), which no text can hold, so
    ``["A;B"]`` and ``["A", "B"]`` stay apart. An ``import.sh`` beside the files runs the import into a
    stopped server's database (``sh import.sh [DATABASE]``, default ``neo4j``). Nothing is written
    inside ``protect`` (see :mod:`ddgraph.outputs`).
    """
    output_dir(out_dir, protect=protect)
    written: list[Path] = []
    by_label: dict[str, list[Node]] = {}
    for n in g.sorted_nodes():
        by_label.setdefault(n.label, []).append(n)
    for label, nodes in sorted(by_label.items()):
        props = [n.props for n in nodes]
        keys = sorted({k for p in props for k in p} - {"id"})
        ids = [n.id for n in nodes]
        labels = [ARRAY_DELIMITER.join(n.labels) for n in nodes]
        path = out_dir / f"nodes_{label}.csv"
        _table(path, ["id:ID", ":LABEL"], [ids, labels], props, keys, "node", ids, protect)
        written.append(path)
    by_type: dict[str, list[Relationship]] = {}
    for r in g.sorted_relationships():
        by_type.setdefault(r.type, []).append(r)
    for rtype, rels in sorted(by_type.items()):
        props = [r.props for r in rels]
        keys = sorted({k for p in props for k in p})
        ids = [r.id for r in rels]
        fixed = [[r.start for r in rels], [r.end for r in rels], [rtype] * len(rels), ids]
        path = out_dir / f"rels_{rtype}.csv"
        head = [":START_ID", ":END_ID", ":TYPE", "id:string"]
        _table(path, head, fixed, props, keys, "relationship", ids, protect)
        written.append(path)
    written.append(write_import_script(written, out_dir, protect=protect))
    return written


def write_export(
    g: PropertyGraph,
    fmt: str,
    out: Path | None,
    *,
    view: str = "property",
    officials: bool = False,
    dataset: Any = None,
    protect: Path | None = None,
) -> str | None:
    """Write ``g`` in ``fmt`` to ``out`` (a file; a directory for csv and datapackage) or return the text.

    ``view``: ``property`` (the whole property graph: jsonl, graphml, csv) or ``channels`` (countries,
    and with ``officials`` persons, joined by dated channel edges: gexf, graphml). ``datapackage`` needs
    the validated ``dataset`` (its tables are the records, not the graph). Files are written by
    :mod:`ddgraph.outputs`: whole or not at all, never inside ``protect`` (the dataset being read).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if view not in VIEWS:
        raise ExportError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    if fmt == "gexf":
        view = "channels"
    if view == "channels" and fmt not in ("gexf", "graphml"):
        raise ExportError(f"the channels view is written as gexf or graphml, not {fmt}")
    if officials and view != "channels":
        raise ExportError("--officials applies to the channels view (gexf, or graphml --view channels)")
    if fmt in ("csv", "datapackage"):
        if out is None:
            raise ExportError(f"{fmt} export writes one file per table: give a directory with -o")
        if fmt == "csv":
            write_csv(g, out, protect=protect)
        else:
            from .datapackage import write_datapackage

            if dataset is None:
                raise ExportError("the data package is written from the files, not from --from-neo4j")
            write_datapackage(dataset, out, protect=protect)
        return None
    if view == "channels":
        from .projection import channel_projection, write_gexf_text, write_graphml_text
        from .views import base_graph

        projection = channel_projection(base_graph(g), officials=officials)
        text = write_gexf_text(projection) if fmt == "gexf" else write_graphml_text(projection)
    elif fmt == "jsonl":
        text = to_jsonl(g)
    else:
        text = to_graphml(g)
    if out is None:
        return text
    write_file(out, text, protect=protect)  # never a half-written export
    return None
