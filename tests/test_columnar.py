"""The columnar bulk path (Parquet) means what the YAML path means: same records, same problems.

A dataset written as Parquet (:func:`ddgraph.columnar.convert_dir`, ``ddgraph synth --format parquet``)
must give the same Dataset when valid and the same problems when broken -- each at the Parquet file
and row of the record. ``ddgraph validate`` over Parquet files first tries the column checks
(:func:`ddgraph.columnar.fast_check`), which only ever accept; a hypothesis test holds them to
accepting nothing the reference path refuses.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ddgraph import bulk, columnar
from ddgraph import model as m
from ddgraph.dataset import DatasetError, check_dataset, graph_files, load_dataset
from ddgraph.errors import BulkError
from test_broken_inputs import CASES, make_graph
from test_bulk import _ODD_VALUE, NOT_RECORDS, Where, _mutate, problems

#: Broken cases a Parquet file cannot hold at all: a value of another type than its column's, a field
#: with no column, a record that is not a mapping. Writing them is refused (:class:`BulkError`).
NOT_COLUMNS = {"record-not-a-mapping", "session-number-bool", "session-number-text", "unknown-field"}


def _fast(root: Path) -> dict[str, int] | None:
    return columnar.fast_check(root, graph_files(root))


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist(maps_as_pydicts="strict")


def _write(path: Path, kind: str, rows: list[dict[str, Any]]) -> None:
    pq.write_table(columnar.table_of(kind, [columnar._present(r) for r in rows]), path)


@pytest.fixture
def cols(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small valid dataset of tests/broken/_base as Parquet, at ``cols/`` of the working folder."""
    monkeypatch.chdir(tmp_path)
    make_graph(tmp_path, None)
    columnar.convert_dir("graph", "cols")
    return Path("cols")


def _beside(base: Path, root: Path, replaced: str) -> Path:
    """``root`` holding ``base``'s seeds and files (links) but ``replaced``, which the caller writes."""
    root.mkdir(exist_ok=True)
    os.symlink(base / "seeds", root / "seeds")
    for path in base.glob("*.parquet"):
        if path.name != replaced:
            os.symlink(path, root / path.name)
    return root / replaced


# ----------------------------------------------------------------------------- the same meaning
@pytest.mark.parametrize("case", CASES)
def test_a_broken_case_written_as_parquet_gives_the_same_problems_at_its_rows(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_graph(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    if case in NOT_RECORDS:  # not records at all: nothing to write
        with pytest.raises(BulkError):
            columnar.convert_dir("graph", "cols")
        return
    where = Where(bulk.convert_yaml_dir("graph", "lines"))  # a kind's rows are its lines, in order
    if case in NOT_COLUMNS:
        with pytest.raises(BulkError, match=r"^events: "):
            columnar.convert_dir("lines", "cols")
        assert not Path("cols").exists()  # nothing half-written
        return
    columnar.convert_dir("lines", "cols")
    expected = sorted(
        where.problem(p).replace("lines/", "cols/").replace(".jsonl:", ".parquet:")
        for p in problems(load_dataset, Path("graph"))
    )
    assert expected
    assert sorted(problems(load_dataset, Path("cols"))) == expected
    assert sorted(problems(check_dataset, Path("cols"))) == expected
    assert _fast(Path("cols")) is None


def test_every_case_is_written_or_named_as_not_fitting_columns() -> None:
    assert NOT_COLUMNS <= set(CASES) - NOT_RECORDS
    assert len(set(CASES) - NOT_RECORDS - NOT_COLUMNS) >= 25


# (the same seed gives the same dataset as Parquet: tests/test_bulk.py, one test for both formats)


@pytest.mark.parametrize("source", ["graph", "tests/data/fuzz_graph"])
def test_a_real_dataset_as_parquet_is_the_same_dataset_and_the_column_checks_accept_it(
    source: str, tmp_path: Path
) -> None:
    """The curated dataset holds every field the model has (aliases, status histories, refusals,
    sanctions, causes, evidence in several languages): the column checks accept it without the
    reference path, and the reference path reads the same records."""
    columnar.convert_dir(source, tmp_path / "cols")
    real, converted = load_dataset(source), load_dataset(tmp_path / "cols")
    assert converted.kinds == real.kinds
    counts = {k: len(v) for k, v in real.kinds.items()}
    assert _fast(tmp_path / "cols") == counts
    assert check_dataset(tmp_path / "cols").counts == counts


def test_converting_refuses_a_directory_of_two_formats_or_none(tmp_path: Path) -> None:
    """A directory of YAML and JSON Lines files is refused (not half converted), as is a missing one."""
    graph = make_graph(tmp_path, None)
    bulk.convert_yaml_dir(graph, tmp_path / "lines")
    (tmp_path / "lines" / "events.jsonl").rename(graph / "events-bulk.jsonl")
    with pytest.raises(BulkError, match="holds both YAML and JSON Lines files"):
        columnar.convert_dir(graph, tmp_path / "cols")
    with pytest.raises(BulkError, match="not a directory"):
        columnar.convert_dir(tmp_path / "nowhere", tmp_path / "cols")
    columnar.convert_dir(tmp_path / "lines", tmp_path / "cols")  # one format: converted
    with pytest.raises(BulkError, match="already a Parquet file"):
        columnar.convert_dir(tmp_path / "cols", tmp_path / "again")
    assert not (tmp_path / "again").exists()


def test_the_schema_of_each_kind_has_a_column_for_each_field_of_its_model() -> None:
    for kind in bulk.MIRRORS:
        schema = columnar.schema_of(kind)
        assert schema is not None
        fields = m.KINDS[kind].model_fields
        assert set(schema.names) == {f.alias or n for n, f in fields.items()}, kind
        # dates are text (a year written as a number becomes its text)
        for name in ("date", "from", "to"):
            if name in schema.names:
                assert schema.field(name).type == pa.string()
    assert columnar.schema_of("sources") is None  # inferred: a few records, read by the model


def test_a_directory_may_mix_yaml_and_parquet_files(tmp_path: Path) -> None:
    graph = make_graph(tmp_path, None)
    columnar.convert_dir(graph, tmp_path / "cols")
    (graph / "events.yaml").unlink()
    (tmp_path / "cols" / "events.parquet").rename(graph / "events-bulk.parquet")
    mixed = load_dataset(graph)
    assert len(mixed.events) == 1
    assert any(f.endswith("events-bulk.parquet") for f in mixed.files)
    assert check_dataset(graph).counts["events"] == 1


# ------------------------------------------------------------------------------ file problems
def test_parquet_file_problems_name_the_file_and_row(cols: Path) -> None:
    events = cols / "events.parquet"
    rows = _rows(events)
    second = dict(rows[0], id="Not A Slug", kind="meeting-of-minds")
    _write(events, "events", [rows[0], second])
    (cols / "meetings.parquet").write_bytes((cols / "countries.parquet").read_bytes())
    (cols / "places.parquet").write_bytes(b"PAR1 this is not a Parquet file")
    found = problems(check_dataset, cols)
    assert found == [
        "cols/events.parquet:2: event Not A Slug: id: must be a lowercase slug id (a-z, 0-9 and single "
        "hyphens, e.g. usa-chn-dpct)",
        "cols/events.parquet:2: event Not A Slug: kind: unknown value 'meeting-of-minds'; expected "
        + ", ".join(f"'{k.value}'" for k in list(m.EventKind)[:-1])
        + f" or '{list(m.EventKind)[-1].value}'",
        "cols/meetings.parquet:1: unknown kind 'meetings' in the file name; name a bulk file after its "
        "kind (e.g. events.parquet or events-000.parquet): one of " + ", ".join(m.KINDS),
        "cols/places.parquet:1: not a readable Parquet file: Parquet magic bytes not found in footer. "
        "Either the file is corrupted or this is not a parquet file.",
    ]
    assert problems(load_dataset, cols) == found


def test_a_column_the_model_does_not_have_is_named(cols: Path) -> None:
    persons = cols / "persons.parquet"
    table = pq.read_table(persons)
    pq.write_table(table.append_column("colour", pa.array([None] * table.num_rows, pa.string())), persons)
    assert _fast(cols) is None
    found = problems(check_dataset, cols)
    column = [p for p in found if p.startswith("cols/persons.parquet")]
    assert len(column) == 1
    assert column[0].startswith(
        "cols/persons.parquet:1: unknown column 'colour' for persons; expected some of: "
    )
    # the file's records are not read: what refers to them says so
    assert all("unknown reference" in p for p in found if p not in column)


def test_text_that_is_not_utf8_is_a_problem_not_a_traceback(cols: Path) -> None:
    """Parquet readers do not check that a text column holds UTF-8: the column checks do, and the
    reference path names the file."""
    organizations = cols / "organizations.parquet"
    table = pq.read_table(organizations)
    good = table.column("note").combine_chunks().cast(pa.binary()).fill_null(b"")
    bad = pa.array([b"\xff\xfe broken"] * len(good), pa.binary())
    as_text = pa.Array.from_buffers(pa.string(), len(bad), bad.buffers())  # no UTF-8 check on purpose
    pq.write_table(table.set_column(table.schema.get_field_index("note"), "note", as_text), organizations)
    assert _fast(cols) is None
    found = problems(check_dataset, cols)
    assert [p for p in found if "organizations.parquet" in p] == [
        f"cols/organizations.parquet:{i}: a text holds bytes that are not UTF-8; write it as UTF-8"
        for i in range(1, table.num_rows + 1)
    ]
    assert all("unknown reference" in p for p in found if "organizations.parquet" not in p)


def test_an_alias_language_given_twice_is_refused(cols: Path) -> None:
    """A Parquet map may repeat a key (a mapping in YAML or JSON may not): refused, like YAML's."""
    countries = cols / "countries.parquet"
    table = pq.read_table(countries)
    field = table.schema.field("aliases")
    twice = pa.array([[("en", ["A"]), ("en", ["B"])]] * table.num_rows, field.type)
    pq.write_table(table.set_column(table.schema.get_field_index("aliases"), field, twice), countries)
    assert _fast(cols) is None
    found = problems(check_dataset, cols)
    assert [p for p in found if "countries.parquet" in p] == [
        f"cols/countries.parquet:{i}: key 'en' appears twice in the same mapping"
        for i in range(1, table.num_rows + 1)
    ]
    assert all("unknown reference" in p for p in found if "countries.parquet" not in p)


@pytest.mark.parametrize("odd", [" Padded", "Padded\u3000", "Bell\x07", "C1\x85control", "x\x1f"])
def test_the_column_checks_see_texts_the_model_would_change(odd: str, cols: Path) -> None:
    """White space at an end (which the model strips) or a control character: the column checks do
    not accept, the reference path gives its message or accepts what the model accepts."""
    counts = check_dataset(cols).counts
    assert _fast(cols) == counts
    persons = cols / "persons.parquet"
    rows = _rows(persons)
    rows[0]["name"]["en"] = odd
    _write(persons, "persons", rows)
    assert _fast(cols) is None
    try:
        reference: dict[str, int] | None = check_dataset(cols).counts
    except DatasetError:
        reference = None
    assert reference is None or odd.strip() != odd  # a stripped name is still valid


def test_a_null_where_the_model_requires_a_value_is_a_problem_at_its_row(cols: Path) -> None:
    mechanisms = cols / "mechanisms.parquet"
    rows = _rows(mechanisms)
    rows[0]["participants"][0]["party"] = None
    _write(mechanisms, "mechanisms", rows)
    assert _fast(cols) is None
    found = problems(check_dataset, cols)
    [own] = [p for p in found if p.startswith("cols/mechanisms.parquet")]
    assert own == "cols/mechanisms.parquet:1: mechanism usa-chn-dtl: missing field 'participants[0].party'"
    assert all("unknown reference" in p for p in found if p != own)  # the mechanism is not registered


# ------------------------------------------------------------------------ the column checks are sound
@pytest.fixture(scope="module")
def synthetic_rows(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict[str, Any]]]]:
    from ddgraph.synth import SynthConfig, write_synthetic

    out = tmp_path_factory.mktemp("columns") / "p"
    write_synthetic(out, SynthConfig(seed=9, countries=4, persons=12, mechanisms=8, events=40), "parquet")
    return out, {p.name: [columnar._present(r) for r in _rows(p)] for p in out.glob("*.parquet")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(
        ["persons.parquet", "mechanisms.parquet", "events.parquet", "organizations.parquet"]
    ),
    row=st.integers(0, 10_000),
    path=st.lists(st.integers(0, 50), min_size=1, max_size=5),
    new=_ODD_VALUE,
    drop=st.booleans(),
)
def test_the_column_checks_accept_nothing_the_reference_path_refuses(
    synthetic_rows: tuple[Path, dict[str, list[dict[str, Any]]]],
    tmp_path_factory: pytest.TempPathFactory,
    file: str,
    row: int,
    path: list[int],
    new: object,
    drop: bool,
) -> None:
    base, tables = synthetic_rows
    target = _beside(base, tmp_path_factory.mktemp("mutant"), file)
    root = target.parent
    rows = list(tables[file])
    i = row % len(rows)
    rows[i] = _mutate(rows[i], path, new, drop)  # type: ignore[assignment]
    try:
        pq.write_table(columnar.table_of(columnar.kind_of_file(target), rows), target)
    except BulkError:
        assume(False)  # a value no column of the schema holds: the writer refuses it
    fast = _fast(root)
    try:
        reference = {k: len(v) for k, v in load_dataset(root).kinds.items()}
    except DatasetError:
        reference = None
    if fast is not None:
        assert fast == reference


def test_the_column_checks_refuse_a_history_out_of_order_and_a_late_lower_bound(
    synthetic_rows: tuple[Path, dict[str, list[dict[str, Any]]]], tmp_path: Path
) -> None:
    base, tables = synthetic_rows
    for change in ("swap", "lower"):
        target = _beside(base, tmp_path / change, "mechanisms.parquet")
        root = target.parent
        rows = [orjson.loads(orjson.dumps(r)) for r in tables["mechanisms.parquet"]]
        mech = next(r for r in rows if len(r.get("status") or []) >= 2)
        if change == "swap":
            mech["status"][0]["date"], mech["status"][1]["date"] = "2099", "1999"
        else:
            mech["status"][1]["lower_bound"] = True
        _write(target, "mechanisms", rows)
        assert _fast(root) is None
        with pytest.raises(DatasetError):
            load_dataset(root)


def test_an_unknown_status_in_a_history_is_a_problem_not_a_crash(
    synthetic_rows: tuple[Path, dict[str, list[dict[str, Any]]]], tmp_path: Path
) -> None:
    base, tables = synthetic_rows
    target = _beside(base, tmp_path / "status", "mechanisms.parquet")
    root = target.parent
    rows = [orjson.loads(orjson.dumps(r)) for r in tables["mechanisms.parquet"]]
    mech = next(r for r in rows if r.get("status"))
    mech["status"][0]["status"] = "hibernating"
    _write(target, "mechanisms", rows)
    assert _fast(root) is None
    with pytest.raises(DatasetError, match=r"mechanisms\.parquet:\d+: mechanism .*status\[0\]\.status"):
        load_dataset(root)


def test_a_dataset_with_a_missing_optional_column_is_read(tmp_path: Path) -> None:
    """A Parquet writer that leaves out an all-null column (pandas can): the rows read as absent."""
    graph = make_graph(tmp_path, None)
    columnar.convert_dir(graph, tmp_path / "cols")
    persons = tmp_path / "cols" / "persons.parquet"
    table = pq.read_table(persons)
    assert "description" in table.column_names
    pq.write_table(table.drop_columns(["description"]), persons)
    counts = check_dataset(graph).counts
    assert _fast(tmp_path / "cols") == counts
    assert load_dataset(tmp_path / "cols").kinds == load_dataset(graph).kinds
