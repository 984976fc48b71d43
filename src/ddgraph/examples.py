"""A tiny hand-made graph for the docstring examples (and the unit tests): three countries, a US--China
hotline suspended in 2022, a forum of all three, a Track 2 dialogue, two officials and their calls.

It lives apart from the views and analyses so that no production module carries example data; the
examples import it by name (``from ddgraph.examples import tiny_graph``).

>>> sorted(n for n, d in tiny_graph().nodes(data=True) if "Country" in d["labels"])
['chn', 'usa', 'vnm']
"""

from __future__ import annotations

import networkx as nx

from .graph import Node, PropertyGraph
from .views import base_graph


def tiny_graph() -> nx.MultiDiGraph:
    """A three-country example: a US--China hotline suspended in 2022, a forum, a Track 2 dialogue.

    Used by the docstring examples and the unit tests.
    """
    pg = PropertyGraph()
    src = {"sources": ["s"]}
    pg.add_node(Node("s", ("Source",), {"id": "s", "sources": ["s"]}))
    for cid, iso, name, extra in [
        ("usa", "USA", "United States", {"name_vi": "Hoa Kỳ"}),
        ("chn", "CHN", "China", {"name_vi": "Trung Quốc", "name_zh": "中国"}),
        ("vnm", "VNM", "Vietnam", {"name_vi": "Việt Nam"}),
    ]:
        pg.add_node(
            Node(cid, ("Country",), {"id": cid, "iso3": iso, "name": name, "name_en": name, **extra, **src})
        )
    pg.add_node(Node("pla", ("Organization",), {"id": "pla", "name": "PLA", "kind": "military", **src}))
    pg.add_relationship("PART_OF", "pla", "chn", src)
    for mid, kind, track in [
        ("dtl", "hotline", "1"),
        ("forum", "multilateral_forum", "1"),
        ("track2", "track2_dialogue", "2"),
    ]:
        pg.add_node(
            Node(
                mid,
                ("Mechanism",),
                {"id": mid, "name": mid.upper(), "kind": kind, "track": track, "level": "ministerial", **src},
            )
        )
    pg.add_relationship("PARTICIPATES_IN", "usa", "dtl", src)
    pg.add_relationship("PARTICIPATES_IN", "pla", "dtl", src)
    for c in ("usa", "chn", "vnm"):
        pg.add_relationship("PARTICIPATES_IN", c, "forum", src)
    pg.add_relationship("PARTICIPATES_IN", "usa", "track2", src)
    pg.add_relationship("PARTICIPATES_IN", "chn", "track2", {"from": "2023-06-01", **src})
    history = [
        ("dtl", "active", "2008-03-01", "2008-03-31", None),
        ("dtl", "suspended", "2022-08-05", "2022-08-05", "cut"),
        ("dtl", "resumed", "2023-11-15", "2023-11-15", None),
        ("forum", "active", "2010", "2010-12-31", None),
        ("track2", "active", "2023-03-01", "2023-03-31", None),
    ]
    seqs: dict[str, int] = {}
    for mid, status, frm, latest, ev in history:
        seq = seqs[mid] = seqs.get(mid, -1) + 1
        sid = f"{mid}--{status}"
        pg.add_node(
            Node(
                sid,
                ("StatusChange",),
                {
                    "id": sid,
                    "mechanism": mid,
                    "status": status,
                    "seq": seq,
                    "from": frm if len(frm) == 10 else f"{frm}-01-01",
                    "from_latest": latest,
                    **src,
                },
            )
        )
        pg.add_relationship("HAS_STATUS", mid, sid, {"seq": seq, **src})
        if ev:
            pg.add_node(
                Node(
                    ev,
                    ("Event", "Suspension"),
                    {"id": ev, "name": "China cuts channels", "kind": "suspension", "date": frm, **src},
                )
            )
            pg.add_relationship("TRIGGERED_BY", sid, ev, src)
    for pid in ("austin", "dong"):
        pg.add_node(Node(pid, ("Person",), {"id": pid, "name": pid.title(), **src}))
    pg.add_node(
        Node(
            "call1",
            ("Event", "Call"),
            {
                "id": "call1",
                "name": "Call",
                "kind": "call",
                "date": "2024-04-16",
                "outcome": "answered",
                **src,
            },
        )
    )
    pg.add_node(
        Node(
            "call0",
            ("Event", "Call"),
            {
                "id": "call0",
                "name": "Call",
                "kind": "call",
                "date": "2023-02-10",
                "outcome": "declined",
                **src,
            },
        )
    )
    for ev in ("call0", "call1"):
        pg.add_relationship("OF_MECHANISM", ev, "dtl", src)
        pg.add_relationship("ATTENDED", "austin", ev, src)
        pg.add_relationship("ATTENDED", "dong", ev, src)
    return base_graph(pg)
