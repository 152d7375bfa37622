// Colours for ACLED event types and actor inter codes (a colour-blind-aware Tableau-like palette).
const TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const SPARE = ["#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#393b79", "#637939"];
const INTER_COLORS = [
  "#9e9e9e", "#1f77b4", "#d62728", "#ff7f0e", "#8c564b", "#e377c2", "#2ca02c", "#17becf", "#9467bd",
];

export function typeColor(type) {
  if (TYPE_COLORS[type]) return TYPE_COLORS[type];
  let h = 0;
  for (const ch of String(type)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return SPARE[h % SPARE.length];
}

export function interColor(inter) {
  return INTER_COLORS[Number(inter) || 0] ?? INTER_COLORS[0];
}

export const KNOWN_TYPES = Object.keys(TYPE_COLORS);
