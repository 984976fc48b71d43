"""Dataset statistics: counts by kind and label, facts per source, date coverage."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .graph import DATE_KEYS, Node, PropertyGraph, Relationship


def coverage(g: PropertyGraph) -> dict[str, Any]:
    """What the dataset covers: mechanisms by kind, and per country its channels, kinds and years.

    Per country: ``mechanisms`` it takes part in (directly or through its bodies), of which
    ``bilateral`` (two countries), ``kinds`` (count per kind), ``events`` of those mechanisms and
    ``years``, the first and last year of their recorded statuses and events.
    """
    from .channels import channel_index
    from .views import base_graph

    G = base_graph(g)
    index = channel_index(G)
    by_kind = Counter(ch.kind for ch in index.values())
    per: dict[str, dict[str, Any]] = {}
    for ch in index.values():
        years = [p.start.year for p in ch.periods] + [u.day.year for u in ch.uses]
        for country in ch.countries:
            row = per.setdefault(
                country, {"mechanisms": 0, "bilateral": 0, "kinds": Counter(), "events": 0, "years": []}
            )
            row["mechanisms"] += 1
            row["bilateral"] += len(ch.countries) == 2
            row["kinds"][ch.kind] += 1
            row["events"] += len(ch.uses)
            row["years"].extend(years)
    countries = {}
    for country, row in sorted(per.items(), key=lambda kv: (-kv[1]["mechanisms"], kv[0])):
        years = row.pop("years")
        countries[country] = {
            **row,
            "kinds": dict(sorted(row["kinds"].items())),
            "years": f"{min(years)}-{max(years)}" if years else None,
        }
    return {
        "mechanisms": len(index),
        "countries_with_channels": len(countries),
        "mechanisms_by_kind": dict(sorted(by_kind.items())),
        "by_country": countries,
    }


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
        "coverage": coverage(g),
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
