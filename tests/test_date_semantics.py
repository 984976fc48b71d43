"""One meaning of "open on a day" and "met": every query file against its Python counterpart.

The dataset (tests/data/imprecise_ends) has participations ending in "2025" and "2025-03", statuses
starting in "2007-41", "2022-08" and "2023-06~", a channel without status history and one that starts
later, and meetings that did not take place. Each query file runs on the real Neo4j and its Python
counterpart on the same files; the rows must be the same.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from ddgraph import load_dataset, neo4j_store
from ddgraph.analysis.connectivity import direct_channels
from ddgraph.analysis.paths import paths
from ddgraph.channels import ChannelFilter
from ddgraph.cypher_library import cypher_dir, query_names
from ddgraph.graph import to_property_graph
from ddgraph.model import parse_date
from ddgraph.timeutil import status_periods
from ddgraph.views import base_graph, channel_graph, person_graph
from ddgraph.vocabulary import NOT_HELD, OPEN

DATA = Path(__file__).parent / "data" / "imprecise_ends"
DAYS = [
    dt.date(2008, 1, 15),
    dt.date(2022, 8, 20),
    dt.date(2024, 1, 1),
    dt.date(2025, 3, 20),
    dt.date(2025, 6, 15),
    dt.date(2025, 12, 31),
    dt.date(2026, 1, 1),
]
PAIRS = [("usa", "chn"), ("usa", "sgp"), ("chn", "jpn")]


@pytest.fixture(scope="module")
def G() -> Any:
    return base_graph(to_property_graph(load_dataset(DATA)))


@pytest.fixture()
def loaded(neo4j_driver: Any) -> Any:
    neo4j_store.load(neo4j_driver, to_property_graph(load_dataset(DATA)))
    return neo4j_driver


def cypher(driver: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    return neo4j_store.run_query(driver, name, params).rows


def since_day(edtf: str) -> str:
    return parse_date(edtf).earliest.isoformat()


# ------------------------------------------------------------------------------ the vocabulary
@pytest.mark.parametrize("name", query_names())
def test_query_files_spell_the_model_vocabulary(name: str) -> None:
    """A status or outcome list written in a query file is exactly the model's set (declared once)."""
    text = (cypher_dir() / "queries" / f"{name}.cypher").read_text(encoding="utf-8")
    for listed in re.findall(r"IN \[('[a-z_]+'(?:, '[a-z_]+')*)\]", text):
        values = set(re.findall(r"'([a-z_]+)'", listed))
        assert values in (set(OPEN), set(NOT_HELD)), f"{name}: {sorted(values)} is not a model set"


def test_the_dataset_has_the_imprecise_ends_the_comparison_needs(G: Any) -> None:
    tos = {d.get("to_edtf") for *_, d in G.edges(data=True) if d.get("type") == "PARTICIPATES_IN"}
    assert {"2025", "2025-03"} <= tos
    assert {"call-declined", "meeting-planned", "meeting-refused"} <= set(G.nodes)


# ------------------------------------------------------------------------ open on a day: channels
@pytest.mark.neo4j
def test_channels_between_is_direct_channels(loaded: Any, G: Any) -> None:
    checked = 0
    for a, b in PAIRS:
        for day in DAYS:
            rows = cypher(loaded, "channels_between", a=a, b=b, asOf=day.isoformat())
            got = sorted((r["mechanism"], r["status"], r["open"], since_day(r["status_since"])) for r in rows)
            want = sorted(
                (r["mechanism"], r["status"], r["open"], r["since"]) for r in direct_channels(G, a, b, day)
            )
            assert got == want, (a, b, day)
            checked += len(want)
    assert checked > 20  # the comparison is about rows, not about two empty answers


@pytest.mark.neo4j
def test_a_participation_ending_in_2025_counts_through_2025(loaded: Any) -> None:
    def dialogue_on(day: str) -> bool:
        rows = cypher(loaded, "channels_between", a="usa", b="chn", asOf=day)
        return "dialogue-to-2025" in {r["mechanism"] for r in rows}

    assert dialogue_on("2025-06-15") and dialogue_on("2025-12-31") and not dialogue_on("2026-01-01")


@pytest.mark.neo4j
def test_country_channels_is_the_channel_graph_around_the_country(loaded: Any, G: Any) -> None:
    checked = 0
    for country in ("usa", "chn", "sgp", "jpn"):
        for day in DAYS:
            rows = cypher(loaded, "country_channels", country=country, asOf=day.isoformat())
            got = sorted((r["mechanism"], r["status"], r["open"], since_day(r["status_since"])) for r in rows)
            CG = channel_graph(G, day, ChannelFilter(statuses=None))
            want = sorted(
                {
                    (k, d["status"], d["status"] in OPEN, d["from"])
                    for _, _, k, d in CG.edges(country, keys=True, data=True)
                }
            )
            assert got == want, (country, day)
            checked += len(want)
    assert checked > 20


@pytest.mark.neo4j
def test_alternative_routes_are_the_paths_without_the_direct_channels(loaded: Any, G: Any) -> None:
    checked = 0
    for a, b in PAIRS:
        for day in DAYS:
            rows = cypher(loaded, "alternative_routes", a=a, b=b, asOf=day.isoformat(), maxHops=3)
            CG = channel_graph(G, day)
            direct = sorted(CG.get_edge_data(a, b) or {})
            routes = paths(CG, a, b, fail=direct, max_hops=3, k=None)
            assert sorted({(r["hops"], tuple(r["countries"])) for r in rows}) == sorted(
                (r["hops"], tuple(r["countries"])) for r in routes
            ), (a, b, day)
            for route in routes:  # the channel the Python ranking picks is one the query lists
                chosen = [s["channel"] for s in route["steps"]]
                assert chosen in [r["channels"] for r in rows if r["countries"] == route["countries"]]
            checked += len(routes)
    assert checked >= 3


# ---------------------------------------------------------------------------------------- met
@pytest.mark.neo4j
def test_officials_met_is_the_person_graph(loaded: Any, G: Any) -> None:
    P = person_graph(G)
    for person in ("alice", "bo", "chen"):
        rows = cypher(loaded, "officials_met", person=person)
        got = sorted((r["met"], r["times"], sorted(r["events"])) for r in rows)
        want = sorted((q, P[person][q]["weight"], P[person][q]["events"]) for q in P.neighbors(person))
        assert got == want, person
    every = cypher(loaded, "officials_met", person=None)
    assert sorted((r["official"], r["met"], r["times"]) for r in every) == sorted(
        (min(u, v), max(u, v), w) for u, v, w in P.edges(data="weight")
    )


@pytest.mark.neo4j
def test_a_declined_call_a_planned_or_refused_meeting_is_no_meeting(loaded: Any) -> None:
    met = {(r["official"], r["met"]): r["events"] for r in cypher(loaded, "officials_met", person=None)}
    assert met == {
        ("alice", "bo"): ["session-2021", "call-answered"],
        ("alice", "chen"): ["session-2021", "meeting-held"],
        ("bo", "chen"): ["session-2021"],
    }


# ------------------------------------------------------------------------------------ history
@pytest.mark.neo4j
def test_mechanism_history_is_the_status_periods(loaded: Any, G: Any) -> None:
    for mechanism in ("hotline", "chn-sgp", "jpn-chn"):
        rows = cypher(loaded, "mechanism_history", mechanism=mechanism)
        changes = [G.nodes[sc] for _, sc, d in G.out_edges(mechanism, data=True) if d["type"] == "HAS_STATUS"]
        want = [
            (p.status, p.start.isoformat(), p.end.isoformat() if p.end else None)
            for p in status_periods(changes)
        ]
        assert [(r["status"], r["from"], r["to"]) for r in rows] == want
