"""China's bilateral defense channels other than with the US (graph/regions/china-bilateral.yaml)."""

from __future__ import annotations

import networkx as nx
import pytest

from ddgraph.analysis.connectivity import direct_channels


def _status(ds, mechanism_id: str) -> list[tuple[str, str]]:
    return [(s.status.value, s.date.edtf) for s in ds.mechanisms[mechanism_id].status]


def _attendees(ds, event_id: str) -> set[str]:
    return {a.party for a in ds.events[event_id].attendees}


def _quoted(record, source: str, fragment: str) -> bool:
    return source in record.sources and any(
        e.source == source and fragment in e.quote for e in record.evidence
    )


@pytest.fixture(scope="module")
def G(real_dataset) -> nx.MultiDiGraph:
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(real_dataset))


# ------------------------------------------------------------------------------------------- Japan
def test_macm_agreed_9_may_2018_and_launched_8_june(real_dataset) -> None:
    macm = real_dataset.mechanisms["chn-jpn-macm"]
    assert _status(real_dataset, "chn-jpn-macm") == [
        ("proposed", "2008-04"),
        ("agreed", "2018-05-09"),
        ("active", "2018-06-08"),
    ]
    assert macm.status[1].event == "chn-jpn-macm-agreement-2018-05-09"
    assert {"shinzo-abe", "li-keqiang"} <= _attendees(real_dataset, "chn-jpn-macm-agreement-2018-05-09")
    assert real_dataset.events["chn-jpn-macm-agreement-2018-05-09"].place == "tokyo"
    third = real_dataset.events["chn-jpn-macm-annual-meeting-2021-03-29"]
    assert third.session_number == 3 and third.mechanism == "chn-jpn-macm"
    first = real_dataset.events["chn-jpn-macm-annual-meeting-1"]
    assert first.place == "beijing" and first.date.edtf == "2018-12-26/2018-12-27"
    assert {"akihiro-tsuchimichi", "ci-guowei"} <= _attendees(real_dataset, first.id)
    assert {"taro-yamato", "song-yanchao"} <= _attendees(
        real_dataset, "chn-jpn-macm-annual-meeting-2021-03-29"
    )


def test_japan_china_hotline_first_call_and_unanswered_in_december_2025(real_dataset) -> None:
    assert _status(real_dataset, "chn-jpn-defence-hotline") == [("active", "2023-03-31")]
    assert {"yasukazu-hamada", "li-shangfu"} <= _attendees(
        real_dataset, "chn-jpn-hotline-first-call-2023-05-16"
    )
    miss = real_dataset.events["chn-jpn-hotline-unanswered-2025-12"]
    assert miss.outcome.value == "unanswered" and miss.date.edtf == "2025-12-06/2025-12-09"
    assert {r.ref for r in miss.refused_by} == {"chn-mnd"}
    assert _quoted(miss, "yomiuri-2025-12-09-hotline-no-response", "did not respond")


def test_japan_china_security_dialogue_history(real_dataset) -> None:
    assert _status(real_dataset, "chn-jpn-security-dialogue") == [
        ("agreed", "1993-05"),
        ("active", "1993-12"),
        ("suspended", "2012"),
        ("resumed", "2015-03-19"),
        ("dormant", "2020"),
        ("resumed", "2023-02-22"),
    ]
    tokyo = real_dataset.events["chn-jpn-security-dialogue-2023-02-22"]
    assert tokyo.session_number == 17 and {"sun-weidong", "shigeo-yamada"} <= _attendees(
        real_dataset, tokyo.id
    )
    assert {"shinsuke-sugiyama", "liu-jianchao"} <= _attendees(
        real_dataset, "chn-jpn-security-dialogue-2015-03-19"
    )
    beijing = real_dataset.events["chn-jpn-security-dialogue-2019-02"]
    assert beijing.session_number == 16 and {"takeo-mori", "kong-xuanyou"} <= _attendees(
        real_dataset, beijing.id
    )
    assert real_dataset.events["chn-jpn-security-dialogue-1993-12"].place == "beijing"
    assert {"takeo-akiba", "kong-xuanyou"} <= _attendees(real_dataset, "chn-jpn-security-dialogue-2017-10-27")


def test_japan_china_defense_ministers(real_dataset) -> None:
    dmm = real_dataset.mechanisms["chn-jpn-defense-ministers-meeting"]
    assert dmm.status[0].lower_bound and dmm.status[0].date.edtf == "2020-12-31"
    assert {"minoru-kihara", "dong-jun"} <= _attendees(real_dataset, "chn-jpn-defense-ministers-2024-06-01")
    assert {"shinjiro-koizumi", "dong-jun"} <= _attendees(
        real_dataset, "chn-jpn-defense-ministers-2025-11-01"
    )
    assert {"nobuo-kishi", "wei-fenghe"} <= _attendees(real_dataset, "chn-jpn-defense-ministers-2022-06")


# --------------------------------------------------------------------------------------------- ROK
def test_rok_hotlines_2008_and_2015(real_dataset) -> None:
    assert _status(real_dataset, "chn-kor-navy-air-hotlines")[0] == ("active", "2008-11-24")
    assert _status(real_dataset, "chn-kor-defense-ministers-hotline") == [
        ("agreed", "2012-07-31"),
        ("active", "2015-12-31"),
    ]
    first = real_dataset.events["chn-kor-defense-hotline-first-call-2015-12-31"]
    assert first.outcome.value == "answered" and {"han-min-koo", "chang-wanquan"} <= _attendees(
        real_dataset, first.id
    )
    assert real_dataset.events["chn-kor-defense-hotline-unanswered-2016-01"].outcome.value == "unanswered"


def test_rok_strategic_defense_dialogue_frozen_by_thaad(real_dataset) -> None:
    assert _status(real_dataset, "chn-kor-defense-strategic-dialogue") == [
        ("agreed", "2011-07-15"),
        ("active", "2011-07-27"),
        ("dormant", "2015"),
        ("suspended", "2016-07"),
        ("resumed", "2019-10-21"),
        ("dormant", "2019-10-22/2023-06-03"),
    ]
    fifth = real_dataset.events["chn-kor-defense-strategic-dialogue-2019-10-21"]
    assert fifth.session_number == 5 and {"park-jae-min", "shao-yuanming"} <= _attendees(
        real_dataset, fifth.id
    )
    assert {"lee-yong-gul", "ma-xiaotian"} <= _attendees(
        real_dataset, "chn-kor-defense-strategic-dialogue-2011-07"
    )


# ------------------------------------------------------------------------------------------ Vietnam
def test_vietnam_hotline_and_border_exchanges(real_dataset) -> None:
    assert _status(real_dataset, "chn-vnm-defense-hotline") == [("agreed", "2013"), ("active", "2015-12-31")]
    assert {"phung-quang-thanh", "chang-wanquan"} <= _attendees(
        real_dataset, "chn-vnm-defense-hotline-first-call-2015-12-31"
    )
    assert _status(real_dataset, "chn-vnm-border-defense-friendship-exchange") == [("active", "2014")]
    tenth = real_dataset.events["chn-vnm-border-defense-exchange-2026-03"]
    assert tenth.session_number == 10 and tenth.date.edtf == "2026-03-18/2026-03-19"
    assert {"phan-van-giang", "dong-jun"} <= _attendees(real_dataset, tenth.id)
    assert {"ngo-xuan-lich", "wei-fenghe"} <= _attendees(
        real_dataset, "chn-vnm-border-defense-exchange-2018-11"
    )


# -------------------------------------------------------------------------------------------- India
def test_india_wmcc_bdca_and_corps_commanders(real_dataset) -> None:
    assert _status(real_dataset, "chn-ind-wmcc") == [("active", "2012-03")]
    assert real_dataset.mechanisms["chn-ind-wmcc"].status[0].event == "chn-ind-wmcc-2012-03"
    assert {"gautam-bambawale", "ouyang-yujing"} <= _attendees(real_dataset, "chn-ind-wmcc-2013-07")
    w34 = real_dataset.events["chn-ind-wmcc-2025-07-23"]
    assert w34.session_number == 34 and {"gourangalal-das", "hong-liang"} <= _attendees(real_dataset, w34.id)
    assert _status(real_dataset, "chn-ind-bdca") == [("active", "2013-10-23")]
    assert {"manmohan-singh", "li-keqiang"} <= _attendees(real_dataset, "chn-ind-bdca-signing-2013-10-23")
    assert _status(real_dataset, "chn-ind-corps-commander-talks") == [("active", "2020-06-06")]
    first = real_dataset.events["chn-ind-corps-commander-talks-2020-06-06"]
    assert first.place == "chushul-moldo" and {"harinder-singh", "liu-lin"} <= _attendees(
        real_dataset, first.id
    )
    assert real_dataset.events["chn-ind-corps-commander-talks-2024-02-19"].session_number == 21
    patrol = real_dataset.events["chn-ind-lac-patrolling-agreement-2024-10-21"]
    assert patrol.mechanism == "chn-ind-corps-commander-talks" and "vikram-misri" in _attendees(
        real_dataset, patrol.id
    )


def test_special_representatives_from_2003_paused_and_resumed(real_dataset) -> None:
    assert _status(real_dataset, "chn-ind-special-representatives") == [
        ("agreed", "2003-06-23"),
        ("active", "2003-10-23"),
        ("dormant", "2020"),
        ("resumed", "2024-12-18"),
    ]
    assert {"brajesh-mishra", "dai-bingguo"} <= _attendees(
        real_dataset, "chn-ind-special-representatives-2003-10"
    )
    for event_id, number in [
        ("chn-ind-special-representatives-2019-12-21", 22),
        ("chn-ind-special-representatives-2024-12-18", 23),
        ("chn-ind-special-representatives-2025-08-19", 24),
    ]:
        assert real_dataset.events[event_id].session_number == number
        assert {"ajit-doval", "wang-yi"} <= _attendees(real_dataset, event_id)


# ------------------------------------------------------------------------------- Russia, Australia
def test_russia_joint_sea_air_patrols_and_roadmap(real_dataset) -> None:
    assert _status(real_dataset, "chn-rus-joint-sea") == [("active", "2012-04-22")]
    assert real_dataset.events["chn-rus-joint-sea-2012-04"].place == "yellow-sea"
    assert real_dataset.events["chn-rus-joint-sea-2025-08"].place == "vladivostok"
    assert _status(real_dataset, "chn-rus-joint-air-patrol") == [("active", "2019-07-23")]
    assert real_dataset.events["chn-rus-joint-air-patrol-2025-12-09"].session_number == 10
    assert {"sergei-shoigu", "wei-fenghe"} <= _attendees(real_dataset, "chn-rus-roadmap-signing-2021-11-23")


def test_australia_dsd_suspended_2020_resumed_2025(real_dataset) -> None:
    assert _status(real_dataset, "chn-aus-defence-strategic-dialogue") == [
        ("active", "1997"),
        ("suspended", "2020"),
        ("resumed", "2025-02-17"),
    ]
    assert {"li-zuocheng", "angus-campbell", "greg-moriarty"} <= _attendees(
        real_dataset, "chn-aus-defence-strategic-dialogue-2019-11-14"
    )
    d23 = real_dataset.events["chn-aus-defence-strategic-dialogue-2025-02-17"]
    assert d23.session_number == 23 and {"xu-qiling", "robert-chipman"} <= _attendees(real_dataset, d23.id)


def test_australia_china_channels_as_of(G) -> None:
    def st(day: str) -> dict[str, str]:
        return {r["mechanism"]: r["status"] for r in direct_channels(G, "aus", "chn", day)}

    assert st("2019-12-01")["chn-aus-defence-strategic-dialogue"] == "active"
    assert st("2022-06-01")["chn-aus-defence-strategic-dialogue"] == "suspended"
    assert st("2025-03-01")["chn-aus-defence-strategic-dialogue"] == "resumed"


def test_india_china_channels_as_of(G) -> None:
    during = {r["mechanism"]: r["status"] for r in direct_channels(G, "ind", "chn", "2022-06-01")}
    assert during["chn-ind-special-representatives"] == "dormant"
    assert during["chn-ind-corps-commander-talks"] == "active"
    assert during["chn-ind-wmcc"] == "active"


# ------------------------------------------------------------------- ASEAN, Singapore, Pakistan
def test_asean_china_exercise_singapore_and_pakistan(real_dataset) -> None:
    assert _status(real_dataset, "asean-china-maritime-exercise") == [
        ("agreed", "2018-02"),
        ("active", "2018-10-22"),
    ]
    assert real_dataset.events["asean-china-maritime-exercise-2018-10"].place == "zhanjiang"
    assert _status(real_dataset, "chn-sgp-joint-exercises") == [("active", "2009")]
    assert _status(real_dataset, "chn-sgp-defence-hotline") == [("agreed", "2023-06-01")]
    pak = real_dataset.mechanisms["chn-pak-arms-control-consultations"]
    assert pak.status[0].lower_bound
    assert {"mohammad-kamran-akhtar", "sun-xiaobo"} <= _attendees(
        real_dataset, "chn-pak-arms-control-consultations-2023-08"
    )


# ----------------------------------------------------------------------------- second and third pass
def test_rok_2plus2_defence_ministers_and_2021_hotline_revision(real_dataset) -> None:
    assert _status(real_dataset, "chn-kor-diplomatic-security-dialogue") == [
        ("active", "2013"),
        ("suspended", "2016"),
        ("resumed", "2024-06-18"),
    ]
    seoul = real_dataset.events["chn-kor-diplomatic-security-dialogue-2024-06-18"]
    assert seoul.place == "seoul" and {"kim-hong-kyun", "sun-weidong", "zhang-baoqun"} <= _attendees(
        real_dataset, seoul.id
    )
    assert real_dataset.mechanisms["chn-kor-defense-ministers-meeting"].status[0].lower_bound
    assert {"kim-kwan-jin", "liang-guanglie"} <= _attendees(
        real_dataset, "chn-kor-defense-ministers-2011-07-15"
    )
    assert real_dataset.events["asean-china-maritime-exercise-2027"].outcome.value == "planned"
    assert {"lee-jong-sup", "li-shangfu"} <= _attendees(real_dataset, "chn-kor-defense-ministers-2023-06-03")
    revised = real_dataset.events["chn-kor-hotlines-mou-revised-2021-03-02"]
    assert revised.mechanism == "chn-kor-navy-air-hotlines" and revised.kind.value == "signing"


def test_singapore_defence_ministers_dialogue(real_dataset) -> None:
    assert _status(real_dataset, "chn-sgp-defence-ministers-dialogue") == [("active", "2022-06-09")]
    for event_id, number, minister in [
        ("chn-sgp-defence-ministers-dialogue-2022-06-09", 1, "wei-fenghe"),
        ("chn-sgp-defence-ministers-dialogue-2023-06-01", 2, "li-shangfu"),
        ("chn-sgp-defence-ministers-dialogue-2024-05-30", 3, "dong-jun"),
    ]:
        assert real_dataset.events[event_id].session_number == number
        assert {"ng-eng-hen", minister} <= _attendees(real_dataset, event_id)


def test_gulf_of_tonkin_patrols_hand_in_hand_and_russian_naval_patrols(real_dataset) -> None:
    assert _status(real_dataset, "chn-vnm-gulf-of-tonkin-joint-patrol") == [
        ("agreed", "2005-10-26"),
        ("active", "2006-04-27"),
    ]
    assert real_dataset.events["chn-vnm-gulf-of-tonkin-joint-patrol-2025-11"].session_number == 39
    assert _status(real_dataset, "chn-ind-hand-in-hand") == [
        ("active", "2007-12-21"),
        ("suspended", "2009"),
        ("resumed", "2013"),
        ("suspended", "2017"),
        ("resumed", "2018-12-11"),
    ]
    assert real_dataset.events["chn-ind-hand-in-hand-2019-12"].date.edtf == "2019-12-07/2019-12-20"
    assert _status(real_dataset, "chn-rus-joint-naval-patrol") == [("active", "2021-10-17")]


def test_vietnam_strategic_dialogue_and_pakistan_exercises(real_dataset) -> None:
    dialogue = real_dataset.mechanisms["chn-vnm-defence-strategic-dialogue"]
    assert (
        dialogue.status[0].lower_bound
        and dialogue.status[0].event == "chn-vnm-defence-strategic-dialogue-2013-06-05"
    )
    assert {"hoang-xuan-chien", "shao-yuanming"} <= _attendees(
        real_dataset, "chn-vnm-defence-strategic-dialogue-2021-04-23"
    )
    assert _status(real_dataset, "chn-pak-sea-guardian") == [("active", "2020-01")]
    assert real_dataset.events["chn-pak-sea-guardian-2023-11"].date.edtf == "2023-11-11/2023-11-17"
    assert _status(real_dataset, "chn-pak-shaheen") == [("active", "2011-03")]
    assert real_dataset.events["chn-pak-shaheen-2023-09"].session_number == 10


def test_russia_defence_ministers_and_joint_sea_2022(real_dataset) -> None:
    talks = real_dataset.mechanisms["chn-rus-defense-ministers-talks"]
    assert talks.status[0].lower_bound and talks.status[0].date.edtf == "2021-11-23"
    assert {"dong-jun", "andrei-belousov"} <= _attendees(real_dataset, "chn-rus-defense-ministers-2024-10-14")
    assert real_dataset.events["chn-rus-joint-sea-2022-12"].session_number == 11


def test_australia_china_defence_ministers_freeze_and_resumption(real_dataset) -> None:
    assert _status(real_dataset, "chn-aus-defence-ministers-meeting") == [
        ("suspended", "2020"),
        ("resumed", "2022-06-12"),
    ]
    assert real_dataset.mechanisms["chn-aus-defence-ministers-meeting"].status[0].lower_bound
    assert {"richard-marles", "wei-fenghe"} <= _attendees(
        real_dataset, "chn-aus-defence-ministers-2022-06-12"
    )
    assert {"richard-marles", "dong-jun"} <= _attendees(real_dataset, "chn-aus-defence-ministers-2024-06-01")


def test_political_parameters_2005_and_fourth_border_exchange(real_dataset) -> None:
    pp = real_dataset.events["chn-ind-political-parameters-agreement-2005-04-11"]
    # Audit 2026-12-01: the signatories (Narayanan, Dai) rested on a page not found in the corpus and were
    # removed;
    # the signing itself (ABC, Chinese embassy) and Manmohan Singh's talks with Wen that day remain.
    assert pp.mechanism == "chn-ind-special-representatives" and pp.date.edtf == "2005-04-11"
    assert "manmohan-singh" in _attendees(real_dataset, pp.id)
    assert _quoted(pp, "abc-net-au-2005-04-11-india-china-guiding-principles", "landmark accord")
    fourth = real_dataset.events["chn-vnm-border-defense-exchange-2017-09"]
    assert fourth.session_number == 4 and {"ngo-xuan-lich", "fan-changlong"} <= _attendees(
        real_dataset, fourth.id
    )
