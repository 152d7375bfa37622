// The map: clustered point markers, approximate locations as areas, movement routes as arrows.
import { typeColor } from "./colors.js";
import { t } from "./i18n.js";

const L = window.L;
// Radius drawn for an approximate location: ACLED geo_precision 2 = near / part of a place,
// 3 = a larger region (a governorate's countryside, a desert).
const AREA_RADIUS_M = { 2: 12000, 3: 40000 };
const DEFAULT_VIEW = { center: [25, 30], zoom: 3 };

function markerSize(fatalities) {
  return Math.min(40, 12 + 4 * Math.sqrt(Math.max(0, fatalities || 0)));
}

export class MapView {
  constructor(element, { config, onOpen }) {
    this.onOpen = onOpen;
    this.map = L.map(element, {
      worldCopyJump: true, minZoom: 2, maxZoom: config.tile_max_zoom || 18, attributionControl: true,
    })
      .setView(DEFAULT_VIEW.center, DEFAULT_VIEW.zoom);
    this.map.getContainer().classList.add("map-offline");
    this.svg = L.svg({ padding: 0.5 });
    this.canvas = L.canvas({ padding: 0.5 });
    this.graticule = this._graticule().addTo(this.map);
    this.clusters = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: (cluster) => this._clusterIcon(cluster),
    }).addTo(this.map);
    this.areas = L.layerGroup().addTo(this.map);
    this.routes = L.layerGroup().addTo(this.map);
    this.counts = { markers: 0, areas: 0, routes: 0 };
    this.offline = true;
    this._tiles(config);
  }

  /** Online tiles when reachable; otherwise keep the plain offline background (never block). */
  _tiles(config) {
    const status = document.getElementById("status");
    if (!config.tile_url) {
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
      this.map.getContainer().classList.add("map-offline");
      this.map.getContainer().dataset.tiles = "offline";
      status.textContent = t("offline_tiles");
    };
    layer.on("tileload", () => {
      loaded += 1;
      if (this.offline) {
        this.offline = false;
        this.map.getContainer().classList.remove("map-offline");
        this.map.getContainer().dataset.tiles = "online";
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

  update(events, { fit = false } = {}) {
    this.clusters.clearLayers();
    this.areas.clearLayers();
    this.routes.clearLayers();
    const markers = [];
    const areas = new Map();
    let routes = 0;
    const bounds = [];
    const areaRenderer = events.length > 2000 ? this.canvas : this.svg;
    for (const ev of events) {
      if (ev.route && ev.route.filter((p) => p.lat != null && p.lon != null).length >= 2) {
        this._route(ev);
        routes += 1;
      }
      if (ev.lat == null || ev.lon == null) continue;
      bounds.push([ev.lat, ev.lon]);
      if (ev.prec >= 2) {
        const key = `${ev.lat.toFixed(3)},${ev.lon.toFixed(3)},${ev.prec}`;
        if (!areas.has(key)) areas.set(key, []);
        areas.get(key).push(ev);
        continue;
      }
      const size = markerSize(ev.fat);
      const color = typeColor(ev.type);
      const marker = L.marker([ev.lat, ev.lon], {
        eventType: ev.type,
        eventId: ev.id,
        keyboard: false,
        icon: L.divIcon({
          className: `ev-marker${ev.bg ? " is-background" : ""}`,
          html: `<span class="ev-dot" data-event-id="${ev.id}" style="background:${color};width:${size}px;height:${size}px"></span>`,
          iconSize: [size, size],
        }),
      });
      marker.bindTooltip(() => this._label(ev));
      marker.on("click", () => this.onOpen(ev.id));
      markers.push(marker);
    }
    this.clusters.addLayers(markers);
    for (const group of areas.values()) this._area(group, areaRenderer);
    this.counts = { markers: markers.length, areas: areas.size, routes };
    if (fit && bounds.length) {
      for (const ev of events) for (const p of ev.route || []) if (p.lat != null && p.lon != null) bounds.push([p.lat, p.lon]);
      this.map.invalidateSize();
      this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 10 });
    }
  }

  _label(ev) {
    const parts = [ev.date || "?", t(ev.type), ev.loc || ""];
    if (ev.fat) parts.push(`${ev.fat} ${t("fatalities")}`);
    return parts.filter(Boolean).join(" · ");
  }

  _area(group, renderer) {
    const ev = group[0];
    const color = typeColor(ev.type);
    const circle = L.circle([ev.lat, ev.lon], {
      radius: AREA_RADIUS_M[ev.prec] || AREA_RADIUS_M[3],
      renderer,
      color,
      weight: 2,
      dashArray: "5 5",
      fillColor: color,
      fillOpacity: Math.min(0.45, 0.12 + 0.03 * group.length),
      className: "ev-area",
    });
    circle.bindTooltip(`${t("precision_area")} · ${ev.loc || ""} · ${group.length}`);
    if (group.length === 1) {
      circle.on("click", () => this.onOpen(ev.id));
    } else {
      const list = document.createElement("ul");
      list.className = "area-popup";
      for (const item of group.slice(0, 15)) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = "#";
        a.textContent = this._label(item);
        a.addEventListener("click", (e) => {
          e.preventDefault();
          this.onOpen(item.id);
        });
        li.append(a);
        list.append(li);
      }
      circle.bindPopup(list);
    }
    this.areas.addLayer(circle);
  }

  _route(ev) {
    const points = ev.route.filter((p) => p.lat != null && p.lon != null);
    const latlngs = points.map((p) => [p.lat, p.lon]);
    const color = typeColor(ev.type);
    const line = L.polyline(latlngs, {
      renderer: this.svg, color, weight: 3, opacity: 0.85, className: "route-line",
    });
    line.bindTooltip(
      `${t("route")}: ${points.map((p) => `${p.name || "?"} (${t(p.role || "via")})`).join(" ← ")}`,
    );
    line.on("click", () => this.onOpen(ev.id));
    this.routes.addLayer(line);
    if (L.polylineDecorator) {
      // one arrow head per leg (origin → via → destination), drawn at the leg's middle
      for (let i = 0; i + 1 < latlngs.length; i += 1) {
        this.routes.addLayer(L.polylineDecorator([latlngs[i], latlngs[i + 1]], {
          patterns: [{ offset: "50%", repeat: 0, symbol: L.Symbol.arrowHead({
            pixelSize: 12, polygon: true,
            pathOptions: { color, fillColor: color, fillOpacity: 1, weight: 1, className: "route-arrow" },
          }) }],
        }));
      }
    }
    for (const p of points) {
      const stop = L.circleMarker([p.lat, p.lon], {
        renderer: this.svg, radius: p.role === "via" ? 4 : 6, color, weight: 2,
        fillColor: p.role === "destination" ? color : "#fff", fillOpacity: 1,
        className: `route-stop route-${p.role || "via"}`,
      });
      stop.bindTooltip(`${t(p.role || "via")}: ${p.name || ""}`);
      this.routes.addLayer(stop);
    }
  }

  focus(ev) {
    if (ev && ev.lat != null && ev.lon != null) {
      this.map.setView([ev.lat, ev.lon], Math.max(this.map.getZoom(), 8));
    }
  }

  invalidate() {
    this.map.invalidateSize();
  }
}
