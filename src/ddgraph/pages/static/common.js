// Shared by the ddgraph pages: the page's data, escaping, the tooltip and the details panel.
"use strict";
const DATA = JSON.parse(document.getElementById("ddgraph-data").textContent);

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
  return (quotes || []).map(q => `<blockquote lang="vi" class="quote">“${esc(q.text)}”<br><small>— ${esc(q.source)}</small></blockquote>`).join("");
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
