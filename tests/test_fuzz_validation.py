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

import json
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddgraph.dataset import DatasetError, graph_files, load_dataset
from ddgraph.errors import YamlProblem
from ddgraph.yamlfile import (
    _distinct_lines,
    _house_lines,
    _read_house_text,
    in_house_subset,
    read_records,
    read_records_reference,
    read_yaml,
)

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


def _house(path: Path) -> object:
    """What the yaml-rs path of ``read_records`` makes of ``path`` (None: it steps aside)."""
    try:
        return _read_house_text(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


def assert_reads_like_the_reference(path: Path) -> bool:
    """Both fast paths (yaml-rs on the house subset, libyaml's events) give exactly the records, item
    lines and value types that ``read_yaml`` builds, or step aside (None) so that ``read_yaml`` decides;
    a file that ``read_yaml`` refuses gets None from both, so its message is always the reference's.
    Whether the yaml-rs path took the file."""
    house, events, fast = _house(path), read_records_reference(path), read_records(path)
    try:
        reference = repr(_reference_records(path))
    except YamlProblem:
        assert (house, events, fast) == (None, None, None)
        return False
    except AttributeError:  # read_yaml read a document that is not a mapping of lists
        assert (house, events, fast) == (None, None, None)
        return False
    for got in (house, events, fast):
        if got is not None:
            assert repr(got) == reference
    return house is not None


#: The synthetic data of the benchmark (`ddgraph synth`), small: every kind, in the house layout.
SYNTH = [("synth", name) for name in ("countries", "events-000", "mechanisms-000", "organizations")]


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ddgraph.synth import SynthConfig, write_synthetic

    out = tmp_path_factory.mktemp("synth") / "data"
    write_synthetic(out, SynthConfig(seed=1, scale=0.002, countries=20))
    return out


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_the_fast_reader_reads_every_unmutated_file(name: str) -> None:
    """Clean files take the fast path (so the property below is not satisfied by always stepping aside)."""
    fast = read_records(ROOT / "graph" / name)
    assert fast is not None
    assert repr(fast) == repr(_reference_records(ROOT / "graph" / name))
    assert_reads_like_the_reference(ROOT / "graph" / name)


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_readers_agree_on_the_frozen_copy(name: str) -> None:
    assert_reads_like_the_reference(SOURCE / name)


def test_the_yaml_rs_path_reads_the_synthetic_data_and_most_of_graph(synth_dir: Path) -> None:
    """The benchmark's data (every file `ddgraph synth` writes) and most curated files go through
    yaml-rs, with the reference's records and lines."""
    synth = [p for p in graph_files(synth_dir) if p.suffix == ".yaml"]
    assert len(synth) >= 7
    assert all(assert_reads_like_the_reference(p) for p in synth)
    curated = [assert_reads_like_the_reference(ROOT / "graph" / name) for name in GRAPH_FILES]
    assert sum(curated) >= 0.75 * len(curated)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_the_fast_reader_gives_the_reference_data_or_steps_aside(
    case: tuple[str, bytes], tmp_path: Path
) -> None:
    """``read_records`` (yaml-rs on the house subset, else libyaml's events, no per-key lines) returns
    exactly what ``read_yaml`` builds, with the same item lines and value types, or None so that
    ``read_yaml`` decides; never other data, and never data for a file that ``read_yaml`` refuses."""
    _, data = case
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert_reads_like_the_reference(path)


# -------------------------------------------------------------- generated documents, nasty scalars
#: Scalars that YAML 1.1 (the reference) and YAML 1.2 (yaml-rs) may read differently, or that the
#: grammar must leave to the reference: bools and nulls of 1.1 only, numbers in every base, dates
#: and date look-alikes, EDTF strings, sexagesimals, indicators, escapes, odd characters.
SCALARS = [
    *["yes", "no", "on", "off", "On", "NO", "Off", "y", "n", "true", "False", "TRUE", "null", "Null"],
    *["~", "", "0x1F", "0o17", "017", "09", "0", "12", "-1", "+1", "1_000", "1e3", "1.0", "1.", ".5"],
    *[".inf", "-.inf", ".NaN", "99999999999999999999", "123456789012345678", "1:30", "190:20:30.15"],
    *["2023-03", "2023-03-01", "2023-02-30", "2007-41", "1985-04-12T23:20:50", "2001-12-14 21:59:43.10 -5"],
    *["2001-12-14t21:59:43.10-05:00", "<<", "=", "75-minute meeting", "5th round", "4gwar-x", "3am"],
    *["000_0caf.txt", "1a", "12 monkeys", "1 2", "a: b", "a #b", "a#b", "a:b", "http://x.y/z?q=1"],
    *["it's", 'say "hi"', "café", "中文", "𝕏", "🙂", " lead", "trail ", "-x", "?x", ":x", "[x]"],
    *["{x}", "x, y", "x]", "#x", "&a", "*a", "!x", "!!str x", "%x", "@x", "`x", "|", ">", "- x"],
    *["\\", "\\n", "a\\tb", "\t", "a\tb", "\u00a0", "\u2028", "\x85", "\x7f", "\ufeff", "\r"],
    *["multi\nline", "two\n\nparas", "x" * 1100, "Synthetic statement 024: the parties met."],
]
KEYS = ["id", "name", "kind", "date", "sources", "quote", "k-1", "a b", "yes", "Null"]
CLEAN_KEYS = KEYS[:7]
BAD_KEYS = ["on", "1", "x" * 1100, "<<", "", "a: b", "- x", "&a", "? x"]
#: Plain scalars of the kind graph files hold, with the words and ints both YAML versions share.
ORDINARY = ["mech-000001", "Synthetic statement 024", "75-minute meeting", "4gwar-x", "café", "中文", "12"]
ORDINARY += ["0", "true", "False", "null", "~", "http://x.y/z?q=1", "it's", 'say "hi"', "5th round"]
#: Printable text (the odd control character comes from SCALARS and the raw bytes of ``mutated``).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)


def _dq(text: str, style: str) -> str:
    if style == "json":  # the escapes JSON has (\uXXXX below U+10000; libyaml refuses surrogate pairs)
        return json.dumps(text, ensure_ascii=max(text, default=" ") < "\U00010000")
    if style == "yaml":  # escapes only YAML has
        return '"' + "".join(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\U{ord(c):08x}" for c in text) + '"'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'  # raw, with \" and \\


def _loads(text: str) -> bool:
    try:
        yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
    except (yaml.YAMLError, ValueError):
        return False
    return True


#: The scalars that stay valid YAML when written plain, in a block and in a flow collection.
PLAIN_BLOCK = [text for text in SCALARS if _loads(f"a: {text}\n")]
PLAIN_FLOW = [text for text in SCALARS if _loads(f"a: [{text}]\n")]


def _rarely(draw: st.DrawFn) -> bool:
    """True one time in ten (hypothesis shrinks integers towards 0, so 0 is the common case)."""
    return draw(st.integers(0, 9)) == 9


@st.composite
def scalar_text(draw: st.DrawFn, clean: bool, flow: bool = False) -> str:
    """A scalar as it may be written: plain, double-quoted (three ways) or single-quoted. ``clean``
    documents write plain only the scalars of graph files, and quote the rest."""
    if _rarely(draw):  # any printable text, mostly quoted
        text = draw(TEXT)
        style = draw(st.sampled_from(["json", "json", "dq", "yaml", "sq", "plain"]))
    else:
        styles = ["plain", "plain", "plain", "dq", "json", "yaml", "sq"]
        style = draw(st.sampled_from(styles[:-2] + ["sq"] if clean else styles))
        if style == "plain" and (clean or draw(st.booleans())):
            text = draw(st.sampled_from(ORDINARY))
        else:
            text = draw(
                st.sampled_from(
                    (PLAIN_FLOW if flow else PLAIN_BLOCK)
                    if style == "plain" and not _rarely(draw)
                    else SCALARS
                )
            )
    if clean and style == "plain" and text not in ORDINARY:
        style = "json"
    if style == "plain":
        return text
    if style == "sq":
        return "'" + text.replace("'", "''") + "'"
    return _dq(text, style)


@st.composite
def flow_text(draw: st.DrawFn, clean: bool, depth: int = 0) -> str:
    if depth < 3 and draw(st.booleans()):
        items = draw(st.lists(flow_text(clean, depth + 1), max_size=3))
    else:
        items = draw(st.lists(scalar_text(clean, flow=True), max_size=3))
    if draw(st.booleans()):
        return "[" + ", ".join(items) + "]"
    names = CLEAN_KEYS if clean else KEYS[:8]
    keys = draw(st.lists(st.sampled_from(names), min_size=len(items), max_size=len(items), unique=True))
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


@st.composite
def value_lines(draw: st.DrawFn, clean: bool, indent: int, depth: int) -> list[str]:
    """The lines of one mapping value: after ``key:`` on its line, or below it."""
    pad = " " * indent
    kinds = ["scalar", "scalar", "scalar", "flow", "flow", "block", "seq", "map", "empty"]
    kind = draw(st.sampled_from(kinds))
    odd = not clean and _rarely(draw)
    if kind == "scalar":
        return [
            " " + draw(scalar_text(clean)) + (draw(st.sampled_from(["  # c", " #c", "  "])) if odd else "")
        ]
    if kind == "flow":
        return [" " + draw(flow_text(clean)) + (" # c" if _rarely(draw) else "")]
    if kind == "block":
        text = draw(st.sampled_from(SCALARS) | TEXT)
        head = draw(st.sampled_from([">-", "|-"] if clean else [">-", ">-", "|-", ">", "|", ">+", ">2"]))
        body = [pad + "  " + line if line else "" for line in text.split("\n")]
        return [" " + head, *body]
    if kind == "empty" or depth > 2:
        return [""]
    more = draw(st.sampled_from([2, 0, 4, 1])) if odd else 2
    if kind == "seq":
        return ["", *draw(sequence_lines(clean, indent + more, depth + 1))]
    return ["", *draw(mapping_lines(clean, indent + (more or 2), depth + 1))]


@st.composite
def mapping_lines(draw: st.DrawFn, clean: bool, indent: int, depth: int, first: str = "") -> list[str]:
    odd = not clean and _rarely(draw)
    keys = draw(
        st.lists(st.sampled_from(CLEAN_KEYS if clean else KEYS), min_size=1, max_size=5, unique=not odd)
    )
    if odd:
        keys.append(draw(st.sampled_from(BAD_KEYS) | TEXT))
    lines = []
    for n, key in enumerate(keys):
        value = draw(value_lines(clean, indent, depth))
        lines.append((first if n == 0 and first else " " * indent) + key + ":" + value[0])
        lines.extend(value[1:])
        if _rarely(draw):
            lines.append(draw(st.sampled_from(["", "# comment", " " * indent + "# comment", "  "])))
    return lines


@st.composite
def sequence_lines(draw: st.DrawFn, clean: bool, indent: int, depth: int) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        if _rarely(draw):
            lines.append(" " * indent + "- " + draw(scalar_text(clean) | flow_text(clean)))
        else:
            lines.extend(draw(mapping_lines(clean, indent + 2, depth + 1, first=" " * indent + "- ")))
    return lines


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A graph file in (or near) the house layout: top-level kinds holding sequences of records; half
    of them clean (plain scalars of graph files, anything else quoted) so that both readers' values
    are compared, the rest with nasty plain scalars, odd keys, indentation, comments and endings."""
    clean = draw(st.booleans())
    odd = not clean and _rarely(draw)
    head = draw(st.sampled_from([["# SYNTHETIC"], ["---"], ["%YAML 1.1", "---"], []])) if odd else []
    lines = list(head)
    kinds = ["events", "persons", "sources"] + ([] if clean else ["yes", "Null"])
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3, unique=True)):
        lines.append(kind + ":")
        lines.extend(draw(sequence_lines(clean, draw(st.sampled_from([0, 4])) if odd else 2, 0)))
    text = "\n".join(lines) + (draw(st.sampled_from(["", "\n\n", "\n...\n"])) if odd else "\n")
    if odd and _rarely(draw):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\t\n", " \n"])))
    return (("\ufeff" if _rarely(draw) else "") + text).encode("utf-8")


@settings(
    max_examples=150,  # CI (about 15 s); the -m slow run below takes 3,000
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=documents())
def test_generated_documents_read_like_the_reference(data: bytes, tmp_path: Path) -> None:
    """Documents built from nasty scalars ("yes", "on", "0x1F", "1_000", "2023-03", "2007-41", ".inf",
    "~", quoted and unquoted, escapes of JSON and of YAML only, block scalars, unicode, a BOM, comments,
    empty values, odd indentation) read exactly as ``read_yaml`` reads them, or step aside."""
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert_reads_like_the_reference(path)


@pytest.mark.slow
@settings(
    max_examples=3_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=documents())
def test_generated_documents_read_like_the_reference_three_thousand_examples(
    data: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert_reads_like_the_reference(path)


def _same_subset(text: str) -> None:
    """The grammar read over the distinct lines of ``text`` (what the reader does with a text without
    a block) accepts exactly the texts that it accepts read over the whole text, line after line."""
    whole = text.endswith("\n") and in_house_subset(text)
    assert (text.endswith("\n") and _house_lines(text) is not None) == whole
    if text.endswith("\n") and "-\n" not in text:
        assert in_house_subset(_distinct_lines(text)) == whole


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=documents(), case=mutated())
def test_the_house_subset_holds_the_distinct_lines_exactly_when_it_holds_the_text(
    data: bytes, case: tuple[str, bytes]
) -> None:
    for raw in (data, case[1]):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        _same_subset(text)
        _same_subset(text.replace(": >-\n", ": x\n").replace(": |-\n", ": x\n"))  # no block left


#: Lines in the subset or just out of it, at the indents where a line might depend on its neighbours.
SOUP = [
    *["events:", "  - id: a", "  - id: b", "    k: v", "      k: v", "    note:", "    - x", "  - x", "- x"],
    *["# c", "    # c", '    q: "a: b"', "    k: v # c", "    k: [a, {b: c}]", "      - y: z", "k: v"],
    *["    k: yes", "      trailing ", " " * 81 + "k: v", "", "    ", "      ", "\tx", "    a\x85b: c"],
]


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(st.sampled_from(SOUP), max_size=20), end=st.sampled_from(["\n", "", "\n\n"]))
def test_a_line_is_in_the_house_subset_whatever_its_neighbours(lines: list[str], end: str) -> None:
    """Without a block, no line's place in the subset depends on the lines around it (the ``- `` of a
    sequence looks only at its own indent, a line at column 0 at the line break before it), so their
    order and repetition do not matter."""
    _same_subset("\n".join(lines) + end)


def test_a_house_text_repeating_its_lines_reads_like_the_reference(tmp_path: Path) -> None:
    """Repeated lines are each checked once; the records and lines are the reference's; one line out
    of the subset, though the same as lines in it but for a space, still leaves the text to the event
    reader; and a text with a block is read whole, with the same records."""
    record = (
        "  - id: a{n}\n"
        "    kind: hotline\n"
        "    sources: [synthetic-01]\n"
        '    evidence: [{{source: synthetic-01, quote: "Synthetic statement 024."}}]\n'
        "    status:\n"
        "      - status: active\n"
        "        sources: [synthetic-01]\n"
    )
    text = "# c\nevents:\n" + "".join(record.format(n=n) for n in range(50)) + "persons: []\n"
    path = tmp_path / "f.yaml"
    block = text.replace("    kind: hotline\n", "    text: >-\n      one\n\n      two\n")
    for body, lines in ((text, 7), (block, 10)):
        path.write_text(body, encoding="utf-8")
        assert assert_reads_like_the_reference(path)
        records = read_records(path)
        assert records is not None and records[0][2] == [3 + lines * n for n in range(50)]
    for good, bad in [("hotline\n", "hotline \n"), ("[synthetic-01]\n", "[synthetic-01] \n")]:
        broken = text.replace(good, bad, 1)
        assert _read_house_text(broken) is None, bad
        _same_subset(broken)
    # a character never in the subset (a control, a line break libyaml knows, a BOM inside), in any
    # place a character can be: a quote, a plain scalar, a comment, a block
    for char in ("\x01", "\t", "\r", "\x85", "\u2028", "\ufeff", "\uffff"):
        for good in ('024."', "hotline", "# c", "      two"):
            broken = (block if "two" in good else text).replace(good, good[:2] + char + good[2:], 1)
            assert not in_house_subset(broken) and _read_house_text(broken) is None, (char, good)
            _same_subset(broken)


def test_the_yaml_rs_path_keeps_yaml_1_1_values(tmp_path: Path) -> None:
    """What the grammar lets through to yaml-rs reads as YAML 1.1 reads it (and what would read
    otherwise is left to the reference): quoted look-alikes stay strings, the words and ints both
    versions share keep their type, folded blocks fold the same."""
    text = (
        "# house layout\n"
        "events:\n"
        "  - id: a\n"
        '    date: "2023-03-01"\n'
        "    track: '1'\n"
        '    edtf: "2007-41"\n'
        "    number: 12\n"
        "    zero: 0\n"
        "    verified: true\n"
        "    off_flag: False\n"
        "    nothing: null\n"
        "    tilde: ~\n"
        "    empty:\n"
        "    words: 75-minute meeting, 5th round (A - B) done\n"
        '    quote: "He said \\"yes\\" \\u00e9 \\/ \\\\ \\n"\n'
        "    sq: 'it''s'\n"
        '    flow: {en: "x", vi: [a b, "yes", 4gwar-x, 1, true]}\n'
        "    url: http://x.y/z?q=1\n"
        "    text: >-\n"
        "      one\n"
        "      two\n"
        "\n"
        "      three\n"
        "    literal: |-\n"
        "      a\n"
        "      b\n"
        "  - id: b\n"
        "persons: []\n"
    )
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    assert assert_reads_like_the_reference(path)
    records = read_records(path)
    assert records is not None
    ((_, events, lines), (_, persons, _)) = records
    assert lines == [3, 27] and persons == []
    assert events[0]["date"] == "2023-03-01" and events[0]["track"] == "1" and events[0]["number"] == 12
    assert events[0]["verified"] is True and events[0]["off_flag"] is False and events[0]["empty"] is None
    assert events[0]["text"] == "one two\nthree" and events[0]["literal"] == "a\nb"
    for plain in ["yes", "on", "0x1F", "1_000", "2023-03-01", "1:30", ".inf", "017", "1e3", "2007-41"]:
        path.write_text(f"events:\n  - id: a\n    v: {plain}\n", encoding="utf-8")
        assert not assert_reads_like_the_reference(path), plain  # left to the reference


def test_nesting_too_deep_for_the_reference_is_left_to_it(tmp_path: Path) -> None:
    """yaml-rs would read a block nested 400 deep, which ``read_yaml`` refuses in one line: the grammar
    stops at 80 columns of indent, so the refusal stays the reference's."""
    path = tmp_path / "f.yaml"
    for depth, readable in ((70, True), (400, False)):
        lines = ["events:", "  - id: a"] + [" " * (4 + k) + f"k{k}:" for k in range(depth)]
        path.write_text("\n".join([*lines, " " * (4 + depth) + "x: 1"]) + "\n", encoding="utf-8")
        assert assert_reads_like_the_reference(path) is readable
    with pytest.raises(YamlProblem, match="nesting is too deep"):
        read_yaml(path)
