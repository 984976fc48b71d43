"""Every broken-input case under tests/broken/ gives exactly its expected problem list and exit 1.

Each case folder holds the files that replace or join the small valid dataset in tests/broken/_base/;
``expected.txt`` is the exact standard error of ``ddgraph validate graph``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph.cli import main

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))


def make_graph(tmp_path: Path, case: str | None) -> Path:
    graph = tmp_path / "graph"
    shutil.copytree(BROKEN / "_base", graph)
    if case:
        for f in (BROKEN / case).iterdir():
            if f.name != "expected.txt":
                shutil.copy(f, graph / f.name)
    return graph


def test_the_base_dataset_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_graph(tmp_path, None)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "graph: valid: 7 records in 6 files (1 sources, 2 countries, 0 places, 1 organizations, "
        "1 persons, 1 mechanisms, 1 events)\n"
    )


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_broken_input_gives_its_exact_message(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    assert result.exit_code == 1
    assert result.stderr == expected
    assert "Traceback" not in result.output
    assert result.stdout == ""
