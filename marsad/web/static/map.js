// The map: clustered point markers, approximate locations as areas, movement routes as arrows.
// Built for 10k+ events: icons are shared, handlers and tooltips live on the layer groups (not
// on each marker), and route arrows are native SVG markers rather than extra layers.
import { typeColor } from "./colors.js";
import { t } from "./i18n.js";

const L = window.L;
// Radius drawn for an approximate location: ACLED geo_precision 2 = near / part of a place,
// 3 = a larger region (a governorate's countryside, a desert).
const AREA_RADIUS_M = { 2: 12000, 3: 40000 };
const DEFAULT_VIEW = { center: [25, 30], zoom: 3 };
const SVG_NS = "http://www.w3.org/2000/svg";

function markerSize(fatalities) {
  return Math.round(Math.min(40, 12 + 4 * Math.sqrt(Math.max(0, fatalities || 0))));
}

export class MapView {
  constructor(element, { config, onOpen }) {
    this.onOpen = onOpen;
    this.map = L.map(element, {
      worldCopyJump: true, minZoom: 2, maxZoom: config.tile_max_zoom || 18, attributionControl: true,
    }).setView(DEFAULT_VIEW.center, DEFAULT_VIEW.zoom);
    this.map.getContainer().classList.add("map-offline");
    this.svg = L.svg({ padding: 0.5 }).addTo(this.map);
    this.canvas = L.canvas({ padding: 0.5 });
    this.graticule = this._graticule().addTo(this.map);
    this.byId = new Map();
    this.icons = new Map();
    this.arrows = new Map();
    this.tip = L.tooltip({ direction: "top", offset: [0, -6] });
    this.clusters = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 60,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: (cluster) => this._clusterIcon(cluster),
      chunkProgress: (done, total) => {
        if (done >= total) this._settled("clusters");
      },
    }).addTo(this.map);
    this.areas = L.featureGroup().addTo(this.map);
    this.routes = L.featureGroup().addTo(this.map);
    for (const group of [this.clusters, this.areas, this.routes]) {
      group.on("mouseover", (e) => this._hover(e));
      group.on("mouseout", () => this.map.closeTooltip(this.tip));
    }
    this.clusters.on("click", (e) => this.onOpen(e.layer.options.eventId));
    this.routes.on("click", (e) => e.layer.options.eventId && this.onOpen(e.layer.options.eventId));
    this.areas.on("click", (e) => this._areaClick(e));
    this.counts = { markers: 0, areas: 0, routes: 0 };
    this._generation = 0;
    this.offline = true;
    this.clustered = false;
    this._tiles(config);
  }

  /** Online tiles when reachable; otherwise keep the plain offline background (never block). */
  _tiles(config) {
    const status = document.getElementById("status");
    const container = this.map.getContainer();
    if (!config.tile_url) {
      container.dataset.tiles = "offline";
      status.textContent = t("offline_tiles");
      return;
    }
    const layer = L.tileLayer(config.tile_url, {
      attribution: config.tile_attribution || "",
      maxZoom: config.tile_max_zoom || 18,
      crossOrigin: true,
    });
    let loaded = 0;
    let failed = 0;
    const giveUp = () => {
      if (loaded > 0 || !this.map.hasLayer(layer)) return;
      this.map.removeLayer(layer);
      this.offline = true;
      container.classList.add("map-offline");
      container.dataset.tiles = "offline";
      status.textContent = t("offline_tiles");
    };
    layer.on("tileload", () => {
      loaded += 1;
      if (this.offline) {
        this.offline = false;
        container.classList.remove("map-offline");
        container.dataset.tiles = "online";
        this.map.removeLayer(this.graticule);
      }
    });
    layer.on("tileerror", () => {
      failed += 1;
      if (failed >= 2) giveUp();
    });
    layer.addTo(this.map);
    setTimeout(giveUp, config.tile_timeout_ms || 4000);
  }

  /** A 5-degree grid so the offline background still gives a sense of place and scale. */
  _graticule() {
    const lines = [];
    for (let lat = -80; lat <= 80; lat += 5) lines.push([[lat, -180], [lat, 180]]);
    for (let lon = -180; lon <= 180; lon += 5) lines.push([[-85, lon], [85, lon]]);
    return L.polyline(lines, {
      renderer: this.canvas, color: "#b8c4cc", weight: 1, interactive: false,
    });
  }

  _clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const byType = new Map();
    for (const m of children) byType.set(m.options.eventType, (byType.get(m.options.eventType) || 0) + 1);
    let angle = 0;
    const stops = [];
    for (const [type, n] of [...byType.entries()].sort((a, b) => b[1] - a[1])) {
      const next = angle + (360 * n) / children.length;
      stops.push(`${typeColor(type)} ${angle}deg ${next}deg`);
      angle = next;
    }
    const size = children.length < 10 ? 30 : children.length < 100 ? 38 : 46;
    return L.divIcon({
      html: `<div class="ring" style="background:conic-gradient(${stops.join(",")})"><span>${children.length}</span></div>`,
      className: "ev-cluster",
      iconSize: [size, size],
    });
  }

  /** One shared icon per (type colour, size, background) instead of one per event. */
  _icon(ev) {
    const size = markerSize(ev.fat);
    const color = typeColor(ev.type);
    const key = `${color}|${size}|${ev.bg ? 1 : 0}`;
    if (!this.icons.has(key)) {
      this.icons.set(key, L.divIcon({
        className: `ev-marker${ev.bg ? " is-background" : ""}`,
        html: `<span class="ev-dot" style="background:${color};width:${size}px;height:${size}px"></span>`,
        iconSize: [size, size],
      }));
    }
    return this.icons.get(key);
  }

  _hover(e) {
    const layer = e.layer;
    let label = layer.options.label;
    if (!label && layer.options.eventId) label = this._label(this.byId.get(layer.options.eventId));
    if (!label) return;
    this.tip.setLatLng(e.latlng || layer.getLatLng()).setContent(label);
    this.map.openTooltip(this.tip);
  }

  update(events, { fit = false } = {}) {
    const t0 = performance.now();
    this.clusters.clearLayers();
    this.areas.clearLayers();
    this.routes.clearLayers();
    this.clustered = false;
    this.byId = new Map(events.map((ev) => [ev.id, ev]));
    const markers = [];
    const areas = new Map();
    let routes = 0;
    let routeMs = 0;
    const bounds = [];
    for (const ev of events) {
      if (ev.route && ev.route.length >= 2) {
        const r0 = performance.now();
        routes += this._route(ev, bounds);
        routeMs += performance.now() - r0;
      }
      if (ev.lat == null || ev.lon == null) continue;
      bounds.push([ev.lat, ev.lon]);
      if (ev.prec >= 2) {
        const key = `${ev.lat.toFixed(3)},${ev.lon.toFixed(3)},${ev.prec}`;
        if (!areas.has(key)) areas.set(key, []);
        areas.get(key).push(ev);
        continue;
      }
      markers.push(L.marker([ev.lat, ev.lon], {
        eventType: ev.type, eventId: ev.id, keyboard: false, icon: this._icon(ev),
      }));
    }
    const t1 = performance.now();
    if (fit && bounds.length) {
      // fit first, so the clusters are computed and drawn once, at the final zoom
      this.map.invalidateSize();
      this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 10, animate: false });
    }
    const areaRenderer = areas.size > 300 ? this.canvas : this.svg;
    this._waiting = new Set(["areas", "clusters"]);
    this._drawAreas([...areas.values()], areaRenderer, ++this._generation);
    const t2 = performance.now();
    this.clusters.addLayers(markers);
    if (!markers.length) this._settled("clusters");
    const t3 = performance.now();
    this.counts = { markers: markers.length, areas: areas.size, routes };
    this.timings = { routes: Math.round(routeMs), build: Math.round(t1 - t0), areas: Math.round(t2 - t1), cluster: Math.round(t3 - t2) };
  }

  /** Areas in slices of 150 per task, so thousands of them never hold up the first paint. */
  _drawAreas(groups, renderer, generation, from = 0) {
    if (generation !== this._generation) return; // a newer update() replaced this one
    const upto = Math.min(groups.length, from + 150);
    for (let i = from; i < upto; i += 1) this._area(groups[i], renderer);
    if (upto < groups.length) setTimeout(() => this._drawAreas(groups, renderer, generation, upto), 0);
    else this._settled("areas");
  }

  _settled(part) {
    this._waiting?.delete(part);
    if (this._waiting && !this._waiting.size) {
      this.clustered = true;
      this.onComplete?.();
    }
  }

  _label(ev) {
    if (!ev) return "";
    const parts = [ev.date || "?", t(ev.type), ev.loc || ""];
    if (ev.fat) parts.push(`${ev.fat} ${t("fatalities")}`);
    return parts.filter(Boolean).join(" · ");
  }

  _area(group, renderer) {
    const ev = group[0];
    const color = typeColor(ev.type);
    this.areas.addLayer(L.circle([ev.lat, ev.lon], {
      radius: AREA_RADIUS_M[ev.prec] || AREA_RADIUS_M[3],
      renderer,
      color,
      weight: 2,
      dashArray: "5 5",
      fillColor: color,
      fillOpacity: Math.min(0.45, 0.12 + 0.03 * group.length),
      className: "ev-area",
      events: group,
      label: `${t("precision_area")} · ${ev.loc || ""} · ${group.length}`,
    }));
  }

  _areaClick(e) {
    const group = e.layer.options.events;
    if (group.length === 1) {
      this.onOpen(group[0].id);
      return;
    }
    const list = document.createElement("ul");
    list.className = "area-popup";
    for (const item of group.slice(0, 15)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#";
      a.textContent = this._label(item);
      a.addEventListener("click", (event) => {
        event.preventDefault();
        this.onOpen(item.id);
      });
      li.append(a);
      list.append(li);
    }
    L.popup().setLatLng(e.latlng).setContent(list).openOn(this.map);
  }

  /** An SVG arrow-head marker in ``color`` (one per colour), for the legs of routes. */
  _arrow(color) {
    if (!this.arrows.has(color)) {
      const root = this.svg._container;
      let defs = root.querySelector("defs");
      if (!defs) defs = root.insertBefore(document.createElementNS(SVG_NS, "defs"), root.firstChild);
      const id = `route-arrow-${this.arrows.size}`;
      const marker = document.createElementNS(SVG_NS, "marker");
      for (const [k, v] of Object.entries({
        id, viewBox: "0 0 10 10", refX: "5", refY: "5", markerWidth: "5", markerHeight: "5",
        orient: "auto", class: "route-arrow",
      })) marker.setAttribute(k, v);
      const head = document.createElementNS(SVG_NS, "path");
      head.setAttribute("d", "M0,0 L10,5 L0,10 z");
      head.setAttribute("fill", color);
      marker.append(head);
      defs.append(marker);
      this.arrows.set(color, id);
    }
    return this.arrows.get(color);
  }

  /** A route drawn origin → via → destination, with an arrow head halfway along each leg. */
  _route(ev, bounds) {
    const points = ev.route.filter((p) => p.lat != null && p.lon != null);
    if (points.length < 2) return 0;
    const latlngs = points.map((p) => [p.lat, p.lon]);
    bounds.push(...latlngs);
    const color = typeColor(ev.type);
    const label = `${t("route")}: ${points.map((p) => `${p.name || "?"} (${t(p.role || "via")})`).join(" ← ")}`;
    this.routes.addLayer(L.polyline(latlngs, {
      renderer: this.svg, color, weight: 3, opacity: 0.85, className: "route-line", eventId: ev.id, label,
    }));
    const arrow = `url(#${this._arrow(color)})`;
    for (let i = 0; i + 1 < latlngs.length; i += 1) {
      const [a, b] = [latlngs[i], latlngs[i + 1]];
      const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      // an invisible copy of the leg whose middle vertex carries the arrow head
      const leg = L.polyline([a, mid, b], {
        renderer: this.svg, color, weight: 3, opacity: 1, className: "route-leg", interactive: false,
        smoothFactor: 0, // keep the middle vertex: it carries the arrow
      });
      this.routes.addLayer(leg);
      leg.getElement().setAttribute("marker-mid", arrow);
    }
    for (const p of points) {
      this.routes.addLayer(L.circleMarker([p.lat, p.lon], {
        renderer: this.svg, radius: p.role === "via" ? 4 : 6, color, weight: 2,
        fillColor: p.role === "destination" ? color : "#fff", fillOpacity: 1,
        className: `route-stop route-${p.role || "via"}`, eventId: ev.id,
        label: `${t(p.role || "via")}: ${p.name || ""}`,
      }));
    }
    return 1;
  }

  /** Centre on the open event and ring it, so the event page and the map stay linked. */
  focus(ev) {
    if (this.selected) this.selected.remove();
    this.selected = null;
    if (ev && ev.lat != null && ev.lon != null) {
      this.selected = L.circleMarker([ev.lat, ev.lon], {
        renderer: this.svg, radius: 16, color: "#111", weight: 3, fill: false, dashArray: "3 3",
        interactive: false, className: "selected-ring",
      }).addTo(this.map);
      this.map.setView([ev.lat, ev.lon], Math.max(this.map.getZoom(), 8));
    }
  }

  invalidate() {
    this.map.invalidateSize();
  }
}
