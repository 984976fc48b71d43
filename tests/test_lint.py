"""`ddgraph lint`: each rule fires on its tiny dataset with the exact line, and not on its clean twin.

``tests/lint/_base/`` is a small dataset that validates and lints clean. ``tests/lint/<CODE>/fail/``
holds the files that replace or join it so that rule CODE fires, with ``expected.txt`` the exact
standard output of ``ddgraph lint graph``; ``tests/lint/<CODE>/pass/`` is the same situation done
right, which lints clean.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph.cli import main
from ddgraph.lint import RULES, id_date, select_rules, sole_title

LINT = Path(__file__).parent / "lint"
README = Path(__file__).parent.parent / "README.md"
CODES = [r.code for r in RULES]


def make_graph(tmp_path: Path, case: Path | None) -> Path:
    graph = tmp_path / "graph"
    shutil.copytree(LINT / "_base", graph)
    if case is not None:
        for f in case.iterdir():
            if f.name != "expected.txt":
                shutil.copy(f, graph / f.name)
    return graph


def lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["lint", "graph", *args])


def test_the_base_dataset_lints_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_graph(tmp_path, None)
    result = lint(tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    assert sorted(p.name for p in LINT.iterdir() if p.is_dir() and not p.name.startswith("_")) == sorted(
        CODES
    )
    for code in CODES:
        assert (LINT / code / "fail" / "expected.txt").read_text(encoding="utf-8").strip(), code
        assert any((LINT / code / "pass").glob("*.yaml")), code


@pytest.mark.parametrize("code", CODES)
def test_the_rule_fires_with_its_exact_line(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, LINT / code / "fail")
    result = lint(tmp_path, monkeypatch)
    expected = (LINT / code / "fail" / "expected.txt").read_text(encoding="utf-8")
    assert result.exit_code == 1
    assert result.stdout == expected
    assert all(line.split(" ")[1] == code for line in expected.splitlines())
    assert result.stderr == f"Found {len(expected.splitlines())} finding(s).\n"


@pytest.mark.parametrize("code", CODES)
def test_the_same_situation_done_right_lints_clean(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, LINT / code / "pass")
    result = lint(tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout) == (0, ""), result.output


def test_json_output_carries_path_line_code_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, LINT / "DD301" / "fail")
    result = lint(tmp_path, monkeypatch, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "graph/mechanisms.yaml",
            "line": 16,
            "code": "DD301",
            "message": "mechanism usa-chn-dtl lists usa twice (participants[0] and [2]) on the same dates",
        }
    ]


def test_select_and_ignore_take_codes_and_prefixes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_graph(tmp_path, LINT / "DD301" / "fail")
    assert lint(tmp_path, monkeypatch, "--ignore", "DD3").exit_code == 0
    assert lint(tmp_path, monkeypatch, "--select", "DD1,DD2").exit_code == 0
    assert lint(tmp_path, monkeypatch, "--select", "dd301").exit_code == 1
    assert [r.code for r in select_rules(["DD2"], ["DD202"])] == ["DD201", "DD203"]


def test_an_unknown_code_is_an_error_not_an_empty_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, None)
    result = lint(tmp_path, monkeypatch, "--select", "DD999")
    assert result.exit_code == 1
    assert result.stderr == "Error: --select DD999: no rule has this code (see ddgraph lint --rules)\n"


def test_an_invalid_dataset_is_reported_as_validate_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = make_graph(tmp_path, None)
    (graph / "bad.yaml").write_text("events:\n  - id: Bad Id\n")
    result = lint(tmp_path, monkeypatch)
    validated = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == validated.exit_code == 1 and result.stdout == ""
    assert result.stderr == validated.stderr
    assert "graph/bad.yaml:2: event Bad Id: id: must be a lowercase slug id" in result.stderr
    assert "Traceback" not in result.output


def test_rules_lists_every_rule_and_the_readme_documents_each() -> None:
    result = CliRunner().invoke(main, ["lint", "--rules"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == CODES
    readme = README.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(DD\d{3})` \| (.+?) \|", readme, flags=re.M)
    assert [code for code, _ in documented] == CODES
    for (code, text), rule in zip(documented, RULES, strict=True):
        assert rule.rationale in text, code


def test_helpers_read_dates_in_ids_and_single_holder_titles() -> None:
    assert id_date("austin-wei-meeting-2022-11-22").edtf == "2022-11-22"  # type: ignore[union-attr]
    assert id_date("usa-chn-mmca-2021-12").edtf == "2021-12"  # type: ignore[union-attr]
    assert id_date("docslib-tias-08-229-dtl") is None
    assert id_date("usa-chn-dpct-17") is None
    assert sole_title("Minister of National Defense") == "minister of national defense"
    assert sole_title("Vice Chairman of the Central Military Commission") is None
    assert sole_title("Minister of State for Defence") is None
