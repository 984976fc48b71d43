"""The analysis commands on the real dataset: exact outputs, one-line errors, documented examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ddgraph.cli import main

ANALYSIS_COMMANDS = ["channels", "paths", "timeline", "report"]


@pytest.fixture(scope="module", autouse=True)
def valid_dataset() -> None:
    from ddgraph.dataset import load_dataset

    load_dataset("graph")  # an invalid graph/ fails these tests, never skips them


def run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.output


@pytest.mark.parametrize("name", ANALYSIS_COMMANDS)
def test_every_command_is_documented(name: str) -> None:
    cmd = main.commands[name]
    assert "Example:" in (cmd.help or "")
    for sub in getattr(cmd, "commands", {}).values():
        assert "Example:" in (sub.help or "")


def test_channels_json_and_names() -> None:
    code, out = run("channels", "United States", "Trung Quốc", "--as-of", "2022-09-01", "--format", "json")
    assert code == 0
    rows = json.loads(out)["channels"]
    assert [r["mechanism"] for r in rows if r["open"]] == [
        "admm-plus",
        "usa-chn-dtl",
        "usa-chn-leaders-hotline",
    ]
    code2, out2 = run("channels", "usa", "中国", "--as-of", "2022-09-01", "--format", "json")
    assert (code2, out2) == (code, out)


def test_channels_csv_header() -> None:
    code, out = run(
        "channels", "USA", "CHN", "--as-of", "2024-03-31", "--format", "csv", "--channel-track", "2"
    )
    assert code == 0
    assert out.splitlines() == [
        "mechanism,name,kind,track,level,status,since,event,last_use,last_outcome,sources,since_is_lower_bound",
        "usa-chn-track2-nuclear,US-China Track 2 nuclear dialogue,track2_dialogue,2,working,resumed,"
        "2024-03-01,usa-chn-track2-nuclear-2024-03,usa-chn-track2-nuclear-2024-03,held,"
        + out.splitlines()[1].split(",")[-2]
        + ",False",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["channels", "USA", "Chna", "--as-of", "2024-01-01"],
            "Error: unknown country 'Chna' (did you mean China (CHN)",
        ),
        (
            ["channels", "USA", "CHN", "--as-of", "31/03/2024"],
            "Error: bad --as-of '31/03/2024': use ISO 8601 / EDTF, e.g. 2024-03-31, 2024-03 or 2024",
        ),
        (
            ["timeline", "USA", "CHN", "--from", "2022-02-30"],
            "Error: bad --from '2022-02-30': use ISO 8601 / EDTF, e.g. 2024-03-31, 2024-03 or 2024",
        ),
        (["paths", "XYZ", "CHN", "--as-of", "2024"], "Error: unknown country 'XYZ'"),
    ],
)
def test_one_line_errors(args: list[str], message: str) -> None:
    code, out = run(*args)
    assert code == 1
    assert len(out.strip().splitlines()) == 1 and out.startswith(message)


def test_paths_and_timeline() -> None:
    code, out = run(
        "paths",
        "USA",
        "CHN",
        "--as-of",
        "2022-09-01",
        "--track",
        "1",
        "--format",
        "json",
        "--fail",
        "usa-chn-dtl",
        "--fail",
        "usa-chn-leaders-hotline",
        "--fail",
        "admm-plus",
    )
    assert code == 0
    assert [r["countries"] for r in json.loads(out)["routes"]] == [["usa", "jpn", "chn"]]
    code, out = run(
        "timeline",
        "USA",
        "CHN",
        "--dark-periods",
        "--kind",
        "military_talks",
        "--kind",
        "defense_ministers_dialogue",
        "--format",
        "json",
    )
    assert code == 0
    assert [(d["start"], d["end"], d["duration_days"]) for d in json.loads(out)] == [
        ("2022-08-05", "2023-12-21", 503)
    ]
    code, out = run("timeline", "USA", "CHN", "--from", "2022-08", "--to", "2022-08", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("2022-08-05,")
    code, out = run("channels", "USA", "CHN", "--as-of", "2022-09-01", "--format", "json")
    summary = json.loads(out)["connectivity"]
    assert code == 0 and (summary["edge_disjoint"], summary["node_disjoint"]) == (17, 17)
    assert summary["min_channel_cut"] == [
        "admm-plus",
        "chn-jpn-macm",
        "usa-chn-dtl",
        "usa-chn-leaders-hotline",
    ]


def test_a_day_after_the_data_answers_with_a_note_on_stderr() -> None:
    tiny = str(Path(__file__).parent / "data" / "neo4j_tiny")  # last dated fact: an office ending 2025-01-20
    note = (
        "note: the data ends on 2025-01-20 (last dated fact); "
        "the answer for 2030-01-01 assumes no change since\n"
    )
    later = CliRunner().invoke(
        main, ["channels", "usa", "chn", "--as-of", "2030-01-01", "--data-dir", tiny, "--format", "csv"]
    )
    before = CliRunner().invoke(
        main, ["channels", "usa", "chn", "--as-of", "2025-01-20", "--data-dir", tiny, "--format", "csv"]
    )
    assert (later.exit_code, later.stderr) == (0, note)
    assert (before.exit_code, before.stderr) == (0, "")
    assert later.stdout.splitlines()[1:] == before.stdout.splitlines()[1:]  # same channels, same statuses
    series = CliRunner().invoke(main, ["timeline", "usa", "chn", "--to", "2030", "--data-dir", tiny])
    assert series.exit_code == 0 and series.stderr == note.replace("2030-01-01", "2030-12-31")
