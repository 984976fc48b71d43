"""Seed 000 (Zephyrnet, in Vietnamese): Singapore and China agree to set up a defence hotline.

Every defense-diplomacy fact the article states, checked in the curated dataset.
"""

from __future__ import annotations

from conftest import quoted

SEED = "seed-000-zephyrnet"


def test_the_seed_is_a_source_with_its_file(real_dataset) -> None:
    assert real_dataset.sources[SEED].seed == "000_0caf693b9b03f490.txt"
    assert real_dataset.sources[SEED].language == "vi"


def test_china_and_singapore_agree_a_defence_hotline_by_mou(real_dataset) -> None:
    hotline = real_dataset.mechanisms["chn-sgp-defence-hotline"]
    assert hotline.kind.value == "hotline" and hotline.track.value == "1"
    assert {p.party for p in hotline.participants} >= {"chn", "sgp"}
    assert [(s.status.value, s.date.edtf) for s in hotline.status] == [("agreed", "2023-06-01")]
    signing = real_dataset.events["chn-sgp-hotline-mou-2023-06-01"]
    assert signing.kind.value == "signing" and signing.mechanism == "chn-sgp-defence-hotline"
    signatories = {a.party for a in signing.attendees if a.role.value == "signatory"}
    assert {"li-shangfu", "ng-eng-hen"} <= signatories
    assert quoted(signing, SEED, "đã ký một biên bản ghi nhớ")


def test_li_shangfu_visited_singapore_before_the_shangri_la_dialogue(real_dataset) -> None:
    visit = real_dataset.events["li-shangfu-singapore-visit-2023"]
    assert {a.party for a in visit.attendees} >= {"li-shangfu", "sgp"}
    assert real_dataset.events["sld-2023"].mechanism == "shangri-la-dialogue"
    assert real_dataset.mechanisms["shangri-la-dialogue"].track.value == "1.5"


def test_the_us_china_hotline_was_set_up_in_late_2007_but_never_institutionalised(real_dataset) -> None:
    dtl = real_dataset.mechanisms["usa-chn-dtl"]
    assert dtl.status[0].date.edtf == "2007-41"  # "cuối năm 2007": the second half of 2007
    assert quoted(dtl, SEED, "vào cuối năm 2007")
    # and the verified signing date is kept beside it, not instead of it
    assert ("active", "2008-02-29") in [(s.status.value, s.date.edtf) for s in dtl.status]


def test_the_hotline_rang_in_an_empty_room_exists_but_unanswered(real_dataset) -> None:
    calls = real_dataset.events["usa-chn-dtl-unanswered-calls"]
    assert calls.kind.value == "call" and calls.outcome.value == "unanswered"
    assert calls.mechanism == "usa-chn-dtl"
    assert quoted(real_dataset.events["campbell-hotline-remark-2021"], SEED, "rung trong một căn phòng trống")
    assert "kurt-campbell" in real_dataset.persons


def test_wei_fenghe_refused_the_us_call_around_the_balloon_incident(real_dataset) -> None:
    call = real_dataset.events["usa-chn-call-declined-2023-02-04"]
    assert call.outcome.value == "declined"
    assert "wei-fenghe" in {r.ref for r in call.refused_by}
    assert real_dataset.persons["wei-fenghe"].name.vi == "Ngụy Phượng Hòa" or "Ngụy Phượng Hòa" in str(
        real_dataset.persons["wei-fenghe"].aliases
    )


def test_china_japan_defence_hotline_in_march(real_dataset) -> None:
    hotline = real_dataset.mechanisms["chn-jpn-defence-hotline"]
    assert [(s.status.value, s.date.edtf) for s in hotline.status] == [("active", "2023-03-31")]
    assert quoted(hotline, SEED, "Trung Quốc và Nhật Bản vào tháng Ba")


def test_li_refused_to_meet_austin_unless_the_2018_sanctions_are_lifted(real_dataset) -> None:
    refusal = real_dataset.events["austin-li-meeting-declined-2023-05-29"]
    assert refusal.outcome.value == "declined"
    assert "li-shangfu" in {r.ref for r in refusal.refused_by}
    assert "usa-sanctions-li-shangfu-2018-09-20" in {c.ref for c in refusal.caused_by}
    sanction = real_dataset.events["usa-sanctions-li-shangfu-2018-09-20"]
    assert ("usa", "li-shangfu") in {(s.by, s.target) for s in sanction.sanctions}


def test_spokesman_tan_kefei_and_austins_reply(real_dataset) -> None:
    assert "tan-kefei" in {
        a.party for a in real_dataset.events["chn-mnd-statement-2023-05-tan-kefei"].attendees
    }
    assert "lloyd-austin" in {
        a.party for a in real_dataset.events["austin-statement-unfortunate-2023-06-01"].attendees
    }


def test_china_singapore_joint_exercises(real_dataset) -> None:
    assert real_dataset.mechanisms["chn-sgp-joint-exercises"].kind.value == "joint_exercise_series"
    drill_2021 = real_dataset.events["chn-sgp-passage-exercise-2021-09-22"]
    assert quoted(drill_2021, SEED, "Biển Đông")
    assert real_dataset.events["chn-sgp-ex-maritime-cooperation-2023"].date.edtf == "2023-04-28/2023-05-01"
