"""Tests of ddgraph.views on the tiny hand-written graph (and the real dataset when it validates)."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from ddgraph.channels import ChannelFilter, channel_index
from ddgraph.examples import tiny_graph
from ddgraph.views import channel_graph, mechanism_graph, person_graph, simple_graph


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return tiny_graph()


def on(G: nx.MultiDiGraph, day: str, mode: str = "possible", **only: object) -> list[tuple[str, str, str]]:
    """The edges of the channel graph on ``day`` of the channels ``ChannelFilter(**only)`` keeps."""
    return edges(channel_graph(G, day, ChannelFilter(**only), mode=mode))  # type: ignore[arg-type]


def edges(CG: nx.MultiGraph) -> list[tuple[str, str, str]]:
    return sorted((min(u, v), max(u, v), k) for u, v, k in CG.edges(keys=True))


def test_open_channels_on_a_date(G: nx.MultiDiGraph) -> None:
    assert on(G, "2022-08-04", tracks={"1"}) == [
        ("chn", "usa", "dtl"),
        ("chn", "usa", "forum"),
        ("chn", "vnm", "forum"),
        ("usa", "vnm", "forum"),
    ]
    assert on(G, "2022-08-05", kinds={"hotline"}) == []  # suspended that day
    assert on(G, "2023-11-15", kinds={"hotline"}) == [("chn", "usa", "dtl")]  # resumed


def test_country_of_organization_via_part_of(G: nx.MultiDiGraph) -> None:
    assert channel_index(G)["dtl"].countries_on(dt.date(2020, 1, 1)) == ["chn", "usa"]  # pla -> chn


def test_multilateral_projection_keeps_identity(G: nx.MultiDiGraph) -> None:
    CG = channel_graph(G, "2020-01-01")
    forum = [(u, v, d) for u, v, k, d in CG.edges(keys=True, data=True) if k == "forum"]
    assert len(forum) == 3
    assert all(
        d["multilateral"] and d["parties"] == 3 and d["kind"] == "multilateral_forum" for *_, d in forum
    )
    assert {d["from"] for *_, d in forum} == {"2010-01-01"}
    B = mechanism_graph(CG)
    assert B.degree(("m", "forum")) == 3
    assert simple_graph(CG)["usa"]["chn"]["keys"] == ["dtl", "forum"]


def test_participation_dates_and_modes(G: nx.MultiDiGraph) -> None:
    # track2: active from "2023-03" (2023-03-01..31); China joins 2023-06-01
    assert on(G, "2023-05-01", tracks={"2"}) == []
    assert on(G, "2023-06-01", tracks={"2"}) == [("chn", "usa", "track2")]
    # the DTL opened "2008-03": on 2008-03-15 possibly, not certainly
    assert on(G, "2008-03-15", kinds={"hotline"}, mode="possible") == [("chn", "usa", "dtl")]
    assert on(G, "2008-03-15", kinds={"hotline"}, mode="certain") == []


def test_filters_and_statuses(G: nx.MultiDiGraph) -> None:
    CG = channel_graph(G, "2023-01-01", ChannelFilter(statuses=None))
    assert {d["status"] for *_, d in CG.edges(data=True)} == {"active", "suspended"}
    sus = CG.get_edge_data("usa", "chn")["dtl"]
    assert sus["event"] == "cut" and sus["from"] == "2022-08-05"
    assert on(G, "2023-01-01", statuses={"suspended"}) == [("chn", "usa", "dtl")]
    assert on(G, "2024-01-01", exclude_kinds={"multilateral_forum", "hotline"}) == [("chn", "usa", "track2")]
    assert on(G, "2024-01-01", levels={"working"}) == []


def test_require_answered(G: nx.MultiDiGraph) -> None:
    # last use of the DTL before 2024-01-01 was a declined call (2023-02-10); answered again 2024-04-16
    assert ("chn", "usa", "dtl") in edges(channel_graph(G, "2024-01-01"))
    assert ("chn", "usa", "dtl") not in on(G, "2024-01-01", require_answered=True)
    assert ("chn", "usa", "dtl") in on(G, "2024-04-16", require_answered=True)


def test_person_graph(G: nx.MultiDiGraph) -> None:
    P = person_graph(G)
    assert P["austin"]["dong"] == {"weight": 1, "events": ["call1"]}  # the declined call did not happen
    assert person_graph(G, held_only=False)["austin"]["dong"]["weight"] == 2
    assert person_graph(G, end="2024-01-01").number_of_edges() == 0
    assert person_graph(G, event_kinds={"session"}).number_of_edges() == 0


def _same_graph(A: nx.MultiGraph, B: nx.MultiGraph) -> None:
    assert dict(A.nodes(data=True)) == dict(B.nodes(data=True))
    assert A.graph == B.graph
    norm = sorted(
        (min(u, v), max(u, v), k, sorted(d.items())) for u, v, k, d in A.edges(keys=True, data=True)
    )
    assert norm == sorted(
        (min(u, v), max(u, v), k, sorted(d.items())) for u, v, k, d in B.edges(keys=True, data=True)
    )


FILTERS = [
    ChannelFilter(),
    ChannelFilter(statuses=None),
    ChannelFilter(require_answered=True),
    ChannelFilter(tracks={"1"}, exclude_kinds={"multilateral_forum"}),
]


def test_compact_as_of_view_equals_channel_graph_on_every_change_day(G: nx.MultiDiGraph) -> None:
    """The edge list, its igraph and its networkx graph say what channel_graph says, day by day."""
    from ddgraph.channels import DatedGraph
    from ddgraph.views import as_of_edges

    for mode in ("possible", "certain"):
        dg = DatedGraph(G, mode)  # type: ignore[arg-type]
        days = sorted(
            {p.start for ch in dg.index.values() for p in ch.periods}
            | {d for ch in dg.index.values() for r in ch.countries.values() for x in r for d in x if d}
            | {u.day for ch in dg.index.values() for u in ch.uses}
        )
        days += [d - dt.timedelta(days=1) for d in days] + [dt.date(1900, 1, 1), dt.date(2030, 1, 1)]
        for channels in FILTERS:
            for day in days:
                CG = channel_graph(dg, day, channels, mode=mode)  # type: ignore[arg-type]
                view = as_of_edges(dg, day, channels, mode=mode)  # type: ignore[arg-type]
                assert sorted(view.edges()) == edges(CG)
                _same_graph(view.to_networkx(dg.G), CG)
                g = view.to_igraph()
                assert sorted(
                    (*sorted((g.vs[e.source]["name"], g.vs[e.target]["name"])), e["mechanism"]) for e in g.es
                ) == edges(CG)


def test_compact_as_of_view_equals_channel_graph_on_the_real_dataset() -> None:
    from ddgraph.channels import DatedGraph
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import as_of_edges, base_graph

    dg = DatedGraph(base_graph(to_property_graph(load_dataset("graph"))))
    days = sorted({p.start for ch in dg.index.values() for p in ch.periods})[::3]
    assert len(days) > 50
    for channels in FILTERS:
        for day in days:
            CG = channel_graph(dg, day, channels)
            _same_graph(as_of_edges(dg, day, channels).to_networkx(dg.G), CG)
