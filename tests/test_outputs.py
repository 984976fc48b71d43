"""Tests of ddgraph.outputs: every file a command writes is whole, and replaces nothing it must not.

Issue 13 item 2: ``export -o`` and ``report --out`` wrote by rename, so a symlink, a device node or a
0600 file was replaced by a new 0644 regular file, and ``ddgraph export g -o g/events.yaml`` destroyed
the dataset with exit 0. Issue 13 item 9: ``--out`` under a file, under /proc, in a read-only
directory, and standard output on /dev/full gave "internal error".
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ddgraph.cli import main
from ddgraph.errors import OutputError
from ddgraph.outputs import output_dir, write_file

BASE = Path(__file__).parent / "broken" / "_base"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    graph = tmp_path / "g"
    shutil.copytree(BASE, graph)
    return graph


def run(cwd: Path, *args: str) -> Any:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------------------------------ the helper
def test_a_new_file_gets_the_umask_mode_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_file(tmp_path / "a.txt", "é\n")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").read_bytes() == "é\n".encode()
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_0600_file_keeps_its_mode(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jsonl"
    secret.write_text("old")
    secret.chmod(0o600)
    write_file(secret, "new")
    assert secret.read_text() == "new"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target.name)
    write_file(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.jsonl"
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_character_device_is_written_in_place_never_replaced() -> None:
    write_file(Path("/dev/null"), "x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(OutputError, match=r"^cannot write /dev/full: No space left on device$"):
        write_file(Path("/dev/full"), "x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_into_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_directory_or_a_socket_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"^cannot write .*/d: it is a directory$"):
        (tmp_path / "d").mkdir()
        write_file(tmp_path / "d", "x")
    import socket

    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s"))
        with pytest.raises(OutputError, match=r"^cannot write .*/s: it is a socket$"):
            write_file(tmp_path / "s", "x")
    finally:
        sock.close()


def test_nothing_is_written_inside_the_dataset_whatever_the_path_says(tmp_path: Path, dataset: Path) -> None:
    before = tree(dataset)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "events.yaml").symlink_to(dataset / "events.yaml")
    for path in (
        dataset / "events.yaml",
        dataset / "new.jsonl",
        dataset / ".." / "g" / "x",
        tmp_path / "elsewhere" / "events.yaml",
    ):
        with pytest.raises(OutputError, match=r"^refusing to write .*: it is inside the dataset being read"):
            write_file(path, "x", protect=dataset)
    with pytest.raises(OutputError, match=r"^refusing to write .*/g/reports: it is inside the dataset"):
        output_dir(dataset / "reports", protect=dataset)
    assert tree(dataset) == before and not (dataset / "reports").exists()


def test_an_output_directory_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"^cannot write into .*/file/r: a parent of it is a file, not"):
        output_dir(tmp_path / "file" / "r")
    with pytest.raises(OutputError, match=r"^cannot write into .*/file: it exists and is not a directory$"):
        output_dir(tmp_path / "file")
    with pytest.raises(OutputError, match=r"^cannot write into /proc/ddgraph-r: No such file or directory$"):
        output_dir(Path("/proc/ddgraph-r"))
    assert output_dir(tmp_path / "missing" / "parent") == tmp_path / "missing" / "parent"


def test_a_read_only_directory_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    real_open = os.open

    def refuse_as_a_read_only_directory_does(path: Any, flags: int, *args: Any) -> int:
        # root writes into a 0555 directory anyway: the refusal the kernel gives anyone else
        if Path(path).parent == ro and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_as_a_read_only_directory_does)
    with pytest.raises(OutputError, match=r"^cannot write .*/ro/out.jsonl: Permission denied$"):
        write_file(ro / "out.jsonl", "x")
    assert list(ro.iterdir()) == []


# ---------------------------------------------------------------------------------------- the commands
def test_export_into_the_dataset_it_reads_is_refused_and_the_dataset_kept(dataset: Path) -> None:
    before = tree(dataset)
    for args in (["-o", "g/events.yaml"], ["--format", "csv", "-o", "g/csv"], ["-o", "g"]):
        result = run(dataset.parent, "export", "g", *args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: refusing to write g") and result.output.count("\n") == 1
    assert tree(dataset) == before
    assert run(dataset.parent, "validate", "g").exit_code == 0


def test_report_and_pages_refuse_the_dataset_directory(dataset: Path) -> None:
    before = tree(dataset)
    for out, args in (
        ("g/r", ["report", "centrality", "--as-of", "2022-01-01", "--format", "json"]),
        ("g", ["map"]),
        ("g/pages", ["timeline", "usa", "chn", "--format", "html"]),
    ):
        result = run(dataset.parent, *args, "--data-dir", "g", "--out", out)
        assert (result.exit_code, result.output) == (
            1,
            f"Error: refusing to write {out}: it is inside the dataset being read (g)\n",
        )
    assert tree(dataset) == before


def test_export_to_a_0600_file_and_a_symlink_keeps_both(tmp_path: Path, dataset: Path) -> None:
    secret = tmp_path / "secret.jsonl"
    secret.write_text("")
    secret.chmod(0o600)
    (tmp_path / "link.jsonl").symlink_to("secret.jsonl")
    assert run(tmp_path, "export", "g", "-o", "link.jsonl").exit_code == 0
    assert (tmp_path / "link.jsonl").is_symlink()
    assert secret.read_text().startswith('{"id":') and stat.S_IMODE(secret.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("file/r", "Error: cannot write into file/r: a parent of it is a file, not a directory\n"),
        ("/proc/ddgraph-r", "Error: cannot write into /proc/ddgraph-r: No such file or directory\n"),
    ],
)
def test_report_out_that_cannot_be_written_is_one_line(
    tmp_path: Path, dataset: Path, out: str, message: str
) -> None:
    (tmp_path / "file").write_text("x")
    result = run(tmp_path, "report", "centrality", "--data-dir", "g", "--as-of", "2022-01-01", "--out", out)
    assert (result.exit_code, result.output) == (1, message)


def test_report_out_on_a_file_is_a_usage_error(tmp_path: Path, dataset: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run(
        tmp_path, "report", "centrality", "--data-dir", "g", "--as-of", "2022-01-01", "--out", "file"
    )
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: Invalid value for '--out': Directory 'file' is a file."


def test_report_out_with_a_missing_parent_makes_it(tmp_path: Path, dataset: Path) -> None:
    result = run(
        tmp_path, "report", "centrality", "--data-dir", "g", "--as-of", "2022-01-01", "--format", "json",
        "--out", "missing/parent",
    )  # fmt: skip
    assert (result.exit_code, result.output) == (0, "missing/parent/report.json\n")


def test_standard_output_on_a_full_device_is_one_line(dataset: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "ddgraph", "export", str(dataset)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (proc.returncode, proc.stderr) == (1, "Error: cannot write the output: No space left on device\n")
