"""Minilaterals, Japan's and Australia's partner channels and the recurring exercises.

The facts of graph/regions/minilaterals.yaml.
"""

from __future__ import annotations


def _attendees(ds, event_id: str) -> set[str]:
    return {a.party for a in ds.events[event_id].attendees}


def _status(ds, mechanism_id: str) -> list[tuple[str, str]]:
    return [(s.status.value, s.date.edtf) for s in ds.mechanisms[mechanism_id].status]


def test_quad_2007_dormant_from_2008_and_revived_in_manila(real_dataset) -> None:
    quad = real_dataset.mechanisms["quad"]
    assert quad.kind.value == "multilateral_forum"
    assert _status(real_dataset, "quad") == [
        ("active", "2007-05"),
        ("dormant", "2008-02-05"),
        ("resumed", "2017-11-12"),
    ]
    assert quad.status[1].event == "aus-quad-withdrawal-2008-02-05"
    assert "stephen-smith" in _attendees(real_dataset, "aus-quad-withdrawal-2008-02-05")
    # Australia leaves on 5 Feb 2008 and comes back with the 2017 consultations.
    aus = [
        (p.start.edtf if p.start else None, p.end.edtf if p.end else None)
        for p in quad.participants
        if p.party == "aus"
    ]
    assert aus == [("2007-05", "2008-02-05"), ("2017-11-12", None)]
    assert real_dataset.events["quad-2017-11-12"].place == "manila"


def test_quad_foreign_ministers_and_leaders(real_dataset) -> None:
    assert _status(real_dataset, "quad-fmm")[0] == ("active", "2019-09-26")
    assert [
        real_dataset.events[e].session_number
        for e in ("quad-fmm-2019-09", "quad-fmm-2020-10-06", "quad-fmm-2021-02", "quad-fmm-2022-02-11")
    ] == [1, 2, 3, 4]
    assert {"mike-pompeo", "s-jaishankar", "toshimitsu-motegi", "marise-payne"} <= _attendees(
        real_dataset, "quad-fmm-2019-09"
    )
    assert {"marco-rubio", "s-jaishankar", "penny-wong", "takeshi-iwaya"} <= _attendees(
        real_dataset, "quad-fmm-2025-07-01"
    )
    leaders = real_dataset.mechanisms["quad-leaders-summit"]
    assert leaders.level.value == "leader" and _status(real_dataset, "quad-leaders-summit") == [
        ("active", "2021-03-12")
    ]
    first = real_dataset.events["quad-leaders-summit-2021-03-12"]
    assert first.session_number == 1 and first.place is None  # held by video
    assert {"joe-biden", "narendra-modi", "scott-morrison", "yoshihide-suga"} <= {
        a.party for a in first.attendees
    }
    wilmington = real_dataset.events["quad-leaders-summit-2024-09-21"]
    assert wilmington.session_number == 6 and wilmington.place == "wilmington"
    assert {"joe-biden", "narendra-modi", "anthony-albanese", "fumio-kishida"} <= {
        a.party for a in wilmington.attendees
    }


def test_aukus_announced_and_its_defence_ministers(real_dataset) -> None:
    assert "gbr" in real_dataset.countries
    aukus = real_dataset.mechanisms["aus-gbr-usa-aukus"]
    assert {p.party for p in aukus.participants} == {"aus", "gbr", "usa"}
    assert _status(real_dataset, "aus-gbr-usa-aukus") == [("active", "2021-09-15")]
    assert {"joe-biden", "boris-johnson", "scott-morrison"} <= _attendees(
        real_dataset, "aukus-announcement-2021-09-15"
    )
    san_diego = real_dataset.events["aukus-leaders-2023-03-13"]
    assert san_diego.place == "san-diego"
    assert {"joe-biden", "anthony-albanese", "rishi-sunak"} <= {a.party for a in san_diego.attendees}
    dmm = real_dataset.mechanisms["aus-gbr-usa-aukus-dmm"]
    assert not dmm.status[0].lower_bound and dmm.status[0].date.edtf == "2022-12-07"
    assert real_dataset.events["aukus-dmm-2025-12-10"].session_number == 4
    london = real_dataset.events["aukus-dmm-2024-09-26"]
    assert london.place == "london"
    assert {"john-healey", "richard-marles", "lloyd-austin"} <= {a.party for a in london.attendees}


def test_us_japan_australia_tsd_and_defence_ministers(real_dataset) -> None:
    assert _status(real_dataset, "aus-jpn-usa-tsd") == [("active", "2002")]
    assert real_dataset.events["aus-jpn-usa-tsd-2019-08-01"].session_number == 9
    sydney = real_dataset.events["aus-jpn-usa-tsd-2006-03-18"]
    assert sydney.place == "sydney"
    assert {"condoleezza-rice", "taro-aso", "alexander-downer"} <= {a.party for a in sydney.attendees}
    tdmm = real_dataset.mechanisms["aus-jpn-usa-tdmm"]
    assert tdmm.status[0].lower_bound and tdmm.status[0].date.edtf == "2012-06"
    assert real_dataset.events["aus-jpn-usa-tdmm-2013-06-01"].session_number == 2
    latest = real_dataset.events["aus-jpn-usa-tdmm-2025-05-31"]
    assert latest.session_number == 15 and "pete-hegseth" in {a.party for a in latest.attendees}
    darwin = real_dataset.events["aus-jpn-usa-tdmm-2024-11-17"]
    assert darwin.session_number == 14 and darwin.place == "darwin"
    assert {"richard-marles", "gen-nakatani", "lloyd-austin"} <= {a.party for a in darwin.attendees}


def test_japan_australia_2plus2_and_raa(real_dataset) -> None:
    assert _status(real_dataset, "aus-jpn-2plus2") == [("active", "2007-06-06")]
    first = real_dataset.events["aus-jpn-2plus2-2007-06-06"]
    assert first.session_number == 1
    assert {"taro-aso", "fumio-kyuma", "alexander-downer", "brendan-nelson"} <= {
        a.party for a in first.attendees
    }
    assert real_dataset.events["aus-jpn-2plus2-2022-12-09"].session_number == 10
    latest = real_dataset.events["aus-jpn-2plus2-2025-09-05"]
    assert latest.session_number == 12 and {
        "takeshi-iwaya",
        "gen-nakatani",
        "richard-marles",
        "penny-wong",
    } <= {a.party for a in latest.attendees}
    assert _status(real_dataset, "aus-jpn-raa") == [("agreed", "2022-01-06"), ("active", "2023-08-13")]
    assert {"fumio-kishida", "scott-morrison"} <= _attendees(real_dataset, "aus-jpn-raa-signing-2022-01-06")


def test_japan_philippines_2plus2_and_raa(real_dataset) -> None:
    assert _status(real_dataset, "jpn-phl-2plus2") == [("active", "2022-04-09")]
    assert {"yoshimasa-hayashi", "nobuo-kishi", "teodoro-locsin", "delfin-lorenzana"} <= _attendees(
        real_dataset, "jpn-phl-2plus2-2022-04-09"
    )
    assert _status(real_dataset, "jpn-phl-raa") == [("agreed", "2024-07-08"), ("active", "2025-09-11")]
    signing = real_dataset.events["jpn-phl-raa-signing-2024-07-08"]
    assert {"yoko-kamikawa", "gilberto-teodoro"} <= {
        a.party for a in signing.attendees if a.role.value == "signatory"
    }
    assert "jpn-phl-2plus2-2022-04-09" in {c.ref for c in signing.caused_by}


def test_india_2plus2s(real_dataset) -> None:
    assert _status(real_dataset, "ind-jpn-2plus2") == [("active", "2019-11-30")]
    assert {"rajnath-singh", "s-jaishankar", "toshimitsu-motegi", "taro-kono"} <= _attendees(
        real_dataset, "ind-jpn-2plus2-2019-11-30"
    )
    assert real_dataset.events["ind-jpn-2plus2-2024-08-20"].session_number == 3
    assert _status(real_dataset, "aus-ind-2plus2") == [("active", "2021-09-11")]
    assert {"marise-payne", "peter-dutton"} <= _attendees(real_dataset, "aus-ind-2plus2-2021-09-11")


def test_us_japan_philippines_and_the_squad(real_dataset) -> None:
    summit = real_dataset.events["jpn-phl-usa-leaders-summit-2024-04-11"]
    assert summit.date.edtf == "2024-04-11" and summit.place == "washington-dc"
    assert {"joe-biden", "fumio-kishida", "ferdinand-marcos-jr"} <= {a.party for a in summit.attendees}
    squad = real_dataset.mechanisms["squad"]
    assert {p.party for p in squad.participants} == {"aus", "jpn", "phl", "usa"}
    assert _status(real_dataset, "squad") == [("active", "2023-06-03")]
    assert [
        real_dataset.events[e].session_number
        for e in ("squad-2023-06-03", "squad-2024-05-02", "squad-2025-05-31", "squad-2025-11-01")
    ] == [1, 2, 4, 5]
    assert {"pete-hegseth", "shinjiro-koizumi", "gilberto-teodoro", "richard-marles"} <= _attendees(
        real_dataset, "squad-2025-11-01"
    )


def test_exercise_series_and_their_members(real_dataset) -> None:
    for mid in ("malabar", "balikatan", "talisman-sabre", "rimpac"):
        assert real_dataset.mechanisms[mid].kind.value == "joint_exercise_series"
    assert _status(real_dataset, "malabar") == [
        ("active", "1992"),
        ("suspended", "1998"),
        ("resumed", "2002"),
    ]
    malabar = real_dataset.mechanisms["malabar"]
    aus = [(p.start.edtf, p.end.edtf if p.end else None) for p in malabar.participants if p.party == "aus"]
    assert aus == [("2007-09", "2007-09"), ("2020-11", None)]
    assert ("2015", None) in [
        (p.start.edtf, p.end.edtf if p.end else None) for p in malabar.participants if p.party == "jpn"
    ]
    latest = real_dataset.events["malabar-2025-11"]
    assert (
        latest.session_number == 29 and latest.place == "guam" and latest.date.edtf == "2025-11-10/2025-11-18"
    )
    assert _status(real_dataset, "talisman-sabre") == [("active", "2005")]
    assert real_dataset.events["talisman-sabre-2025"].session_number == 11
    assert _status(real_dataset, "balikatan") == [("active", "1985")]
    assert real_dataset.events["balikatan-2025"].session_number == 40
    rimpac = real_dataset.mechanisms["rimpac"]
    china = [p for p in rimpac.participants if p.party == "chn"]
    assert [(p.start.edtf, p.end.edtf) for p in china] == [("2014", "2018-05-23")]
    assert real_dataset.events["rimpac-china-disinvited-2018-05-23"].mechanism == "rimpac"


def test_japan_uk_raa_aukmin_and_japan_indonesia_2plus2(real_dataset) -> None:
    assert _status(real_dataset, "gbr-jpn-raa") == [
        ("proposed", "2021-09-28"),
        ("agreed", "2023-01-11"),
        ("active", "2023-10-15"),
    ]
    assert {"fumio-kishida", "rishi-sunak"} <= _attendees(real_dataset, "gbr-jpn-raa-signing-2023-01-11")
    assert _status(real_dataset, "aus-gbr-aukmin") == [("active", "2006")]
    assert not real_dataset.mechanisms["aus-gbr-aukmin"].status[0].lower_bound
    assert real_dataset.events["aus-gbr-aukmin-2006"].session_number == 1
    assert {"kevin-rudd", "stephen-smith", "william-hague", "philip-hammond"} <= _attendees(
        real_dataset, "aus-gbr-aukmin-2012-01-23"
    )
    assert real_dataset.events["aus-gbr-aukmin-2025-07-25"].session_number == 15
    assert _status(real_dataset, "idn-jpn-2plus2") == [("active", "2015-12-17")]
    assert {"retno-marsudi", "ryamizard-ryacudu", "fumio-kishida", "gen-nakatani"} <= _attendees(
        real_dataset, "idn-jpn-2plus2-2015-12-17"
    )


def test_us_japan_india_trilateral_and_australia_indonesia_2plus2(real_dataset) -> None:
    assert _status(real_dataset, "ind-jpn-usa-trilateral") == [("active", "2011-12-19")]
    assert "kurt-campbell" in _attendees(real_dataset, "ind-jpn-usa-trilateral-2011-12-19")
    assert {"john-kerry", "sushma-swaraj", "fumio-kishida"} <= _attendees(
        real_dataset, "ind-jpn-usa-trilateral-2015-09-29"
    )
    assert _status(real_dataset, "aus-idn-2plus2") == [("active", "2012-03-15")]
    assert {"bob-carr", "stephen-smith", "marty-natalegawa", "purnomo-yusgiantoro"} <= _attendees(
        real_dataset, "aus-idn-2plus2-2012-03-15"
    )
    assert real_dataset.events["aus-idn-2plus2-2018-03-16"].session_number == 5


def test_offices_of_the_ministers_who_lead_these_channels(real_dataset) -> None:
    def office(pid: str, org: str):
        return next(o for o in real_dataset.persons[pid].offices if o.org == org)

    assert office("penny-wong", "aus-dfat").start.edtf == "2022-05-23"
    assert office("richard-marles", "aus-defence").start.edtf == "2022-06-01"
    assert office("s-jaishankar", "ind-mea").start.edtf == "2019-05-31"
    assert office("gilberto-teodoro", "phl-dnd").start.edtf == "2023-06-05"
    # the caretaker's term ends when Teodoro is named: one head of the department at a time
    assert office("carlito-galvez", "phl-dnd").end.edtf == "2023-06-05"


def test_japan_uk_2plus2_australia_philippines_and_japan_nz(real_dataset) -> None:
    assert _status(real_dataset, "gbr-jpn-2plus2") == [("active", "2015-01-21")]
    assert {"fumio-kishida", "gen-nakatani", "philip-hammond", "michael-fallon"} <= _attendees(
        real_dataset, "gbr-jpn-2plus2-2015-01-21"
    )
    assert _status(real_dataset, "aus-phl-sovfa") == [("agreed", "2007-05-31"), ("active", "2012-09")]
    assert _status(real_dataset, "aus-phl-dmm") == [("active", "2024-11-12")]
    assert _status(real_dataset, "jpn-nzl-acsa") == [("agreed", "2025-12-19")]


def test_india_australia_japan_trilateral_secretaries_2plus2_and_ausindex(real_dataset) -> None:
    assert _status(real_dataset, "aus-ind-jpn-trilateral") == [("active", "2015-06")]
    assert real_dataset.events["aus-ind-jpn-trilateral-2015-06"].session_number == 1
    assert real_dataset.events["aus-ind-jpn-trilateral-2017-12-13"].session_number == 4
    assert _status(real_dataset, "aus-ind-secretaries-2plus2") == [
        ("active", "2017-12-12"),
        ("terminated", "2020-06-04"),
    ]
    assert _status(real_dataset, "aus-ind-ausindex") == [("active", "2015-09-12")]


def test_kowari_and_kakadu_exercises_with_the_pla(real_dataset) -> None:
    assert _status(real_dataset, "aus-chn-usa-kowari") == [("active", "2014-10")]
    kowari = real_dataset.mechanisms["aus-chn-usa-kowari"]
    assert {"aus", "chn", "usa"} <= {p.party for p in kowari.participants}
    assert [
        real_dataset.events[e].session_number
        for e in ("kowari-2014-10", "kowari-2015-08", "kowari-2016-08", "kowari-2019-08")
    ] == [1, 2, 3, 6]
    assert real_dataset.events["kowari-2019-08"].date.edtf == "2019-08-28/2019-09-05"
    kakadu = real_dataset.mechanisms["kakadu"]
    assert kakadu.status[0].lower_bound and kakadu.status[0].date.edtf == "2018-08-31"
    china = [p for p in kakadu.participants if p.party == "chn"]
    assert [(p.start.edtf, p.end.edtf) for p in china] == [("2018-08-31", "2018-09-15")]
    assert real_dataset.events["kakadu-2018"].place == "darwin"


def test_philippines_japan_us_military_chiefs_and_coast_guard_exercise(real_dataset) -> None:
    chiefs = real_dataset.mechanisms["jpn-phl-usa-chiefs-engagement"]
    assert chiefs.status[0].lower_bound and chiefs.status[0].date.edtf == "2023-06-03"
    meeting = real_dataset.events["jpn-phl-usa-chiefs-engagement-2023-06-03"]
    assert meeting.session_number == 4 and meeting.place == "singapore-city"
    assert {"andres-centino", "yoshihide-yoshida", "john-aquilino"} <= _attendees(
        real_dataset, "jpn-phl-usa-chiefs-engagement-2023-06-03"
    )
    assert _status(real_dataset, "jpn-phl-usa-coast-guard-exercise") == [("active", "2023-06-01")]
    cg = real_dataset.mechanisms["jpn-phl-usa-coast-guard-exercise"]
    assert [(p.role, p.end.edtf) for p in cg.participants if p.party == "aus"] == [("observer", "2023-06-07")]
    assert (
        real_dataset.events["jpn-phl-usa-coast-guard-exercise-2025-06"].date.edtf == "2025-06-16/2025-06-20"
    )


def test_multilateral_maritime_cooperative_activity(real_dataset) -> None:
    assert _status(real_dataset, "multilateral-mca") == [("active", "2024-04-07")]
    mca = real_dataset.mechanisms["multilateral-mca"]
    assert {"phl", "usa", "jpn", "aus"} <= {p.party for p in mca.participants}
    assert real_dataset.events["multilateral-mca-2024-04-07"].session_number == 1
    assert real_dataset.events["multilateral-mca-2025-04-29"].mechanism == "multilateral-mca"


def test_audit_kowari_15_dates_and_no_insertion_markers(real_dataset) -> None:
    # The armyrecognition page, checked against its text in the Dec 2026 audit, gives the start
    # ("since Thursday August 27") as well as the end ("until September 14"); both are quoted.
    kowari_15 = real_dataset.events["kowari-2015-08"]
    assert kowari_15.date.edtf == "2015-08-27/2015-09-14"
    assert any("since Thursday August 27" in e.quote for e in kowari_15.evidence)
    note = real_dataset.mechanisms["aus-chn-usa-kowari"].status[0].note or ""
    assert "after 2019" in note
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "graph" / "regions" / "minilaterals.yaml").read_text(
        encoding="utf-8"
    )
    assert "# @@" not in text


# Sources the Dec 2026 audit could not find on the web (three differently worded searches each);
# they were replaced or removed.
_AUDIT_NOT_FOUND_REMOVED = {
    "thestatesman-2024-09-13-quad-wilmington",
    "wired-gov-2024-09-26-aukus-statement",
    "sandboxx-2024-11-malabar-24",
    "indiandefensenews-2020-01-malabar",
    "navalinstitute-2020-malabar-australia",
    "trend-2021-09-14-quad-in-person",
    "deseret-2023-03-13-aukus-san-diego",
    "defenceconnect-2023-talisman-sabre-largest",
    "army-gov-au-2014-10-kowari-closes",
    "iceboxradio-2024-balikatan",
}


def test_audit_dec_2026_page_checks(real_dataset) -> None:
    assert not _AUDIT_NOT_FOUND_REMOVED & set(real_dataset.sources)
    # Malabar 2024 was held off Visakhapatnam in October; the November phases belonged to Malabar 2020.
    assert "malabar-2024-11" not in real_dataset.events
    malabar_2024 = real_dataset.events["malabar-2024-10"]
    assert malabar_2024.date.edtf == "2024-10-08/2024-10-18" and malabar_2024.place == "visakhapatnam"
    assert "freepressjournal-2020-11-02-malabar-2020" in real_dataset.events["malabar-2020-11"].sources
    # Greenwich was the third AUKUS defence ministers' meeting; the 2013 TSD ministerial the fifth
    # (State Department).
    assert real_dataset.events["aukus-dmm-2024-09-26"].session_number == 3
    tsd_2013 = real_dataset.events["aus-jpn-usa-tsd-2013-10"]
    assert tsd_2013.date.edtf == "2013-10-04" and tsd_2013.session_number == 5
    # Kowari 14 ran from 7 to 25 October 2014 (Minister's release as reposted by Pacific Sentinel).
    assert real_dataset.events["kowari-2014-10"].date.edtf == "2014-10-07/2014-10-25"
    # Quotes corrected to the page's own words.
    lorenzana = [e.quote for e in real_dataset.persons["delfin-lorenzana"].evidence]
    assert lorenzana == [
        "Hon. Defin. N. Lorenzana, Secretary of National Defense of the Republic of the Philippines"
    ]
