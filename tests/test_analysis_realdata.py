"""The analyst's questions on the real graph/ (expectations read from the YAML, then frozen)."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from ddgraph.analysis.connectivity import connectivity_summary, direct_channels
from ddgraph.analysis.paths import paths
from ddgraph.analysis.timeline import TRACK1_CHANNELS, dark_periods
from ddgraph.channels import ChannelFilter
from ddgraph.views import channel_graph

MILITARY_TALKS = {"military_talks", "defense_ministers_dialogue"}


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(load_dataset("graph")))


def statuses(G: nx.MultiDiGraph, day: str) -> dict[str, str]:
    return {r["mechanism"]: r["status"] for r in direct_channels(G, "usa", "chn", day)}


def test_us_china_channels_after_pelosi_visit(G: nx.MultiDiGraph) -> None:
    got = statuses(G, "2022-09-01")
    # China's countermeasures of 2022-08-05 suspended the DCT, the DPCT, the MMCA, the theater commanders'
    # talks and the high-level military dialogue; the two hotlines, the defense ministers' channel (Austin
    # and Wei met in Cambodia on 2022-11-22), the 2014 MoUs and the forums stayed open.
    assert {m for m, s in got.items() if s == "suspended"} == {
        "usa-chn-dct",
        "usa-chn-dpct",
        "usa-chn-high-level-mil-mil",
        "usa-chn-mmca",
        "usa-chn-theater-commanders",
    }
    suspended = [r for r in direct_channels(G, "usa", "chn", "2022-09-01") if r["status"] == "suspended"]
    assert {r["event"] for r in suspended} == {"chn-countermeasures-2022-08-05"}
    opened = {m for m, s in got.items() if s in ("active", "resumed")}
    assert {
        "usa-chn-dtl",
        "usa-chn-leaders-hotline",
        "usa-chn-defense-ministers",
        "usa-chn-mou-notification",
        "usa-chn-mou-rules-of-behavior",
        "admm-plus",
        "asean-regional-forum",
        "shangri-la-dialogue",
    } <= opened
    assert not any(m in opened for m in ("usa-chn-dpct", "usa-chn-mmca", "usa-chn-dct"))
    assert got["usa-chn-track2-nuclear"] == "dormant"  # US funding stopped in 2019


def test_us_china_channels_on_2024_03_31(G: nx.MultiDiGraph) -> None:
    got = statuses(G, "2024-03-31")
    assert got["usa-chn-dpct"] == "resumed"  # 17th round at the Pentagon, 2024-01-08
    assert got["usa-chn-high-level-mil-mil"] == "resumed"  # Brown-Liu video call, 2023-12-21
    assert got["usa-chn-track2-nuclear"] == "resumed"  # March 2024 round
    # agreed to resume at Woodside (2023-11-15), resumed at the Honolulu working group, 2024-04-03
    assert got["usa-chn-mmca"] == "agreed"
    assert got["usa-chn-theater-commanders"] == "agreed"
    # dormant since China declined the call after the balloon shoot-down (2023-02-04)
    assert got["usa-chn-defense-ministers"] == "dormant"
    assert got["usa-chn-dct"] == "suspended"  # no round recorded after the 2022 countermeasures
    # the DTL's last recorded use (Feb 2023) was a declined call
    CG = channel_graph(G, "2024-03-31", ChannelFilter(require_answered=True))
    assert "usa-chn-dtl" not in (CG.get_edge_data("usa", "chn") or {})


def test_the_defense_ministers_channel_is_open_when_austin_met_wei(G: nx.MultiDiGraph) -> None:
    rows = {r["mechanism"]: r for r in direct_channels(G, "usa", "chn", "2022-11-22")}
    assert rows["usa-chn-defense-ministers"]["status"] == "resumed"
    assert rows["usa-chn-defense-ministers"]["open"]


def test_dark_periods_of_military_talks_since_2000(G: nx.MultiDiGraph) -> None:
    military = TRACK1_CHANNELS.but(kinds={"military_talks"})
    darks = dark_periods(G, "usa", "chn", military, start=dt.date(2000, 1, 1))
    assert [(d["start"], d["end"], d["duration_days"]) for d in darks] == [
        ("2008-10-01", "2009-02-27", 149),  # Taiwan arms sale of Oct 2008, until the DPCT of Feb 2009
        ("2010-01-30", "2010-09-01", 214),  # Taiwan arms sale of Jan 2010, until the Sept 2010 talks
        ("2022-08-05", "2023-12-21", 503),  # Pelosi's visit, until the Brown-Liu video call
    ]
    assert {c["event"] for c in darks[0]["closed"]} == {"chn-suspends-mil-exchanges-2008-10"}
    assert {c["event"] for c in darks[1]["closed"]} == {"chn-suspends-mil-exchanges-2010-01-30"}
    assert {c["event"] for c in darks[2]["closed"]} == {"chn-countermeasures-2022-08-05"}
    assert darks[2]["reopened_by"] == ["usa-chn-high-level-mil-mil"]


def test_with_the_ministers_channel_the_last_dark_period_starts_with_the_declined_call(
    G: nx.MultiDiGraph,
) -> None:
    military = TRACK1_CHANNELS.but(kinds=MILITARY_TALKS)
    last = dark_periods(G, "usa", "chn", military, start=dt.date(2022, 8, 1))
    assert [(d["start"], d["end"], d["duration_days"]) for d in last] == [("2023-02-04", "2023-12-21", 320)]
    assert {c["event"] for c in last[0]["closed"]} == {"usa-chn-call-declined-2023-02-04"}


def test_routes_that_remained_during_the_dark_period(G: nx.MultiDiGraph) -> None:
    CG = channel_graph(G, "2022-09-01")
    s = connectivity_summary(CG, "usa", "chn")
    assert s["connected"] and s["hops"] == 1
    direct = sorted(CG.get_edge_data("usa", "chn"))
    assert {"usa-chn-dtl", "usa-chn-leaders-hotline", "usa-chn-defense-ministers"} <= set(direct)
    routes = paths(CG, "usa", "chn", fail=direct, track="1")
    # with every direct channel cut, official routes through third countries remain, two hops first
    assert routes and routes[0]["hops"] == 2
    assert {"jpn", "ind", "aus", "sgp", "kor", "vnm"} <= {r["countries"][1] for r in routes if r["hops"] == 2}
    # military talks alone: the US-China talks are suspended, one route is left, through India
    military = channel_graph(G, "2022-09-01", ChannelFilter(kinds={"military_talks"}))
    assert [r["countries"] for r in paths(military, "usa", "chn")] == [["usa", "ind", "chn"]]
