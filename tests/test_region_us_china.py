"""US-China defence channels since 1996 (graph/mechanisms.yaml, graph/events.yaml, graph/persons.yaml).

Key facts curated for issue 11 and the US-China region (research/us-china.md): the founding of each channel,
the Taiwan-arms-sale suspensions of 2008 and 2010 and the 2022-23 freeze with their trigger events,
sessions with the officials who led them, and the office holders on both sides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

MILITARY = {"military_talks", "defense_ministers_dialogue"}


def history(ds: Any, mechanism: str) -> list[tuple[str, str, str | None]]:
    return [(s.status.value, s.date.edtf, s.event) for s in ds.mechanisms[mechanism].status]


def leads(ds: Any, event: str) -> set[str]:
    return {a.party for a in ds.events[event].attendees}


def office(ds: Any, person: str, org: str) -> Any:
    (o,) = [o for o in ds.persons[person].offices if o.org == org]
    return o


# ----------------------------------------------------------------------------------------- founding dates
def test_dct_agreed_1996_first_round_1997_and_the_five_suspensions(real_dataset) -> None:
    h = history(real_dataset, "usa-chn-dct")
    assert h[:2] == [
        ("agreed", "1996-12", "perry-chi-meeting-1996-12"),
        ("active", "1997", "usa-chn-dct-1-1997"),
    ]
    assert ("suspended", "1999-05", "belgrade-embassy-bombing-1999-05") in h
    assert ("resumed", "2000-01-25", "usa-chn-dct-3-2000-01") in h
    assert (
        "suspended",
        "2001-04",
        "ep3-collision-2001-04-01",
    ) in h  # US cut military ties after the EP-3 collision
    assert ("resumed", "2002-12-09", "usa-chn-dct-5-2002-12-09") in h
    assert ("suspended", "2008-10", "chn-suspends-mil-exchanges-2008-10") in h
    assert ("resumed", "2009-06-23", "usa-chn-dct-10-2009-06") in h
    assert ("suspended", "2010-01-30", "chn-suspends-mil-exchanges-2010-01-30") in h
    assert ("resumed", "2010-12-10", "usa-chn-dct-11-2010-12-10") in h
    assert {"walter-slocombe", "xiong-guangkai"} <= leads(real_dataset, "usa-chn-dct-3-2000-01")
    assert {"michele-flournoy", "ma-xiaotian"} <= leads(real_dataset, "usa-chn-dct-11-2010-12-10")
    assert {"douglas-feith", "xiong-guangkai"} <= leads(real_dataset, "usa-chn-dct-5-2002-12-09")
    assert {"james-miller", "qi-jianguo"} <= leads(real_dataset, "usa-chn-dct-13-2012-12-12")
    assert {"douglas-feith", "xiong-guangkai"} <= leads(real_dataset, "usa-chn-dct-6-2004-02")
    assert real_dataset.events["usa-chn-dct-6-2004-02"].date.edtf == "2004-02-10/2004-02-11"
    assert {"peter-rodman", "zhang-qinsheng"} <= leads(real_dataset, "usa-chn-dct-8-2006-06-08")
    assert real_dataset.events["usa-chn-dct-11-2010-12-10"].session_number == 11


def test_mmca_signed_19_january_1998_by_cohen_and_chi_haotian(real_dataset) -> None:
    first = real_dataset.mechanisms["usa-chn-mmca"].status[0]
    assert (first.status.value, first.date.edtf, first.event) == (
        "active",
        "1998-01-19",
        "usa-chn-mmca-signing-1998-01-19",
    )
    assert not first.lower_bound
    signing = real_dataset.events["usa-chn-mmca-signing-1998-01-19"]
    assert signing.place == "beijing" and {"william-cohen", "chi-haotian"} <= leads(real_dataset, signing.id)
    assert real_dataset.events["usa-chn-mmca-1998-07"].date.edtf == "1998-07"


def test_mmca_plenaries_and_working_groups(real_dataset) -> None:
    ev = real_dataset.events
    assert ev["usa-chn-mmca-special-2009-08"].date.edtf == "2009-08-26/2009-08-27"
    assert ev["usa-chn-mmca-2010-10"].date.edtf == "2010-10-14/2010-10-15"
    assert (
        ev["usa-chn-mmca-wg-1998"].date.edtf == "1998-41" and ev["usa-chn-mmca-wg-1998"].place == "san-diego"
    )
    assert ev["usa-chn-mmca-wg-1999-05"].date.edtf == "1999-05"
    assert ev["usa-chn-mmca-2015-11"].date.edtf == "2015-11-21/2015-11-24"
    assert ev["usa-chn-mmca-2016-11"].date.edtf == "2016-11-07/2016-11-10"
    assert ev["usa-chn-mmca-2017-11"].date.edtf == "2017-11-15/2017-11-17"
    assert ev["usa-chn-mmca-2021-12"].date.edtf == "2021-12-14/2021-12-16"  # issue 11: precision restored
    h = history(real_dataset, "usa-chn-mmca")
    assert ("suspended", "2008-10", "chn-suspends-mil-exchanges-2008-10") in h
    assert ("resumed", "2009-08-26", "usa-chn-mmca-special-2009-08") in h
    assert ("resumed", "2010-10-14", "usa-chn-mmca-2010-10") in h
    assert ("resumed", "2021-12-14/2021-12-16", "usa-chn-mmca-2021-12") in h


def test_dpct_from_its_first_round_in_2005(real_dataset) -> None:
    h = history(real_dataset, "usa-chn-dpct")
    assert h[0] == ("active", "2005-01-31", "usa-chn-dpct-1-2005-01")
    assert not real_dataset.mechanisms["usa-chn-dpct"].status[0].lower_bound
    assert ("suspended", "2008-10", "chn-suspends-mil-exchanges-2008-10") in h
    assert ("resumed", "2009-02-27", "usa-chn-dpct-5-2009-02") in h
    assert {"david-sedney", "qian-lihua"} <= leads(real_dataset, "usa-chn-dpct-5-2009-02")
    assert real_dataset.events["usa-chn-dpct-5-2009-02"].session_number == 5


def test_dpct_held_in_beijing_early_2018_and_dct_15_chinese_co_chair(real_dataset) -> None:
    ev = real_dataset.events["usa-chn-dpct-2018-beijing"]
    assert ev.mechanism == "usa-chn-dpct" and ev.date.edtf == "[2018-01-29..2018-02-02]"
    assert {"roberta-shea", "huang-xueping"} <= leads(real_dataset, ev.id)
    assert {"christine-wormuth", "wang-guanzhong"} <= leads(real_dataset, "usa-chn-dct-15-2014-10")


def test_dtl_first_call_on_10_april_2008(real_dataset) -> None:
    call = real_dataset.events["usa-chn-dtl-first-call-2008"]
    assert call.date.edtf == "2008-04-10" and call.outcome.value == "answered"
    assert {"robert-gates", "liang-guanglie"} <= leads(real_dataset, call.id)


def test_the_2014_mous_and_their_2015_annexes(real_dataset) -> None:
    rob = real_dataset.mechanisms["usa-chn-mou-rules-of-behavior"]
    note = real_dataset.mechanisms["usa-chn-mou-notification"]
    assert rob.kind.value == "agreement" and note.kind.value == "agreement"
    assert history(real_dataset, rob.id)[0] == ("active", "2014-11-10", "usa-chn-mou-rob-signing-2014-11-10")
    assert history(real_dataset, note.id)[0] == (
        "active",
        "2014-11",
        "usa-chn-mou-notification-signing-2014-11",
    )
    assert real_dataset.events["usa-chn-rob-annex-air-2015-09-18"].mechanism == rob.id
    assert real_dataset.events["usa-chn-notification-annex-crisis-2015-09-18"].mechanism == note.id


# ------------------------------------------------------------------------------------ issue 11 defects
def test_defense_ministers_channel_is_open_on_22_november_2022(real_dataset) -> None:
    from ddgraph.analysis.connectivity import direct_channels
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    first = real_dataset.mechanisms["usa-chn-defense-ministers"].status[0]
    assert first.lower_bound and first.event == "perry-chi-meeting-1996-12"
    G = base_graph(to_property_graph(real_dataset))
    got = {r["mechanism"]: r["status"] for r in direct_channels(G, "usa", "chn", "2022-11-22")}
    assert got["usa-chn-defense-ministers"] in ("active", "resumed")


def test_vientiane_refusal_and_the_2025_hegseth_dong_contacts(real_dataset) -> None:
    refusal = real_dataset.events["dong-declines-austin-vientiane-2024-11"]
    assert refusal.outcome.value == "declined" and "dong-jun" in {r.ref for r in refusal.refused_by}
    h = history(real_dataset, "usa-chn-defense-ministers")
    assert ("dormant", "2024-11-21", refusal.id) in h
    assert ("resumed", "2025-09-09", "hegseth-dong-call-2025-09-09") in h
    assert ("resumed", "2024-04-16", "austin-dong-vtc-2024-04-16") in h
    assert real_dataset.events["hegseth-dong-meeting-2025-10-31"].place == "kuala-lumpur"


def test_high_level_mil_mil_used_by_the_milley_li_calls(real_dataset) -> None:
    h = history(real_dataset, "usa-chn-high-level-mil-mil")
    assert h[0] == ("active", "2020-10-30", "milley-li-call-2020-10-30")
    assert not any(event == "usa-chn-dtl-video-call-2021-08" for _, _, event in h)  # a DASD-level call
    assert not any(s == "suspended" and d.startswith("2020") for s, d, _ in h)
    for call in ("milley-li-call-2020-10-30", "milley-li-call-2021-01-08"):
        assert {"mark-milley", "li-zuocheng"} <= leads(real_dataset, call)
        assert real_dataset.events[call].outcome.value == "answered"


def test_esper_wei_2019_and_paparo_wu_yanan_2024(real_dataset) -> None:
    assert real_dataset.events["esper-wei-meeting-2019-11-18"].place == "bangkok"
    assert {"mark-esper", "wei-fenghe"} <= leads(real_dataset, "esper-wei-vtc-2019-11-05")
    assert {"samuel-paparo", "wu-yanan"} <= leads(real_dataset, "paparo-wu-vtc-2024-09-09")


def test_strategic_security_dialogue_2011_to_the_2017_replacement(real_dataset) -> None:
    h = history(real_dataset, "usa-chn-ssd")
    assert h == [
        ("active", "2011-05", "usa-chn-ssd-1-2011-05"),
        ("terminated", "2017-04-07", "trump-xi-mar-a-lago-2017-04-07"),
    ]
    assert {"james-steinberg", "zhang-zhijun", "michele-flournoy", "ma-xiaotian"} <= leads(
        real_dataset, "usa-chn-ssd-1-2011-05"
    )
    assert {"antony-blinken", "zhang-yesui", "sun-jianguo", "christine-wormuth"} <= leads(
        real_dataset, "usa-chn-ssd-5-2015-06-22"
    )
    ev = real_dataset.events
    assert [
        ev[e].session_number
        for e in ("usa-chn-ssd-2-2012-05", "usa-chn-ssd-3-2013-07-09", "usa-chn-ssd-4-2014-07-08")
    ] == [2, 3, 4]
    # the D&SD launched at Mar-a-Lago is the successor framework
    assert real_dataset.mechanisms["usa-chn-dsd"].status[0].event == "trump-xi-mar-a-lago-2017-04-07"


def test_february_2023_call_uses_the_ap_it_just_rang_story(real_dataset) -> None:
    call = real_dataset.events["usa-chn-call-declined-2023-02-04"]
    assert call.mechanism == "usa-chn-dtl" and "apnews-2023-02-10-it-just-rang" in call.sources
    assert any(
        e.source == "apnews-2023-02-10-it-just-rang" and "special crisis line" in e.quote
        for e in call.evidence
    )


def test_org_ids_and_parents(real_dataset) -> None:
    orgs = real_dataset.organizations
    assert orgs["chn-cmc-edd"].part_of == "chn-cmc"
    assert "usa-congress-house" in orgs and "us-house" not in orgs
    assert office(real_dataset, "nancy-pelosi", "usa-congress-house")


def test_no_past_planned_event(real_dataset) -> None:
    newest = dt.date(2026, 12, 1)
    planned = [
        e.id
        for e in real_dataset.events.values()
        if e.outcome
        and e.outcome.value == "planned"
        and e.date.latest
        and e.date.latest < newest
        and e.id.startswith("usa-chn")
    ]
    assert planned == []


# ------------------------------------------------------------------------------------------ office holders
SECDEFS = [
    ("donald-rumsfeld", "2001-01-20", "2006-12-18"),
    ("robert-gates", "2006-12-18", "2011-06-30"),
    ("leon-panetta", "2011-07-01", "2013-02-27"),
    ("chuck-hagel", "2013-02-27", "2015-02-17"),
    ("ashton-carter", "2015-02-17", "2017-01-20"),
    ("jim-mattis", "2017-01-20", "2019-01-01"),
    ("mark-esper", "2019-07-23", "2020-11-09"),
    ("lloyd-austin", "2021-01-22", "2025-01-20"),
    ("pete-hegseth", "2025-01-25", None),
]
SECSTATES = [
    ("colin-powell", "2001-01-20", "2005-01-26"),
    ("condoleezza-rice", "2005-01-26", "2009-01-20"),
    ("hillary-clinton", "2009-01-21", "2013-02-01"),
    ("john-kerry", "2013-02-01", "2017-01-20"),
    ("rex-tillerson", "2017-02-01", "2018-03-31"),
    ("mike-pompeo", "2018-04-26", "2021-01-20"),
    ("antony-blinken", "2021-01-26", "2025-01-20"),
    ("marco-rubio", "2025-01-21", None),
]
PRC_MINISTERS = [
    ("chi-haotian", "1993-03", "2003-03-17"),
    ("cao-gangchuan", "2003-03-17", "2008-03-17"),
    ("liang-guanglie", "2008-03-17", "2013-03-16"),
    ("chang-wanquan", "2013-03-16", "2018-03-19"),
    ("wei-fenghe", "2018-03-19", "2023-03-12"),
    ("li-shangfu", "2023-03-12", "2023-10-24"),
    ("dong-jun", "2023-12-29", None),
]


@pytest.mark.parametrize(
    ("org", "holders"), [("usa-dod", SECDEFS), ("usa-state-dept", SECSTATES), ("chn-mnd", PRC_MINISTERS)]
)
def test_single_holder_offices_are_dated_and_quoted(real_dataset, org: str, holders: list) -> None:
    for person, start, end in holders:
        (o,) = [
            o
            for o in real_dataset.persons[person].offices
            if o.org == org and o.title.startswith(("Secretary of", "Minister of National Defense"))
        ]
        assert o.start.edtf == start, person
        assert (o.end.edtf if o.end else None) == end, person
        assert any(e.source in o.sources for e in o.evidence), person
    # predecessors are closed no later than their successor starts (Austin no longer overlaps Hegseth)
    for (_, _, end), (_, nxt, _) in zip(holders, holders[1:], strict=False):
        assert end <= nxt


def test_every_web_only_fact_of_the_us_china_channels_is_quoted(real_dataset) -> None:
    seeds = {s.id for s in real_dataset.sources.values() if s.seed}
    for m in real_dataset.mechanisms.values():
        if not m.id.startswith("usa-chn"):
            continue
        for item in [*m.status, *m.participants]:
            if not set(item.sources) & seeds:
                assert item.evidence, (m.id, item)
