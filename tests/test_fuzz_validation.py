"""Fuzzing the reader and the validator: whatever a hand-edited file turns into, ddgraph answers with
``path:line: message`` problems (exit 1) — never a traceback, a hang or runaway memory.

Mutations start from real curated files -- ``tests/data/fuzz_graph/``, a frozen copy of the top-level
``graph/`` files (the US-China record, every kind, 574 records) with the few records of
``graph/regions/`` they cite (``from-regions.yaml``) -- and delete keys, change types, break the YAML,
splice random bytes, huge values, unusual unicode, anchors/aliases and tags. The frozen copy keeps each
example's cost fixed while ``graph/`` grows (the whole ``graph/`` made one example cost seconds); the
reader tests below still read every file of ``graph/`` itself. About a hundred examples run in CI;
``-m slow`` runs 10,000.
"""

from __future__ import annotations

import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddgraph.dataset import DatasetError, graph_files, load_dataset
from ddgraph.yamlfile import read_records, read_yaml

ROOT = Path(__file__).parent.parent
PROBLEM = re.compile(r"^[^\n]+?:\d+: [^\n]+$|^[^\n]+?: [^\n]+$")
NASTY = [
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200b",
    "𝕏",
    "中文",
    "ệ",
    "\t",
    "\r",
    "\x85",
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object/apply:os.system ['true']",
    "!!binary",
    "? ",
    "- - -",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "%YAML 1.1",
    "---",
    "...",
    "|",
    ">",
    "null",
    "~",
    "1e999",
    "0x10",
    "2023-02-30",
    "x" * 5000,
    "9" * 400,
    "🙂" * 50,
    "`",
    "${x}",
]


SOURCE = Path(__file__).parent / "data" / "fuzz_graph"
FILES = {p.relative_to(SOURCE).as_posix(): p.read_text(encoding="utf-8") for p in graph_files(SOURCE)}
#: The curated files themselves, for the reader tests (cheap: one read per file).
GRAPH_FILES = sorted(p.relative_to(ROOT / "graph").as_posix() for p in graph_files(ROOT / "graph"))


def test_the_frozen_copy_is_valid_and_its_files_are_curated_text() -> None:
    """Every example starts from a valid dataset whose files are graph/'s top-level files (and the
    records of graph/regions/ that they cite)."""
    assert len(load_dataset(SOURCE)) > 500
    assert sorted(FILES) == sorted([p.name for p in (ROOT / "graph").glob("*.yaml")] + ["from-regions.yaml"])


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def boom(*_: object) -> None:
        raise TimeoutError(f"validation took more than {seconds}s: a hang")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(FILES)))
    lines = FILES[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "nasty", "retype", "dedent", "truncate", "swap"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "nasty":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from(NASTY)) + lines[i][pos:]
        elif op == "retype":  # a value of another type: list, mapping, number, null
            key, sep, _ = lines[i].partition(":")
            if sep:
                lines[i] = (
                    key + ": " + draw(st.sampled_from(["[]", "{}", "42", "null", "[a, b]", "{x: 1}"])) + "\n"
                )
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "truncate":
            lines = lines[:i]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.binary(max_size=8)) + data[pos:]
    return name, data


def check(tmp: Path, name: str, data: bytes) -> None:
    graph = tmp / "graph"
    if not graph.exists():  # hypothesis reuses tmp across examples: copy once, restore the one file after
        shutil.copytree(SOURCE, graph)
    (graph / name).write_bytes(data)
    try:
        with time_limit(20):
            try:
                load_dataset(graph)
            except DatasetError as e:
                assert e.problems
                for problem in e.problems:
                    assert PROBLEM.match(str(problem)), str(problem)
                    assert problem.path.endswith(".yaml") or problem.path.endswith("graph"), str(problem)
    finally:
        (graph / name).write_bytes((SOURCE / name).read_bytes())


@settings(
    max_examples=80,  # CI; the -m slow run below takes 10,000
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_mutated_files_only_ever_give_path_line_messages(case: tuple[str, bytes], tmp_path: Path) -> None:
    check(tmp_path, *case)


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_mutated_files_ten_thousand_examples(case: tuple[str, bytes], tmp_path: Path) -> None:
    check(tmp_path, *case)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_random_bytes_give_a_clear_problem(data: bytes, tmp_path: Path) -> None:
    check(tmp_path, next(iter(sorted(FILES))), data)


def _plain_data(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def _reference_records(path: Path) -> list[tuple[object, object, list[int]]]:
    reference = read_yaml(path)
    return [(key, _plain_data(items), items.item_lines) for key, items in reference.items()]


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_the_fast_reader_reads_every_unmutated_file(name: str) -> None:
    """Clean files take the fast path (so the property below is not satisfied by always stepping aside)."""
    fast = read_records(ROOT / "graph" / name)
    assert fast is not None
    assert repr(fast) == repr(_reference_records(ROOT / "graph" / name))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_the_fast_reader_gives_the_reference_data_or_steps_aside(
    case: tuple[str, bytes], tmp_path: Path
) -> None:
    """``read_records`` (libyaml events, no line numbers) returns exactly what ``read_yaml`` builds, with
    the same item lines and value types, or None so that ``read_yaml`` decides; never other data."""
    _, data = case
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    fast = read_records(path)
    if fast is None:
        return
    assert repr(fast) == repr(_reference_records(path))  # read_yaml does not raise: a clean file
