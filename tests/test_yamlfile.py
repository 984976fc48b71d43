"""Reading one YAML file: line numbers kept, and every unsafe or broken input refused with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddgraph import yamlfile
from ddgraph.yamlfile import YamlProblem, line_at, read_yaml


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "f.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_lines_of_keys_and_items_are_kept(tmp_path: Path) -> None:
    data = read_yaml(write(tmp_path, "events:\n  - id: a\n    date: '2023'\n  - id: b\n"))
    assert data.key_lines["events"] == 1
    assert data["events"].item_lines == [2, 4]
    assert line_at(data, ("events", 0, "date"), 1) == 3
    assert line_at(data, ("events", 1, "missing"), 1) == 4


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "key 'a' appears twice in the same mapping"),
        ("a: &x [1]\nb: *x\n", 1, "YAML aliases (*name) are not allowed in graph files"),
        ("a: !!python/name:os.system\n", 1, "unsupported YAML tag"),
        ("a: [1, 2\nb: 3\n", 2, "YAML syntax error"),
        ("ok: 1\nbad: \x01\n", 2, "character U+0001 is not allowed in YAML text"),
    ],
)
def test_unsafe_or_broken_yaml_names_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as e:
        read_yaml(write(tmp_path, text))
    assert e.value.line == line and message in e.value.message


def test_other_encodings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem, match="UTF-16"):
        read_yaml(write(tmp_path, "a: 1\n".encode("utf-16")))
    with pytest.raises(YamlProblem, match="not UTF-8") as e:
        read_yaml(write(tmp_path, "a: 1\nb: caf\xe9\n".encode("latin-1")))
    assert e.value.line == 2


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 10)
    with pytest.raises(YamlProblem, match="file is too large"):
        read_yaml(write(tmp_path, "events: []\n# padding\n"))
