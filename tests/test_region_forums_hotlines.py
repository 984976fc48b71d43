"""Hotlines and crisis mechanisms beyond China, and the multilateral forums.

The facts of graph/regions/forums-hotlines.yaml.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from ddgraph.analysis.connectivity import direct_channels

GRAPH = Path(__file__).parent.parent / "graph"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(load_dataset(GRAPH)))


def _status(ds, mechanism_id: str) -> list[tuple[str, str]]:
    return [(s.status.value, s.date.edtf) for s in ds.mechanisms[mechanism_id].status]


def _attendees(ds, event_id: str) -> set[str]:
    return {a.party for a in ds.events[event_id].attendees}


def _members(ds, mechanism_id: str) -> dict[str, str | None]:
    return {
        p.party: (p.start.edtf if p.start else None)
        for p in ds.mechanisms[mechanism_id].participants
        if p.role.value in ("member", "signatory")
    }


def _open(G: nx.MultiDiGraph, a: str, b: str, day: str) -> dict[str, str]:
    return {r["mechanism"]: r["status"] for r in direct_channels(G, a, b, day)}


# ------------------------------------------------------------------------------ forums
def test_shangri_la_dialogue_from_2002_with_the_covid_gap(real_dataset) -> None:
    assert _status(real_dataset, "shangri-la-dialogue") == [
        ("active", "2002"),
        ("suspended", "2020-03-27"),
        ("resumed", "2022-06-10"),
    ]
    sld = real_dataset.mechanisms["shangri-la-dialogue"]
    assert sld.track.value == "1.5" and sld.status[0].event == "sld-2002"
    assert real_dataset.events["sld-2022"].session_number == 19
    assert {"lloyd-austin", "dong-jun"} <= _attendees(real_dataset, "sld-2024")
    assert real_dataset.events["sld-2025"].session_number == 22
    assert "pete-hegseth" in _attendees(real_dataset, "sld-2025")
    assert "robert-gates" in _attendees(real_dataset, "sld-2008")
    # The 23rd edition (announced for May 2026) is not recorded as held.
    assert not any(
        e.mechanism == "shangri-la-dialogue" and e.date.earliest.year == 2026
        for e in real_dataset.events.values()
    )


def test_admm_2006_and_timor_leste_2025(real_dataset) -> None:
    assert _status(real_dataset, "admm") == [("active", "2006-05-09")]
    first = real_dataset.events["admm-1"]
    assert first.place == "kuala-lumpur" and "najib-razak" in _attendees(real_dataset, "admm-1")
    members = _members(real_dataset, "admm")
    assert len(members) == 11 and members["tls"] == "2025-10" and members["vnm"] == "2006-05-09"
    assert real_dataset.events["admm-19"].date.edtf == "2025-10-31"


def test_admm_plus_sessions_and_the_issue_11_fix(real_dataset) -> None:
    plus = real_dataset.mechanisms["admm-plus"]
    parties = [p.party for p in plus.participants]
    assert len(parties) == len(set(parties)), "a party is listed twice (issue 11)"
    assert _status(real_dataset, "admm-plus") == [("proposed", "2007"), ("active", "2010-10-12")]
    assert real_dataset.mechanisms["admm-plus"].status[0].event == "admm-2"
    sessions = {e.session_number: e for e in real_dataset.events.values() if e.mechanism == "admm-plus"}
    assert set(range(1, 13)) <= set(sessions)
    assert "ng-eng-hen" in _attendees(real_dataset, sessions[5].id) and sessions[9].place == "siem-reap"
    assert sessions[1].place == "hanoi" and "phung-quang-thanh" in _attendees(real_dataset, sessions[1].id)
    assert "liang-guanglie" in _attendees(real_dataset, sessions[1].id)
    assert sessions[2].date.edtf == "2013-08-29" and sessions[3].date.edtf == "2015-11-04"
    assert "delfin-lorenzana" in _attendees(real_dataset, sessions[4].id)
    assert sessions[12].date.edtf == "2025-11-01"


def test_xiangshan_forum_track_2_from_2006_latest_2025(real_dataset) -> None:
    xf = real_dataset.mechanisms["xiangshan-forum"]
    assert xf.track.value == "1.5"
    assert _status(real_dataset, "xiangshan-forum") == [("active", "2006-10-23")]
    assert {p.party for p in xf.participants if p.role.value == "organizer"} == {"chn-cams", "chn-ciiss"}
    assert real_dataset.events["xiangshan-forum-5"].date.edtf == "2014-11-20/2014-11-22"
    latest = real_dataset.events["xiangshan-forum-12"]
    assert latest.date.edtf == "2025-09-17/2025-09-19" and "dong-jun" in _attendees(real_dataset, latest.id)


def test_sco_defence_ministers_lower_bound_and_members_by_date(real_dataset) -> None:
    first = real_dataset.mechanisms["sco-defence-ministers-meeting"].status[0]
    assert first.lower_bound and first.date.edtf == "2016-06-08"
    members = _members(real_dataset, "sco-defence-ministers-meeting")
    assert members["pak"] == members["ind"] == "2017-06-09"
    assert real_dataset.events["sco-dmm-2018-04-24"].session_number == 15
    assert (
        members["kaz"] == "2001-06-15" and members["irn"] == "2023-07-04" and members["blr"] == "2024-07-04"
    )
    assert "rajnath-singh" in _attendees(real_dataset, "sco-dmm-2025-qingdao")


def test_arf_members_by_date(real_dataset) -> None:
    assert _status(real_dataset, "asean-regional-forum") == [("active", "1994-07-25")]
    members = _members(real_dataset, "asean-regional-forum")
    assert len(members) == 27
    assert members["eu"] == "1994-07-25" and members["prk"] == "2000-07-27" and members["tls"] == "2005-07-29"
    assert members["khm"] == "1995" and members["ind"] == "1996" and members["mng"] == "1996-06/2000-07"
    assert "paek-nam-sun" in _attendees(real_dataset, "arf-2000-07-27")
    assert real_dataset.events["arf-32"].session_number == 32


def test_wpns_1988_and_cues_2014(real_dataset) -> None:
    assert _status(real_dataset, "wpns") == [("proposed", "1987"), ("active", "1988")]
    assert len([p for p, d in _members(real_dataset, "wpns").items() if d == "1988"]) == 12
    assert _status(real_dataset, "cues") == [("proposed", "2000"), ("active", "2014-04-22")]
    assert real_dataset.mechanisms["cues"].status[1].event == "wpns-14"
    assert real_dataset.events["wpns-14"].place == "qingdao"
    assert "wu-shengli" in _attendees(real_dataset, "wpns-14")
    assert len(_members(real_dataset, "cues")) == 21
    wpns = _members(real_dataset, "wpns")
    assert wpns["fji"] == "2021-10-26" and wpns["rus"] == "1989/1997-03" and wpns["fra"] == "2002-11/2014-04"
    assert (
        real_dataset.events["wpns-18"].place == "yokohama"
        and real_dataset.events["wpns-8"].session_number == 8
    )


# ------------------------------------------------------------------------------ hotlines
def test_inter_korean_lines_cuts_and_restorations(real_dataset) -> None:
    expected_tail = [
        ("suspended", "2016-02-11"),
        ("resumed", "2018-01-09"),
        ("suspended", "2020-06-09"),
        ("resumed", "2021-07-27"),
        ("suspended", "2021-08-10"),
        ("resumed", "2021-10-04"),
        ("dormant", "2023-04-07"),
    ]
    assert _status(real_dataset, "kor-prk-military-hotlines") == [
        ("active", "2002/2003"),
        ("suspended", "2013-03-27"),
        ("resumed", "2013-07"),
        *expected_tail,
    ]
    liaison = _status(real_dataset, "kor-prk-liaison-channel")
    assert liaison[0] == ("active", "1971-09-22") and liaison[2] == ("resumed", "2018-01-03")
    assert _status(real_dataset, "kor-prk-cma") == [
        ("active", "2018-09-19"),
        ("suspended", "2023-11-22"),
        ("terminated", "2023-11-23"),
    ]
    assert {"song-young-moo", "no-kwang-chol"} <= _attendees(real_dataset, "kor-prk-cma-signing-2018-09-19")
    assert real_dataset.events["kor-prk-calls-unanswered-2023-04-07"].outcome.value == "unanswered"
    assert real_dataset.events["kor-cma-full-suspension-2024-06-04"].mechanism == "kor-prk-cma"


def test_inter_korean_channels_as_of(G) -> None:
    assert _open(G, "kor", "prk", "2019-06-01")["kor-prk-military-hotlines"] == "resumed"
    assert _open(G, "kor", "prk", "2020-07-01")["kor-prk-liaison-channel"] == "suspended"
    assert _open(G, "kor", "prk", "2024-01-01")["kor-prk-military-hotlines"] == "dormant"


def test_india_pakistan_dgmo_hotline_and_ceasefire(real_dataset, G) -> None:
    hotline = real_dataset.mechanisms["ind-pak-dgmo-hotline"]
    assert hotline.status[0].lower_bound and hotline.status[0].date.edtf == "2002-06-15"
    assert {"paramjit-singh-sangha", "nauman-zakaria"} <= _attendees(
        real_dataset, "ind-pak-dgmo-joint-statement-2021-02-25"
    )
    assert {"anil-chauhan", "sahir-shamshad-mirza"} <= _attendees(
        real_dataset, "ind-pak-dgmo-call-2018-05-29"
    )
    assert {"rajiv-ghai", "kashif-abdullah"} <= _attendees(real_dataset, "ind-pak-dgmo-talks-2025-05-12")
    assert _status(real_dataset, "ind-pak-ceasefire-understanding") == [
        ("active", "2021-02-25"),
        ("suspended", "2025-05-07"),
        ("resumed", "2025-05-10"),
    ]
    assert _open(G, "ind", "pak", "2025-05-08")["ind-pak-ceasefire-understanding"] == "suspended"
    assert _open(G, "ind", "pak", "2025-05-08")["ind-pak-dgmo-hotline"] == "active"


def test_asean_direct_communications_infrastructure(real_dataset) -> None:
    assert _status(real_dataset, "asean-direct-communications-infrastructure") == [
        ("proposed", "2013"),
        ("agreed", "2014"),
        ("active", "2017-10-24"),
    ]
    members = _members(real_dataset, "asean-direct-communications-infrastructure")
    assert members["brn"] == "2017-10-24" and members["aus"] == "2019-07/2021-12"
    assert "delfin-lorenzana" in _attendees(real_dataset, "asean-adi-launch-2017-10-24")


# ------------------------------------------------------------------------------ audit (2026-12-01)
_NOT_FOUND = {
    "qdnd-undated-admm-defense-cooperation",
    "nationthailand-2021-07-28-hotlines",
    "voanews-2013-03-27-military-hotline",
    "dailytimes-2025-05-12-dgmo-talks",
    "prameyanews-2025-05-12-dgmo",
    "en-wikipedia-undated-beijing-xiangshan-forum",
}


def test_audit_unverifiable_sources_are_gone_and_their_facts_kept_on_verified_pages(real_dataset) -> None:
    assert not _NOT_FOUND & set(real_dataset.sources)
    # Facts that had leaned on them now rest on pages found in the audit.
    proposed = real_dataset.mechanisms["admm-plus"].status[0]
    assert (proposed.status.value, proposed.date.edtf) == ("proposed", "2007")
    assert "mys-mod-undated-admm-plus-establishment" in proposed.sources
    wpns = real_dataset.mechanisms["wpns"].status[0]
    assert (wpns.status.value, wpns.date.edtf) == ("proposed", "1987")
    assert "navy-gov-au-2006-semaphore-wpns" in wpns.sources
    talks = real_dataset.events["ind-pak-dgmo-talks-2025-05-12"]
    assert {"rajiv-ghai", "kashif-abdullah"} <= {a.party for a in talks.attendees}
    assert "businesstoday-2025-05-12-dgmo-talks" in talks.sources
    host = next(a for a in real_dataset.events["admm-16"].attendees if a.party == "tea-banh")
    assert any("Tea Banh" in e.quote for e in host.evidence)
