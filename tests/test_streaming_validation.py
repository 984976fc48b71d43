"""Validation keeps no record: same problems as loading, in any file order, in bounded memory.

``ddgraph validate`` runs :func:`check_dataset`, which registers ids and checks each record as it is
read; a check that needs a record not read yet waits as a key (target id, source id, quote) and the
files behind the keys that fail are read again at the end. These tests pin that this gives exactly
what loading every record gives, whichever file is read first, and that memory grows with the id
index only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from ddgraph import dataset as dataset_mod
from ddgraph.dataset import DatasetError, check_dataset, load_dataset
from ddgraph.synth import SynthConfig, write_synthetic
from test_broken_inputs import BROKEN, CASES, make_graph


def problems_of(loader, root: Path) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(DatasetError) as err:
        loader(root)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("case", CASES)
def test_validate_finds_what_loading_finds_in_either_file_order(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in reverse order, sources come first and every cross-check runs at once; in the usual
    order they wait and are decided at the end. Both give the loader's exact problems."""
    make_graph(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    root = Path("graph")
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    loaded = problems_of(load_dataset, root)
    assert loaded == expected
    assert problems_of(check_dataset, root) == loaded
    if "duplicate id" in "".join(loaded):
        return  # which definition comes first depends on the order, by design
    forward = dataset_mod.graph_files
    monkeypatch.setattr(dataset_mod, "graph_files", lambda r, p=None: list(reversed(forward(r, p))))
    assert problems_of(check_dataset, root) == loaded
    assert problems_of(load_dataset, root) == loaded


def test_cross_file_problems_are_found_when_their_targets_come_later(tmp_path: Path) -> None:
    """Every cross-record check, with the record it needs in a file read after the one needing it."""
    graph = make_graph(tmp_path, None)
    (graph / "aaa.yaml").write_text(
        "events:\n"
        "  - id: late-event\n"
        "    name: {en: Late}\n"
        "    kind: meeting\n"
        '    date: "2024-01-02"\n'
        "    mechanism: zzz-not-there\n"
        "    sources: [src-late, nope-source]\n"
        "    evidence:\n"
        '      - {source: src-late, quote: "A sentence that the seed does not hold."}\n',
        encoding="utf-8",
    )
    (graph / "zzz.yaml").write_text(
        "sources:\n"
        "  - id: src-late\n"
        "    publisher: P\n"
        "    title: T\n"
        "    language: en\n"
        f"    seed: {next((graph / 'seeds').iterdir()).name}\n",
        encoding="utf-8",
    )
    found = problems_of(check_dataset, graph)
    assert problems_of(load_dataset, graph) == found
    text = "\n".join(found)
    assert "aaa.yaml:6: event late-event: mechanism: unknown reference 'zzz-not-there'" in text
    assert "aaa.yaml:7: event late-event: unknown source 'nope-source'" in text
    assert "aaa.yaml:9: event late-event: quote not found verbatim in seed" in text


def test_valid_directories_give_the_same_counts(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    counts = write_synthetic(
        out, SynthConfig(seed=3, countries=5, persons=20, mechanisms=15, events=80, per_file=7)
    )
    result = check_dataset(out)
    assert result.counts == counts
    assert len(result.files) == len(load_dataset(out).files) > 20
    real = Path(__file__).parent / "data" / "fuzz_graph"  # curated files (graph/'s top level), frozen
    assert check_dataset(real).counts == {k: len(v) for k, v in load_dataset(real).kinds.items()}


_PEAK = """
import json, resource, sys
from ddgraph.dataset import check_dataset
r = check_dataset(sys.argv[1])
print(json.dumps({"records": len(r), "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _validate_peak(root: Path) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", _PEAK, str(root)], check=True, capture_output=True, text=True)
    data = json.loads(out.stdout)
    return data["records"], data["peak_kb"] * 1024


def test_memory_grows_with_the_id_index_not_with_the_records(tmp_path: Path) -> None:
    """Four times the records in files of the same size: peak memory grows by well under 1 kB per
    extra record (loading keeps about 7.5 kB per record; the id index takes about 0.15 kB)."""
    small, large = tmp_path / "small", tmp_path / "large"
    write_synthetic(
        small, SynthConfig(seed=5, countries=20, persons=250, mechanisms=250, events=2_000, per_file=500)
    )
    write_synthetic(
        large, SynthConfig(seed=5, countries=20, persons=1_000, mechanisms=1_000, events=8_000, per_file=500)
    )
    n_small, peak_small = _validate_peak(small)
    n_large, peak_large = _validate_peak(large)
    per_record = (peak_large - peak_small) / (n_large - n_small)
    assert n_large - n_small > 7_000
    assert per_record < 1_000, f"{per_record:.0f} bytes per extra record"


@pytest.mark.slow
def test_a_million_records_validate_in_bounded_memory(tmp_path: Path) -> None:
    """The issue's large input: about 1M records (896 MB of YAML, 76 files) validate, and the peak stays
    near the id index plus one file (under 1 GiB; keeping every record took 7.4 GB)."""
    big = tmp_path / "big1m"
    counts = write_synthetic(big, SynthConfig(seed=1, persons=100_000, mechanisms=100_000, events=800_000))
    records, peak = _validate_peak(big)
    assert records == sum(counts.values()) > 1_000_000
    print(f"\n{records:,} records validated, peak RSS {peak / 2**20:,.0f} MiB")
    assert peak < 2**30


def _forward_reference_files(graph: Path, n: int, missing: int | None = None) -> None:
    """``n`` files of one organization each, every one ``part_of`` a parent defined in the last file."""
    cite = "    sources: [seed-tiny]\n    evidence: [{source: seed-tiny, quote: Hai nước}]\n"
    for i in range(n):
        (graph / f"org-{i:06d}.yaml").write_text(
            f"organizations:\n  - id: org-{i:06d}\n    name: {{en: Office {i}}}\n    kind: office\n"
            f"    part_of: parent-{i:06d}\n" + cite,
            encoding="utf-8",
        )
    (graph / "zzz-parents.yaml").write_text(
        "organizations:\n"
        + "".join(
            f"  - id: parent-{i:06d}\n    name: {{en: Parent {i}}}\n    kind: ministry\n    part_of: usa\n"
            + cite
            for i in range(n)
            if i != missing
        ),
        encoding="utf-8",
    )


def test_forward_references_across_many_files_are_decided_at_the_end(tmp_path: Path) -> None:
    """Each of 200 files waits for a parent defined in the last file: valid, and one parent left out
    is reported at the one file that names it."""
    graph = make_graph(tmp_path / "ok", None)
    _forward_reference_files(graph, 200)
    assert check_dataset(graph).counts["organizations"] == 1 + 2 * 200
    graph = make_graph(tmp_path / "missing", None)
    _forward_reference_files(graph, 200, missing=121)
    assert [p.message for p in problems_of_objects(check_dataset, graph)] == [
        "organization org-000121: part_of: unknown reference 'parent-000121'"
    ]


def problems_of_objects(loader, root: Path) -> list[dataset_mod.Problem]:  # type: ignore[no-untyped-def]
    with pytest.raises(DatasetError) as err:
        loader(root)
    return list(err.value.problems)


def _pending_bytes(n_files: int) -> int:
    """Memory of the waiting keys after ``n_files`` files, each waiting for its own forward reference."""
    checker = dataset_mod._Checker(Path("graph"), [])
    tracemalloc.start()
    try:
        for i in range(n_files):
            checker._file = i  # what read_file sets before reading file i
            checker.ref(f"org-{i}", "organization org-{i}: part_of", f"parent-{i:06d}", ("organizations",))
        return tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()


def test_forward_references_across_many_files_take_linear_memory() -> None:
    """Issue 13 item 8 at its own size (80,000 files, each waiting for a parent defined later): the
    second 40,000 files take the memory of the first 40,000, not three times as much. A bit set of
    waiting files per key cost as many bits as the file's index, so memory grew as keys x files."""
    half, full = _pending_bytes(40_000), _pending_bytes(80_000)
    assert full - half < 1.1 * half, f"files 40,001-80,000 took {(full - half) / half:.2f}x files 1-40,000"
