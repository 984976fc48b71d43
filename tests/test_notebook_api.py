"""The notebook API answers as the CLI does, with real dates; the notebook in docs/ runs end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import ddgraph
from ddgraph.cli import main
from ddgraph.errors import DdgraphError

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def g() -> ddgraph.Graph:
    return ddgraph.open(ROOT / "graph")


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--data-dir", str(ROOT / "graph")])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def as_json(df) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return json.loads(df.to_json(orient="records", date_format="iso", default_handler=str))


def test_channels_are_the_cli_answer_with_real_dates(g: ddgraph.Graph) -> None:
    df = g.channels("USA", "China", as_of="2024-03-31")
    answer = cli_json("channels", "usa", "chn", "--as-of", "2024-03-31")
    assert list(df["mechanism"]) == [r["mechanism"] for r in answer["channels"]]  # type: ignore[index]
    assert list(df["status"]) == [r["status"] for r in answer["channels"]]  # type: ignore[index]
    assert all(isinstance(d, dt.date) for d in df["since"])
    assert [d.isoformat() for d in df["since"]] == [r["since"] for r in answer["channels"]]  # type: ignore[index]


def test_paths_dark_periods_and_centrality_are_the_cli_answers(g: ddgraph.Graph) -> None:
    fail = ["admm-plus", "usa-chn-dtl", "usa-chn-leaders-hotline"]
    routes = g.paths("USA", "CHN", "2023-06-01", track="1", fail=fail)
    cli = cli_json(
        "paths", "USA", "CHN", "--as-of", "2023-06-01", "--track", "1", *[f"--fail={f}" for f in fail]
    )
    assert [r["countries"] for r in cli["routes"]] == [r.split(" > ") for r in routes["route"]]  # type: ignore[index]
    dark = g.dark_periods("USA", "CHN", start="2000", kinds=["military_talks"])
    cli_dark = cli_json(
        "timeline", "USA", "CHN", "--from", "2000", "--dark-periods", "--kind", "military_talks"
    )
    assert [d.isoformat() for d in dark["start"]] == [d["start"] for d in cli_dark]  # type: ignore[union-attr]
    assert list(dark.columns)[:3] == ["start", "end", "duration_days"]
    top = g.centrality("2024-07-28", exclude_kinds=["multilateral_forum"])
    cli_top = cli_json(
        "report", "centrality", "--as-of", "2024-07-28", "--exclude-kind", "multilateral_forum"
    )
    shown = [r["node"] for r in cli_top]  # type: ignore[union-attr]  # the CLI shows the top rows
    assert list(top["node"])[: len(shown)] == shown
    assert top.loc[0, "date"] == dt.date(2024, 7, 28)


def test_a_mistake_is_one_library_error(g: ddgraph.Graph) -> None:
    with pytest.raises(DdgraphError, match="unknown country 'Atlantis'"):
        g.channels("USA", "Atlantis", as_of="2024-03-31")
    with pytest.raises(DdgraphError):
        g.channels("USA", "usa", as_of="2024-03-31")


def test_the_notebook_in_docs_runs(tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "docs" / "ddgraph.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "docs")}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 4  # the DataFrames rendered
