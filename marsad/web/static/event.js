// The event page: every field, every fused source, and the Arabic source text with the characters
// that produced each field highlighted and linked both ways (field ⇄ span).
import { t } from "./i18n.js";

const FIELD_ORDER = [
  "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
  "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country",
  "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "fatalities",
  "route", "quantities", "background", "plover", "confidence", "source", "source_scale", "notes",
  "actor1_id", "actor2_id", "id",
];
const HIDDEN = new Set(["field_spans", "evidence", "trigger"]);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function formatValue(field, value) {
  if (value == null || value === "" || (Array.isArray(value) && !value.length)) return "—";
  if (field === "route") {
    return value.map((p) => `${t(p.role || "via")}: ${p.name ?? "?"}`).join(" ← ");
  }
  if (field === "quantities") return value.map((q) => q.text ?? `${q.value} ${q.unit ?? ""}`).join("، ");
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (typeof value === "object") return JSON.stringify(value);
  if (field === "event_type" || field === "sub_event_type") {
    return `${t(value)}${t(value) !== value ? ` (${value})` : ""}`;
  }
  return String(value);
}

/**
 * Cut `text` at every span boundary; each piece knows which fields cover it. Pieces covered by a
 * field become <mark data-fields="..."> so both directions of the link are CSS/DOM look-ups.
 */
export function highlight(text, fieldSpans, evidence) {
  const marks = [];
  for (const [field, spans] of Object.entries(fieldSpans || {})) {
    for (const s of spans) if (s.end > s.start && s.end <= text.length) marks.push({ ...s, field });
  }
  const ev = (evidence || []).filter((s) => s.end > s.start && s.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const s of [...marks, ...ev]) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const root = el("div", { class: "source-text", dir: "rtl", lang: "ar" });
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const fields = [...new Set(marks.filter((m) => m.start <= a && m.end >= b).map((m) => m.field))];
    const inEvidence = ev.some((s) => s.start <= a && s.end >= b);
    if (fields.length) {
      root.append(el("mark", {
        class: `span${inEvidence ? " in-evidence" : ""}`, "data-fields": fields.join(" "),
        "data-start": String(a), "data-end": String(b), title: fields.map((f) => t(`f_${f}`)).join("، "),
        tabindex: "0", text: piece,
      }));
    } else if (inEvidence) {
      root.append(el("span", { class: "evidence", text: piece }));
    } else {
      root.append(document.createTextNode(piece));
    }
  }
  return root;
}

export function renderEvent(container, detail, { onBack }) {
  container.replaceChildren();
  const ev = detail.event;
  const back = el("button", { type: "button", class: "back", text: t("back") });
  back.addEventListener("click", onBack);
  container.append(back);
  container.append(el("h2", {
    class: "event-title",
    text: [t(ev.event_type), t(ev.sub_event_type), ev.location, ev.event_date].filter(Boolean).join(" · "),
  }));

  // which fields have evidence in any source
  const spanned = new Set();
  for (const src of detail.sources) for (const f of Object.keys(src.field_spans || {})) spanned.add(f);

  const table = el("table", { class: "fields" });
  table.append(el("caption", { text: t("fields") }));
  const keys = [...FIELD_ORDER, ...Object.keys(ev).filter((k) => !FIELD_ORDER.includes(k))];
  for (const field of keys) {
    if (!(field in ev) || HIDDEN.has(field)) continue;
    const row = el("tr", { "data-field": field, class: spanned.has(field) ? "has-span" : "" },
      el("th", { scope: "row", text: t(`f_${field}`) }),
      el("td", { dir: "auto", text: formatValue(field, ev[field]) }));
    table.append(row);
  }
  for (const field of spanned) {
    if (!(field in ev)) {
      table.append(el("tr", { "data-field": field, class: "has-span" },
        el("th", { scope: "row", text: t(`f_${field}`) }), el("td", { text: "" })));
    }
  }
  container.append(table);

  container.append(el("h3", { text: `${t("sources")} (${detail.sources.length})` }));
  for (const src of detail.sources) {
    const doc = src.document || {};
    const meta = el("div", { class: "source-meta", dir: "auto" },
      el("strong", { text: doc.source || doc.id || "" }),
      doc.published ? ` · ${doc.published}` : null,
      doc.title ? el("div", { class: "source-title", text: doc.title }) : null);
    if (doc.url && /^https?:\/\//.test(doc.url)) {
      meta.append(" · ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", text: doc.url }));
    }
    const why = src.explanation && (src.explanation.reason || src.explanation.decision);
    if (why) meta.append(el("div", { class: "fusion-why" }, `${t("fusion")}: `, el("bdi", { text: why })));
    if (src.background) meta.append(el("div", { class: "muted", text: t("background") }));
    const body = doc.text
      ? highlight(doc.text, src.field_spans, src.evidence)
      : el("p", { class: "muted", text: t("no_text") });
    container.append(el("section", { class: "source", "data-document-id": doc.id || "" }, meta, body));
  }
  link(container);
}

/** Hover or click a field row to light its spans; hover or click a span to light its fields. */
function link(container) {
  const rows = (field) => container.querySelectorAll(`tr[data-field="${CSS.escape(field)}"]`);
  const marks = (field) => container.querySelectorAll(`mark[data-fields~="${CSS.escape(field)}"]`);
  const light = (fields, on, cls = "hl") => {
    for (const f of fields) {
      for (const n of rows(f)) n.classList.toggle(cls, on);
      for (const n of marks(f)) n.classList.toggle(cls, on);
    }
  };
  const clearPinned = () => {
    for (const n of container.querySelectorAll(".pinned")) n.classList.remove("pinned");
  };
  for (const row of container.querySelectorAll("tr.has-span")) {
    const f = [row.dataset.field];
    row.addEventListener("mouseenter", () => light(f, true));
    row.addEventListener("mouseleave", () => light(f, false));
    row.addEventListener("click", () => {
      clearPinned();
      light(f, true, "pinned");
      marks(f[0])[0]?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  }
  for (const mark of container.querySelectorAll("mark.span")) {
    const f = mark.dataset.fields.split(" ");
    mark.addEventListener("mouseenter", () => light(f, true));
    mark.addEventListener("mouseleave", () => light(f, false));
    mark.addEventListener("click", () => {
      clearPinned();
      light(f, true, "pinned");
      rows(f[0])[0]?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  }
}
