"""End to end in a real browser: the Neo4j Browser runs every query file and the GraSS style, and the
HTML centrality reports render without a console error.

Headless Chromium (Debian's ``/usr/bin/chromium``, installed by ``scripts/install-browser``; never a
``playwright install`` download) driven by Playwright, against the Neo4j Browser served by the server of
the ``neo4j_server`` fixture (HTTP port ``$NEO4J_HTTP_PORT``, default 7474). Screenshots go to a
temporary folder, or to ``$DDGRAPH_SCREENSHOTS`` -- ``DDGRAPH_SCREENSHOTS=docs/screenshots`` refreshes
the ones the README shows.

The Browser's DOM is addressed by its ``data-testid`` attributes (neo4j-browser 5.24.0): the connect
form (``boltaddress``, ``username``, ``password``, ``connect``), the editor (``activeEditor``,
``editor-Run``), result frames (``frame``, ``frameStatusbar``, ``cypherFrameErrorMessage``) and the
table view (``role="row"``/``role="cell"``).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from ddgraph.channels import ChannelFilter
from ddgraph.cli import main
from ddgraph.cypher_library import load_query, query_names
from ddgraph.graph import NODE_LABELS
from ddgraph.vocabulary import KIND_LABELS

pytestmark = pytest.mark.browser

REPO = Path(__file__).parent.parent
GRAPH = REPO / "graph"
STYLE = REPO / "cypher" / "style.grass"
CHROMIUM = Path(os.environ.get("DDGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The machine may be small and shared: the Browser app takes 10-30 s to load there.
SLOW = 120_000  # ms

# A small neighbourhood for the styled graph screenshot: US and China, the channels they take part in
# (directly or through a ministry/command), and the channels' status changes.
NEIGHBOURHOOD = """MATCH p = (c:Country)<-[:PART_OF*0..2]-()-[:PARTICIPATES_IN]->(m:Mechanism)
WHERE c.id IN ['usa', 'chn'] AND m.kind IN ['hotline', 'military_talks', 'defense_ministers_dialogue']
OPTIONAL MATCH s = (m)-[:HAS_STATUS]->(:StatusChange)
RETURN p, s"""


# ----------------------------------------------------------------------------------------- fixtures
def _missing(reason: str) -> Any:
    if os.environ.get("DDGRAPH_REQUIRE_NEO4J") == "1":  # CI: scripts/test installs both
        pytest.fail(f"DDGRAPH_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium under Playwright (the system binary, no downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found (scripts/install-browser)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("DDGRAPH_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cli(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def loaded(neo4j_server: Any) -> Any:
    """The real dataset in Neo4j, with the centrality scores of 2024-07-28 written back."""
    env = neo4j_server.env()
    _cli(["load", str(GRAPH)], env)
    _cli(
        ["report", "centrality", "--as-of", "2024-07-28", "--neo4j", "--write-back", "--format", "json"], env
    )
    return neo4j_server


@pytest.fixture(scope="module")
def neo4j_browser(chromium: Any, loaded: Any) -> Iterator[Any]:
    """A page of the Neo4j Browser, connected with the fixture's password over bolt://."""
    port = os.environ.get("NEO4J_HTTP_PORT", "7474")
    context = chromium.new_context(
        viewport={"width": 1400, "height": 1000}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.set_default_timeout(SLOW)
    page.goto(f"http://127.0.0.1:{port}/browser/", wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid=connect]")
    bolt = urlparse(loaded.uri)
    page.select_option("[data-testid=bolt-scheme-select]", "bolt://")
    page.fill("[data-testid=boltaddress]", f"{bolt.hostname}:{bolt.port or 7687}")
    page.fill("[data-testid=username]", loaded.user)
    page.fill("[data-testid=password]", loaded.password)
    page.click("[data-testid=connect]")
    page.get_by_text("You are connected as user").wait_for()
    page.wait_for_selector("[data-testid=disconnectedBanner]", state="detached")
    try:
        yield page
    finally:
        context.close()


# ---------------------------------------------------------------------------------------- helpers
def run_in_editor(page: Any, command: str) -> Any:
    """Type ``command`` into the Browser's editor, run it, and return the frame it opened."""
    editor = page.locator("[data-testid=activeEditor]")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # Pasted, as an analyst would: typed text gets auto-indented and auto-closed brackets.
    page.evaluate("text => navigator.clipboard.writeText(text)", command)
    page.keyboard.press("Control+V")
    page.click("[data-testid=editor-Run]")
    if command.strip() == ":clear":
        page.wait_for_function("() => !document.querySelector('[data-testid=frame]')")
        return None
    # Frames are found by their command line (the Browser may add frames of its own, e.g. :play start).
    first_line = _squash(command.strip().splitlines()[0])[:50]
    frame = page.locator(
        "[data-testid=frame]", has=page.locator("[data-testid=frameCommand]", has_text=first_line)
    ).first
    frame.wait_for()
    return frame


FINISHED = "[data-testid=frameStatusbar]:has-text('completed after')"


def wait_for_result(frame: Any, ready: str = FINISHED) -> str:
    """Wait until a Cypher frame shows ``ready`` (default: finished); fail on an error frame.

    Returns the frame's status bar text.
    """
    errors = "[data-testid=cypherFrameErrorMessage], [data-testid=errorBanner]"
    frame.locator(f"{ready}, {errors}").first.wait_for()
    assert frame.locator(errors).count() == 0, frame.locator(errors).first.inner_text()
    bar = frame.locator("[data-testid=frameStatusbar]")
    return str(bar.inner_text()) if bar.count() else ""


def cypher_literal(value: Any) -> str:
    """A JSON value as a Cypher literal, for ``:params`` (strings in single quotes, escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"


def browser_text(value: Any) -> str:
    """How the Browser's table view shows a value: strings quoted, lists bracketed, null as null."""
    if isinstance(value, list):
        return "[" + ", ".join(browser_text(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return json.dumps(value)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def table_rows(frame: Any) -> list[list[str]]:
    """The cells of the table view of a result frame, as the Browser shows them (all rows are in the DOM)."""
    cells: list[list[str]] = frame.locator("[role=table] [role=row]").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('[role=cell]')).map(c => c.innerText))"
    )
    return [[_squash(c) for c in row] for row in cells if row]


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    """Parse GraSS exactly as neo4j-browser 5.24.0 does (``parseGrass``, the non-JSON branch).

    It has no comment syntax: text outside braces joins the next selector, quotes toggle, and a
    declaration is kept only when it splits on ':' into exactly two parts.
    """
    in_quote = in_rule = nested = False
    key = body = ""
    raw: dict[str, str] = {}
    for ch in text:
        special = True
        if ch == "{":
            if in_quote:
                special = False
            elif in_rule:
                nested = True
            else:
                in_rule = True
        elif ch == "}":
            if in_quote:
                special = False
            elif nested:
                nested = False
            else:
                in_rule, raw[key], key, body = False, body, "", ""
        elif ch in "'\"":
            in_quote = not in_quote
        else:
            special = False
        if not special:
            if in_rule:
                body += ch
            elif not ch.isspace():
                key += ch
    rules: dict[str, dict[str, str]] = {}
    for selector, declarations in raw.items():
        rules[selector] = {}
        for declaration in declarations.split(";"):
            parts = declaration.split(":")
            if len(parts) == 2:
                rules[selector][parts[0].strip()] = parts[1].strip()
    return rules


def expected_rows(name: str, server: Any) -> list[dict[str, Any]]:
    """``ddgraph query NAME --example --format json``: what the Browser must show."""
    return list(json.loads(_cli(["query", name, "--example", "--format", "json"], server.env())))


# ------------------------------------------------------------------------------- the style, static
def test_the_style_file_parses_into_label_rules_only() -> None:
    rules = grass_rules(STYLE.read_text(encoding="utf-8"))
    # every label a node can carry, from the model: the record kinds and one per mechanism/event kind
    labels = {*NODE_LABELS, *KIND_LABELS}
    assert "Incident" in labels and "Hotline" in labels
    missing = ({f"node.{x}" for x in labels} | {"node", "relationship"}) - set(rules)
    assert not missing, f"no style rule for {sorted(missing)}"
    assert all(re.fullmatch(r"(node|relationship)(\.[A-Za-z0-9_]+)?", s) for s in rules), sorted(rules)
    # The header comment sits in the first rule and must leave no declaration behind.
    assert not [k for r in rules.values() for k in r if "/*" in k or "*/" in k or " " in k]
    assert rules["node"]["caption"] == "{name}" and rules["node.Country"]["caption"] == "{name}"
    assert ":style" not in STYLE.read_text(encoding="utf-8")  # the Browser cuts a pasted style there


# ------------------------------------------------------------------------------- the query files
@pytest.mark.parametrize("name", query_names())
def test_every_query_file_runs_in_the_neo4j_browser(
    name: str, neo4j_browser: Any, loaded: Any, screenshots: Path
) -> None:
    page, query = neo4j_browser, load_query(name)
    expected = expected_rows(name, loaded)
    run_in_editor(page, ":clear")
    params = ", ".join(f"{k}: {cypher_literal(v)}" for k, v in query.example.items())
    params_frame = run_in_editor(page, f":params {{{params}}}")
    params_frame.locator("[data-testid=rawParamData]").wait_for()
    shown_params = params_frame.locator("[data-testid=rawParamData]").inner_text()
    for key in query.example:
        assert f'"{key}"' in shown_params

    frame = run_in_editor(page, query.text)
    status = wait_for_result(frame)
    assert f"{len(expected)} record" in status, status
    header = [_squash(h) for h in frame.locator("[role=columnheader]").all_inner_texts()]
    assert expected, f"{name}: the header example returns no rows, so the Browser table is not compared"
    assert header == list(expected[0])
    rows = table_rows(frame)
    assert rows == [[browser_text(v) for v in row.values()] for row in expected]
    # every EDTF date column has its words beside it: the hotline agreed "2007-41", the second half of 2007
    for column in header:
        if f"{column}_text" in header:
            assert all(row[f"{column}_text"] is not None for row in expected if row[column] is not None), (
                column
            )
    if name == "mechanism_history":
        at = header.index("since")
        assert ['"2007-41"', '"second half of 2007"'] in [r[at : at + 2] for r in rows]
    frame.screenshot(path=str(screenshots / f"browser-{name}.png"))


# ------------------------------------------------------------------------------- style + graph view
def test_the_grass_style_colours_a_graph_result(neo4j_browser: Any, screenshots: Path) -> None:
    page = neo4j_browser
    rules = grass_rules(STYLE.read_text(encoding="utf-8"))
    run_in_editor(page, ":clear")
    style_frame = run_in_editor(page, ":style " + STYLE.read_text(encoding="utf-8"))
    shown = style_frame.locator("pre").inner_text()
    assert "node.Hotline" in shown and "/*" not in shown, shown[:500]

    frame = run_in_editor(page, NEIGHBOURHOOD)
    wait_for_result(frame, ready="svg g.node circle.b-outline")
    frame.locator("button[title=Fullscreen]").click()  # a readable picture: the frame fills the window
    time.sleep(4)  # let the force layout settle
    frame.locator("button[aria-label=zoom-to-fit]").click()
    time.sleep(1)
    nodes = frame.locator("svg g.node").evaluate_all(
        "gs => gs.map(g => { const c = g.querySelector('circle.b-outline');"
        " return [c.getAttribute('fill'), c.getAttribute('r')]; })"
    )
    colours = {fill.upper() for fill, _ in nodes}
    for label in ("Country", "Hotline", "MilitaryTalks", "DefenseMinistersDialogue", "StatusChange"):
        assert rules[f"node.{label}"]["color"].upper() in colours, (label, nodes[:5])
    radii = {float(r) for _, r in nodes}
    assert float(rules["node.Country"]["diameter"].removesuffix("px")) / 2 in radii
    page.screenshot(path=str(screenshots / "browser-style-graph.png"))

    # What the Browser can show of centrality: the written-back score among the node's properties.
    country = frame.locator(
        "svg g.node", has=page.locator(f"circle.b-outline[fill='{rules['node.Country']['color']}']")
    ).first
    country.click()
    details = frame.locator("[data-testid=viz-details-pane-properties-table]")
    details.wait_for()
    assert "centrality_betweenness" in details.inner_text()
    page.screenshot(path=str(screenshots / "browser-style-centrality.png"))
    frame.locator("button[title='Close fullscreen']").click()


# ------------------------------------------------------------------------------- the HTML reports
def _open_clean(
    chromium: Any, path: Path, viewport: dict[str, int], offline: bool = False
) -> tuple[Any, list[str]]:
    """Open a local file; collect console errors and uncaught page errors.

    ``offline``: every request other than the file itself is refused and counted as an error.
    """
    page = chromium.new_page(viewport=viewport)
    page.set_default_timeout(SLOW)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))

    def only_the_file(route: Any) -> None:
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            errors.append(f"request: {route.request.url}")
            route.abort()

    if offline:
        page.route("**/*", only_the_file)
    page.goto(path.as_uri(), wait_until="load")
    return page, errors


def _painted(image: bytes) -> int:
    """How many distinct colours a screenshot holds (a blank canvas has one or two)."""
    import io

    from PIL import Image

    return len(Image.open(io.BytesIO(image)).convert("RGB").getcolors(1 << 24) or [])


@pytest.mark.parametrize(
    "span",
    [["--as-of", "2024-07-28"], ["--from", "2020", "--to", "2025", "--step", "1y"]],
    ids=["day", "series"],
)
def test_the_html_report_and_its_interactive_graph_render(
    span: list[str], chromium: Any, tmp_path: Path, screenshots: Path
) -> None:
    out = tmp_path / "report"
    _cli(["report", "centrality", *span, "--format", "html", "--out", str(out)])
    suffix = "" if span[0] == "--as-of" else "-series"

    page, errors = _open_clean(chromium, out / "report.html", {"width": 1200, "height": 1400})
    try:
        plots = page.locator("body > svg")
        assert plots.count() == 3  # centrality over time, channel graph, swimlanes
        for i in range(3):
            box = plots.nth(i).bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100
            assert plots.nth(i).locator("path, line, use").count() > 10
        assert page.locator("table").first.locator("tbody tr").count() > 5
        assert "United States" in page.locator("table").first.inner_text()
        page.screenshot(path=str(screenshots / f"report{suffix}.png"))
        assert errors == []
    finally:
        page.close()

    page, errors = _open_clean(chromium, out / "graph.html", {"width": 1200, "height": 850})
    try:
        surface = page.locator("canvas, svg").first
        surface.wait_for()
        box = surface.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300
        time.sleep(3)  # the force layout animates
        shot = page.screenshot(path=str(screenshots / f"report-graph{suffix}.png"))
        assert _painted(shot) > 20  # nodes and captions drawn, not a blank surface
        assert errors == []
    finally:
        page.close()


# ------------------------------------------------------------------ the timeline page and the map
def _offline_page(chromium: Any, path: Path, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    """Open one of the pages offline and wait until its chart is drawn."""
    page, errors = _open_clean(chromium, path, viewport, offline=True)
    page.wait_for_selector("body[data-ready=true]", state="attached")
    return page, errors


#: "well under 1 MB" on the regional dataset: each page is about 0.36 MB (the library and the data packed)
PAGE_LIMIT = 450_000


def _report_size(path: Path) -> int:
    size = path.stat().st_size
    print(f"\n{path.name}: {size:,} bytes ({size / 1e6:.2f} MB)")  # shown by the -rP/-s runs and CI logs
    return size


@pytest.fixture(scope="module")
def real_graph() -> Any:
    from ddgraph.dataset import load_dataset
    from ddgraph.graph import to_property_graph
    from ddgraph.views import base_graph

    return base_graph(to_property_graph(load_dataset(GRAPH)))


def _drawn_edges(page: Any) -> list[tuple[str, str, str]]:
    """The channel lines of the map's SVG, from their labels ("USA–CHN: name (id; ...)")."""
    labels = page.locator("g.edge-lines path").evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    out = []
    for label in labels:
        m = re.match(r"^(\w+)–(\w+): .*\(([a-z0-9-]+); ", label)
        assert m, label
        out.append((*sorted((m[1].lower(), m[2].lower())), m[3]))
    return sorted(out)


def _open_channels(G: Any, day: str, channels: Any = None) -> list[tuple[str, str, str]]:
    from ddgraph.channels import OPEN_CHANNELS
    from ddgraph.views import channel_graph

    iso = {n: str(d.get("iso3") or n).lower() for n, d in G.nodes(data=True)}
    CG = channel_graph(G, day, channels or OPEN_CHANNELS)
    return sorted((*sorted((iso[u], iso[v])), k) for u, v, k in CG.edges(keys=True))


def test_the_channel_map_draws_exactly_the_open_channels_of_each_day(
    chromium: Any, tmp_path: Path, screenshots: Path, real_graph: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import bisect

    _cli(["map", "--format", "html", "--out", str(tmp_path)])
    path = tmp_path / "map.html"
    with capsys.disabled():
        assert _report_size(path) < PAGE_LIMIT
    page, errors = _offline_page(chromium, path, {"width": 1400, "height": 1100})
    try:
        points: list[str] = page.evaluate("DATA.points")
        slider = page.locator("#slider")

        def shown(day: str) -> None:
            page.wait_for_selector(f"body[data-drawn='{day}']", state="attached")
            assert _drawn_edges(page) == _open_channels(real_graph, day), day
            rows = page.locator("#edges-table tbody tr").evaluate_all(
                "rs => rs.map(r => [r.cells[0].innerText, r.cells[2].innerText])"
            )
            in_table = sorted((*sorted(p.lower().split("–")), k) for p, k in rows)
            assert in_table == _open_channels(real_graph, day)
            # and, pair by pair, the open channels `ddgraph channels` lists for that day
            for a, b in (("usa", "chn"), ("aus", "jpn")):
                listed = json.loads(_cli(["channels", a, b, "--as-of", day, "--format", "json"]))["channels"]
                pair = {key for u, v, key in _drawn_edges(page) if {u, v} == {a, b}}
                assert pair == {r["mechanism"] for r in listed if r["open"]}, (day, a, b)

        # 1. the keyboard: Home, then one arrow step per change point up to the snapshot of 2022-09-01
        day = "2022-09-01"
        k = bisect.bisect_right(points, day) - 1
        slider.focus()
        page.keyboard.press("Home")
        for _ in range(k):
            page.keyboard.press("ArrowRight")
        shown(points[k])
        # nothing changes between two change points
        assert _open_channels(real_graph, points[k]) == _open_channels(real_graph, day)
        pair = {key for u, v, key in _drawn_edges(page) if {u, v} == {"usa", "chn"}}
        assert "usa-chn-mmca" not in pair and "usa-chn-dtl" in pair  # the military talks were suspended
        assert slider.get_attribute("aria-valuetext").startswith(points[k])

        # 2. the date box: a day between two change points shows the snapshot in force
        page.fill("#day", "2024-03-31")
        page.locator("#day").dispatch_event("change")
        shown("2024-03-31")
        page.screenshot(path=str(screenshots / "map.png"))

        # 3. the keyboard from the end: End, then back three change points
        slider.focus()
        page.keyboard.press("End")
        for _ in range(3):
            page.keyboard.press("ArrowLeft")
        shown(points[-4])

        # filters: without the forums, the drawn lines are the as-of view without them
        page.uncheck("input[name=kind][value=multilateral_forum]")
        page.wait_for_function(
            "() => !document.querySelector('g.edge-lines path[aria-label*=\"admm-plus\"]')"
        )
        no_forums = _open_channels(
            real_graph, points[-4], ChannelFilter(exclude_kinds={"multilateral_forum"})
        )
        assert _drawn_edges(page) == no_forums

        # a click on a country lists its channels of that day
        usa = page.locator("g.country-marks path[aria-label^='United States']")
        box = usa.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("#country-channels")
        listing = page.locator("#details").inner_text()
        for u, v, key in no_forums:
            if "usa" in (u, v):
                assert key in listing

        # the keyboard's way to the same list: the country box
        page.locator("#country").focus()
        page.select_option("#country", label="Japan")
        page.wait_for_function(
            "() => document.getElementById('country-channels').textContent.startsWith('Japan')"
        )
        listing = page.locator("#details").inner_text()
        assert [key for u, v, key in no_forums if "jpn" in (u, v) and key not in listing] == []

        # play moves the day on from the first change point; pause stops it
        slider.focus()
        page.keyboard.press("Home")
        page.wait_for_selector(f"body[data-drawn='{points[0]}']", state="attached")
        page.click("#play")
        assert page.get_attribute("#play", "aria-pressed") == "true"
        page.wait_for_function(f"() => document.body.dataset.drawn !== '{points[0]}'")
        page.click("#play")
        assert page.get_attribute("#play", "aria-pressed") == "false"
        assert errors == []
    finally:
        page.close()


def test_the_timeline_page_shows_each_event_with_its_quote(
    chromium: Any, tmp_path: Path, screenshots: Path, real_graph: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from ddgraph.channels import channel_index

    _cli(["timeline", "USA", "CHN", "--format", "html", "--out", str(tmp_path)])
    path = tmp_path / "timeline.html"
    with capsys.disabled():
        assert _report_size(path) < PAGE_LIMIT
    page, errors = _offline_page(chromium, path, {"width": 1400, "height": 1000})
    try:
        # one lane per channel of the pair, its label whole
        labels = page.locator("g.role-axis-label text").evaluate_all("ts => ts.map(t => t.textContent)")
        for ch in channel_index(real_graph).values():
            if {"usa", "chn"} <= set(ch.countries):
                assert any(
                    t.startswith(f"{ch.name} (") and t.endswith(f"Track {ch.track})") for t in labels
                ), ch.id
        # the imprecise "late 2007" of the hotline is a band of its own, described in words
        fuzzy = page.locator(
            "g.status-bands path[aria-label*='(imprecise start) since 2007-41 (second half of 2007)']"
        )
        assert fuzzy.count() == 1
        # hover the declined call of 4 February 2023: its date as written and the verbatim quote
        ev = real_graph.nodes["usa-chn-call-declined-2023-02-04"]
        marker = page.locator(f"g.event-marks path[aria-label^='{ev['name']} — 2023-02-04']").first
        marker.scroll_into_view_if_needed()
        box = marker.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tip = page.locator("#tooltip")
        tip.wait_for(state="visible")
        text = tip.inner_text()
        assert "2023-02-04" in text and "4 February 2023" in text and "declined" in text
        assert ev["evidence_quotes"][0] in text
        page.screenshot(path=str(screenshots / "timeline.png"))
        # a click keeps the details, with the link to each verified source
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        links = page.locator("#details a").evaluate_all("as => as.map(a => a.href)")
        urls = [real_graph.nodes[s].get("url") for s in ev["sources"]]
        assert sorted(links) == sorted(u for u in urls if u)
        # the text alternative lists every event, and its buttons show the same details
        rows = page.locator("#events-table tbody tr").count()
        assert rows == page.evaluate("DATA.events.length") > 10
        page.locator("#details").evaluate("d => d.innerHTML = ''")
        page.locator("#events-table button", has_text=ev["name"]).first.press("Enter")
        assert ev["evidence_quotes"][0] in page.locator("#details").inner_text()

        # the keyboard: Tab reaches every event marker in date order; focus: the tooltip; Enter: the details
        page.mouse.move(0, 0)
        page.locator("#details").evaluate("d => d.innerHTML = ''")
        markers = page.locator("g.event-marks path")
        assert markers.count() == page.evaluate("DATA.events.length")
        assert markers.evaluate_all("ps => ps.every(p => p.tabIndex === 0)")
        page.locator("h1").click()  # start from the top of the page
        page.keyboard.press("Tab")
        # the first tab stop is the earliest event (the markers are in date order)
        assert page.evaluate("document.activeElement.closest('g.event-marks') !== null")
        assert page.evaluate(
            "document.activeElement.getAttribute('aria-label')"
        ) == markers.first.get_attribute("aria-label")
        label = f"{ev['name']} — 2023-02-04"
        for _ in range(rows + 5):  # tab on until the declined call
            if (page.evaluate("document.activeElement.getAttribute('aria-label')") or "").startswith(label):
                break
            page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert focused.startswith(label), focused
        tip.wait_for(state="visible")
        assert ev["evidence_quotes"][0] in tip.inner_text()
        page.keyboard.press("Enter")
        shown = page.locator("#details").inner_text()
        assert ev["evidence_quotes"][0] in shown and "4 February 2023" in shown
        assert sorted(page.locator("#details a").evaluate_all("as => as.map(a => a.href)")) == sorted(
            u for u in urls if u
        )
        page.keyboard.press("Escape")
        assert tip.is_hidden()
        assert errors == []
    finally:
        page.close()


def test_the_pages_draw_their_text_as_text(chromium: Any, tmp_path: Path) -> None:
    """A name holding markup is shown as written in the chart, the tables and the details, never run."""
    from ddgraph.examples import tiny_graph
    from ddgraph.pages import timeline_data, timeline_page, write_page

    G = tiny_graph()
    G.nodes["call0"]["name"] = "</script><b>bold</b><img src=x onerror=alert(1)>"
    path = write_page(timeline_page(timeline_data(G, a="usa", b="chn")), tmp_path, "timeline.html")
    page, errors = _offline_page(chromium, path, {"width": 1200, "height": 900})
    try:
        cell = page.locator("#events-table button", has_text="</script>")
        assert cell.inner_text() == G.nodes["call0"]["name"]
        cell.press("Enter")
        assert G.nodes["call0"]["name"] in page.locator("#details h4").inner_text()
        assert page.locator("main b:has-text('bold'), main img").count() == 0
        assert errors == []
    finally:
        page.close()
