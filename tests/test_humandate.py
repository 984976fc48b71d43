"""Tests of ddgraph.humandate: EDTF dates in words, and the X_text properties beside the EDTF."""

from __future__ import annotations

import pytest

from ddgraph.humandate import human_date
from ddgraph.model import parse_date


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2008-02-29", "29 February 2008"),
        ("2023-03", "March 2023"),
        ("1998", "1998"),
        ("201X", "the 2010s"),
        ("2007-41", "second half of 2007"),
        ("2007-40", "first half of 2007"),
        ("2019-21", "spring 2019"),
        ("2019-24", "winter 2019"),
        ("2019-26", "summer 2019 (Northern Hemisphere)"),
        ("2019-31", "autumn 2019 (Southern Hemisphere)"),
        ("2019-34", "second quarter of 2019"),
        ("2019-39", "last third of 2019"),
        ("2004~", "about 2004"),
        ("2004?", "possibly 2004"),
        ("2004-06%", "possibly about June 2004"),
        ("2021-03-18/2021-03-19", "18–19 March 2021"),
        ("2023-05-31/2023-06-04", "31 May – 4 June 2023"),
        ("2020-11/2020-12-16", "November 2020 to 16 December 2020"),
        ("2008-02-29/2021", "29 February 2008 to 2021"),
        ("2024-01/..", "from January 2024"),
        ("2019-06/..", "from June 2019"),
    ],
)
def test_human_date(edtf: str, words: str) -> None:
    parse_date(edtf)  # every case is an EDTF date the model accepts
    assert human_date(edtf) == words


@pytest.mark.parametrize("text", ["", "yesterday", "2019-13", "2019-99", "2019-13-01", "201X-03"])
def test_text_it_does_not_know_is_returned_as_written(text: str) -> None:
    assert human_date(text) == text


def test_every_date_of_the_property_graph_has_its_words(real_dataset) -> None:
    from ddgraph.graph import to_property_graph

    pg = to_property_graph(real_dataset)
    props = [n.props for n in pg.nodes.values()] + [r.props for r in pg.relationships.values()]
    dated = [(p, k[:-5]) for p in props for k in p if k.endswith("_edtf")]
    assert dated
    for p, base in dated:
        assert p[f"{base}_text"] == human_date(p[f"{base}_edtf"])
        assert p[f"{base}_text"] != p[f"{base}_edtf"] or p[f"{base}_edtf"].isdigit()  # words, or a bare year
    dtl = pg.nodes["usa-chn-dtl--agreed--2007-41"].props
    assert (dtl["from_edtf"], dtl["from_text"]) == ("2007-41", "second half of 2007")
