// Shared by the ddgraph pages: unpacking, the page's data, escaping, the tooltip and the details panel.
"use strict";
let DATA = null;

// The charting library and the data are inlined gzip-compressed and base64-encoded (the page stays small);
// the browser's own DecompressionStream inflates them, so nothing is fetched.
async function unpack(id) {
  const bytes = Uint8Array.from(atob(document.getElementById(id).textContent), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

// Run `main` once the library is loaded and DATA is set; a browser that cannot unpack says so.
function whenUnpacked(main) {
  if (typeof DecompressionStream === "undefined") {
    document.body.insertAdjacentHTML("afterbegin", '<p class="warning" role="alert">This page needs a browser '
      + "with DecompressionStream (Chrome or Edge 80, Firefox 113, Safari 16.4 or later).</p>");
    return;
  }
  Promise.all([unpack("ddgraph-library"), unpack("ddgraph-data")]).then(([library, data]) => {
    const script = document.createElement("script");  // an inline script runs at once, in the global scope
    script.textContent = library;
    document.head.appendChild(script);
    DATA = JSON.parse(data);
    main();
  }).catch(error => {
    document.body.dataset.ready = "error";
    console.error("ddgraph: the page could not be unpacked:", error);
  });
}

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}

// "2008-02-29" -> milliseconds at UTC midnight (the pages' time scales are UTC: a day is a day everywhere).
function utc(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function sourceHtml(id) {
  const s = (DATA.sources || {})[id] || {id: id, title: id};
  const title = esc(s.title) + (s.publisher ? " — " + esc(s.publisher) : "") + (s.published ? ", " + esc(s.published) : "");
  const link = s.url ? `<a href="${esc(s.url)}" rel="noopener noreferrer" target="_blank">${title}</a>`
                     : `${title}${s.seed ? " (seed article " + esc(s.seed) + ")" : ""}`;
  return `<li><code>${esc(id)}</code>: ${link}</li>`;
}

function quotesHtml(quotes) {
  return (quotes || []).map(q => `<blockquote class="quote">“${esc(q.text)}”<br><small>— ${esc(q.source)}</small></blockquote>`).join("");
}

function sourcesHtml(ids) {
  return ids && ids.length ? `<p>Sources:</p><ul>${ids.map(sourceHtml).join("")}</ul>` : "";
}

const tooltip = document.getElementById("tooltip");
const details = document.getElementById("details");

// A Vega tooltip handler: `render(datum)` gives the HTML of the hovered item's datum (null: no tooltip).
function tooltipHandler(render) {
  return function (handler, event, item, value) {
    const html = value ? render(value) : null;
    if (!html) { tooltip.hidden = true; return; }
    tooltip.innerHTML = html;
    tooltip.hidden = false;
    const pad = 14, w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    let x = event.clientX + pad, y = event.clientY + pad;
    if (x + w > window.innerWidth) x = Math.max(0, event.clientX - w - pad);
    if (y + h > window.innerHeight) y = Math.max(0, event.clientY - h - pad);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  };
}

function showDetails(html) {
  if (html) details.innerHTML = html;
}

// A tooltip beside a focused element (the keyboard's hover).
function tooltipAt(el, html) {
  if (!html) { tooltip.hidden = true; return; }
  tooltip.innerHTML = html;
  tooltip.hidden = false;
  const r = el.getBoundingClientRect(), pad = 10, w = tooltip.offsetWidth, h = tooltip.offsetHeight;
  let x = r.right + pad, y = r.bottom + pad;
  if (x + w > window.innerWidth) x = Math.max(0, r.left - w - pad);
  if (y + h > window.innerHeight) y = Math.max(0, r.top - h - pad);
  tooltip.style.left = x + "px";
  tooltip.style.top = y + "px";
}
