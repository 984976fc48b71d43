"""Dataset statistics: counts by kind and label, facts per source, date coverage."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .graph import DATE_KEYS, Node, PropertyGraph, Relationship


def compute_stats(g: PropertyGraph) -> dict[str, Any]:
    """Counts of nodes by label and relationships by type, facts per source, and the date range.

    >>> from ddgraph.graph import PropertyGraph, Node
    >>> g = PropertyGraph(); g.add_node(Node("s", ("Source",), {"sources": ["s"]}))
    >>> compute_stats(g)["nodes"]
    {'Source': 1}
    """
    nodes = Counter(n.label for n in g.nodes.values())
    kinds = Counter(f"{n.label}:{n.props['kind']}" for n in g.nodes.values() if "kind" in n.props)
    rels = Counter(r.type for r in g.relationships.values())
    per_source: Counter[str] = Counter()
    dates: list[str] = []
    items: list[Node | Relationship] = [*g.nodes.values(), *g.relationships.values()]
    for item in items:
        if not (isinstance(item, Node) and "Source" in item.labels):  # a source cites itself: not a fact
            per_source.update(item.props.get("sources", []))
        dates.extend(v for k, v in item.props.items() if k in DATE_KEYS and not k.endswith("_latest"))
    precision = Counter(v for item in items for k, v in item.props.items() if k.endswith("_precision"))
    return {
        "nodes": dict(sorted(nodes.items())),
        "node_kinds": dict(sorted(kinds.items())),
        "relationships": dict(sorted(rels.items())),
        "total_nodes": len(g.nodes),
        "total_relationships": len(g.relationships),
        "facts_per_source": dict(sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))),
        "date_coverage": {
            "earliest": min(dates) if dates else None,
            "latest": max(dates) if dates else None,
            "dated_values": len(dates),
            "by_precision": dict(sorted(precision.items())),
        },
    }
