// Start the page's data requests before the libraries have loaded (they overlap on first load).
// app.js takes these promises when the query still matches; keep SERVER_KEYS as in state.js.
(() => {
  const SERVER_KEYS = ["q", "actor", "proxies", "type", "sub", "admin1", "place", "bg"];
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const key of SERVER_KEYS) if (params.get(key)) query.set(key, params.get(key));
  const token = sessionStorage.getItem("marsad-token");
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const get = (url) => fetch(url, { headers }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  window.marsadPrefetch = {
    query: query.toString(),
    config: get("/ui/api/config"),
    actors: get("/ui/api/actors"),
    events: get(`/ui/api/events${query.toString() ? `?${query}` : ""}`),
  };
})();
