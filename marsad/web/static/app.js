// marsad analyst UI: wires filters (held in the URL), map, timeline, list, event page and network.
import { interColor, KNOWN_TYPES, typeColor } from "./colors.js";
import { renderEvent } from "./event.js";
import { isRtl, setLang, t } from "./i18n.js";
import { MapView } from "./map.js";
import { NetworkView } from "./network.js";
import { readState, serverQuery, writeState } from "./state.js";
import { Timeline } from "./timeline.js";

const LIST_LIMIT = 300;
const state = readState();
const ui = (window.marsadUI = { ready: false, loads: 0, visible: 0, total: 0, state });
const $ = (id) => document.getElementById(id);
ui.timings = {};
/** Milliseconds since navigation start at each step of the first load (benchmarks read them). */
function mark(step) {
  if (!(step in ui.timings)) ui.timings[step] = Math.round(performance.now());
}

let events = [];
let actors = new Map();
let mapView;
let timeline;
let network;
let lastServerQuery = null;

async function getJSON(url, { retry = true } = {}) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem("marsad-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url, { headers });
  if (response.status === 401 && retry) {
    // the server requires a token for reads (marsad serve --require-token-for-reads)
    const entered = window.prompt(t("token_prompt"));
    if (entered) {
      sessionStorage.setItem("marsad-token", entered.trim());
      return getJSON(url, { retry: false });
    }
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      /* body was not JSON; keep the status text */
    }
    throw new Error(`${response.status} ${detail}`);
  }
  return response.json();
}

/** A response prefetch.js started for this query on first load (once), else null. */
async function prefetched(name, query = null) {
  const early = window.marsadPrefetch;
  if (!early || !early[name] || (query !== null && query !== early.query)) return null;
  const promise = early[name];
  early[name] = null;
  return promise;
}

function visibleEvents() {
  return events.filter((e) => {
    const day = e.date ? e.date.slice(0, 10) : null;
    if (state.since && (!day || day < state.since)) return false;
    if (state.until && (!day || day > state.until)) return false;
    return true;
  });
}

async function refresh({ fit = false } = {}) {
  writeState(state);
  const query = serverQuery(state);
  if (query !== lastServerQuery) {
    $("status").textContent = t("loading");
    const data = (await prefetched("events", query)) ?? (await getJSON(`/ui/api/events${query ? `?${query}` : ""}`));
    mark("events_fetched");
    events = data.events;
    ui.total = data.total;
    ui.loads += 1;
    lastServerQuery = query;
    fillOptions(data.facets);
    $("status").textContent = mapView.offline ? t("offline_tiles") : "";
    timeline.update(events);
    mark("timeline_drawn");
    fit = true;
  }
  timeline.setRange(state.since || state.until ? [state.since, state.until] : null);
  renderVisible({ fit });
}

function renderVisible({ fit = false } = {}) {
  const vis = visibleEvents();
  ui.visible = vis.length;
  mapView.update(vis, { fit });
  mark("map_drawn");
  ui.mapTimings = mapView.timings;
  renderList(vis);
  mark("list_drawn");
  if (state.tab === "network") network.update(vis, actors).catch(showError);
  ui.counts = { ...mapView.counts };
  renderLegend(vis);
}

function renderList(vis) {
  $("count").textContent = `(${vis.length})`;
  const list = $("event-list");
  list.replaceChildren();
  if (!vis.length) {
    list.append(Object.assign(document.createElement("li"), { className: "muted", textContent: t("no_events") }));
    return;
  }
  const sorted = [...vis].sort((a, b) => (b.date || "").localeCompare(a.date || "") || a.id.localeCompare(b.id));
  for (const ev of sorted.slice(0, LIST_LIMIT)) {
    const li = document.createElement("li");
    li.className = `event-item${ev.bg ? " is-background" : ""}`;
    li.dataset.eventId = ev.id;
    li.tabIndex = 0;
    const swatch = Object.assign(document.createElement("span"), { className: "swatch" });
    swatch.style.background = typeColor(ev.type);
    const title = document.createElement("div");
    title.className = "item-title";
    title.textContent = [t(ev.type), ev.sub && t(ev.sub)].filter(Boolean).join(" · ");
    const meta = document.createElement("div");
    meta.className = "item-meta";
    meta.dir = "auto";
    meta.textContent = [ev.date, ev.loc, [ev.a1, ev.a2].filter(Boolean).join(" ⟷ "),
      ev.fat ? `${ev.fat} ${t("fatalities")}` : "", ev.bg ? t("background") : ""].filter(Boolean).join(" · ");
    li.append(swatch, title, meta);
    li.addEventListener("click", () => openEvent(ev.id));
    li.addEventListener("keydown", (e) => e.key === "Enter" && openEvent(ev.id));
    list.append(li);
  }
  if (sorted.length > LIST_LIMIT) {
    list.append(Object.assign(document.createElement("li"), {
      className: "muted", textContent: t("more", { n: sorted.length - LIST_LIMIT }),
    }));
  }
}

function renderLegend(vis) {
  if (state.tab === "network") {
    renderInterLegend();
    return;
  }
  const types = [...new Set([...KNOWN_TYPES.filter((k) => vis.some((e) => e.type === k)),
    ...vis.map((e) => e.type)])];
  const legend = $("legend");
  legend.replaceChildren();
  for (const type of types) {
    const item = document.createElement("span");
    item.className = "legend-item";
    const sw = Object.assign(document.createElement("i"), { className: "swatch" });
    sw.style.background = typeColor(type);
    item.append(sw, t(type));
    legend.append(item);
  }
  const area = Object.assign(document.createElement("span"), { className: "legend-item" });
  area.append(Object.assign(document.createElement("i"), { className: "swatch area" }), t("precision_area"));
  const route = Object.assign(document.createElement("span"), { className: "legend-item" });
  route.append(Object.assign(document.createElement("i"), { className: "swatch route" }), t("route"));
  legend.append(area, route);
}

function renderInterLegend() {
  const legend = $("legend");
  legend.replaceChildren(Object.assign(document.createElement("strong"), { textContent: t("inter_legend") }));
  const present = new Set([...actors.values()].map((a) => Number(a.inter) || 0));
  for (const code of [1, 2, 3, 4, 5, 6, 7, 8, 0]) {
    if (!present.has(code)) continue;
    const item = Object.assign(document.createElement("span"), { className: "legend-item" });
    const sw = Object.assign(document.createElement("i"), { className: "swatch" });
    sw.style.background = interColor(code);
    item.append(sw, t(`inter_${code}`));
    legend.append(item);
  }
  const patron = Object.assign(document.createElement("span"), { className: "legend-item" });
  patron.append(Object.assign(document.createElement("i"), { className: "swatch patron" }), t("patron"));
  const between = Object.assign(document.createElement("span"), { className: "legend-item" });
  between.append(Object.assign(document.createElement("i"), { className: "swatch route" }), t("events_between"));
  legend.append(patron, between);
}

function setOptions(select, values, label = (v) => v) {
  const keep = select.value || state[select.name] || "";
  const first = select.options[0];
  select.replaceChildren(first);
  for (const v of values) {
    const value = typeof v === "object" ? v.value : v;
    const text = typeof v === "object" ? v.label : label(v);
    select.append(new Option(text, value));
  }
  if (keep && ![...select.options].some((o) => o.value === keep)) select.append(new Option(keep, keep));
  select.value = keep;
}

function fillOptions(facets) {
  setOptions($("f-type"), facets.event_types, (v) => t(v));
  setOptions($("f-sub"), facets.sub_event_types, (v) => t(v));
  setOptions($("f-admin1"), facets.admin1);
  $("place-list").replaceChildren(...facets.locations.map((v) => new Option(v)));
}

function fillActors() {
  const entries = [...actors.values()].sort((a, b) => label(a).localeCompare(label(b)));
  setOptions($("f-actor"), entries.map((a) => ({ value: a.id, label: `${label(a)} (${a.events})` })));
}

function label(actor) {
  return (isRtl() && actor.name_ar) || actor.name || actor.id;
}

async function openEvent(id, { push = true } = {}) {
  state.event = id;
  writeState(state, { push });
  const view = $("event-view");
  $("list-view").hidden = true;
  view.hidden = false;
  view.replaceChildren(Object.assign(document.createElement("p"), { textContent: t("loading") }));
  try {
    const detail = await getJSON(`/ui/api/events/${encodeURIComponent(id)}`);
    if (state.event !== id) return;
    renderEvent(view, detail, { onBack: closeEvent });
    view.dataset.eventId = id;
    mapView.focus(events.find((e) => e.id === id));
  } catch (err) {
    view.replaceChildren(Object.assign(document.createElement("p"), {
      className: "error", textContent: `${t("not_found")}: ${err.message}`,
    }));
    const back = Object.assign(document.createElement("button"), { type: "button", textContent: t("back") });
    back.addEventListener("click", closeEvent);
    view.append(back);
  }
  ui.eventOpen = id;
}

function closeEvent() {
  mapView.focus(null);
  state.event = "";
  writeState(state, { push: true });
  $("event-view").hidden = true;
  $("list-view").hidden = false;
  ui.eventOpen = null;
}

function showTab(tab) {
  state.tab = tab === "network" ? "network" : "map";
  for (const b of document.querySelectorAll("[data-tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === state.tab));
  for (const p of document.querySelectorAll("[data-pane]")) p.hidden = p.dataset.pane !== state.tab;
  writeState(state);
  if (state.tab === "network") {
    network.update(visibleEvents(), actors).catch(showError);
  } else {
    mapView.invalidate();
  }
  renderLegend(visibleEvents());
}

function syncForm() {
  $("f-q").value = state.q;
  $("f-actor").value = state.actor;
  $("f-proxies").checked = state.proxies !== "0";
  $("f-type").value = state.type;
  $("f-sub").value = state.sub;
  $("f-admin1").value = state.admin1;
  $("f-place").value = state.place;
  $("f-bg").checked = state.bg !== "0";
  $("f-since").value = state.since;
  $("f-until").value = state.until;
  $("lang-toggle").textContent = t("lang_other");
}

function bindForm() {
  const form = $("filters");
  let timer = null;
  const changed = (target) => {
    const name = target.name;
    if (!name) return;
    if (target.type === "checkbox") state[name] = target.checked ? "1" : "0";
    else state[name] = target.value.trim();
    refresh().catch(showError);
  };
  form.addEventListener("change", (e) => changed(e.target));
  form.addEventListener("input", (e) => {
    if (e.target.type !== "search" && e.target.type !== "text") return;
    clearTimeout(timer);
    timer = setTimeout(() => changed(e.target), 350);
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  $("f-reset").addEventListener("click", () => {
    for (const k of ["q", "actor", "type", "sub", "admin1", "place", "since", "until"]) state[k] = "";
    state.proxies = "1";
    state.bg = "1";
    syncForm();
    refresh().catch(showError);
  });
  $("brush-clear").addEventListener("click", () => {
    state.since = "";
    state.until = "";
    syncForm();
    refresh().catch(showError);
  });
  $("lang-toggle").addEventListener("click", () => {
    state.lang = state.lang === "ar" ? "en" : "ar";
    setLang(state.lang);
    if (mapView.offline) $("status").textContent = t("offline_tiles");
    syncForm();
    fillActors();
    writeState(state);
    timeline.update(events);
    renderVisible();
    if (state.event) openEvent(state.event, { push: false });
    mapView.invalidate();
  });
  for (const b of document.querySelectorAll("[data-tab]")) b.addEventListener("click", () => showTab(b.dataset.tab));
  window.addEventListener("popstate", () => {
    Object.assign(state, readState());
    syncForm();
    refresh().catch(showError);
    if (state.event) openEvent(state.event, { push: false });
    else if (!$("event-view").hidden) closeEvent();
  });
}

function showError(err) {
  console.error(err);
  const message = err instanceof Error ? err.message : String(err);
  $("status").textContent = `${t("error")}: ${message}`;
  ui.error = message;
}

async function main() {
  setLang(state.lang);
  mark("module_started");
  const config = (await prefetched("config")) ?? (await getJSON("/ui/api/config"));
  mapView = new MapView($("map"), { config, onOpen: (id) => openEvent(id) });
  mapView.onComplete = () => {
    mark("map_complete");
    ui.mapComplete = true;
  };
  timeline = new Timeline($("timeline"), {
    onBrush: (range) => {
      state.since = range ? range[0] : "";
      state.until = range ? range[1] : "";
      $("f-since").value = state.since;
      $("f-until").value = state.until;
      writeState(state);
      renderVisible();
    },
  });
  ui.timelineX = (day) => timeline.pixel(day);
  network = new NetworkView($("network"), {
    onSelect: (id) => {
      state.actor = id.startsWith("name:") ? "" : id;
      syncForm();
      showTab("map");
      refresh().catch(showError);
    },
  });
  const actorData = (await prefetched("actors")) ?? (await getJSON("/ui/api/actors"));
  actors = new Map(actorData.actors.map((a) => [a.id, a]));
  fillActors();
  syncForm();
  bindForm();
  await refresh({ fit: true });
  showTab(state.tab);
  if (state.event) await openEvent(state.event, { push: false });
  ui.ready = true;
  ui.readyAt = performance.now();
  document.body.dataset.ready = "1";
}

main().catch((err) => {
  showError(err);
  document.body.dataset.ready = "error";
});
