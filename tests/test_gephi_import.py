"""The GEXF export opened by its real consumer, Gephi (the Gephi Toolkit 0.10.1, Gephi's own importer).

`tests/gephi/` is a tiny Maven project (`ImportGexf.java`): it imports a file as Gephi's File > Open does
(the GEXF importer, then the default processor into a new workspace) and prints what Gephi made of it as
JSON. Maven resolves the toolkit from Maven Central (pinned in `tests/gephi/pom.xml`) on the first run.
Java and Maven are required: without them the test fails, it never skips, like the Neo4j tests in CI.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from ddgraph.cli import main

ROOT = Path(__file__).parent.parent
POM = ROOT / "tests" / "gephi" / "pom.xml"
TARGET = POM.parent / "target"


@pytest.fixture(scope="module")
def gephi_classpath() -> str:
    """Compile ImportGexf once per session (Maven downloads the toolkit the first time: up to minutes)."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the Gephi import test needs {' and '.join(missing)} on PATH (a JDK 11+ and Maven 3)")
    build = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(POM), "compile"], capture_output=True, text=True, timeout=1200
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return f"{TARGET / 'classes'}{os.pathsep}{(TARGET / 'classpath.txt').read_text().strip()}"


def gephi_import(classpath: str, gexf: Path) -> dict[str, Any]:
    run = subprocess.run(
        ["java", "-Djava.awt.headless=true", "-cp", classpath, "org.ddgraph.gephi.ImportGexf", str(gexf)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def export_gexf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> Path:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "channels.gexf"
    result = CliRunner().invoke(main, ["export", "--format", "gexf", *options, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def spell_days(G: nx.MultiGraph) -> list[str]:
    """Every finite day bounding a spell of the file, as networkx reads it."""
    days = []
    for _, _, data in G.edges(data=True):
        for start, end in data.get("spells", ()):
            days += [d for d in (start, end) if d not in (None, "None")]
    return days


@pytest.mark.parametrize("options", [(), ("--officials",)], ids=["channels", "with-officials"])
def test_gephi_imports_the_gexf_without_problems_and_keeps_every_channel_and_spell(
    gephi_classpath: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]
) -> None:
    gexf = export_gexf(tmp_path, monkeypatch, *options)
    gephi = gephi_import(gephi_classpath, gexf)
    problems = [i for i in gephi["issues"] if i["level"] in ("SEVERE", "CRITICAL")]
    warnings = [i["message"] for i in gephi["issues"] if i["level"] == "WARNING"]
    assert not problems and not warnings, f"{len(warnings)} warning(s), first: {warnings[:5]}; {problems[:5]}"

    back = nx.read_gexf(gexf)
    assert (gephi["nodes"], gephi["edges"]) == (back.number_of_nodes(), back.number_of_edges())
    assert gephi["dynamic"] and gephi["time_representation"] == "INTERVAL"
    days = spell_days(back)
    assert (gephi["time_min"], gephi["time_max"]) == (min(days), max(days))
    several = sum(1 for _, _, d in back.edges(data=True) if len(d.get("spells", ())) > 1)
    assert gephi["edges_with_several_intervals"] == several


def test_gephi_shows_the_suspended_us_china_talks_as_separate_spells(
    gephi_classpath: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gephi = gephi_import(gephi_classpath, export_gexf(tmp_path, monkeypatch))
    dpct = gephi["several_intervals"]["usa-chn-dpct:chn-usa"]
    assert len(dpct) > 1
    ends = [end for _, end in dpct]
    starts = [start for start, _ in dpct]
    # open until the day before the 5 Aug 2022 suspension, open again after the Nov 2023 summit
    assert "2022-08-04" in ends and any(start >= "2023-11-15" for start in starts)
    assert all(dt.date.fromisoformat(s) <= dt.date.fromisoformat(e) for s, e in dpct if e is not None)
