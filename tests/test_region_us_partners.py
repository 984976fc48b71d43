"""US alliance and partner channels in South-East Asia, South Asia and Oceania.

The facts of graph/regions/us-partners.yaml.

Key facts added by the us-partners curator, each from a page verified with the look-up tool
(research/us-partners.md): founding dates, status changes, and sessions with the officials who led them.
"""

from __future__ import annotations

import pytest

from conftest import quoted


def _status(ds, mech: str) -> list[tuple[str, str]]:
    return [(s.status.value, s.date.edtf) for s in ds.mechanisms[mech].status]


def _attendees(ds, event: str) -> set[str]:
    return {a.party for a in ds.events[event].attendees}


# ------------------------------------------------------------------------------------------ Australia
def test_ausmin_founded_1985_in_canberra(real_dataset) -> None:
    ausmin = real_dataset.mechanisms["aus-usa-ausmin"]
    assert ausmin.kind.value == "two_plus_two" and ausmin.level.value == "ministerial"
    assert _status(real_dataset, "aus-usa-ausmin")[0] == ("active", "1985-07-15")
    first = real_dataset.events["aus-usa-ausmin-1985-07-15"]
    assert first.session_number == 1 and first.place == "canberra"


def test_ausmin_latest_sessions_and_their_principals(real_dataset) -> None:
    assert real_dataset.events["aus-usa-ausmin-2024-08-06"].session_number == 34
    assert {"antony-blinken", "lloyd-austin", "penny-wong", "richard-marles"} <= _attendees(
        real_dataset, "aus-usa-ausmin-2024-08-06"
    )
    latest = real_dataset.events["aus-usa-ausmin-2025-12-08"]
    assert latest.session_number == 35 and latest.place == "washington-dc"
    assert {"marco-rubio", "pete-hegseth", "penny-wong", "richard-marles"} <= _attendees(
        real_dataset, "aus-usa-ausmin-2025-12-08"
    )


def test_force_posture_agreement_signed_at_ausmin_2014(real_dataset) -> None:
    assert _status(real_dataset, "aus-usa-force-posture-agreement") == [("active", "2014-08-12")]
    signing = real_dataset.events["aus-usa-fpa-signing-2014-08-12"]
    assert signing.place == "sydney"
    assert {"john-kerry", "chuck-hagel", "julie-bishop", "david-johnston"} <= _attendees(
        real_dataset, "aus-usa-fpa-signing-2014-08-12"
    )
    # Marines in Darwin: announced Nov 2011, first rotation April 2012
    assert _status(real_dataset, "aus-usa-force-posture-initiatives") == [
        ("agreed", "2011-11"),
        ("active", "2012-04"),
    ]


# ---------------------------------------------------------------------------------------- Philippines
def test_mutual_defense_board_since_1958_and_its_2025_cochairs(real_dataset) -> None:
    assert _status(real_dataset, "phl-usa-mdb-seb")[0] == ("active", "1958")
    assert {"samuel-paparo", "romeo-brawner"} <= _attendees(real_dataset, "phl-usa-mdb-seb-2025-08-07")


def test_philippines_2plus2_first_2012_first_in_manila_2024(real_dataset) -> None:
    assert _status(real_dataset, "phl-usa-2plus2")[0] == ("active", "2012-04-30")
    assert {"hillary-clinton", "leon-panetta", "albert-del-rosario", "voltaire-gazmin"} <= _attendees(
        real_dataset, "phl-usa-2plus2-2012-04-30"
    )
    third = real_dataset.events["phl-usa-2plus2-2023-04-11"]
    assert third.session_number == 3 and {"enrique-manalo", "carlito-galvez"} <= _attendees(
        real_dataset, "phl-usa-2plus2-2023-04-11"
    )
    fourth = real_dataset.events["phl-usa-2plus2-2024-07-30"]
    assert fourth.place == "manila" and fourth.session_number == 4
    assert {"enrique-manalo", "gilberto-teodoro", "antony-blinken", "lloyd-austin"} <= _attendees(
        real_dataset, "phl-usa-2plus2-2024-07-30"
    )


def test_edca_signed_2014_upheld_2016_new_sites_2023(real_dataset) -> None:
    assert _status(real_dataset, "phl-usa-edca") == [("agreed", "2014-04-28"), ("active", "2016-01-12")]
    assert {"philip-goldberg", "voltaire-gazmin"} <= _attendees(
        real_dataset, "phl-usa-edca-signing-2014-04-28"
    )
    assert real_dataset.events["phl-usa-edca-new-sites-2023-04-03"].mechanism == "phl-usa-edca"


def test_vfa_termination_notice_suspended_then_retracted(real_dataset) -> None:
    # The agreement never lapsed: its status stays active; the notice and its fate are events.
    assert [s for s, _ in _status(real_dataset, "phl-usa-vfa")] == ["agreed", "active"]
    notice = real_dataset.events["phl-vfa-termination-notice-2020-02-11"]
    assert notice.mechanism == "phl-usa-vfa" and "teodoro-locsin" in _attendees(
        real_dataset, "phl-vfa-termination-notice-2020-02-11"
    )
    assert real_dataset.events["phl-vfa-termination-suspended-2020-06-01"].date.edtf == "2020-06-01"
    retraction = real_dataset.events["phl-vfa-termination-retracted-2021-07-29"]
    assert "phl-vfa-termination-notice-2020-02-11" in {c.ref for c in retraction.caused_by}
    assert {"rodrigo-duterte", "lloyd-austin"} <= _attendees(
        real_dataset, "phl-vfa-termination-retracted-2021-07-29"
    )


# ---------------------------------------------------------------------------------------------- India
def test_india_2plus2_agreed_2017_first_held_2018(real_dataset) -> None:
    assert _status(real_dataset, "ind-usa-2plus2")[:2] == [
        ("agreed", "2017-06-25/2017-06-26"),
        ("active", "2018-09-06"),
    ]
    assert {"sushma-swaraj", "nirmala-sitharaman", "mike-pompeo", "jim-mattis"} <= _attendees(
        real_dataset, "ind-usa-2plus2-2018-09-06"
    )
    assert {"rajnath-singh", "s-jaishankar", "antony-blinken", "lloyd-austin"} <= _attendees(
        real_dataset, "ind-usa-2plus2-2023-11-10"
    )


@pytest.mark.parametrize(
    ("mech", "date", "event"),
    [
        ("ind-usa-lemoa", "2016-08-29", "ind-usa-lemoa-signing-2016-08-29"),
        ("ind-usa-comcasa", "2018-09-06", "ind-usa-2plus2-2018-09-06"),
        ("ind-usa-beca", "2020-10-27", "ind-usa-2plus2-2020-10-27"),
    ],
)
def test_india_foundational_agreements(real_dataset, mech: str, date: str, event: str) -> None:
    mechanism = real_dataset.mechanisms[mech]
    assert mechanism.kind.value == "agreement"
    active = [s for s in mechanism.status if s.status.value == "active"]
    assert active and active[-1].date.edtf == date and active[-1].event == event


def test_india_defense_frameworks_2005_2015_2025(real_dataset) -> None:
    assert _status(real_dataset, "ind-usa-defense-framework") == [("active", "2005-06-28")]
    assert {"donald-rumsfeld", "pranab-mukherjee"} <= _attendees(
        real_dataset, "ind-usa-defense-framework-signing-2005-06-28"
    )
    assert {"ashton-carter", "manohar-parrikar"} <= _attendees(
        real_dataset, "ind-usa-defense-framework-signing-2015-06-03"
    )
    latest = real_dataset.events["ind-usa-defense-framework-signing-2025-10-31"]
    assert latest.place == "kuala-lumpur" and {"rajnath-singh", "pete-hegseth"} <= _attendees(
        real_dataset, "ind-usa-defense-framework-signing-2025-10-31"
    )


def test_india_defence_policy_group_older_than_its_first_verified_session(real_dataset) -> None:
    first = real_dataset.mechanisms["ind-usa-dpg"].status[0]
    assert first.lower_bound and first.date.edtf == "2005-11-21/2005-11-23"


# -------------------------------------------------------------------------------------------- Vietnam
def test_vietnam_defense_policy_dialogue_since_2010(real_dataset) -> None:
    assert _status(real_dataset, "usa-vnm-dpd")[0] == ("active", "2010")
    assert real_dataset.events["usa-vnm-dpd-2025-05-08"].session_number == 13
    assert "hoang-xuan-chien" in _attendees(real_dataset, "usa-vnm-dpd-2025-05-08")
    assert _status(real_dataset, "usa-vnm-defense-mou") == [("active", "2011-09")]
    assert {"ashton-carter", "phung-quang-thanh"} <= _attendees(
        real_dataset, "usa-vnm-jvs-signing-2015-06-01"
    )
    updated = real_dataset.events["usa-vnm-updated-jvs-2024-09-09"]
    assert "usa-vnm-csp-2023-09-10" in {c.ref for c in updated.caused_by}


# ------------------------------------------------------------------------------------------ Singapore
def test_singapore_agreements(real_dataset) -> None:
    assert _status(real_dataset, "sgp-usa-sfa") == [("agreed", "2003-10"), ("active", "2005-07-12")]
    assert {"george-w-bush", "lee-hsien-loong"} <= _attendees(real_dataset, "sgp-usa-sfa-signing-2005-07-12")
    assert {"ashton-carter", "ng-eng-hen"} <= _attendees(
        real_dataset, "sgp-usa-enhanced-dca-signing-2015-12-07"
    )
    renewal = real_dataset.events["sgp-usa-mou-renewal-2019-09-23"]
    assert renewal.mechanism == "sgp-usa-1990-mou" and "donald-trump" in _attendees(
        real_dataset, "sgp-usa-mou-renewal-2019-09-23"
    )


# ----------------------------------------------------------------- Thailand, Malaysia, Indonesia, NZ
def test_thailand_alliance_vision_and_first_joint_strategic_defense_dialogue(real_dataset) -> None:
    assert _status(real_dataset, "tha-usa-alliance-vision") == [("active", "2012-11-15")]
    assert {"mark-esper", "prayut-chan-o-cha"} <= _attendees(real_dataset, "tha-usa-jvs-signing-2019-11-17")
    assert real_dataset.mechanisms["tha-usa-strategic-dialogue"].status[0].lower_bound
    assert {"daniel-kritenbrink", "ely-ratner"} <= _attendees(real_dataset, "tha-usa-sdd-2022-05-09")


def test_malaysia_indonesia_new_zealand(real_dataset) -> None:
    assert _status(real_dataset, "mys-usa-defense-cooperation-mou") == [("active", "2025-10-30")]
    assert real_dataset.events["mys-usa-bitacg-2025-02-05"].session_number == 40
    assert _status(real_dataset, "idn-usa-2plus2") == [("active", "2023-10-23")]
    assert _status(real_dataset, "nzl-usa-washington-declaration") == [("active", "2012-06-19")]
    assert {"leon-panetta", "jonathan-coleman"} <= _attendees(
        real_dataset, "nzl-usa-washington-declaration-signing-2012-06-19"
    )


def test_channels_answered_by_the_analysis(real_dataset) -> None:
    """The connectivity analysis sees the new channels as open on a given day."""
    from ddgraph.analysis.connectivity import direct_channels
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    G = base_graph(to_property_graph(real_dataset))
    open_on = {
        r["mechanism"]
        for r in direct_channels(G, "usa", "phl", "2024-08-01")
        if r["status"] in ("active", "resumed")
    }
    assert {"phl-usa-2plus2", "phl-usa-mdb-seb", "phl-usa-edca", "phl-usa-vfa"} <= open_on
    open_aus = {
        r["mechanism"]
        for r in direct_channels(G, "aus", "usa", "2013-01-01")
        if r["status"] in ("active", "resumed")
    }
    assert {"aus-usa-ausmin", "aus-usa-force-posture-initiatives"} <= open_aus
    assert "aus-usa-force-posture-agreement" not in open_aus  # signed only in Aug 2014


def test_later_additions_ssdp_bsd_png_maldives_indonesia(real_dataset) -> None:
    # Singapore-US Strategic Security Policy Dialogue: established 2006, 13th round 18 Sept 2023
    assert _status(real_dataset, "sgp-usa-sspd") == [("active", "2006")]
    assert real_dataset.events["sgp-usa-sspd-2023-09-18"].session_number == 13
    assert "chan-heng-kee" in _attendees(real_dataset, "sgp-usa-sspd-2023-09-18")
    # Philippines-US Bilateral Strategic Dialogue: first 2011; the 6th (18 Mar 2016) agreed the first EDCA
    # sites
    assert _status(real_dataset, "phl-usa-bsd") == [("active", "2011")]
    assert real_dataset.events["phl-usa-edca-agreed-locations-2016-03-18"].mechanism == "phl-usa-edca"
    assert real_dataset.events["phl-usa-mdb-seb-2024-08-29"].place == "baguio"
    # Oceania and South Asia
    assert _status(real_dataset, "png-usa-dca") == [("active", "2023-05-22")]
    assert {"antony-blinken", "win-bakri-daki"} <= _attendees(real_dataset, "png-usa-dca-signing-2023-05-22")
    assert _status(real_dataset, "mdv-usa-defense-framework") == [("active", "2020-09-10")]
    assert _status(real_dataset, "idn-usa-dca") == [("active", "2023-11-16")]
    assert {"lloyd-austin", "prabowo-subianto"} <= _attendees(real_dataset, "idn-usa-dca-signing-2023-11-16")


def test_ausmin_sessions_are_numbered_from_dfat(real_dataset) -> None:
    numbered = {
        e.session_number
        for e in real_dataset.events.values()
        if e.mechanism == "aus-usa-ausmin" and e.session_number is not None
    }
    assert {1, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35} <= numbered
    assert {"mike-pompeo", "jim-mattis"} <= _attendees(real_dataset, "aus-usa-ausmin-2018-07-23")


# ------------------------------------------------------------------------------------------ Audit (Dec 2026)
def test_audit_replacements_cite_pages_found_in_the_corpus(real_dataset) -> None:
    """Facts whose original page was not found at the audit now rest on pages the search tool returned."""
    ds = real_dataset
    first_2plus2 = ds.events["phl-usa-2plus2-2012-04-30"]
    assert "theseoultimes-2012-05-csis-us-phl-ministerial" not in first_2plus2.sources
    assert quoted(first_2plus2, "still4hill-2012-04-30-clinton-panetta-2plus2", "first ever 2+2 meeting")
    assert quoted(
        ds.mechanisms["phl-usa-2plus2"].status[0],
        "scoop-2012-04-30-us-phl-ministerial-joint-statement",
        "issued on April 30, 2012",
    )
    mdb_2023 = ds.events["phl-usa-mdb-seb-2023-09-14"]
    assert mdb_2023.date.edtf == "2023-09-14" and mdb_2023.place == "quezon-city"
    assert quoted(
        mdb_2023, "mb-2023-09-16-mdb-seb-500-activities", "Camp Aguinaldo in Quezon City on Sept. 14, 2023"
    )
    assert quoted(
        ds.events["phl-usa-edca-signing-2014-04-28"],
        "inquirer-2014-04-28-obama-edca",
        "10-year agreement signed Monday",
    )
    assert quoted(
        ds.events["phl-sc-edca-ruling-2016-01-12"],
        "lawphil-2016-07-26-saguisag-v-ochoa-resolution",
        "G.R. No. 212426, January 12, 2016",
    )


def test_audit_ausmin_2010_dated_from_the_state_department_communique(real_dataset) -> None:
    ausmin_2010 = real_dataset.events["aus-usa-ausmin-2010"]
    assert ausmin_2010.date.edtf == "2010-11-08" and ausmin_2010.place == "melbourne"
    assert quoted(
        ausmin_2010, "state-gov-2010-11-22-ausmin-joint-communique", "met in Melbourne on 8 November 2010"
    )
