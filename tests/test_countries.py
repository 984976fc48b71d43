"""Tests of ddgraph.countries: resolving ids, ISO codes and names in any language; pairs."""

from __future__ import annotations

import networkx as nx
import pytest

from ddgraph.countries import resolve_country, resolve_pair
from ddgraph.errors import SameCountry, UnknownCountry
from ddgraph.examples import tiny_graph


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return tiny_graph()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("usa", "usa"),
        ("USA", "usa"),
        ("uSa", "usa"),
        ("United States", "usa"),
        ("hoa kỳ", "usa"),
        ("Hoa Ky", "usa"),
        ("中国", "chn"),
        ("Trung Quốc", "chn"),
        ("china", "chn"),
        ("US", "usa"),
        ("Viet Nam", "vnm"),
        ("  Việt   Nam ", "vnm"),
    ],
)
def test_resolve_country(G: nx.MultiDiGraph, text: str, expected: str) -> None:
    assert resolve_country(G, text) == expected


def test_unknown_country_suggests(G: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownCountry, match=r"^unknown country 'Chna' \(did you mean China \(CHN\)\?\)$"):
        resolve_country(G, "Chna")
    with pytest.raises(UnknownCountry, match=r"^unknown country 'XYZ'"):
        resolve_country(G, "XYZ")
    with pytest.raises(UnknownCountry):
        resolve_country(G, "FRA")  # a real country, but not in the dataset


def test_a_pair_of_two_spellings_of_one_country_is_refused(G: nx.MultiDiGraph) -> None:
    assert resolve_pair(G, "USA", "Trung Quốc") == ("usa", "chn")
    with pytest.raises(SameCountry, match=r"^'usa' and 'United States' are the same country \(usa\)"):
        resolve_pair(G, "usa", "United States")


def test_a_mapping_of_country_properties_resolves_like_the_graph(G: nx.MultiDiGraph) -> None:
    countries = {n: d for n, d in G.nodes(data=True) if "Country" in d.get("labels", ())}
    assert [resolve_country(countries, t) for t in ("usa", "Hoa Ky", "中国", "Viet Nam")] == [
        "usa",
        "usa",
        "chn",
        "vnm",
    ]
