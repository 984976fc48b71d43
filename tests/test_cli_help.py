"""The CLI as a person meets it: every command is documented with an example and listed in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ddgraph.cli import main

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def all_commands(group: click.Group = main, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        found.append((full, cmd))
        if isinstance(cmd, click.Group):
            found.extend(all_commands(cmd, full + " "))
    return found


COMMANDS = all_commands()


def test_the_main_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name: str, cmd: click.Command) -> None:
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert cmd.help and cmd.help.strip(), f"{name} has no help text"
    assert "Example:" in result.output, f"{name} --help has no Example"
    assert f"ddgraph {name}" in result.output, f"{name}'s example does not show the command"


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name: str, cmd: click.Command) -> None:
    assert f"ddgraph {name}" in README, f"`ddgraph {name}` is missing from README.md"


def test_an_unknown_command_is_one_clear_line() -> None:
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.output
