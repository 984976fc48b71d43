"""The synthetic dataset generator, and the loader's fast paths that its datasets exercise."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph import dataset as dataset_mod
from ddgraph import model as m
from ddgraph.cli import main
from ddgraph.dataset import load_dataset
from ddgraph.graph import to_property_graph
from ddgraph.synth import SEED_FILE, SynthConfig, SynthError, write_synthetic

TINY = SynthConfig(seed=7, countries=6, persons=30, mechanisms=20, events=120)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("synth") / "data"
    return out, write_synthetic(out, TINY)


def test_tiny_dataset_is_valid_and_counted(tiny: tuple[Path, dict[str, int]]) -> None:
    out, counts = tiny
    ds = load_dataset(out)
    assert {k: len(v) for k, v in ds.kinds.items()} == counts
    assert counts == {
        "sources": 8,
        "countries": 6,
        "places": 6,
        "organizations": 24,
        "persons": 30,
        "mechanisms": 20,
        "events": 120,
    }


def test_sources_are_marked_synthetic_and_quote_the_generated_seed(tiny: tuple[Path, dict[str, int]]) -> None:
    out, _ = tiny
    ds = load_dataset(out)
    assert (out / "seeds" / SEED_FILE).read_text(encoding="utf-8").startswith("SYNTHETIC TEXT")
    for src in ds.sources.values():
        assert "SYNTHETIC" in src.title
        assert src.url is None and src.seed == SEED_FILE


def test_histories_have_suspensions_and_resumptions(tiny: tuple[Path, dict[str, int]]) -> None:
    ds = load_dataset(tiny[0])
    statuses = {e.status for mech in ds.mechanisms.values() for e in mech.status}
    assert {m.Status.PROPOSED, m.Status.ACTIVE, m.Status.SUSPENDED, m.Status.RESUMED} <= statuses
    assert any(p.offices for p in ds.persons.values())
    assert any(ev.attendees for ev in ds.events.values())


def test_same_seed_same_files(tmp_path: Path) -> None:
    write_synthetic(tmp_path / "a", TINY)
    write_synthetic(tmp_path / "b", TINY)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) > 5
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("events: []\n")
    with pytest.raises(SynthError, match="not empty"):
        write_synthetic(tmp_path, TINY)


def test_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "synth",
            str(tmp_path / "d"),
            "--seed",
            "1",
            "--countries",
            "3",
            "--persons",
            "10",
            "--mechanisms",
            "5",
            "--events",
            "10",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{tmp_path / 'd'}: wrote 51 synthetic records (8 sources, 3 countries, "
        "3 places, 12 organizations, 10 persons, 5 mechanisms, 10 events)\n"
    )
    again = CliRunner().invoke(main, ["synth", str(tmp_path / "d")])
    assert again.exit_code == 1 and "not empty" in again.output
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "d")]).exit_code == 0


def test_fast_path_gives_the_reference_records(
    tiny: tuple[Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clean-file fast path and the record-by-record reference path build the same dataset."""
    fast = load_dataset(tiny[0])
    monkeypatch.setattr(dataset_mod, "_parse_clean_file", lambda *a: False)
    slow = load_dataset(tiny[0])
    assert fast.kinds == slow.kinds
    assert fast.origin == slow.origin


GRAPH = Path(__file__).resolve().parents[1] / "graph"


def test_plain_dates_parse_as_edtf_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """``parse_date`` skips the edtf grammar for YYYY[-MM[-DD]]; results and errors must not change."""
    texts = {
        " 2024 ",
        "0000",
        "0001",
        "9999",
        "9999-12",
        "9999-12-31",
        "2023-00",
        "2023-13",
        "2023-21",
        "2024-02",
        "2023-02",
        "1900-02",
        "2023-02-29",
        "2024-02-29",
        "2023-04-31",
        "2023-01-00",
        "2023-1",
        "٢٠٢٣",
        "2023~",
        "2021-03-18/2021-03-19",
    }

    def parse(text: str) -> object:
        try:
            return m.parse_date.__wrapped__(text)  # type: ignore[attr-defined]
        except ValueError as e:
            return str(e)

    # intervals of two of them, either way round, of every precision, and every interval of graph/
    ends = sorted(t.strip() for t in texts if "/" not in t) + ["2023-03-05", "2021", "2024-12"]
    texts |= {f"{a}/{b}" for a in ends for b in ends}
    texts |= {"2023/2024/2025", "2023 /2024", "2023/", "/2023", "2023/..", "2023/2024~", "2021-03-18/"}
    graph = to_property_graph(load_dataset(GRAPH))
    elements = [*graph.nodes.values(), *graph.relationships.values()]
    texts |= {v for e in elements for k, v in e.props.items() if k.endswith("_edtf") and "/" in v}
    fast = {t: parse(t) for t in texts}
    monkeypatch.setattr(m, "_plain_bounds", lambda text: None)
    assert fast == {t: parse(t) for t in texts}
    intervals = [v for v in fast.values() if isinstance(v, m.DateValue) and v.precision == "interval"]
    assert len(intervals) > 100
