"""The model: EDTF dates keep their precision, and records enforce their own constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from ddgraph.model import Country, Mechanism, Precision, Source, parse_date


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2025-10-31", dt.date(2025, 10, 31), dt.date(2025, 10, 31), Precision.DAY),
        ("2023-03", dt.date(2023, 3, 1), dt.date(2023, 3, 31), Precision.MONTH),
        ("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31), Precision.YEAR),
        ("2007-41", dt.date(2007, 7, 1), dt.date(2007, 12, 31), Precision.SEASON),  # "late 2007"
        ("2021~", dt.date(2021, 1, 1), dt.date(2021, 12, 31), Precision.YEAR),
        ("2021-03-18/2021-03-19", dt.date(2021, 3, 18), dt.date(2021, 3, 19), Precision.INTERVAL),
        ("2024-01/..", dt.date(2024, 1, 1), None, Precision.INTERVAL),
    ],
)
def test_dates_keep_their_bounds_and_precision(text, earliest, latest, precision) -> None:
    d = parse_date(text)
    assert (d.earliest, d.latest, d.precision, d.edtf) == (earliest, latest, precision, text)


def test_approximate_and_uncertain_are_kept() -> None:
    assert parse_date("2021~").approximate and not parse_date("2021~").uncertain
    assert parse_date("2023-03?").uncertain


@pytest.mark.parametrize("bad", ["2023-13", "March 2023", "2023-02-30", "", "2024-05/2023-01"])
def test_malformed_dates_are_refused_with_a_readable_message(bad: str) -> None:
    with pytest.raises(ValueError, match="EDTF|interval|date"):
        parse_date(bad)


def test_a_country_is_its_iso_code() -> None:
    c = Country.model_validate({"id": "sgp", "iso3": "SGP", "name": {"en": "Singapore"}, "sources": ["s"]})
    assert c.name.best() == "Singapore"
    with pytest.raises(ValidationError, match="unknown ISO 3166"):
        Country.model_validate({"id": "xxa", "iso3": "XXA", "name": {"en": "X"}, "sources": ["s"]})


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Source.model_validate(
            {"id": "s", "publisher": "P", "title": "T", "language": "en", "seed": "a.txt", "colour": "red"}
        )


def test_a_source_needs_a_verified_url_or_a_seed() -> None:
    with pytest.raises(ValidationError, match="verified url or a seed"):
        Source.model_validate({"id": "s", "publisher": "P", "title": "T", "language": "en"})
    ok = Source.model_validate(
        {
            "id": "s",
            "publisher": "P",
            "title": "T",
            "language": "en",
            "url": "https://www.reuters.com/x",
            "verified": True,
        }
    )
    assert str(ok.url) == "https://www.reuters.com/x"


def test_a_mechanism_declares_kind_track_and_level() -> None:
    m = Mechanism.model_validate(
        {
            "id": "usa-chn-dtl",
            "name": {"en": "Defense Telephone Link"},
            "kind": "hotline",
            "track": "1",
            "level": "ministerial",
            "sources": ["s"],
            "participants": [{"party": "usa", "sources": ["s"]}, {"party": "chn", "sources": ["s"]}],
            "status": [{"status": "agreed", "date": "2007-41", "sources": ["s"]}],
        }
    )
    assert (m.kind.value, m.track.value, m.level.value) == ("hotline", "1", "ministerial")
    assert m.status[0].date.precision is Precision.SEASON
    with pytest.raises(ValidationError, match="track"):
        Mechanism.model_validate({**m.model_dump(by_alias=True), "track": "3"})


def test_references_are_declared_once_in_the_model_and_become_the_relationship_types() -> None:
    """The checker and to_property_graph read the model's Ref declarations: they name real kinds, and
    every relationship type but a mechanism's own HAS_STATUS comes from one."""
    from pydantic import BaseModel

    from ddgraph import model as m
    from ddgraph.graph import REL_TYPES

    models = [v for v in vars(m).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    declared = {
        (model.__name__, name): ref
        for model in models
        for name in model.model_fields
        if (ref := m.ref_of(model, name)) is not None
    }
    assert {r.rel for r in declared.values()} | {"HAS_STATUS"} == set(REL_TYPES)
    assert all(set(r.kinds) <= set(m.KINDS) for r in declared.values())
    assert declared[("Event", "caused_by")].kinds == ("events",)
    assert declared[("Participation", "party")].kinds == ("countries", "organizations")
