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
    # mechanisms.yaml: China's 2022-08-05 countermeasures suspended DPCT, MMCA, theater commanders talks
    # and the high-level mil-mil dialogue; the hotlines and ADMM-Plus stayed open.
    assert {m for m, s in got.items() if s in ("active", "resumed")} == {
        "admm-plus",
        "usa-chn-dtl",
        "usa-chn-leaders-hotline",
    }
    assert {m for m, s in got.items() if s == "suspended"} == {
        "usa-chn-dpct",
        "usa-chn-high-level-mil-mil",
        "usa-chn-mmca",
        "usa-chn-theater-commanders",
    }
    suspended = [r for r in direct_channels(G, "usa", "chn", "2022-09-01") if r["status"] == "suspended"]
    assert {r["event"] for r in suspended} == {"chn-countermeasures-2022-08-05"}


def test_us_china_channels_on_2024_03_31(G: nx.MultiDiGraph) -> None:
    got = statuses(G, "2024-03-31")
    assert {m for m, s in got.items() if s in ("active", "resumed")} == {
        "admm-plus",
        "usa-chn-dpct",
        "usa-chn-dtl",
        "usa-chn-high-level-mil-mil",
        "usa-chn-leaders-hotline",
        "shangri-la-dialogue",
        "usa-chn-track2-nuclear",
    }
    # agreed to resume at Woodside (2023-11-15), resumed at the Honolulu working group, 2024-04-03
    assert got["usa-chn-mmca"] == "agreed"
    assert got["usa-chn-theater-commanders"] == "agreed"
    # the DTL's last recorded use (Feb 2023) was a declined call
    CG = channel_graph(G, "2024-03-31", ChannelFilter(require_answered=True))
    assert "usa-chn-dtl" not in (CG.get_edge_data("usa", "chn") or {})


def test_dark_period_of_military_talks(G: nx.MultiDiGraph) -> None:
    military = TRACK1_CHANNELS.but(kinds=MILITARY_TALKS)
    (dark,) = dark_periods(G, "usa", "chn", military, start=dt.date(2022, 8, 1))
    assert (dark["start"], dark["end"], dark["duration_days"]) == ("2022-08-05", "2023-12-21", 503)
    assert {c["channel"] for c in dark["closed"]} == {
        "usa-chn-dpct",
        "usa-chn-high-level-mil-mil",
        "usa-chn-mmca",
    }
    assert {c["event"] for c in dark["closed"]} == {"chn-countermeasures-2022-08-05"}
    assert dark["reopened_by"] == ["usa-chn-high-level-mil-mil"]  # Brown-Liu video call, 2023-12-21


def test_routes_that_remained_during_the_dark_period(G: nx.MultiDiGraph) -> None:
    CG = channel_graph(G, "2022-09-01")
    s = connectivity_summary(CG, "usa", "chn")
    assert s["connected"] and s["hops"] == 1
    assert s["min_channel_cut"] == ["admm-plus", "chn-jpn-macm", "usa-chn-dtl", "usa-chn-leaders-hotline"]
    direct = sorted(CG.get_edge_data("usa", "chn"))
    routes = paths(CG, "usa", "chn", fail=direct, track="1")
    assert [(r["countries"], [s["channel"] for s in r["steps"]]) for r in routes] == [
        (["usa", "jpn", "chn"], ["usa-jpn-edd", "chn-jpn-macm"])
    ]
    military = channel_graph(G, "2022-09-01", ChannelFilter(kinds=MILITARY_TALKS))
    assert paths(military, "usa", "chn") == []
