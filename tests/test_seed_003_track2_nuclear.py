"""Seed 003 (in Vietnamese, after Reuters): first semi-official US–China nuclear talks in five years."""

from __future__ import annotations

SEED = "seed-003-track2-nuclear"


def test_the_track2_nuclear_dialogue_is_track_2_and_run_by_pacific_forum(real_dataset) -> None:
    dialogue = real_dataset.mechanisms["usa-chn-track2-nuclear"]
    assert dialogue.kind.value == "track2_dialogue" and dialogue.track.value == "2"
    assert "usa-pacific-forum" in {p.party for p in dialogue.participants}
    assert real_dataset.persons["david-santoro"].offices[0].org == "usa-pacific-forum"


def test_it_stalled_in_2019_when_funding_stopped_and_resumed_in_march_2024(real_dataset) -> None:
    history = [
        (s.status.value, s.date.edtf, s.event)
        for s in real_dataset.mechanisms["usa-chn-track2-nuclear"].status
    ]
    assert ("dormant", "2019", "usa-track2-funding-stopped-2019") in history
    assert ("resumed", "2024-03", "usa-chn-track2-nuclear-2024-03") in history


def test_the_shanghai_session_of_march_2024(real_dataset) -> None:
    session = real_dataset.events["usa-chn-track2-nuclear-2024-03"]
    assert session.date.edtf == "2024-03" and SEED in session.sources
    assert real_dataset.places[session.place].name.en == "Shanghai"


def test_track1_nuclear_talks_in_november_2023_then_stalled(real_dataset) -> None:
    talks = real_dataset.mechanisms["usa-chn-track1-arms-control"]
    assert talks.track.value == "1"
    assert [s.status.value for s in talks.status][-2:] == ["resumed", "dormant"]
    assert real_dataset.events["usa-chn-track1-arms-control-2023-11-06"].date.edtf == "2023-11-06"


def test_more_talks_were_planned_for_2025_and_the_state_department_kept_out(real_dataset) -> None:
    # "More discussions planned for 2025" (as of June 2024) is a past planned event: it stays out of the
    # events (CURATING.md) and is kept in the mechanism's description.
    assert "usa-chn-track2-nuclear-planned-2025" not in real_dataset.events
    assert "2025" in real_dataset.mechanisms["usa-chn-track2-nuclear"].description
    assert SEED in real_dataset.events["state-dept-track2-statement-2024"].sources
