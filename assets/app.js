// newsdex search page. Plain script, no build step. Every state is a URL of "/" (search:
// ?q=…&source=…; article: ?article=ID; entity: ?with=NAME&kind=…), so links can be shared and
// the back button works. Article text only ever reaches the page as text nodes.
"use strict";

const FACETS = [["source", "Sources"], ["person", "People"], ["org", "Organisations"], ["location", "Places"]];
const KINDS = [["person", "People"], ["org", "Organisations"], ["location", "Places"], ["misc", "Other"], ["", "All"]];
const FILTERS = ["source", "person", "org", "location", "entity", "from", "to", "sort"];
const PAGE = 10;
const DEBOUNCE_MS = 180;
const EXCERPT_BYTES = 420;

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let generation = 0; // answers to an older state are dropped
let typingTimer = null;

// ---- elements and text ----------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/// Where a window of `limit` bytes holds the most marks: the start of the mark it begins near.
function densest(ranges, limit) {
  let best = 0;
  let bestCount = 0;
  for (const [start] of ranges) {
    const from = Math.max(0, start - Math.floor(limit / 4));
    const count = ranges.filter(([a, b]) => a >= from && b <= from + limit).length;
    if (count > bestCount) {
      best = start;
      bestCount = count;
    }
  }
  return best;
}

/// `text` with the byte ranges `[start, end]` (UTF-8, as the API gives them) in <mark>, cut to
/// about `limit` bytes where the marks are densest (0: the whole text).
function marked(text, ranges, limit) {
  const bytes = encoder.encode(text);
  let from = 0;
  let to = bytes.length;
  if (limit && bytes.length > limit) {
    const first = densest(ranges, limit);
    from = Math.max(0, first - Math.floor(limit / 4));
    while (from > 0 && from < bytes.length && bytes[from - 1] !== 0x20) from++;
    if (from >= first && ranges.length) from = Math.min(from, first);
    to = Math.min(bytes.length, from + limit);
    while (to < bytes.length && to > from && bytes[to] !== 0x20) to--;
    if (to <= from) to = Math.min(bytes.length, from + limit);
  }
  const fragment = document.createDocumentFragment();
  const slice = (a, b) => decoder.decode(bytes.subarray(a, b));
  if (from > 0) fragment.append("…");
  let at = from;
  for (const [start, end] of ranges) {
    const a = Math.max(start, at);
    const b = Math.min(end, to);
    if (b <= a) continue;
    fragment.append(slice(at, a), el("mark", {}, slice(a, b)));
    at = b;
  }
  fragment.append(slice(at, to));
  if (to < bytes.length) fragment.append("…");
  return fragment;
}

function plural(n, one, many) {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many || one + "s"}`;
}

function dateText(item) {
  if (item.date_precision === "month-day" && item.date_text) {
    const [month, day] = item.date_text.split("-").filter(Boolean);
    const name = new Date(Date.UTC(2000, Number(month) - 1, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" });
    return `${name} ${Number(day)}, year unknown`;
  }
  if (!item.date_text) return "date unknown";
  return item.year_assumed ? `${item.date_text} (year assumed)` : item.date_text;
}

// ---- the URL is the state -------------------------------------------------------------------

function state() {
  return new URLSearchParams(location.search);
}

function go(params, replace) {
  const query = params.toString();
  const url = query ? `/?${query}` : "/";
  if (url !== location.pathname + location.search) {
    history[replace ? "replaceState" : "pushState"](null, "", url);
  }
  render();
}

function link(params, text, cls) {
  const href = `/?${params.toString()}`;
  return el("a", { href, class: cls, onclick: (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(params);
  } }, text);
}

function searchParams(from) {
  const params = new URLSearchParams();
  if (from.get("q")) params.set("q", from.get("q"));
  for (const name of FILTERS) for (const value of from.getAll(name)) params.append(name, value);
  return params;
}

function articleParams(id) {
  return new URLSearchParams({ article: id });
}

function entityParams(name, kind) {
  const params = new URLSearchParams({ with: name });
  if (kind) params.set("kind", kind);
  return params;
}

// ---- the API --------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, params) {
  const headers = {};
  const token = sessionStorage.getItem("newsdex-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const query = params && params.toString();
  const response = await fetch(query ? `${path}?${query}` : path, { headers });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    if (response.status === 401) $("token-panel").hidden = false;
    throw new ApiError(response.status, (body && body.error) || `the server answered ${response.status}`);
  }
  return body;
}

function status(text, isError) {
  const node = $("status");
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}

function show(view) {
  for (const id of ["search-view", "article-view", "entity-view", "help-view"]) $(id).hidden = id !== view;
}

// ---- rendering ------------------------------------------------------------------------------

async function render() {
  const params = state();
  const mine = ++generation;
  const fresh = () => mine === generation;
  const q = $("q");
  if (document.activeElement !== q) q.value = params.get("q") || "";
  renderChips(params);
  try {
    if (params.get("article")) await renderArticle(params.get("article"), fresh);
    else if (params.get("with")) await renderEntity(params, fresh);
    else if (params.get("q") || FILTERS.some((name) => name !== "sort" && params.get(name))) await renderSearch(params, fresh);
    else {
      show("help-view");
      status("");
      document.title = "newsdex";
    }
  } catch (err) {
    if (!fresh()) return;
    status(err.message, true);
    if (err.status === 400) clear($("hits"));
  }
}

function renderChips(params) {
  const chips = clear($("chips"));
  if (params.get("article") || params.get("with")) return;
  const labels = { source: "source", person: "person", org: "organisation", location: "place", entity: "entity", from: "from", to: "to", sort: "sorted by" };
  for (const name of FILTERS) {
    for (const value of params.getAll(name)) {
      const without = new URLSearchParams();
      for (const [n, v] of params) if (!(n === name && v === value) && n !== "offset") without.append(n, v);
      chips.append(el("button", { class: "chip", type: "button", title: "Remove this filter", onclick: () => go(without) },
        `${labels[name]}: ${value}`, el("span", { class: "x", "aria-hidden": "true" }, "×")));
    }
  }
}

async function renderSearch(params, fresh) {
  const offset = Number(params.get("offset") || 0);
  const request = searchParams(params);
  request.set("n", PAGE);
  if (offset) request.set("offset", offset);
  request.set("facets", FACETS.map(([name]) => name).join(","));
  request.set("facet_top", 8);
  status("Searching…");
  const timelineRequest = searchParams(params);
  timelineRequest.delete("sort");
  const [results, timeline] = await Promise.all([
    api("/api/search", request),
    api("/api/timeline", timelineRequest).catch(() => null),
  ]);
  if (!fresh()) return;
  show("search-view");
  document.title = `${params.get("q") || "filtered"} — newsdex`;
  const shown = results.hits.length;
  status(shown
    ? `${plural(results.total, "matching passage")} · showing ${offset + 1}–${offset + shown}`
    : `No results for this search (${plural(results.total, "matching passage")})`);
  const hits = clear($("hits"));
  for (const hit of results.hits) hits.append(renderHit(hit));
  renderFacets(results.facets || {}, params);
  renderTimeline($("timeline"), timeline, (period) => {
    const next = new URLSearchParams(params);
    next.delete("offset");
    next.set("from", period);
    next.set("to", period);
    go(next);
  }, "matching articles");
  renderPager(params, offset, shown, results.total);
}

function renderHit(hit) {
  const passages = Array.isArray(hit.passages) && hit.passages.length
    ? hit.passages
    : [{ passage: hit.passage, text: hit.text, highlights: hit.highlights }];
  const meta = el("div", { class: "meta" },
    el("span", {}, hit.source || "source unknown"),
    el("span", {}, dateText(hit)),
    hit.similar && hit.similar.length ? el("span", {}, `+${hit.similar.length} similar`) : null);
  return el("li", { class: "hit" },
    el("h2", {}, link(articleParams(hit.article_id), hit.title || hit.article_id)),
    meta,
    passages.map((p) => el("p", { class: "passage" }, marked(p.text || "", p.highlights || [], EXCERPT_BYTES))));
}

function renderFacets(facets, params) {
  const aside = clear($("facets"));
  for (const [name, title] of FACETS) {
    const values = (facets[name] || []).filter((v) => !(name === "source" && v.name === "unknown"));
    if (!values.length) continue;
    const list = el("ul", {});
    for (const value of values) {
      const active = params.getAll(name).includes(value.name);
      const next = new URLSearchParams(params);
      next.delete("offset");
      if (name === "source") next.set("source", value.name);
      else if (!active) next.append(name, value.name);
      list.append(el("li", {}, el("button", {
        type: "button", "data-facet": name, "aria-pressed": active ? "true" : "false",
        title: `Only articles with ${value.name}`, onclick: () => go(next),
      }, el("span", {}, value.name), el("span", { class: "n" }, value.articles.toLocaleString("en")))));
    }
    aside.append(el("h2", {}, title), list);
  }
}

function renderPager(params, offset, shown, total) {
  const pager = clear($("pager"));
  const page = (at) => {
    const next = new URLSearchParams(params);
    if (at) next.set("offset", at); else next.delete("offset");
    return () => go(next);
  };
  if (offset > 0) pager.append(el("button", { type: "button", onclick: page(Math.max(0, offset - PAGE)) }, "← Previous"));
  if (shown === PAGE && offset + shown < total) pager.append(el("button", { type: "button", onclick: page(offset + PAGE) }, "Next →"));
}

/// Months from the first to the last period, empty ones included.
function months(periods) {
  if (!periods.length) return [];
  const counts = new Map(periods.map((p) => [p.label, p.articles]));
  const [y0, m0] = periods[0].label.split("-").map(Number);
  const [y1, m1] = periods[periods.length - 1].label.split("-").map(Number);
  const out = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, m = 1) : m++) {
    const label = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
    out.push([label, counts.get(label) || 0]);
  }
  return out;
}

function renderTimeline(node, timeline, onPick, what) {
  clear(node);
  if (!timeline) return;
  const bars = months(timeline.timeline || []);
  if (!bars.length) {
    if (timeline.undated) node.append(el("p", { class: "note" }, `No timeline: none of the ${plural(timeline.undated, what.replace(/s$/, ""), what)} has a known date.`));
    return;
  }
  const width = 720;
  const height = 90;
  const top = 8;
  const base = height - 22;
  const max = Math.max(...bars.map(([, n]) => n));
  const step = width / bars.length;
  const barWidth = Math.max(1, Math.min(step * 0.8, 36));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${what} per month` });
  bars.forEach(([label, n], i) => {
    const h = max ? Math.max(n ? 1.5 : 0, ((base - top) * n) / max) : 0;
    const bar = svg("rect", {
      class: "bar", x: (i * step + (step - barWidth) / 2).toFixed(2), y: (base - h).toFixed(2),
      width: barWidth.toFixed(2), height: h.toFixed(2), "data-month": label,
      onclick: () => onPick && onPick(label),
    }, svg("title", {}, `${label}: ${plural(n, "article")}`));
    chart.append(bar);
  });
  const ticks = Math.min(bars.length, 8);
  for (let t = 0; t < ticks; t++) {
    const i = Math.round((t * (bars.length - 1)) / Math.max(1, ticks - 1));
    chart.append(svg("text", { x: (i * step + step / 2).toFixed(2), y: height - 6, "text-anchor": "middle" }, bars[i][0]));
  }
  node.append(chart);
  if (timeline.undated) node.append(el("p", { class: "note" }, `${plural(timeline.undated, what.replace(/s$/, ""), what)} without a known year are not on the timeline.`));
}

// ---- an article -----------------------------------------------------------------------------

/// The text with every mention of the article's entities in <mark>, a link to who appears with it.
function withEntities(text, entities) {
  const names = [];
  for (const [kind] of KINDS) for (const name of (entities[kind] || [])) if (name.length > 1) names.push([name, kind]);
  const lower = text.toLowerCase();
  const found = [];
  const word = /[\p{L}\p{N}]/u;
  for (const [name, kind] of names) {
    const needle = name.toLowerCase();
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      const end = at + needle.length;
      if ((at > 0 && word.test(lower[at - 1])) || (end < lower.length && word.test(lower[end]))) continue;
      found.push([at, end, name, kind]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end, name, kind] of found) {
    if (start < at) continue;
    fragment.append(text.slice(at, start));
    fragment.append(el("mark", {
      class: `ent ${kind}`, title: `${name} (${kind}): who appears with them`, tabindex: 0,
      onclick: () => go(entityParams(name, "person")),
      onkeydown: (event) => { if (event.key === "Enter") go(entityParams(name, "person")); },
    }, text.slice(start, end)));
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

async function renderArticle(id, fresh) {
  status("Loading the article…");
  const [article, related] = await Promise.all([
    api(`/api/articles/${encodeURIComponent(id)}`),
    api(`/api/related/${encodeURIComponent(id)}`, new URLSearchParams({ n: 6 })).catch(() => ({ hits: [] })),
  ]);
  if (!fresh()) return;
  show("article-view");
  status("");
  document.title = `${article.title} — newsdex`;
  const safeUrl = article.url && /^https?:\/\//i.test(article.url) ? article.url : null;
  const node = clear($("article"));
  node.append(
    el("h1", {}, article.title || article.article_id),
    el("div", { class: "meta" },
      el("span", {}, article.source || "source unknown"),
      el("span", {}, dateText(article)),
      article.authors && article.authors.length ? el("span", {}, article.authors.join(", ")) : null,
      el("span", {}, article.article_id),
      safeUrl ? el("span", {}, el("a", { href: safeUrl, rel: "noopener noreferrer" }, "original")) : null),
    ...(article.body || "").split(/\n\n+/).map((paragraph) => el("p", {}, withEntities(paragraph, article.entities || {}))));
  const side = clear($("article-entities"));
  for (const [kind, title] of KINDS.filter(([k]) => k)) {
    const names = (article.entities || {})[kind] || [];
    if (!names.length) continue;
    side.append(el("h2", {}, title), el("ul", { class: "entity-list" }, names.map((name) =>
      el("li", {}, el("button", { type: "button", "data-entity": name, title: `Who appears with ${name}`, onclick: () => go(entityParams(name, "person")) }, el("span", {}, name))))));
  }
  const list = clear($("related"));
  if (!related.hits.length) list.append(el("li", {}, "No related stories."));
  for (const hit of related.hits) {
    list.append(el("li", {}, link(articleParams(hit.article_id), hit.title || hit.article_id),
      el("div", { class: "meta" }, el("span", {}, hit.source || "source unknown"), el("span", {}, dateText(hit)))));
  }
}

// ---- an entity ------------------------------------------------------------------------------

async function renderEntity(params, fresh) {
  const name = params.get("with");
  const kind = params.get("kind") || "";
  const request = new URLSearchParams({ with: name, n: 25 });
  if (kind) request.set("kind", kind);
  if (params.get("q")) request.set("q", params.get("q"));
  status("Counting who appears with whom…");
  const [found, timeline] = await Promise.all([
    api("/api/entities", request),
    api("/api/timeline", new URLSearchParams({ entity: name })).catch(() => null),
  ]);
  if (!fresh()) return;
  show("entity-view");
  status("");
  const shownName = found.with || name;
  document.title = `${shownName} — newsdex`;
  $("entity-title").textContent = shownName;
  const summary = clear($("entity-summary"));
  summary.append(`In ${plural(found.with_articles, "article")} of ${found.articles.toLocaleString("en")}${params.get("q") ? " matching" : ""}. `,
    link(new URLSearchParams({ entity: shownName }), "Read them"), ".");
  const tabs = clear($("entity-kinds"));
  for (const [value, title] of KINDS) {
    const next = new URLSearchParams(params);
    if (value) next.set("kind", value); else next.delete("kind");
    tabs.append(el("button", { type: "button", "aria-pressed": value === kind ? "true" : "false", onclick: () => go(next) }, title));
  }
  renderTimeline($("entity-timeline"), timeline, null, "articles");
  const table = clear($("companions"));
  if (!found.entities.length) {
    table.append(el("tr", {}, el("td", {}, `No ${kind ? KINDS.find(([k]) => k === kind)[1].toLowerCase() : "entities"} appear in 3 or more of these articles more often than chance.`)));
    return;
  }
  table.append(el("thead", {}, el("tr", {},
    el("th", {}, "Seen with"), el("th", { title: "Articles that mention both" }, "Together"),
    el("th", { title: "Articles that mention it" }, "In all"), el("th", { title: "Dunning's log-likelihood: how far above chance" }, "Score"),
    el("th", { class: "months" }, "When together"))));
  const body = el("tbody", {});
  for (const entity of found.entities) {
    const together = new URLSearchParams();
    together.append("entity", shownName);
    together.append(entity.kind === "misc" ? "entity" : entity.kind, entity.name);
    body.append(el("tr", { "data-companion": entity.name },
      el("td", {}, link(entityParams(entity.name, kind), entity.name), " ", el("span", { class: "meta" }, entity.kind)),
      el("td", { class: "n" }, link(together, entity.both.toLocaleString("en"))),
      el("td", { class: "n" }, entity.articles.toLocaleString("en")),
      el("td", { class: "n" }, entity.score === null ? "" : entity.score.toFixed(1)),
      el("td", { class: "months" }, sparkline(entity))));
  }
  table.append(body);
}

function sparkline(entity) {
  const bars = months(entity.months.map((m) => ({ label: m.month, articles: m.articles })));
  if (!bars.length) return el("span", { class: "undated" }, "no dates");
  const width = 160;
  const height = 26;
  const max = Math.max(...bars.map(([, n]) => n));
  const step = Math.min(width / bars.length, 12);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "articles together per month" });
  bars.forEach(([label, n], i) => {
    const h = (height - 2) * n / max;
    chart.append(svg("rect", { x: (i * step).toFixed(2), y: (height - h).toFixed(2), width: Math.max(1, step - 1).toFixed(2), height: h.toFixed(2) },
      svg("title", {}, `${label}: ${n}`)));
  });
  const wrap = el("span", {}, chart);
  if (entity.undated) wrap.append(el("span", { class: "undated" }, ` +${entity.undated} undated`));
  return wrap;
}

// ---- typing and keys ------------------------------------------------------------------------

function onType() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    const current = state();
    const inSearch = !current.get("article") && !current.get("with");
    const next = inSearch ? searchParams(current) : new URLSearchParams();
    const q = $("q").value;
    if (q.trim()) next.set("q", q); else next.delete("q");
    // Typing refines the current search in place; leaving an article or entity is a new entry.
    go(next, inSearch);
  }, DEBOUNCE_MS);
}

function start() {
  $("q").addEventListener("input", onType);
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    const next = searchParams(state());
    next.set("q", $("q").value);
    go(next);
  });
  $("home").addEventListener("click", (event) => {
    event.preventDefault();
    $("q").value = "";
    go(new URLSearchParams());
    $("q").focus();
  });
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("newsdex-token", $("token").value.trim());
    $("token-panel").hidden = true;
    render();
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      $("q").focus();
      $("q").select();
    } else if (event.key === "Escape" && event.target === $("q")) {
      $("q").blur();
    }
  });
  window.addEventListener("popstate", render);
  render();
}

start();
