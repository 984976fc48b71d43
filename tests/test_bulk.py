"""The bulk path (JSON Lines) means what the YAML path means: same records, same problems.

A YAML dataset converted to bulk files (:func:`ddgraph.bulk.convert_yaml_dir`) must give the same
Dataset when valid and the same problems when broken -- each at the bulk file and line of the record
that the YAML problem's line falls in. ``ddgraph validate`` over bulk files first tries the fast path
(:func:`ddgraph.bulk.fast_check`), which only ever accepts; a hypothesis test holds it to accepting
nothing the reference path refuses.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddgraph import bulk
from ddgraph import model as m
from ddgraph.cli import main
from ddgraph.dataset import DatasetError, check_dataset, graph_files, load_dataset
from ddgraph.errors import BulkError, Problem
from test_broken_inputs import CASES, make_graph

#: Broken cases whose files are not records at all (bad bytes, bad YAML, bad top-level shape): no
#: bulk file can hold them, so they have no bulk counterpart. Every other case is converted.
NOT_RECORDS = {
    "binary-file",
    "binary-tag-in-name",
    "deep-nesting",
    "duplicate-key",
    "empty-file",
    "impossible-unquoted-date",
    "list-at-top-level",
    "mapping-where-list-belongs",
    "merge-key",
    "not-utf8",
    "python-tag",
    "syntax-error-in-a-referenced-file",
    "unknown-top-level-kind",
    "utf16-encoding",
    "yaml-alias-bomb",
    "yaml-syntax-error",
}


def problems(loader, root: Path) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(DatasetError) as err:
        loader(root)
    return [str(p) for p in err.value.problems]


class Where:
    """Maps a YAML ``path:line`` to the bulk ``path:line`` of the record that line belongs to."""

    def __init__(self, converted: list[bulk.Converted]) -> None:
        self.starts: dict[str, list[tuple[int, str]]] = {}
        for c in converted:
            self.starts.setdefault(str(c.yaml_path), []).append((c.yaml_line, f"{c.bulk_path}:{c.bulk_line}"))

    def __call__(self, path: str, line: int) -> str:
        records = self.starts[path]
        i = bisect.bisect_right([start for start, _ in records], line) - 1
        return records[max(i, 0)][1]

    def problem(self, text: str) -> str:
        path, line, message = text.split(":", 2)
        message = re.sub(
            r"first defined at ([^:]+):(\d+)", lambda g: "first defined at " + self(g[1], int(g[2])), message
        )
        return f"{self(path, int(line))}:{message}"


@pytest.mark.parametrize("case", CASES)
def test_a_converted_broken_case_gives_the_same_problems_at_its_records(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    if case in NOT_RECORDS:
        with pytest.raises(BulkError):
            bulk.convert_yaml_dir("graph", "bulk")
        return
    where = Where(bulk.convert_yaml_dir("graph", "bulk"))
    expected = sorted(where.problem(p) for p in problems(load_dataset, Path("graph")))
    assert expected
    assert sorted(problems(load_dataset, Path("bulk"))) == expected
    assert sorted(problems(check_dataset, Path("bulk"))) == expected
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) is None


def test_every_case_is_converted_or_named_as_not_records() -> None:
    assert NOT_RECORDS <= set(CASES)
    assert len(set(CASES) - NOT_RECORDS) >= 30


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_the_same_seed_gives_the_same_dataset_in_a_bulk_format(tmp_path: Path, fmt: str) -> None:
    from ddgraph import columnar

    fast_check = {"jsonl": bulk.fast_check, "parquet": columnar.fast_check}[fmt]
    runner = CliRunner()
    args = ["--seed", "4", "--countries", "6", "--persons", "40", "--mechanisms", "30", "--events", "200"]
    assert runner.invoke(main, ["synth", str(tmp_path / "y"), *args]).exit_code == 0
    out = runner.invoke(main, ["synth", str(tmp_path / "b"), *args, "--format", fmt])
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        [f"{k}.{fmt}" for k in m.KINDS] + ["seeds"]
    )
    yaml_ds, bulk_ds = load_dataset(tmp_path / "y"), load_dataset(tmp_path / "b")
    assert {k: list(v) for k, v in bulk_ds.kinds.items()} == {k: list(v) for k, v in yaml_ds.kinds.items()}
    assert bulk_ds.kinds == yaml_ds.kinds
    counts = fast_check(tmp_path / "b", graph_files(tmp_path / "b"))
    assert counts == check_dataset(tmp_path / "y").counts == {k: len(v) for k, v in yaml_ds.kinds.items()}
    result = runner.invoke(main, ["validate", str(tmp_path / "b")])
    assert result.exit_code == 0
    assert result.output.startswith(f"{tmp_path / 'b'}: valid: {len(yaml_ds)} records in 7 files")
    # what a user does next with it: the same export as from the YAML files
    exports = [runner.invoke(main, ["export", str(tmp_path / d), "--format", "jsonl"]) for d in ("y", "b")]
    assert exports[0].exit_code == exports[1].exit_code == 0
    assert exports[0].output == exports[1].output


@pytest.mark.parametrize("source", ["graph", "tests/data/fuzz_graph"])
def test_a_real_dataset_converts_to_the_same_dataset_and_the_fast_path_accepts_it(
    source: str, tmp_path: Path
) -> None:
    bulk.convert_yaml_dir(source, tmp_path / "bulk")
    real, converted = load_dataset(source), load_dataset(tmp_path / "bulk")
    assert converted.kinds == real.kinds
    counts = {k: len(v) for k, v in real.kinds.items()}
    assert bulk.fast_check(tmp_path / "bulk", graph_files(tmp_path / "bulk")) == counts  # not the reference
    assert check_dataset(tmp_path / "bulk").counts == check_dataset(source).counts == counts


def test_each_mirror_has_the_fields_of_its_model() -> None:
    """The fast path's msgspec mirrors take exactly the model's field names (aliases), and require
    what it requires, down to the nested records."""
    pairs = [(bulk.MIRRORS[k], m.KINDS[k]) for k in bulk.MIRRORS]
    nested = {
        "offices": (bulk.OfficeHolding, m.OfficeHolding),
        "participants": (bulk.Participation, m.Participation),
        "status": (bulk.StatusEntry, m.StatusEntry),
        "attendees": (bulk.Attendance, m.Attendance),
        "caused_by": (bulk.Link, m.Link),
        "refused_by": (bulk.Link, m.Link),
        "sanctions": (bulk.Sanction, m.Sanction),
        "evidence": (bulk.Evidence, m.Evidence),
        "name": (bulk.Names, m.Names),
    }
    pairs += list(nested.values())
    for mirror, model in pairs:
        info = msgspec.structs.fields(mirror)
        assert {f.encode_name for f in info} == {f.alias or n for n, f in model.model_fields.items()}, mirror
        required = {f.encode_name for f in info if f.required}
        assert required == {f.alias or n for n, f in model.model_fields.items() if f.is_required()}, mirror


def test_bulk_file_problems_name_the_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_graph(tmp_path, None)
    bulk.convert_yaml_dir("graph", "bulk")
    events = Path("bulk/events.jsonl")
    events.write_bytes(events.read_bytes() + b'{"id": "x",\n["a list"]\n\n')
    Path("bulk/meetings.jsonl").write_text("{}\n", encoding="utf-8")
    assert problems(check_dataset, Path("bulk")) == [
        "bulk/events.jsonl:2: not a JSON record: unexpected end of data",
        "bulk/events.jsonl:3: events: each record must be a mapping, got a list",
        "bulk/meetings.jsonl:1: unknown kind 'meetings' in the file name; name a bulk file after its kind "
        "(e.g. events.jsonl or events-000.jsonl): one of " + ", ".join(m.KINDS),
    ]


def test_a_directory_may_mix_yaml_and_bulk_files(tmp_path: Path) -> None:
    graph = make_graph(tmp_path, None)
    bulk.convert_yaml_dir(graph, tmp_path / "bulk")
    (graph / "events.yaml").unlink()
    (tmp_path / "bulk" / "events.jsonl").rename(graph / "events-bulk.jsonl")
    mixed = load_dataset(graph)
    assert sorted(mixed.events) == ["usa-chn-dtl-2008-02-29"] or len(mixed.events) == 1
    assert mixed.files[-1].endswith("events-bulk.jsonl") or "events-bulk.jsonl" in " ".join(mixed.files)
    assert check_dataset(graph).counts["events"] == 1


# ----------------------------------------------------------------------------- the fast path is sound
@pytest.fixture(scope="module")
def synthetic_lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[bytes]]:
    out = tmp_path_factory.mktemp("bulk") / "j"
    from ddgraph.synth import SynthConfig, write_synthetic

    write_synthetic(out, SynthConfig(seed=9, countries=4, persons=12, mechanisms=8, events=40), "jsonl")
    return {p.name: p.read_bytes().splitlines() for p in out.iterdir() if p.suffix == ".jsonl"} | {
        "_seed": [(out / "seeds" / "synthetic.txt").read_bytes()]
    }


_ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        " padded",
        "padded ",
        "\t",
        "a\x00b",
        "a\x1bb",
        "x\x7f",
        "x\u0085",
        "\u3000x",
        "x\u2009",
        "ok",
        "usa",
    ]
)
_ODD_VALUE = st.one_of(
    _ODD_TEXT,
    st.none(),
    st.booleans(),
    st.integers(-3, 20_000),
    st.floats(allow_nan=False),
    st.just([]),
    st.just({}),
)


def _mutate(value: object, path: list[int], new: object, drop: bool) -> object:
    """``value`` with the element that ``path`` picks (by index, modulo the sizes) replaced or dropped."""
    if not path or not isinstance(value, dict | list) or not value:
        return new
    keys = list(value) if isinstance(value, dict) else list(range(len(value)))
    key = keys[path[0] % len(keys)]
    copy = dict(value) if isinstance(value, dict) else list(value)
    if drop and len(path) == 1:
        del copy[key]  # type: ignore[arg-type]
    else:
        copy[key] = _mutate(copy[key], path[1:], new, drop)  # type: ignore[index]
    return copy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(["persons.jsonl", "mechanisms.jsonl", "events.jsonl", "organizations.jsonl"]),
    row=st.integers(0, 10_000),
    path=st.lists(st.integers(0, 50), min_size=1, max_size=5),
    new=_ODD_VALUE,
    drop=st.booleans(),
)
def test_the_fast_path_accepts_nothing_the_reference_path_refuses(
    synthetic_lines: dict[str, list[bytes]],
    tmp_path_factory: pytest.TempPathFactory,
    file: str,
    row: int,
    path: list[int],
    new: object,
    drop: bool,
) -> None:
    root = tmp_path_factory.mktemp("mutant")
    (root / "seeds").mkdir()
    (root / "seeds" / "synthetic.txt").write_bytes(synthetic_lines["_seed"][0])
    for name, lines in synthetic_lines.items():
        if name.startswith("_"):
            continue
        if name == file:
            lines = list(lines)
            i = row % len(lines)
            lines[i] = orjson.dumps(_mutate(orjson.loads(lines[i]), path, new, drop))
        (root / name).write_bytes(b"\n".join(lines) + b"\n")
    fast = bulk.fast_check(root, graph_files(root))
    try:
        reference = {k: len(v) for k, v in load_dataset(root).kinds.items()}
    except DatasetError:
        reference = None
    if fast is not None:
        assert fast == reference


def test_the_fast_path_sees_texts_the_model_would_change(tmp_path: Path) -> None:
    """Texts with white space at an end (which the model strips) or a control character send the
    file to the reference path, which gives its message."""
    graph = make_graph(tmp_path, None)
    bulk.convert_yaml_dir(graph, tmp_path / "bulk")
    persons = tmp_path / "bulk" / "persons.jsonl"
    first, *rest = persons.read_bytes().splitlines(keepends=True)
    record = orjson.loads(first)
    for odd in (" Padded", "Padded\u3000", "Bell\x07"):
        record["name"]["en"] = odd
        persons.write_bytes(b"".join([orjson.dumps(record) + b"\n", *rest]))
        assert bulk.fast_check(tmp_path / "bulk", graph_files(tmp_path / "bulk")) is None
    assert [p.split(": ", 1)[1] for p in problems(check_dataset, tmp_path / "bulk")] == [
        f"event call-declined refused_by[0]: unknown reference {record['id']!r}",  # it is not registered
        f"person {record['id']}: name.en: control character U+0007 in text; remove it",
    ]


# ------------------------------------------------------------------------ a key given twice, line shapes
def _bulk_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[bytes]]:
    monkeypatch.chdir(tmp_path)
    make_graph(tmp_path, None)
    bulk.convert_yaml_dir("graph", "bulk")
    events = Path("bulk/events.jsonl")
    return events, events.read_bytes().splitlines()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (b'"kind":', b'"kind":"call","kind":', "kind"),  # the record's own key
        (b'{"en":', b'{"en":"Twice","en":', "en"),  # a key of a nested object (the name)
        (b'"kind":', b'"kind":"call","k\\u0069nd":', "kind"),  # the same key, spelled with an escape
        # in an evidence object: the fast path keeps evidence as JSON text and decodes it apart
        (b'{"source":', b'{"source":"seed-tiny","source":', "source"),
        (b'"quote":', b'"quote":"x","quote":', "quote"),
    ],
)
def test_a_key_given_twice_in_a_bulk_record_is_refused_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: bytes, new: bytes, key: str
) -> None:
    """JSON readers keep the last value of a repeated key; like the YAML reader, the reference path
    refuses it, naming the file, the line and the key, and the fast path does not accept it."""
    events, lines = _bulk_base(tmp_path, monkeypatch)
    assert old in lines[0]
    events.write_bytes(b"\n".join([lines[0].replace(old, new, 1), *lines[1:]]) + b"\n")
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) is None
    expected = [f"bulk/events.jsonl:1: key {key!r} appears twice in the same mapping"]
    assert problems(check_dataset, Path("bulk")) == expected
    assert problems(load_dataset, Path("bulk")) == expected
    result = CliRunner().invoke(main, ["validate", "bulk"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"Error: {expected[0]}" or expected[0] in result.output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"sources":["seed-tiny"]', b'"sources":[\t"seed-tiny"]'),  # white space inside a source list
        (b'"evidence":[{', b'"evidence":[\t{'),  # inside an evidence list
        (b'"quote":', b'"quote":\t'),  # inside an evidence object
    ],
)
def test_white_space_inside_a_source_or_evidence_text_is_a_doubt_not_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: bytes, new: bytes
) -> None:
    """The fast path decodes each distinct source list and evidence list from its JSON text and holds
    it to its compact spelling: white space there (valid JSON) sends the file to the reference path,
    which accepts it."""
    events, lines = _bulk_base(tmp_path, monkeypatch)
    counts = check_dataset(Path("bulk")).counts
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) == counts
    assert old in lines[0]
    events.write_bytes(b"\n".join([lines[0].replace(old, new, 1), *lines[1:]]) + b"\n")
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) is None
    assert check_dataset(Path("bulk")).counts == counts


_AT = "bulk/events.jsonl:1: event call-declined: "


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            b'"sources":["seed-tiny"]',
            b'"sources":[]',
            ["sources: missing source: list at least one source id"],
        ),
        (
            b'"sources":["seed-tiny"]',
            b'"sources":["seed-tiny",7]',
            ["sources[1]: Input should be a valid string"],
        ),
        (b'"source":"seed-tiny",', b'"source":null,', ["evidence[0].source: Input should be a valid string"]),
        (
            b'"source":"seed-tiny",',
            b'"lang":"english","source":"seed-tiny",',
            ["evidence[0].lang: String should match pattern '^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$'"],
        ),
        (
            b'"evidence":[{',
            b'"evidence":null,"x":[{',
            ["evidence: Input should be a valid list", "unknown field 'x'"],
        ),
    ],
)
def test_a_bad_source_or_evidence_text_is_refused_with_the_reference_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: bytes, new: bytes, expected: list[str]
) -> None:
    """Source and evidence lists decoded apart are held to the model as strictly as the rest of the
    record: the fast path does not accept, the reference path names the line."""
    events, lines = _bulk_base(tmp_path, monkeypatch)
    assert old in lines[0]
    events.write_bytes(b"\n".join([lines[0].replace(old, new, 1), *lines[1:]]) + b"\n")
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) is None
    assert problems(check_dataset, Path("bulk")) == [_AT + e for e in expected]


def test_the_reference_path_alone_refuses_a_key_given_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference reader itself (not the fast path's doubt) finds the repeat, in a file whose other
    lines are valid: the line is a problem, the other records are read."""
    events, lines = _bulk_base(tmp_path, monkeypatch)
    repeated = lines[0].replace(b'"date":', b'"date":"2001","date":', 1)
    found: list[Problem] = []
    events.write_bytes(b"\n".join([*lines, repeated]) + b"\n")
    read = list(bulk.read_lines(events, "bulk/events.jsonl", found))
    assert [str(p) for p in found] == [
        f"bulk/events.jsonl:{len(lines) + 1}: key 'date' appears twice in the same mapping"
    ]
    assert [line for _kind, _value, line in read] == list(range(1, len(lines) + 1))
    assert bulk.clean_records(events) is None


@pytest.mark.parametrize(
    "shape",
    [
        "two records on one line",
        "a record over two lines",
        "white space between tokens",
        "windows line ends",
        "a blank line",
    ],
)
def test_the_fast_path_hands_odd_line_shapes_to_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """The fast decoder reads a stream of JSON values; the reference reads one record a line. Any file
    whose lines are not one compact record each goes to the reference path, which decides."""
    events, lines = _bulk_base(tmp_path, monkeypatch)
    first, second = orjson.loads(lines[0]), orjson.loads(lines[0])
    second["id"] = "second-event"
    one, two = orjson.dumps(first), orjson.dumps(second)
    text = {
        "two records on one line": one + two + b"\n",
        "a record over two lines": one[:-1] + b",\n" + two[1:] + b"\n",  # one record, both keys sets
        "white space between tokens": orjson.dumps(first, option=orjson.OPT_INDENT_2).replace(b"\n", b"")
        + b"\n",
        "windows line ends": one + b"\r\n" + two + b"\r\n",
        "a blank line": one + b"\n\n" + two + b"\n",
    }[shape]
    events.write_bytes(text)
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) is None
    try:
        reference: dict[str, int] | list[str] = check_dataset(Path("bulk")).counts
    except DatasetError as e:
        reference = [str(p) for p in e.problems]
    if shape in ("two records on one line", "a record over two lines"):
        assert isinstance(reference, list) and all(p.startswith("bulk/events.jsonl:") for p in reference)
    else:
        records = 1 if shape == "white space between tokens" else 2
        assert isinstance(reference, dict) and reference["events"] == records


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "Event-Upper"),
        ("id", "double--dash"),
        ("id", "trailing-"),
        ("id", "x" * 81),
        ("date", "2023-02-30"),
        ("date", "2023-13"),
        ("date", "0000"),
        ("date", "2023-03/2023-01"),
    ],
)
def test_the_fast_path_refuses_what_the_column_checks_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: str
) -> None:
    """Ids are checked as one column and plain dates all at once: a bad one is still not accepted, and
    the reference path names it."""
    events, lines = _bulk_base(tmp_path, monkeypatch)
    record = orjson.loads(lines[0])
    record[field] = value
    events.write_bytes(b"\n".join([orjson.dumps(record), *lines[1:]]) + b"\n")
    assert bulk.fast_check(Path("bulk"), graph_files(Path("bulk"))) is None
    found = problems(check_dataset, Path("bulk"))
    assert any(p.startswith("bulk/events.jsonl:1: ") for p in found), found


def _with_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, history: list[tuple[str, str, bool]]
) -> Path:
    monkeypatch.chdir(tmp_path)
    make_graph(tmp_path, None)
    bulk.convert_yaml_dir("graph", "bulk")
    mechanisms = Path("bulk/mechanisms.jsonl")
    record = orjson.loads(mechanisms.read_bytes())
    cited = {k: v for k, v in record["status"][0].items() if k in ("sources", "evidence")}
    record["status"] = [
        {"status": status, "date": date, **({"lower_bound": True} if lower else {}), **cited}
        for status, date, lower in history
    ]
    mechanisms.write_bytes(orjson.dumps(record) + b"\n")
    return Path("bulk")


def test_the_fast_path_accepts_a_valid_history_of_mixed_precisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Season, year, month, day and interval dates, compared all at once, as the model compares them."""
    history = [
        ("proposed", "2007-41", True),
        ("active", "2008", False),
        ("suspended", "2009-03", False),
        ("resumed", "2009-03-31", False),
        ("dormant", "2010-01-01/2010-02", False),
        ("resumed", "2010-02-28", False),
    ]
    root = _with_history(tmp_path, monkeypatch, history)
    counts = check_dataset(root).counts
    assert (
        bulk.fast_check(root, graph_files(root))
        == counts
        == {k: len(v) for k, v in load_dataset(root).kinds.items()}
    )


@pytest.mark.parametrize(
    ("history", "message"),
    [
        (
            [("active", "2008", False), ("suspended", "2009", True)],
            "status[1]: only the first status can be a lower bound (lower_bound: true)",
        ),
        (
            [("active", "2009-03", False), ("suspended", "2009-03-15", False)],
            "status[1]: status history overlaps",
        ),
        (
            [("active", "2009-01-01/2009-06", False), ("suspended", "2009-05", False)],
            "status[1]: status history overlaps",
        ),
        (
            [("active", "2009-05", False), ("suspended", "2009", False)],
            "status[1]: status history out of order",
        ),
    ],
)
def test_the_fast_path_refuses_a_history_the_model_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, history: list[tuple[str, str, bool]], message: str
) -> None:
    root = _with_history(tmp_path, monkeypatch, history)
    assert bulk.fast_check(root, graph_files(root)) is None
    found = problems(check_dataset, root)
    assert (
        len(found) == 1 and found[0].startswith("bulk/mechanisms.jsonl:1: mechanism ") and message in found[0]
    )


@pytest.mark.parametrize("chunk", [1, 3, 39, 40, 41])
def test_the_fast_path_reads_a_file_in_chunks_and_checks_every_chunk(
    synthetic_lines: dict[str, list[bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Records are decoded a chunk at a time (``bulk.CHUNK`` lines): every line is read once whatever
    the chunk size, and a key given twice in the last chunk is still seen."""
    monkeypatch.setattr(bulk, "CHUNK", chunk)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "synthetic.txt").write_bytes(synthetic_lines["_seed"][0])
    for name, lines in synthetic_lines.items():
        if not name.startswith("_"):
            (tmp_path / name).write_bytes(b"\n".join(lines) + b"\n")
    events = synthetic_lines["events.jsonl"]
    assert len(events) == 40
    counts = {k: len(v) for k, v in load_dataset(tmp_path).kinds.items()}
    assert bulk.fast_check(tmp_path, graph_files(tmp_path)) == counts
    last = events[-1].replace(b'"kind":', b'"kind":"call","kind":', 1)
    (tmp_path / "events.jsonl").write_bytes(b"\n".join([*events[:-1], last]) + b"\n")
    assert bulk.fast_check(tmp_path, graph_files(tmp_path)) is None
    assert problems(check_dataset, tmp_path) == [
        f"{tmp_path}/events.jsonl:40: key 'kind' appears twice in the same mapping"
    ]


def test_the_first_day_of_every_month_of_years_1_to_9999_is_counted_as_the_calendar_counts_it() -> None:
    """The plain-date reader counts days in integer arithmetic (no datetime64 conversions): the first
    of every month of every year it reads is the day Python's calendar gives."""
    import datetime as dt

    import numpy as np

    years = np.arange(1, 10000, dtype=np.int64).repeat(12)
    months = np.tile(np.arange(1, 13, dtype=np.int64), 9999)
    epoch = dt.date(1970, 1, 1).toordinal()
    expected = [dt.date(int(y), int(m), 1).toordinal() - epoch for y, m in zip(years, months, strict=True)]
    assert bulk._days_from_civil(years, months).tolist() == expected


def test_plain_dates_are_read_from_their_digits_as_the_model_reads_them() -> None:
    """The fast path reads ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` all at once from their digits: the
    same first and last day as the model's conversion, and None (the model then reads each) for any
    text the model refuses or that is not plain (years 0 and 9999 are the model's edge cases)."""
    import datetime as dt
    import random

    epoch = dt.date(1970, 1, 1).toordinal()
    rnd = random.Random(7)
    texts = ["2013", "2013-02", "2013-02-12", "2000-02-29", "1900-02", "0001", "0001-01-01", "9998-12-31"]
    for _ in range(3000):
        y, mo, d = rnd.randint(1, 9998), rnd.randint(1, 12), rnd.randint(1, 28)
        texts.append(rnd.choice([f"{y:04d}", f"{y:04d}-{mo:02d}", f"{y:04d}-{mo:02d}-{d:02d}"]))
    days = bulk._plain_days(texts)
    assert days is not None
    for text, first, last in zip(texts, *days, strict=True):
        date = m._to_date(text)
        assert date.latest is not None
        assert (first, last) == (date.earliest.toordinal() - epoch, date.latest.toordinal() - epoch), text
    refused = ["2013-02-29", "1900-02-29", "2013-04-31", "2013-13", "2013-00", "2013-01-00"]
    odd = [
        "0000",
        "9999",
        "201a",
        "2013/02",
        "2013-2-01",
        "20130",
        "２０１３",
        "2013-02-1 ",
        "-013-01",
        "2013-02-12/2014",
    ]
    for text in refused + odd:
        assert bulk._plain_days(["2013-02-12", text, "2014"]) is None, text
    for text in refused:
        with pytest.raises(ValueError):
            m._to_date(text)


_PLAIN_SOURCE = b'{"id":"plain-src","publisher":"P","title":"T","language":"en","url":"https://example.org/p","verified":true}\n'


def fast_path_decides_as_the_model(accepted: bool, where: str, every_problem: bool = True) -> None:
    """The fast path over ``bulk/`` counts what the model loads when the model accepts it; otherwise it
    refuses and the reference check names ``where`` (in every problem, or the first)."""
    fast = bulk.fast_check(Path("bulk"), graph_files(Path("bulk")))
    if accepted:
        assert fast == {k: len(v) for k, v in load_dataset(Path("bulk")).kinds.items()}
    else:
        assert fast is None
        found = problems(check_dataset, Path("bulk"))
        assert found and all(p.startswith(where) for p in (found if every_problem else found[:1])), found


@pytest.mark.parametrize(
    ("event_sources", "link_sources", "link_evidence", "accepted"),
    [
        # each item's pair decides, not the distinct source lists and evidence lists seen anywhere
        (["seed-tiny"], ["plain-src"], True, False),  # quotes a source it does not list
        (["seed-tiny", "plain-src"], ["seed-tiny"], False, False),  # lists a seed it does not quote
        (["seed-tiny", "plain-src"], ["plain-src"], False, True),  # no seed, no quote needed
        (["seed-tiny"], ["seed-tiny", "plain-src"], True, True),
    ],
)
def test_the_fast_path_decides_each_items_sources_with_its_own_evidence(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    event_sources: list[str],
    link_sources: list[str],
    link_evidence: bool,
    accepted: bool,
) -> None:
    events, lines = _bulk_base(tmp_path, monkeypatch)
    Path("bulk/sources.jsonl").write_bytes(Path("bulk/sources.jsonl").read_bytes() + _PLAIN_SOURCE)
    record = orjson.loads(lines[0])
    record["sources"] = event_sources
    link = record["refused_by"][0]
    link["sources"] = link_sources
    if not link_evidence:
        del link["evidence"]
    events.write_bytes(orjson.dumps(record) + b"\n")
    fast_path_decides_as_the_model(accepted, "bulk/events.jsonl:1: ")


@pytest.mark.parametrize(
    ("start", "end", "accepted"),
    [
        ("2010-05", "2010-05-01", True),  # ends on the first day of the month it starts in
        ("2010-05-31", "2010-05", True),
        ("2010", "2009-12-31", False),
        ("2010-05-02", "2010-05-01", False),
        (None, "2010", True),
        ("2010", None, True),
        (None, None, True),
        (2010, "2010-06", True),  # a year as a number (YAML reads 2010 so): the model reads each
        (2010, "2009-12-31", False),
        ("2010-06", "2010-05/2010-07", True),  # an interval: not plain, read by the model
        ("2010-08", "2010-05/2010-07", False),
    ],
)
def test_the_fast_path_compares_every_span_as_the_model_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: Any, end: Any, accepted: bool
) -> None:
    """Participations' from and to, compared in one array operation (plain dates, absent ones read
    as no limit) or through the model's reading of each distinct value."""
    monkeypatch.chdir(tmp_path)
    make_graph(tmp_path, None)
    bulk.convert_yaml_dir("graph", "bulk")
    mechanisms = Path("bulk/mechanisms.jsonl")
    record = orjson.loads(mechanisms.read_bytes())
    for key, value in (("from", start), ("to", end)):
        record["participants"][0].pop(key, None)
        if value is not None:
            record["participants"][0][key] = value
    mechanisms.write_bytes(orjson.dumps(record) + b"\n")
    fast_path_decides_as_the_model(accepted, "bulk/mechanisms.jsonl:1: ", every_problem=False)
