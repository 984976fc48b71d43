// The channel map page: the snapshot in force on the chosen day, precomputed at every change point.
"use strict";
whenUnpacked(function () {
  const chart = document.getElementById("chart");
  const W = Math.max(560, Math.min(1000, chart.clientWidth - 200)), H = Math.round(W * 0.72), PAD = 44;
  const points = DATA.points;
  const countries = DATA.countries.map((c, k) => ({...c, k, px: PAD + c.x * (W - 2 * PAD), py: PAD + c.y * (H - 2 * PAD)}));
  const slider = document.getElementById("slider");
  const dayLabel = document.getElementById("day-label");
  const dayInput = document.getElementById("day");
  const measureSelect = document.getElementById("measure");
  const play = document.getElementById("play");
  const tableBody = document.querySelector("#edges-table tbody");
  const caption = document.getElementById("edges-caption");
  const state = {i: points.length - 1, day: null, selected: null};
  const maxOf = {};
  for (const m of DATA.measures) {  // a null row repeats the row before (the page stays small)
    const rows = DATA.sizes[m];
    for (let i = 1; i < rows.length; i++) if (rows[i] === null) rows[i] = rows[i - 1];
  }
  for (const m of DATA.measures) maxOf[m] = Math.max(1e-9, ...DATA.sizes[m].flat());

  function checked(name) {
    return new Set([...document.querySelectorAll(`input[name=${name}]:checked`)].map(x => x.value));
  }
  function periodAt(ch, i) {
    return ch.periods.find(p => p[0] <= i && (p[1] === null || i < p[1])) || null;
  }
  // The index of the snapshot in force on an ISO day: the last change point on or before it (-1: none).
  function indexOf(iso) {
    let lo = 0, hi = points.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (points[mid] <= iso) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }
  function visibleEdges(i) {
    if (i < 0) return [];
    const kinds = checked("kind"), tracks = checked("track");
    const out = [];
    for (const [u, v, key, spans] of DATA.edges) {
      const ch = DATA.channels[key];
      if (!kinds.has(ch.kind) || !tracks.has(ch.track)) continue;
      if (!spans.some(([s, t]) => s <= i && (t === null || i < t))) continue;
      const p = periodAt(ch, i);
      out.push({u, v, key, name: ch.name, kind: ch.kind, track: ch.track, level: ch.level,
                status: p ? p[2] : null, since: p ? p[3] : null, since_text: p ? p[4] : null, event: p ? p[5] : null});
    }
    return out;
  }
  const members = {};
  for (const [u, v, key] of DATA.edges) { (members[key] ||= new Set()).add(u); members[key].add(v); }
  function isForum(key) { return members[key].size > 3; }

  function layoutEdges(edges) {
    const byPair = {};
    for (const e of edges) (byPair[e.u + "|" + e.v] ||= []).push(e);
    for (const group of Object.values(byPair)) {
      group.sort((a, b) => (a.key < b.key ? -1 : 1));
      group.forEach((e, j) => {
        const a = countries[e.u], b = countries[e.v];
        const off = (j - (group.length - 1) / 2) * 14;
        const dx = b.px - a.px, dy = b.py - a.py, len = Math.hypot(dx, dy) || 1;
        const cx = (a.px + b.px) / 2 - dy / len * off * 2, cy = (a.py + b.py) / 2 + dx / len * off * 2;
        e.path = `M${a.px.toFixed(1)},${a.py.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${b.px.toFixed(1)},${b.py.toFixed(1)}`;
        e.text = `${a.iso3}–${b.iso3}: ${e.name} (${e.key}; ${e.kind.replace(/_/g, " ")}, Track ${e.track}; ${e.status} since ${e.since})`;
        e._type = "edge";
        e.pair = `${a.name} – ${b.name}`;
      });
    }
    return edges;
  }

  function render(d) {
    if (d._type === "edge") {
      const ch = DATA.channels[d.key];
      return `<h4>${esc(d.name)}</h4><p>${esc(d.pair)} · ${esc(d.kind.replace(/_/g, " "))} · Track ${esc(d.track)} · ${esc(d.level)}</p>`
        + `<p><b>${esc(d.status)}</b> since ${esc(d.since)} (${esc(d.since_text)})${d.event ? " — " + esc(d.event) : ""}</p>`
        + `<p><code>${esc(d.key)}</code></p>` + sourcesHtml(ch.sources);
    }
    if (d._type === "node") {
      return `<h4>${esc(d.name)} (${esc(d.iso3)})</h4><p>${esc(d.count)} channel(s) drawn on ${esc(state.day)}; `
        + `${esc(measureSelect.value)} ${esc(d.value)}</p><p>Click to list them.</p>`;
    }
    return null;
  }

  function countryDetails(k, edges) {
    const c = countries[k];
    const mine = edges.filter(e => e.u === k || e.v === k);
    const byKey = {};
    for (const e of mine) (byKey[e.key] ||= {e, with: []}).with.push(countries[e.u === k ? e.v : e.u].iso3);
    const items = Object.values(byKey).sort((a, b) => (a.e.key < b.e.key ? -1 : 1)).map(({e, with: w}) =>
      `<li><b>${esc(e.name)}</b> (<code>${esc(e.key)}</code>; ${esc(e.kind.replace(/_/g, " "))}, Track ${esc(e.track)}): `
      + `${esc(e.status)} since ${esc(e.since)} — with ${esc(w.sort().join(", "))}</li>`).join("");
    return `<h4 id="country-channels">${esc(c.name)} on ${esc(state.day)}</h4>`
      + (items ? `<ul>${items}</ul>` : "<p>No channel drawn on this day (with the filters above).</p>");
  }

  const spec = {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width: W, height: H, padding: 5, autosize: {type: "pad"},
    data: [{name: "edges", values: []}, {name: "nodes", values: []}],
    scales: [
      {name: "kind", type: "ordinal", domain: DATA.kinds, range: DATA.kinds.map(k => DATA.kind_colors[k])},
    ],
    legends: [{stroke: "kind", title: "channel kind", orient: "right", symbolType: "stroke", symbolStrokeWidth: 3,
               encode: {labels: {update: {text: {signal: "replace(datum.label, /_/g, ' ')"}}}}}],
    marks: [
      {type: "path", name: "edge-lines", from: {data: "edges"},
       encode: {update: {path: {field: "path"}, stroke: {scale: "kind", field: "kind"},
                         strokeWidth: {signal: "datum.forum ? 1 : 2.5"}, strokeOpacity: {signal: "datum.forum ? 0.35 : 0.85"},
                         tooltip: {signal: "datum"}, description: {field: "text"}},
                hover: {strokeWidth: {value: 5}, strokeOpacity: {value: 1}}}},
      {type: "symbol", name: "country-marks", from: {data: "nodes"},
       encode: {update: {x: {field: "px"}, y: {field: "py"}, size: {field: "area"}, shape: {value: "circle"},
                         fill: {signal: "datum.count ? '#fdd0a2' : '#eeeeee'"}, stroke: {signal: "datum.selected ? '#000' : '#7f2704'"},
                         strokeWidth: {signal: "datum.selected ? 3 : 1"}, cursor: {value: "pointer"},
                         tooltip: {signal: "datum"}, description: {field: "text"}}}},
      {type: "text", name: "country-labels", from: {data: "nodes"}, interactive: false,
       encode: {update: {x: {field: "px"}, y: {field: "py"}, dy: {signal: "-sqrt(datum.area) / 2 - 4"}, text: {field: "iso3"},
                         align: {value: "center"}, baseline: {value: "bottom"}, fontSize: {value: 12}, fontWeight: {value: "bold"},
                         fill: {signal: "datum.count ? '#222' : '#aaa'"}}}},
    ],
  };
  const view = new vega.View(vega.parse(spec), {renderer: "svg", container: "#chart", hover: true});
  view.tooltip(tooltipHandler(render));
  let current = [];

  function update() {
    const i = state.i;
    current = layoutEdges(visibleEdges(i));
    for (const e of current) e.forum = isForum(e.key);  // a forum's many pairs: thin, light lines
    const measure = measureSelect.value;
    const counts = new Array(countries.length).fill(0);
    for (const e of current) { counts[e.u]++; counts[e.v]++; }
    const nodes = countries.map(c => {
      const value = i >= 0 ? DATA.sizes[measure][i][c.k] : 0;
      return {...c, _type: "node", value, count: counts[c.k], selected: state.selected === c.k,
              area: 80 + 1800 * value / maxOf[measure],
              text: `${c.name} (${c.iso3}): ${counts[c.k]} channel(s), ${measure} ${value}`};
    });
    view.change("edges", vega.changeset().remove(() => true).insert(current));
    view.change("nodes", vega.changeset().remove(() => true).insert(nodes));
    const next = i + 1 < points.length ? points[i + 1] : null;
    const shown = state.day;
    const snap = i < 0 ? `before the first change point (${points[0]}): nothing open`
      : `snapshot of ${points[i]}` + (next ? `, in force until the day before ${next}` : ", the last change point");
    dayLabel.textContent = `${shown} — ${current.length} channel link(s) drawn (${snap})`;
    slider.setAttribute("aria-valuetext", `${shown}, ${current.length} channel links`);
    caption.textContent = `Channels drawn on ${shown}`;
    tableBody.innerHTML = current.slice().sort((a, b) => (a.text < b.text ? -1 : 1)).map(e =>
      `<tr><td>${esc(countries[e.u].iso3)}–${esc(countries[e.v].iso3)}</td><td>${esc(e.name)}</td><td>${esc(e.key)}</td>`
      + `<td>${esc(e.kind)}</td><td>${esc(e.track)}</td><td>${esc(e.status)}</td><td>${esc(e.since)}</td></tr>`).join("");
    if (state.selected !== null) showDetails(countryDetails(state.selected, current));
    document.body.dataset.day = shown;
    return view.runAsync().then(() => { document.body.dataset.ready = "true"; document.body.dataset.drawn = shown; });
  }

  function goIndex(i) {
    state.i = Math.max(0, Math.min(points.length - 1, i));
    state.day = points[state.i];
    slider.value = String(state.i);
    dayInput.value = state.day;
    return update();
  }
  function goDay(iso) {
    state.i = indexOf(iso);
    state.day = iso;
    slider.value = String(Math.max(0, state.i));
    return update();
  }

  slider.addEventListener("input", () => goIndex(Number(slider.value)));
  dayInput.addEventListener("change", () => { if (dayInput.value) goDay(dayInput.value); });
  measureSelect.addEventListener("change", update);
  const countrySelect = document.getElementById("country");
  countrySelect.addEventListener("change", () => {
    state.selected = countrySelect.value === "" ? null : Number(countrySelect.value);
    update();
  });
  for (const box of document.querySelectorAll("#controls input[type=checkbox]")) box.addEventListener("change", update);
  view.addEventListener("click", (event, item) => {
    if (item && item.datum && item.datum._type === "node") {
      state.selected = item.datum.k;
      countrySelect.value = String(item.datum.k);
      update();
    } else if (item && item.datum && item.datum._type === "edge") {
      showDetails(render(item.datum));
    }
  });
  let timer = null;
  play.addEventListener("click", () => {
    if (timer) {
      clearInterval(timer); timer = null; play.textContent = "Play"; play.setAttribute("aria-pressed", "false");
      return;
    }
    if (state.i >= points.length - 1) goIndex(0);
    play.textContent = "Pause"; play.setAttribute("aria-pressed", "true");
    timer = setInterval(() => {
      if (state.i >= points.length - 1) { play.click(); return; }
      goIndex(state.i + 1);
    }, 900);
  });
  window.ddgraphMap = {view, goDay, goIndex, drawn: () => current.map(e => [countries[e.u].id, countries[e.v].id, e.key])};
  goDay(DATA.initial);
});
