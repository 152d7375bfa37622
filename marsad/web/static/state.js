// The whole view lives in the URL query string, so a view can be shared by copying the address.
export const KEYS = [
  "q", "actor", "proxies", "type", "sub", "admin1", "place", "bg", "since", "until",
  "event", "tab", "lang",
];
// Filters the server applies (a change refetches); the rest only filter or change the view locally.
export const SERVER_KEYS = ["q", "actor", "proxies", "type", "sub", "admin1", "place", "bg"];
const DEFAULTS = { proxies: "1", bg: "1", tab: "map", lang: "ar" };

export function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const key of KEYS) state[key] = params.get(key) ?? DEFAULTS[key] ?? "";
  return state;
}

/** Write the state into the address bar; `push` adds a history entry (for opening an event). */
export function writeState(state, { push = false } = {}) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key] ?? "";
    if (value !== "" && value !== DEFAULTS[key]) params.set(key, value);
  }
  const query = params.toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

export function serverQuery(state) {
  const params = new URLSearchParams();
  for (const key of SERVER_KEYS) if (state[key]) params.set(key, state[key]);
  return params.toString();
}
