"""``ddgraph fmt``: one layout for graph files, comments, order and quotes kept, idempotent, atomic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph.cli import main
from ddgraph.dataset import load_dataset
from ddgraph.yamlwriter import format_text

GRAPH = Path(__file__).parent.parent / "graph"

#: A curated file as a hand edit leaves it: odd indentation, a comment, quotes, a flow mapping.
UNTIDY = """\
# Curator's note: the DTL date is disputed (kept both).
countries:
-   id: usa   # ISO code
    iso3: USA
    name: {en: "United States", vi: Hoa Kỳ}
    sources: [seed-tiny]
    evidence:
    - source: seed-tiny
      quote: 'Hai nước'
-   id: chn
    iso3: CHN
    name: {en: China}
    sources: [seed-tiny]
    evidence: [{source: seed-tiny, quote: Bộ trưởng Quốc phòng Trung Quốc}]
"""
TIDY = """\
# Curator's note: the DTL date is disputed (kept both).
countries:
  - id: usa   # ISO code
    iso3: USA
    name: {en: "United States", vi: Hoa Kỳ}
    sources: [seed-tiny]
    evidence:
      - source: seed-tiny
        quote: 'Hai nước'
  - id: chn
    iso3: CHN
    name: {en: China}
    sources: [seed-tiny]
    evidence: [{source: seed-tiny, quote: Bộ trưởng Quốc phòng Trung Quốc}]
"""


def test_an_untidy_file_gets_the_house_layout_and_keeps_its_comments_and_quotes() -> None:
    assert format_text(UNTIDY) == TIDY
    assert format_text(TIDY) == TIDY


@pytest.mark.parametrize("name", ["countries.yaml", "places.yaml", "organizations.yaml"])
def test_curated_files_come_back_byte_for_byte(name: str) -> None:
    text = (GRAPH / name).read_text(encoding="utf-8")
    assert format_text(text) == text


def test_fmt_check_lists_and_fmt_rewrites_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(Path(__file__).parent / "broken" / "_base", graph)
    (graph / "countries.yaml").write_text(UNTIDY.replace("usa   # ISO code", "usa"), encoding="utf-8")
    (graph / "countries.yaml").chmod(0o640)
    before = load_dataset(graph).kinds
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    check = runner.invoke(main, ["fmt", "--check", "graph"])
    assert (check.exit_code, check.output) == (1, "would reformat graph/countries.yaml\n")
    assert (graph / "countries.yaml").read_text(encoding="utf-8").startswith("# Curator's note")
    done = runner.invoke(main, ["fmt", "graph"])
    assert (done.exit_code, done.output) == (0, "reformatted graph/countries.yaml\n")
    assert (graph / "countries.yaml").stat().st_mode & 0o777 == 0o640
    assert load_dataset(graph).kinds == before  # the same records
    again = runner.invoke(main, ["fmt", "--check", "graph"])
    assert (again.exit_code, again.output) == (0, "")
    assert sorted(p.name for p in graph.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_a_file_that_is_not_yaml_is_one_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(Path(__file__).parent / "broken" / "_base", graph)
    (graph / "aaa.yaml").write_text(UNTIDY, encoding="utf-8")
    (graph / "zzz.yaml").write_text("events: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["fmt", "graph"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: graph/zzz.yaml: cannot be formatted: ")
    assert len(result.stderr.splitlines()) == 1
    assert (graph / "aaa.yaml").read_text(encoding="utf-8") == UNTIDY


def test_synthetic_files_are_already_in_the_house_layout(tmp_path: Path) -> None:
    """``synth`` writes its text directly (ruamel would take hours at a million records), so it must
    write exactly the layout of the one writer: ``fmt --check`` finds nothing to change."""
    from ddgraph.synth import SynthConfig, write_synthetic

    write_synthetic(tmp_path, SynthConfig(seed=3, countries=5, persons=20, mechanisms=10, events=40))
    files = sorted(tmp_path.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path.name
    result = CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 0, result.output
