"""Seed 004 (2024-07-23, in Vietnamese, after Reuters): the US–Japan 2+2 on extended deterrence."""

from __future__ import annotations

SEED = "seed-004-us-japan-2plus2"


def test_the_2plus2_of_28_july_2024(real_dataset) -> None:
    two = real_dataset.mechanisms["usa-jpn-2plus2"]
    assert two.kind.value == "two_plus_two" and two.level.value == "ministerial"
    session = real_dataset.events["usa-jpn-2plus2-2024-07-28"]
    assert session.date.edtf == "2024-07-28" and SEED in session.sources
    assert {"antony-blinken", "lloyd-austin", "yoko-kamikawa", "minoru-kihara"} <= {
        a.party for a in session.attendees
    }


def test_extended_deterrence_dialogue_since_2010_met_last_june(real_dataset) -> None:
    edd = real_dataset.mechanisms["usa-jpn-edd"]
    assert edd.status[0].date.edtf == "2010"
    assert real_dataset.events["usa-jpn-edd-2023-06"].mechanism == "usa-jpn-edd"


def test_the_trilateral_defence_ministers_meeting(real_dataset) -> None:
    meeting = real_dataset.events["usa-jpn-kor-tmm-2024-07-28"]
    assert meeting.mechanism == "usa-jpn-kor-tmm"
    assert {"lloyd-austin", "minoru-kihara", "shin-won-sik"} <= {a.party for a in meeting.attendees}
    assert {p.party for p in real_dataset.mechanisms["usa-jpn-kor-tmm"].participants} >= {"usa", "jpn", "kor"}


def test_us_rok_nuclear_guidelines_signed_in_washington(real_dataset) -> None:
    signing = real_dataset.events["usa-kor-nuclear-guidelines-signing-2024-07-11"]
    assert signing.mechanism == "usa-kor-nuclear-guidelines"
    assert "biden-yoon-meeting-2024-07-11" in {c.ref for c in signing.caused_by}


def test_officials_quoted_before_the_meeting(real_dataset) -> None:
    for event, person in [
        ("kritenbrink-statement-2024-07-22", "daniel-kritenbrink"),
        ("emanuel-statement-2024-07-22", "rahm-emanuel"),
    ]:
        assert person in {a.party for a in real_dataset.events[event].attendees}
    assert "fumio-kishida" in {
        a.party for a in real_dataset.events["kishida-washington-visit-2024-04"].attendees
    }


def test_japan_joint_operations_command(real_dataset) -> None:
    assert "jpn-sdf-joint-operations-command" in real_dataset.organizations
    assert real_dataset.events["jpn-jjoc-launch-2025-03-24"].date.edtf == "2025-03-24"
