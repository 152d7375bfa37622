// The actor network: actors sized by their events and coloured by ACLED inter code; dashed arrows
// for patron links (client → patron), solid edges for events between two actors.
import { interColor } from "./colors.js";
import { lang, t } from "./i18n.js";

const CYTOSCAPE = "/ui/vendor/cytoscape/dist/cytoscape.min.js";
let loading = null;

/** Cytoscape is loaded on first use of the network tab, keeping it off the first page load. */
function loadCytoscape() {
  if (window.cytoscape) return Promise.resolve();
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = CYTOSCAPE;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${CYTOSCAPE}`));
    document.head.append(script);
  });
  return loading;
}

export class NetworkView {
  constructor(element, { onSelect }) {
    this.element = element;
    this.onSelect = onSelect;
    this.cy = null;
  }

  /** Build nodes and edges from the visible events and the actor directory. */
  static graph(events, actors) {
    const nodes = new Map();
    const edges = new Map();
    const node = (id, name) => {
      if (!nodes.has(id)) {
        const a = actors.get(id) || {};
        nodes.set(id, { id, name: a.name || name || id, name_ar: a.name_ar || null,
          inter: a.inter ?? null, count: 0, patrons: a.patrons || [] });
      }
      return nodes.get(id);
    };
    const actorKey = (id, name) => id || (name ? `name:${name}` : null);
    for (const ev of events) {
      const a = actorKey(ev.a1id, ev.a1);
      const b = actorKey(ev.a2id, ev.a2);
      if (a) node(a, ev.a1).count += 1;
      if (b) node(b, ev.a2).count += 1;
      if (a && b && a !== b) {
        const key = [a, b].sort().join("|");
        if (!edges.has(key)) edges.set(key, { id: `e:${key}`, source: a, target: b, kind: "event", count: 0 });
        edges.get(key).count += 1;
      }
    }
    for (const n of [...nodes.values()]) {
      for (const p of n.patrons) {
        if (!actors.has(p) && !nodes.has(p)) continue;
        node(p, p);
        edges.set(`p:${n.id}>${p}`, { id: `p:${n.id}>${p}`, source: n.id, target: p, kind: "patron", count: 1 });
      }
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  async update(events, actors) {
    await loadCytoscape();
    const { nodes, edges } = NetworkView.graph(events, actors);
    const maxCount = Math.max(1, ...nodes.map((n) => n.count));
    const elements = [
      ...nodes.map((n) => ({ group: "nodes", data: {
        id: n.id,
        label: (lang() === "ar" && n.name_ar) || n.name,
        size: 18 + 42 * Math.sqrt(n.count / maxCount),
        color: interColor(n.inter),
        count: n.count,
      } })),
      ...edges.map((e) => ({ group: "edges", classes: e.kind, data: {
        id: e.id, source: e.source, target: e.target, width: Math.min(10, 1 + Math.log2(1 + e.count)),
        count: e.count,
      } })),
    ];
    if (!this.cy) {
      this.cy = window.cytoscape({
        container: this.element,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: {
            "background-color": "data(color)", width: "data(size)", height: "data(size)",
            label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
            "font-family": "Noto Sans Arabic, Noto Sans, sans-serif", "text-wrap": "wrap",
            "text-max-width": 120, color: "#1b2a35", "text-background-color": "#fff",
            "text-background-opacity": 0.75, "text-background-padding": 1,
          } },
          { selector: "edge.event", style: {
            width: "data(width)", "line-color": "#7c8a96", "curve-style": "bezier", opacity: 0.8,
          } },
          { selector: "edge.patron", style: {
            width: 2, "line-style": "dashed", "line-color": "#b3541e", "target-arrow-shape": "triangle",
            "target-arrow-color": "#b3541e", "curve-style": "bezier",
          } },
          { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
        ],
      });
      this.cy.on("tap", "node", (e) => this.onSelect(e.target.id()));
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
    this.cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000,
      idealEdgeLength: () => 90, padding: 20 }).run();
    this.element.dataset.nodes = String(nodes.length);
    this.element.dataset.edges = String(edges.length);
    this.element.title = `${t("patron")} ⇢ / ${t("events_between")} —`;
    this.resize();
  }

  resize() {
    if (this.cy) {
      this.cy.resize();
      this.cy.fit(undefined, 20);
    }
  }
}
