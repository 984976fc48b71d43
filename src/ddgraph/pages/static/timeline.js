// The timeline page: one lane per channel, status bands, event markers, dark periods (Vega, SVG).
"use strict";
whenUnpacked(function () {
  const lanes = DATA.lanes;
  const labelOf = {};
  const seen = new Set();
  for (const lane of lanes) {  // lane labels are the band scale's domain: make them unique
    let label = lane.label;
    if (seen.has(label)) label += " [" + lane.id + "]";
    seen.add(label);
    labelOf[lane.id] = label;
  }
  const laneById = Object.fromEntries(lanes.map(l => [l.id, l]));
  const day = 86400000;
  const bands = DATA.bands.map(b => ({...b, _type: "band", lab: labelOf[b.lane], s: utc(b.start), e: utc(b.end)}));
  const events = DATA.events.map(e => ({...e, _type: "event", lab: labelOf[e.lane], s: utc(e.start),
                                        e: utc(e.latest || e.start) + day, outcome_key: e.outcome || "none"}));
  const dark = DATA.dark.map(d => ({...d, _type: "dark", s: utc(d.start), e: utc(d.end)}));
  const eventKinds = [...new Set(events.map(e => e.kind))].sort();
  const outcomes = Object.keys(DATA.outcome_colors).filter(o => events.some(e => e.outcome_key === o));
  const statuses = Object.keys(DATA.status_colors).filter(s => bands.some(b => b.status === s));
  const laneHeight = 30;

  function bandText(b) {
    return `${laneById[b.lane].name}: ${b.status}${b.fuzzy ? " (imprecise start)" : ""} since ${b.since} (${b.since_text})`
      + (b.ongoing ? ", still in force" : ", until " + b.end) + (b.event_name ? "; triggered by " + b.event_name : "");
  }
  function eventText(e) {
    return `${e.name} — ${e.date} (${e.date_text}); ${e.kind}${e.outcome ? ", " + e.outcome : ""}`;
  }
  function render(d) {
    if (d._type === "event") {
      return `<h4>${esc(d.name)}</h4><p><b>${esc(d.date)}</b> (${esc(d.date_text)}) · ${esc(d.kind)}`
        + `${d.outcome ? " · <b>" + esc(d.outcome) + "</b>" : ""} · ${esc(laneById[d.lane].name)}</p>`
        + (d.description ? `<p>${esc(d.description)}</p>` : "") + quotesHtml(d.quotes)
        + (d.note ? `<p><small>Note: ${esc(d.note)}</small></p>` : "") + sourcesHtml(d.sources);
    }
    if (d._type === "band") {
      return `<h4>${esc(laneById[d.lane].name)}: ${esc(d.status)}</h4><p>since <b>${esc(d.since)}</b> (${esc(d.since_text)})`
        + `${d.fuzzy ? " — this fading band is the range of days the imprecise date allows" : ""}; `
        + `${d.ongoing ? "still in force" : "until " + esc(d.end)}</p>`
        + (d.lower_bound ? "<p><b>The channel is older:</b> its recorded history only starts here (what it was before is unknown, not closed).</p>" : "")
        + (d.event_name ? `<p>Triggered by: ${esc(d.event_name)} (<code>${esc(d.event)}</code>)</p>` : "")
        + quotesHtml(d.quotes) + (d.note ? `<p><small>Note: ${esc(d.note)}</small></p>` : "") + sourcesHtml(d.sources);
    }
    if (d._type === "dark") {
      return `<h4>Dark period</h4><p>${esc(d.start)} to ${d.ongoing ? "today (ongoing)" : esc(d.end)}: ${esc(d.days)} days `
        + `without an open channel linking the pair directly.</p><p>Closed: ${esc(d.closed)}</p>`
        + (d.reopened_by.length ? `<p>Reopened by: ${esc(d.reopened_by.join(", "))}</p>` : "")
        + (d.unknown_before.length ? `<p>History unknown before this, so possibly open: ${esc(d.unknown_before.join(", "))}</p>` : "");
    }
    return null;
  }

  const spec = {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    description: DATA.title,
    width: Math.max(700, document.getElementById("chart").clientWidth - 20), height: laneHeight * lanes.length,
    padding: 8, autosize: {type: "fit-x", contains: "padding"},
    data: [
      {name: "dark", values: dark},
      {name: "bands", values: bands},
      {name: "events", values: events},
    ],
    scales: [
      {name: "x", type: "utc", domain: [utc(DATA.start), utc(DATA.end) + day], range: "width", nice: "year"},
      {name: "y", type: "band", domain: lanes.map(l => labelOf[l.id]), range: "height", paddingInner: 0.25, paddingOuter: 0.1},
      {name: "status", type: "ordinal", domain: statuses, range: statuses.map(s => DATA.status_colors[s])},
      {name: "outcome", type: "ordinal", domain: outcomes, range: outcomes.map(o => DATA.outcome_colors[o])},
      {name: "shape", type: "ordinal", domain: eventKinds,
       range: ["circle", "diamond", "triangle-up", "square", "cross", "triangle-down", "triangle-right", "wedge", "triangle-left", "stroke", "arrow", "triangle"]},
      {name: "extra", type: "ordinal", domain: DATA.scope.a ? ["dark period", "imprecise date (range of days)"] : ["imprecise date (range of days)"],
       range: DATA.scope.a ? ["#d0d0d0", "#c7e9c0"] : ["#c7e9c0"]},
    ],
    axes: [
      {orient: "bottom", scale: "x", grid: true, gridColor: "#eee", format: "%Y", labelOverlap: true, title: "date (UTC days)"},
      {orient: "top", scale: "x", format: "%Y", labelOverlap: true},
      {orient: "left", scale: "y", labelLimit: 2000, labelFontSize: 12, ticks: false, domain: false, title: null},
    ],
    legends: [
      {fill: "status", title: "status", orient: "right", symbolType: "square"},
      {fill: "outcome", title: "event outcome", orient: "right", symbolType: "circle"},
      {shape: "shape", title: "event kind", orient: "right", symbolFillColor: "#555", symbolStrokeColor: "#555"},
      {fill: "extra", title: "shading", orient: "right", symbolType: "square"},
    ],
    marks: [
      {type: "rect", clip: true, name: "dark-periods", from: {data: "dark"},
       encode: {enter: {x: {scale: "x", field: "s"}, x2: {scale: "x", field: "e"}, y: {value: 0}, y2: {signal: "height"},
                        fill: {value: "#000"}, fillOpacity: {value: 0.13}, tooltip: {signal: "datum"},
                        description: {signal: "'Dark period from ' + datum.start + ' to ' + (datum.ongoing ? 'today' : datum.end)"}}}},
      {type: "rect", clip: true, name: "lanes", from: {data: "bands"},
       encode: {enter: {x: {value: 0}, x2: {signal: "width"}, y: {scale: "y", field: "lab"}, height: {scale: "y", band: 1},
                        fill: {value: "#f7f7f7"}}}, interactive: false, aria: false},
      {type: "rect", clip: true, name: "status-bands", from: {data: "bands"},
       encode: {enter: {x: {scale: "x", field: "s"}, x2: {scale: "x", field: "e"}, y: {scale: "y", field: "lab"},
                        height: {scale: "y", band: 1},
                        fill: {signal: "datum.fuzzy ? {gradient: 'linear', x1: 0, y1: 0, x2: 1, y2: 0, stops: [{offset: 0, color: '#ffffff'}, {offset: 1, color: scale('status', datum.status)}]} : scale('status', datum.status)"},
                        stroke: {signal: "datum.fuzzy ? scale('status', datum.status) : null"},
                        strokeDash: {value: [3, 2]}, tooltip: {signal: "datum"}, cursor: {value: "pointer"},
                        description: {signal: "datum.text"}}}},
      {type: "rule", clip: true, name: "event-spans", from: {data: "events"},
       encode: {enter: {x: {scale: "x", field: "s"}, x2: {scale: "x", field: "e"}, y: {scale: "y", field: "lab", band: 0.5},
                        stroke: {scale: "outcome", field: "outcome_key"}, strokeWidth: {value: 3}}}, interactive: false, aria: false},
      {type: "symbol", clip: true, name: "event-marks", from: {data: "events"},
       encode: {enter: {x: {scale: "x", field: "s"}, y: {scale: "y", field: "lab", band: 0.5}, size: {value: 130},
                        shape: {scale: "shape", field: "kind"}, fill: {scale: "outcome", field: "outcome_key"},
                        stroke: {value: "#fff"}, strokeWidth: {value: 1}, tooltip: {signal: "datum"}, cursor: {value: "pointer"},
                        description: {signal: "datum.text"}},
                hover: {size: {value: 260}, stroke: {value: "#000"}}, update: {size: {value: 130}, stroke: {value: "#fff"}}}},
    ],
  };
  for (const b of bands) b.text = bandText(b);
  for (const e of events) e.text = eventText(e);
  const view = new vega.View(vega.parse(spec), {renderer: "svg", container: "#chart", hover: true});
  view.tooltip(tooltipHandler(render));
  view.addEventListener("click", (event, item) => { if (item && item.datum) showDetails(render(item.datum)); });
  window.ddgraphView = view;

  // The text alternative, from the same data as the chart.
  const cell = v => `<td>${esc(v)}</td>`;
  document.querySelector("#status-table tbody").innerHTML = bands.filter(b => !b.fuzzy).map(b => "<tr>"
    + cell(laneById[b.lane].name) + cell(b.status) + cell(b.since) + cell(b.since_text) + cell(b.start)
    + cell(b.ongoing && b.end === DATA.end ? "today" : b.end) + cell(b.event_name) + "</tr>").join("");
  document.querySelector("#events-table tbody").innerHTML = events.map((e, n) => "<tr>"
    + cell(e.date) + cell(e.date_text) + cell(laneById[e.lane].name)
    + `<td><button type="button" class="event-button" data-n="${n}">${esc(e.name)}</button></td>`
    + cell(e.kind) + cell(e.outcome) + `<td>${(e.quotes || []).map(q => esc(q.text)).join("<br>")}</td>`
    + cell((e.sources || []).join(", ")) + "</tr>").join("");
  const darkBody = document.querySelector("#dark-table tbody");
  if (darkBody) darkBody.innerHTML = dark.map(d => "<tr>" + cell(d.start) + cell(d.ongoing ? "ongoing" : d.end)
    + cell(d.days) + cell(d.closed) + cell(d.reopened_by.join(", ")) + cell(d.unknown_before.join(", ")) + "</tr>").join("");
  document.getElementById("events-table").addEventListener("click", event => {
    const button = event.target.closest("button.event-button");
    if (button) { showDetails(render(events[Number(button.dataset.n)])); details.scrollIntoView({block: "nearest"}); }
  });

  // The keyboard: every event marker is a tab stop (in date order, the SVG's order); focus shows its
  // tooltip, Enter or Space keeps the details.
  const chartEl = document.getElementById("chart");
  const markerDatum = el => (el && el.closest && el.closest("g.event-marks") && el.__data__ ? el.__data__.datum : null);
  chartEl.addEventListener("focusin", event => { const d = markerDatum(event.target); if (d) tooltipAt(event.target, render(d)); });
  chartEl.addEventListener("focusout", () => { tooltip.hidden = true; });
  chartEl.addEventListener("keydown", event => {
    const d = markerDatum(event.target);
    if (d && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); showDetails(render(d)); }
    if (event.key === "Escape") tooltip.hidden = true;
  });
  view.runAsync().then(() => {
    for (const el of chartEl.querySelectorAll("g.event-marks path")) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
    }
    document.body.dataset.ready = "true";
  });
});
