"""Seed 001 (2025-12-17, in Vietnamese): the 19th US–China Defense Policy Coordination Talks."""

from __future__ import annotations

from conftest import quoted

SEED = "seed-001-dpct-19"


def test_the_19th_dpct_was_held_in_washington_on_15_16_december_2025(real_dataset) -> None:
    session = real_dataset.events["usa-chn-dpct-19"]
    assert session.mechanism == "usa-chn-dpct" and session.session_number == 19
    assert session.date.edtf == "2025-12-15/2025-12-16"
    assert {"alvaro-smith", "ye-jiang"} <= {a.party for a in session.attendees}
    assert quoted(session, SEED, "lần thứ 19")


def test_the_officials_and_their_offices(real_dataset) -> None:
    smith = real_dataset.persons["alvaro-smith"]
    assert smith.offices[0].org == "usa-dod"
    ye = real_dataset.persons["ye-jiang"]
    assert ye.offices[0].org == "chn-cmc-oimc"
    assert real_dataset.organizations["chn-cmc-oimc"].part_of == "chn-cmc"
    assert "Diệp Giang" in (ye.name.vi or "") + str(ye.aliases)


def test_the_pentagon_is_also_called_the_department_of_war(real_dataset) -> None:
    dod = real_dataset.organizations["usa-dod"]
    assert any("War" in a for a in dod.aliases.get("en", []))


def test_hegseth_met_dong_jun_at_admm_plus_in_malaysia_then_called(real_dataset) -> None:
    meeting = real_dataset.events["hegseth-dong-meeting-2025-10-31"]
    assert {"pete-hegseth", "dong-jun"} <= {a.party for a in meeting.attendees}
    assert real_dataset.events["admm-plus-12"].mechanism == "admm-plus"
    call = real_dataset.events["hegseth-dong-call-2025-11-01"]
    assert call.kind.value == "call" and "hegseth-dong-meeting-2025-10-31" in {c.ref for c in call.caused_by}


def test_they_agreed_to_set_up_military_channels(real_dataset) -> None:
    channels = real_dataset.mechanisms["usa-chn-deconfliction-channels"]
    assert [(s.status.value, s.date.edtf) for s in channels.status] == [("agreed", "2025-11-01")]


def test_the_dpct_is_annual_alternating_and_was_cut_after_pelosis_visit(real_dataset) -> None:
    dpct = real_dataset.mechanisms["usa-chn-dpct"]
    assert quoted(dpct, SEED, "hằng năm và luân phiên giữa Bắc Kinh và Washington")
    history = [(s.status.value, s.date.edtf, s.event) for s in dpct.status]
    assert ("suspended", "2022-08-05", "chn-countermeasures-2022-08-05") in history
    assert "pelosi-taiwan-visit-2022-08" in {
        c.ref for c in real_dataset.events["chn-countermeasures-2022-08-05"].caused_by
    }


def test_the_two_previous_rounds_were_in_january_and_september_2024(real_dataset) -> None:
    assert real_dataset.events["usa-chn-dpct-17"].date.edtf == "2024-01-08/2024-01-09"
    assert real_dataset.events["usa-chn-dpct-18"].date.edtf == "2024-09-14/2024-09-15"
