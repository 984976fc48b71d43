"""Each export against its real consumer: neo4j-admin database import, APOC's apoc.import.json.

The exports of the real dataset go into a real Neo4j through the consumer's own path, and ddgraph
reads back exactly the graph it exported (the same bytes as the file export).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ddgraph import load_dataset
from ddgraph.cypher_library import cypher_dir
from ddgraph.export import ARRAY_DELIMITER, ExportError, all_node_labels, to_jsonl, write_csv
from ddgraph.graph import DATE_KEYS, NODE_LABELS, REL_TYPES, Node, PropertyGraph, to_property_graph
from servers import own_server_env

ROOT = Path(__file__).parent.parent
GRAPH = ROOT / "graph"


@pytest.fixture(scope="module")
def real_graph() -> PropertyGraph:
    return to_property_graph(load_dataset(GRAPH))


def statements(path: Path) -> list[str]:
    body = "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("//")
    )
    return [s.strip() for s in body.split(";") if s.strip()]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["ddgraph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=600,
    )


# ------------------------------------------------------------------------------------- APOC JSON
def test_the_apoc_import_file_covers_every_label_and_date_of_the_model() -> None:
    text = (cypher_dir() / "imports" / "apoc_import_json.cypher").read_text(encoding="utf-8")
    constrained = re.findall(
        r"^CREATE CONSTRAINT IF NOT EXISTS FOR \(n:(\w+)\) REQUIRE n.id IS UNIQUE;$", text, re.M
    )
    assert constrained == all_node_labels()
    mapped = dict(re.findall(r"^    (\w+): \{([^}]*)\}", text, re.M))
    assert set(mapped) == set(NODE_LABELS) | set(REL_TYPES)
    for name, mapping in mapped.items():
        assert dict(re.findall(r"(\w+): '(\w+)'", mapping)) == {k: "LocalDate" for k in DATE_KEYS}, name


@pytest.mark.neo4j
def test_apoc_import_json_of_the_jsonl_export_reads_back_the_same_graph(
    neo4j_driver: Any, neo4j_env: dict[str, str], real_graph: PropertyGraph
) -> None:
    from ddgraph.neo4j_store import clear, read_graph

    clear(neo4j_driver)
    data = to_jsonl(real_graph).encode("utf-8")
    with neo4j_driver.session() as session:
        for statement in statements(cypher_dir() / "imports" / "apoc_import_json.cypher"):
            session.run(statement, source=data, compression="NONE").consume()
        kinds = session.run("MATCH (s:StatusChange) RETURN collect(DISTINCT valueType(s.from)) AS k").single(
            strict=True
        )["k"]
    assert kinds == ["DATE NOT NULL"]  # native dates, so `s.from <= date($asOf)` works
    back = read_graph(neo4j_driver)
    assert to_jsonl(back) == to_jsonl(real_graph)
    embedded = cli("channels", "USA", "CHN", "--as-of", "2024-03-31", "--format", "json")
    from_db = cli(
        "channels", "USA", "CHN", "--as-of", "2024-03-31", "--format", "json", "--neo4j", env=neo4j_env
    )
    assert embedded.returncode == from_db.returncode == 0, from_db.stderr
    assert json.loads(from_db.stdout) == json.loads(embedded.stdout)
    assert json.loads(embedded.stdout)["channels"]


def test_jsonl_relationships_carry_their_id_as_apoc_needs(real_graph: PropertyGraph) -> None:
    rels = [
        json.loads(line) for line in to_jsonl(real_graph).splitlines() if '"type": "relationship"' in line
    ]
    assert rels and all(r["properties"]["id"] == r["id"] for r in rels)


# ---------------------------------------------------------------------------------- neo4j-admin CSV
def test_csv_lists_keep_a_semicolon_inside_an_item_apart_from_two_items(tmp_path: Path) -> None:
    def export(aliases: list[str]) -> str:
        g = PropertyGraph()
        g.add_node(Node("usa", ("Country",), {"id": "usa", "aliases_en": aliases, "sources": ["s"]}))
        out = tmp_path / "-".join(aliases).replace(";", "_")
        write_csv(g, out)
        return (out / "nodes_Country.csv").read_text(encoding="utf-8")

    one, two = export(["A;B"]), export(["A", "B"])
    assert one != two
    assert f"A{ARRAY_DELIMITER}B" in two and "A;B" in one


def test_csv_refuses_a_list_item_holding_the_array_delimiter(tmp_path: Path) -> None:
    g = PropertyGraph()
    g.add_node(
        Node("usa", ("Country",), {"id": "usa", "aliases_en": [f"A{ARRAY_DELIMITER}B"], "sources": ["s"]})
    )
    with pytest.raises(ExportError, match="node usa aliases_en: a list item holds the array delimiter"):
        write_csv(g, tmp_path / "out")


def _neo4j_jars() -> Path:
    home = os.environ.get("DDGRAPH_NEO4J_HOME")
    lib = Path(home) / "lib" if home else ROOT / ".neo4j-local" / "lib"
    if not (lib / ".pom-sha256").is_file() or shutil.which("java") is None:
        reason = f"no resolved Neo4j jars in {lib} (scripts/neo4j-local start resolves them) or no java"
        if os.environ.get("DDGRAPH_REQUIRE_NEO4J") == "1":
            pytest.fail(f"DDGRAPH_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return lib


@pytest.mark.neo4j
def test_neo4j_admin_import_of_the_csv_export_reads_back_the_same_bytes(
    tmp_path: Path, real_graph: PropertyGraph
) -> None:
    lib = _neo4j_jars()
    home = tmp_path / "neo4j"
    (home / "conf").mkdir(parents=True)
    for folder in ("lib", "plugins", "lib-ext"):  # the jars already resolved for the test server
        if (lib.parent / folder).exists():
            (home / folder).symlink_to(lib.parent / folder)
    (home / "conf" / "neo4j.conf").write_text(f"server.directories.data={home / 'data'}\n")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    admin = bindir / "neo4j-admin"  # what bin/neo4j-admin of a tarball runs
    admin.write_text(f'#!/bin/sh\nexec java -Xmx512m -cp "{lib}/*" org.neo4j.cli.AdminTool "$@"\n')
    admin.chmod(0o755)
    csv_dir = tmp_path / "csv"
    write_csv(real_graph, csv_dir)
    env = {
        **os.environ,
        "PATH": f"{bindir}:{os.environ['PATH']}",
        "NEO4J_HOME": str(home),
        "NEO4J_CONF": str(home / "conf"),
    }
    done = subprocess.run(
        ["sh", str(csv_dir / "import.sh")], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert f"{len(real_graph.nodes)} nodes" in done.stdout
    assert f"{len(real_graph.relationships)} relationships" in done.stdout

    server = own_server_env(home)
    started = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "start"],
        capture_output=True,
        text=True,
        env={**os.environ, **server},
        timeout=400,
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        db = {**server, "NEO4J_USER": "neo4j", "NEO4J_DATABASE": "neo4j"}
        exported = cli("export", "--from-neo4j", "--format", "jsonl", env=db)
        assert exported.returncode == 0, exported.stderr
        assert exported.stdout == to_jsonl(real_graph)
        loaded = cli("load", env=db)  # applies the schema; the imported graph is already the files' graph
        assert loaded.returncode == 0, loaded.stderr
        assert ": 0 changes" in loaded.stdout
    finally:
        subprocess.run(
            [str(ROOT / "scripts" / "neo4j-local"), "stop"],
            capture_output=True,
            env={**os.environ, **server},
            timeout=120,
        )
