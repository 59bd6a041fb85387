// vitrina serve: the preview page. The server sends the whole state as a server-sent
// event whenever it changes; the page updates only the cards whose content changed, in
// place, so nothing reloads and the scroll position stays where the reader left it.
"use strict";

const HEIGHTS = { poster: 300, booklet: 190, label: 120, output: 170 };
let current = null;            // the last state applied
const cards = new Map();       // card key -> { html, element }
const docs = new Map();        // output path -> document (for the large view)
let viewing = null;            // { path, index } while the large view is open

const $ = (id) => document.getElementById(id);

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function thumb(doc, page, height, key, label) {
  const width = Math.max(1, Math.round(height * page.width / page.height));
  const alt = `${label}, page ${page.index + 1}`;
  return `<button type="button" class="thumb" data-path="${esc(doc.path)}" data-index="${page.index}"
    title="${esc(alt)}: click for a large view"><img src="${esc(page.thumb)}" data-key="${esc(key)}"
    width="${width}" height="${height}" alt="${esc(alt)}"></button>`;
}

function findings(list) {
  if (!list || !list.length) return "";
  return `<ul class="findings">${list.map((f) => {
    const where = f.location || f.output || "";
    return `<li class="${esc(f.severity)}"><span class="sev">${esc(f.severity)}</span>` +
      `(${esc(f.check)}) ${esc(f.message)}${where ? ` <code>${esc(where)}</code>` : ""}</li>`;
  }).join("")}</ul>`;
}

function panelCard(panel) {
  const groups = [];
  if (panel.poster) {
    const page = panel.poster.pages[0];
    groups.push(`<div class="group poster"><h3>Poster <a href="${esc(panel.poster.pdf)}"
      target="_blank" rel="noopener">PDF</a></h3>${
      thumb(panel.poster, page, HEIGHTS.poster, `poster:${panel.id}`, `Poster ${panel.title}`)}</div>`);
  } else {
    groups.push(`<div class="group poster"><h3>Poster</h3><p class="none">not built</p></div>`);
  }
  if (panel.booklet.length) {
    const booklet = docs.get("booklet.pdf");
    const first = panel.booklet[0].index + 1;
    const last = panel.booklet[panel.booklet.length - 1].index + 1;
    const pages = first === last ? `page ${first}` : `pages ${first}–${last}`;
    groups.push(`<div class="group booklet"><h3>Booklet, ${pages} <a href="${esc(panel.booklet_pdf)}#page=${first}"
      target="_blank" rel="noopener">PDF</a></h3><div class="pages">${panel.booklet.map((page) =>
      thumb(booklet, page, HEIGHTS.booklet, `booklet:${page.index}`, "Booklet")).join("")}</div></div>`);
  }
  if (panel.labels.length) {
    groups.push(`<div class="group labels"><h3>Labels</h3><div class="pages">${panel.labels.map((doc) =>
      `<span>${thumb(doc, doc.pages[0], HEIGHTS.label, `label:${doc.path}`, `Label ${doc.path}`)}` +
      `<a class="pageno" href="${esc(doc.pdf)}" target="_blank" rel="noopener">${esc(doc.path.split("/").pop())}</a></span>`
    ).join("")}</div></div>`);
  }
  return `<article class="card panel" id="panel-${esc(panel.id)}"><header>
    <span class="num">${panel.number}</span><h2>${esc(panel.title)}</h2>
    <span class="kind">${esc(panel.kind)}</span><code class="file">${esc(panel.file)}</code></header>
    <div class="row">${groups.join("")}</div>${findings(panel.findings)}</article>`;
}

function outputCard(doc) {
  return `<article class="card output" id="output-${esc(doc.path)}"><header><h2>${esc(doc.title)}</h2>
    <code class="file">output/${esc(doc.path)}</code>
    <a href="${esc(doc.pdf)}" target="_blank" rel="noopener">Open the PDF</a>
    <span class="num">${doc.pages.length} page${doc.pages.length === 1 ? "" : "s"}</span></header>
    <div class="pages">${doc.pages.map((page) => `<span>${thumb(doc, page, HEIGHTS.output,
      `${doc.path}:${page.index}`, doc.title)}<span class="pageno">${page.index + 1}</span></span>`).join("")}</div>
    ${findings(doc.findings)}</article>`;
}

// Replace a card only if its HTML changed; images whose file changed keep showing the
// old picture until the new one has loaded, so nothing flashes white.
function place(container, key, html) {
  const known = cards.get(key);
  if (known && known.html === html) {
    container.appendChild(known.element);  // moves it into order; images are kept
    return;
  }
  const holder = document.createElement("div");
  holder.innerHTML = html.trim();
  const element = holder.firstElementChild;
  if (known) {
    const before = new Map([...known.element.querySelectorAll("img[data-key]")]
      .map((img) => [img.dataset.key, img.getAttribute("src")]));
    for (const img of element.querySelectorAll("img[data-key]")) {
      const old = before.get(img.dataset.key);
      const wanted = img.getAttribute("src");
      if (old && old !== wanted) {
        img.setAttribute("src", old);
        const loader = new Image();
        loader.onload = () => img.setAttribute("src", wanted);
        loader.src = wanted;
      }
    }
    known.element.replaceWith(element);
  }
  container.appendChild(element);
  cards.set(key, { html, element });
}

function renderContent(state) {
  docs.clear();
  for (const doc of state.outputs) docs.set(doc.path, doc);
  for (const panel of state.panels) {
    if (panel.poster) docs.set(panel.poster.path, panel.poster);
    for (const label of panel.labels) docs.set(label.path, label);
  }
  const seen = new Set();
  const panels = $("panels");
  for (const panel of state.panels) {
    const key = `panel:${panel.id}`;
    seen.add(key);
    place(panels, key, panelCard(panel));
  }
  const outputs = $("outputs");
  if (state.outputs.length) {
    seen.add("heading:outputs");
    place(outputs, "heading:outputs", `<h2 class="section">The whole exhibition</h2>`);
  }
  for (const doc of state.outputs) {
    const key = `output:${doc.path}`;
    seen.add(key);
    place(outputs, key, outputCard(doc));
  }
  const general = state.findings.concat((state.warnings || []).map((text) =>
    ({ severity: "warning", check: "content", message: text })));
  if (general.length) {
    seen.add("general");
    place($("general"), "general", `<article class="card"><header><h2>Other findings</h2></header>${findings(general)}</article>`);
  }
  for (const [key, known] of cards) {
    if (!seen.has(key)) { known.element.remove(); cards.delete(key); }
  }
  $("toc").innerHTML = state.panels.map((panel) => {
    const warned = panel.findings.some((f) => f.severity === "warning");
    return `<a href="#panel-${esc(panel.id)}"${warned ? ' class="has-warning"' : ""}>${panel.number}. ${esc(panel.title)}</a>`;
  }).join("");
  $("empty").hidden = Boolean(state.error) || state.panels.length + state.outputs.length > 0;
  if (viewing) showPage(viewing.path, viewing.index);
}

function apply(state) {
  if (current && state.version <= current.version) return;
  const status = state.status || {};
  $("status").dataset.state = status.state || "starting";
  const finished = status.state === "ready" && status.finished ? ` · ${status.finished}` : "";
  $("activity").textContent = (status.activity || "") + finished;
  if (state.title) {
    $("title").textContent = state.title;
    document.title = `${state.title} · vitrina preview`;
  }
  const problem = $("problem");
  if (state.error) {
    $("problem-heading").textContent = state.error.heading;
    $("problem-lines").textContent = state.error.lines.join("\n");
    problem.hidden = false;
  } else {
    problem.hidden = true;
  }
  if (state.panels) renderContent(state);
  current = state;
}

// --- the large view ---------------------------------------------------------------------

function showPage(path, index) {
  const doc = docs.get(path);
  if (!doc) { closeViewer(); return; }
  index = Math.max(0, Math.min(index, doc.pages.length - 1));
  viewing = { path, index };
  const page = doc.pages[index];
  const image = $("viewer-image");
  if (image.getAttribute("src") !== page.large) image.setAttribute("src", page.large);
  image.alt = `${path}, page ${index + 1}`;
  $("viewer-caption").textContent = `output/${path} · page ${index + 1} of ${doc.pages.length}`;
  $("viewer-pdf").href = `${doc.pdf}#page=${index + 1}`;
  $("viewer-prev").disabled = index === 0;
  $("viewer-next").disabled = index === doc.pages.length - 1;
  $("viewer").hidden = false;
}

function closeViewer() {
  viewing = null;
  $("viewer").hidden = true;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".thumb");
  if (button) showPage(button.dataset.path, Number(button.dataset.index));
});
document.addEventListener("keydown", (event) => {
  if (!viewing) return;
  if (event.key === "Escape") closeViewer();
  if (event.key === "ArrowLeft") showPage(viewing.path, viewing.index - 1);
  if (event.key === "ArrowRight") showPage(viewing.path, viewing.index + 1);
});

window.addEventListener("DOMContentLoaded", () => {
  $("viewer-close").addEventListener("click", closeViewer);
  $("viewer-prev").addEventListener("click", () => showPage(viewing.path, viewing.index - 1));
  $("viewer-next").addEventListener("click", () => showPage(viewing.path, viewing.index + 1));
  $("viewer").addEventListener("click", (event) => {
    if (event.target.classList.contains("viewer-page")) closeViewer();
  });
  const events = new EventSource("/events");
  events.onopen = () => { current = null; };  // a restarted server counts again from 1
  events.addEventListener("state", (event) => apply(JSON.parse(event.data)));
  events.onerror = () => {
    $("status").dataset.state = "error";
    $("activity").textContent = "Lost the connection to vitrina serve (is it still running?)";
  };
});
