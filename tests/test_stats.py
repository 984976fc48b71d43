"""`ddgraph stats`: coverage by country and by kind, counted from the channels themselves."""

from __future__ import annotations

from ddgraph.channels import channel_index
from ddgraph.examples import tiny_graph
from ddgraph.graph import to_property_graph
from ddgraph.stats import compute_stats
from ddgraph.views import base_graph


def test_coverage_counts_each_countrys_channels_kinds_and_years() -> None:
    from ddgraph.graph import PropertyGraph

    G = tiny_graph()
    pg = PropertyGraph()
    for n, data in G.nodes(data=True):
        from ddgraph.graph import Node

        pg.add_node(Node(n, tuple(data["labels"]), {k: v for k, v in data.items() if k != "labels"}))
    for u, v, data in G.edges(data=True):
        pg.add_relationship(data["type"], u, v, {k: x for k, x in data.items() if k != "type"})
    cov = compute_stats(pg)["coverage"]
    assert cov["mechanisms"] == 3 and cov["mechanisms_by_kind"] == {
        "hotline": 1,
        "multilateral_forum": 1,
        "track2_dialogue": 1,
    }
    assert cov["by_country"]["usa"]["mechanisms"] == 3
    assert cov["by_country"]["usa"]["bilateral"] == 2  # the hotline and the Track 2 dialogue
    assert cov["by_country"]["vnm"] == {
        "mechanisms": 1,
        "bilateral": 0,
        "kinds": {"multilateral_forum": 1},
        "events": 0,
        "years": "2010-2010",
    }


def test_coverage_of_the_real_dataset_matches_the_channel_index(real_dataset) -> None:  # type: ignore[no-untyped-def]
    pg = to_property_graph(real_dataset)
    cov = compute_stats(pg)["coverage"]
    index = channel_index(base_graph(pg))
    assert cov["mechanisms"] == len(real_dataset.mechanisms) == len(index)
    assert sum(cov["mechanisms_by_kind"].values()) == len(index)
    usa = sum(1 for ch in index.values() if "usa" in ch.countries)
    assert cov["by_country"]["usa"]["mechanisms"] == usa
