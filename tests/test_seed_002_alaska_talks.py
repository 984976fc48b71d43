"""Seed 002 (in Vietnamese, after SCMP): PLA officials at the Anchorage talks, March 2021."""

from __future__ import annotations

from conftest import quoted

SEED = "seed-002-alaska-talks"


def test_the_alaska_talks_were_two_days_in_march_2021(real_dataset) -> None:
    talks = real_dataset.events["alaska-talks-2021-03"]
    assert talks.date.edtf == "2021-03-18/2021-03-19"
    assert talks.mechanism == "usa-chn-high-level-strategic-dialogue"
    assert SEED in talks.sources


def test_the_pla_and_its_office_for_international_military_cooperation_advised(real_dataset) -> None:
    roles = {(a.party, a.role.value) for a in real_dataset.events["alaska-talks-2021-03"].attendees}
    assert ("chn-cmc-oimc", "adviser") in roles and ("chn-pla", "adviser") in roles
    assert ("chn-mfa", "organizer") in roles  # the foreign ministry had the main role


def test_high_level_mil_mil_dialogue_stopped_after_the_pla_skipped_the_maritime_meeting(real_dataset) -> None:
    # Issue 11: the seed's "stopped from 11/2020" is kept as a quote, not as a status - the verified
    # Milley - Li Zuocheng calls of 2020-10-30 and 2021-01-08 show the channel in use (lower-bounded start).
    mil = real_dataset.mechanisms["usa-chn-high-level-mil-mil"]
    first = mil.status[0]
    assert first.status.value == "active" and first.event == "milley-li-call-2020-10-30" and first.lower_bound
    assert real_dataset.events["milley-li-call-2021-01-08"].mechanism == "usa-chn-high-level-mil-mil"
    assert quoted(mil, SEED, "đã bị dừng từ tháng 11/2020") or any(
        quoted(s, SEED, "tháng 11/2020") for s in mil.status
    )
    no_show = real_dataset.events["usa-chn-mmca-2020-12-no-show"]
    assert no_show.outcome.value == "declined" and "chn-pla" in {r.ref for r in no_show.refused_by}


def test_the_chinese_side_raised_resuming_high_level_mil_mil_dialogue(real_dataset) -> None:
    statuses = [
        (s.status.value, s.event) for s in real_dataset.mechanisms["usa-chn-high-level-mil-mil"].status
    ]
    assert ("proposed", "alaska-talks-2021-03") in statuses


def test_commentators_are_persons_with_a_source_and_no_channel(real_dataset) -> None:
    for pid in ("drew-thompson", "shi-yinhong"):
        person = real_dataset.persons[pid]
        assert SEED in person.sources
        in_mechanisms = [
            m for m in real_dataset.mechanisms.values() if pid in {p.party for p in m.participants}
        ]
        assert in_mechanisms == []
