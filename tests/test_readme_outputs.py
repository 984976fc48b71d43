"""Every console block of the README is a real run: each `$ command` prints exactly the lines shown."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BLOCKS = re.findall(r"```console\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
RUNS = [
    (cmd, expected)
    for block in BLOCKS
    for cmd, expected in zip(*[iter(re.split(r"^\$ (.*)$", block, flags=re.M)[1:])] * 2, strict=True)
]


def test_the_readme_shows_console_runs() -> None:
    assert len(RUNS) >= 8


@pytest.mark.parametrize("cmd, expected", RUNS, ids=[cmd[:60] for cmd, _ in RUNS])
def test_the_readme_output_is_what_the_command_prints(cmd: str, expected: str) -> None:
    done = subprocess.run(
        cmd,
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": __import__("os").environ["PATH"], "HOME": str(Path.home())},
    )
    assert done.stdout.strip() == expected.strip(), done.stderr
