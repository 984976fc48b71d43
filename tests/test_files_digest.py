"""ddgraph.dataset.files_digest: equal digests for the same files, a new one for any change a load reads."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ddgraph.dataset import files_digest, load_dataset_digest

TINY = Path(__file__).parent / "data" / "neo4j_tiny"
GRAPH = Path(__file__).parent.parent / "graph"


def copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def test_the_same_files_in_another_folder_have_the_same_digest(tmp_path):
    a, b = copy(TINY, tmp_path / "a"), copy(TINY, tmp_path / "b")
    assert files_digest(a) == files_digest(b) == files_digest(TINY)
    assert len(files_digest(a) or "") == 64


def test_any_byte_of_a_data_file_changes_the_digest(tmp_path):
    d = copy(TINY, tmp_path / "d")
    before = files_digest(d)
    data = d / "data.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert files_digest(d) != before


def test_a_renamed_file_a_new_file_and_a_removed_file_change_the_digest(tmp_path):
    d = copy(TINY, tmp_path / "d")
    digests = {files_digest(d)}
    (d / "data.yaml").rename(d / "renamed.yaml")
    digests.add(files_digest(d))
    (d / "extra.yaml").write_text("countries: []\n", encoding="utf-8")
    digests.add(files_digest(d))
    (d / "extra.yaml").unlink()
    (d / "renamed.yaml").unlink()
    digests.add(files_digest(d))
    assert len(digests) == 4


def test_the_seed_texts_count_as_they_are_quoted_by_the_checks(tmp_path):
    d = copy(GRAPH, tmp_path / "graph")
    seeds = sorted((d / "seeds").iterdir())
    assert seeds, "the curated dataset has seed texts"
    before = files_digest(d)
    seeds[0].write_text(seeds[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert files_digest(d) != before


def test_hidden_files_and_folders_are_not_read_by_a_load_and_do_not_count(tmp_path):
    d = copy(TINY, tmp_path / "d")
    before = files_digest(d)
    (d / ".editor-swap").write_text("x", encoding="utf-8")
    (d / ".git").mkdir()
    (d / ".git" / "HEAD").write_text("ref: main\n", encoding="utf-8")
    assert files_digest(d) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_file_that_cannot_be_read_as_one_gives_no_digest_rather_than_block(tmp_path):
    d = copy(TINY, tmp_path / "d")
    os.mkfifo(d / "pipe.yaml")
    assert files_digest(d) is None
    assert files_digest(tmp_path / "missing") is None


def test_the_digest_of_a_load_is_the_digest_of_the_files_it_read(tmp_path):
    d = copy(TINY, tmp_path / "d")
    ds, digest = load_dataset_digest(d)
    assert digest == files_digest(d) and len(ds) > 0
    # a digest taken before the files changed is not the digest of what was read: none is given
    stale = files_digest(TINY)
    (d / "data.yaml").write_text((d / "data.yaml").read_text(encoding="utf-8") + "# edit\n", encoding="utf-8")
    assert load_dataset_digest(d, stale)[1] is None


def test_the_digest_covers_the_code_and_the_versions_of_what_it_requires(tmp_path, monkeypatch):
    import ddgraph.dataset as dataset

    d = copy(TINY, tmp_path / "d")
    before = files_digest(d)
    monkeypatch.setattr(dataset.metadata, "version", lambda name: "0.0-another")
    dataset._code_digest.cache_clear()
    try:
        assert files_digest(d) != before  # a new pydantic or pycountry may read the same files otherwise
    finally:
        dataset._code_digest.cache_clear()
