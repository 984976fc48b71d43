"""Northeast Asia curation: US-Japan, US-ROK, US-Japan-ROK and Japan-ROK defence channels.

Key facts added from verified pages (research/northeast-asia.md): foundings, status changes, sessions
and the officials who led them.
"""

from __future__ import annotations

import pytest


def _status(ds, mid: str) -> list[tuple[str, str]]:
    return [(s.status.value, s.date.edtf) for s in ds.mechanisms[mid].status]


def _attendees(ds, eid: str) -> set[str]:
    return {a.party for a in ds.events[eid].attendees}


def _office(ds, pid: str, org: str) -> list[tuple[str | None, str | None]]:
    return [
        (o.start.edtf if o.start else None, o.end.edtf if o.end else None)
        for o in ds.persons[pid].offices
        if o.org == org
    ]


# ------------------------------------------------------------------------------- issue 11 defects
def test_us_japan_2plus2_history_starts_in_1960(real_dataset) -> None:
    first = real_dataset.mechanisms["usa-jpn-2plus2"].status[0]
    assert (first.status.value, first.date.edtf) == ("active", "1960-01-19")
    assert first.event == "usa-jpn-security-treaty-signing-1960-01-19"
    assert not first.lower_bound


def test_trilateral_ministerial_no_longer_starts_in_2024(real_dataset) -> None:
    first = real_dataset.mechanisms["usa-jpn-kor-tmm"].status[0]
    assert first.date.edtf == "2014-05-31" and first.lower_bound
    assert {"chuck-hagel", "itsunori-onodera", "kim-kwan-jin"} <= _attendees(
        real_dataset, "usa-jpn-kor-tmm-2014-05-31"
    )


def test_edd_june_2023_precision(real_dataset) -> None:
    assert real_dataset.events["usa-jpn-edd-2023-06"].date.edtf == "2023-06-26/2023-06-27"


def test_blinken_kamikawa_meeting_was_held(real_dataset) -> None:
    meeting = real_dataset.events["blinken-kamikawa-meeting-2024-07"]
    assert meeting.outcome.value == "held" and meeting.date.edtf == "2024-07-28"


# ------------------------------------------------------------------------------- US-Japan
@pytest.mark.parametrize(
    "event, leads",
    [
        (
            "usa-jpn-2plus2-2006-05-01",
            {"condoleezza-rice", "donald-rumsfeld", "taro-aso", "fukushiro-nukaga"},
        ),
        (
            "usa-jpn-2plus2-2011-06-21",
            {"hillary-clinton", "robert-gates", "takeaki-matsumoto", "toshimi-kitazawa"},
        ),
        ("usa-jpn-2plus2-2013-10-03", {"john-kerry", "chuck-hagel", "fumio-kishida", "itsunori-onodera"}),
        ("usa-jpn-2plus2-2015-04-27", {"john-kerry", "ashton-carter", "gen-nakatani"}),
        ("usa-jpn-2plus2-2021-03-16", {"antony-blinken", "lloyd-austin", "toshimitsu-motegi", "nobuo-kishi"}),
        (
            "usa-jpn-2plus2-2023-01-11",
            {"antony-blinken", "lloyd-austin", "yoshimasa-hayashi", "yasukazu-hamada"},
        ),
    ],
)
def test_2plus2_sessions_and_their_leads(real_dataset, event, leads) -> None:
    assert real_dataset.events[event].mechanism == "usa-jpn-2plus2"
    assert leads <= _attendees(real_dataset, event)


def test_defence_guidelines_1997_replaced_in_2015(real_dataset) -> None:
    assert _status(real_dataset, "usa-jpn-guidelines-1997") == [
        ("active", "1997"),
        ("terminated", "2015-04-27"),
    ]
    assert _status(real_dataset, "usa-jpn-guidelines-2015") == [("active", "2015-04-27")]
    assert real_dataset.events["usa-jpn-2plus2-2015-04-27"].place == "new-york"


def test_extended_deterrence_dialogue_rounds(real_dataset) -> None:
    rounds = {e.id for e in real_dataset.events.values() if e.mechanism == "usa-jpn-edd"}
    assert {
        "usa-jpn-edd-2016-12",
        "usa-jpn-edd-2023-12",
        "usa-jpn-edd-2024-12",
        "usa-jpn-edd-2026-02",
    } <= rounds
    assert real_dataset.events["usa-jpn-edd-2026-02"].date.edtf == "2026-02-18"


# ------------------------------------------------------------------------------- US-ROK
def test_scm_since_1968_and_the_57th(real_dataset) -> None:
    assert _status(real_dataset, "usa-kor-scm")[0] == ("active", "1968-05-28")
    scm57 = real_dataset.events["usa-kor-scm-57"]
    assert scm57.session_number == 57 and scm57.date.edtf == "2025-11-04" and scm57.place == "seoul"
    assert {"pete-hegseth", "ahn-gyu-back"} <= _attendees(real_dataset, "usa-kor-scm-57")
    assert {"lloyd-austin", "kim-yong-hyun"} <= _attendees(real_dataset, "usa-kor-scm-56")
    assert {"lloyd-austin", "shin-won-sik"} <= _attendees(real_dataset, "usa-kor-scm-55")


def test_kidd_established_at_the_2011_scm(real_dataset) -> None:
    first = real_dataset.mechanisms["usa-kor-kidd"].status[0]
    assert (first.status.value, first.date.edtf, first.event) == ("active", "2011-10", "usa-kor-scm-2011-10")


def test_edscg_launched_suspended_and_resumed(real_dataset) -> None:
    assert [s for s, _ in _status(real_dataset, "usa-kor-edscg")] == [
        "active",
        "suspended",
        "agreed",
        "resumed",
    ]
    resumed = real_dataset.mechanisms["usa-kor-edscg"].status[-1]
    assert resumed.date.edtf == "2022-09-16" and resumed.event == "usa-kor-edscg-2022-09-16"
    assert real_dataset.events["usa-kor-edscg-5"].date.edtf == "2024-09-04"


def test_ncg_from_the_washington_declaration(real_dataset) -> None:
    assert _status(real_dataset, "usa-kor-ncg") == [("agreed", "2023-04-26"), ("active", "2023-07-18")]
    assert real_dataset.events["usa-kor-ncg-2"].date.edtf == "2023-12-15"
    assert _status(real_dataset, "usa-kor-nuclear-guidelines") == [("active", "2024-07-11")]
    assert "kurt-campbell" in _attendees(real_dataset, "usa-kor-ncg-2023-07-18")
    assert real_dataset.events["usa-kor-ncg-5"].date.edtf == "2025-12"


def test_us_rok_2plus2_first_and_sixth(real_dataset) -> None:
    assert _status(real_dataset, "usa-kor-2plus2")[0] == ("active", "2010-07-21")
    assert {"hillary-clinton", "robert-gates", "yu-myung-hwan", "kim-tae-young"} <= _attendees(
        real_dataset, "usa-kor-2plus2-2010-07-21"
    )
    assert real_dataset.events["usa-kor-2plus2-6"].session_number == 6


# ------------------------------------------------------------------------------- US-Japan-ROK
def test_camp_david_and_its_commitments(real_dataset) -> None:
    summit = real_dataset.events["camp-david-summit-2023-08-18"]
    assert summit.place == "camp-david" and summit.mechanism == "usa-jpn-kor-summit"
    assert {"joe-biden", "fumio-kishida", "yoon-suk-yeol"} <= _attendees(real_dataset, summit.id)
    assert _status(real_dataset, "usa-jpn-kor-commitment-to-consult") == [("active", "2023-08-18")]


def test_missile_warning_sharing_activated_december_2023(real_dataset) -> None:
    assert _status(real_dataset, "usa-jpn-kor-missile-warning") == [
        ("agreed", "2022-11"),
        ("active", "2023-12-19"),
    ]


def test_freedom_edge_rounds(real_dataset) -> None:
    rounds = sorted(
        e.date.edtf for e in real_dataset.events.values() if e.mechanism == "usa-jpn-kor-freedom-edge"
    )
    assert rounds == ["2024-06-27/2024-06-29", "2024-11-13/2024-11-15", "2025-09-15/2025-09-19"]


# ------------------------------------------------------------------------------- Japan-ROK
def test_gsomia_signed_2016_and_the_2019_2023_steps(real_dataset) -> None:
    assert _status(real_dataset, "jpn-kor-gsomia") == [("active", "2016-11-23")]
    steps = {e.id: e.date.edtf for e in real_dataset.events.values() if e.mechanism == "jpn-kor-gsomia"}
    assert steps == {
        "jpn-kor-gsomia-signing-2016-11-23": "2016-11-23",
        "kor-gsomia-termination-decision-2019-08-22": "2019-08-22",
        "kor-gsomia-notice-suspended-2019-11-22": "2019-11-22",
        "kor-gsomia-normalization-2023-03-21": "2023-03-21",
    }
    assert {"han-min-koo", "yasumasa-nagamine"} <= _attendees(
        real_dataset, "jpn-kor-gsomia-signing-2016-11-23"
    )


def test_japan_rok_defence_ministers(real_dataset) -> None:
    first = real_dataset.mechanisms["jpn-kor-defense-ministers"].status[0]
    assert (first.date.edtf, first.lower_bound) == ("2015-05-30", True)
    assert {"gen-nakatani", "han-min-koo"} <= _attendees(real_dataset, "jpn-kor-defense-ministers-2015-05-30")
    assert {"minoru-kihara", "shin-won-sik"} <= _attendees(
        real_dataset, "jpn-kor-defense-ministers-2024-06-01"
    )
    assert {"gen-nakatani", "ahn-gyu-back"} <= _attendees(
        real_dataset, "jpn-kor-defense-ministers-2025-09-08"
    )


# ------------------------------------------------------------------------------- offices
def test_dated_offices_of_the_ministers(real_dataset) -> None:
    assert _office(real_dataset, "minoru-kihara", "jpn-mod") == [("2023-09-13", "2024-10-01")]
    assert _office(real_dataset, "yoko-kamikawa", "jpn-mofa") == [("2023-09-13", "2024-10-01")]
    assert _office(real_dataset, "lee-jong-sup", "kor-mnd") == [("2022-05-10", "2023-10-07")]
    assert _office(real_dataset, "ahn-gyu-back", "kor-mnd") == [("2025-07-25", None)]
    assert ("2012-12-26", "2014-09") in _office(real_dataset, "itsunori-onodera", "jpn-mod")


# ------------------------------------------------------------------------------- analysis
def test_channels_answered_by_the_analysis(real_dataset) -> None:
    from ddgraph.analysis.connectivity import direct_channels
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    G = base_graph(to_property_graph(real_dataset))

    def open_on(a: str, b: str, day: str) -> set[str]:
        return {r["mechanism"] for r in direct_channels(G, a, b, day) if r["status"] in ("active", "resumed")}

    assert {"usa-kor-scm", "usa-kor-kidd", "usa-kor-2plus2"} <= open_on("usa", "kor", "2019-06-01")
    assert "usa-kor-edscg" not in open_on("usa", "kor", "2019-06-01")  # suspended 2018-2022
    assert {"usa-kor-edscg", "usa-kor-ncg"} <= open_on("usa", "kor", "2024-01-01")
    assert {"usa-jpn-2plus2", "usa-jpn-guidelines-1997"} <= open_on("usa", "jpn", "2010-01-01")
    assert "usa-jpn-guidelines-2015" in open_on("usa", "jpn", "2016-01-01")
    assert "usa-jpn-guidelines-1997" not in open_on("usa", "jpn", "2016-01-01")
    assert "jpn-kor-gsomia" in open_on("jpn", "kor", "2019-09-01")
