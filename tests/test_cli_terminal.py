"""The CLI as people run it: tables that fit the terminal, the dataset found from any directory, progress
bars on a terminal only, shell completion of the dataset's ids."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ddgraph.cli import main
from ddgraph.cypher_library import load_query, query_names

ROOT = Path(__file__).parent.parent
GRAPH = ROOT / "graph"


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner(env=env).invoke(main, list(args))


def _tokens(text: str) -> set[str]:
    return set(re.split(r"[\s│┃;]+", text))


# ------------------------------------------------------------------------------------- table width
@pytest.mark.parametrize("columns", [60, 200])
def test_tables_follow_columns_and_never_break_an_id(columns: int) -> None:
    env = {"COLUMNS": str(columns)}
    day = ["--as-of", "2024-03-31"]
    answer = json.loads(invoke("channels", "USA", "CHN", *day, "--format", "json").output)
    ids = {c["mechanism"] for c in answer["channels"]} | {s for c in answer["channels"] for s in c["sources"]}
    table = invoke("channels", "USA", "CHN", *day, "--format", "table", env=env)
    assert table.exit_code == 0, table.output
    assert max(len(line) for line in table.output.splitlines()) <= columns
    assert ids <= _tokens(table.output)  # every mechanism and source id whole on one line

    listing = invoke("query", "--list", "--format", "table", env=env)
    assert listing.exit_code == 0
    assert max(len(line) for line in listing.output.splitlines()) <= columns
    assert set(query_names()) <= _tokens(listing.output)


def test_a_wide_terminal_gets_a_table_and_a_narrow_one_a_block_per_row() -> None:
    wide = invoke("query", "--list", "--format", "table", env={"COLUMNS": "200"}).output
    narrow = invoke("query", "--list", "--format", "table", env={"COLUMNS": "60"}).output
    assert wide.startswith("┏") and "│ channels_between " in wide
    assert narrow.splitlines()[:2] == [
        "name:    alternative_routes",
        "purpose: Indirect routes between two countries through third",
    ]
    # the widest line of the 200-column table is wider than 60: the table used the room it had
    assert 60 < max(len(line) for line in wide.splitlines()) <= 200


# ----------------------------------------------------------------------------- dataset from anywhere
def _ddgraph(*args: str, cwd: Path, env: dict[str, str] | None = None, **kw: Any) -> Any:
    environ = {k: v for k, v in os.environ.items() if k not in ("DDGRAPH_DATA", "COLUMNS")}
    return subprocess.run(
        [sys.executable, "-m", "ddgraph", *args],
        cwd=cwd,
        env={**environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        **kw,
    )


def test_outside_the_checkout_the_packaged_dataset_answers(tmp_path: Path) -> None:
    day = ["--as-of", "2024-03-31", "--format", "csv"]
    here = _ddgraph("channels", "USA", "China", *day, cwd=tmp_path)
    assert (here.returncode, here.stderr) == (0, "")
    in_checkout = invoke("channels", "USA", "China", *day, "--data-dir", str(GRAPH))
    assert here.stdout == in_checkout.output and "usa-chn-dtl,US-China Defense Telephone Link" in here.stdout


def test_a_command_ends_its_process_at_once_with_its_whole_output_and_its_status(tmp_path: Path) -> None:
    """The console entry ends the process without tearing the interpreter down (os._exit, after a
    flush): everything the command wrote still reaches the pipe or the file, in full, with its status;
    an error keeps its one line and status 1, a usage error status 2."""
    export = _ddgraph("export", str(GRAPH), "--format", "jsonl", cwd=tmp_path)
    in_process = invoke("export", str(GRAPH), "--format", "jsonl")
    assert (export.returncode, export.stderr) == (0, "")
    assert export.stdout == in_process.output and export.stdout.count("\n") > 5_000
    into_file = _ddgraph(
        "export", str(GRAPH), "--format", "jsonl", "-o", str(tmp_path / "g.jsonl"), cwd=tmp_path
    )
    assert into_file.returncode == 0 and (tmp_path / "g.jsonl").read_text(encoding="utf-8") == export.stdout
    missing = _ddgraph("validate", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert (
        missing.returncode == 1 and missing.stderr.startswith("Error: ") and missing.stderr.count("\n") == 1
    )
    assert _ddgraph("no-such-command", cwd=tmp_path).returncode == 2


def test_ddgraph_data_names_the_dataset_and_a_missing_one_says_how_to_point_at_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tiny = Path(__file__).parent / "data" / "neo4j_tiny"
    named = invoke("validate", env={"DDGRAPH_DATA": str(tiny)})
    assert named.exit_code == 0 and named.output.startswith(f"{tiny}: valid: ")
    nowhere = tmp_path / "nowhere"
    gone = invoke("channels", "USA", "China", "--as-of", "2024-03-31", env={"DDGRAPH_DATA": str(nowhere)})
    assert (gone.exit_code, gone.output) == (
        1,
        f"Error: DDGRAPH_DATA={nowhere} is not a directory (point it at a dataset folder such as graph/)\n",
    )
    typo = invoke("validate", "grahp")
    assert (typo.exit_code, typo.output) == (
        1,
        "Error: grahp: no such directory (name a dataset folder such as graph/ or set DDGRAPH_DATA)\n",
    )


def test_an_installation_without_a_dataset_says_how_to_point_at_one(tmp_path: Path, monkeypatch) -> None:
    from ddgraph import datadir
    from ddgraph.errors import NoDataset

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DDGRAPH_DATA", raising=False)
    monkeypatch.setattr(datadir, "packaged_dataset", lambda: None)
    with pytest.raises(NoDataset) as e:
        datadir.dataset_dir()
    assert str(e.value) == (
        "no dataset: no graph/ folder here and this installation has no packaged dataset; name one "
        "(DATA_DIR or --data-dir) or set DDGRAPH_DATA=/path/to/graph"
    )


@pytest.mark.slow
def test_the_wheel_carries_the_dataset_and_answers_from_it(tmp_path: Path) -> None:
    """A built wheel holds every file of graph/ and cypher/; unpacked alone it answers from anywhere."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("ddgraph-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(tmp_path / "site")
    wanted = {f"ddgraph/data/{p.relative_to(GRAPH).as_posix()}" for p in GRAPH.rglob("*") if p.is_file()}
    wanted |= {
        f"ddgraph/cypher/{p.relative_to(ROOT / 'cypher').as_posix()}"
        for p in (ROOT / "cypher").rglob("*.cypher")
    }
    assert wanted <= names and "ddgraph/data/countries.yaml" in wanted
    env = {"PYTHONPATH": str(tmp_path / "site")}
    where = _ddgraph("--version", cwd=tmp_path, env=env)
    found = subprocess.run(
        [sys.executable, "-c", "import ddgraph; print(ddgraph.__file__)"],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.startswith(str(tmp_path / "site")), (
        found.stdout
    )  # the unpacked wheel, not the checkout
    answer = _ddgraph(
        "channels", "USA", "China", "--as-of", "2024-03-31", "--format", "csv", cwd=tmp_path, env=env
    )
    assert (where.returncode, answer.returncode, answer.stderr) == (0, 0, "")
    assert (
        answer.stdout
        == _ddgraph("channels", "USA", "China", "--as-of", "2024-03-31", "--format", "csv", cwd=ROOT).stdout
    )


# ------------------------------------------------------------------------------------ completion
def _complete(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    from click.shell_completion import ShellComplete

    completer = ShellComplete(main, {}, "ddgraph", "_DDGRAPH_COMPLETE")
    return [(item.value, item.help) for item in completer.get_completions(args, incomplete)]


def test_completion_offers_country_ids_and_iso_codes(real_dataset) -> None:
    ids = sorted(real_dataset.countries)
    assert [v for v, _ in _complete(["channels"], "")] == ids
    assert _complete(["channels"], "ch") == [("chl", "Chile"), ("chn", "China")]
    assert _complete(["channels", "usa"], "Chn") == [("CHN", "China")]  # a capital: the ISO codes
    assert [v for v, _ in _complete(["paths"], "U")] == sorted(
        c.iso3 for c in real_dataset.countries.values() if c.iso3.startswith("U")
    )
    assert _complete(["timeline", "--country"], "sg") == [("sgp", "Singapore")]


def test_completion_offers_mechanism_ids_and_query_names(real_dataset) -> None:
    dtl = [
        (m, real_dataset.mechanisms[m].name.en)
        for m in sorted(real_dataset.mechanisms)
        if m.startswith("usa-chn-d")
    ]
    assert (
        _complete(["paths", "USA", "CHN", "--fail"], "usa-chn-d") == dtl
        and ("usa-chn-dtl", "US-China Defense Telephone Link") in dtl
    )
    assert [v for v, _ in _complete(["query"], "")] == query_names()
    assert _complete(["query"], "channels_") == [
        (
            "channels_between",
            load_query("channels_between").purpose,
        )
    ]


def test_completion_reads_the_dataset_the_command_would_read(tmp_path: Path) -> None:
    tiny = Path(__file__).parent / "data" / "neo4j_tiny"
    assert [v for v, _ in _complete(["channels", "--data-dir", str(tiny)], "")] == ["chn", "sgp", "usa"]
    assert _complete(["channels", "--data-dir", str(tmp_path / "none")], "") == []  # nothing, never an error


def test_the_shell_protocol_completes_through_the_environment_variable(tmp_path: Path) -> None:
    """What bash runs on TAB once `eval "$(_DDGRAPH_COMPLETE=bash_source ddgraph)"` is in ~/.bashrc."""
    source = _ddgraph(cwd=tmp_path, env={"_DDGRAPH_COMPLETE": "bash_source"})
    assert source.returncode == 0 and "complete -o nosort -F _ddgraph_completion ddgraph" in source.stdout
    tab = _ddgraph(
        cwd=tmp_path,
        env={
            "_DDGRAPH_COMPLETE": "bash_complete",
            "COMP_WORDS": "ddgraph channels USA Ch",
            "COMP_CWORD": "3",
        },
    )
    assert (tab.returncode, tab.stdout) == (0, "plain,CHL\nplain,CHN\n")


# ----------------------------------------------------------------------------------- progress bars
def _on_a_terminal(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ddgraph with standard error on a pseudo-terminal: (exit code, stdout, what the terminal showed)."""
    import pty
    import tempfile

    leader, follower = pty.openpty()
    environ = {**os.environ, "COLUMNS": "100", **(env or {})}
    out_file = tempfile.TemporaryFile()  # not a pipe: a full pipe would block the child while we read
    proc = subprocess.Popen(
        [sys.executable, "-m", "ddgraph", *args], cwd=cwd, env=environ, stdout=out_file, stderr=follower
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    code = proc.wait(timeout=300)
    out_file.seek(0)
    with out_file:
        return code, out_file.read().decode(), shown.decode(errors="replace")


SERIES = ["report", "centrality", "--from", "2020", "--to", "2024", "--step", "1y", "--format", "csv"]


def test_long_jobs_show_a_progress_bar_on_a_terminal() -> None:
    code, out, shown = _on_a_terminal("validate", str(GRAPH))
    assert code == 0 and out.startswith(f"{GRAPH}: valid: ")
    assert "validating" in shown and "100%" in shown
    code, out, shown = _on_a_terminal(*SERIES, "--data-dir", str(GRAPH))
    assert code == 0 and out.startswith("date,node,name,")
    assert "centrality, 5 days" in shown and "100%" in shown


def test_without_a_terminal_there_is_no_progress_noise() -> None:
    validated = invoke("validate", str(GRAPH))
    assert validated.exit_code == 0 and validated.stderr == ""
    series = invoke(*SERIES, "--data-dir", str(GRAPH))
    assert series.exit_code == 0 and series.stderr == ""
    assert series.stdout == _on_a_terminal(*SERIES, "--data-dir", str(GRAPH))[1]  # the same answer


@pytest.mark.neo4j
def test_load_shows_a_progress_bar_on_a_terminal_only(neo4j_driver, neo4j_env, tiny_dir) -> None:
    code, out, shown = _on_a_terminal("load", str(tiny_dir), env=neo4j_env)
    assert code == 0 and out.startswith(f"loaded {tiny_dir.as_posix()}/: ")
    assert "loading" in shown and "100%" in shown
    again = invoke("load", str(tiny_dir))
    assert (again.exit_code, again.stderr) == (0, "")


# ------------------------------------------------------------------------------------------ start-up
def _fresh_cli(args: list[str], after: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``ddgraph ARGS`` through its console entry in a fresh interpreter (up to its exit, which ends
    the process at once), with no NEO4J_* variable but ``env``; then the Python of ``after``, which
    sees ``code`` (the exit code) and ``sys``."""
    script = (
        "import sys\n"
        "from ddgraph.cli import run_status\n"
        f"sys.argv = ['ddgraph', *{args!r}]\n"
        "code = run_status()\n"
    ) + after
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**clean, **env}, cwd=ROOT
    )


def test_a_command_that_never_talks_to_neo4j_does_not_import_its_driver() -> None:
    """Importing the Neo4j driver is most of a second of every command's start-up: only the commands
    that talk to a server pay it (validate, the analyses on the files, the reports do not)."""
    proc = _fresh_cli(
        ["channels", "USA", "CHN", "--as-of", "2024-03-31", "--format", "json"],
        "assert not code, code\nprint('driver imported:', 'neo4j' in sys.modules, file=sys.stderr)\n",
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["channels"], proc.stdout[:200]
    assert proc.stderr.strip().endswith("driver imported: False"), proc.stderr


def test_a_command_that_talks_to_neo4j_imports_its_driver_without_pandas_and_pyarrow() -> None:
    """The driver imports pandas and pyarrow, when installed, for features the command line never
    uses (0.4 s of every load): `ddgraph` hides them from that probe only. The command still works
    (here: it validates the files, then says the server cannot be reached) and any other import of
    pandas in the process gets it."""
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    after = (
        "seen = [m in sys.modules for m in ('neo4j', 'pandas', 'pyarrow')]\n"
        "import neo4j._optional_deps as deps\n"
        "import pandas\n"
        "print('exit', code, 'imported', seen, 'driver sees pandas', deps.pd is not None,\n"
        "      'pandas', pandas.__name__, file=sys.stderr)\n"
    )
    proc = _fresh_cli(
        ["load", "graph"], after, NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD="not-a-server-1"
    )
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2, proc.stderr
    assert lines[0].startswith("Error: ") and f"127.0.0.1:{port}" in lines[0], lines[0]
    expected = "exit 1 imported [True, False, False] driver sees pandas False pandas pandas"
    assert lines[1] == expected, lines[1]
