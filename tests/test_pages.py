"""Tests of ddgraph.pages: the timeline and map data against the library's dated views, the pages
themselves (self-contained, escaped, small) and the commands that write them.

The browser half (the pages drawn in Chromium, the slider, hover) is in tests/test_browser.py.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ddgraph.analysis.centrality import pagerank
from ddgraph.analysis.timeline import TRACK1_CHANNELS, dark_periods
from ddgraph.channels import OPEN_CHANNELS, ChannelFilter, channel_index
from ddgraph.cli import main
from ddgraph.errors import OutputError
from ddgraph.examples import tiny_graph
from ddgraph.pages import PageError, map_data, map_page, page_data, timeline_data, timeline_page, write_page
from ddgraph.views import channel_graph

REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 1, 1)


def drawn(data: dict, i: int, kinds: set[str] | None = None) -> list[tuple[str, str, str]]:
    """What the page's script draws at change point ``i`` (the same test as static/map.js)."""
    ids = [c["id"] for c in data["countries"]]
    return sorted(
        (ids[u], ids[v], key)
        for u, v, key, spans in data["edges"]
        if (kinds is None or data["channels"][key]["kind"] in kinds)
        and any(s <= i and (t is None or i < t) for s, t in spans)
    )


def as_of(
    G: nx.MultiDiGraph, day: dt.date, channels: ChannelFilter = OPEN_CHANNELS
) -> list[tuple[str, str, str]]:
    return sorted((*sorted((u, v)), k) for u, v, k in channel_graph(G, day, channels).edges(keys=True))


def snapshot(data: dict, day: dt.date) -> int:
    return bisect.bisect_right(data["points"], day.isoformat()) - 1


# ------------------------------------------------------------------------------------ the map data
def test_map_snapshots_are_the_as_of_views_on_every_change_point_and_between() -> None:
    G = tiny_graph()
    data = map_data(G)
    for i, iso in enumerate(data["points"]):
        day = dt.date.fromisoformat(iso)
        assert drawn(data, i) == as_of(G, day), iso
        assert drawn(data, i) == drawn(data, snapshot(data, day + dt.timedelta(days=1)))  # constant between
    assert data["points"][0] == "2008-03-01" and data["points"][-1] == "2024-04-16"  # the last event day
    assert drawn(data, snapshot(data, dt.date(2022, 9, 1))) == [
        ("chn", "usa", "forum"),
        ("chn", "vnm", "forum"),
        ("usa", "vnm", "forum"),
    ]


def test_map_sizes_are_the_centrality_of_each_day() -> None:
    G = tiny_graph()
    data = map_data(G)
    i = snapshot(data, dt.date(2024, 1, 1))
    expected = pagerank(channel_graph(G, data["points"][i]))
    assert data["sizes"]["pagerank"][i] == [
        pytest.approx(expected[c["id"]], rel=5e-3)
        for c in data["countries"]  # three significant digits
    ]
    assert data["sizes"]["channels"][i] == [3, 3, 1]  # chn, usa: dtl, forum, track2 (China in since 2023-06)


@pytest.mark.parametrize(
    ("channels", "words"),
    [
        (ChannelFilter(exclude_kinds={"multilateral_forum"}), "multilateral forum channels left out"),
        (ChannelFilter(require_answered=True), "channels whose last use went unanswered count as closed"),
        (ChannelFilter(tracks={"1"}, levels={"ministerial"}), "Track 1 only; level ministerial only"),
    ],
    ids=["no-forums", "answered", "track-and-level"],
)
def test_map_filters_are_the_library_filters_and_stated(channels: ChannelFilter, words: str) -> None:
    G = tiny_graph()
    data = map_data(G, channels)
    assert "; ".join(data["filters"]) == words == "; ".join(channels.describe())
    for i, iso in enumerate(data["points"]):
        assert drawn(data, i) == as_of(G, dt.date.fromisoformat(iso), channels), iso
    assert f"Filters: {words}." in map_page(data)


def test_map_without_forums_has_no_forum_and_an_unanswered_hotline_is_closed() -> None:
    G = tiny_graph()
    assert "forum" not in map_data(G, ChannelFilter(exclude_kinds={"multilateral_forum"}))["channels"]
    # the hotline resumed on 2023-11-15, but its last call (2023-02-10) was declined until one was
    # answered on 2024-04-16: counting only answered channels, it is closed in between
    answered, everything = map_data(G, ChannelFilter(require_answered=True)), map_data(G)
    day = dt.date(2023, 12, 1)
    assert ("chn", "usa", "dtl") in drawn(everything, snapshot(everything, day))
    assert ("chn", "usa", "dtl") not in drawn(answered, snapshot(answered, day))
    assert ("chn", "usa", "dtl") in drawn(answered, snapshot(answered, dt.date(2024, 4, 16)))


def test_map_positions_do_not_depend_on_the_day_and_fit_the_unit_square() -> None:
    data = map_data(tiny_graph())
    assert data == map_data(tiny_graph())  # deterministic
    assert all(0 <= c["x"] <= 1 and 0 <= c["y"] <= 1 for c in data["countries"])


@pytest.fixture(scope="module")
def real() -> nx.MultiDiGraph:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(load_dataset(REPO / "graph")))


@pytest.fixture(scope="module")
def real_map(real: nx.MultiDiGraph) -> dict:
    return map_data(real)


def test_real_map_is_every_as_of_view(real: nx.MultiDiGraph, real_map: dict) -> None:
    for i, iso in enumerate(real_map["points"]):
        assert drawn(real_map, i) == as_of(real, dt.date.fromisoformat(iso)), iso
    idx = channel_index(real)
    first = min(p.start for ch in idx.values() for p in ch.periods)
    assert real_map["points"][0] == first.isoformat()


def test_real_map_military_talks_suspended_on_2022_09_01(real_map: dict) -> None:
    def pair(day: dt.date) -> set[str]:
        return {k for u, v, k in drawn(real_map, snapshot(real_map, day)) if {u, v} == {"usa", "chn"}}

    assert "usa-chn-dtl" in pair(dt.date(2022, 9, 1)) and not {"usa-chn-mmca", "usa-chn-dpct"} & pair(
        dt.date(2022, 9, 1)
    )
    assert "usa-chn-dpct" in pair(dt.date(2024, 3, 31))


def test_real_map_page_is_self_contained_and_well_under_a_megabyte(real_map: dict) -> None:
    page = map_page(real_map)
    size = len(page.encode("utf-8"))
    # the regional dataset (151 channels, 258 change points): 0.93 MB as plain text, 0.36 MB with the
    # library and the data gzip-compressed (the library alone is 0.52 MB plain, 0.24 MB packed)
    assert size < 450_000, size
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)  # nothing fetched
    assert page_data(page) == json.loads(json.dumps(real_map, default=str))
    assert map_page(real_map) == page  # the same data, the same bytes (gzip without a time stamp)


def test_page_data_needs_a_data_block() -> None:
    with pytest.raises(PageError, match="^not a ddgraph page: no data block$"):
        page_data("<html></html>")


# ------------------------------------------------------------------------------- the timeline data
def test_timeline_bands_follow_the_status_periods_to_today() -> None:
    data = timeline_data(tiny_graph(), a="usa", b="chn", today=TODAY)
    dtl = [(b["status"], b["start"], b["end"], b["fuzzy"]) for b in data["bands"] if b["lane"] == "dtl"]
    assert dtl == [
        ("active", "2008-03-01", "2022-08-05", False),
        ("active", "2008-03-01", "2008-04-01", True),  # "2008-03": any day of March
        ("suspended", "2022-08-05", "2023-11-15", False),
        ("resumed", "2023-11-15", "2026-01-01", False),
    ]
    assert data["start"] == "2008-03-01" and data["end"] == "2026-01-01"
    suspended = next(b for b in data["bands"] if b["status"] == "suspended")
    assert (suspended["event"], suspended["event_name"]) == ("cut", "China cuts channels")


def test_timeline_in_certain_mode_starts_a_band_on_its_latest_day_after_the_fuzzy_one() -> None:
    data = timeline_data(tiny_graph(), a="usa", b="chn", today=TODAY, mode="certain")
    active = [
        (b["start"], b["end"], b["fuzzy"])
        for b in data["bands"]
        if b["lane"] == "dtl" and b["status"] == "active"
    ]
    assert active == [("2008-03-31", "2022-08-05", False), ("2008-03-01", "2008-04-01", True)]
    assert data["mode"] == "certain" and "<b>certain</b> mode" in timeline_page(data)


def test_timeline_bands_are_cut_to_when_the_pair_took_part() -> None:
    data = timeline_data(tiny_graph(), a="usa", b="chn", today=TODAY)
    track2 = [(b["start"], b["end"]) for b in data["bands"] if b["lane"] == "track2" and not b["fuzzy"]]
    assert track2 == [("2023-06-01", "2026-01-01")]  # China joins on 2023-06-01


def test_timeline_scopes() -> None:
    G = tiny_graph()
    assert [lane["id"] for lane in timeline_data(G, country="vnm", today=TODAY)["lanes"]] == ["forum"]
    assert [lane["id"] for lane in timeline_data(G, max_parties=2, today=TODAY)["lanes"]] == ["dtl", "track2"]
    with pytest.raises(PageError, match="no channel to show for Vietnam"):
        timeline_data(G, country="vnm", channels=ChannelFilter(kinds={"hotline"}), today=TODAY)


def test_timeline_dark_periods_are_the_library_dark_periods() -> None:
    G = tiny_graph()
    no_forums = ChannelFilter(exclude_kinds={"multilateral_forum"})
    data = timeline_data(G, a="usa", b="chn", today=TODAY, channels=no_forums)
    lib = dark_periods(G, "usa", "chn", TRACK1_CHANNELS.but(exclude_kinds={"multilateral_forum"}))
    assert (
        [(d["start"], d["end"], d["days"]) for d in data["dark"]]
        == [(x["start"], x["end"], x["duration_days"]) for x in lib]
        == [("2022-08-05", "2023-11-15", 467)]
    )


def test_timeline_page_escapes_and_states_its_filters() -> None:
    G = tiny_graph()
    G.nodes["call0"]["name"] = "</script><b>x</b>"
    G.nodes["usa"]["name"] = "<i>United</i> States"
    data = timeline_data(
        G, a="usa", b="chn", today=TODAY, channels=ChannelFilter(exclude_kinds={"track2_dialogue"})
    )
    page = timeline_page(data)
    assert (
        "</script><b>" not in page and "<i>United" not in page and "&lt;i&gt;United&lt;/i&gt; States" in page
    )
    assert "</script><b>x</b>" in {e["name"] for e in page_data(page)["events"]}  # drawn as text by the page
    assert "Filters: track2 dialogue channels left out." in page and "<b>possible</b> mode" in page


def test_real_timeline_dtl_facts(real: nx.MultiDiGraph) -> None:
    data = timeline_data(real, a="usa", b="chn", today=TODAY)
    agreed = [b for b in data["bands"] if b["lane"] == "usa-chn-dtl" and b["status"] == "agreed"]
    assert {(b["since"], b["since_text"], b["fuzzy"], b["start"], b["end"]) for b in agreed} == {
        ("2007-41", "second half of 2007", False, "2007-07-01", "2008-02-29"),
        ("2007-41", "second half of 2007", True, "2007-07-01", "2008-01-01"),
    }
    # a use of the hotline that also made the ministers' channel dormant: a marker on both lanes
    declined = [e for e in data["events"] if e["id"] == "usa-chn-call-declined-2023-02-04"]
    assert {e["lane"] for e in declined} == {"usa-chn-dtl", "usa-chn-defense-ministers"}
    declined = declined[0]
    assert (declined["outcome"], declined["date"], declined["date_text"]) == (
        "declined",
        "2023-02-04",
        "4 February 2023",
    )
    assert declined["quotes"] and all(q["source"] in data["sources"] for q in declined["quotes"])
    lanes = {lane["id"] for lane in data["lanes"]}
    idx = channel_index(real)
    assert lanes - {"(other events)"} == {k for k, ch in idx.items() if {"usa", "chn"} <= set(ch.countries)}


# ---------------------------------------------------------------------------------------- the pages
def test_the_vendored_library_is_the_pinned_file() -> None:
    script = (REPO / "scripts" / "vendor-js").read_text()
    pinned = re.search(r"^SHA256=([0-9a-f]{64})$", script, re.M).group(1)  # type: ignore[union-attr]
    vendored = REPO / "src" / "ddgraph" / "pages" / "vendor" / "vega.min.js"
    assert hashlib.sha256(vendored.read_bytes()).hexdigest() == pinned
    assert pinned in (vendored.parent / "README.md").read_text()
    assert (vendored.parent / "LICENSE-vega.txt").read_text().startswith("Copyright (c) 2015-2023")


def test_write_page_reports_an_unwritable_directory_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"^cannot write into .*/file: it exists and is not a directory$"):
        write_page("x", tmp_path / "file", "map.html")


# ------------------------------------------------------------------------------------- the commands
def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_timeline_and_map_commands_write_one_page_each(tmp_path: Path) -> None:
    result = invoke("timeline", "USA", "CHN", "--format", "html", "--out", str(tmp_path))
    assert (result.exit_code, result.output) == (0, f"{tmp_path / 'timeline.html'}\n")
    assert "Channels between United States and China" in (tmp_path / "timeline.html").read_text()
    result = invoke("timeline", "--country", "Singapore", "--format", "html", "--out", str(tmp_path / "sg"))
    assert result.exit_code == 0, result.output
    assert "Channels of Singapore" in (tmp_path / "sg" / "timeline.html").read_text()
    result = invoke(
        "map", "--out", str(tmp_path), "--as-of", "2022-09-01", "--exclude-kind", "multilateral_forum"
    )
    assert (result.exit_code, result.output) == (0, f"{tmp_path / 'map.html'}\n")
    page = (tmp_path / "map.html").read_text()
    assert page_data(page)["initial"] == "2022-09-01" and "multilateral forum channels left out" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "USA"], "Error: give two countries A B, or one with --country"),
        (
            ["timeline", "USA", "CHN", "--country", "JPN", "--format", "html", "--out", "x"],
            "Error: give two countries A B, or one with --country",
        ),
        (["timeline", "--country", "JPN"], "Error: the timeline page needs --format html --out DIR"),
        (["timeline", "USA", "CHN", "--format", "html"], "Error: the timeline page needs --format html"),
        (
            ["timeline", "--country", "Atlantis", "--format", "html", "--out", "x"],
            "Error: unknown country 'Atlantis'",
        ),
        (["map", "--out", "x", "--as-of", "2024-13-01"], "Error: "),
        (["map"], "Error: Missing option '--out'"),
    ],
)
def test_page_commands_report_bad_input_in_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [a.replace("x", str(tmp_path / "x")) if a == "x" else a for a in args])
    assert result.exit_code in (1, 2)
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(message), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()
